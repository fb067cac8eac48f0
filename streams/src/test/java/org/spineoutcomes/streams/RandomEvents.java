package org.spineoutcomes.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.BaselineScores;
import org.spineoutcomes.schemas.Complication;
import org.spineoutcomes.schemas.ComplicationType;
import org.spineoutcomes.schemas.Condition;
import org.spineoutcomes.schemas.FollowUpRecorded;
import org.spineoutcomes.schemas.PatientProfile;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.Sex;
import org.spineoutcomes.schemas.SpinalRegion;
import org.spineoutcomes.schemas.Technique;
import org.spineoutcomes.schemas.Timepoint;
import org.spineoutcomes.schemas.Visualization;

/** Random but valid Avro events for topology tests, reproducible from a seed. */
public final class RandomEvents {

  private static final int[] DUE_DAYS = {3, 14, 42, 91, 182, 365};

  private final Random random;

  public RandomEvents(long seed) {
    this.random = new Random(seed);
  }

  public ProcedurePerformed procedure(String procedureId, String patient, Instant performedAt) {
    Approach approach = random.nextDouble() < 0.5 ? Approach.OPEN : Approach.MICROSCOPIC;
    boolean open = approach == Approach.OPEN;
    List<ComplicationType> intraop = new ArrayList<>();
    if (random.nextDouble() < 0.08) {
      intraop.add(ComplicationType.DURAL_TEAR);
    }
    if (random.nextDouble() < 0.03) {
      intraop.add(ComplicationType.NERVE_INJURY);
    }
    return ProcedurePerformed.newBuilder()
        .setEventId(UUID.nameUUIDFromBytes(("p" + random.nextLong()).getBytes()).toString())
        .setProcedureId(procedureId)
        .setHospitalId("H0" + (1 + random.nextInt(3)))
        .setSurgeonId("S" + random.nextInt(5))
        .setPatientPseudonym(patient)
        .setPerformedAt(performedAt)
        .setApproach(approach)
        .setVisualization(open ? Visualization.LOUPES : Visualization.MICROSCOPE)
        .setTechnique(Technique.values()[random.nextInt(2)])
        .setCondition(Condition.values()[random.nextInt(2)])
        .setSpinalRegion(SpinalRegion.values()[random.nextInt(3)])
        .setLevels(List.of("L4-L5"))
        .setIncisionLengthMm(open ? 60 + random.nextInt(60) : 20 + random.nextInt(15))
        .setOperativeTimeMin(60 + random.nextInt(120))
        .setEstimatedBloodLossMl(open ? 100 + random.nextInt(900) : 20 + random.nextInt(100))
        .setPatient(PatientProfile.newBuilder()
            .setAgeYears(25 + random.nextInt(60))
            .setSex(Sex.values()[random.nextInt(2)])
            .setAsaClass(1 + random.nextInt(4))
            .setBmi(20 + random.nextInt(150) / 10.0)
            .setSmoker(random.nextBoolean())
            .setDiabetic(random.nextDouble() < 0.2)
            .build())
        .setBaseline(new BaselineScores(4 + random.nextInt(7), 4 + random.nextInt(7), 30 + random.nextInt(50)))
        .setIntraoperativeComplications(intraop)
        .build();
  }

  /** Follow-ups at a random subset of timepoints. */
  public List<FollowUpRecorded> followUps(ProcedurePerformed p) {
    List<FollowUpRecorded> out = new ArrayList<>();
    for (Timepoint tp : Timepoint.values()) {
      if (random.nextDouble() < 0.2) {
        continue;
      }
      out.add(followUp(p, tp, p.getPerformedAt().plus(Duration.ofDays(DUE_DAYS[tp.ordinal()]))));
    }
    return out;
  }

  FollowUpRecorded followUp(ProcedurePerformed p, Timepoint tp, Instant recordedAt) {
    List<Complication> complications = new ArrayList<>();
    if (random.nextDouble() < 0.1) {
      ComplicationType type = ComplicationType.values()[random.nextInt(ComplicationType.values().length)];
      complications.add(new Complication(type, random.nextInt(140), 1 + random.nextInt(5)));
    }
    int base = Math.max(0, 8 - tp.ordinal());
    return FollowUpRecorded.newBuilder()
        .setEventId(UUID.nameUUIDFromBytes(("f" + random.nextLong()).getBytes()).toString())
        .setProcedureId(p.getProcedureId())
        .setHospitalId(p.getHospitalId())
        .setRecordedAt(recordedAt)
        .setTimepoint(tp)
        .setBackPainNrs(random.nextDouble() < 0.9 ? random.nextInt(base + 3) : null)
        .setLegPainNrs(random.nextDouble() < 0.9 ? random.nextInt(base + 3) : null)
        .setOdi(random.nextDouble() < 0.9 ? random.nextInt(60) : null)
        .setLengthOfStayDays(tp == Timepoint.DISCHARGE ? 1 + random.nextInt(8) : null)
        .setDaysToNormalActivity(tp.ordinal() >= 2 && random.nextBoolean() ? 10 + random.nextInt(80) : null)
        .setComplications(complications)
        .build();
  }

  Random random() {
    return random;
  }
}

package org.spineoutcomes.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.ConsentWithdrawn;
import org.spineoutcomes.schemas.FollowUpRecorded;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.ProviderPerformance;
import org.spineoutcomes.schemas.QualityAlert;
import org.spineoutcomes.schemas.RiskModel;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.streams.publication.ComparisonPublisher;
import org.spineoutcomes.streams.publication.PublicationRule;

/**
 * The topology against itself: a messy feed (duplicates, out-of-order and late follow-ups, corrections that
 * must win and re-sends that must lose, consent withdrawals before, between and after a patient's events)
 * must give exactly the comparisons of a clean feed holding only the surviving, final events.
 */
class OutcomesTopologyTest {

  private static final Instant START = Instant.parse("2025-01-01T08:00:00Z");

  /** One event placed at a position in the arrival order. */
  private record Arrival(double at, SpecificRecord event) {}

  @Test
  void messyFeedGivesTheFiguresOfTheSurvivingEvents() {
    RandomEvents gen = new RandomEvents(42);
    Random random = gen.random();
    List<String> patients = new ArrayList<>();
    for (int i = 0; i < 260; i++) {
      patients.add(String.format("%064x", i));
    }
    Set<String> withdrawn = new HashSet<>(patients.subList(0, 20));

    List<Arrival> messy = new ArrayList<>();
    List<SpecificRecord> clean = new ArrayList<>();
    for (int i = 0; i < 420; i++) {
      String procedureId = "PROC-" + i;
      String patient = patients.get(random.nextInt(patients.size()));
      Instant performedAt = START.plus(Duration.ofHours(20L * i));
      ProcedurePerformed finalVersion = gen.procedure(procedureId, patient, performedAt);
      double at = 0.3 + 0.6 * random.nextDouble();
      messy.add(new Arrival(at, finalVersion));
      if (random.nextDouble() < 0.15) {
        // an earlier, wrong version (possibly of another patient), corrected by the final one
        String otherPatient = patients.get(random.nextInt(patients.size()));
        ProcedurePerformed wrong = gen.procedure(procedureId, otherPatient, performedAt.minus(Duration.ofDays(40)));
        messy.add(new Arrival(at * random.nextDouble(), wrong));
        if (random.nextBoolean()) { // and a re-send of that wrong version after the correction: a duplicate
          messy.add(new Arrival(at + (1 - at) * random.nextDouble(), wrong));
        }
      }
      if (random.nextDouble() < 0.1) {
        messy.add(new Arrival(at + (1 - at) * random.nextDouble(), finalVersion)); // duplicate
      }
      List<FollowUpRecorded> followUps = gen.followUps(finalVersion);
      boolean survives = !withdrawn.contains(patient);
      if (survives) {
        clean.add(finalVersion);
      }
      for (FollowUpRecorded f : followUps) {
        double fAt = random.nextDouble(); // follow-ups may well arrive before their procedure
        messy.add(new Arrival(fAt, f));
        if (survives) {
          clean.add(f);
        }
        double r = random.nextDouble();
        if (r < 0.1) { // a stale re-send with an earlier recordedAt, arriving later: must lose
          messy.add(new Arrival(fAt + (1 - fAt) * random.nextDouble(),
              gen.followUp(finalVersion, f.getTimepoint(), f.getRecordedAt().minus(Duration.ofHours(5)))));
        } else if (r < 0.2) { // same recordedAt, arriving earlier: the later arrival wins
          messy.add(new Arrival(fAt * random.nextDouble(),
              gen.followUp(finalVersion, f.getTimepoint(), f.getRecordedAt())));
        } else if (r < 0.25) { // duplicate
          messy.add(new Arrival(fAt + (1 - fAt) * random.nextDouble(), f));
        }
      }
    }
    for (int i = 0; i < 15; i++) { // orphans: follow-ups of procedures that never arrive
      ProcedurePerformed ghost = gen.procedure("GHOST-" + i, patients.get(100), START);
      gen.followUps(ghost).forEach(f -> messy.add(new Arrival(random.nextDouble(), f)));
    }
    for (String patient : withdrawn) {
      ConsentWithdrawn w = new ConsentWithdrawn(UUID.randomUUID().toString(), "H01", patient, START);
      messy.add(new Arrival(random.nextDouble(), w));
      if (random.nextBoolean()) {
        messy.add(new Arrival(random.nextDouble(), w));
      }
    }
    messy.sort(Comparator.comparingDouble(Arrival::at));

    Driver messyRun = runWithModel(messy.stream().map(Arrival::event).toList());
    Driver cleanRun = runWithModel(clean);
    Map<String, OutcomeComparison> fromMessy = messyRun.latest();
    Map<String, OutcomeComparison> fromClean = cleanRun.latest();
    messyRun.close();
    cleanRun.close();

    OutcomeComparison overall = fromClean.get(Topics.comparisonKey("overall", "all", "blood_loss_ml"));
    long surviving = clean.stream().filter(e -> e instanceof ProcedurePerformed).count();
    assertThat(overall.getOpen().getN() + overall.getMicroscopic().getN()).isEqualTo((int) surviving);
    assertThat(surviving).isBetween(300L, 410L);
    assertThat(fromMessy.keySet()).isEqualTo(fromClean.keySet());
    for (String key : fromClean.keySet()) {
      assertThat(withoutTime(fromMessy.get(key))).as(key).isEqualTo(withoutTime(fromClean.get(key)));
    }
    // provider monitoring too: O/E, funnel limits, charts and alerts equal those of the surviving events
    assertThat(cleanRun.performance()).hasSizeGreaterThan(5);
    assertThat(cleanRun.performance().values()).anyMatch(p -> !p.getSuppressed() && p.getOe() != null);
    assertThat(messyRun.performance().keySet()).isEqualTo(cleanRun.performance().keySet());
    for (String key : cleanRun.performance().keySet()) {
      ProviderPerformance a = ProviderPerformance.newBuilder(messyRun.performance().get(key)).build();
      ProviderPerformance b = ProviderPerformance.newBuilder(cleanRun.performance().get(key)).build();
      a.setComputedAt(Instant.EPOCH);
      b.setComputedAt(Instant.EPOCH);
      assertThat(a).as(key).isEqualTo(b);
    }
    assertThat(messyRun.alerts().keySet()).isEqualTo(cleanRun.alerts().keySet());
    assertPublishedIsTheAnalysisUnderTheSmallCellRule(messyRun);
  }

  /**
   * Hospitals send ids as they are, '/' and '%' included. Figures must not depend on an id's characters: a feed whose
   * hospital, surgeon and procedure ids hold them ("A", "A/B" and "A%2FB" are three hospitals; a surgeon "S/1")
   * gives exactly the figures of the same feed with plain ids, under keys that keep the ids apart.
   */
  @Test
  void idsHoldingSlashesKeepTheirFiguresApart() {
    Map<String, String> plain = Map.of("A", "HA", "A/B", "HB", "A%2FB", "HC", "S", "SA", "S/OPEN", "SB", "S/1", "SC");
    List<String> hospitals = List.of("A", "A/B", "A%2FB");
    List<String> surgeons = List.of("S", "S/OPEN", "S/1");
    // the drivers first: their serdes have Avro trust the generated classes, which the builders' copies need
    try (Driver slashed = new Driver(); Driver plainRun = new Driver()) {
      RandomEvents gen = new RandomEvents(23);
      Random random = gen.random();
      List<SpecificRecord> withSlashes = new ArrayList<>();
      List<SpecificRecord> withPlainIds = new ArrayList<>();
      for (int i = 0; i < 360; i++) {
        String hospital = hospitals.get(i % 3);
        String surgeon = surgeons.get(random.nextInt(3));
        // patients come back, so strata hold patients counted in several cells
        String patient = String.format("%064x", random.nextInt(150));
        ProcedurePerformed p = ProcedurePerformed.newBuilder(gen.procedure("P/" + i, patient,
            START.plus(Duration.ofHours(20L * i)))).setHospitalId(hospital).setSurgeonId(surgeon).build();
        List<FollowUpRecorded> followUps = gen.followUps(p);
        withSlashes.add(p);
        withSlashes.addAll(followUps);
        withPlainIds.add(ProcedurePerformed.newBuilder(p).setProcedureId("P-" + i).setHospitalId(plain.get(hospital))
            .setSurgeonId(plain.get(surgeon)).build());
        for (FollowUpRecorded f : followUps) {
          withPlainIds.add(FollowUpRecorded.newBuilder(f).setProcedureId("P-" + i).setHospitalId(plain.get(hospital))
              .build());
        }
      }
      for (Driver d : List.of(slashed, plainRun)) {
        d.publishModel(flatModel(-2.0));
      }
      slashed.pipe(withSlashes);
      plainRun.pipe(withPlainIds);
      assertThat(slashed.latest().values()).filteredOn(c -> c.getDimension().equals("hospital"))
          .extracting(OutcomeComparison::getValue).containsOnly("A", "A/B", "A%2FB");
      Map<String, OutcomeComparison> renamed = new TreeMap<>();
      slashed.latest().forEach((key, c) -> {
        assertThat(key).isEqualTo(Topics.comparisonKey(c.getDimension(), c.getValue(), c.getMetric()));
        OutcomeComparison copy = withoutTime(c);
        copy.setValue(plain.getOrDefault(c.getValue(), c.getValue()));
        renamed.put(Topics.comparisonKey(copy.getDimension(), copy.getValue(), copy.getMetric()), copy);
      });
      Map<String, OutcomeComparison> expected = new TreeMap<>();
      plainRun.latest().forEach((key, c) -> expected.put(key, withoutTime(c)));
      assertThat(renamed.keySet()).isEqualTo(expected.keySet());
      expected.forEach((key, c) -> assertThat(renamed.get(key)).as(key).isEqualTo(c));
      assertThat(slashed.published().keySet()).isEqualTo(slashed.latest().keySet());

      Map<String, ProviderPerformance> performance = new TreeMap<>();
      slashed.performance().forEach((key, p) -> {
        assertThat(key).isEqualTo(Topics.providerKey(p.getProviderType(), p.getProviderId(), p.getApproach()));
        ProviderPerformance copy = ProviderPerformance.newBuilder(p).setComputedAt(Instant.EPOCH)
            .setProviderId(plain.get(p.getProviderId())).build();
        performance.put(Topics.providerKey(copy.getProviderType(), copy.getProviderId(), copy.getApproach()), copy);
      });
      Map<String, ProviderPerformance> expectedPerformance = new TreeMap<>();
      plainRun.performance().forEach((key, p) ->
          expectedPerformance.put(key, ProviderPerformance.newBuilder(p).setComputedAt(Instant.EPOCH).build()));
      assertThat(performance).hasSize(3 + 3 * 2).isEqualTo(expectedPerformance);
      assertThat(slashed.alerts()).hasSameSizeAs(plainRun.alerts());
    }
  }

  /**
   * published-comparisons holds, for every analysis comparison, its form under the publication rule applied to its
   * dimension and metric; no suppressed arm stands alone in a dimension, and no adjusted estimate rests on fewer
   * than 11 procedures of an approach.
   */
  private static void assertPublishedIsTheAnalysisUnderTheSmallCellRule(Driver run) {
    Map<String, OutcomeComparison> analysis = run.latest();
    Map<String, OutcomeComparison> published = run.published();
    assertThat(published.keySet()).isEqualTo(analysis.keySet());
    Map<String, Map<String, OutcomeComparison>> groups = new TreeMap<>();
    analysis.forEach((k, c) -> groups.computeIfAbsent(ComparisonPublisher.groupOf(k), g -> new TreeMap<>()).put(k, c));
    Map<String, Integer> aloneSuppressed = new TreeMap<>();
    groups.forEach((group, members) -> PublicationRule.publish(members).forEach((k, c) -> {
      assertThat(published.get(k)).as(k).isEqualTo(c);
      if (!k.startsWith("overall/")) {
        for (Approach a : Approach.values()) {
          boolean hidden = (a == Approach.OPEN ? c.getOpen() : c.getMicroscopic()).getSuppressed();
          aloneSuppressed.merge(group + "/" + a, hidden ? 1 : 0, Integer::sum);
        }
      }
    }));
    assertThat(aloneSuppressed).as("suppressed arms per dimension, metric and approach").doesNotContainValue(1);
    assertThat(published.values()).allSatisfy(c -> {
      if (c.getAdjusted() != null && !c.getAdjusted().getSuppressed()) {
        assertThat(c.getAdjusted().getNOpen()).isGreaterThanOrEqualTo(11);
        assertThat(c.getAdjusted().getNMicroscopic()).isGreaterThanOrEqualTo(11);
      }
    });
    assertThat(published.keySet()).as("the rule changed something in this feed, so it was exercised")
        .anyMatch(k -> !published.get(k).equals(analysis.get(k)));
  }

  @Test
  void cusumSignalsRaiseAlertsThatACorrectionWithdraws() {
    RandomEvents gen = new RandomEvents(9);
    List<SpecificRecord> events = new ArrayList<>();
    List<ProcedurePerformed> procedures = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ProcedurePerformed p = ProcedurePerformed.newBuilder(withApproach(gen, String.format("K-%02d", i),
              Approach.OPEN, START.minus(Duration.ofDays(400 - i))))
          .setSurgeonId("H09-S01").setHospitalId("H09").setIntraoperativeComplications(List.of()).build();
      procedures.add(p);
      events.add(p);
      events.add(FollowUpRecorded.newBuilder(gen.followUp(p, org.spineoutcomes.schemas.Timepoint.MONTH_3,
              p.getPerformedAt().plus(Duration.ofDays(91))))
          .setComplications(List.of(new org.spineoutcomes.schemas.Complication(
              org.spineoutcomes.schemas.ComplicationType.INFECTION, 10, 2))).build());
    }
    double p = 1 / (1 + Math.exp(3.0));
    try (Driver d = new Driver()) {
      d.publishModel(flatModel(-3.0));
      d.pipe(events);
      ProviderPerformance surgeon = d.performance().get("surgeon/H09-S01/OPEN");
      assertThat(surgeon.getCases()).isEqualTo(30);
      assertThat(surgeon.getObserved()).isEqualTo(30);
      assertThat(surgeon.getExpected()).isCloseTo(30 * p, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(surgeon.getOe()).isCloseTo(30 / (30 * p), org.assertj.core.data.Offset.offset(1e-9));
      // each complication adds log(2 / (1 + p)) = 0.6468 to the upper chart: a signal every 7th case
      assertThat(surgeon.getUpperSignals()).isEqualTo(4);
      assertThat(d.alerts().keySet()).contains("surgeon/H09-S01/OPEN/UPPER/K-06", "surgeon/H09-S01/OPEN/UPPER/K-27",
          "hospital/H09/UPPER/K-06");
      assertThat(d.alerts().get("surgeon/H09-S01/OPEN/UPPER/K-06").getCasesSinceReset()).isEqualTo(7);

      // the first 20 cases turn out to have had no complication: their alerts are withdrawn
      List<SpecificRecord> corrections = new ArrayList<>();
      for (ProcedurePerformed proc : procedures.subList(0, 20)) {
        corrections.add(FollowUpRecorded.newBuilder(gen.followUp(proc, org.spineoutcomes.schemas.Timepoint.MONTH_3,
            proc.getPerformedAt().plus(Duration.ofDays(95)))).setComplications(List.of()).build());
      }
      d.pipe(corrections);
      surgeon = d.performance().get("surgeon/H09-S01/OPEN");
      assertThat(surgeon.getObserved()).isEqualTo(10);
      assertThat(surgeon.getUpperSignals()).isEqualTo(1);
      assertThat(d.alerts().keySet()).filteredOn(k -> k.startsWith("surgeon/"))
          .containsExactly("surgeon/H09-S01/OPEN/UPPER/K-26");
    }
  }

  /** A model under which every case has the same risk, so expected counts are easy to check. */
  static RiskModel flatModel(double intercept) {
    List<String> terms = new ArrayList<>();
    terms.add("(Intercept)");
    terms.addAll(org.spineoutcomes.streams.monitoring.RiskModelTerms.NAMES);
    List<Double> coefficients = new ArrayList<>();
    List<Double> se = new ArrayList<>();
    for (int i = 0; i < terms.size(); i++) {
      coefficients.add(i == 0 ? intercept : 0.0);
      se.add(0.1);
    }
    return RiskModel.newBuilder().setOutcome("complication_90d").setFittedAt(START).setN(1000).setEvents(100)
        .setCStatistic(0.7).setConverged(true).setTerms(terms).setCoefficients(coefficients)
        .setStandardErrors(se).build();
  }

  private static Driver runWithModel(List<SpecificRecord> events) {
    Driver d = new Driver();
    d.publishModel(flatModel(-2.0));
    d.pipe(events);
    return d;
  }

  @Test
  void withdrawalEmptiesAStratumAndTombstonesItsComparisons() {
    RandomEvents gen = new RandomEvents(7);
    List<SpecificRecord> events = new ArrayList<>();
    ProcedurePerformed p = gen.procedure("P-1", "patient-a", Instant.parse("2024-05-05T10:00:00Z"));
    events.add(p);
    String quarterKey = Topics.comparisonKey("quarter", "2024-Q2", "blood_loss_ml");
    try (Driver d = new Driver()) {
      d.pipe(events);
      assertThat(d.latest()).containsKey(quarterKey);
      assertThat(d.latest().get(quarterKey).getSuppressed()).isTrue();
      d.pipe(List.of(new ConsentWithdrawn("w-1", p.getHospitalId(), "patient-a", START)));
      assertThat(d.latest()).doesNotContainKey(quarterKey);
      d.pipe(List.of(gen.procedure("P-2", "patient-a", Instant.parse("2024-05-06T10:00:00Z"))));
      assertThat(d.latest()).as("a withdrawn patient's later procedures are not counted").isEmpty();
    }
  }

  @Test
  void figuresAreSuppressedBelowElevenProceduresPerArm() {
    RandomEvents gen = new RandomEvents(11);
    List<SpecificRecord> events = new ArrayList<>();
    int open = 0;
    int micro = 0;
    for (int i = 0; open < 11 || micro < 10; i++) {
      ProcedurePerformed p = gen.procedure("P-" + i, "pt-" + i, START);
      if (p.getApproach() == Approach.OPEN && open < 11) {
        open++;
        events.add(p);
      } else if (p.getApproach() == Approach.MICROSCOPIC && micro < 10) {
        micro++;
        events.add(p);
      }
    }
    try (Driver d = new Driver()) {
      d.pipe(events);
      OutcomeComparison c = d.latest().get(Topics.comparisonKey("overall", "all", "blood_loss_ml"));
      assertThat(c.getOpen().getSuppressed()).isFalse();
      assertThat(c.getOpen().getN()).isEqualTo(11);
      assertThat(c.getMicroscopic().getSuppressed()).isTrue();
      assertThat(c.getMicroscopic().getN()).isNull();
      assertThat(c.getMicroscopic().getMean()).isNull();
      assertThat(c.getSuppressed()).isTrue();
      assertThat(c.getDifference()).isNull();
      assertThat(c.getPValue()).isNull();
      assertThat(c.getAdjusted().getSuppressed()).isTrue();
      assertThat(c.getAdjusted().getMeanDifference()).isNull();

      d.pipe(List.of(microscopic(gen, "P-extra")));
      c = d.latest().get(Topics.comparisonKey("overall", "all", "blood_loss_ml"));
      assertThat(c.getSuppressed()).isFalse();
      assertThat(c.getMicroscopic().getN()).isEqualTo(11);
      assertThat(c.getDifference()).isNotNull();
    }
  }

  @Test
  void followUpCompletenessIsMeasuredAgainstProceduresWhoseVisitIsDue() {
    List<SpecificRecord> events = new ArrayList<>();
    dueFeed(new RandomEvents(5), "C-", events);
    try (Driver d = new Driver()) {
      d.pipe(events);
      OutcomeComparison month12 = d.latest().get(Topics.comparisonKey("overall", "all", "odi_month12"));
      assertThat(month12.getOpen().getN()).isEqualTo(15);
      assertThat(month12.getOpen().getDue()).isEqualTo(20);
      assertThat(month12.getOpen().getCompleteness()).isEqualTo(0.75);
      assertThat(month12.getMicroscopic().getSuppressed()).isTrue();
      assertThat(month12.getMicroscopic().getDue()).isNull();
      OutcomeComparison bloodLoss = d.latest().get(Topics.comparisonKey("overall", "all", "blood_loss_ml"));
      assertThat(bloodLoss.getOpen().getDue()).as("measured at surgery: nothing to follow up").isNull();
    }
  }

  /** The aggregates hold each stratum's surgery days, so a corrected date moves the procedure's due visits. */
  @Test
  void aCorrectedSurgeryDateMovesTheVisitsThatAreDue() {
    List<SpecificRecord> events = new ArrayList<>();
    List<ProcedurePerformed> procedures = dueFeed(new RandomEvents(5), "D-", events);
    List<SpecificRecord> corrections = new ArrayList<>();
    for (ProcedurePerformed p : procedures.subList(20, 25)) { // keyed wrongly: the operation was 380 days ago
      corrections.add(ProcedurePerformed.newBuilder(p).setEventId(UUID.randomUUID().toString())
          .setPerformedAt(START.minus(Duration.ofDays(380))).build());
    }
    try (Driver d = new Driver()) {
      d.pipe(events);
      String key = Topics.comparisonKey("overall", "all", "odi_month12");
      assertThat(d.latest().get(key).getOpen().getDue()).isEqualTo(20);
      d.pipe(corrections);
      assertThat(d.latest().get(key).getOpen().getDue()).isEqualTo(25);
      assertThat(d.latest().get(key).getOpen().getCompleteness()).isEqualTo(15 / 25.0);
    }
  }

  /**
   * 25 open procedures: 20 operated 400 days before the clock (every visit due), 5 only 10 days before (none but
   * discharge); the first 15 have a month-12 ODI. Adds them to `events` and returns the procedures in order.
   */
  private static List<ProcedurePerformed> dueFeed(RandomEvents gen, String prefix, List<SpecificRecord> events) {
    List<ProcedurePerformed> procedures = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      Instant performedAt = START.minus(Duration.ofDays(i < 20 ? 400 : 10));
      ProcedurePerformed p = withApproach(gen, prefix + i, Approach.OPEN, performedAt);
      procedures.add(p);
      events.add(p);
      if (i < 15) {
        events.add(FollowUpRecorded.newBuilder(gen.followUp(p, org.spineoutcomes.schemas.Timepoint.MONTH_12,
            performedAt.plus(Duration.ofDays(365)))).setOdi(20).build());
      }
    }
    return procedures;
  }

  private static ProcedurePerformed withApproach(RandomEvents gen, String id, Approach approach, Instant at) {
    ProcedurePerformed p;
    do {
      p = gen.procedure(id, "pt-" + id, at);
    } while (p.getApproach() != approach);
    return p;
  }

  private static ProcedurePerformed microscopic(RandomEvents gen, String id) {
    ProcedurePerformed p;
    do {
      p = gen.procedure(id, "pt-" + id, START);
    } while (p.getApproach() != Approach.MICROSCOPIC);
    return p;
  }

  private static Map<String, OutcomeComparison> run(List<SpecificRecord> events) {
    try (Driver d = new Driver()) {
      d.pipe(events);
      return d.latest();
    }
  }

  private static OutcomeComparison withoutTime(OutcomeComparison c) {
    OutcomeComparison copy = OutcomeComparison.newBuilder(c).build();
    copy.setComputedAt(Instant.EPOCH);
    return copy;
  }

  /** A TopologyTestDriver over the real topology, with the latest comparison per key. */
  static final class Driver implements AutoCloseable {
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, ProcedurePerformed> procedures;
    private final TestInputTopic<String, FollowUpRecorded> followUps;
    private final TestInputTopic<String, ConsentWithdrawn> withdrawals;
    private final TestOutputTopic<String, OutcomeComparison> output;
    private final TestInputTopic<String, RiskModel> models;
    private final TestOutputTopic<String, ProviderPerformance> performanceOutput;
    private final TestOutputTopic<String, QualityAlert> alertsOutput;
    private final Map<String, OutcomeComparison> latest = new TreeMap<>();
    private final Map<String, OutcomeComparison> published = new TreeMap<>();
    private final TestOutputTopic<String, OutcomeComparison> publishedOutput;
    private final Map<String, ProviderPerformance> performance = new TreeMap<>();
    private final Map<String, QualityAlert> alerts = new TreeMap<>();

    private final java.nio.file.Path stateDir;

    Driver() {
      try {
        stateDir = java.nio.file.Files.createTempDirectory("topology-test-");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      Properties props = new Properties();
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      Clock clock = Clock.fixed(START, ZoneOffset.UTC);
      driver = new TopologyTestDriver(OutcomesTopology.build(Duration.ofSeconds(1), clock), props);
      procedures = driver.createInputTopic(Topics.PROCEDURES.name(), Topics.STRING.serializer(),
          Topics.PROCEDURE_SERDE.serializer());
      followUps = driver.createInputTopic(Topics.FOLLOW_UPS.name(), Topics.STRING.serializer(),
          Topics.FOLLOW_UP_SERDE.serializer());
      withdrawals = driver.createInputTopic(Topics.CONSENT_WITHDRAWALS.name(), Topics.STRING.serializer(),
          Topics.CONSENT_SERDE.serializer());
      output = driver.createOutputTopic(Topics.OUTCOME_COMPARISONS.name(), Topics.STRING.deserializer(),
          Topics.COMPARISON_SERDE.deserializer());
      publishedOutput = driver.createOutputTopic(Topics.PUBLISHED_COMPARISONS.name(),
          Topics.STRING.deserializer(), Topics.COMPARISON_SERDE.deserializer());
      models = driver.createInputTopic(Topics.RISK_MODELS.name(), Topics.STRING.serializer(),
          Topics.RISK_MODEL_SERDE.serializer());
      performanceOutput = driver.createOutputTopic(Topics.PROVIDER_PERFORMANCE.name(),
          Topics.STRING.deserializer(), Topics.PROVIDER_PERFORMANCE_SERDE.deserializer());
      alertsOutput = driver.createOutputTopic(Topics.QUALITY_ALERTS.name(), Topics.STRING.deserializer(),
          Topics.QUALITY_ALERT_SERDE.deserializer());
    }

    void publishModel(RiskModel model) {
      models.pipeInput(model.getOutcome(), model);
    }

    /**
     * Pipes the events with a flush of the patient stage every 97 events, so changes of one procedure are
     * combined within a flush and also spread over several; then a flush and a publication settle everything.
     */
    void pipe(List<SpecificRecord> events) {
      int piped = 0;
      for (SpecificRecord e : events) {
        if (++piped % 97 == 0) {
          driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        if (e instanceof ProcedurePerformed p) {
          procedures.pipeInput(p.getProcedureId(), p);
        } else if (e instanceof FollowUpRecorded f) {
          followUps.pipeInput(f.getProcedureId(), f);
        } else if (e instanceof ConsentWithdrawn w) {
          withdrawals.pipeInput(w.getPatientPseudonym(), w);
        }
      }
      // Each stage paces its flushes (FlushPacing): one punctuation to see it has caught up, one to flush; the
      // procedure stage (it holds changes too once the input is 30 s old on the driver's clock), the patient stage,
      // the strata and the publication in turn.
      for (int i = 0; i < 8; i++) {
        driver.advanceWallClockTime(Duration.ofSeconds(2));
      }
      for (TestRecord<String, OutcomeComparison> r : output.readRecordsToList()) {
        if (r.value() == null) {
          latest.remove(r.key());
        } else {
          latest.put(r.key(), r.value());
        }
      }
      for (TestRecord<String, OutcomeComparison> r : publishedOutput.readRecordsToList()) {
        if (r.value() == null) {
          published.remove(r.key());
        } else {
          published.put(r.key(), r.value());
        }
      }
      for (TestRecord<String, ProviderPerformance> r : performanceOutput.readRecordsToList()) {
        if (r.value() == null) {
          performance.remove(r.key());
        } else {
          performance.put(r.key(), r.value());
        }
      }
      for (TestRecord<String, QualityAlert> r : alertsOutput.readRecordsToList()) {
        if (r.value() == null) {
          alerts.remove(r.key());
        } else {
          alerts.put(r.key(), r.value());
        }
      }
    }

    Map<String, ProviderPerformance> performance() {
      return performance;
    }

    Map<String, QualityAlert> alerts() {
      return alerts;
    }

    Map<String, OutcomeComparison> latest() {
      return latest;
    }

    Map<String, OutcomeComparison> published() {
      return published;
    }

    @Override
    public void close() {
      driver.close();
      try (var paths = java.nio.file.Files.walk(stateDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}

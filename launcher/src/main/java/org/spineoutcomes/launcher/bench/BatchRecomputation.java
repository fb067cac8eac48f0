package org.spineoutcomes.launcher.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.spineoutcomes.ingest.contract.EventParser;
import org.spineoutcomes.ingest.contract.ParseResult;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.ConsentWithdrawn;
import org.spineoutcomes.schemas.FollowUpRecorded;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.schemas.state.ArmCell;
import org.spineoutcomes.schemas.state.ArmSums;
import org.spineoutcomes.schemas.state.CaseMixSums;
import org.spineoutcomes.schemas.state.StratumMetric;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.ProcedureOutcome;
import org.spineoutcomes.streams.metrics.Metric;
import org.spineoutcomes.streams.metrics.MetricCatalogue;
import org.spineoutcomes.streams.metrics.MetricValues;
import org.spineoutcomes.streams.metrics.OutcomeFactsDeriver;
import org.spineoutcomes.streams.strata.ComparisonCalculator;
import org.spineoutcomes.streams.strata.Dimension;

/**
 * The comparisons recomputed in one pass over a JSON-lines file, in memory and without Kafka: the surviving
 * record of each procedure (re-sent eventIds ignored, the last ProcedurePerformed, per visit the follow-up with
 * the latest recordedAt and on a tie the later line), withdrawn patients dropped whatever the order, then every
 * stratum counted from scratch. It shares the per-procedure derivation and the statistics with the pipeline, but
 * none of the incremental machinery it is meant to check: repartitions, combined deltas, retractions, restores.
 */
public final class BatchRecomputation {

  private BatchRecomputation() {}

  /** Comparisons keyed as on the outcome-comparisons topic. */
  public static Map<String, OutcomeComparison> compute(Path file, Pseudonymizer pseudonymizer, Clock clock)
      throws IOException {
    EventParser parser = new EventParser(pseudonymizer);
    Map<String, ProcedureOutcome> outcomes = new LinkedHashMap<>();
    Map<String, Set<String>> seen = new HashMap<>();
    Set<String> withdrawn = new HashSet<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || !(parser.parse(line) instanceof ParseResult.Accepted accepted)) {
          continue;
        }
        if (accepted.event() instanceof ConsentWithdrawn w) {
          withdrawn.add(w.getPatientPseudonym());
        } else if (accepted.event() instanceof ProcedurePerformed p) {
          if (seen.computeIfAbsent(p.getProcedureId(), k -> new HashSet<>()).add(p.getEventId())) {
            outcome(outcomes, p.getProcedureId()).setProcedure(p);
          }
        } else if (accepted.event() instanceof FollowUpRecorded f) {
          if (seen.computeIfAbsent(f.getProcedureId(), k -> new HashSet<>()).add(f.getEventId())) {
            keepLatest(outcome(outcomes, f.getProcedureId()), f);
          }
        }
      }
    }
    List<OutcomeFacts> surviving = new ArrayList<>();
    for (ProcedureOutcome o : outcomes.values()) {
      OutcomeFacts facts = OutcomeFactsDeriver.derive(o);
      if (facts != null && !withdrawn.contains(facts.getPatientPseudonym())) {
        surviving.add(facts);
      }
    }
    return compare(surviving, clock);
  }

  private static ProcedureOutcome outcome(Map<String, ProcedureOutcome> outcomes, String procedureId) {
    return outcomes.computeIfAbsent(procedureId, id -> ProcedureOutcome.newBuilder().setProcedureId(id)
        .setFollowUps(new ArrayList<>()).build());
  }

  private static void keepLatest(ProcedureOutcome outcome, FollowUpRecorded f) {
    List<FollowUpRecorded> list = outcome.getFollowUps();
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).getTimepoint() == f.getTimepoint()) {
        if (!f.getRecordedAt().isBefore(list.get(i).getRecordedAt())) {
          list.set(i, f);
        }
        return;
      }
    }
    list.add(f);
  }

  private static Map<String, OutcomeComparison> compare(List<OutcomeFacts> facts, Clock clock) {
    ComparisonCalculator calculator = new ComparisonCalculator();
    int today = (int) LocalDate.now(clock.withZone(ZoneOffset.UTC)).toEpochDay();
    long now = clock.millis();
    Map<String, List<OutcomeFacts>> strata = new TreeMap<>();
    for (OutcomeFacts f : facts) {
      for (Dimension d : Dimension.values()) {
        strata.computeIfAbsent(d.stratumOf(f), k -> new ArrayList<>()).add(f);
      }
    }
    Map<String, OutcomeComparison> out = new TreeMap<>();
    strata.forEach((stratum, members) -> {
      int slash = stratum.indexOf('/');
      String dimension = stratum.substring(0, slash);
      String value = Topics.idOfKeyPart(stratum.substring(slash + 1));
      for (Metric metric : MetricCatalogue.ALL) {
        List<OutcomeFacts> with = members.stream().filter(f -> MetricValues.of(f, metric) != null).toList();
        Map<String, CaseMixSums> cells = new TreeMap<>();
        Map<String, Set<String>> patientsByCell = new HashMap<>();
        Map<Approach, Map<Integer, Long>> histograms = new HashMap<>();
        StratumMetric aggregate = new StratumMetric(arm(), arm(), new ArrayList<>());
        for (OutcomeFacts f : with) {
          CaseMixSums cell = cells.computeIfAbsent(f.getCaseMix(), k -> new CaseMixSums(k, sums(), sums(), 0));
          boolean open = f.getApproach() == Approach.OPEN;
          ArmSums sums = open ? cell.getOpen() : cell.getMicroscopic();
          ArmCell whole = open ? aggregate.getOpen() : aggregate.getMicroscopic();
          Object v = MetricValues.of(f, metric);
          sums.setN(sums.getN() + 1);
          whole.setN(whole.getN() + 1);
          if (v instanceof Integer i) {
            sums.setSum(sums.getSum() + i);
            sums.setSumOfSquares(sums.getSumOfSquares() + (long) i * i);
            histograms.computeIfAbsent(f.getApproach(), k -> new TreeMap<>()).merge(i, 1L, Long::sum);
          } else if ((Boolean) v) {
            sums.setEvents(sums.getEvents() + 1);
            whole.setEvents(whole.getEvents() + 1);
          }
          patientsByCell.computeIfAbsent(f.getCaseMix(), k -> new HashSet<>()).add(f.getPatientPseudonym());
        }
        cells.forEach((caseMix, cell) -> cell.setPatients(patientsByCell.get(caseMix).size()));
        aggregate.getCells().addAll(cells.values());
        fill(aggregate.getOpen(), histograms.get(Approach.OPEN));
        fill(aggregate.getMicroscopic(), histograms.get(Approach.MICROSCOPIC));
        java.util.function.ToLongFunction<Approach> due = metric.dueAt() == null ? null : approach -> members
            .stream()
            .filter(f -> f.getApproach() == approach
                && f.getPerformedDay() <= today - MetricCatalogue.DUE_DAYS.get(metric.dueAt()))
            .count();
        OutcomeComparison c = calculator.compare(dimension, value, metric, aggregate,
            included -> (int) with.stream().filter(f -> included.contains(f.getCaseMix()))
                .map(OutcomeFacts::getPatientPseudonym).distinct().count(),
            due, now);
        out.put(Topics.comparisonKey(dimension, value, metric.id()), c);
      }
    });
    return out;
  }

  private static ArmCell arm() {
    return new ArmCell(new ArrayList<>(), new ArrayList<>(), 0L, 0L);
  }

  private static ArmSums sums() {
    return new ArmSums(0L, 0L, 0L, 0L);
  }

  private static void fill(ArmCell arm, Map<Integer, Long> histogram) {
    if (histogram != null) {
      histogram.forEach((v, c) -> {
        arm.getValues().add(v);
        arm.getCounts().add(c);
      });
    }
  }
}

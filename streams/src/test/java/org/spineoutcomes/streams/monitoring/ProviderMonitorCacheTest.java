package org.spineoutcomes.streams.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.RiskModel;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.schemas.state.ProviderCaseChange;
import org.spineoutcomes.schemas.state.ScoredCase;
import org.spineoutcomes.statistics.monitoring.RiskAdjustedCusum;
import org.spineoutcomes.streams.InputBacklog;
import org.spineoutcomes.streams.StateSerdes;

/**
 * The monitor replays charts from decoded cases it keeps in step with its store ({@link CaseCache}); whatever the
 * cases go through (added in any day order, corrected, moved between days and patients, removed), every chart,
 * performance and alert it publishes equals what a monitor reading every case from its store publishes.
 */
class ProviderMonitorCacheTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final List<String> SUFFIXES = List.of("", "ü", "\uFF5E", "\uD83D\uDE00");
  private static final List<String> PROVIDERS = List.of("hospital/H01", "hospital/H€2", "surgeon/H01-S01/OPEN");

  @Test
  void chartsFromHeldCasesEqualChartsReadFromTheStore() {
    Random random = new Random(17);
    RiskModel model = model(random);
    Monitor cached = new Monitor(CaseBudget.PER_INSTANCE, model);
    Monitor reading = new Monitor(0, model);
    Map<String, ScoredCase> current = new HashMap<>(); // provider|procedure -> case
    Map<String, String> patientOf = new HashMap<>();
    long now = 10_000;
    // one day's cases whose order differs between UTF-16 and UTF-8, with outcomes that make the order matter
    for (int i = 0; i < 24; i++) {
      String procedure = "Q-" + (i / 2) + (i % 2 == 0 ? "\uFF5E" : "\uD83D\uDE00");
      int k = i;
      List<Double> covariates = java.util.stream.IntStream.range(0, RiskModelTerms.NAMES.size())
          .mapToObj(j -> (double) ((j + k) % 2)).toList();
      ScoredCase c = new ScoredCase(procedure, 19_000, covariates, i % 2 == 0);
      cached.process("hospital/H01", new ProviderCaseChange("q", null, c));
      reading.process("hospital/H01", new ProviderCaseChange("q", null, c));
    }
    for (int round = 0; round < 60; round++) {
      for (int i = 0; i < 1 + random.nextInt(40); i++) {
        String provider = PROVIDERS.get(random.nextInt(PROVIDERS.size()));
        // ids that sort differently as UTF-16 (Java's String order) and as UTF-8 (the store's order)
        String procedure = "P-" + random.nextInt(12) + SUFFIXES.get(random.nextInt(SUFFIXES.size()));
        String id = provider + "|" + procedure;
        ScoredCase before = current.get(id);
        ScoredCase after = random.nextInt(6) == 0 ? null : scored(procedure, random);
        String patient = random.nextInt(10) == 0 || !patientOf.containsKey(id) ? "p" + random.nextInt(50)
            : patientOf.get(id);
        if (before == null && after == null) {
          continue;
        }
        // a case moved to another patient leaves one key and enters another
        String oldPatient = patientOf.getOrDefault(id, patient);
        if (before != null && !oldPatient.equals(patient)) {
          cached.process(provider, new ProviderCaseChange(oldPatient, removal(before), null));
          reading.process(provider, new ProviderCaseChange(oldPatient, removal(before), null));
          before = null;
        }
        ProviderCaseChange change = new ProviderCaseChange(patient, before == null ? null : removal(before), after);
        cached.process(provider, change);
        reading.process(provider, change);
        if (after == null) {
          current.remove(id);
          patientOf.remove(id);
        } else {
          current.put(id, after);
          patientOf.put(id, patient);
        }
      }
      if (round == 30) { // a refitted model re-scores every case
        RiskModel refitted = model(random);
        refitted.setFittedAt(CLOCK.instant().plusSeconds(1));
        cached.models.put(RiskModelTerms.OUTCOME, refitted);
        reading.models.put(RiskModelTerms.OUTCOME, refitted);
      }
      now += 1_000;
      cached.punctuate(now);
      reading.punctuate(now);
      assertThat(cached.outputs()).as("round " + round).isEqualTo(reading.outputs());
    }
    assertThat(PROVIDERS.stream().filter(cached.monitor::holdsDecoded)).as("cases were held").isNotEmpty();
    assertThat(PROVIDERS.stream().filter(reading.monitor::holdsDecoded)).isEmpty();
    assertThat(cached.published).as("charts were published").isGreaterThan(50);
  }

  /** Providers are taken in while there is room and dropped when they outgrow it; nothing else is evicted. */
  @Test
  void holdsProvidersWhileThereIsRoom() {
    CaseBudget budget = new CaseBudget(10);
    CaseCache cache = new CaseCache(budget);
    cache.useModel(null);
    assertThat(cache.casesOf("a", () -> cases("a", 6))).hasSize(6);
    assertThat(cache.casesOf("b", () -> cases("b", 5))).hasSize(5);
    assertThat(cache.holds("a")).isTrue();
    assertThat(cache.holds("b")).as("no room").isFalse();
    cache.put("a", "a/7", scoredCase("P-7"));
    cache.put("a", "a/6", scoredCase("P-6"));
    assertThat(cache.size()).isEqualTo(8);
    assertThat(cache.casesOf("a", () -> { throw new AssertionError("held, not read"); }))
        .extracting(CaseCache.Charted::procedureId).containsExactly("P-0", "P-1", "P-2", "P-3", "P-4", "P-5", "P-6", "P-7");
    cache.remove("a", "a/0");
    assertThat(cache.size()).isEqualTo(7);
    cache.put("a", "a/8", scoredCase("P-8"));
    cache.put("a", "a/9", scoredCase("P-9"));
    cache.put("a", "a/x", scoredCase("P-x"));
    cache.put("a", "a/y", scoredCase("P-y"));
    assertThat(cache.holds("a")).as("outgrew the cache").isFalse();
    assertThat(cache.size()).isZero();
    assertThat(budget.left()).as("its room given back").isEqualTo(10);
  }

  /** The tasks' caches share one budget: a task holds what the others leave, and gets back what a closing one held. */
  @Test
  void tasksShareOneBudget() {
    CaseBudget budget = new CaseBudget(10);
    CaseCache crowded = new CaseCache(budget);
    CaseCache quiet = new CaseCache(budget);
    crowded.useModel(null);
    quiet.useModel(null);
    quiet.casesOf("q", () -> cases("q", 2));
    crowded.casesOf("a", () -> cases("a", 7));
    assertThat(crowded.holds("a")).as("more than a per-task half, from what the quiet task leaves").isTrue();
    crowded.casesOf("b", () -> cases("b", 2));
    assertThat(crowded.holds("b")).as("no room left").isFalse();
    assertThat(budget.left()).isEqualTo(1);
    quiet.release(); // the quiet task closes
    crowded.casesOf("b", () -> cases("b", 2));
    assertThat(crowded.holds("b")).isTrue();
    crowded.remove("a", "a/0");
    assertThat(budget.left()).isEqualTo(2);
    crowded.release();
    assertThat(budget.left()).isEqualTo(10);
  }

  private static java.util.Iterator<Map.Entry<String, ScoredCase>> cases(String provider, int n) {
    List<Map.Entry<String, ScoredCase>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Map.entry(provider + "/" + i, scoredCase("P-" + i)));
    }
    return out.iterator();
  }

  private static ScoredCase scoredCase(String procedure) {
    return new ScoredCase(procedure, 19_000, List.of(), false);
  }

  private static ScoredCase removal(ScoredCase c) {
    return new ScoredCase(c.getProcedureId(), c.getPerformedDay(), List.of(), c.getComplication());
  }

  private static ScoredCase scored(String procedure, Random random) {
    List<Double> covariates = new ArrayList<>();
    for (int i = 0; i < RiskModelTerms.NAMES.size(); i++) {
      covariates.add((double) random.nextInt(2));
    }
    return new ScoredCase(procedure, 19_000 + random.nextInt(4), covariates, random.nextInt(4) == 0);
  }

  private static RiskModel model(Random random) {
    List<String> terms = new ArrayList<>();
    terms.add("(Intercept)");
    terms.addAll(RiskModelTerms.NAMES);
    List<Double> coefficients = new ArrayList<>();
    List<Double> se = new ArrayList<>();
    for (int i = 0; i < terms.size(); i++) {
      coefficients.add(i == 0 ? -1.5 : random.nextGaussian() * 0.5);
      se.add(0.1);
    }
    return RiskModel.newBuilder().setOutcome(RiskModelTerms.OUTCOME).setFittedAt(CLOCK.instant()).setN(1000)
        .setEvents(100).setCStatistic(0.7).setConverged(true).setTerms(terms).setCoefficients(coefficients)
        .setStandardErrors(se).build();
  }

  /** A monitor on a mock context with stores of its own; what it forwarded, encoded so records compare by value. */
  private static final class Monitor {
    final MockProcessorContext<String, MonitoringOutput> context = new MockProcessorContext<>();
    final ProviderMonitor monitor;
    final KeyValueStore<String, RiskModel> models;
    int published;
    private long timestamp = 1_000;

    Monitor(long cachedCases, RiskModel model) {
      KeyValueStore<String, ScoredCase> cases = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("cases"),
          Serdes.String(), StateSerdes.SCORED_CASE).withLoggingDisabled().build();
      var alerts = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("alerts"), Serdes.String(),
          StateSerdes.PUBLISHED_ALERTS).withLoggingDisabled().build();
      KeyValueStore<String, Long> dirty = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("dirty"),
          Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
      models = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("models"),
          Serdes.String(), Topics.RISK_MODEL_SERDE).withLoggingDisabled().build();
      for (var store : List.of(cases, alerts, dirty, models)) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
      }
      models.put(RiskModelTerms.OUTCOME, model);
      context.setCurrentSystemTimeMs(2_000L);
      monitor = new ProviderMonitor("cases", "alerts", "dirty", "models", RiskAdjustedCusum.Settings.STEINER,
          Duration.ofSeconds(1), CLOCK, new InputBacklog(), new CaseBudget(cachedCases));
      monitor.init(context);
    }

    void process(String provider, ProviderCaseChange change) {
      monitor.process(new Record<>(provider, change, timestamp++));
    }

    void punctuate(long now) {
      context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
    }

    /** What was forwarded since the last call, as "key topic value" lines. */
    List<String> outputs() {
      List<String> out = new ArrayList<>();
      for (var captured : context.forwarded()) {
        MonitoringOutput o = captured.record().value();
        out.add(captured.record().key() + " " + o.topic().name() + " " + o.value());
        published++;
      }
      context.resetForwards();
      return out;
    }
  }
}

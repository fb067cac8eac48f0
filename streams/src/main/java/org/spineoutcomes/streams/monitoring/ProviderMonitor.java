package org.spineoutcomes.streams.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.CusumChart;
import org.spineoutcomes.schemas.MonitoringPoint;
import org.spineoutcomes.schemas.ProviderPerformance;
import org.spineoutcomes.schemas.ProviderType;
import org.spineoutcomes.schemas.QualityAlert;
import org.spineoutcomes.schemas.RiskModel;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.schemas.state.ProviderCaseChange;
import org.spineoutcomes.schemas.state.PublishedAlerts;
import org.spineoutcomes.schemas.state.ScoredCase;
import org.spineoutcomes.statistics.monitoring.FunnelLimits;
import org.spineoutcomes.streams.FlushPacing;
import org.spineoutcomes.streams.InputBacklog;
import org.spineoutcomes.statistics.monitoring.ObservedExpected;
import org.spineoutcomes.statistics.monitoring.RiskAdjustedCusum;
import org.spineoutcomes.statistics.monitoring.Vlad;

/**
 * Keyed by provider ("hospital/H01", "surgeon/H01-S01/OPEN"): keeps the provider's scored cases (90-day window
 * observed) in procedure-date order, exactly as corrections and withdrawals leave them. When a provider changes,
 * or a new risk model is published, its charts are recomputed from its cases — a CUSUM is path-dependent, so a
 * correction to an early case must replay the path — and its performance and alerts are published.
 */
public final class ProviderMonitor implements Processor<String, ProviderCaseChange, String, MonitoringOutput> {

  /** No provider figure rests on fewer scored cases than this. */
  public static final int MIN_CASES = 11;
  /** Chart points kept in a performance record. */
  static final int SERIES_POINTS = 500;
  /** Procedure ids an alert lists for case review. */
  static final int ALERT_CASES = 10;
  // keeps day keys positive and fixed-width so a prefix scan returns cases in date order
  private static final int DAY_OFFSET = 1_000_000;

  private final String casesStore;
  private final String alertsStore;
  private final String dirtyStore;
  private final String modelsStore;
  private final RiskAdjustedCusum.Settings settings;
  private final Duration emitInterval;
  private final Clock clock;
  private ProcessorContext<String, MonitoringOutput> context;
  private KeyValueStore<String, ScoredCase> cases;
  private KeyValueStore<String, PublishedAlerts> alerts;
  private KeyValueStore<String, Long> dirty;
  private KeyValueStore<String, ?> models;
  private Instant modelSeen;
  private final InputBacklog backlog;
  private FlushPacing pacing;
  private final CaseBudget caseBudget;
  private CaseCache cached;

  /**
   * @param caseBudget room for the decoded cases held to replay charts, shared by every task of the instance
   *     ({@link CaseCache}; none: every provider's cases read from the store)
   */
  public ProviderMonitor(String casesStore, String alertsStore, String dirtyStore, String modelsStore,
      RiskAdjustedCusum.Settings settings, Duration emitInterval, Clock clock, InputBacklog backlog,
      CaseBudget caseBudget) {
    this.caseBudget = caseBudget;
    this.casesStore = casesStore;
    this.alertsStore = alertsStore;
    this.dirtyStore = dirtyStore;
    this.modelsStore = modelsStore;
    this.settings = settings;
    this.emitInterval = emitInterval;
    this.clock = clock;
    this.backlog = backlog;
  }

  @Override
  public void init(ProcessorContext<String, MonitoringOutput> context) {
    this.context = context;
    this.cases = context.getStateStore(casesStore);
    this.alerts = context.getStateStore(alertsStore);
    this.dirty = context.getStateStore(dirtyStore);
    this.models = context.getStateStore(modelsStore);
    if (cached != null) {
      cached.release();
    }
    this.cached = new CaseCache(caseBudget);
    this.pacing = new FlushPacing("providers " + context.taskId(), emitInterval, context.currentSystemTimeMs(),
        backlog::records);
    context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> pacing.maybeFlush(now, () -> {
      emitDirty();
      context.commit(); // so readers see these now, not at the next commit interval
    }));
  }

  /** The task closes (revoked, or the instance stops): its cached cases give their room to the other tasks. */
  @Override
  public void close() {
    if (cached != null) {
      cached.release();
    }
  }

  @Override
  public void process(Record<String, ProviderCaseChange> record) {
    String provider = record.key();
    pacing.saw(record.timestamp());
    String patient = record.value().getPatient();
    ScoredCase removed = record.value().getRemoved();
    ScoredCase added = record.value().getAdded();
    if (removed != null) {
      String key = caseKey(provider, removed.getPerformedDay(), removed.getProcedureId(), patient);
      cases.delete(key);
      cached.remove(provider, key);
    }
    if (added != null) {
      String key = caseKey(provider, added.getPerformedDay(), added.getProcedureId(), patient);
      cases.put(key, added);
      cached.put(provider, key, added);
    }
    dirty.put(provider, record.timestamp());
  }

  /** provider/day/procedure/patient: a prefix scan of the provider reads its cases in order of their days. */
  static String caseKey(String provider, int performedDay, String procedureId, String patient) {
    String day = Integer.toString(performedDay + DAY_OFFSET);
    return provider + "/" + "00000000".substring(day.length()) + day + "/" + Topics.keyPart(procedureId) + "/" + patient;
  }

  private RiskModel currentModel() {
    Object stored = models.get(RiskModelTerms.OUTCOME);
    Object value = stored instanceof ValueAndTimestamp<?> vt ? vt.value() : stored;
    return value instanceof RiskModel m && RiskModelTerms.matches(m) ? m : null;
  }

  private void emitDirty() {
    RiskModel model = currentModel();
    cached.useModel(model);
    Instant fitted = model == null ? null : model.getFittedAt();
    Set<String> providers = new HashSet<>();
    if (!Objects.equals(fitted, modelSeen)) { // a new model re-scores every provider
      modelSeen = fitted;
      try (KeyValueIterator<String, ScoredCase> it = cases.all()) {
        it.forEachRemaining(kv -> providers.add(providerOf(kv.key)));
      }
      try (KeyValueIterator<String, PublishedAlerts> it = alerts.all()) {
        it.forEachRemaining(kv -> providers.add(kv.key));
      }
    }
    try (KeyValueIterator<String, Long> it = dirty.all()) {
      it.forEachRemaining(kv -> providers.add(kv.key));
    }
    long now = clock.millis();
    for (String provider : providers) {
      emit(provider, model, now);
      dirty.delete(provider);
    }
  }

  /** Whether the provider's decoded cases are held (tests). */
  boolean holdsDecoded(String provider) {
    return cached.holds(provider);
  }

  /** The provider of a case key: all but its last three parts (day, procedure, patient). */
  static String providerOf(String caseKey) {
    int end = caseKey.length();
    for (int i = 0; i < 3; i++) {
      end = caseKey.lastIndexOf('/', end - 1);
    }
    return caseKey.substring(0, end);
  }

  private void emit(String provider, RiskModel model, long now) {
    List<CaseCache.Charted> list = new ArrayList<>(cached.casesOf(provider, () -> {
      List<Map.Entry<String, ScoredCase>> read = new ArrayList<>();
      try (KeyValueIterator<String, ScoredCase> it = cases.prefixScan(provider + "/", Serdes.String().serializer())) {
        it.forEachRemaining(kv -> read.add(Map.entry(kv.key, kv.value)));
      }
      return read.iterator();
    }));
    Map<String, QualityAlert> current = new LinkedHashMap<>();
    if (list.isEmpty()) {
      context.forward(new Record<>(provider, new MonitoringOutput(Topics.PROVIDER_PERFORMANCE, null), now));
    } else {
      ProviderPerformance performance = performance(provider, list, model, current, now);
      context.forward(new Record<>(provider, new MonitoringOutput(Topics.PROVIDER_PERFORMANCE, performance), now));
    }
    publishAlerts(provider, current, now);
  }

  private ProviderPerformance performance(String provider, List<CaseCache.Charted> list, RiskModel model,
      Map<String, QualityAlert> alertsOut, long now) {
    String[] parts = provider.split("/");
    ProviderType type = parts[0].equals("hospital") ? ProviderType.HOSPITAL : ProviderType.SURGEON;
    Approach approach = type == ProviderType.SURGEON ? Approach.valueOf(parts[2]) : null;
    String id = Topics.idOfKeyPart(parts[1]);
    ProviderPerformance.Builder out = ProviderPerformance.newBuilder()
        .setProviderType(type)
        .setProviderId(id)
        .setApproach(approach)
        .setOutcome(RiskModelTerms.OUTCOME)
        .setComputedAt(Instant.ofEpochMilli(now));
    if (list.size() < MIN_CASES) {
      return out.setSuppressed(true).build();
    }
    int observed = 0;
    for (CaseCache.Charted c : list) {
      observed += c.complication() ? 1 : 0;
    }
    out.setSuppressed(false).setCases(list.size()).setObserved(observed)
        .setRate(observed / (double) list.size());
    if (model == null) {
      return out.build();
    }
    RiskAdjustedCusum cusum = new RiskAdjustedCusum(settings);
    Vlad vlad = new Vlad();
    SinceReset upper = new SinceReset();
    SinceReset lower = new SinceReset();
    ArrayDeque<MonitoringPoint> series = new ArrayDeque<>();
    double expected = 0;
    for (CaseCache.Charted c : list) {
      double p = c.risk();
      boolean y = c.complication();
      expected += p;
      RiskAdjustedCusum.Step step = cusum.add(p, y);
      vlad.add(p, y);
      upper.add(c, p, y);
      lower.add(c, p, y);
      if (step.upperSignal()) {
        alertsOut.put(provider + "/UPPER/" + Topics.keyPart(c.procedureId()), upper.alert(type, id, approach,
            CusumChart.UPPER, c, step.upper(), settings.upperLimit(), settings.upperOddsRatio(), now));
        upper = new SinceReset();
      }
      if (step.lowerSignal()) {
        alertsOut.put(provider + "/LOWER/" + Topics.keyPart(c.procedureId()), lower.alert(type, id, approach,
            CusumChart.LOWER, c, step.lower(), settings.lowerLimit(), settings.lowerOddsRatio(), now));
        lower = new SinceReset();
      }
      series.addLast(new MonitoringPoint(LocalDate.ofEpochDay(c.performedDay()), vlad.value(), step.upper(),
          step.lower()));
      if (series.size() > SERIES_POINTS) {
        series.removeFirst();
      }
    }
    ObservedExpected oe = ObservedExpected.ratio(observed, expected);
    FunnelLimits f95 = FunnelLimits.forObservedExpected(expected, FunnelLimits.COVERAGE_95);
    FunnelLimits f998 = FunnelLimits.forObservedExpected(expected, FunnelLimits.COVERAGE_998);
    RiskAdjustedCusum.State state = cusum.state();
    return out.setExpected(expected)
        .setExpectedRate(expected / list.size())
        .setOe(finite(oe.ratio()))
        .setOeCiLow(finite(oe.ciLow()))
        .setOeCiHigh(finite(oe.ciHigh()))
        .setFunnel95Low(finite(f95.lower()))
        .setFunnel95High(finite(f95.upper()))
        .setFunnel998Low(finite(f998.lower()))
        .setFunnel998High(finite(f998.upper()))
        .setCusumUpper(state.upper())
        .setCusumLower(state.lower())
        .setUpperSignals((int) state.upperSignals())
        .setLowerSignals((int) state.lowerSignals())
        .setSeries(new ArrayList<>(series))
        .setModelFittedAt(model.getFittedAt())
        .build();
  }

  /** Publishes the provider's current alerts and withdraws (tombstones) those a correction has undone. */
  private void publishAlerts(String provider, Map<String, QualityAlert> current, long now) {
    PublishedAlerts previous = alerts.get(provider);
    if (previous != null) {
      for (String key : previous.getKeys()) {
        if (!current.containsKey(key)) {
          context.forward(new Record<>(key, new MonitoringOutput(Topics.QUALITY_ALERTS, null), now));
        }
      }
    }
    for (Map.Entry<String, QualityAlert> e : current.entrySet()) {
      context.forward(new Record<>(e.getKey(), new MonitoringOutput(Topics.QUALITY_ALERTS, e.getValue()), now));
    }
    if (current.isEmpty()) {
      alerts.delete(provider);
    } else {
      alerts.put(provider, new PublishedAlerts(new ArrayList<>(current.keySet())));
    }
  }

  private static Double finite(double x) {
    return Double.isFinite(x) ? x : null;
  }

  /** What a chart has counted since its last reset. */
  private static final class SinceReset {
    private int cases;
    private int observed;
    private double expected;
    private final ArrayDeque<String> last = new ArrayDeque<>();

    void add(CaseCache.Charted c, double p, boolean y) {
      cases++;
      observed += y ? 1 : 0;
      expected += p;
      last.addLast(c.procedureId());
      if (last.size() > ALERT_CASES) {
        last.removeFirst();
      }
    }

    QualityAlert alert(ProviderType type, String id, Approach approach, CusumChart chart, CaseCache.Charted c,
        double value, double limit, double oddsRatio, long now) {
      return QualityAlert.newBuilder()
          .setProviderType(type)
          .setProviderId(id)
          .setApproach(approach)
          .setChart(chart)
          .setSignalledOn(LocalDate.ofEpochDay(c.performedDay()))
          .setValue(value)
          .setLimit(limit)
          .setOddsRatio(oddsRatio)
          .setCasesSinceReset(cases)
          .setObservedSinceReset(observed)
          .setExpectedSinceReset(expected)
          .setLastProcedureIds(new ArrayList<>(last))
          .setComputedAt(Instant.ofEpochMilli(now))
          .build();
    }
  }
}

package org.spineoutcomes.streams;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.KeyValue;
import org.spineoutcomes.schemas.ConsentWithdrawn;
import org.spineoutcomes.schemas.FollowUpRecorded;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.ProviderPerformance;
import org.spineoutcomes.schemas.QualityAlert;
import org.spineoutcomes.schemas.RiskModel;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.schemas.state.ComparisonUpdate;
import org.spineoutcomes.schemas.state.OutcomeDelta;
import org.spineoutcomes.schemas.state.PatientEvent;
import org.spineoutcomes.schemas.state.StratumDelta;
import org.spineoutcomes.statistics.monitoring.RiskAdjustedCusum;
import org.spineoutcomes.streams.monitoring.CaseBudget;
import org.spineoutcomes.streams.monitoring.ProviderFanOut;
import org.spineoutcomes.streams.monitoring.ProviderMonitor;
import org.spineoutcomes.streams.patient.PatientTracker;
import org.spineoutcomes.streams.procedure.AsRead;
import org.spineoutcomes.streams.procedure.ProcedureAssembler;
import org.spineoutcomes.streams.publication.ComparisonPublisher;
import org.spineoutcomes.streams.store.WriteBehindStore;
import org.spineoutcomes.streams.strata.ComparisonCalculator;
import org.spineoutcomes.streams.strata.StratumAggregator;

/**
 * The whole streams application, top to bottom:
 *
 * <pre>
 * procedures ──┐ merge-procedure-events
 * follow-ups ──┘ assemble-procedure (store assembled-procedures)   keyed by procedureId
 *                       │ facts of the procedure, re-keyed by patient: as they change, or (backfilling) once per
 *                       │ changed procedure and flush
 * consent-withdrawals ──┤ merge-patient-events
 *                       ▼ repartition "by-patient"
 *                track-patient (store patient-procedures)   keyed by patient pseudonym
 *                       │ every flush interval, the combined exact change of all changed patients:
 *                       │ one signed delta per stratum (retract old facts, add new ones)
 *                       ▼ repartition "stratum-deltas"
 *                aggregate-stratum (stores stratum-metrics, stratum-shared-patients, stratum-performed-days,
 *                                   dirty-strata)
 *                       │ comparisons of dirty strata, every emit interval
 *                       ▼
 *                outcome-comparisons (compacted), keyed dimension/value/metric: the analysis
 *                       │ re-keyed dimension/metric, repartition "by-dimension-metric"
 *                publish-comparisons (stores publication-analysis, publication-published, dirty-publication-groups)
 *                       │ complementary suppression across a dimension's strata; adjusted only on >= 11 per approach
 *                       ▼
 *                published-comparisons (compacted), keyed dimension/value/metric: what people see
 *
 *   one change per changed procedure ─▶ fan-out-to-providers, repartition "by-provider"
 *                monitor-provider (stores provider-cases, provider-published-alerts, dirty-providers;
 *                                  global store risk-models-store from the risk-models topic)
 *                       ├─▶ provider-performance (compacted), keyed hospital/H01 or surgeon/H01-S01/OPEN
 *                       └─▶ quality-alerts (compacted), keyed provider/chart/procedureId
 * </pre>
 */
public final class OutcomesTopology {

  public static final String ASSEMBLED_PROCEDURES_STORE = "assembled-procedures";
  public static final String PATIENT_PROCEDURES_STORE = "patient-procedures";
  public static final String STRATUM_METRICS_STORE = "stratum-metrics";
  public static final String SHARED_PATIENTS_STORE = "stratum-shared-patients";
  public static final String PERFORMED_DAYS_STORE = "stratum-performed-days";
  public static final String DIRTY_STRATA_STORE = "dirty-strata";
  public static final String PUBLICATION_ANALYSIS_STORE = "publication-analysis";
  public static final String PUBLICATION_PUBLISHED_STORE = "publication-published";
  public static final String DIRTY_PUBLICATION_STORE = "dirty-publication-groups";
  public static final String RISK_MODELS_STORE = "risk-models-store";
  public static final String PROVIDER_CASES_STORE = "provider-cases";
  public static final String PUBLISHED_ALERTS_STORE = "provider-published-alerts";
  public static final String DIRTY_PROVIDERS_STORE = "dirty-providers";

  /**
   * Heap per task for the decoded values of the busiest stores (see {@link WriteBehindStore}); the weighers
   * estimate a decoded value's size from what it holds.
   */
  private static final long MIB = 1024 * 1024;

  /** The largest record of the patient store's changelog (the streams' producers take requests this large). */
  public static final int PATIENT_STATE_MAX_BYTES = 16 * 1024 * 1024;

  /** How often changed strata have their comparisons recomputed and published. */
  public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofSeconds(1);

  /**
   * Live, the procedure and patient stages flush this many times per emit interval, aligned to the wall clock, so a
   * change reaches the strata within half an interval; each stratum still goes out at most once per interval. At
   * 2,000 events/s two flushes a second cut the probes' median latency by about a quarter, four did no better
   * (docs/BENCHMARKS.md, session 11).
   */
  public static final int PATIENT_FLUSHES_PER_EMIT_INTERVAL = 2;

  public static Topology build(Duration emitInterval, Clock clock) {
    return build(emitInterval, clock, RiskAdjustedCusum.Settings.STEINER, new PendingChanges(), new InputBacklog());
  }

  /**
   * @param pending where the patient stage reports how many patients await its next flush
   * @param backlog records the instance has yet to read, which tells the paced stages a backfill from live input
   */
  public static Topology build(Duration emitInterval, Clock clock, RiskAdjustedCusum.Settings cusum,
      PendingChanges pending, InputBacklog backlog) {
    StreamsBuilder builder = new StreamsBuilder();

    // 1. Per procedure: apply procedures and follow-ups in any order to one current record.
    builder.addStateStore(WriteBehindStore.wrap(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(ASSEMBLED_PROCEDURES_STORE), Serdes.String(),
        StateSerdes.STORED_PROCEDURE), 8 * MIB, o -> 256 + (o.getProcedure() == null ? 0 : o.getProcedure().remaining())
            + o.getFollowUps().stream().mapToInt(f -> 96 + f.getEvent().remaining()).sum()
            + 96 * o.getSeenEventIds().size()));

    KStream<String, AsRead> procedures = builder.stream(Topics.PROCEDURES.name(),
        Consumed.with(Topics.STRING, AsRead.serde(Topics.PROCEDURE_SERDE)).withName("read-procedures"));
    KStream<String, AsRead> followUps = builder.stream(Topics.FOLLOW_UPS.name(),
        Consumed.with(Topics.STRING, AsRead.serde(Topics.FOLLOW_UP_SERDE)).withName("read-follow-ups"));
    KStream<String, ConsentWithdrawn> withdrawals = builder.stream(Topics.CONSENT_WITHDRAWALS.name(),
        Consumed.with(Topics.STRING, Topics.CONSENT_SERDE).withName("read-consent-withdrawals"));

    Duration flushInterval = emitInterval.dividedBy(PATIENT_FLUSHES_PER_EMIT_INTERVAL);
    KStream<String, PatientEvent> facts = procedures
        .merge(followUps, Named.as("merge-procedure-events"))
        .process(() -> new ProcedureAssembler(ASSEMBLED_PROCEDURES_STORE, flushInterval, pending, backlog),
            Named.as("assemble-procedure"), ASSEMBLED_PROCEDURES_STORE);
    KStream<String, PatientEvent> fromWithdrawals = withdrawals.mapValues(
        PatientTracker::withdrawal, Named.as("withdrawal-as-patient-event"));

    // 2. Per patient: count each procedure once, and withdraw all of a patient's procedures on request. Changes
    //    are combined over a flush interval: one delta per changed stratum, one per changed procedure. A decoded
    //    one-procedure state holds about 600 bytes (its repeated strings pooled), plus its key and cache entry.
    //    A stored state holds all of a pseudonym's procedures (about 220 bytes each, twice while a change awaits
    //    its flush): a placeholder patient id sent for thousands of procedures outgrows Kafka's 1 MiB default, so
    //    its changelog takes records of up to PATIENT_STATE_MAX_BYTES (about 38,000 procedures).
    builder.addStateStore(WriteBehindStore.wrap(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PATIENT_PROCEDURES_STORE), Serdes.String(), StateSerdes.PATIENT_STATE)
        .withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(PATIENT_STATE_MAX_BYTES))),
        24 * MIB, p -> 384 + 640 * (p.getProcedures().size() + (p.getReflected() == null ? 0 : p.getReflected().size()))));

    Map<String, KStream<String, SpecificRecord>> changes = facts
        .merge(fromWithdrawals, Named.as("merge-patient-events"))
        .repartition(Repartitioned.with(Topics.STRING, StateSerdes.PATIENT_EVENT).withName("by-patient"))
        .process(() -> new PatientTracker(PATIENT_PROCEDURES_STORE, flushInterval, pending, backlog),
            Named.as("track-patient"), PATIENT_PROCEDURES_STORE)
        .split(Named.as("changes-"))
        .branch((key, change) -> change instanceof StratumDelta, Branched.as("of-strata"))
        .branch((key, change) -> change instanceof OutcomeDelta, Branched.as("of-procedures"))
        .noDefaultBranch();

    // 3. Per stratum: exact add/subtract aggregates, and comparisons of changed strata.
    builder.addStateStore(WriteBehindStore.wrap(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(STRATUM_METRICS_STORE), Serdes.String(), StateSerdes.STRATUM_METRIC),
        32 * MIB, m -> 256 + 48 * (m.getOpen().getValues().size() + m.getMicroscopic().getValues().size())
            + 160 * m.getCells().size()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(SHARED_PATIENTS_STORE), Serdes.String(), StateSerdes.SHARED_PATIENT).withCachingEnabled());
    // Every delta to a stratum updates its procedures per day: decoded here, written once per commit.
    builder.addStateStore(WriteBehindStore.wrap(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PERFORMED_DAYS_STORE), Serdes.String(), StateSerdes.PERFORMED_DAYS),
        4 * MIB, d -> 256 + 48 * (d.getOpen().getValues().size() + d.getMicroscopic().getValues().size())));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(DIRTY_STRATA_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled());

    ComparisonCalculator calculator = new ComparisonCalculator();
    KStream<String, OutcomeComparison> comparisons = changes.get("changes-of-strata")
        .mapValues(change -> (StratumDelta) change, Named.as("as-stratum-delta"))
        .repartition(Repartitioned.with(Topics.STRING, StateSerdes.STRATUM_DELTA).withName("stratum-deltas"))
        .process(() -> new StratumAggregator(STRATUM_METRICS_STORE, SHARED_PATIENTS_STORE, PERFORMED_DAYS_STORE,
                DIRTY_STRATA_STORE, emitInterval, calculator, clock, backlog),
            Named.as("aggregate-stratum"), STRATUM_METRICS_STORE, SHARED_PATIENTS_STORE, PERFORMED_DAYS_STORE,
            DIRTY_STRATA_STORE);
    comparisons.to(Topics.OUTCOME_COMPARISONS.name(),
        Produced.with(Topics.STRING, Topics.COMPARISON_SERDE).withName("write-outcome-comparisons"));

    // 4. Publication: the small-cell rule across the strata of one dimension (complementary suppression) and
    //    on adjusted estimates, for what people see.
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PUBLICATION_ANALYSIS_STORE), Serdes.String(), Topics.COMPARISON_SERDE)
        .withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PUBLICATION_PUBLISHED_STORE), Serdes.String(), Topics.COMPARISON_SERDE)
        .withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(DIRTY_PUBLICATION_STORE), Serdes.String(), Serdes.Long())
        .withCachingEnabled());
    comparisons
        .map((key, comparison) -> KeyValue.pair(ComparisonPublisher.groupOf(key), new ComparisonUpdate(key, comparison)),
            Named.as("group-by-dimension-and-metric"))
        .repartition(Repartitioned.with(Topics.STRING, StateSerdes.COMPARISON_UPDATE).withName("by-dimension-metric"))
        .process(() -> new ComparisonPublisher(PUBLICATION_ANALYSIS_STORE, PUBLICATION_PUBLISHED_STORE,
                DIRTY_PUBLICATION_STORE, emitInterval),
            Named.as("publish-comparisons"), PUBLICATION_ANALYSIS_STORE, PUBLICATION_PUBLISHED_STORE,
            DIRTY_PUBLICATION_STORE)
        .to(Topics.PUBLISHED_COMPARISONS.name(),
            Produced.with(Topics.STRING, Topics.COMPARISON_SERDE).withName("write-published-comparisons"));

    // 5. Per provider: risk-adjusted O/E, funnel limits, VLAD and CUSUM charts against the newest risk model. The
    //    decoded cases the tasks hold to replay charts come from one budget, whichever tasks the providers fall to.
    CaseBudget caseBudget = new CaseBudget(CaseBudget.PER_INSTANCE);
    builder.globalTable(Topics.RISK_MODELS.name(),
        Consumed.with(Topics.STRING, Topics.RISK_MODEL_SERDE).withName("read-risk-models"),
        Materialized.<String, RiskModel, KeyValueStore<Bytes, byte[]>>as(RISK_MODELS_STORE)
            .withKeySerde(Topics.STRING).withValueSerde(Topics.RISK_MODEL_SERDE));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PROVIDER_CASES_STORE), Serdes.String(), StateSerdes.SCORED_CASE).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PUBLISHED_ALERTS_STORE), Serdes.String(), StateSerdes.PUBLISHED_ALERTS).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(DIRTY_PROVIDERS_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled());

    changes.get("changes-of-procedures")
        .flatMap((procedureId, change) -> ProviderFanOut.fanOut((OutcomeDelta) change),
            Named.as("fan-out-to-providers"))
        .repartition(Repartitioned.with(Topics.STRING, StateSerdes.PROVIDER_CASE_CHANGE).withName("by-provider"))
        .process(() -> new ProviderMonitor(PROVIDER_CASES_STORE, PUBLISHED_ALERTS_STORE, DIRTY_PROVIDERS_STORE,
                RISK_MODELS_STORE, cusum, emitInterval, clock, backlog, caseBudget),
            Named.as("monitor-provider"), PROVIDER_CASES_STORE, PUBLISHED_ALERTS_STORE, DIRTY_PROVIDERS_STORE)
        .split(Named.as("route-"))
        .branch((provider, out) -> out.topic() == Topics.PROVIDER_PERFORMANCE, Branched.withConsumer(s -> s
            .mapValues(out -> (ProviderPerformance) out.value(), Named.as("as-provider-performance"))
            .to(Topics.PROVIDER_PERFORMANCE.name(), Produced.with(Topics.STRING, Topics.PROVIDER_PERFORMANCE_SERDE)
                .withName("write-provider-performance")), "provider-performance"))
        .branch((key, out) -> out.topic() == Topics.QUALITY_ALERTS, Branched.withConsumer(s -> s
            .mapValues(out -> (QualityAlert) out.value(), Named.as("as-quality-alert"))
            .to(Topics.QUALITY_ALERTS.name(), Produced.with(Topics.STRING, Topics.QUALITY_ALERT_SERDE)
                .withName("write-quality-alerts")), "quality-alerts"));

    return builder.build();
  }

  private OutcomesTopology() {}
}

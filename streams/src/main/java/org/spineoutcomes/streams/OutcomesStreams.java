package org.spineoutcomes.streams;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.statistics.monitoring.RiskAdjustedCusum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the outcomes topology as a Kafka Streams application with exactly-once processing. */
public final class OutcomesStreams implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OutcomesStreams.class);

  public static final String DEFAULT_APPLICATION_ID = "spine-outcomes";
  public static final String CUSUM_UPPER_ODDS_RATIO = RiskAdjustedCusum.Settings.UPPER_ODDS_RATIO;
  public static final String CUSUM_UPPER_LIMIT = RiskAdjustedCusum.Settings.UPPER_LIMIT;
  public static final String CUSUM_LOWER_ODDS_RATIO = RiskAdjustedCusum.Settings.LOWER_ODDS_RATIO;
  public static final String CUSUM_LOWER_LIMIT = RiskAdjustedCusum.Settings.LOWER_LIMIT;

  private final KafkaStreams streams;
  private final PendingChanges pending = new PendingChanges();
  private final InputBacklog inputBacklog = new InputBacklog();

  /**
   * @param config Kafka Streams properties (Kafka's own names); bootstrap.servers is required, defaults are
   *     filled in for application.id, processing.guarantee (exactly_once_v2) and commit interval
   */
  public OutcomesStreams(Map<String, Object> config, Duration emitInterval) {
    Properties props = properties(config);
    RiskAdjustedCusum.Settings cusum = cusumSettings(props);
    this.streams = new KafkaStreams(
        OutcomesTopology.build(emitInterval, Clock.systemUTC(), cusum, pending, inputBacklog), props);
    inputBacklog.readFrom(streams::metrics);
    streams.setUncaughtExceptionHandler(e -> {
      log.error("Streams thread failed; replacing it", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
  }

  /** Kafka Streams properties: our defaults, then the given configuration over them. */
  static Properties properties(Map<String, Object> config) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Every stage requests a commit as soon as it has sent something (after each flush; the procedure stage every
    // interval while live), so this only bounds how long a backfill's transactions run. Under exactly-once each
    // commit writes every changed stored value to its changelog and waits for acks: at 10 s a backfill writes a
    // busy value once where it wrote it ten times at 1 s.
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 10_000);
    // A backfill's paced flush of 30 s of changes can keep a transaction open for longer than Kafka Streams' 10 s
    // default; the coordinator would abort it, fence the producer and redo the work (seen at 1M procedures).
    props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 60_000);
    // A patient's stored state can outgrow the 1 MiB default (a placeholder id for thousands of procedures).
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        OutcomesTopology.PATIENT_STATE_MAX_BYTES + 64 * 1024);
    // Results do not depend on the interleaving of procedures and follow-ups, so never idle waiting for one.
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
    // The busiest stores keep decoded values of their own (WriteBehindStore); this is the record cache of the rest.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 32 * 1024 * 1024L);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // A record that cannot be decoded would otherwise stop the stream thread, and its replacement would stop on the
    // same record, for ever: it is set aside, as read, and the streams go on. An exception while processing a
    // decoded record still stops the thread, since skipping it could leave an aggregate half changed.
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.UNDECODABLE_INPUT.name());
    props.putAll(config);
    return props;
  }

  /** CUSUM design from cusum.* properties (removed from the Kafka properties); Steiner et al.'s by default. */
  static RiskAdjustedCusum.Settings cusumSettings(Properties props) {
    RiskAdjustedCusum.Settings settings = RiskAdjustedCusum.Settings.fromProperties(props);
    RiskAdjustedCusum.Settings.PROPERTIES.forEach(props::remove);
    return settings;
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  public boolean isRunning() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /**
   * Work read but not yet reflected in published comparisons: patients awaiting a flush, strata awaiting
   * comparison and groups awaiting publication (0 once everything read is reflected).
   */
  public long pendingChanges() {
    return pending.total() + count(OutcomesTopology.DIRTY_STRATA_STORE)
        + count(OutcomesTopology.DIRTY_PUBLICATION_STORE);
  }

  /**
   * How the stream threads spent their time lately, from Kafka Streams' own {@code stream-thread-metrics}: the
   * shares of polling, processing, punctuating and committing, commits per second and their mean duration.
   */
  public String threadActivity() {
    Map<String, Double> sums = new TreeMap<>();
    int threads = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      MetricName name = e.getKey();
      if (name.group().equals("stream-thread-metrics") && e.getValue().metricValue() instanceof Number v
          && THREAD_ACTIVITY.contains(name.name()) && !Double.isNaN(v.doubleValue())) {
        sums.merge(name.name(), v.doubleValue(), Double::sum);
        threads += name.name().equals("poll-ratio") ? 1 : 0;
      }
    }
    int n = Math.max(1, threads);
    return String.format("thread: poll %.0f%%, process %.0f%%, punctuate %.0f%%, commit %.0f%%; %.1f commits/s of %.0f ms",
        100 * sums.getOrDefault("poll-ratio", 0.0) / n, 100 * sums.getOrDefault("process-ratio", 0.0) / n,
        100 * sums.getOrDefault("punctuate-ratio", 0.0) / n, 100 * sums.getOrDefault("commit-ratio", 0.0) / n,
        sums.getOrDefault("commit-rate", 0.0), sums.getOrDefault("commit-latency-avg", 0.0) / n);
  }

  private static final Set<String> THREAD_ACTIVITY = Set.of("poll-ratio", "process-ratio",
      "punctuate-ratio", "commit-ratio", "commit-rate", "commit-latency-avg");

  private long count(String storeName) {
    ReadOnlyKeyValueStore<String, Long> dirty = streams.store(StoreQueryParameters.fromNameAndType(
        storeName, QueryableStoreTypes.<String, Long>keyValueStore()));
    long n = 0;
    try (KeyValueIterator<String, Long> it = dirty.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    // Leaving the group lets a restarted instance take its tasks at once instead of after the session timeout.
    streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
  }
}

package org.spineoutcomes.launcher.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.spineoutcomes.launcher.broker.EmbeddedKafkaBroker;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.streams.OutcomesStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running pipeline: a broker (embedded, or the cluster at bootstrap.servers), the catalogue's topics and
 * the streams application. It can tell when everything published so far is reflected in the comparisons.
 */
public final class Pipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

  private final EmbeddedKafkaBroker broker;
  private final Map<String, Object> kafka;
  private final Map<String, Object> streamsConfig;
  private final Duration emitInterval;
  private final String applicationId;
  private final java.nio.file.Path stateDir;
  private OutcomesStreams streams;

  private Pipeline(EmbeddedKafkaBroker broker, Map<String, Object> kafka, Map<String, Object> streamsConfig,
      Duration emitInterval, String applicationId, java.nio.file.Path stateDir) {
    this.broker = broker;
    this.kafka = kafka;
    this.streamsConfig = streamsConfig;
    this.emitInterval = emitInterval;
    this.applicationId = applicationId;
    this.stateDir = stateDir;
  }

  /** Starts the embedded broker unless bootstrap.servers is configured, creates topics, starts the streams. */
  public static Pipeline start(PipelineConfig config) {
    Pipeline pipeline = startWithoutStreams(config);
    pipeline.startStreams();
    return pipeline;
  }

  /** As {@link #start(PipelineConfig)}, but the streams wait for {@link #startStreams()} (the benchmark's way). */
  public static Pipeline startWithoutStreams(PipelineConfig config) {
    EmbeddedKafkaBroker broker = null;
    String bootstrap = config.get(PipelineConfig.BOOTSTRAP_SERVERS);
    java.nio.file.Path tempState = null;
    try {
      short replication = 1;
      if (bootstrap == null || bootstrap.isBlank()) {
        broker = EmbeddedKafkaBroker.start(config.partitions());
        bootstrap = broker.bootstrapServers();
      } else {
        replication = -1; // the cluster's default.replication.factor
      }
      Map<String, Object> kafka = config.kafka(bootstrap);
      TopicSetup.checkReachable(kafka);
      TopicSetup.createTopics(kafka, config.partitions(), replication);
      Map<String, Object> streamsConfig = new HashMap<>(kafka);
      if (broker != null && !streamsConfig.containsKey(StreamsConfig.STATE_DIR_CONFIG)) {
        tempState = java.nio.file.Files.createTempDirectory("spine-outcomes-state-");
        streamsConfig.put(StreamsConfig.STATE_DIR_CONFIG, tempState.toString());
      }
      String appId = String.valueOf(
          streamsConfig.getOrDefault(StreamsConfig.APPLICATION_ID_CONFIG, OutcomesStreams.DEFAULT_APPLICATION_ID));
      return new Pipeline(broker, kafka, streamsConfig, config.emitInterval(), appId, tempState);
    } catch (java.io.IOException e) {
      if (broker != null) {
        broker.close();
      }
      throw new java.io.UncheckedIOException(e);
    } catch (RuntimeException e) {
      if (broker != null) {
        broker.close();
      }
      throw e;
    }
  }

  public Map<String, Object> kafka() {
    return kafka;
  }

  public String bootstrapServers() {
    return String.valueOf(kafka.get("bootstrap.servers"));
  }

  public boolean embedded() {
    return broker != null;
  }

  public OutcomesStreams streams() {
    return streams;
  }

  public synchronized void startStreams() {
    if (streams == null) {
      streams = new OutcomesStreams(streamsConfig, emitInterval);
      streams.start();
    }
  }

  /** Stops the streams application (the broker keeps running); {@link #startStreams()} starts it again. */
  public synchronized void stopStreams() {
    if (streams != null) {
      streams.close();
      streams = null;
    }
  }

  /** The local state directory of the streams, where the embedded mode keeps it. */
  public java.nio.file.Path stateDir() {
    Object dir = streamsConfig.get(StreamsConfig.STATE_DIR_CONFIG);
    return dir == null ? null : java.nio.file.Path.of(String.valueOf(dir));
  }

  public String applicationId() {
    return applicationId;
  }

  /** The streams' configuration (Kafka's property names), as the pipeline starts them. */
  public Map<String, Object> streamsConfig() {
    return Map.copyOf(streamsConfig);
  }
  /**
   * Waits until every event already on the input topics is reflected in committed comparisons: no consumer
   * lag on input or repartition topics, no stratum awaiting publication, no open transaction on the output.
   */
  public void awaitSettled(Duration timeout) throws InterruptedException {
    awaitSettled(timeout, status -> { });
  }

  /**
   * As {@link #awaitSettled(Duration)}, reporting every two seconds what is still outstanding and how the stream
   * threads spend their time.
   *
   * @return System.nanoTime() when the pipeline was first seen settled (and then stayed so) */
  public long awaitSettled(Duration timeout, java.util.function.Consumer<String> progress)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastReport = System.nanoTime();
    int stable = 0;
    long settledAt = 0;
    try (Admin admin = Admin.create(TopicSetup.adminConfig(kafka))) {
      while (stable < 3) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("The pipeline did not settle within " + timeout.toSeconds()
              + " s (streams state " + streams.state() + "); see the log above for errors");
        }
        Thread.sleep(stable == 0 ? 50 : 200);
        long observedAt = System.nanoTime();
        Outstanding o = outstanding(admin);
        if (o.none()) {
          settledAt = stable == 0 ? observedAt : settledAt;
          stable++;
        } else {
          stable = 0;
        }
        if (!o.none() && System.nanoTime() - lastReport > 2_000_000_000L) {
          lastReport = System.nanoTime();
          progress.accept(progressLine(o));
        }
      }
    }
    return settledAt;
  }

  /** What the streams still have to do, as a progress line. */
  public String backlog() {
    try (Admin admin = Admin.create(TopicSetup.adminConfig(kafka))) {
      return progressLine(outstanding(admin));
    }
  }

  private String progressLine(Outstanding o) {
    return o.running() ? o.describe() + "; " + streams.threadActivity() : o.describe();
  }

  /** What the streams still have to do: records not yet consumed, strata not yet published. */
  private record Outstanding(boolean running, long records, long strata, boolean openTransaction, boolean unknown) {
    boolean none() {
      return running && !unknown && records == 0 && strata == 0 && !openTransaction;
    }

    String describe() {
      if (!running) {
        return "  streams: starting (rebalancing) ...";
      }
      return String.format("  streams: %,d records still to process, %,d patients or strata to publish", records, strata);
    }
  }

  private Outstanding outstanding(Admin admin) {
    try {
      if (!streams.isRunning()) {
        return new Outstanding(false, 0, 0, false, true);
      }
      long pending = streams.pendingChanges();
      Set<String> topics = admin.listTopics().names().get(20, TimeUnit.SECONDS);
      List<String> consumed = new ArrayList<>(List.of(Topics.PROCEDURES.name(), Topics.FOLLOW_UPS.name(),
          Topics.CONSENT_WITHDRAWALS.name()));
      topics.stream()
          .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-repartition"))
          .forEach(consumed::add);
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      admin.describeTopics(consumed).allTopicNames().get(20, TimeUnit.SECONDS).forEach((name, d) ->
          d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(20, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
          .partitionsToOffsetAndMetadata().get(20, TimeUnit.SECONDS);
      long lag = 0;
      for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        lag += Math.max(0, e.getValue() - (c == null ? 0 : c.offset()));
      }
      List<String> written = new ArrayList<>(consumed.subList(3, consumed.size()));
      written.add(Topics.OUTCOME_COMPARISONS.name());
      written.add(Topics.PUBLISHED_COMPARISONS.name());
      return new Outstanding(true, lag, pending, openTransaction(admin, written), false);
    } catch (Exception e) {
      log.debug("Not settled yet: {}", e.toString());
      return new Outstanding(true, 0, 0, false, true);
    }
  }

  /**
   * Whether any of the topics is mid-transaction: a flush or publication may have emptied its dirty store (which
   * queries see at once) while its records wait for the commit, invisible to read_committed offsets.
   */
  private boolean openTransaction(Admin admin, List<String> topics) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    admin.describeTopics(topics).allTopicNames().get(20, TimeUnit.SECONDS).forEach((name, d) ->
        d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    var committed = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
        .get(20, TimeUnit.SECONDS);
    var all = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
        .get(20, TimeUnit.SECONDS);
    return committed.entrySet().stream().anyMatch(e -> e.getValue().offset() != all.get(e.getKey()).offset());
  }



  @Override
  public void close() {
    try {
      stopStreams();
    } finally {
      if (broker != null) {
        broker.close();
      }
      if (stateDir != null) {
        try (var paths = java.nio.file.Files.walk(stateDir)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
          log.warn("Could not delete {}: {}", stateDir, e.getMessage());
        }
      }
    }
  }
}

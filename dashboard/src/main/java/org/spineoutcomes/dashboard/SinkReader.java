package org.spineoutcomes.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.spineoutcomes.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's one consumer: it reads the compacted sink topics from the beginning (read_committed, no
 * consumer group, so any number of dashboards can run) and keeps the latest value per key in the state. It
 * waits for topics that do not exist yet and picks up partitions added later. It also counts the records on
 * the input topics from their offsets (never reading a record of them).
 */
public final class SinkReader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SinkReader.class);
  private static final Duration METADATA_REFRESH = Duration.ofSeconds(5);
  private static final Duration COUNT_REFRESH = Duration.ofSeconds(2);

  /** What to do with one record of a sink topic: key and value bytes (null value = tombstone). */
  private record Sink(Topics.Topic<String, ?> topic, BiConsumer<String, byte[]> apply) {}

  private final DashboardState state;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Sink> sinks = new LinkedHashMap<>();
  private final List<Topics.Topic<?, ?>> counted;
  private final Map<TopicPartition, Long> endAtStart = new HashMap<>();
  private final Map<String, Long> recordsRead = new HashMap<>();
  private final Set<TopicPartition> assigned = new HashSet<>();
  private final Thread thread;
  private final Duration apiTimeout;
  private volatile boolean running = true;
  private long decodeFailures;

  public SinkReader(Map<String, Object> kafka, DashboardState state) {
    this.state = state;
    // The sink topics: each record becomes state.put...(key, decoded value, or null for a tombstone).
    addSink(Topics.PUBLISHED_COMPARISONS, (key, value) ->
        state.putComparison(key, value == null ? null : Topics.COMPARISON_SERDE.decode(value)));
    addSink(Topics.DEAD_LETTER, (key, value) ->
        state.putDeadLetter(key, value == null ? null : Topics.DEAD_LETTER_SERDE.decode(value)));
    addSink(Topics.PROVIDER_PERFORMANCE, (key, value) ->
        state.putProviderPerformance(key, value == null ? null : Topics.PROVIDER_PERFORMANCE_SERDE.decode(value)));
    addSink(Topics.QUALITY_ALERTS, (key, value) ->
        state.putQualityAlert(key, value == null ? null : Topics.QUALITY_ALERT_SERDE.decode(value)));
    this.counted = List.of(Topics.PROCEDURES, Topics.FOLLOW_UPS, Topics.CONSENT_WITHDRAWALS, Topics.UNDECODABLE_INPUT);
    Object timeout = kafka.get(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
    this.apiTimeout = timeout == null ? Duration.ofSeconds(10)
        : Duration.ofMillis(Long.parseLong(timeout.toString().trim()));
    this.consumer = new KafkaConsumer<>(consumerConfig(kafka), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "dashboard-sink-reader");
    thread.setDaemon(true);
  }

  private void addSink(Topics.Topic<String, ?> topic, BiConsumer<String, byte[]> apply) {
    sinks.put(topic.name(), new Sink(topic, apply));
  }

  /**
   * Client settings for the dashboard's consumer: the cluster's connection and security settings (every
   * consumer property given), less anything about consumer groups: the dashboard commits nothing.
   */
  static Map<String, Object> consumerConfig(Map<String, Object> kafka) {
    Map<String, Object> props = new HashMap<>();
    Set<String> allowed = ConsumerConfig.configNames();
    kafka.forEach((k, v) -> {
      if (allowed.contains(k) && v != null && !k.startsWith("group.") && !k.endsWith(".deserializer")) {
        props.put(k, v);
      }
    });
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "spine-outcomes-dashboard");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return props;
  }

  public SinkReader start() {
    thread.start();
    return this;
  }

  private void run() {
    long nextMetadata = 0;
    long nextCount = 0;
    try {
      while (running) {
        try {
          long now = System.nanoTime();
          if (now >= nextMetadata) {
            refreshAssignment();
            nextMetadata = now + METADATA_REFRESH.toNanos();
          }
          if (now >= nextCount) {
            countInputs();
            nextCount = now + COUNT_REFRESH.toNanos();
          }
          state.setProblem(null);
          if (assigned.isEmpty()) {
            Thread.sleep(500);
            continue;
          }
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
            apply(r);
          }
          reportProgress();
        } catch (RetriableException e) {
          // The cluster is away (a broker restarting, the network): keep what is shown, say so, and retry.
          if (state.problem() == null) {
            log.warn("The dashboard cannot read Kafka just now ({}); retrying", e.toString());
          }
          state.setProblem("Kafka is not answering (" + e.getClass().getSimpleName() + "); retrying");
          Thread.sleep(1000);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      state.setProblem("The dashboard stopped reading Kafka: " + e.getMessage());
      log.error("The dashboard stopped reading the sink topics", e);
    } finally {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> r) {
    Sink sink = sinks.get(r.topic());
    recordsRead.merge(r.topic(), 1L, Long::sum);
    if (sink == null || r.key() == null) {
      return;
    }
    String key = sink.topic().keySerde().deserializer().deserialize(r.topic(), r.key());
    try {
      sink.apply().accept(key, r.value());
    } catch (RuntimeException e) {
      decodeFailures++;
      log.warn("Skipped a record of {} at {}-{}@{} that could not be read ({} so far): {}", r.topic(), r.topic(),
          r.partition(), r.offset(), decodeFailures, e.toString());
    }
  }

  /** Assigns partitions of sink topics that exist now, from the beginning, and notes where they ended. */
  private void refreshAssignment() {
    Map<String, List<PartitionInfo>> topics = consumer.listTopics(apiTimeout);
    List<TopicPartition> added = new ArrayList<>();
    for (String name : sinks.keySet()) {
      for (PartitionInfo p : topics.getOrDefault(name, List.of())) {
        TopicPartition tp = new TopicPartition(name, p.partition());
        if (!assigned.contains(tp)) {
          added.add(tp);
        }
      }
    }
    if (!added.isEmpty()) {
      assigned.addAll(added);
      consumer.assign(new ArrayList<>(assigned));
      consumer.seekToBeginning(added);
      endAtStart.putAll(consumer.endOffsets(added, apiTimeout));
      log.info("Reading {} from the beginning", added);
    }
    reportProgress();
  }

  private void reportProgress() {
    for (String name : sinks.keySet()) {
      List<TopicPartition> parts = assigned.stream().filter(tp -> tp.topic().equals(name)).toList();
      boolean caughtUp = true;
      for (TopicPartition tp : parts) {
        if (consumer.position(tp, apiTimeout) < endAtStart.getOrDefault(tp, 0L)) {
          caughtUp = false;
        }
      }
      state.setProgress(name, new DashboardState.TopicProgress(!parts.isEmpty(), parts.size(),
          recordsRead.getOrDefault(name, 0L), caughtUp));
    }
  }

  /** Records on each input topic: end offset minus beginning offset, summed over partitions. */
  private void countInputs() {
    Map<String, List<PartitionInfo>> topics = consumer.listTopics(apiTimeout);
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Topics.Topic<?, ?> t : counted) {
      List<PartitionInfo> parts = topics.get(t.name());
      if (parts == null || parts.isEmpty()) {
        continue;
      }
      List<TopicPartition> tps = parts.stream().map(p -> new TopicPartition(t.name(), p.partition())).toList();
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, apiTimeout);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps, apiTimeout);
      long n = 0;
      for (TopicPartition tp : tps) {
        n += end.getOrDefault(tp, 0L) - begin.getOrDefault(tp, 0L);
      }
      counts.put(t.name(), n);
    }
    state.setInputRecords(counts);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

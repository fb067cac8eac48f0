package org.spineoutcomes.launcher.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live, in-memory view of the compacted published-comparisons topic (what people may see): a background
 * consumer reads it from the beginning and keeps the latest committed comparison per key, so a restart rebuilds
 * the same view.
 */
public final class ComparisonsView implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ComparisonsView.class);

  private final Map<String, OutcomeComparison> latest = new ConcurrentHashMap<>();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  public ComparisonsView(Map<String, Object> kafka) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "comparisons-view");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.PUBLISHED_COMPARISONS.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          String key = Topics.STRING.deserializer().deserialize(r.topic(), r.key());
          if (r.value() == null) {
            latest.remove(key);
          } else {
            latest.put(key, Topics.COMPARISON_SERDE.decode(r.value()));
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("The comparisons view stopped reading", e);
    } finally {
      consumer.close();
    }
  }

  /** A snapshot of the latest comparison per key "dimension/value/metric". */
  public Map<String, OutcomeComparison> snapshot() {
    return new TreeMap<>(latest);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

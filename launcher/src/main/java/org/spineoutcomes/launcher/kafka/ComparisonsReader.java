package org.spineoutcomes.launcher.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.Topics;

/** Reads a compacted sink topic to its end: the latest committed value per key, tombstones removed. */
public final class ComparisonsReader {

  /** The latest comparison per key "dimension/value/metric". */
  public static TreeMap<String, OutcomeComparison> readAll(Map<String, Object> kafka) {
    return readLatest(kafka, Topics.OUTCOME_COMPARISONS);
  }

  /** The latest value per key of any of the catalogue's compacted topics. */
  public static <V> TreeMap<String, V> readLatest(Map<String, Object> kafka, Topics.Topic<String, V> topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
    for (String key : List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config")) {
      if (kafka.containsKey(key)) {
        props.put(key, kafka.get(key));
      }
    }
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    TreeMap<String, V> latest = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String key = topic.keySerde().deserializer().deserialize(r.topic(), r.key());
          if (r.value() == null) {
            latest.remove(key);
          } else {
            latest.put(key, topic.valueSerde().deserializer().deserialize(r.topic(), r.value()));
          }
        }
      }
    }
    return latest;
  }

  private ComparisonsReader() {}
}

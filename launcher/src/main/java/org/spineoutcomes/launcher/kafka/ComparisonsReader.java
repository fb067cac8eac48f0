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

/** Reads the compacted outcome-comparisons topic to its end: the latest comparison per key, tombstones removed. */
public final class ComparisonsReader {

  public static TreeMap<String, OutcomeComparison> readAll(Map<String, Object> kafka) {
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
    TreeMap<String, OutcomeComparison> latest = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.OUTCOME_COMPARISONS.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String key = Topics.STRING.deserializer().deserialize(r.topic(), r.key());
          if (r.value() == null) {
            latest.remove(key);
          } else {
            latest.put(key, Topics.COMPARISON_SERDE.decode(r.value()));
          }
        }
      }
    }
    return latest;
  }

  private ComparisonsReader() {}
}

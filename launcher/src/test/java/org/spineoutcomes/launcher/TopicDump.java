package org.spineoutcomes.launcher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.spineoutcomes.launcher.kafka.TopicSetup;

/** Test helper: every record of a topic, raw, read from the beginning to the current end. */
final class TopicDump {

  /** A record's key and value, and its headers as UTF-8 text. */
  record Entry(byte[] key, byte[] value, Map<String, String> headers) {}

  static List<String> allTopics(Map<String, Object> kafka) {
    try (Admin admin = Admin.create(TopicSetup.adminConfig(kafka))) {
      return new ArrayList<>(admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
          .get(20, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every record, aborted transactions' too. */
  static List<Entry> read(Map<String, Object> kafka, String topic) {
    return read(kafka, topic, "read_uncommitted");
  }

  /** The records of committed transactions (and those written outside any). */
  static List<Entry> readCommitted(Map<String, Object> kafka, String topic) {
    return read(kafka, topic, "read_committed");
  }

  private static List<Entry> read(Map<String, Object> kafka, String topic, String isolation) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    List<Entry> entries = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + topic + " to its end");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Map<String, String> headers = new HashMap<>();
          r.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
          entries.add(new Entry(r.key(), r.value(), headers));
        }
      }
    }
    return entries;
  }

  private TopicDump() {}
}

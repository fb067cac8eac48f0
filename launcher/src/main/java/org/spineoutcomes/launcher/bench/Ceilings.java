package org.spineoutcomes.launcher.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.spineoutcomes.launcher.kafka.TopicSetup;
import org.spineoutcomes.schemas.Topics;

/** What Kafka itself reaches in the same run: the ceilings the pipeline's figures are measured against. */
final class Ceilings {

  static final List<String> INPUT_TOPICS = List.of(Topics.PROCEDURES.name(), Topics.FOLLOW_UPS.name(),
      Topics.CONSENT_WITHDRAWALS.name());
  /** Distinct pre-encoded records kept for the raw producer; it cycles through them. */
  private static final int SAMPLE = 50_000;

  private Ceilings() {}

  /**
   * A plain producer, configured as the ingest's (one request in flight per connection), sending as many records as the input topics hold, cycling
   * through a sample of their actual encoded keys and values (same sizes, same compressibility).
   *
   * @return records per second
   */
  static double rawProducer(Map<String, Object> kafka, long records, int partitions) throws Exception {
    List<byte[][]> sample = sampleInput(kafka);
    String topic = "bench-raw-producer";
    TopicSetup.createTopic(kafka, topic, partitions);
    Properties props = new Properties();
    props.putAll(kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    AtomicReference<Exception> failure = new AtomicReference<>();
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < records; i++) {
        byte[][] kv = sample.get((int) (i % sample.size()));
        producer.send(new ProducerRecord<>(topic, kv[0], kv[1]), (m, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return records / ((System.nanoTime() - start) / 1e9);
  }

  private static List<byte[][]> sampleInput(Map<String, Object> kafka) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    List<byte[][]> sample = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String t : INPUT_TOPICS) {
        consumer.partitionsFor(t).forEach(p -> partitions.add(new TopicPartition(t, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (sample.size() < SAMPLE && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (sample.size() < SAMPLE) {
            sample.add(new byte[][] {r.key(), r.value()});
          }
        }
      }
    }
    if (sample.isEmpty()) {
      throw new IllegalStateException("the input topics are empty: nothing to measure the raw producer with");
    }
    return sample;
  }

  /**
   * A pass-through Kafka Streams application under exactly_once_v2, with the pipeline's commit interval, from
   * the same input topics to a sink topic.
   *
   * @return input records per second, from start until its committed offsets reach the input's end
   */
  static double passThroughStreams(Map<String, Object> kafka, Map<String, Object> streamsConfig, long records,
      int partitions, java.nio.file.Path stateDir) throws Exception {
    String sink = "bench-pass-through-sink";
    TopicSetup.createTopic(kafka, sink, partitions);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(INPUT_TOPICS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(sink, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    Properties props = new Properties();
    props.putAll(streamsConfig);
    String appId = "bench-pass-through-" + System.currentTimeMillis();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    long start = System.nanoTime();
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
        Admin admin = Admin.create(TopicSetup.adminConfig(kafka))) {
      streams.start();
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      admin.describeTopics(INPUT_TOPICS).allTopicNames().get(20, TimeUnit.SECONDS).forEach((name, d) ->
          d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(request).all().get(20, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
      while (System.nanoTime() < deadline) {
        Thread.sleep(50);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
            .partitionsToOffsetAndMetadata().get(20, TimeUnit.SECONDS);
        boolean done = ends.entrySet().stream().allMatch(e -> e.getValue() == 0
            || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
        if (done) {
          return records / ((System.nanoTime() - start) / 1e9);
        }
      }
      throw new IllegalStateException("the pass-through application did not finish within 30 minutes");
    }
  }
}

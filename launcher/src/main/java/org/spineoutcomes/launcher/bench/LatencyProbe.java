package org.spineoutcomes.launcher.bench;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.ingest.publish.EventPublisher;
import org.spineoutcomes.schemas.Topics;

/**
 * End-to-end latency at a steady offered load: background events from a second simulated feed (ids prefixed so
 * they are new procedures), and every 100 ms one probe procedure of a hospital of its own. A probe's latency is
 * the time from its append (the producer's acknowledgement) to the first committed outcome-comparisons record of
 * its hospital's stratum: the moment a consumer could see it reflected.
 */
public final class LatencyProbe {

  public record Result(long probes, long seen, double p50Ms, double p99Ms, double maxMs, double offeredPerSecond) {}

  private static final String PROBE_HOSPITAL = "BENCH-PROBE-";
  private static final long PROBE_EVERY_NANOS = 100_000_000L;

  private LatencyProbe() {}

  static Result run(Map<String, Object> kafka, Pseudonymizer pseudonymizer, Path background, int eventsPerSecond,
      Duration duration, PrintStream progress, Supplier<String> backlog) throws Exception {
    Map<String, Long> appendedAt = new ConcurrentHashMap<>();
    Histogram histogram = new Histogram(3_600_000_000_000L, 3);
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader = new Thread(() -> readComparisons(kafka, appendedAt, histogram, stop), "latency-reader");
    reader.start();
    long probes = 0;
    long sent = 0;
    long start = System.nanoTime();
    try (EventPublisher publisher = new EventPublisher(kafka, pseudonymizer, Clock.systemUTC());
        BufferedReader lines = Files.newBufferedReader(background, StandardCharsets.UTF_8)) {
      long end = start + duration.toNanos();
      long nextProbe = start;
      long lastReport = start;
      while (System.nanoTime() < end) {
        long due = (long) ((System.nanoTime() - start) / 1e9 * eventsPerSecond);
        while (sent < due) {
          String line = lines.readLine();
          if (line == null) {
            throw new IllegalStateException("the background feed ran out after " + sent + " events");
          }
          publisher.publish("latency-background", sent + 1, prefixIds(line));
          sent++;
        }
        if (System.nanoTime() >= nextProbe) {
          String hospital = PROBE_HOSPITAL + String.format("%06d", probes);
          String key = Topics.comparisonKey("hospital", hospital, "blood_loss_ml");
          publisher.publish("latency-probe", probes + 1, probe(hospital, probes));
          publisher.flush();
          appendedAt.put(key, System.nanoTime());
          probes++;
          nextProbe += PROBE_EVERY_NANOS;
        }
        if (System.nanoTime() - lastReport > 5_000_000_000L) {
          lastReport = System.nanoTime();
          progress.printf("  latency: %,d events offered, %,d probes, %,d seen so far;%s%n", sent + probes, probes,
              histogram.getTotalCount(), backlog.get().replaceFirst("^ *streams:", ""));
        }
        Thread.sleep(1);
      }
      publisher.flush();
    }
    double offered = (sent + probes) / ((System.nanoTime() - start) / 1e9);
    long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (histogram.getTotalCount() < probes && System.nanoTime() < waitUntil) {
      Thread.sleep(100);
    }
    stop.set(true);
    reader.join();
    return new Result(probes, histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1e6,
        histogram.getValueAtPercentile(99) / 1e6, histogram.getMaxValue() / 1e6, offered);
  }

  private static void readComparisons(Map<String, Object> kafka, Map<String, Long> appendedAt, Histogram histogram,
      AtomicBoolean stop) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.OUTCOME_COMPARISONS.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      while (!stop.get()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
          Long at = appendedAt.remove(r.key());
          if (at != null) {
            synchronized (histogram) {
              histogram.recordValue(Math.max(0, System.nanoTime() - at));
            }
          }
        }
      }
    }
  }

  /** A second feed's line as new procedures and patients: the ids get a prefix. */
  static String prefixIds(String line) {
    return line.replace("\"procedureId\":\"", "\"procedureId\":\"L-").replace("\"patientId\":\"", "\"patientId\":\"L-");
  }

  private static String probe(String hospital, long n) {
    return "{\"type\":\"ProcedurePerformed\",\"eventId\":\"probe-" + n + "\",\"procedureId\":\"" + hospital
        + "-PROC-1\",\"hospitalId\":\"" + hospital + "\",\"surgeonId\":\"" + hospital + "-S01\",\"patientId\":\""
        + hospital + "-P1\",\"performedAt\":\"2025-06-02T08:00:00Z\",\"approach\":\"OPEN\","
        + "\"visualization\":\"NAKED_EYE\",\"technique\":\"LAMINECTOMY\",\"condition\":\"SPINAL_STENOSIS\","
        + "\"spinalRegion\":\"LUMBAR\",\"levels\":[\"L3-L4\"],\"incisionLengthMm\":100,\"operativeTimeMin\":90,"
        + "\"estimatedBloodLossMl\":250,\"patient\":{\"ageYears\":60,\"sex\":\"F\",\"asaClass\":2,\"bmi\":27.0,"
        + "\"smoker\":false,\"diabetic\":false},\"baseline\":{\"backPainNrs\":6,\"legPainNrs\":7,\"odi\":40},"
        + "\"intraoperativeComplications\":[]}";
  }
}

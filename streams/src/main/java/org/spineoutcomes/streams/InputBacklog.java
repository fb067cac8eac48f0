package org.spineoutcomes.streams;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * How many records this instance's stream threads have yet to read from the topics they consume (input and
 * repartition topics), from their consumers' own per-partition lag metrics ({@code records-lag}). A backfill
 * loaded faster than the streams read it is a backlog from its first record, long before any record is old enough
 * to show it; {@link FlushPacing} asks this as well as the records' age.
 */
public final class InputBacklog {

  /** The metrics are read at most this often; every task of the instance asks at each punctuation. */
  static final long REFRESH_MS = 500;

  private volatile Supplier<Map<MetricName, ? extends Metric>> metrics = Map::of;
  private boolean read;
  private long readAt;
  private long records;

  /** The metrics of the running application ({@code KafkaStreams::metrics}); until then the backlog reads 0. */
  public void readFrom(Supplier<Map<MetricName, ? extends Metric>> metrics) {
    this.metrics = metrics;
  }

  /** Records not yet read, summed over the partitions of this instance's stream threads' main consumers. */
  public synchronized long records(long now) {
    if (read && now >= readAt && now - readAt < REFRESH_MS) {
      return records;
    }
    long sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.get().entrySet()) {
      MetricName name = e.getKey();
      if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
          && isMainConsumer(name.tags().get("client-id"))
          && e.getValue().metricValue() instanceof Number lag && lag.doubleValue() > 0) {
        sum += (long) lag.doubleValue();
      }
    }
    read = true;
    readAt = now;
    records = sum;
    return sum;
  }

  /** Kafka Streams names its clients "...-StreamThread-N-consumer", "...-restore-consumer", "...-global-consumer". */
  static boolean isMainConsumer(String clientId) {
    return clientId != null && clientId.endsWith("-consumer") && !clientId.endsWith("-restore-consumer")
        && !clientId.endsWith("-global-consumer");
  }
}

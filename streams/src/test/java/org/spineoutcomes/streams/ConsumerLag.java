package org.spineoutcomes.streams;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** Consumer lag metrics as Kafka's clients name them, for tests of what reads them ({@link InputBacklog}). */
public final class ConsumerLag {

  private final Map<MetricName, Metric> metrics = new HashMap<>();

  /** The `records-lag` of one partition as a client reports it. */
  public ConsumerLag lag(String clientId, String topic, int partition, double records) {
    MetricName name = new MetricName("records-lag", "consumer-fetch-manager-metrics", "",
        Map.of("client-id", clientId, "topic", topic, "partition", Integer.toString(partition)));
    metrics.put(name, new Metric() {
      @Override
      public MetricName metricName() {
        return name;
      }

      @Override
      public Object metricValue() {
        return records;
      }
    });
    return this;
  }

  public Map<MetricName, Metric> metrics() {
    return metrics;
  }

  /** A backlog reading that many records waiting on one input partition of a stream thread. */
  public static InputBacklog waiting(long records) {
    InputBacklog backlog = new InputBacklog();
    ConsumerLag lag = new ConsumerLag().lag("app-StreamThread-1-consumer", "follow-ups", 0, records);
    backlog.readFrom(lag::metrics);
    return backlog;
  }
}

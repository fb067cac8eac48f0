package org.spineoutcomes.launcher.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.spineoutcomes.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks the cluster is reachable and creates the catalogue's topics, waiting until every partition has a leader. */
public final class TopicSetup {

  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
  private static final Duration REACH_TIMEOUT = Duration.ofSeconds(20);

  /** Thrown when the brokers at bootstrap.servers cannot be reached; the message says what to do. */
  public static final class UnreachableClusterException extends RuntimeException {
    public UnreachableClusterException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static Map<String, Object> adminConfig(Map<String, Object> kafka) {
    Map<String, Object> m = new HashMap<>();
    for (String key : AdminClientConfig.configNames()) {
      if (kafka.containsKey(key)) {
        m.put(key, kafka.get(key));
      }
    }
    int timeoutMs = (int) reachTimeout(kafka).toMillis();
    m.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    m.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    return m;
  }

  /** How long to wait for the cluster: Kafka's default.api.timeout.ms when configured, else 20 s. */
  static Duration reachTimeout(Map<String, Object> kafka) {
    Object configured = kafka.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
    return configured == null ? REACH_TIMEOUT : Duration.ofMillis(Long.parseLong(configured.toString().trim()));
  }

  /** Fails with {@link UnreachableClusterException} if no broker answers in time (see reachTimeout). */
  public static void checkReachable(Map<String, Object> kafka) {
    try (Admin admin = Admin.create(adminConfig(kafka))) {
      admin.describeCluster().nodes().get(reachTimeout(kafka).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw unreachable(kafka, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(kafka, e);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw unreachable(kafka, e);
    }
  }

  /** Creates any missing topic of the catalogue with `partitions` partitions and waits for their leaders. */
  public static void createTopics(Map<String, Object> kafka, int partitions, short replicationFactor) {
    ensure(kafka, Topics.ALL.stream()
        .map(topic -> new NewTopic(topic.name(), partitions, replicationFactor).configs(Topics.configOf(topic)))
        .toList());
  }

  /** Creates one topic outside the catalogue (the benchmark's sinks) unless it exists, and waits for leaders. */
  public static void createTopic(Map<String, Object> kafka, String name, int partitions) {
    ensure(kafka, List.of(new NewTopic(name, partitions, (short) -1)));
  }

  private static void ensure(Map<String, Object> kafka, List<NewTopic> wanted) {
    try (Admin admin = Admin.create(adminConfig(kafka))) {
      Set<String> existing = admin.listTopics().names().get(REACH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
      if (!missing.isEmpty()) {
        create(admin, missing);
        log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
      }
      awaitLeaders(admin, wanted.stream().map(NewTopic::name).toList());
    } catch (TimeoutException e) {
      throw unreachable(kafka, e);
    } catch (ExecutionException e) {
      throw failed(kafka, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    }
  }

  // Producing before every partition has a leader can stall an idempotent producer; wait instead.
  private static void awaitLeaders(Admin admin, List<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + REACH_TIMEOUT.toNanos();
    while (true) {
      if (leadersKnown(admin, topics)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("Partitions of " + topics + " have no leader after " + REACH_TIMEOUT);
      }
      Thread.sleep(100);
    }
  }

  // A topic the controller has just created may not be in the answering broker's metadata yet: not ready, not an error.
  private static boolean leadersKnown(Admin admin, List<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, TopicDescription> descriptions;
    try {
      descriptions = admin.describeTopics(topics).allTopicNames().get(REACH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw e;
    }
    return descriptions.values().stream()
        .flatMap(d -> d.partitions().stream())
        .map(TopicPartitionInfo::leader)
        .allMatch(leader -> leader != null && !leader.isEmpty());
  }

  // Another client may create the same topics at the same moment; what matters is that they exist.
  private static void create(Admin admin, List<NewTopic> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      admin.createTopics(topics).all().get(REACH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  // The cluster answered but refused (an invalid name, too few brokers, no authorisation): say what it said.
  private static RuntimeException failed(Map<String, Object> kafka, ExecutionException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
      return unreachable(kafka, e);
    }
    return new IllegalStateException("Kafka at " + kafka.get("bootstrap.servers") + " refused to set up topics: "
        + cause.getMessage(), cause);
  }

  private static UnreachableClusterException unreachable(Map<String, Object> kafka, Exception cause) {
    return new UnreachableClusterException("Cannot reach Kafka at " + kafka.get("bootstrap.servers")
        + " within " + reachTimeout(kafka).toMillis() / 1000.0 + " s (" + cause.getClass().getSimpleName() + "). "
        + "Check --bootstrap-servers (or SPINE_BOOTSTRAP_SERVERS), or leave it out to use the embedded broker.",
        cause);
  }

  private TopicSetup() {}
}

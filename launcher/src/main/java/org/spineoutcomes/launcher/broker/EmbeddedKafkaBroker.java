package org.spineoutcomes.launcher.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Apache Kafka broker (KRaft, combined broker and controller) started in-process from
 * Kafka's own classes, on loopback ports chosen at start, with its log directory in a temporary folder that
 * is deleted on close. For the demo, replays and integration tests; not for production.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private final Path dataDir;
  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private boolean closed;

  private EmbeddedKafkaBroker(Path dataDir, KafkaRaftServer server, String bootstrapServers) {
    this.dataDir = dataDir;
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /** Formats a fresh log directory and starts the broker; returns once it accepts connections. */
  public static EmbeddedKafkaBroker start(int partitions) {
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("spine-outcomes-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary directory for the embedded broker", e);
    }
    int brokerPort = freePort();
    int controllerPort = freePort();
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", dataDir.resolve("logs").toString());
    props.put("num.partitions", String.valueOf(partitions));
    props.put("default.replication.factor", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("log.cleaner.backoff.ms", "1000");
    // The cleaner's key map is a heap buffer, 128 MiB by default: in-process that is an eighth of a 1 GiB heap,
    // held for the broker's life. 16 MiB still maps about 600,000 keys per cleaning pass.
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
    props.put("auto.create.topics.enable", "false");
    try {
      Path configFile = dataDir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(configFile)) {
        props.store(out, "embedded spine-outcomes broker");
      }
      ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
      int rc = StorageTool.execute(new String[] {"format", "--config", configFile.toString(),
          "--cluster-id", Uuid.randomUuid().toString(), "--ignore-formatted"},
          new PrintStream(formatOutput, true, StandardCharsets.UTF_8));
      if (rc != 0) {
        throw new IllegalStateException("Formatting the embedded broker's storage failed: "
            + formatOutput.toString(StandardCharsets.UTF_8));
      }
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      String bootstrap = "127.0.0.1:" + brokerPort;
      log.info("Embedded Kafka broker listening on {} (data in {})", bootstrap, dataDir);
      return new EmbeddedKafkaBroker(dataDir, server, bootstrap);
    } catch (IOException e) {
      deleteQuietly(dataDir);
      throw new UncheckedIOException("Cannot write the embedded broker's configuration", e);
    } catch (RuntimeException e) {
      deleteQuietly(dataDir);
      throw e;
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      deleteQuietly(dataDir);
    }
    log.info("Embedded Kafka broker stopped");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port for the embedded broker", e);
    }
  }

  static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("Could not delete {}: {}", dir, e.getMessage());
    }
  }
}

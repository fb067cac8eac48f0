package org.spineoutcomes.launcher.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {

  /**
   * The in-process broker shares the pipeline's heap: its log cleaner's key map (a heap buffer of 128 MiB by
   * default) is kept small, and the broker really runs with it.
   */
  @Test
  void theLogCleanersKeyMapTakesSixteenMebibytesOfTheSharedHeapNotTheDefault128() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(1);
        Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
      Config config = admin.describeConfigs(List.of(node)).all().get(30, TimeUnit.SECONDS).get(node);
      assertThat(config.get("log.cleaner.dedupe.buffer.size").value()).isEqualTo(String.valueOf(16 * 1024 * 1024));
      assertThat(config.get("log.cleaner.enable").value()).isEqualTo("true");
    }
  }
}

package org.spineoutcomes.launcher.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.launcher.broker.EmbeddedKafkaBroker;

/** Topic creation on a real broker: a topic just created may not be in the broker's metadata yet. */
class TopicSetupTest {

  private static EmbeddedKafkaBroker broker;
  private static Map<String, Object> kafka;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafkaBroker.start(3);
    kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void aNewTopicIsUsableAsSoonAsCreateTopicReturns() throws Exception {
    for (int i = 0; i < 20; i++) {
      TopicSetup.createTopic(kafka, "fresh-" + i, 3);
    }
    TopicSetup.createTopic(kafka, "fresh-0", 3);
    try (Admin admin = Admin.create(TopicSetup.adminConfig(kafka))) {
      Set<String> names = admin.listTopics().names().get(20, TimeUnit.SECONDS);
      for (int i = 0; i < 20; i++) {
        assertThat(names).contains("fresh-" + i);
      }
    }
  }

  @Test
  void aRefusedTopicSaysWhyRatherThanBlamingTheConnection() {
    assertThatThrownBy(() -> TopicSetup.createTopic(kafka, "bad/name", 3))
        .isNotInstanceOf(TopicSetup.UnreachableClusterException.class)
        .hasMessageContaining("bad/name");
  }
}

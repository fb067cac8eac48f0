package org.spineoutcomes.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A dashboard whose cluster is away keeps serving, says so, and keeps trying. */
class DashboardWithoutKafkaTest {

  @Test
  void saysKafkaIsNotAnsweringAndKeepsServing() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Map<String, Object> kafka = Map.of("bootstrap.servers", "127.0.0.1:" + closedPort,
        "default.api.timeout.ms", "800", "request.timeout.ms", "500", "reconnect.backoff.max.ms", "200");
    try (Dashboard dashboard = Dashboard.start(kafka, Dashboard.Options.localhost(0))) {
      long deadline = System.nanoTime() + 15_000_000_000L;
      while (dashboard.state().problem() == null && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(dashboard.state().problem()).contains("Kafka is not answering");
      HttpResponse<String> status = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(dashboard.url().resolve("/api/status")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).contains("Kafka is not answering").contains("\"caughtUp\":false");
    }
  }
}

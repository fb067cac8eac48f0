package org.spineoutcomes.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP side without Kafka: a state filled by hand, served on a free loopback port. */
class DashboardServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "test-token-0123456789";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final DashboardState state = new DashboardState();
  private DashboardServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private DashboardServer start(String token) {
    state.putComparison("overall/all/blood_loss_ml",
        Fixtures.continuous("overall", "all", "blood_loss_ml", 200, 300, 210, 120));
    state.putComparison("condition/SPINAL_TUMOR/blood_loss_ml",
        Fixtures.suppressedMicroscopic("condition", "SPINAL_TUMOR", "blood_loss_ml"));
    server = DashboardServer.start(state, "127.0.0.1", 0, AccessRule.forBinding("127.0.0.1", token));
    return server;
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageWithItsChartingLibraryFromTheClasspath() throws Exception {
    start(null);
    HttpResponse<String> page = get("/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
    assertThat(page.body()).doesNotContain("${").doesNotContain("https://").doesNotContain("http://");

    Matcher script = Pattern.compile("src=\"(/webjars/chart\\.js/[^\"]+)\"").matcher(page.body());
    assertThat(script.find()).as("the page loads Chart.js from its WebJar").isTrue();
    HttpResponse<String> chart = get(script.group(1), null);
    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.body()).contains("Chart").hasSizeGreaterThan(100_000);

    assertThat(get("/app.js", null).statusCode()).isEqualTo(200);
    assertThat(get("/app.css", null).statusCode()).isEqualTo(200);
  }

  @Test
  void answersTheApi() throws Exception {
    start(null);
    JsonNode headline = JSON.readTree(get("/api/headline", null).body());
    assertThat(headline.get("metrics").get(0).get("metric").get("id").asText()).isEqualTo("blood_loss_ml");
    assertThat(headline.get("metrics").get(0).get("comparison").get("open").get("n").asInt()).isEqualTo(200);
    assertThat(headline.get("metrics").get(1).get("comparison").isNull()).as("no data yet").isTrue();

    HttpResponse<String> strata = get("/api/strata?dimension=condition&metric=blood_loss_ml", null);
    assertThat(strata.headers().firstValue("Cache-Control").orElse("")).isEqualTo("no-store");
    JsonNode doc = JSON.readTree(strata.body());
    assertThat(doc.get("strata").get(0).get("microscopic").toString()).isEqualTo("{\"suppressed\":true}");
    assertThat(ComparisonJsonTest.numbersUnderSuppressed(doc)).isEmpty();

    assertThat(get("/api/strata?dimension=condition", null).statusCode()).isEqualTo(400);
    assertThat(get("/api/comparisons/overall/all/blood_loss_ml", null).statusCode()).isEqualTo(200);
    assertThat(get("/api/comparisons/overall/all/no_such_metric", null).statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(get("/api/comparisons?dimension=condition", null).body())).hasSize(1);
    assertThat(JSON.readTree(get("/api/metrics", null).body()).get("dimensions").get("condition").get(0).asText())
        .isEqualTo("SPINAL_TUMOR");
    assertThat(JSON.readTree(get("/api/data-quality", null).body()).get("deadLettered").get("total").asInt())
        .isZero();
    assertThat(JSON.readTree(get("/api/monitoring", null).body()).get("published").asBoolean()).isFalse();
    assertThat(JSON.readTree(get("/api/status", null).body()).get("comparisons").asInt()).isEqualTo(2);
  }

  @Test
  void answersTheMonitoringApi() throws Exception {
    state.putProviderPerformance("hospital/H01", Fixtures.performance(
        org.spineoutcomes.schemas.ProviderType.HOSPITAL, "H01", null, 150, 10, 10.0, 150));
    start(null);
    JsonNode doc = JSON.readTree(get("/api/monitoring", null).body());
    assertThat(doc.get("published").asBoolean()).isTrue();
    assertThat(doc.get("hospitals").get(0).get("key").asText()).isEqualTo("hospital/H01");
    assertThat(doc.get("hospitals").get(0).has("series")).as("points are served per provider").isFalse();
    HttpResponse<String> series = get("/api/monitoring/series?provider=hospital/H01", null);
    assertThat(series.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(series.body()).get("series")).hasSize(150);
    assertThat(get("/api/monitoring/series?provider=hospital/H99", null).statusCode()).isEqualTo(404);
    assertThat(get("/api/monitoring/series", null).statusCode()).isEqualTo(400);
  }

  @Test
  void withATokenTheApiNeedsItButThePageDoesNot() throws Exception {
    start(TOKEN);
    assertThat(get("/", null).statusCode()).as("the page holds no data").isEqualTo(200);
    HttpResponse<String> refused = get("/api/headline", null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).doesNotContain("blood_loss_ml");
    assertThat(get("/api/headline", "Bearer wrong-token-wrong-token").statusCode()).isEqualTo(401);
    assertThat(get("/api/events", null).statusCode()).isEqualTo(401);
    assertThat(get("/api/monitoring/series?provider=hospital/H01", null).statusCode()).isEqualTo(401);
    assertThat(get("/api/headline", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    assertThat(get("/api/headline?token=" + TOKEN, null).statusCode()).isEqualTo(200);
  }

  @Test
  void pushesANewVersionToConnectedPages() throws Exception {
    start(null);
    HttpRequest request = HttpRequest.newBuilder(server.url().resolve("/api/events"))
        .header("Accept", "text/event-stream").build();
    HttpResponse<Stream<String>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
        .get(10, TimeUnit.SECONDS);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> response.body().forEach(lines::add));
    reader.setDaemon(true);
    reader.start();

    long first = nextVersion(lines);
    assertThat(first).isEqualTo(state.version());
    state.putComparison("overall/all/complication_90d",
        Fixtures.continuous("overall", "all", "complication_90d", 50, 0.1, 60, 0.05));
    assertThat(nextVersion(lines)).isEqualTo(first + 1);
  }

  @Test
  void aTakenPortFailsWithABindException() {
    start(null);
    int taken = server.port();
    assertThatThrownBy(() -> DashboardServer.start(new DashboardState(), "127.0.0.1", taken,
        AccessRule.forBinding("127.0.0.1", null)))
        .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(BindException.class);
  }

  private static long nextVersion(BlockingQueue<String> lines) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    boolean update = false;
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line == null) {
        continue;
      }
      if (line.startsWith("event:")) {
        update = line.substring(6).trim().equals("update");
      } else if (update && line.startsWith("data:")) {
        return JSON.readTree(line.substring(5).trim()).get("version").asLong();
      }
    }
    throw new AssertionError("no update event within 10 s");
  }

}

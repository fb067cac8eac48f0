package org.spineoutcomes.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.spineoutcomes.dashboard.Dashboard;
import org.spineoutcomes.dashboard.Metrics;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.ingest.publish.EventPublisher;
import org.spineoutcomes.ingest.publish.IngestSummary;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.launcher.kafka.ComparisonsReader;
import org.spineoutcomes.launcher.kafka.Pipeline;
import org.spineoutcomes.launcher.riskmodel.RiskModelFitter;
import org.spineoutcomes.schemas.AdjustedComparison;
import org.spineoutcomes.schemas.ArmFigures;
import org.spineoutcomes.schemas.CusumChart;
import org.spineoutcomes.schemas.MetricKind;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.PooledEstimate;
import org.spineoutcomes.schemas.ProviderPerformance;
import org.spineoutcomes.schemas.ProviderType;
import org.spineoutcomes.schemas.QualityAlert;
import org.spineoutcomes.schemas.RejectionReason;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.streams.OutcomesStreams;

/**
 * The dashboard end to end, as a quality lead sees it: the real pipeline on an embedded broker, the dashboard
 * reading its compacted topics, and the page in headless Chromium (Debian's chromium and chromedriver, driven
 * by Selenium). The headline on the page must equal the topic's figures, a suppressed cell must say so, the page
 * must follow new events without a reload, provider monitoring must show the providers' figures once a risk model
 * is published, and a restarted dashboard must show the same figures from the compacted topics alone. Skipped,
 * with the reason, where Chromium is not installed (.ci/run installs it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardEndToEndTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PAGE_WAIT = Duration.ofSeconds(30);
  /** The first part of the acceptance data set is fed first; the rest must then move the page. */
  private static final int FIRST_PART = 2000;

  private Pipeline pipeline;
  private Dashboard dashboard;
  private ChromeDriverService service;
  private ChromeDriver browser;
  private Path profile;
  private List<String> lines;
  private EventPublisher publisher;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Headless Chromium is not installed (" + CHROMIUM + " and " + CHROMEDRIVER + "): "
            + "apt-get install chromium chromium-driver to run the dashboard's end-to-end test (.ci/run does)");
    Path dir = Path.of(System.getProperty("acceptance.dir", "../testdata/acceptance"));
    lines = Files.readAllLines(dir.resolve("events.jsonl"), StandardCharsets.UTF_8);
    PipelineConfig config = PipelineConfig.load(null, Map.of(),
        Map.of(PipelineConfig.EMIT_INTERVAL_MS, "300", PipelineConfig.PSEUDONYM_SECRET, "dashboard-test"));
    pipeline = Pipeline.start(config);
    publisher = new EventPublisher(pipeline.kafka(), new Pseudonymizer("dashboard-test"), Clock.systemUTC());
    dashboard = Dashboard.start(pipeline.kafka(), Dashboard.Options.localhost(0));

    Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE); // no CDP-version chatter
    // Both paths are given, so Selenium Manager never looks for (or downloads) a browser or a driver.
    service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
        .build();
    profile = Files.createTempDirectory("dashboard-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,1000", "--hide-scrollbars",
        "--force-device-scale-factor=1");
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (publisher != null) {
      publisher.close();
    }
    if (dashboard != null) {
      dashboard.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
    if (profile != null) {
      try (var paths = Files.walk(profile)) {
        paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  void showsTheTopicsFiguresFollowsNewEventsAndRebuildsAfterARestart() throws Exception {
    // 1. Part of the events: the page shows exactly the headline figures on the published topic.
    feed(0, FIRST_PART);
    Map<String, OutcomeComparison> before = ComparisonsReader.readLatest(pipeline.kafka(), Topics.PUBLISHED_COMPARISONS);
    browser.get(dashboard.url().toString());
    awaitHeadlineEquals(before, "after the first " + FIRST_PART + " lines");

    // 2. A suppressed arm is shown as suppressed, never as a number.
    checkSuppressedCell(before);

    // 3. The rest of the events: the page moves without a reload.
    ((JavascriptExecutor) browser).executeScript("window.notReloaded = 'yes';");
    int rendersBefore = Integer.parseInt(browser.findElement(By.tagName("body")).getAttribute("data-renders"));
    feed(FIRST_PART, lines.size());
    Map<String, OutcomeComparison> after = ComparisonsReader.readLatest(pipeline.kafka(), Topics.PUBLISHED_COMPARISONS);
    String bloodLoss = Topics.comparisonKey("overall", "all", "blood_loss_ml");
    assertThat(after.get(bloodLoss).getOpen().getN()).as("the second part adds procedures")
        .isGreaterThan(before.get(bloodLoss).getOpen().getN());
    awaitHeadlineEquals(after, "after all lines, without a reload");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded;")).isEqualTo("yes");
    assertThat(Integer.parseInt(browser.findElement(By.tagName("body")).getAttribute("data-renders")))
        .isGreaterThan(rendersBefore);
    checkDataQuality(publisher.summary());
    checkMonitoringWithoutAModel();

    // 4. Provider monitoring: fit the risk model from the outcome records and publish it, as a hospital would;
    //    once the streams have re-scored every provider with it, the page shows each provider as on the topic.
    Instant fittedAt = publishRiskModel();
    Map<String, ProviderPerformance> performance = awaitScoredWith(fittedAt);
    Map<String, QualityAlert> alerts = ComparisonsReader.readLatest(pipeline.kafka(), Topics.QUALITY_ALERTS);
    checkMonitoring(performance, alerts, fittedAt, "after the risk model was published");
    Map<String, Map<String, String>> shown = headlineOnPage();
    screenshot();

    // 5. An alert published, then withdrawn by a tombstone (as when a correction undoes a signal): the page lists
    //    it first, without its procedure ids, and charts its provider; then drops it. A test record, so it is never
    //    in the screenshot, and the topic is as the streams left it afterwards.
    checkAnAlertComesAndGoes(performance, alerts, fittedAt);

    // 6. Restart the dashboard with the streams application stopped: the compacted topics alone rebuild it.
    dashboard.close();
    pipeline.streams().close();
    dashboard = Dashboard.start(pipeline.kafka(), Dashboard.Options.localhost(0));
    browser.get(dashboard.url().toString());
    awaitHeadlineEquals(after, "after a restart of the dashboard");
    assertThat(headlineOnPage()).as("the same figures as before the restart").isEqualTo(shown);
    checkMonitoring(performance, alerts, fittedAt, "after a restart of the dashboard");
  }

  private void checkAnAlertComesAndGoes(Map<String, ProviderPerformance> performance,
      Map<String, QualityAlert> alerts, Instant fittedAt) throws Exception {
    ProviderPerformance hospital = performance.values().stream()
        .filter(p -> p.getProviderType() == ProviderType.HOSPITAL && !p.getSuppressed())
        .reduce((first, second) -> second).orElseThrow();
    LocalDate day = hospital.getSeries().get(hospital.getSeries().size() - 1).getDay();
    for (QualityAlert a : alerts.values()) {
      day = a.getSignalledOn().isAfter(day) ? a.getSignalledOn() : day;
    }
    String procedureId = hospital.getProviderId() + "-PROC-TEST-ALERT";
    String key = "hospital/" + hospital.getProviderId() + "/UPPER/" + procedureId;
    QualityAlert alert = QualityAlert.newBuilder().setProviderType(ProviderType.HOSPITAL)
        .setProviderId(hospital.getProviderId()).setChart(CusumChart.UPPER).setSignalledOn(day).setValue(4.62)
        .setLimit(4.5).setOddsRatio(2).setCasesSinceReset(41).setObservedSinceReset(11).setExpectedSinceReset(4.4)
        .setLastProcedureIds(List.of(hospital.getProviderId() + "-PROC-TEST-REVIEW", procedureId))
        .setComputedAt(Instant.now()).build();
    send(Topics.QUALITY_ALERTS, key, Topics.QUALITY_ALERT_SERDE.encode(alert));
    Map<String, QualityAlert> withIt = new HashMap<>(alerts);
    withIt.put(key, alert);
    checkMonitoring(performance, withIt, fittedAt, "with a test alert");
    WebElement row = browser.findElement(By.cssSelector("#alert-table tbody tr:first-child"));
    assertThat(row.getAttribute("data-provider")).isEqualTo("hospital/" + hospital.getProviderId());
    assertThat(row.findElement(By.cssSelector("[data-field='value']")).getText()).isEqualTo("+4.62 / 4.5");
    assertThat(row.findElement(By.cssSelector("[data-field='casesSinceReset']")).getAttribute("data-value"))
        .isEqualTo("41");

    send(Topics.QUALITY_ALERTS, key, null);
    checkMonitoring(performance, alerts, fittedAt, "after the test alert was withdrawn");
  }

  private void send(Topics.Topic<String, ?> topic, String key, byte[] value) throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafka().get("bootstrap.servers"));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic.name(), Topics.STRING.serializer().serialize(topic.name(), key), value))
          .get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Before any risk model is published the providers have observed figures only: the page says so, draws no
   * funnel or chart, and shows each hospital's observed complications as on the topic, with no expected count.
   */
  private void checkMonitoringWithoutAModel() {
    List<String> mismatches = new ArrayList<>();
    try {
      new WebDriverWait(browser, PAGE_WAIT, Duration.ofSeconds(1)).until(d -> {
        mismatches.clear();
        Map<String, ProviderPerformance> topic =
            ComparisonsReader.readLatest(pipeline.kafka(), Topics.PROVIDER_PERFORMANCE);
        JsonNode page;
        try {
          page = monitoringOnPage();
        } catch (IOException e) {
          mismatches.add(e.toString());
          return false;
        }
        if (topic.values().stream().noneMatch(p -> p.getProviderType() == ProviderType.HOSPITAL && !p.getSuppressed())) {
          mismatches.add("no hospital with 11 scored cases on the topic yet");
        }
        if (topic.values().stream().anyMatch(p -> p.getModelFittedAt() != null)) {
          mismatches.add("a provider on the topic is scored with a model already");
        }
        if (!"false".equals(d.findElement(By.id("monitoring")).getAttribute("data-model"))
            || !"true".equals(d.findElement(By.id("monitoring")).getAttribute("data-published"))) {
          mismatches.add("the page does not show providers without a model");
        }
        if (page.get("points").size() != 0 || page.get("drawn").asInt() != -1 || !page.get("cusumProvider").asText().isEmpty()) {
          mismatches.add("a funnel or chart is drawn without a model: " + page.get("points") + ", "
              + page.get("cusumProvider"));
        }
        Map<String, String> shownObserved = new TreeMap<>();
        d.findElements(By.cssSelector("#provider-table tbody tr[data-suppressed='false']")).forEach(tr ->
            shownObserved.put(tr.getAttribute("data-provider"),
                tr.findElement(By.cssSelector("[data-field='observed']")).getAttribute("data-value") + " E="
                    + tr.findElement(By.cssSelector("[data-field='expected']")).getAttribute("data-value")));
        Map<String, String> topicObserved = new TreeMap<>();
        topic.forEach((key, p) -> {
          if (p.getProviderType() == ProviderType.HOSPITAL && !p.getSuppressed()) {
            topicObserved.put(key, p.getObserved() + " E=");
          }
        });
        if (!shownObserved.equals(topicObserved)) {
          mismatches.add("observed complications: page " + shownObserved + ", topic " + topicObserved);
        }
        return mismatches.isEmpty();
      });
    } catch (TimeoutException e) {
      // reported below
    }
    assertThat(mismatches).as("monitoring before any risk model").isEmpty();
    WebElement note = browser.findElement(By.id("monitoring-note"));
    assertThat(note.isDisplayed()).isTrue();
    assertThat(note.getText()).contains("No risk model is published yet");
    assertThat(browser.findElement(By.id("funnel-empty")).getText()).contains("without a risk model");
  }

  /** Fits the 90-day complication risk model from the streams' outcome records and publishes it. */
  private Instant publishRiskModel() {
    // The topic keeps milliseconds (timestamp_ms): fit with a time it can hold, so the two compare equal.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    RiskModelFitter.Fit fit = RiskModelFitter.fit(pipeline.kafka(), OutcomesStreams.DEFAULT_APPLICATION_ID, now);
    assertThat(fit.model().getEvents()).as("complications to fit on").isGreaterThanOrEqualTo(RiskModelFitter.MIN_EVENTS);
    RiskModelFitter.publish(pipeline.kafka(), fit.model());
    return fit.model().getFittedAt();
  }

  /** The providers on provider-performance once every one that is not suppressed is scored with the model. */
  private Map<String, ProviderPerformance> awaitScoredWith(Instant fittedAt) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      Map<String, ProviderPerformance> latest =
          ComparisonsReader.readLatest(pipeline.kafka(), Topics.PROVIDER_PERFORMANCE);
      if (latest.values().stream().anyMatch(p -> !p.getSuppressed())
          && latest.values().stream().allMatch(p -> p.getSuppressed() || fittedAt.equals(p.getModelFittedAt()))) {
        pipeline.awaitSettled(Duration.ofMinutes(1));
        return ComparisonsReader.readLatest(pipeline.kafka(), Topics.PROVIDER_PERFORMANCE);
      }
      assertThat(System.nanoTime()).as("providers re-scored with the model within 90 s").isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  /**
   * The monitoring section against the topics: the model's date, one funnel point per provider that is not
   * suppressed (O/E as on the topic, through the points' data attribute and the provider table's), suppressed
   * providers without a number, every alert newest first and without a procedure id, and a provider's charts.
   */
  private void checkMonitoring(Map<String, ProviderPerformance> performance, Map<String, QualityAlert> alerts,
      Instant fittedAt, String when) throws Exception {
    for (String type : List.of("surgeons", "hospitals")) { // hospitals last: the screenshot shows them
      new Select(browser.findElement(By.id("monitoring-type"))).selectByValue(type);
      List<String> mismatches = new ArrayList<>();
      try {
        new WebDriverWait(browser, PAGE_WAIT, Duration.ofMillis(250)).until(d -> {
          mismatches.clear();
          mismatches.addAll(monitoringMismatches(type, performance, alerts, fittedAt));
          return mismatches.isEmpty();
        });
      } catch (TimeoutException e) {
        // reported below
      }
      assertThat(mismatches).as("monitoring (" + type + ") on the page vs the topics, " + when).isEmpty();
    }
    long hospitals = performance.values().stream()
        .filter(p -> p.getProviderType() == ProviderType.HOSPITAL && !p.getSuppressed()).count();
    JsonNode page = monitoringOnPage();
    assertThat(hospitals).as("hospitals scored").isPositive();
    assertThat(page.get("points")).as("one funnel point per hospital not suppressed").hasSize((int) hospitals);
    assertThat(page.get("drawn").asInt()).isEqualTo((int) hospitals);
  }

  /** The monitoring section as the page shows it, read in one go. */
  private JsonNode monitoringOnPage() throws IOException {
    String json = (String) ((JavascriptExecutor) browser).executeScript(
        "const sec = document.getElementById('monitoring');"
            + "const canvas = document.getElementById('funnel-chart');"
            + "const chart = Chart.getChart(canvas);"
            + "return JSON.stringify({ fittedAt: sec.dataset.modelFittedAt || '', type: sec.dataset.type,"
            + " points: JSON.parse(canvas.dataset.points || '[]'),"
            + " drawn: chart && !canvas.parentElement.hidden ? chart.data.datasets[0].data.length : -1,"
            + " rows: [...document.querySelectorAll('#provider-table tbody tr')].map(tr => ({ key: tr.dataset.provider,"
            + "   suppressed: tr.dataset.suppressed === 'true', values: tr.querySelectorAll('[data-value]').length,"
            + "   oe: tr.querySelector('[data-field=oe]') ? tr.querySelector('[data-field=oe]').dataset.value : null,"
            + "   cells: [...tr.querySelectorAll('td')].map(td => td.textContent.trim()).join(' | ') })),"
            + " alerts: [...document.querySelectorAll('#alert-table tbody tr')].map(tr =>"
            + "   tr.dataset.provider + '|' + tr.dataset.chart + '|' + tr.dataset.day),"
            + " cusumProvider: sec.dataset.cusumProvider || '',"
            + " cusumPoints: document.getElementById('cusum-chart').dataset.points || '',"
            + " html: document.body.innerHTML });");
    return JSON.readTree(json);
  }

  private List<String> monitoringMismatches(String type, Map<String, ProviderPerformance> performance,
      Map<String, QualityAlert> alerts, Instant fittedAt) {
    List<String> out = new ArrayList<>();
    JsonNode page;
    try {
      page = monitoringOnPage();
    } catch (IOException e) {
      return List.of("unreadable: " + e);
    }
    if (!page.get("type").asText().equals(type)) {
      return List.of("the page shows " + page.get("type").asText() + ", not " + type);
    }
    if (!page.get("fittedAt").asText().equals(fittedAt.toString())) {
      out.add("model fitted at: page '" + page.get("fittedAt").asText() + "', topic " + fittedAt);
    }
    ProviderType providerType = type.equals("hospitals") ? ProviderType.HOSPITAL : ProviderType.SURGEON;
    Map<String, ProviderPerformance> ofType = new TreeMap<>();
    performance.forEach((key, p) -> {
      if (p.getProviderType() == providerType) {
        ofType.put(key, p);
      }
    });
    Map<String, Double> expectedPoints = new TreeMap<>();
    ofType.forEach((key, p) -> {
      if (!p.getSuppressed()) {
        expectedPoints.put(key, p.getOe());
      }
    });
    Map<String, Double> pagePoints = new TreeMap<>();
    page.get("points").forEach(pt -> pagePoints.put(pt.get("key").asText(), pt.get("oe").asDouble()));
    if (!pagePoints.equals(expectedPoints)) {
      out.add("funnel points (key -> O/E): page " + pagePoints + ", topic " + expectedPoints);
    }
    if (page.get("drawn").asInt() != expectedPoints.size()) {
      out.add("points drawn in the funnel: " + page.get("drawn").asInt() + ", topic " + expectedPoints.size());
    }
    Map<String, JsonNode> rows = new HashMap<>();
    page.get("rows").forEach(r -> rows.put(r.get("key").asText(), r));
    if (!rows.keySet().equals(ofType.keySet())) {
      out.add("provider table: page " + new TreeSet<>(rows.keySet()) + ", topic " + ofType.keySet());
    }
    ofType.forEach((key, p) -> {
      JsonNode row = rows.get(key);
      if (row == null) {
        return;
      }
      if (p.getSuppressed()) {
        if (!row.get("suppressed").asBoolean() || row.get("values").asInt() != 0
            || !row.get("cells").asText().equals("suppressed")) {
          out.add(key + ": suppressed on the topic, on the page " + row);
        }
      } else if (row.get("oe").isNull() || Double.parseDouble(row.get("oe").asText()) != p.getOe()) {
        out.add(key + " O/E: page " + row.get("oe") + ", topic " + p.getOe());
      }
    });
    // Alerts: every one on the topic, newest first, and none of the procedure ids they list for case review.
    List<String> pageAlerts = new ArrayList<>();
    page.get("alerts").forEach(a -> pageAlerts.add(a.asText()));
    TreeSet<String> topicAlerts = new TreeSet<>();
    alerts.values().forEach(a -> topicAlerts.add(org.spineoutcomes.dashboard.DashboardState.providerKey(
        a.getProviderType(), a.getProviderId(), a.getApproach()) + "|" + a.getChart() + "|" + a.getSignalledOn()));
    if (!new TreeSet<>(pageAlerts).equals(topicAlerts) || pageAlerts.size() != alerts.size()) {
      out.add("alerts: page " + pageAlerts + ", topic " + topicAlerts);
    }
    for (int i = 1; i < pageAlerts.size(); i++) {
      if (pageAlerts.get(i).substring(pageAlerts.get(i).lastIndexOf('|'))
          .compareTo(pageAlerts.get(i - 1).substring(pageAlerts.get(i - 1).lastIndexOf('|'))) > 0) {
        out.add("alerts not newest first: " + pageAlerts);
        break;
      }
    }
    String html = page.get("html").asText();
    alerts.values().forEach(a -> a.getLastProcedureIds().forEach(id -> {
      if (html.contains(id)) {
        out.add("the page shows procedure id " + id);
      }
    }));
    // The charts: of the newest alert's provider, else of the first hospital; its points as on the topic.
    String expectedCusum = pageAlerts.isEmpty() ? performance.entrySet().stream()
        .filter(e -> e.getValue().getProviderType() == ProviderType.HOSPITAL && !e.getValue().getSuppressed())
        .map(Map.Entry::getKey).findFirst().orElse("")
        : pageAlerts.get(0).substring(0, pageAlerts.get(0).indexOf('|'));
    String cusum = page.get("cusumProvider").asText();
    if (!cusum.equals(expectedCusum)) {
      out.add("CUSUM of " + cusum + ", expected " + expectedCusum);
    } else if (performance.containsKey(cusum)
        && !String.valueOf(performance.get(cusum).getSeries().size()).equals(page.get("cusumPoints").asText())) {
      out.add("CUSUM points of " + cusum + ": page " + page.get("cusumPoints").asText() + ", topic "
          + performance.get(cusum).getSeries().size());
    }
    return out;
  }

  private void feed(int from, int to) throws InterruptedException {
    for (int i = from; i < to; i++) {
      publisher.publish("events.jsonl", i + 1, lines.get(i));
    }
    publisher.flush();
    pipeline.awaitSettled(Duration.ofMinutes(2));
  }

  /** Waits until every headline figure on the page equals the topic's, then asserts it (with what differs). */
  private void awaitHeadlineEquals(Map<String, OutcomeComparison> topic, String when) {
    List<String> mismatches = new ArrayList<>();
    try {
      new WebDriverWait(browser, PAGE_WAIT, Duration.ofMillis(250)).until(d -> {
        mismatches.clear();
        mismatches.addAll(headlineMismatches(topic));
        return mismatches.isEmpty();
      });
    } catch (TimeoutException e) {
      // reported below
    }
    assertThat(mismatches).as("headline on the page vs the topic, " + when).isEmpty();
    assertThat(browser.findElement(By.id("status")).getAttribute("data-caught-up")).isEqualTo("true");
  }

  /** What the page shows in the headline table: metric -> data-field -> "raw value | text". */
  @SuppressWarnings("unchecked")
  private Map<String, Map<String, String>> headlineOnPage() {
    Object rows = ((JavascriptExecutor) browser).executeScript(
        "return [...document.querySelectorAll('#headline-table tr[data-metric]')].map(tr => [tr.dataset.metric,"
            + " [...tr.querySelectorAll('[data-field]')].map(e => [e.dataset.field,"
            + " (e.hasAttribute('data-value') ? e.getAttribute('data-value') : '') + ' | ' + e.textContent])]);");
    Map<String, Map<String, String>> page = new TreeMap<>();
    for (List<Object> row : (List<List<Object>>) rows) {
      Map<String, String> fields = new TreeMap<>();
      for (List<Object> f : (List<List<Object>>) row.get(1)) {
        fields.put((String) f.get(0), (String) f.get(1));
      }
      page.put((String) row.get(0), fields);
    }
    return page;
  }

  private List<String> headlineMismatches(Map<String, OutcomeComparison> topic) {
    List<String> out = new ArrayList<>();
    Map<String, Map<String, String>> page = headlineOnPage();
    for (String metric : Metrics.HEADLINE) {
      OutcomeComparison c = topic.get(Topics.comparisonKey("overall", "all", metric));
      Map<String, String> shown = page.get(metric);
      if (c == null || shown == null) {
        out.add(metric + ": " + (c == null ? "not on the topic" : "not on the page"));
        continue;
      }
      Metrics.Info info = Metrics.info(metric);
      boolean binary = c.getKind() == MetricKind.BINARY;
      int scale = binary ? 100 : 1;
      int diffDecimals = binary ? 1 : info.decimals();
      Map<String, Number> expected = new LinkedHashMap<>();
      Map<String, double[]> shownAs = new LinkedHashMap<>(); // field -> {scale, decimals} of the text
      arm(expected, shownAs, "open", c.getOpen(), binary, info.decimals());
      arm(expected, shownAs, "microscopic", c.getMicroscopic(), binary, info.decimals());
      expected.put("difference", c.getDifference());
      expected.put("ciLow", c.getCiLow());
      expected.put("ciHigh", c.getCiHigh());
      expected.put("pValue", c.getPValue());
      shownAs.put("difference", new double[] {scale, diffDecimals});
      shownAs.put("ciLow", new double[] {scale, diffDecimals});
      shownAs.put("ciHigh", new double[] {scale, diffDecimals});
      AdjustedComparison a = c.getAdjusted();
      PooledEstimate pooled = a == null ? null : binary ? a.getRiskDifference() : a.getMeanDifference();
      if (pooled != null) {
        expected.put("adjusted.difference", pooled.getEstimate());
        expected.put("adjusted.ciLow", pooled.getCiLow());
        expected.put("adjusted.ciHigh", pooled.getCiHigh());
        expected.put("adjusted.pValue", a.getPValue());
        expected.put("adjusted.n", a.getN());
        shownAs.put("adjusted.difference", new double[] {scale, diffDecimals});
      }
      expected.forEach((field, value) -> {
        String cell = shown.get(field);
        if (cell == null) {
          out.add(metric + " " + field + ": not on the page");
          return;
        }
        String raw = cell.substring(0, cell.indexOf(" | "));
        String text = cell.substring(cell.indexOf(" | ") + 3);
        if (value == null ? !raw.isEmpty() : raw.isEmpty() || Double.parseDouble(raw) != value.doubleValue()) {
          out.add(metric + " " + field + ": page " + raw + ", topic " + value);
        } else if (value != null && shownAs.containsKey(field)) {
          double[] how = shownAs.get(field);
          double displayed = number(text);
          double tolerance = 0.5 * Math.pow(10, -how[1]) + 1e-9;
          if (Math.abs(displayed - value.doubleValue() * how[0]) > tolerance) {
            out.add(metric + " " + field + ": shown as '" + text + "' for " + value);
          }
        }
      });
    }
    return out;
  }

  private static void arm(Map<String, Number> expected, Map<String, double[]> shownAs, String prefix, ArmFigures a,
      boolean binary, int decimals) {
    assertThat(a.getSuppressed()).as(prefix + " arm of a headline metric").isFalse();
    expected.put(prefix + ".n", a.getN());
    shownAs.put(prefix + ".n", new double[] {1, 0});
    if (binary) {
      expected.put(prefix + ".rate", a.getRate());
      expected.put(prefix + ".events", a.getEvents());
      shownAs.put(prefix + ".rate", new double[] {100, decimals});
    } else {
      expected.put(prefix + ".mean", a.getMean());
      shownAs.put(prefix + ".mean", new double[] {1, decimals});
    }
    if (a.getCompleteness() != null) {
      expected.put(prefix + ".completeness", a.getCompleteness());
      expected.put(prefix + ".due", a.getDue());
    }
  }

  /** A number as the page writes it: thousands separators, a true minus sign, maybe a sign, % or pp. */
  private static double number(String text) {
    String s = text.replace('\u2212', '-').replace(",", "").replace("%", "").replace("pp", "").replace("+", "")
        .replace("<", "").trim();
    return Double.parseDouble(s);
  }

  private void checkSuppressedCell(Map<String, OutcomeComparison> topic) {
    OutcomeComparison suppressed = topic.values().stream()
        .filter(c -> c.getMetric().equals("blood_loss_ml") && !c.getDimension().equals("overall"))
        .filter(c -> c.getMicroscopic().getSuppressed() || c.getOpen().getSuppressed())
        .findFirst().orElseThrow(() -> new AssertionError("the acceptance data set has suppressed strata"));
    String arm = suppressed.getMicroscopic().getSuppressed() ? "microscopic" : "open";
    new Select(browser.findElement(By.id("forest-dimension"))).selectByValue(suppressed.getDimension());
    new Select(browser.findElement(By.id("forest-metric"))).selectByValue("blood_loss_ml");
    new WebDriverWait(browser, PAGE_WAIT).until(d -> suppressed.getDimension().equals(
        d.findElement(By.id("forest")).getAttribute("data-dimension")));
    WebElement cell = browser.findElement(By.cssSelector(
        "#forest-table tr[data-value='" + suppressed.getValue() + "'] td[data-field='" + arm + "']"));
    assertThat(cell.getText()).isEqualTo("suppressed");
    assertThat(cell.getAttribute("data-suppressed")).isEqualTo("true");
    assertThat(cell.findElements(By.cssSelector("[data-value]"))).as("no number behind a suppressed cell").isEmpty();
    WebElement difference = browser.findElement(By.cssSelector(
        "#forest-table tr[data-value='" + suppressed.getValue() + "'] td.diff"));
    assertThat(difference.getText()).isEqualTo("suppressed");
    assertThat(difference.getText()).doesNotContainPattern("[0-9]");
  }

  private void checkDataQuality(IngestSummary summary) throws Exception {
    new WebDriverWait(browser, PAGE_WAIT).until(d -> String.valueOf(summary.rejectedTotal()).equals(
        d.findElement(By.cssSelector("#accepted-table [data-field='deadLettered']")).getAttribute("data-value"))
        && String.valueOf(summary.accepted()).equals(
        d.findElement(By.cssSelector("#accepted-table [data-field='acceptedTotal']")).getAttribute("data-value")));
    assertThat(browser.findElement(By.cssSelector("#accepted-table [data-field='setAside']")).getAttribute("data-value"))
        .as("nothing written around the ingest").isEqualTo("0");
    JsonNode reasons = JSON.readTree(browser.findElement(By.id("dead-letter-chart")).getAttribute("data-reasons"));
    for (RejectionReason r : RejectionReason.values()) {
      assertThat(reasons.get(r.name()).asLong()).as(r.name()).isEqualTo(summary.rejected(r));
    }
  }

  /**
   * The whole page as a quality lead sees it, written to target/dashboard.png; to refresh the README's copy run
   * the test with -Ddashboard.screenshot=../docs/images/dashboard.png.
   */
  private void screenshot() throws Exception {
    new Select(browser.findElement(By.id("forest-dimension"))).selectByValue("hospital");
    new WebDriverWait(browser, PAGE_WAIT).until(d ->
        "hospital".equals(d.findElement(By.id("forest")).getAttribute("data-dimension")));
    JavascriptExecutor js = browser;
    js.executeScript("document.activeElement.blur(); window.scrollTo(0, 0);");
    long height = (Long) js.executeScript("return document.documentElement.scrollHeight;");
    long chrome = (Long) js.executeScript("return window.outerHeight - window.innerHeight;");
    browser.manage().window().setSize(new Dimension(1400, (int) (height + chrome)));
    Thread.sleep(500); // let Chart.js redraw at the new size
    byte[] png = browser.getScreenshotAs(OutputType.BYTES);
    Files.write(Path.of("target", "dashboard.png"), png);
    String readmeCopy = System.getProperty("dashboard.screenshot");
    if (readmeCopy != null) {
      Path target = Path.of(readmeCopy);
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.write(target, png);
    }
    browser.manage().window().setSize(new Dimension(1400, 1000));
  }
}

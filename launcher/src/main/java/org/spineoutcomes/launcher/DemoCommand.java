package org.spineoutcomes.launcher;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.spineoutcomes.dashboard.Dashboard;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.ingest.publish.EventPublisher;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.launcher.kafka.ComparisonsReader;
import org.spineoutcomes.launcher.kafka.ComparisonsView;
import org.spineoutcomes.launcher.kafka.Pipeline;
import org.spineoutcomes.launcher.output.ComparisonTable;
import org.spineoutcomes.launcher.output.ProviderTable;
import org.spineoutcomes.launcher.riskmodel.RiskModelFitter;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.ProviderPerformance;
import org.spineoutcomes.schemas.QualityAlert;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.streams.OutcomesStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The whole product in one command: an embedded Kafka broker, the simulator's synthetic hospitals flowing
 * through validation and pseudonymisation into Kafka, the streams application, a comparison table that
 * refreshes while the events flow, and the dashboard (a web page on 127.0.0.1) reading the same topics.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run simulator -> ingest -> streams on an embedded broker and watch the comparisons move, "
        + "in the console and on the dashboard.")
public final class DemoCommand implements Callable<Integer> {

  @Mixin
  SpineOutcomes.ClusterOptions cluster = new SpineOutcomes.ClusterOptions();

  @Mixin
  SimulationOptions simulation = new SimulationOptions();

  @Option(names = "--duration", defaultValue = "PT60S", paramLabel = "DURATION",
      description = "How long to spread the simulated events over (ISO-8601, default ${DEFAULT-VALUE}; PT0S = as fast as possible).")
  Duration duration;

  @Option(names = "--refresh", defaultValue = "PT3S", paramLabel = "DURATION",
      description = "How often the table refreshes (default ${DEFAULT-VALUE}).")
  Duration refresh;

  @Option(names = "--keep-running",
      description = "Keep the pipeline (and the dashboard) running after the feed ends, until Ctrl-C.")
  boolean keepRunning;

  @Option(names = "--dashboard-port", defaultValue = "8080", paramLabel = "PORT",
      description = "Port of the dashboard on 127.0.0.1 (default ${DEFAULT-VALUE}; if taken, any free port; 0 = any free port).")
  int dashboardPort;

  @Option(names = "--no-dashboard", description = "Do not start the dashboard (the console table only).")
  boolean noDashboard;

  private volatile String dashboardUrl;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    PipelineConfig config = cluster.load();
    SimulatedFeed feed = new SimulatedFeed(simulation.config());
    out.println("Starting: " + (config.has(PipelineConfig.BOOTSTRAP_SERVERS)
        ? "Kafka at " + config.get(PipelineConfig.BOOTSTRAP_SERVERS) : "an embedded Kafka broker (KRaft, in-process)")
        + ", topics, and the streams application ...");
    long t0 = System.nanoTime();
    try (Pipeline pipeline = Pipeline.start(config);
        ComparisonsView view = new ComparisonsView(pipeline.kafka());
        Dashboard dashboard = noDashboard ? null : startDashboard(pipeline, out);
        EventPublisher publisher = new EventPublisher(pipeline.kafka(),
            new Pseudonymizer(config.pseudonymSecret()), Clock.systemUTC())) {
      dashboardUrl = dashboard == null ? null : dashboard.url().toString();
      long total = feed.count();
      out.printf("Ready in %.1f s at %s. Simulating %,d procedures of %d hospitals: %,d events over %s.%n",
          (System.nanoTime() - t0) / 1e9, pipeline.bootstrapServers(), simulation.procedures, simulation.hospitals,
          total, duration.isZero() ? "as fast as possible" : duration.toSeconds() + " s");
      if (dashboardUrl != null) {
        out.println("Dashboard: " + dashboardUrl + "  (open it in a browser; it moves as the events flow)");
        out.flush();
      }
      AtomicReference<Exception> failure = new AtomicReference<>();
      Thread producer = new Thread(() -> {
        try {
          feed.publish(publisher, duration);
        } catch (Exception e) {
          failure.set(e);
        }
      }, "demo-feed");
      producer.start();
      while (producer.isAlive()) {
        producer.join(refresh.toMillis());
        render(out, view.snapshot(), feed, publisher, "events flowing");
      }
      if (failure.get() != null) {
        throw failure.get();
      }
      pipeline.awaitSettled(Duration.ofMinutes(10), out::println);
      Thread.sleep(1000); // let the view catch up with the last committed comparisons
      render(out, view.snapshot(), feed, publisher, "final");
      out.println(publisher.summary().describe());
      out.printf("All %,d comparisons (strata x metrics) are on the compacted topics 'outcome-comparisons' "
          + "(the analysis) and 'published-comparisons' (small cells suppressed, what the table shows).%n",
          view.snapshot().size());
      monitorProviders(pipeline, out);
      if (keepRunning) {
        out.println("Pipeline still running at " + pipeline.bootstrapServers()
            + (dashboardUrl == null ? "" : ", dashboard at " + dashboardUrl) + "; Ctrl-C stops it.");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
      }
    }
    return 0;
  }

  /**
   * Fits the first risk model from the simulated hospitals' history (as a hospital would from its registry's),
   * publishes it, and shows how the providers score against it once the streams have re-scored them.
   */
  private static void monitorProviders(Pipeline pipeline, PrintStream out) throws InterruptedException {
    out.println();
    out.println("Provider monitoring: fitting the 90-day complication risk model from the history so far ...");
    RiskModelFitter.Fit fit;
    try {
      fit = RiskModelFitter.fit(pipeline.kafka(), OutcomesStreams.DEFAULT_APPLICATION_ID, Instant.now());
    } catch (IllegalStateException e) {
      out.println("Not fitted: " + e.getMessage());
      return;
    }
    RiskModelFitter.publish(pipeline.kafka(), fit.model());
    out.print(RiskModelFitter.describe(fit));
    Map<String, ProviderPerformance> performance = Map.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      performance = ComparisonsReader.readLatest(pipeline.kafka(), Topics.PROVIDER_PERFORMANCE);
      if (!performance.isEmpty() && performance.values().stream()
          .allMatch(p -> p.getSuppressed() || fit.model().getFittedAt().equals(p.getModelFittedAt()))) {
        break;
      }
      Thread.sleep(500);
    }
    Map<String, QualityAlert> alerts = ComparisonsReader.readLatest(pipeline.kafka(), Topics.QUALITY_ALERTS);
    out.print(ProviderTable.render(performance, alerts));
    out.println("Provider figures are on 'provider-performance', alerts on 'quality-alerts'.");
  }

  /** The dashboard on 127.0.0.1 at --dashboard-port, or at any free port when that one is taken. */
  private Dashboard startDashboard(Pipeline pipeline, PrintStream out) {
    try {
      return Dashboard.start(pipeline.kafka(), Dashboard.Options.localhost(dashboardPort));
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof BindException) || dashboardPort == 0) {
        throw e;
      }
      out.println("Port " + dashboardPort + " is taken; the dashboard takes any free port instead.");
      return Dashboard.start(pipeline.kafka(), Dashboard.Options.localhost(0));
    }
  }

  private void render(PrintStream out, Map<String, OutcomeComparison> comparisons, SimulatedFeed feed,
      EventPublisher publisher, String phase) {
    if (System.console() != null) {
      out.print("\033[H\033[2J");
    }
    long published = feed.published();
    long expected = Math.max(1, feed.expected());
    out.printf("%n[%s] events published %,d / %,d (%.0f%%), dead-lettered %,d; comparisons %,d%s%n", phase,
        published, expected, 100.0 * published / expected, publisher.summary().rejectedTotal(), comparisons.size(),
        dashboardUrl == null ? "" : "; dashboard " + dashboardUrl);
    out.print(ComparisonTable.render(comparisons));
    out.flush();
  }
}

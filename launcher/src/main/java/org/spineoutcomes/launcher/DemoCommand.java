package org.spineoutcomes.launcher;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.ingest.publish.EventPublisher;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.launcher.kafka.ComparisonsView;
import org.spineoutcomes.launcher.kafka.Pipeline;
import org.spineoutcomes.launcher.output.ComparisonTable;
import org.spineoutcomes.schemas.OutcomeComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The whole product in one command: an embedded Kafka broker, the simulator's synthetic hospitals flowing
 * through validation and pseudonymisation into Kafka, the streams application, and a comparison table that
 * refreshes while the events flow.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run simulator -> ingest -> streams on an embedded broker and watch the comparisons move.")
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

  @Option(names = "--keep-running", description = "Keep the pipeline running after the feed ends, until Ctrl-C.")
  boolean keepRunning;

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
        EventPublisher publisher = new EventPublisher(pipeline.kafka(),
            new Pseudonymizer(config.pseudonymSecret()), Clock.systemUTC())) {
      long total = feed.count();
      out.printf("Ready in %.1f s at %s. Simulating %,d procedures of %d hospitals: %,d events over %s.%n",
          (System.nanoTime() - t0) / 1e9, pipeline.bootstrapServers(), simulation.procedures, simulation.hospitals,
          total, duration.isZero() ? "as fast as possible" : duration.toSeconds() + " s");
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
      pipeline.awaitSettled(Duration.ofMinutes(5));
      Thread.sleep(1000); // let the view catch up with the last committed comparisons
      render(out, view.snapshot(), feed, publisher, "final");
      out.println(publisher.summary().describe());
      out.printf("All %,d comparisons (strata x metrics) are on the compacted topic 'outcome-comparisons'.%n",
          view.snapshot().size());
      if (keepRunning) {
        out.println("Pipeline still running at " + pipeline.bootstrapServers() + "; Ctrl-C stops it.");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
      }
    }
    return 0;
  }

  private static void render(PrintStream out, Map<String, OutcomeComparison> comparisons, SimulatedFeed feed,
      EventPublisher publisher, String phase) {
    if (System.console() != null) {
      out.print("\033[H\033[2J");
    }
    long published = feed.published();
    long expected = Math.max(1, feed.expected());
    out.printf("%n[%s] events published %,d / %,d (%.0f%%), dead-lettered %,d; comparisons %,d%n", phase,
        published, expected, 100.0 * published / expected, publisher.summary().rejectedTotal(), comparisons.size());
    out.print(ComparisonTable.render(comparisons));
    out.flush();
  }
}

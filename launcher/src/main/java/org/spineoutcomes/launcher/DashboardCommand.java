package org.spineoutcomes.launcher;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.spineoutcomes.dashboard.AccessRule;
import org.spineoutcomes.dashboard.Dashboard;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.launcher.kafka.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs only the dashboard against a cluster, until stopped: it reads the compacted sink topics from the
 * beginning and serves the page and the JSON API. Any number can run beside one streams application.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Serve the quality dashboard (web page and JSON API) from a cluster's compacted topics until interrupted.")
public final class DashboardCommand implements Callable<Integer> {

  @Mixin
  SpineOutcomes.ClusterOptions cluster = new SpineOutcomes.ClusterOptions();

  @Mixin
  DashboardOptions dashboard = new DashboardOptions();

  /** Where the dashboard listens and who may read it; shared by the dashboard command and demo. */
  public static final class DashboardOptions {
    @Option(names = "--bind", defaultValue = Dashboard.Options.DEFAULT_BIND, paramLabel = "ADDRESS",
        description = "Address to listen on (default ${DEFAULT-VALUE}, this machine only). Any other address "
            + "needs a token.")
    String bind;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
        description = "Port to listen on (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--token", paramLabel = "TOKEN",
        description = "Require this token (at least 16 characters) on every API request, as "
            + "'Authorization: Bearer TOKEN' or '?token=TOKEN'. Default: SPINE_DASHBOARD_TOKEN (or "
            + "dashboard.token in --config). Required when --bind is not a loopback address.")
    String token;

    Dashboard.Options resolve(PipelineConfig config) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be between 0 and 65535");
      }
      String t = token != null ? token : config.get(PipelineConfig.DASHBOARD_TOKEN);
      return new Dashboard.Options(bind, port, t == null || t.isBlank() ? null : t);
    }
  }

  @Override
  public Integer call() throws Exception {
    PipelineConfig config = cluster.load();
    if (!config.has(PipelineConfig.BOOTSTRAP_SERVERS)) {
      throw new IllegalArgumentException("dashboard reads a cluster's topics: give --bootstrap-servers (or "
          + "SPINE_BOOTSTRAP_SERVERS); for a self-contained run use 'demo', which starts the dashboard too");
    }
    Dashboard.Options options = dashboard.resolve(config);
    AccessRule.forBinding(options.bind(), options.token()); // refuse a bad binding before contacting Kafka
    var kafka = config.kafka(config.get(PipelineConfig.BOOTSTRAP_SERVERS));
    TopicSetup.checkReachable(kafka);
    CountDownLatch stopped = new CountDownLatch(1);
    try (Dashboard running = Dashboard.start(kafka, options)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "spine-outcomes-shutdown"));
      System.err.println("Dashboard at " + running.url() + " (listening on " + options.bind() + ":"
          + running.port() + "), reading " + kafka.get("bootstrap.servers") + "; Ctrl-C stops it.");
      if (options.token() != null) {
        System.err.println("It asks for the token: open " + running.url() + "?token=YOUR-TOKEN, or send "
            + "'Authorization: Bearer YOUR-TOKEN' to " + running.url() + "api/...");
      }
      stopped.await();
    }
    return 0;
  }
}

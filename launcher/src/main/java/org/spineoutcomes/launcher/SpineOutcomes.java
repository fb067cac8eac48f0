package org.spineoutcomes.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.spineoutcomes.launcher.config.PipelineConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The spine-outcomes command line. The only place that calls System.exit. */
@Command(name = "spine-outcomes", mixinStandardHelpOptions = true, version = "spine-outcomes 0.1.0",
    description = "Compares open and microscopic spine surgery on Apache Kafka.",
    subcommands = {DemoCommand.class, ReplayCommand.class, IngestCommand.class, StreamsCommand.class,
        SimulateCommand.class, FitRiskModelCommand.class, DashboardCommand.class, BenchCommand.class})
public final class SpineOutcomes implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Options every command shares: where Kafka is, and where more configuration comes from. */
  public static final class ClusterOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
        description = "An external Kafka cluster; without it an embedded broker is started in-process.")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE",
        description = "A properties file with Kafka's own property names (and pseudonym.secret, "
            + "topic.partitions, emit.interval.ms); SPINE_* environment variables override it.")
    Path configFile;

    public PipelineConfig load() {
      Map<String, String> overrides = new HashMap<>();
      overrides.put(PipelineConfig.BOOTSTRAP_SERVERS, bootstrapServers);
      return PipelineConfig.load(configFile, System.getenv(), overrides);
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new SpineOutcomes());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + e.getMessage());
      org.slf4j.LoggerFactory.getLogger(SpineOutcomes.class).debug("Command failed", e);
      return 1;
    });
    return cli.execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}

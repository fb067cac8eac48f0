package org.spineoutcomes.launcher;

import org.spineoutcomes.ingest.simulator.SimulatorConfig;
import picocli.CommandLine.Option;

/** Options shaping the synthetic hospitals' feed. */
public final class SimulationOptions {

  @Option(names = "--procedures", defaultValue = "4000", paramLabel = "N",
      description = "Procedures to simulate, with their follow-ups (default ${DEFAULT-VALUE}).")
  long procedures;

  @Option(names = "--hospitals", defaultValue = "6", paramLabel = "N", description = "Hospitals (default ${DEFAULT-VALUE}).")
  int hospitals;

  @Option(names = "--seed", defaultValue = "20261124", description = "Random seed: the same seed gives the same feed.")
  long seed;

  SimulatorConfig config() {
    if (procedures < 1) {
      throw new IllegalArgumentException("--procedures must be at least 1");
    }
    if (hospitals < 1 || hospitals > 99) {
      throw new IllegalArgumentException("--hospitals must be between 1 and 99");
    }
    return SimulatorConfig.builder().seed(seed).procedures(procedures).hospitals(hospitals).build();
  }
}

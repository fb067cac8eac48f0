package org.spineoutcomes.ingest.simulator;

import java.nio.file.Path;
import java.util.Iterator;

/**
 * Informal throughput check, not a test: {@code java -cp ... SimulatorBenchmark [procedures] [perDay] [file]}.
 * Without a file it only generates the events (and sums their lengths so that nothing is optimised away).
 */
public final class SimulatorBenchmark {

  public static void main(String[] args) throws Exception {
    long procedures = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    double perDay = args.length > 1 ? Double.parseDouble(args[1]) : 2_000;
    SimulatorConfig config = SimulatorConfig.builder().procedures(procedures).proceduresPerDay(perDay).build();
    Simulator simulator = new Simulator(config);
    long start = System.nanoTime();
    long events;
    long chars = 0;
    if (args.length > 2) {
      events = simulator.writeJsonLines(Path.of(args[2]));
    } else {
      events = 0;
      for (Iterator<SimulatedEvent> it = simulator.iterator(); it.hasNext(); ) {
        chars += it.next().json().length();
        events++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Runtime rt = Runtime.getRuntime();
    System.out.printf("%d procedures, %d events, %d chars in %.1f s: %.0f events/s; heap used %d MB%n",
        procedures, events, chars, seconds, events / seconds, (rt.totalMemory() - rt.freeMemory()) >> 20);
  }
}

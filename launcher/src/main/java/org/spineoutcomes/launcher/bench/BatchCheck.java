package org.spineoutcomes.launcher.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.Topics;

/**
 * The benchmark's correctness check, in a JVM of its own: the batch recomputation holds every procedure of the
 * history in memory, which at a million procedures is several times the heap the pipeline is measured with, so
 * the two must not share one. The pipeline's settled comparisons go to the child in a file; the child prints
 * what differs and exits non-zero if anything does.
 */
public final class BatchCheck {

  /** Where the child finds the pseudonym secret (never on its command line, where `ps` would show it). */
  static final String SECRET_ENV = "SPINE_PSEUDONYM_SECRET";

  private BatchCheck() {}

  /**
   * Checks `actual` against a batch recomputation over `history` in a child JVM.
   *
   * @return the number of comparisons checked
   * @throws IllegalStateException naming the keys that differ, or why the check could not run
   */
  public static int inChildJvm(Path history, long procedures, Map<String, OutcomeComparison> actual, String secret,
      PrintStream out) throws IOException, InterruptedException {
    Path file = Files.createTempFile("spine-bench-actual-", ".txt");
    try {
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (Map.Entry<String, OutcomeComparison> e : actual.entrySet()) {
          w.write(e.getKey() + "\t" + Base64.getEncoder().encodeToString(
              Topics.COMPARISON_SERDE.serializer().serialize("", e.getValue())) + "\n");
        }
      }
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx" + heapMegabytes(procedures) + "m", "-cp", System.getProperty("java.class.path"),
          BatchCheck.class.getName(), history.toString(), file.toString());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put(SECRET_ENV, secret);
      Process child = builder.start();
      List<String> lines = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          out.println("  " + line);
          lines.add(line);
        }
      }
      int code = child.waitFor();
      if (code != 0) {
        throw new IllegalStateException("The batch check failed (exit " + code + "): "
            + (lines.isEmpty() ? "no output" : lines.get(lines.size() - 1)));
      }
      return actual.size();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  // About 8 KiB per procedure of history, within 60% of the machine's memory.
  private static long heapMegabytes(long procedures) {
    long wanted = 512 + procedures * 8 / 1024;
    long total = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize() / (1024 * 1024);
    return Math.max(512, Math.min(wanted, total * 6 / 10));
  }

  /** Arguments: the history file, the file of settled comparisons. Exit 0 when every figure is equal. */
  public static void main(String[] args) throws IOException {
    Path history = Path.of(args[0]);
    Map<String, OutcomeComparison> actual = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      actual.put(line.substring(0, tab), Topics.COMPARISON_SERDE.deserializer().deserialize("",
          Base64.getDecoder().decode(line.substring(tab + 1))));
    }
    String secret = System.getenv(SECRET_ENV);
    Map<String, OutcomeComparison> expected = BatchRecomputation.compute(history, new Pseudonymizer(secret),
        Clock.systemUTC());
    List<String> differences = Benchmark.differences(expected, actual);
    if (!differences.isEmpty()) {
      System.out.println("The pipeline's comparisons differ from the batch recomputation in " + differences.size()
          + " of " + expected.size() + " keys, e.g. " + differences.subList(0, Math.min(5, differences.size())));
      System.exit(1);
    }
    System.out.printf("all %,d comparisons equal the batch recomputation%n", expected.size());
  }
}

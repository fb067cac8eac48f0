package org.spineoutcomes.launcher;

import java.io.PrintStream;

/** Prints how far a long step has come, at most every two seconds. */
final class Progress {
  private final PrintStream out;
  private final String what;
  private final long start = System.nanoTime();
  private long lastPrint = System.nanoTime();

  Progress(PrintStream out, String what) {
    this.out = out;
    this.what = what;
  }

  void update(long count) {
    long now = System.nanoTime();
    if (now - lastPrint > 2_000_000_000L) {
      lastPrint = now;
      double s = (now - start) / 1e9;
      out.printf("  %s: %,d lines (%,.0f/s)%n", what, count, count / s);
    }
  }

  void done(long count) {
    double s = (System.nanoTime() - start) / 1e9;
    out.printf("  %s: %,d lines in %.1f s%n", what, count, s);
  }
}

package org.spineoutcomes.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The dashboard command's refusals, which come before any broker is contacted. */
class DashboardCommandTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = SpineOutcomes.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  @Test
  void needsACluster() {
    Run r = run("dashboard");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("--bootstrap-servers").contains("demo");
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutAToken() {
    // The port is closed: the refusal must come before Kafka is asked anything.
    Run r = run("dashboard", "--bind", "0.0.0.0", "--bootstrap-servers", "127.0.0.1:1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("not a loopback address").contains("--token");
  }

  @Test
  void refusesAShortToken() {
    Run r = run("dashboard", "--bind", "0.0.0.0", "--token", "short", "--bootstrap-servers", "127.0.0.1:1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("at least 16 characters");
  }

  @Test
  void helpShowsTheOptions() {
    assertThat(run("dashboard", "--help").out()).contains("--bind").contains("--port").contains("--token")
        .contains("SPINE_DASHBOARD_TOKEN");
    assertThat(run("demo", "--help").out()).contains("--dashboard-port").contains("--no-dashboard");
  }
}

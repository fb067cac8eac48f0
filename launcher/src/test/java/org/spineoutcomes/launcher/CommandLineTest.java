package org.spineoutcomes.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spineoutcomes.ingest.simulator.Simulator;
import org.spineoutcomes.ingest.simulator.SimulatorConfig;

/** The command line as a person meets it: exit codes, messages that say what to do, and a real replay. */
class CommandLineTest {

  @TempDir
  Path tmp;

  private record Run(int exitCode, String err) {}

  private static Run run(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = SpineOutcomes.execute(args);
      return new Run(code, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    Run r = run("replay", "--input", "x.jsonl");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required option").contains("--output");
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertThat(run("frobnicate").exitCode()).isEqualTo(2);
  }

  @Test
  void unreadableInputFileSaysWhatToDo() {
    Run r = run("replay", "--input", tmp.resolve("missing.jsonl").toString(), "--output",
        tmp.resolve("out.jsonl").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Cannot read input file").contains("missing.jsonl").contains("'-' for standard input");
  }

  @Test
  void unreachableBrokerFailsWithAClearMessage() throws Exception {
    Path input = Files.writeString(tmp.resolve("in.jsonl"), "{}\n");
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Path config = Files.writeString(tmp.resolve("client.properties"), "default.api.timeout.ms=3000\n");
    Run r = run("replay", "--input", input.toString(), "--output", tmp.resolve("out.jsonl").toString(),
        "--bootstrap-servers", "127.0.0.1:" + closedPort, "--config", config.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Cannot reach Kafka at 127.0.0.1:" + closedPort).contains("--bootstrap-servers");
  }

  @Test
  void replayWritesTheSettledComparisonsAndDeadLettersBadLines() throws Exception {
    Path input = tmp.resolve("events.jsonl");
    SimulatorConfig config = SimulatorConfig.builder().seed(3).procedures(150).hospitals(2).build();
    List<String> lines = new ArrayList<>();
    new Simulator(config).forEach(e -> lines.add(e.json()));
    lines.add(5, "{\"type\":\"ProcedurePerformed\", not json");
    lines.add(9, "{\"type\":\"FollowUpRecorded\",\"eventId\":\"e\",\"procedureId\":\"p\",\"hospitalId\":\"H01\","
        + "\"recordedAt\":\"2025-01-01T00:00:00Z\",\"timepoint\":\"MONTH_24\"}");
    Files.write(input, lines, StandardCharsets.UTF_8);
    Path output = tmp.resolve("comparisons.jsonl");

    Run r = run("replay", "--input", input.toString(), "--output", output.toString());

    assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
    assertThat(r.err()).contains("dead-lettered 2").contains("bad_json").contains("unknown_enum");
    List<String> out = Files.readAllLines(output, StandardCharsets.UTF_8);
    ObjectMapper json = new ObjectMapper();
    JsonNode overall = null;
    for (String line : out) {
      JsonNode node = json.readTree(line);
      assertThat(node.get("dimension").asText()).isIn("overall", "hospital", "condition", "technique", "region",
          "quarter");
      if (node.get("dimension").asText().equals("overall") && node.get("metric").asText().equals("blood_loss_ml")) {
        overall = node;
      }
    }
    assertThat(out.size() % 35).isZero();
    assertThat(overall).isNotNull();
    long procedures = lines.stream().filter(l -> l.contains("\"ProcedurePerformed\"") && l.contains("\"eventId\""))
        .map(l -> l.replaceAll(".*\"procedureId\":\"([^\"]+)\".*", "$1")).distinct().count();
    int counted = overall.get("open").get("n").asInt() + overall.get("microscopic").get("n").asInt();
    assertThat(counted).isPositive().isLessThanOrEqualTo((int) procedures);
    assertThat(overall.get("pValue").isNumber()).isTrue();
  }
}

package org.spineoutcomes.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.ingest.publish.EventPublisher;
import org.spineoutcomes.ingest.publish.IngestSummary;
import org.spineoutcomes.launcher.kafka.Pipeline;

/** Test helper: the shared acceptance data set (testdata/acceptance) and publishing it into a running pipeline. */
final class AcceptanceFeed {

  static Path dir() {
    return Path.of(System.getProperty("acceptance.dir", "../testdata/acceptance"));
  }

  /** Publishes every line of events.jsonl, as the ingest would, and returns the ingest's summary. */
  static IngestSummary publish(Pipeline pipeline, String secret) throws IOException {
    List<String> lines = Files.readAllLines(dir().resolve("events.jsonl"), StandardCharsets.UTF_8);
    try (EventPublisher publisher = new EventPublisher(pipeline.kafka(), new Pseudonymizer(secret),
        Clock.systemUTC())) {
      for (int i = 0; i < lines.size(); i++) {
        publisher.publish("events.jsonl", i + 1, lines.get(i));
      }
      publisher.flush();
      return publisher.summary();
    }
  }

  private AcceptanceFeed() {}
}

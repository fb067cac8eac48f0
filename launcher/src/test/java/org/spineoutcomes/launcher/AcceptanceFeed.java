package org.spineoutcomes.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.ingest.publish.EventPublisher;
import org.spineoutcomes.ingest.publish.IngestSummary;
import org.spineoutcomes.launcher.kafka.Pipeline;

/** Test helper: the shared acceptance data set (testdata/acceptance) and publishing it into a running pipeline. */
final class AcceptanceFeed {

  static Path dir() {
    return Path.of(System.getProperty("acceptance.dir", "../testdata/acceptance"));
  }

  /**
   * Publishes every line of events.jsonl as the ingest and replay commands do (validated on parallel threads in
   * batches, sent in file order) and returns the ingest's summary.
   */
  static IngestSummary publish(Pipeline pipeline, String secret) throws IOException {
    try (EventPublisher publisher = new EventPublisher(pipeline.kafka(), new Pseudonymizer(secret),
        Clock.systemUTC());
        BufferedReader lines = Files.newBufferedReader(dir().resolve("events.jsonl"), StandardCharsets.UTF_8)) {
      publisher.publishLines("events.jsonl", lines, 2, position -> { });
      publisher.flush();
      return publisher.summary();
    }
  }

  private AcceptanceFeed() {}
}

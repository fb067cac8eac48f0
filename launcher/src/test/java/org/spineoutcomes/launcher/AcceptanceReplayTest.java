package org.spineoutcomes.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.spineoutcomes.ingest.publish.IngestSummary;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.launcher.kafka.ComparisonsReader;
import org.spineoutcomes.launcher.kafka.Pipeline;
import org.spineoutcomes.schemas.AdjustedComparison;
import org.spineoutcomes.schemas.ArmFigures;
import org.spineoutcomes.schemas.ConsentWithdrawn;
import org.spineoutcomes.schemas.DeadLetter;
import org.spineoutcomes.schemas.OutcomeComparison;
import org.spineoutcomes.schemas.PooledEstimate;
import org.spineoutcomes.schemas.RejectionReason;
import org.spineoutcomes.schemas.Topics;

/**
 * The acceptance data set (duplicates, corrections, withdrawals, malformed lines) replayed through the real
 * pipeline on an embedded broker; every figure must match what R computed from the surviving procedures. Before the
 * feed, records that cannot be decoded are written to each input topic around the ingest: the streams must go on past
 * them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcceptanceReplayTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private Path dir;
  private Pipeline pipeline;
  private IngestSummary summary;
  private Map<String, OutcomeComparison> comparisons;
  /** By input topic, the undecodable value written to it. */
  private Map<String, byte[]> undecodable;

  @BeforeAll
  void replay() throws Exception {
    dir = AcceptanceFeed.dir();
    PipelineConfig config = PipelineConfig.load(null, Map.of(),
        Map.of(PipelineConfig.EMIT_INTERVAL_MS, "300", PipelineConfig.PSEUDONYM_SECRET, "acceptance-test"));
    pipeline = Pipeline.start(config);
    undecodable = writeUndecodable(pipeline.kafka());
    summary = AcceptanceFeed.publish(pipeline, "acceptance-test");
    pipeline.awaitSettled(Duration.ofMinutes(3));
    comparisons = ComparisonsReader.readAll(pipeline.kafka());
  }

  @AfterAll
  void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  /**
   * Per input topic, one record no serde can read: text, a withdrawal on the follow-ups topic (another schema's
   * fingerprint), and a withdrawal cut short.
   */
  private static Map<String, byte[]> writeUndecodable(Map<String, Object> kafka) throws Exception {
    byte[] withdrawal = Topics.CONSENT_SERDE.encode(new ConsentWithdrawn("undecodable-w", "H01", "f".repeat(64),
        java.time.Instant.parse("2025-03-01T10:00:00Z")));
    Map<String, byte[]> values = Map.of(
        Topics.PROCEDURES.name(), "not an Avro record".getBytes(StandardCharsets.UTF_8),
        Topics.FOLLOW_UPS.name(), withdrawal,
        Topics.CONSENT_WITHDRAWALS.name(), java.util.Arrays.copyOf(withdrawal, withdrawal.length / 2));
    Map<String, Object> props = new HashMap<>(kafka);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (Map.Entry<String, byte[]> e : values.entrySet()) {
        producer.send(new ProducerRecord<>(e.getKey(), "UNDECODABLE-1".getBytes(StandardCharsets.UTF_8),
            e.getValue())).get();
      }
    }
    return values;
  }

  /**
   * What could not be decoded is set aside as read, naming where it came from and why, once per record; the streams
   * went on past it (every figure in the other tests is that of the feed).
   */
  @Test
  void undecodableRecordsAreSetAsideAsReadAndTheStreamsGoOn() {
    List<TopicDump.Entry> aside = TopicDump.readCommitted(pipeline.kafka(), Topics.UNDECODABLE_INPUT.name());
    assertThat(aside).extracting(e -> e.headers().get("__streams.errors.topic"))
        .containsExactlyInAnyOrderElementsOf(undecodable.keySet());
    for (TopicDump.Entry e : aside) {
      String topic = e.headers().get("__streams.errors.topic");
      assertThat(e.value()).as(topic).isEqualTo(undecodable.get(topic));
      assertThat(new String(e.key(), StandardCharsets.UTF_8)).isEqualTo("UNDECODABLE-1");
      assertThat(e.headers().get("__streams.errors.offset")).as(topic).isEqualTo("0");
      assertThat(e.headers().get("__streams.errors.exception")).as(topic).isNotBlank();
    }
    assertThat(comparisons.get(Topics.comparisonKey("overall", "all", "blood_loss_ml"))).isNotNull();
  }

  @Test
  void rejectsExactlyTheMalformedLines() throws IOException {
    JsonNode expected = JSON.readTree(dir.resolve("summary.json").toFile());
    assertThat(summary.lines()).isEqualTo(expected.get("lines").asLong());
    assertThat(summary.blank()).isEqualTo(expected.path("blank").asLong(0));
    assertThat(summary.rejectedTotal()).isEqualTo(expected.get("rejected_total").asLong());
    assertThat(summary.accepted()).isEqualTo(expected.get("valid").asLong());
    expected.get("rejected").fields().forEachRemaining(e ->
        assertThat(summary.rejected(RejectionReason.valueOf(e.getKey().toUpperCase())))
            .as(e.getKey()).isEqualTo(e.getValue().asLong()));
  }

  @Test
  void deadLettersEveryRejectedLineWithItsPositionAndReason() throws IOException {
    JsonNode expected = JSON.readTree(dir.resolve("summary.json").toFile());
    Map<Long, String> expectedReasons = new TreeMap<>();
    expected.get("rejected_lines").forEach(r -> expectedReasons.put(r.get("line").asLong(), r.get("reason").asText()));
    Map<Long, String> actual = new TreeMap<>();
    for (TopicDump.Entry e : TopicDump.read(pipeline.kafka(), Topics.DEAD_LETTER.name())) {
      DeadLetter letter = Topics.DEAD_LETTER_SERDE.decode(e.value());
      assertThat(letter.getSource()).isEqualTo("events.jsonl");
      assertThat(letter.getDetail()).isNotBlank();
      actual.put(letter.getPosition(), letter.getReason().name().toLowerCase());
    }
    assertThat(actual).isEqualTo(expectedReasons);
  }

  @Test
  void noRawPatientIdentifierReachesAnyTopic() throws IOException {
    Set<String> rawIds = new HashSet<>();
    Pattern patientId = Pattern.compile("\"patientId\"\\s*:\\s*\"([^\"]+)\"");
    for (String line : Files.readAllLines(dir.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
      Matcher m = patientId.matcher(line);
      while (m.find()) {
        rawIds.add(m.group(1));
      }
    }
    assertThat(rawIds).hasSizeGreaterThan(300);
    List<String> topics = TopicDump.allTopics(pipeline.kafka());
    assertThat(topics).contains(Topics.PROCEDURES.name(), Topics.DEAD_LETTER.name(),
        "spine-outcomes-by-patient-repartition", "spine-outcomes-patient-procedures-changelog");
    long records = 0;
    for (String topic : topics) {
      for (TopicDump.Entry e : TopicDump.read(pipeline.kafka(), topic)) {
        records++;
        String text = new String(e.key() == null ? new byte[0] : e.key(), StandardCharsets.ISO_8859_1)
            + new String(e.value() == null ? new byte[0] : e.value(), StandardCharsets.ISO_8859_1);
        for (String id : rawIds) {
          assertThat(text).as("a record of %s", topic).doesNotContain(id);
        }
      }
    }
    assertThat(records).isGreaterThan(5000);
  }

  /** The benchmark's batch recomputation is itself right: on this file it gives the pipeline's (R's) figures. */
  @Test
  void batchRecomputationGivesTheSameComparisons() throws IOException {
    Map<String, OutcomeComparison> batch = org.spineoutcomes.launcher.bench.BatchRecomputation.compute(
        dir.resolve("events.jsonl"), new org.spineoutcomes.ingest.contract.Pseudonymizer("acceptance-test"),
        java.time.Clock.systemUTC());
    assertThat(batch).hasSizeGreaterThan(1000);
    assertThat(org.spineoutcomes.launcher.bench.Benchmark.differences(batch, comparisons)).isEmpty();
  }

  /**
   * The topic people see is the analysis under the small-cell rule: complementary suppression across each
   * dimension's strata and no adjusted estimate on fewer than 11 procedures of an approach. The analysis topic
   * itself keeps R's figures (the tests below).
   */
  @Test
  void publishedComparisonsAreTheAnalysisUnderTheSmallCellRule() {
    Map<String, OutcomeComparison> published =
        ComparisonsReader.readLatest(pipeline.kafka(), org.spineoutcomes.schemas.Topics.PUBLISHED_COMPARISONS);
    assertThat(published.keySet()).isEqualTo(comparisons.keySet());
    Map<String, Map<String, OutcomeComparison>> groups = new TreeMap<>();
    comparisons.forEach((k, c) -> groups.computeIfAbsent(
        org.spineoutcomes.streams.publication.ComparisonPublisher.groupOf(k), g -> new TreeMap<>()).put(k, c));
    int differing = 0;
    for (Map<String, OutcomeComparison> group : groups.values()) {
      for (Map.Entry<String, OutcomeComparison> e :
          org.spineoutcomes.streams.publication.PublicationRule.publish(group).entrySet()) {
        assertThat(published.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        differing += e.getValue().equals(comparisons.get(e.getKey())) ? 0 : 1;
      }
    }
    assertThat(differing).as("the reference has small cells the rule must act on").isGreaterThan(100);
  }

  @Test
  void crudeComparisonsMatchR() throws IOException {
    JsonNode expected = JSON.readTree(dir.resolve("expected-comparisons.json").toFile());
    Map<String, JsonNode> byKey = new TreeMap<>();
    expected.forEach(e -> byKey.put(key(e), e));
    assertThat(comparisons.keySet()).isEqualTo(byKey.keySet());

    FigureComparator cmp = new FigureComparator();
    for (Map.Entry<String, JsonNode> entry : byKey.entrySet()) {
      String k = entry.getKey();
      JsonNode e = entry.getValue();
      OutcomeComparison a = comparisons.get(k);
      cmp.exact(k + " suppressed", e.get("suppressed"), a.getSuppressed());
      arm(cmp, k + " open", e.get("open"), a.getOpen());
      arm(cmp, k + " microscopic", e.get("microscopic"), a.getMicroscopic());
      cmp.estimate(k + " difference", e.get("difference"), a.getDifference());
      cmp.estimate(k + " ciLow", e.get("ciLow"), a.getCiLow());
      cmp.estimate(k + " ciHigh", e.get("ciHigh"), a.getCiHigh());
      cmp.pValue(k + " pValue", e.get("pValue"), a.getPValue());
      if (e.has("hedgesG")) {
        cmp.estimate(k + " hedgesG", e.get("hedgesG"), a.getHedgesG());
        cmp.estimate(k + " tStatistic", e.get("tStatistic"), a.getTStatistic());
        cmp.estimate(k + " df", e.get("df"), a.getDf());
      } else {
        cmp.estimate(k + " relativeRisk", e.get("relativeRisk"), a.getRelativeRisk());
        cmp.estimate(k + " rrCiLow", e.get("rrCiLow"), a.getRrCiLow());
        cmp.estimate(k + " rrCiHigh", e.get("rrCiHigh"), a.getRrCiHigh());
      }
    }
    assertThat(cmp.mismatches).as(cmp.report()).isEmpty();
    assertThat(cmp.compared).isGreaterThan(15_000);
  }

  @Test
  void adjustedComparisonsMatchR() throws IOException {
    JsonNode expected = JSON.readTree(dir.resolve("expected-adjusted.json").toFile());
    FigureComparator cmp = new FigureComparator();
    int records = 0;
    for (JsonNode e : expected) {
      String k = key(e);
      OutcomeComparison c = comparisons.get(k);
      assertThat(c).as(k).isNotNull();
      AdjustedComparison a = c.getAdjusted();
      records++;
      cmp.exact(k + " adjusted.suppressed", e.get("suppressed"), a.getSuppressed());
      cmp.exact(k + " adjusted.strata", e.get("strata"), a.getStrata());
      cmp.exact(k + " adjusted.n", e.get("n"), a.getN());
      cmp.exact(k + " adjusted.nOpen", e.get("nOpen"), a.getNOpen());
      cmp.exact(k + " adjusted.nMicroscopic", e.get("nMicroscopic"), a.getNMicroscopic());
      cmp.exact(k + " adjusted.nPatients", e.get("nPatients"), a.getNPatients());
      if ("continuous".equals(e.get("kind").asText())) {
        pooled(cmp, k + " adjusted.meanDifference", e.get("meanDifference"), "se", a.getMeanDifference());
        cmp.pValue(k + " adjusted.pValue", e.get("pValue"), a.getPValue());
      } else {
        cmp.exact(k + " adjusted.eventsOpen", e.get("eventsOpen"), a.getEventsOpen());
        cmp.exact(k + " adjusted.eventsMicroscopic", e.get("eventsMicroscopic"), a.getEventsMicroscopic());
        pooled(cmp, k + " adjusted.relativeRisk", e.get("relativeRisk"), "seLog", a.getRelativeRisk());
        pooled(cmp, k + " adjusted.riskDifference", e.get("riskDifference"), "se", a.getRiskDifference());
        pooled(cmp, k + " adjusted.oddsRatio", e.get("oddsRatio"), "seLog", a.getOddsRatio());
        cmp.pValue(k + " adjusted.pValue", e.get("pValue"), a.getPValue());
        cmp.pValue(k + " adjusted.pValueCorrected", e.get("pValueCorrected"), a.getPValueCorrected());
      }
    }
    assertThat(records).isEqualTo(1015);
    assertThat(cmp.mismatches).as(cmp.report()).isEmpty();
  }

  private static void pooled(FigureComparator cmp, String where, JsonNode e, String seField, PooledEstimate a) {
    if (e == null || e.isNull() || e.get("estimate").isNull()) {
      cmp.exact(where, null, a);
      return;
    }
    if (a == null) {
      cmp.exact(where, e.get("estimate"), null);
      return;
    }
    cmp.estimate(where + ".estimate", e.get("estimate"), a.getEstimate());
    cmp.estimate(where + "." + seField, e.get(seField), a.getSe());
    cmp.estimate(where + ".ciLow", e.get("ciLow"), a.getCiLow());
    cmp.estimate(where + ".ciHigh", e.get("ciHigh"), a.getCiHigh());
  }

  private static void arm(FigureComparator cmp, String where, JsonNode e, ArmFigures a) {
    cmp.exact(where + ".suppressed", e.get("suppressed"), a.getSuppressed());
    cmp.exact(where + ".n", e.get("n"), a.getN());
    Map<String, Object> actual = new HashMap<>();
    actual.put("mean", a.getMean());
    actual.put("sd", a.getSd());
    actual.put("median", a.getMedian());
    actual.put("q1", a.getQ1());
    actual.put("q3", a.getQ3());
    actual.put("rate", a.getRate());
    actual.put("ciLow", a.getCiLow());
    actual.put("ciHigh", a.getCiHigh());
    for (String f : List.of("mean", "sd", "median", "q1", "q3", "rate", "ciLow", "ciHigh")) {
      if (e.has(f)) {
        cmp.estimate(where + "." + f, e.get(f), actual.get(f));
      }
    }
    if (e.has("events")) {
      cmp.exact(where + ".events", e.get("events"), a.getEvents());
    }
  }

  private static String key(JsonNode e) {
    return Topics.comparisonKey(e.get("dimension").asText(), e.get("value").asText(), e.get("metric").asText());
  }
}

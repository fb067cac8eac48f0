package org.spineoutcomes.schemas;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one catalogue of the pipeline's topics: their names, what keys them, their value serde and their
 * retention policy. Every producer, consumer and topology takes names and serdes from here.
 */
public final class Topics {

  /** A topic of the pipeline: name, key and value serdes, and whether it is compacted. */
  public record Topic<K, V>(String name, String keyDescription, Serde<K> keySerde, Serde<V> valueSerde,
      boolean compacted) {}

  public static final Serde<String> STRING = Serdes.String();

  public static final AvroSerde<ProcedurePerformed> PROCEDURE_SERDE =
      new AvroSerde<>(ProcedurePerformed.getClassSchema());
  public static final AvroSerde<FollowUpRecorded> FOLLOW_UP_SERDE =
      new AvroSerde<>(FollowUpRecorded.getClassSchema());
  public static final AvroSerde<ConsentWithdrawn> CONSENT_SERDE =
      new AvroSerde<>(ConsentWithdrawn.getClassSchema());
  public static final AvroSerde<DeadLetter> DEAD_LETTER_SERDE = new AvroSerde<>(DeadLetter.getClassSchema());
  public static final AvroSerde<OutcomeComparison> COMPARISON_SERDE =
      new AvroSerde<>(OutcomeComparison.getClassSchema());
  public static final AvroSerde<RiskModel> RISK_MODEL_SERDE = new AvroSerde<>(RiskModel.getClassSchema());
  public static final AvroSerde<ProviderPerformance> PROVIDER_PERFORMANCE_SERDE =
      new AvroSerde<>(ProviderPerformance.getClassSchema());
  public static final AvroSerde<QualityAlert> QUALITY_ALERT_SERDE = new AvroSerde<>(QualityAlert.getClassSchema());

  /** Procedures as performed (and their corrections), keyed by procedureId. */
  public static final Topic<String, ProcedurePerformed> PROCEDURES =
      new Topic<>("procedures", "procedureId", STRING, PROCEDURE_SERDE, false);

  /** Follow-up visits, keyed by the procedureId they follow up. */
  public static final Topic<String, FollowUpRecorded> FOLLOW_UPS =
      new Topic<>("follow-ups", "procedureId", STRING, FOLLOW_UP_SERDE, false);

  /** Consent withdrawals, keyed by patient pseudonym. */
  public static final Topic<String, ConsentWithdrawn> CONSENT_WITHDRAWALS =
      new Topic<>("consent-withdrawals", "patientPseudonym", STRING, CONSENT_SERDE, false);

  /** Rejected input lines with the reason, keyed by "source:position"; compacted so re-sends do not pile up. */
  public static final Topic<String, DeadLetter> DEAD_LETTER =
      new Topic<>("dead-letter", "source:position", STRING, DEAD_LETTER_SERDE, true);

  /**
   * Records of the streams' input (or repartition) topics that could not be decoded, written there by the streams
   * as they were read, key and value bytes unchanged, with Kafka Streams' headers naming the topic, partition,
   * offset and exception; the streams go on past them. Only the ingest writes the input topics, so anything here
   * was written around it (a tool, another producer) and is for people to look at.
   */
  public static final Topic<byte[], byte[]> UNDECODABLE_INPUT =
      new Topic<>("undecodable-input", "as read", Serdes.ByteArray(), Serdes.ByteArray(), false);

  /** Current comparison per stratum and metric, keyed "dimension/value/metric"; compacted. */
  public static final Topic<String, OutcomeComparison> OUTCOME_COMPARISONS =
      new Topic<>("outcome-comparisons", "dimension/value/metric", STRING, COMPARISON_SERDE, true);

  /**
   * The comparisons as they may be shown to people, keyed like outcome-comparisons; compacted. Beyond the
   * per-arm rule of the analysis topic, complementary suppression across the strata of a dimension and no
   * adjusted estimate resting on fewer than 11 procedures of either approach.
   */
  public static final Topic<String, OutcomeComparison> PUBLISHED_COMPARISONS =
      new Topic<>("published-comparisons", "dimension/value/metric", STRING, COMPARISON_SERDE, true);

  /** Fitted risk models, keyed by the outcome they predict (complication_90d); compacted: the newest wins. */
  public static final Topic<String, RiskModel> RISK_MODELS =
      new Topic<>("risk-models", "outcome", STRING, RISK_MODEL_SERDE, true);

  /** Risk-adjusted performance per provider, keyed "hospital/H01" or "surgeon/H01-S01/OPEN"; compacted. */
  public static final Topic<String, ProviderPerformance> PROVIDER_PERFORMANCE =
      new Topic<>("provider-performance", "providerType/providerId[/approach]", STRING,
          PROVIDER_PERFORMANCE_SERDE, true);

  /** CUSUM signals, keyed "provider/chart/procedureId of the signalling case"; compacted, tombstoned if undone. */
  public static final Topic<String, QualityAlert> QUALITY_ALERTS =
      new Topic<>("quality-alerts", "provider/chart/procedureId", STRING, QUALITY_ALERT_SERDE, true);

  /** The topics the pipeline creates, in the order of the flow. */
  public static final List<Topic<?, ?>> ALL = List.of(PROCEDURES, FOLLOW_UPS, CONSENT_WITHDRAWALS, DEAD_LETTER,
      UNDECODABLE_INPUT, OUTCOME_COMPARISONS, PUBLISHED_COMPARISONS, RISK_MODELS, PROVIDER_PERFORMANCE, QUALITY_ALERTS);

  /** Topic-level configuration for creating a topic of the catalogue. */
  public static Map<String, String> configOf(Topic<?, ?> topic) {
    return topic.compacted()
        ? Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0")
        : Map.of("cleanup.policy", "delete", "retention.ms", "-1");
  }

  /** The key of an outcome-comparisons (and published-comparisons) record, the value as a {@link #keyPart}. */
  public static String comparisonKey(String dimension, String value, String metric) {
    return dimension + "/" + keyPart(value) + "/" + metric;
  }

  /** The key of a provider-performance record: "hospital/H01", or "surgeon/H01-S01/OPEN"; the id as a {@link #keyPart}. */
  public static String providerKey(ProviderType type, String id, Approach approach) {
    return type == ProviderType.HOSPITAL ? "hospital/" + keyPart(id)
        : "surgeon/" + keyPart(id) + (approach == null ? "" : "/" + approach.name());
  }

  /**
   * An id sent by a hospital, as one part of a '/'-separated key: each '%' written as "%25" and each '/' as "%2F"
   * (as in a URL), so an id holding a '/' (a hospital "RJ1/02") keeps its key's parts apart, and no key of one
   * id starts with the parts of another's (a stratum's prefix scan reads its own keys only). Ids without either
   * character, the usual case, stand as they are.
   */
  public static String keyPart(String id) {
    if (id.indexOf('/') < 0 && id.indexOf('%') < 0) {
      return id;
    }
    return id.replace("%", "%25").replace("/", "%2F");
  }

  /** The id a {@link #keyPart} stands for. */
  public static String idOfKeyPart(String part) {
    if (part.indexOf('%') < 0) {
      return part;
    }
    // every '%' of a key part opens "%25" or "%2F", so the two replacements cannot overlap
    return part.replace("%2F", "/").replace("%25", "%");
  }

  private Topics() {}
}

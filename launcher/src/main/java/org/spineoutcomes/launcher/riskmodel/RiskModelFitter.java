package org.spineoutcomes.launcher.riskmodel;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.spineoutcomes.schemas.RiskModel;
import org.spineoutcomes.schemas.Topics;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.PatientState;
import org.spineoutcomes.statistics.riskmodel.CStatistic;
import org.spineoutcomes.statistics.riskmodel.LogisticRegression;
import org.spineoutcomes.streams.OutcomesTopology;
import org.spineoutcomes.streams.StateSerdes;
import org.spineoutcomes.streams.monitoring.RiskModelTerms;

/**
 * Fits the 90-day complication risk model from the current outcome records — the streams application's
 * patient-procedures changelog, which holds exactly the procedures counted after corrections and consent
 * withdrawals — and publishes it to the compacted risk-models topic, where the streams pick it up.
 */
public final class RiskModelFitter {

  /** Fewer events than this cannot support the model's terms (about one event per term and then some). */
  public static final int MIN_EVENTS = 20;

  /** The fitted model with what it rests on, before publication. */
  public record Fit(RiskModel model, LogisticRegression regression) {}

  /** Reads the current outcome records and fits; throws with a readable message when that cannot be done. */
  public static Fit fit(Map<String, Object> kafka, String applicationId, Instant now) {
    List<double[]> rows = new ArrayList<>();
    List<Boolean> outcomes = new ArrayList<>();
    for (PatientState patient : readPatients(kafka, applicationId).values()) {
      if (patient.getWithdrawn()) {
        continue;
      }
      for (OutcomeFacts facts : patient.getProcedures()) {
        Boolean y = RiskModelTerms.outcome(facts);
        double[] x = RiskModelTerms.covariates(facts);
        if (y != null && x != null) {
          rows.add(x);
          outcomes.add(y);
        }
      }
    }
    long events = outcomes.stream().filter(b -> b).count();
    if (events < MIN_EVENTS || rows.size() - events < MIN_EVENTS) {
      throw new IllegalStateException(String.format("Too little data to fit the risk model: %d procedures with an "
          + "observed 90-day window, %d with a complication (need at least %d with and %d without). Let more "
          + "follow-ups arrive, then run fit-risk-model again.", rows.size(), events, MIN_EVENTS, MIN_EVENTS));
    }
    double[][] x = rows.toArray(new double[0][]);
    boolean[] y = new boolean[outcomes.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = outcomes.get(i);
    }
    LogisticRegression fit = LogisticRegression.fit(x, y);
    if (!fit.converged()) {
      throw new IllegalStateException("The risk model did not converge (" + fit.iterations()
          + " iterations); not published. Check for conditions or techniques with no complications at all.");
    }
    double[] predicted = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      predicted[i] = fit.predict(x[i]);
    }
    List<String> terms = new ArrayList<>();
    terms.add("(Intercept)");
    terms.addAll(RiskModelTerms.NAMES);
    RiskModel model = RiskModel.newBuilder()
        .setOutcome(RiskModelTerms.OUTCOME)
        .setFittedAt(now.truncatedTo(ChronoUnit.MILLIS)) // as the topic's timestamp-millis keeps it
        .setN(x.length)
        .setEvents((int) events)
        .setCStatistic(CStatistic.of(predicted, y))
        .setConverged(true)
        .setTerms(terms)
        .setCoefficients(boxed(fit.coefficients()))
        .setStandardErrors(boxed(fit.standardErrors()))
        .build();
    return new Fit(model, fit);
  }

  /** Publishes the model to risk-models (compacted, keyed by outcome): the streams use the newest. */
  public static void publish(Map<String, Object> kafka, RiskModel model) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.RISK_MODELS.name(),
          Topics.STRING.serializer().serialize(null, model.getOutcome()), Topics.RISK_MODEL_SERDE.encode(model)))
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Publishing the risk model failed: " + e.getMessage(), e);
    }
  }

  /** A person-readable summary: what the model rests on and each coefficient as an odds ratio. */
  public static String describe(Fit fit) {
    RiskModel m = fit.model();
    StringBuilder sb = new StringBuilder(String.format("90-day complication risk model fitted on %,d procedures "
        + "(%,d with a complication), C-statistic %.3f, %d IRLS iterations%n", m.getN(), m.getEvents(),
        m.getCStatistic(), fit.regression().iterations()));
    sb.append(String.format("  %-34s %10s %10s %10s%n", "term", "coef", "se", "odds ratio"));
    for (int i = 0; i < m.getTerms().size(); i++) {
      double b = m.getCoefficients().get(i);
      sb.append(String.format("  %-34s %10.4f %10.4f %10s%n", m.getTerms().get(i), b,
          m.getStandardErrors().get(i), i == 0 ? "" : String.format("%.3f", Math.exp(b))));
    }
    return sb.toString();
  }

  private static Map<String, PatientState> readPatients(Map<String, Object> kafka, String applicationId) {
    String topic = applicationId + "-" + OutcomesTopology.PATIENT_PROCEDURES_STORE + "-changelog";
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, PatientState> latest = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var infos = consumer.partitionsFor(topic, Duration.ofSeconds(20));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("No outcome records found (topic " + topic + " is missing): is the "
            + "streams application (application.id " + applicationId + ") running against this cluster?");
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String key = Topics.STRING.deserializer().deserialize(topic, r.key());
          if (r.value() == null) {
            latest.remove(key);
          } else {
            latest.put(key, StateSerdes.PATIENT_STATE.decode(r.value()));
          }
        }
      }
    }
    return latest;
  }

  private static List<Double> boxed(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(v);
    }
    return out;
  }

  private RiskModelFitter() {}
}

package org.spineoutcomes.ingest.publish;

import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.spineoutcomes.ingest.contract.DeadLetters;
import org.spineoutcomes.ingest.contract.EventParser;
import org.spineoutcomes.ingest.contract.ParseResult;
import org.spineoutcomes.ingest.contract.Pseudonymizer;
import org.spineoutcomes.schemas.ConsentWithdrawn;
import org.spineoutcomes.schemas.DeadLetter;
import org.spineoutcomes.schemas.FollowUpRecorded;
import org.spineoutcomes.schemas.ProcedurePerformed;
import org.spineoutcomes.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates contract lines and publishes them: events as Avro to their input topic keyed by procedureId
 * (consent withdrawals by patient pseudonym), rejected lines to the dead-letter topic with their reason.
 * The producer is idempotent with acks=all, and every send is checked: a failed send fails the ingest
 * rather than losing an event silently.
 */
public final class EventPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final EventParser parser;
  private final Pseudonymizer pseudonymizer;
  private final Clock clock;
  private final IngestSummary summary = new IngestSummary();
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
  private final Callback checkSend = (metadata, exception) -> {
    if (exception != null) {
      sendFailure.compareAndSet(null, exception);
    }
  };

  public EventPublisher(Map<String, Object> producerConfig, Pseudonymizer pseudonymizer, Clock clock) {
    Properties props = new Properties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // One request in flight per connection: when the first batch to a new partition fails with a retriable error
    // while later ones succeed, the idempotent producer otherwise retries it forever (OutOfOrderSequence) and the
    // ingest stalls until the delivery timeout; seen here on the embedded broker under load.
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    props.putAll(producerConfig);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(props);
    this.pseudonymizer = pseudonymizer;
    this.parser = new EventParser(pseudonymizer);
    this.clock = clock;
  }

  /** Validates and publishes one line; `position` is its 1-based line number within `source`. */
  public ParseResult publish(String source, long position, String line) {
    checkFailure();
    summary.line();
    ParseResult result = parser.parse(line);
    if (result instanceof ParseResult.Accepted accepted) {
      send(accepted.event());
    } else {
      ParseResult.Rejected rejected = (ParseResult.Rejected) result;
      summary.reject(rejected.reason());
      DeadLetter letter = DeadLetters.deadLetter(source, position, line, rejected, clock.instant(), pseudonymizer);
      producer.send(new ProducerRecord<>(Topics.DEAD_LETTER.name(),
          Topics.STRING.serializer().serialize(null, source + ":" + position),
          Topics.DEAD_LETTER_SERDE.encode(letter)), checkSend);
    }
    return result;
  }

  /** Publishes an event that was validated elsewhere (e.g. by the HTTP endpoint). */
  public void send(SpecificRecord event) {
    checkFailure();
    if (event instanceof ProcedurePerformed p) {
      summary.procedure();
      producer.send(record(Topics.PROCEDURES.name(), p.getProcedureId(), Topics.PROCEDURE_SERDE.encode(p)), checkSend);
    } else if (event instanceof FollowUpRecorded f) {
      summary.followUp();
      producer.send(record(Topics.FOLLOW_UPS.name(), f.getProcedureId(), Topics.FOLLOW_UP_SERDE.encode(f)), checkSend);
    } else if (event instanceof ConsentWithdrawn c) {
      summary.withdrawal();
      producer.send(record(Topics.CONSENT_WITHDRAWALS.name(), c.getPatientPseudonym(),
          Topics.CONSENT_SERDE.encode(c)), checkSend);
    } else {
      throw new IllegalArgumentException("Not a contract event: " + event.getClass().getName());
    }
  }

  /** Waits until every event sent so far is acknowledged by the broker; throws if any send failed. */
  public void flush() {
    producer.flush();
    checkFailure();
  }

  public IngestSummary summary() {
    return summary;
  }

  @Override
  public void close() {
    try {
      producer.flush();
    } finally {
      producer.close(java.time.Duration.ofSeconds(30));
    }
    checkFailure();
    log.debug("Ingest closed: {}", summary.describe());
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(topic, Topics.STRING.serializer().serialize(topic, key), value);
  }

  private void checkFailure() {
    Exception e = sendFailure.get();
    if (e != null) {
      throw new IllegalStateException("Publishing to Kafka failed: " + e.getMessage()
          + " (check that the brokers at bootstrap.servers are reachable and the topics exist)", e);
    }
  }

}

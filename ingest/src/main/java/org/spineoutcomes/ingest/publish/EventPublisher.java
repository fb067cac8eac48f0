package org.spineoutcomes.ingest.publish;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
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
  /** Lines validated per task by {@link #publishLines}, and tasks queued per parser thread. */
  private static final int BATCH_LINES = 512;
  private static final int BATCHES_IN_FLIGHT_PER_PARSER = 4;
  /** Parser threads for a file: one per core (the sending thread and the producer's own mostly wait). */
  private static final int PARSERS = Runtime.getRuntime().availableProcessors();

  private final Producer<byte[], byte[]> producer;
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
    this(new KafkaProducer<>(producerProperties(producerConfig)), pseudonymizer, clock);
  }

  /** With a given producer (tests use Kafka's {@code MockProducer}). */
  EventPublisher(Producer<byte[], byte[]> producer, Pseudonymizer pseudonymizer, Clock clock) {
    this.producer = producer;
    this.pseudonymizer = pseudonymizer;
    this.parser = new EventParser(pseudonymizer);
    this.clock = clock;
  }

  private static Properties producerProperties(Map<String, Object> producerConfig) {
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
    return props;
  }

  /** Validates and publishes one line; `position` is its 1-based line number within `source`. */
  public ParseResult publish(String source, long position, String line) {
    checkFailure();
    Outgoing outgoing = prepare(source, position, line);
    summary.line();
    send(outgoing);
    return outgoing.result();
  }

  /** {@link #publishLines(String, BufferedReader, int, LongConsumer)} with one parser thread per core. */
  public long publishLines(String source, BufferedReader lines, LongConsumer progress) throws IOException {
    return publishLines(source, lines, PARSERS, progress);
  }

  /**
   * Validates and publishes every line of {@code lines}, in order, until its end; blank lines are skipped (counted
   * as read, and as {@link IngestSummary#blank()}), so positions stay the file's line numbers. Lines are validated and encoded on {@code parsers} threads
   * in batches and sent in the order read (a procedure's events keep their order on its partition).
   *
   * @param progress told the number of lines read so far, after each batch is sent
   * @return the number of lines read
   */
  public long publishLines(String source, BufferedReader lines, int parsers, LongConsumer progress)
      throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(parsers, runnable -> {
      Thread thread = new Thread(runnable, "ingest-parser");
      thread.setDaemon(true);
      return thread;
    });
    Deque<Batch> pending = new ArrayDeque<>();
    long position = 0;
    try {
      String line = lines.readLine();
      while (line != null) {
        String[] batch = new String[BATCH_LINES];
        long first = position + 1;
        int n = 0;
        for (; n < BATCH_LINES && line != null; n++, line = lines.readLine()) {
          batch[n] = line;
        }
        position += n;
        int size = n;
        pending.add(new Batch(pool.submit(() -> prepareAll(source, first, batch, size)), position));
        if (pending.size() >= BATCHES_IN_FLIGHT_PER_PARSER * parsers) {
          sendAll(pending.poll(), progress);
        }
      }
      while (!pending.isEmpty()) {
        sendAll(pending.poll(), progress);
      }
    } finally {
      pool.shutdownNow();
    }
    return position;
  }

  /** Publishes an event that was validated elsewhere (e.g. by the HTTP endpoint). */
  public void send(SpecificRecord event) {
    checkFailure();
    send(outgoing(event, new ParseResult.Accepted(event)));
  }

  private Outgoing[] prepareAll(String source, long firstPosition, String[] lines, int size) {
    Outgoing[] out = new Outgoing[size];
    for (int i = 0; i < size; i++) {
      if (!lines[i].isBlank()) {
        out[i] = prepare(source, firstPosition + i, lines[i]);
      }
    }
    return out;
  }

  private void sendAll(Batch batch, LongConsumer progress) throws IOException {
    Outgoing[] outgoing;
    try {
      outgoing = batch.outgoing().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while publishing");
    } catch (ExecutionException e) {
      throw new IllegalStateException("validating a line failed: " + e.getCause(), e.getCause());
    }
    checkFailure();
    for (Outgoing o : outgoing) {
      if (o == null) {
        summary.blankLine();
      } else {
        summary.line();
        send(o);
      }
    }
    progress.accept(batch.lastPosition());
  }

  /** Validation and encoding: everything but the send, safe on any thread. */
  private Outgoing prepare(String source, long position, String line) {
    ParseResult result = parser.parse(line);
    if (result instanceof ParseResult.Accepted accepted) {
      return outgoing(accepted.event(), result);
    }
    ParseResult.Rejected rejected = (ParseResult.Rejected) result;
    DeadLetter letter = DeadLetters.deadLetter(source, position, line, rejected, clock.instant(), pseudonymizer);
    return new Outgoing(record(Topics.DEAD_LETTER.name(), source + ":" + position,
        Topics.DEAD_LETTER_SERDE.encode(letter)), result);
  }

  private static Outgoing outgoing(SpecificRecord event, ParseResult result) {
    if (event instanceof ProcedurePerformed p) {
      return new Outgoing(record(Topics.PROCEDURES.name(), p.getProcedureId(), Topics.PROCEDURE_SERDE.encode(p)),
          result);
    } else if (event instanceof FollowUpRecorded f) {
      return new Outgoing(record(Topics.FOLLOW_UPS.name(), f.getProcedureId(), Topics.FOLLOW_UP_SERDE.encode(f)),
          result);
    } else if (event instanceof ConsentWithdrawn c) {
      return new Outgoing(record(Topics.CONSENT_WITHDRAWALS.name(), c.getPatientPseudonym(),
          Topics.CONSENT_SERDE.encode(c)), result);
    }
    throw new IllegalArgumentException("Not a contract event: " + event.getClass().getName());
  }

  private void send(Outgoing outgoing) {
    if (outgoing.result() instanceof ParseResult.Accepted accepted) {
      SpecificRecord event = accepted.event();
      if (event instanceof ProcedurePerformed) {
        summary.procedure();
      } else if (event instanceof FollowUpRecorded) {
        summary.followUp();
      } else {
        summary.withdrawal();
      }
    } else {
      summary.reject(((ParseResult.Rejected) outgoing.result()).reason());
    }
    producer.send(outgoing.record(), checkSend);
  }

  /** Lines being validated, the last of them at {@code lastPosition}. */
  private record Batch(Future<Outgoing[]> outgoing, long lastPosition) {}

  /** A validated line, encoded for its topic (an event, or its dead letter). */
  private record Outgoing(ProducerRecord<byte[], byte[]> record, ParseResult result) {}

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

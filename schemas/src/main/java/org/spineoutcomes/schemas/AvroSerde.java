package org.spineoutcomes.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro class using Avro's single-object encoding: each value carries its
 * writer schema's 64-bit fingerprint, so any consumer holding the schema can read it without a registry
 * server, and a reader can be told about older writer schemas as the contract evolves.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  static {
    // Avro 1.12 only instantiates trusted classes when decoding; our generated records are trusted.
    ClassSecurityValidator.ClassSecurityPredicate global = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(global,
        clazz -> clazz.getName().startsWith("org.spineoutcomes.schemas.")));
  }

  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final UnaryOperator<T> afterDecoding;

  /**
   * Generated records without logical types anywhere inside encode and decode themselves (custom coders), several
   * times faster than Avro's reflective path, with the same bytes; Avro 1.12's custom coders do not apply the
   * conversions of logical types (timestamps, dates), so records holding one take the reflective path.
   */
  private static final SpecificData CUSTOM_CODERS = new SpecificData();

  static {
    CUSTOM_CODERS.setCustomCoders(true);
  }

  public AvroSerde(Schema schema) {
    this(schema, UnaryOperator.identity());
  }

  /**
   * @param afterDecoding applied to every decoded value before it is returned, for instance to share the strings a
   *     long-lived decoded value repeats; it must not change what the value means
   */
  public AvroSerde(Schema schema, UnaryOperator<T> afterDecoding) {
    this.afterDecoding = afterDecoding;
    SpecificData model = hasLogicalTypes(schema, new java.util.HashSet<>()) ? SpecificData.get() : CUSTOM_CODERS;
    this.encoder = new BinaryMessageEncoder<>(model, schema, true); // true: each result is a copy of its own
    this.decoder = new BinaryMessageDecoder<>(model, schema);
  }

  private static boolean hasLogicalTypes(Schema schema, java.util.Set<String> seen) {
    if (schema.getLogicalType() != null) {
      return true;
    }
    return switch (schema.getType()) {
      case RECORD -> seen.add(schema.getFullName())
          && schema.getFields().stream().anyMatch(f -> hasLogicalTypes(f.schema(), seen));
      case ARRAY -> hasLogicalTypes(schema.getElementType(), seen);
      case MAP -> hasLogicalTypes(schema.getValueType(), seen);
      case UNION -> schema.getTypes().stream().anyMatch(t -> hasLogicalTypes(t, seen));
      default -> false;
    };
  }

  /** Teaches the reader an older writer schema of the same record, for data written before an evolution. */
  public AvroSerde<T> withPreviousSchema(Schema writerSchema) {
    decoder.addSchema(writerSchema);
    return this;
  }

  public byte[] encode(T value) {
    try {
      ByteBuffer buffer = encoder.encode(value);
      // A copying encoder returns a fresh array holding exactly the record, which is ours to keep: copying it
      // again was a sixteenth of everything the stream thread allocated.
      if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
          && buffer.remaining() == buffer.array().length) {
        return buffer.array();
      }
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public T decode(byte[] bytes) {
    try {
      return afterDecoding.apply(decoder.decode(bytes));
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot decode Avro single-object record: " + e.getMessage(), e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : encode(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }
}

package org.spineoutcomes.streams.procedure;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.spineoutcomes.schemas.AvroSerde;

/**
 * An input event together with the bytes it was read as, so the procedure stage can store the event without
 * encoding it again (Avro encodes the contract's records, which hold timestamps, through its slow reflective path).
 */
public record AsRead(SpecificRecord value, byte[] bytes) {

  /** The topic's own serde, keeping the bytes it decoded; a record it cannot decode fails as it would without. */
  public static Serde<AsRead> serde(AvroSerde<? extends SpecificRecord> serde) {
    return Serdes.serdeFrom(
        (topic, read) -> read == null ? null : read.bytes(),
        (topic, bytes) -> bytes == null ? null : new AsRead(serde.decode(bytes), bytes));
  }
}

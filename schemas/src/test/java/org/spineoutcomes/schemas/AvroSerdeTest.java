package org.spineoutcomes.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.state.ArmDelta;
import org.spineoutcomes.schemas.state.CellDelta;
import org.spineoutcomes.schemas.state.MetricDelta;
import org.spineoutcomes.schemas.state.StratumDelta;

/** The fast (custom-coder) path writes and reads exactly the bytes of Avro's reflective path. */
class AvroSerdeTest {

  @Test
  void customCodersWriteTheSameBytesAsTheReflectivePath() throws Exception {
    ArmDelta arm = new ArmDelta(List.of(3, 7, 120), List.of(2L, -1L, 5L), 0L, 6L);
    StratumDelta delta = new StratumDelta(List.of(new MetricDelta("blood_loss_ml",
        List.of(new CellDelta("LDH|DISCECTOMY|40-59|1-2", arm, new ArmDelta(List.of(), List.of(), 1L, 1L), 2)),
        Map.of("p1", List.of("a", "b"), "p2", List.of()))), arm, arm);
    AvroSerde<StratumDelta> serde = new AvroSerde<>(StratumDelta.getClassSchema());
    ByteBuffer reflective = new BinaryMessageEncoder<StratumDelta>(SpecificData.get(), StratumDelta.getClassSchema())
        .encode(delta);
    byte[] expected = new byte[reflective.remaining()];
    reflective.get(expected);

    byte[] fast = serde.encode(delta);
    assertThat(fast).isEqualTo(expected);
    assertThat(serde.decode(fast)).isEqualTo(delta);
    assertThat(new BinaryMessageDecoder<StratumDelta>(SpecificData.get(), StratumDelta.getClassSchema())
        .decode(fast)).isEqualTo(delta);
  }

  @Test
  void recordsWithTimestampsRoundTrip() {
    ConsentWithdrawn w = new ConsentWithdrawn("e1", "H01", "pseudonym", Instant.parse("2025-01-02T03:04:05.678Z"));
    AvroSerde<ConsentWithdrawn> serde = new AvroSerde<>(ConsentWithdrawn.getClassSchema());
    assertThat(serde.decode(serde.encode(w))).isEqualTo(w);
  }

  /** Encoded records are kept (in caches, in the producer's batches): each encode returns an array of its own. */
  @Test
  void eachEncodedRecordIsAnArrayOfItsOwnThatLaterEncodesLeaveAlone() {
    AvroSerde<ArmDelta> serde = new AvroSerde<>(ArmDelta.getClassSchema());
    ArmDelta first = new ArmDelta(List.of(1, 2, 3), List.of(4L, 5L, 6L), 0L, 15L);
    byte[] a = serde.encode(first);
    byte[] copy = a.clone();
    byte[] b = serde.encode(new ArmDelta(List.of(9), List.of(-1L), 0L, -1L));
    byte[] c = serde.encode(first);

    assertThat(b).isNotSameAs(a);
    assertThat(c).isNotSameAs(a).isEqualTo(copy);
    assertThat(a).isEqualTo(copy);
    assertThat(serde.decode(a)).isEqualTo(first);
  }
}

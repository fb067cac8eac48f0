package org.spineoutcomes.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void formatsInstantsLikeIso8601() {
    Rng r = new Rng(42);
    long[] fixed = {0L, 86_399L, 951_782_400L /* 2000-02-29 */, 1_735_724_400L, 4_102_444_799L};
    for (long s : fixed) {
      check(s);
    }
    for (int i = 0; i < 100_000; i++) {
      check(r.betweenLong(0, 32_503_680_000L)); // 1970-3000
    }
  }

  private static void check(long epochSecond) {
    StringBuilder sb = new StringBuilder();
    JsonText.instant(sb, epochSecond);
    assertThat(sb.toString()).isEqualTo('"' + Instant.ofEpochSecond(epochSecond).toString() + '"');
  }

  @Test
  void writesVersion4Uuids() {
    Rng r = new Rng(1);
    for (int i = 0; i < 1_000; i++) {
      StringBuilder sb = new StringBuilder();
      long msb = r.nextLong();
      long lsb = r.nextLong();
      JsonText.uuid(sb, msb, lsb);
      UUID uuid = UUID.fromString(sb.toString());
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(sb.toString());
    }
  }

  @Test
  void escapesStrings() throws Exception {
    String nasty = "a\"b\\c\n\t\r\b\f\u0001\u001f é € \u2028 😀 /";
    StringBuilder sb = new StringBuilder();
    JsonText.string(sb, nasty);
    assertThat(Feeds.MAPPER.readTree(sb.toString()).asText()).isEqualTo(nasty);
    assertThat(sb.toString()).doesNotContain("\n").doesNotContain("\u0001");
  }

  @Test
  void padsAndWritesTenths() {
    StringBuilder sb = new StringBuilder();
    JsonText.padded(sb, 7, 6);
    sb.append(' ');
    JsonText.padded(sb, 1_234_567, 6);
    sb.append(' ');
    JsonText.tenths(sb, 234);
    sb.append(' ');
    JsonText.tenths(sb, 50);
    assertThat(sb.toString()).isEqualTo("000007 1234567 23.4 5.0");
  }
}

package org.spineoutcomes.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {

  @Test
  void isDeterministicAndLowercaseHex() {
    Pseudonymizer p = new Pseudonymizer("secret-one");
    String a = p.pseudonym("H01", "H01-P000001");
    assertThat(a).matches("[0-9a-f]{64}");
    assertThat(p.pseudonym("H01", "H01-P000001")).isEqualTo(a);
    assertThat(new Pseudonymizer("secret-one".getBytes(StandardCharsets.UTF_8)).pseudonym("H01", "H01-P000001"))
        .isEqualTo(a);
  }

  @Test
  void isHmacSha256OverHospitalSeparatorPatient() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("k".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal("H01\u001fP-1".getBytes(StandardCharsets.UTF_8)));
    assertThat(new Pseudonymizer("k").pseudonym("H01", "P-1")).isEqualTo(expected);
    // Known answer, so that a change of encoding or separator cannot go unnoticed.
    assertThat(expected).isEqualTo(HexFormat.of().formatHex(mac.doFinal(new byte[] {'H', '0', '1', 0x1f, 'P', '-', '1'})));
  }

  @Test
  void differentSecretsGiveDifferentPseudonyms() {
    assertThat(new Pseudonymizer("secret-one").pseudonym("H01", "H01-P000001"))
        .isNotEqualTo(new Pseudonymizer("secret-two").pseudonym("H01", "H01-P000001"));
  }

  @Test
  void theHospitalIsPartOfThePseudonym() {
    Pseudonymizer p = new Pseudonymizer("s");
    assertThat(p.pseudonym("H01", "P000001")).isNotEqualTo(p.pseudonym("H02", "P000001"));
    assertThat(p.pseudonym("H0", "1P")).isNotEqualTo(p.pseudonym("H01", "P"));
  }

  @Test
  void neverContainsTheRawIdAndHidesTheSecret() {
    Pseudonymizer p = new Pseudonymizer("very-secret-value");
    assertThat(p.pseudonym("H01", "H01-P000001")).doesNotContain("P000001");
    assertThat(p.toString()).doesNotContain("very-secret-value");
  }

  @Test
  void isThreadSafe() {
    Pseudonymizer p = new Pseudonymizer("s");
    List<String> expected = IntStream.range(0, 2000).mapToObj(i -> p.pseudonym("H", "P" + i)).toList();
    Set<Integer> wrong = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 20_000).parallel().forEach(i -> {
      if (!p.pseudonym("H", "P" + (i % 2000)).equals(expected.get(i % 2000))) {
        wrong.add(i);
      }
    });
    assertThat(wrong).isEmpty();
  }

  @Test
  void rejectsAnEmptySecret() {
    assertThatThrownBy(() -> new Pseudonymizer("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Pseudonymizer(new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }
}

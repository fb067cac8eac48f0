package org.spineoutcomes.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicsKeyTest {

  private static final List<String> IDS = List.of("H01", "A", "A/B", "A%2FB", "A%252FB", "%", "/", "%/", "/%2F",
      "RJ1/02/", "50% off", "");

  @Test
  void plainIdsStandAsTheyAre() {
    assertThat(Topics.keyPart("H01-S01")).isSameAs("H01-S01");
    assertThat(Topics.comparisonKey("hospital", "H01", "blood_loss_ml")).isEqualTo("hospital/H01/blood_loss_ml");
    assertThat(Topics.providerKey(ProviderType.SURGEON, "H01-S01", Approach.OPEN)).isEqualTo("surgeon/H01-S01/OPEN");
    assertThat(Topics.providerKey(ProviderType.HOSPITAL, "H01", null)).isEqualTo("hospital/H01");
  }

  @Test
  void aKeyPartHoldsNoSlashAndGivesBackItsIdAlone() {
    Set<String> parts = new HashSet<>();
    for (String id : IDS) {
      String part = Topics.keyPart(id);
      assertThat(part).as(id).doesNotContain("/");
      assertThat(Topics.idOfKeyPart(part)).as(id).isEqualTo(id);
      assertThat(parts.add(part)).as("%s has a key part of its own", id).isTrue();
    }
    assertThat(Topics.keyPart("A/B")).isEqualTo("A%2FB");
    assertThat(Topics.keyPart("A%2FB")).isEqualTo("A%252FB");
  }

  @Test
  void noIdsKeysStartWithAnotherIdsParts() {
    for (String a : IDS) {
      for (String b : IDS) {
        if (!a.equals(b)) {
          String key = Topics.comparisonKey("hospital", b, "blood_loss_ml");
          assertThat(key).as("%s under %s", b, a).doesNotStartWith("hospital/" + Topics.keyPart(a) + "/");
        }
      }
    }
  }
}

package org.spineoutcomes.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccessRuleTest {

  private static final String TOKEN = "a-long-enough-token-0123";

  @Test
  void loopbackNeedsNoToken() {
    for (String bind : new String[] {"127.0.0.1", "localhost", "::1", "127.0.0.2"}) {
      AccessRule rule = AccessRule.forBinding(bind, null);
      assertThat(rule.tokenRequired()).as(bind).isFalse();
      assertThat(rule.allows(null, null)).as(bind).isTrue();
    }
  }

  @Test
  void anyOtherAddressRefusesToStartWithoutAToken() {
    for (String bind : new String[] {"0.0.0.0", "::", "192.0.2.10"}) {
      assertThatThrownBy(() -> AccessRule.forBinding(bind, null)).as(bind)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--token");
      assertThatThrownBy(() -> AccessRule.forBinding(bind, "  ")).as(bind)
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(AccessRule.forBinding(bind, TOKEN).tokenRequired()).as(bind).isTrue();
    }
  }

  @Test
  void aShortTokenIsRefused() {
    assertThatThrownBy(() -> AccessRule.forBinding("0.0.0.0", "secret"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
  }

  @Test
  void withATokenEveryRequestMustCarryIt() {
    AccessRule rule = AccessRule.forBinding("0.0.0.0", TOKEN);
    assertThat(rule.allows("Bearer " + TOKEN, null)).isTrue();
    assertThat(rule.allows("bearer " + TOKEN, null)).isTrue();
    assertThat(rule.allows(null, TOKEN)).isTrue();
    assertThat(rule.allows(null, null)).isFalse();
    assertThat(rule.allows("Bearer wrong-token-wrong-token", null)).isFalse();
    assertThat(rule.allows(null, TOKEN + "x")).isFalse();
    assertThat(rule.allows("Basic " + TOKEN, null)).isFalse();
    assertThat(rule.allows("Bearer ", TOKEN)).as("an empty bearer is a wrong token").isFalse();
  }

  @Test
  void aTokenAlsoProtectsALoopbackServer() {
    AccessRule rule = AccessRule.forBinding("127.0.0.1", TOKEN);
    assertThat(rule.allows(null, null)).isFalse();
    assertThat(rule.allows("Bearer " + TOKEN, null)).isTrue();
  }
}

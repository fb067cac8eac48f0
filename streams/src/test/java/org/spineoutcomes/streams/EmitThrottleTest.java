package org.spineoutcomes.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmitThrottleTest {

  @Test
  void aQuietKeyGoesOutAtOnceABusyOneAtMostOncePerInterval() {
    EmitThrottle throttle = new EmitThrottle(Duration.ofSeconds(1));
    assertThat(EmitThrottle.tick(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(250));
    assertThat(throttle.ready("overall/all", 10_000)).as("never emitted").isTrue();
    throttle.emitted("overall/all", 10_000);
    assertThat(throttle.ready("overall/all", 10_250)).isFalse();
    assertThat(throttle.ready("overall/all", 10_750)).isFalse();
    assertThat(throttle.ready("overall/all", 10_880)).as("a tick a little early still counts").isTrue();
    assertThat(throttle.ready("hospital/H01", 10_250)).as("another key").isTrue();
  }

  @Test
  void forgetsOnlyKeysThatAreReadyAnyway() {
    EmitThrottle throttle = new EmitThrottle(Duration.ofSeconds(1));
    for (int i = 0; i < 5_000; i++) {
      throttle.emitted("old/" + i, 0);
    }
    throttle.emitted("recent", 5_000);
    for (int i = 0; i < 5_000; i++) {
      throttle.emitted("new/" + i, 5_100);
    }
    assertThat(throttle.ready("recent", 5_500)).isFalse();
    assertThat(throttle.ready("new/1", 5_500)).isFalse();
    assertThat(throttle.ready("old/1", 5_500)).isTrue();
  }

  @Test
  void aTickIsAWholeMillisecondAtLeast() {
    assertThat(EmitThrottle.tick(Duration.ofMillis(3))).isEqualTo(Duration.ofMillis(3));
    assertThat(EmitThrottle.tick(Duration.ofMillis(8))).isEqualTo(Duration.ofMillis(2));
  }
}

package org.spineoutcomes.streams.strata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class IntCountsTest {

  /** Random signed adds, including counts that return to zero and negative values, against a sorted map. */
  @Test
  void agreesWithASortedMapOfTheNonZeroCounts() {
    Random random = new Random(3);
    for (int round = 0; round < 200; round++) {
      IntCounts counts = new IntCounts();
      Map<Integer, Long> expected = new TreeMap<>();
      int range = 1 + random.nextInt(round % 2 == 0 ? 12 : 60_000);
      int adds = random.nextInt(3_000);
      for (int i = 0; i < adds; i++) {
        int value = random.nextInt(range) - (round % 5 == 0 ? range / 2 : 0);
        long delta = random.nextBoolean() ? 1 : -1;
        counts.add(value, delta);
        expected.merge(value, delta, (a, b) -> a + b == 0 ? null : a + b);
      }
      List<Integer> values = new ArrayList<>();
      List<Long> got = new ArrayList<>();
      counts.sortedNonZero(values, got);
      assertThat(values).as("round %d", round).containsExactlyElementsOf(expected.keySet());
      assertThat(got).as("round %d", round).containsExactlyElementsOf(expected.values());
      assertThat(counts.isZero()).isEqualTo(expected.isEmpty());
      expected.forEach((v, c) -> assertThat(counts.get(v)).isEqualTo(c));
    }
  }

  @Test
  void countsThatCancelOutLeaveItZero() {
    IntCounts counts = new IntCounts();
    for (int v = 0; v < 100; v++) {
      counts.add(v * 7, 1);
    }
    assertThat(counts.isZero()).isFalse();
    for (int v = 0; v < 100; v++) {
      counts.add(v * 7, -1);
    }
    assertThat(counts.isZero()).isTrue();
    List<Integer> values = new ArrayList<>();
    counts.sortedNonZero(values, new ArrayList<>());
    assertThat(values).isEmpty();
  }

  /** The first value is held apart from the table: a second value, even after the first is back at zero, joins it. */
  @Test
  void aSoleValueMovesIntoTheTableWithItsCountWhenASecondArrives() {
    IntCounts counts = new IntCounts();
    counts.add(5, 2);
    counts.add(5, -1);
    assertThat(counts.get(5)).isEqualTo(1);
    assertThat(counts.get(6)).isZero();
    long sole = counts.estimatedBytes();
    counts.add(-3, 4);
    assertThat(counts.estimatedBytes()).isGreaterThan(sole);
    counts.add(5, -1);
    List<Integer> values = new ArrayList<>();
    List<Long> got = new ArrayList<>();
    counts.sortedNonZero(values, got);
    assertThat(values).containsExactly(-3);
    assertThat(got).containsExactly(4L);
    counts.add(-3, -4);
    assertThat(counts.isZero()).isTrue();

    IntCounts back = new IntCounts();
    back.add(9, 1);
    back.add(9, -1);
    assertThat(back.isZero()).isTrue();
    back.add(10, 1);
    values.clear();
    got.clear();
    back.sortedNonZero(values, got);
    assertThat(values).containsExactly(10);
    assertThat(got).containsExactly(1L);
  }
}

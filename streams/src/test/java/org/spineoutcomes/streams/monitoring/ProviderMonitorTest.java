package org.spineoutcomes.streams.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProviderMonitorTest {

  /** A provider's cases are read by a prefix scan, in key order, which must be the order of their days. */
  @Test
  void caseKeysSortByDayThenProcedure() {
    Random random = new Random(9);
    List<int[]> cases = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      int day = random.nextInt(60_000) - 20_000; // 1915 to 2134
      cases.add(new int[] {day, i});
      keys.add(ProviderMonitor.caseKey("hospital/H01", day, String.format("P-%05d", i), "p" + i % 7));
    }
    List<String> byKey = new ArrayList<>(keys);
    byKey.sort(null);
    cases.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
    List<String> byDay = new ArrayList<>();
    for (int[] c : cases) {
      byDay.add(ProviderMonitor.caseKey("hospital/H01", c[0], String.format("P-%05d", c[1]), "p" + c[1] % 7));
    }
    assertThat(byKey).isEqualTo(byDay);
    String key = ProviderMonitor.caseKey("surgeon/H01-S01/OPEN", 20_000, "P-1", "a1b2");
    assertThat(key).isEqualTo("surgeon/H01-S01/OPEN/01020000/P-1/a1b2");
    assertThat(ProviderMonitor.providerOf(key)).isEqualTo("surgeon/H01-S01/OPEN");
  }
}

package org.spineoutcomes.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WelchTest {

  static Stream<Fixture> cases() {
    return Fixture.read("welch.csv").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesWithTTest(Fixture f) {
    WelchResult r = Welch.compare(arm(f, "open"), arm(f, "micro"));
    String id = f.id() + " welch.";
    Close.check(id + "difference", r.difference(), f.num("difference"), Close.ESTIMATE);
    Close.check(id + "se", r.se(), f.num("se"), Close.ESTIMATE);
    Close.check(id + "tStatistic", r.tStatistic(), f.num("tStatistic"), Close.ESTIMATE);
    Close.check(id + "df", r.df(), f.num("df"), Close.ESTIMATE);
    Close.check(id + "pValue", r.pValue(), f.num("pValue"), Close.P_VALUE);
    Close.check(id + "ciLow", r.ciLow(), f.num("ciLow"), Close.ESTIMATE);
    Close.check(id + "ciHigh", r.ciHigh(), f.num("ciHigh"), Close.ESTIMATE);
    Close.check(id + "hedgesG", r.hedgesG(), f.num("hedgesG"), Close.ESTIMATE);
  }

  private static Descriptives arm(Fixture f, String field) {
    if (f.isHistogram(field)) {
      List<double[]> pairs = Fixture.tuples(f.text(field));
      int[] values = pairs.stream().mapToInt(p -> (int) p[0]).toArray();
      long[] counts = pairs.stream().mapToLong(p -> (long) p[1]).toArray();
      return Descriptives.ofCounts(values, counts);
    }
    return Descriptives.of(Fixture.list(f.text(field)));
  }

  @Test
  void swappingTheArmsNegatesTheDifferenceOnly() {
    Descriptives a = Descriptives.of(3, 5, 9, 12, 4);
    Descriptives b = Descriptives.of(7, 8, 15, 11, 13, 9);
    WelchResult ab = Welch.compare(a, b);
    WelchResult ba = Welch.compare(b, a);
    assertThat(ba.difference()).isEqualTo(-ab.difference());
    assertThat(ba.tStatistic()).isEqualTo(-ab.tStatistic());
    assertThat(ba.pValue()).isEqualTo(ab.pValue());
    assertThat(ba.ciLow()).isEqualTo(-ab.ciHigh());
    assertThat(ba.hedgesG()).isEqualTo(-ab.hedgesG());
  }

  @Test
  void fewerThanTwoValuesLeaveOnlyTheDifference() {
    WelchResult r = Welch.compare(Descriptives.of(4), Descriptives.of(1, 2, 6));
    assertThat(r.difference()).isEqualTo(3 - 4.0);
    assertThat(List.of(r.se(), r.tStatistic(), r.df(), r.pValue(), r.ciLow(), r.ciHigh(), r.hedgesG()))
        .allMatch(v -> v.isNaN());
    WelchResult empty = Welch.compare(Descriptives.EMPTY, Descriptives.of(1, 2, 6));
    assertThat(empty.difference()).isNaN();
  }

  @Test
  void constantDataLeaveTheTestUndefined() {
    // t.test stops with "data are essentially constant"; the module reports the difference and se only.
    WelchResult r = Welch.compare(Descriptives.of(5, 5, 5), Descriptives.of(7, 7));
    assertThat(r.difference()).isEqualTo(2.0);
    assertThat(r.se()).isZero();
    assertThat(List.of(r.tStatistic(), r.df(), r.pValue(), r.ciLow(), r.ciHigh(), r.hedgesG()))
        .allMatch(v -> v.isNaN());
  }

  @AfterAll
  static void report() {
    System.out.println(Close.report());
  }
}

package org.spineoutcomes.statistics;

import java.util.List;

/** Mantel–Haenszel pooling of 2×2 tables over strata. */
public final class MantelHaenszel {

  private MantelHaenszel() {
  }

  /**
   * Pools the strata. A stratum without procedures in one of the arms carries no information on the
   * comparison and is skipped (it would contribute zero to every sum, except 0/0 when it holds one
   * procedure).
   *
   * @throws IllegalArgumentException if a stratum has negative counts or more events than procedures
   */
  public static MantelHaenszelResult pool(List<Table2x2> strata) {
    int used = 0;
    long nMicro = 0;
    long nOpen = 0;
    long eventsMicro = 0;
    long eventsOpen = 0;
    // Relative risk (Greenland & Robins 1985).
    Sums rrNumerator = new Sums();
    Sums rrDenominator = new Sums();
    Sums rrVariance = new Sums();
    // Risk difference (weights n1 n0 / N; variance of Sato 1989).
    Sums rdWeight = new Sums();
    Sums rdNumerator = new Sums();
    Sums satoP = new Sums();
    Sums satoQ = new Sums();
    // Odds ratio (Robins, Breslow & Greenland 1986), in mantelhaen.test's terms.
    Sums diagonal = new Sums();
    Sums offDiagonal = new Sums();
    Sums rbgDiagonal = new Sums();
    Sums rbgMixed = new Sums();
    Sums rbgOffDiagonal = new Sums();
    // Cochran–Mantel–Haenszel.
    Sums delta = new Sums();
    Sums cmhVariance = new Sums();

    for (Table2x2 t : strata) {
      Proportions.checkCounts(t.eventsMicro(), t.nMicro());
      Proportions.checkCounts(t.eventsOpen(), t.nOpen());
      if (t.nMicro() == 0 || t.nOpen() == 0) {
        continue;
      }
      used++;
      nMicro += t.nMicro();
      nOpen += t.nOpen();
      eventsMicro += t.eventsMicro();
      eventsOpen += t.eventsOpen();

      double a = t.eventsMicro();
      double n1 = t.nMicro();
      double c = t.eventsOpen();
      double n0 = t.nOpen();
      double b = n1 - a;
      double d = n0 - c;
      double n = n1 + n0;
      double n2 = n * n;

      rrNumerator.add(a * n0 / n);
      rrDenominator.add(c * n1 / n);
      rrVariance.add((n1 * n0 * (a + c) - a * c * n) / n2);

      rdWeight.add(n1 * n0 / n);
      rdNumerator.add((a * n0 - c * n1) / n);
      satoP.add((n1 * n1 * c - n0 * n0 * a + n1 * n0 * (n0 - n1) / 2) / n2);
      satoQ.add((a * (n0 - c) + c * (n1 - a)) / (2 * n));

      diagonal.add(a * d / n);
      offDiagonal.add(b * c / n);
      rbgDiagonal.add((a + d) * a * d / n2);
      rbgMixed.add(((a + d) * b * c + (b + c) * a * d) / n2);
      rbgOffDiagonal.add((b + c) * b * c / n2);

      double m1 = a + c;
      double m0 = b + d;
      delta.add(a - n1 * m1 / n);
      cmhVariance.add(n1 * n0 * m1 * m0 / (n2 * (n - 1)));
    }

    Pooled relativeRisk = Pooled.UNDEFINED;
    double r = rrNumerator.value();
    double s = rrDenominator.value();
    if (r > 0 && s > 0) {
      relativeRisk = Pooled.ratio(r / s, Math.sqrt(rrVariance.value() / (r * s)));
    }

    Pooled riskDifference = Pooled.UNDEFINED;
    double w = rdWeight.value();
    if (w > 0) {
      double rd = rdNumerator.value() / w;
      double variance = (rd * satoP.value() + satoQ.value()) / (w * w);
      // Sato's variance is never negative; a negative value is the rounding residue of an exact 0
      // (e.g. a risk difference of exactly ±1), which R would turn into NaN.
      riskDifference = Pooled.linear(rd, Math.sqrt(Math.max(variance, 0)));
    }

    Pooled oddsRatio = Pooled.UNDEFINED;
    double sDiag = diagonal.value();
    double sOffd = offDiagonal.value();
    if (sDiag > 0 && sOffd > 0) {
      double sd = Math.sqrt(rbgDiagonal.value() / (2 * sDiag * sDiag)
          + rbgMixed.value() / (2 * sDiag * sOffd)
          + rbgOffDiagonal.value() / (2 * sOffd * sOffd));
      oddsRatio = Pooled.ratio(sDiag / sOffd, sd);
    }

    double cmh = Double.NaN;
    double cmhCorrected = Double.NaN;
    double variance = cmhVariance.value();
    if (variance > 0) {
      double absDelta = Math.abs(delta.value());
      cmh = absDelta * absDelta / variance;
      double yates = absDelta >= 0.5 ? 0.5 : 0;
      cmhCorrected = (absDelta - yates) * (absDelta - yates) / variance;
    }
    return new MantelHaenszelResult(used, nMicro, nOpen, eventsMicro, eventsOpen, relativeRisk,
        riskDifference, oddsRatio, cmh, Distributions.chiSquare1UpperTail(cmh), cmhCorrected,
        Distributions.chiSquare1UpperTail(cmhCorrected));
  }
}

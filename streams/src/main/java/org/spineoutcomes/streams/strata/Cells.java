package org.spineoutcomes.streams.strata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.spineoutcomes.schemas.state.ArmCell;
import org.spineoutcomes.schemas.state.ArmDelta;
import org.spineoutcomes.schemas.state.ArmSums;
import org.spineoutcomes.schemas.state.CaseMixSums;
import org.spineoutcomes.schemas.state.CellDelta;
import org.spineoutcomes.schemas.state.PerformedDays;
import org.spineoutcomes.schemas.state.StratumMetric;
import org.spineoutcomes.streams.Canonical;

/** Exact add and subtract on the integer statistics of one metric in one stratum. */
final class Cells {

  private static final Comparator<CaseMixSums> BY_CASE_MIX = Comparator.comparing(CaseMixSums::getCaseMix);

  static StratumMetric emptyMetric() {
    return new StratumMetric(emptyArm(), emptyArm(), new ArrayList<>());
  }

  /**
   * Applies a signed change of one case-mix cell to both the arms' whole distributions and that cell's sums; a cell
   * left with no procedure and no patient is dropped. Nothing may fall below zero.
   */
  static void apply(StratumMetric metric, CellDelta change, String where) {
    apply(metric.getOpen(), change.getOpen(), where);
    apply(metric.getMicroscopic(), change.getMicroscopic(), where);
    List<CaseMixSums> cells = metric.getCells();
    CaseMixSums probe = new CaseMixSums(change.getCaseMix(), null, null, 0);
    int i = Collections.binarySearch(cells, probe, BY_CASE_MIX);
    CaseMixSums cell;
    if (i >= 0) {
      cell = cells.get(i);
    } else {
      cell = new CaseMixSums(Canonical.string(change.getCaseMix()), new ArmSums(0L, 0L, 0L, 0L),
          new ArmSums(0L, 0L, 0L, 0L), 0);
      i = -i - 1;
      cells.add(i, cell);
    }
    String at = where + "/" + change.getCaseMix();
    apply(cell.getOpen(), change.getOpen(), at);
    apply(cell.getMicroscopic(), change.getMicroscopic(), at);
    cell.setPatients(cell.getPatients() + change.getPatients());
    if (cell.getPatients() < 0) {
      throw new IllegalStateException("patient count below zero in " + at);
    }
    if (cell.getOpen().getN() == 0 && cell.getMicroscopic().getN() == 0 && cell.getPatients() == 0) {
      cells.remove(i);
    }
  }

  /** Applies a signed delta: histogram counts per value, events and n; nothing may fall below zero. */
  static void apply(ArmCell arm, ArmDelta delta, String where) {
    List<Integer> values = arm.getValues();
    List<Long> counts = arm.getCounts();
    for (int k = 0; k < delta.getValues().size(); k++) {
      int value = delta.getValues().get(k);
      long change = delta.getCounts().get(k);
      int i = Collections.binarySearch(values, value);
      long c = (i >= 0 ? counts.get(i) : 0) + change;
      if (c < 0) {
        throw new IllegalStateException("retracting value " + value + " never added to " + where);
      }
      if (i >= 0 && c == 0) {
        values.remove(i);
        counts.remove(i);
      } else if (i >= 0) {
        counts.set(i, c);
      } else if (c > 0) {
        values.add(-i - 1, value);
        counts.add(-i - 1, c);
      }
    }
    arm.setN(arm.getN() + delta.getN());
    arm.setEvents(arm.getEvents() + delta.getEvents());
    if (arm.getN() < 0 || arm.getEvents() < 0 || arm.getEvents() > arm.getN()) {
      throw new IllegalStateException("counts out of range in " + where + ": n " + arm.getN() + ", events "
          + arm.getEvents());
    }
  }

  /** Applies a signed delta to an arm's sums; exact, and failing loudly rather than wrapping around. */
  private static void apply(ArmSums arm, ArmDelta delta, String where) {
    long sum = arm.getSum();
    long squares = arm.getSumOfSquares();
    for (int k = 0; k < delta.getValues().size(); k++) {
      long value = delta.getValues().get(k);
      long change = delta.getCounts().get(k);
      sum = Math.addExact(sum, Math.multiplyExact(value, change));
      squares = Math.addExact(squares, Math.multiplyExact(value * value, change));
    }
    arm.setSum(sum);
    arm.setSumOfSquares(squares);
    arm.setN(arm.getN() + delta.getN());
    arm.setEvents(arm.getEvents() + delta.getEvents());
    if (arm.getN() < 0 || arm.getEvents() < 0 || arm.getEvents() > arm.getN() || squares < 0
        || (arm.getN() == 0 && (sum != 0 || squares != 0))) {
      throw new IllegalStateException("sums out of range in " + where + ": n " + arm.getN() + ", events "
          + arm.getEvents() + ", sum " + sum + ", sum of squares " + squares);
    }
  }

  static boolean isEmpty(StratumMetric metric) {
    return metric.getCells().isEmpty();
  }

  /**
   * The value itself when its lists are plain ArrayLists (a value this stage built or already edited: the store
   * keeps it decoded), else a copy backed by them, since Avro's decoded arrays do not all support in-place edits.
   */
  static StratumMetric editable(StratumMetric m) {
    if (editable(m.getOpen()) && editable(m.getMicroscopic()) && m.getCells().getClass() == ArrayList.class) {
      return m;
    }
    List<CaseMixSums> cells = new ArrayList<>(m.getCells().size());
    for (CaseMixSums c : m.getCells()) {
      cells.add(new CaseMixSums(Canonical.string(c.getCaseMix()), copy(c.getOpen()), copy(c.getMicroscopic()),
          c.getPatients()));
    }
    return new StratumMetric(mutable(m.getOpen()), mutable(m.getMicroscopic()), cells);
  }

  /** The days, to change in place: as they are if already changeable (decoded values are not), else a copy. */
  static PerformedDays editable(PerformedDays days) {
    if (editable(days.getOpen()) && editable(days.getMicroscopic())) {
      return days;
    }
    return new PerformedDays(mutable(days.getOpen()), mutable(days.getMicroscopic()));
  }

  private static ArmSums copy(ArmSums a) {
    return new ArmSums(a.getN(), a.getEvents(), a.getSum(), a.getSumOfSquares());
  }

  private static boolean editable(ArmCell arm) {
    return arm.getValues().getClass() == ArrayList.class && arm.getCounts().getClass() == ArrayList.class;
  }

  /** How many values in the arm's histogram are at most `limit`. */
  static long countAtMost(ArmCell arm, int limit) {
    long n = 0;
    for (int i = 0; i < arm.getValues().size() && arm.getValues().get(i) <= limit; i++) {
      n += arm.getCounts().get(i);
    }
    return n;
  }

  static ArmCell emptyArm() {
    return new ArmCell(new ArrayList<>(), new ArrayList<>(), 0L, 0L);
  }

  static ArmCell mutable(ArmCell arm) {
    return new ArmCell(new ArrayList<>(arm.getValues()), new ArrayList<>(arm.getCounts()), arm.getEvents(),
        arm.getN());
  }

  private Cells() {}
}

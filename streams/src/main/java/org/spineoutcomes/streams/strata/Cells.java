package org.spineoutcomes.streams.strata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.state.ArmCell;
import org.spineoutcomes.schemas.state.CaseMixCell;
import org.spineoutcomes.schemas.state.MetricAggregate;

/** Exact add and subtract on the integer sufficient statistics of a metric aggregate. */
final class Cells {

  static void addContinuous(MetricAggregate aggregate, String caseMix, Approach approach, int value, int sign) {
    ArmCell arm = arm(aggregate, caseMix, approach, sign);
    List<Integer> values = arm.getValues();
    List<Long> counts = arm.getCounts();
    int i = Collections.binarySearch(values, value);
    if (i >= 0) {
      long c = counts.get(i) + sign;
      if (c == 0) {
        values.remove(i);
        counts.remove(i);
      } else {
        counts.set(i, c);
      }
    } else if (sign > 0) {
      values.add(-i - 1, value);
      counts.add(-i - 1, 1L);
    } else {
      throw new IllegalStateException("retracting value " + value + " never added to " + caseMix);
    }
    arm.setN(arm.getN() + sign);
    prune(aggregate);
  }

  static void addBinary(MetricAggregate aggregate, String caseMix, Approach approach, boolean event, int sign) {
    ArmCell arm = arm(aggregate, caseMix, approach, sign);
    arm.setN(arm.getN() + sign);
    if (event) {
      arm.setEvents(arm.getEvents() + sign);
    }
    prune(aggregate);
  }

  static boolean isEmpty(MetricAggregate aggregate) {
    return aggregate.getCells().isEmpty();
  }

  private static ArmCell arm(MetricAggregate aggregate, String caseMix, Approach approach, int sign) {
    List<CaseMixCell> cells = aggregate.getCells();
    int lo = 0;
    int hi = cells.size() - 1;
    while (lo <= hi) { // cells are kept sorted by case-mix key
      int mid = (lo + hi) >>> 1;
      int cmp = cells.get(mid).getCaseMix().compareTo(caseMix);
      if (cmp == 0) {
        CaseMixCell cell = cells.get(mid);
        return approach == Approach.OPEN ? cell.getOpen() : cell.getMicroscopic();
      } else if (cmp < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (sign < 0) {
      throw new IllegalStateException("retracting from case-mix cell " + caseMix + " that holds nothing");
    }
    CaseMixCell cell = new CaseMixCell(caseMix, emptyArm(), emptyArm());
    cells.add(lo, cell);
    return approach == Approach.OPEN ? cell.getOpen() : cell.getMicroscopic();
  }

  static ArmCell emptyArm() {
    return new ArmCell(new ArrayList<>(), new ArrayList<>(), 0L, 0L);
  }

  private static void prune(MetricAggregate aggregate) {
    List<CaseMixCell> cells = aggregate.getCells();
    for (int i = cells.size() - 1; i >= 0; i--) {
      if (cells.get(i).getOpen().getN() == 0 && cells.get(i).getMicroscopic().getN() == 0) {
        cells.remove(i);
      }
    }
  }

  /** A copy backed by plain ArrayLists, which support the in-place edits above (Avro's arrays do not all). */
  static MetricAggregate mutableCopy(MetricAggregate aggregate) {
    List<CaseMixCell> cells = new ArrayList<>(aggregate.getCells().size());
    for (CaseMixCell c : aggregate.getCells()) {
      cells.add(new CaseMixCell(c.getCaseMix(), mutable(c.getOpen()), mutable(c.getMicroscopic())));
    }
    return new MetricAggregate(cells);
  }

  private static ArmCell mutable(ArmCell arm) {
    return new ArmCell(new ArrayList<>(arm.getValues()), new ArrayList<>(arm.getCounts()), arm.getEvents(),
        arm.getN());
  }

  private Cells() {}
}

package org.spineoutcomes.streams.strata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.state.ArmCell;
import org.spineoutcomes.schemas.state.CaseMixCell;

/** Exact add and subtract on the integer sufficient statistics of one case-mix cell. */
final class Cells {

  static CaseMixCell empty(String caseMix) {
    return new CaseMixCell(caseMix, emptyArm(), emptyArm(), 0);
  }

  static void addContinuous(CaseMixCell cell, Approach approach, int value, int sign) {
    addToHistogram(arm(cell, approach), value, sign, cell.getCaseMix());
  }

  /** Adds (sign +1) or removes (sign -1) one occurrence of value in the arm's histogram, and counts it in n. */
  static void addToHistogram(ArmCell arm, int value, int sign, String where) {
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
      throw new IllegalStateException("retracting value " + value + " never added to " + where);
    }
    arm.setN(arm.getN() + sign);
  }

  static void addBinary(CaseMixCell cell, Approach approach, boolean event, int sign) {
    ArmCell arm = arm(cell, approach);
    arm.setN(arm.getN() + sign);
    if (event) {
      arm.setEvents(arm.getEvents() + sign);
    }
  }

  static boolean isEmpty(CaseMixCell cell) {
    return cell.getOpen().getN() == 0 && cell.getMicroscopic().getN() == 0;
  }

  /** A copy backed by plain ArrayLists, which support in-place edits (Avro's decoded arrays do not all). */
  static CaseMixCell mutableCopy(CaseMixCell c) {
    return new CaseMixCell(c.getCaseMix(), mutable(c.getOpen()), mutable(c.getMicroscopic()), c.getPatients());
  }

  private static ArmCell arm(CaseMixCell cell, Approach approach) {
    return approach == Approach.OPEN ? cell.getOpen() : cell.getMicroscopic();
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

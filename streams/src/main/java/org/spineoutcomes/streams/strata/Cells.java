package org.spineoutcomes.streams.strata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.spineoutcomes.schemas.state.ArmCell;
import org.spineoutcomes.schemas.state.ArmDelta;
import org.spineoutcomes.schemas.state.CaseMixCell;

/** Exact add and subtract on the integer sufficient statistics of one case-mix cell. */
final class Cells {

  static CaseMixCell empty(String caseMix) {
    return new CaseMixCell(caseMix, emptyArm(), emptyArm(), 0);
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

  static boolean isEmpty(CaseMixCell cell) {
    return cell.getOpen().getN() == 0 && cell.getMicroscopic().getN() == 0;
  }

  /**
   * The cell itself when its histograms are plain ArrayLists (a cell this stage built or already edited: the store
   * keeps it decoded), else a copy backed by them, since Avro's decoded arrays do not all support in-place edits.
   */
  static CaseMixCell editable(CaseMixCell c) {
    if (editable(c.getOpen()) && editable(c.getMicroscopic())) {
      return c;
    }
    return new CaseMixCell(c.getCaseMix(), mutable(c.getOpen()), mutable(c.getMicroscopic()), c.getPatients());
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

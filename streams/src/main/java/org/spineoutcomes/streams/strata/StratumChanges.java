package org.spineoutcomes.streams.strata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.state.ArmDelta;
import org.spineoutcomes.schemas.state.CellDelta;
import org.spineoutcomes.schemas.state.MetricDelta;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.StratumDelta;
import org.spineoutcomes.streams.metrics.Metric;
import org.spineoutcomes.streams.metrics.MetricCatalogue;

/**
 * Combines the changes of many patients into one signed delta per stratum. The patient stage feeds it every
 * patient that changed since the last flush (what the aggregates reflect, and what is true now), so the
 * repartition to the strata carries one record per changed stratum instead of one per event and stratum, and
 * changes that cancel out (a re-send, a correction back and forth) never cross it.
 */
public final class StratumChanges {

  private final Map<String, StratumAcc> strata = new HashMap<>();

  /** Adds the change of one patient from the facts the aggregates reflect to the facts that are true now. */
  public void patientChanged(String patient, List<OutcomeFacts> reflected, List<OutcomeFacts> current) {
    Map<String, OutcomeFacts> before = byProcedure(reflected);
    Map<String, OutcomeFacts> after = byProcedure(current);
    List<OutcomeFacts[]> changed = new ArrayList<>();
    for (String id : union(before, after)) {
      OutcomeFacts o = before.get(id);
      OutcomeFacts n = after.get(id);
      if (!Objects.equals(o, n)) {
        changed.add(new OutcomeFacts[] {o, n});
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    for (Dimension d : Dimension.values()) {
      for (OutcomeFacts[] pair : changed) {
        procedureChanged(d, pair[0], pair[1]);
      }
      patientCellsChanged(patient, d, reflected, current, changed);
    }
  }

  /** Subtracts a procedure's old values and adds its new ones; in an unchanged frame only metrics that differ. */
  private void procedureChanged(Dimension d, OutcomeFacts old, OutcomeFacts now) {
    String from = old == null ? null : d.stratumOf(old);
    String to = now == null ? null : d.stratumOf(now);
    boolean sameFrame = from != null && from.equals(to) && old.getCaseMix().equals(now.getCaseMix())
        && old.getApproach() == now.getApproach();
    for (Metric metric : MetricCatalogue.ALL) {
      Object oldValue = valueOf(old, metric);
      Object newValue = valueOf(now, metric);
      if (sameFrame && Objects.equals(oldValue, newValue)) {
        continue;
      }
      if (oldValue != null) {
        stratum(from).cell(metric.id(), old.getCaseMix()).arm(old.getApproach()).add(oldValue, -1);
      }
      if (newValue != null) {
        stratum(to).cell(metric.id(), now.getCaseMix()).arm(now.getApproach()).add(newValue, +1);
      }
    }
    if (!(sameFrame && old.getPerformedDay() == now.getPerformedDay())) {
      if (old != null) {
        stratum(from).performed(old.getApproach()).addValue(old.getPerformedDay(), -1);
      }
      if (now != null) {
        stratum(to).performed(now.getApproach()).addValue(now.getPerformedDay(), +1);
      }
    }
  }

  /**
   * Distinct patients: per stratum and metric, the case-mix cells the patient has a counted procedure in. A cell
   * gains or loses the patient when the set changes; patients in two or more cells are listed as shared.
   */
  private void patientCellsChanged(String patient, Dimension d, List<OutcomeFacts> reflected,
      List<OutcomeFacts> current, List<OutcomeFacts[]> changed) {
    if (reflected.size() <= 1 && current.size() <= 1) {
      singleProcedureCellsChanged(d, reflected.isEmpty() ? null : reflected.get(0),
          current.isEmpty() ? null : current.get(0));
      return;
    }
    Map<String, TreeSet<String>> candidates = new LinkedHashMap<>();
    for (OutcomeFacts[] pair : changed) {
      for (OutcomeFacts f : pair) {
        if (f != null) {
          String s = d.stratumOf(f);
          TreeSet<String> metrics = candidates.computeIfAbsent(s, k -> new TreeSet<>());
          metrics.addAll(f.getContinuous().keySet());
          metrics.addAll(f.getBinary().keySet());
        }
      }
    }
    for (Map.Entry<String, TreeSet<String>> e : candidates.entrySet()) {
      String s = e.getKey();
      for (String metricId : e.getValue()) {
        Metric metric = MetricCatalogue.byId(metricId);
        TreeSet<String> was = cellsOf(d, s, metric, reflected);
        TreeSet<String> is = cellsOf(d, s, metric, current);
        if (was.equals(is)) {
          continue;
        }
        StratumAcc acc = stratum(s);
        for (String cell : is) {
          if (!was.contains(cell)) {
            acc.cell(metricId, cell).patients++;
          }
        }
        for (String cell : was) {
          if (!is.contains(cell)) {
            acc.cell(metricId, cell).patients--;
          }
        }
        if (was.size() >= 2 || is.size() >= 2) {
          acc.metric(metricId).shared.put(patient, is.size() >= 2 ? new ArrayList<>(is) : null);
        }
      }
    }
  }

  /**
   * The common case, a patient with at most one procedure before and after: the patient is in exactly the cell of
   * that procedure for each metric it has, so a cell gains or loses the patient when that cell changes, and no
   * patient is shared.
   */
  private void singleProcedureCellsChanged(Dimension d, OutcomeFacts old, OutcomeFacts now) {
    String from = old == null ? null : d.stratumOf(old);
    String to = now == null ? null : d.stratumOf(now);
    boolean sameCell = from != null && from.equals(to) && old.getCaseMix().equals(now.getCaseMix());
    for (Metric metric : MetricCatalogue.ALL) {
      boolean was = valueOf(old, metric) != null;
      boolean is = valueOf(now, metric) != null;
      if (sameCell && was == is) {
        continue;
      }
      if (was) {
        stratum(from).cell(metric.id(), old.getCaseMix()).patients--;
      }
      if (is) {
        stratum(to).cell(metric.id(), now.getCaseMix()).patients++;
      }
    }
  }

  private static TreeSet<String> cellsOf(Dimension d, String stratum, Metric metric, List<OutcomeFacts> facts) {
    TreeSet<String> cells = new TreeSet<>();
    for (OutcomeFacts f : facts) {
      if (valueOf(f, metric) != null && d.stratumOf(f).equals(stratum)) {
        cells.add(f.getCaseMix());
      }
    }
    return cells;
  }

  public boolean isEmpty() {
    return strata.isEmpty();
  }

  /** The combined deltas by stratum, without entries that cancelled out; the combiner is emptied. */
  public Map<String, StratumDelta> drain() {
    Map<String, StratumDelta> out = new TreeMap<>();
    strata.forEach((stratum, acc) -> {
      StratumDelta delta = acc.toDelta();
      if (delta != null) {
        out.put(stratum, delta);
      }
    });
    strata.clear();
    return out;
  }

  static Object valueOf(OutcomeFacts facts, Metric metric) {
    if (facts == null) {
      return null;
    }
    return metric.continuous() ? facts.getContinuous().get(metric.id()) : facts.getBinary().get(metric.id());
  }

  private static Map<String, OutcomeFacts> byProcedure(List<OutcomeFacts> facts) {
    Map<String, OutcomeFacts> map = new LinkedHashMap<>();
    for (OutcomeFacts f : facts) {
      map.put(f.getProcedureId(), f);
    }
    return map;
  }

  private static TreeSet<String> union(Map<String, ?> a, Map<String, ?> b) {
    TreeSet<String> ids = new TreeSet<>(a.keySet());
    ids.addAll(b.keySet());
    return ids;
  }

  private StratumAcc stratum(String key) {
    return strata.computeIfAbsent(key, k -> new StratumAcc());
  }

  private static final class StratumAcc {
    final Map<String, MetricAcc> metrics = new HashMap<>();
    final ArmAcc performedOpen = new ArmAcc();
    final ArmAcc performedMicroscopic = new ArmAcc();

    MetricAcc metric(String id) {
      return metrics.computeIfAbsent(id, k -> new MetricAcc());
    }

    CellAcc cell(String metricId, String caseMix) {
      return metric(metricId).cells.computeIfAbsent(caseMix, k -> new CellAcc());
    }

    ArmAcc performed(Approach approach) {
      return approach == Approach.OPEN ? performedOpen : performedMicroscopic;
    }

    StratumDelta toDelta() {
      List<MetricDelta> list = new ArrayList<>();
      new TreeMap<>(metrics).forEach((id, m) -> {
        List<CellDelta> cells = new ArrayList<>();
        new TreeMap<>(m.cells).forEach((caseMix, c) -> {
          if (!c.isZero()) {
            cells.add(new CellDelta(caseMix, c.open.toDelta(), c.microscopic.toDelta(), c.patients));
          }
        });
        if (!cells.isEmpty() || !m.shared.isEmpty()) {
          list.add(new MetricDelta(id, cells, new LinkedHashMap<>(m.shared)));
        }
      });
      if (list.isEmpty() && performedOpen.isZero() && performedMicroscopic.isZero()) {
        return null;
      }
      return new StratumDelta(list, performedOpen.toDelta(), performedMicroscopic.toDelta());
    }
  }

  private static final class MetricAcc {
    final Map<String, CellAcc> cells = new HashMap<>();
    final Map<String, List<String>> shared = new TreeMap<>();
  }

  private static final class CellAcc {
    final ArmAcc open = new ArmAcc();
    final ArmAcc microscopic = new ArmAcc();
    int patients;

    ArmAcc arm(Approach approach) {
      return approach == Approach.OPEN ? open : microscopic;
    }

    boolean isZero() {
      return patients == 0 && open.isZero() && microscopic.isZero();
    }
  }

  /** Signed changes to one arm: histogram counts for continuous values, events and n for binary ones. */
  private static final class ArmAcc {
    final Map<Integer, Long> histogram = new HashMap<>();
    long events;
    long n;

    void add(Object value, int sign) {
      if (value instanceof Integer v) {
        addValue(v, sign);
      } else {
        n += sign;
        if ((Boolean) value) {
          events += sign;
        }
      }
    }

    void addValue(int value, int sign) {
      n += sign;
      histogram.merge(value, (long) sign, (a, b) -> a + b == 0 ? null : a + b);
    }

    boolean isZero() {
      return n == 0 && events == 0 && histogram.isEmpty();
    }

    ArmDelta toDelta() {
      List<Integer> values = new ArrayList<>(histogram.keySet());
      values.sort(null);
      List<Long> counts = new ArrayList<>(values.size());
      for (Integer v : values) {
        counts.add(histogram.get(v));
      }
      return new ArmDelta(values, counts, events, n);
    }
  }
}

package org.spineoutcomes.streams.strata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.state.ArmDelta;
import org.spineoutcomes.schemas.state.CellDelta;
import org.spineoutcomes.schemas.state.MetricDelta;
import org.spineoutcomes.schemas.state.OutcomeFacts;
import org.spineoutcomes.schemas.state.StratumDelta;
import org.spineoutcomes.streams.metrics.Metric;
import org.spineoutcomes.streams.metrics.MetricCatalogue;
import org.spineoutcomes.streams.metrics.MetricValues;

/**
 * Combines the changes of many patients into one signed delta per stratum. The patient stage feeds it every
 * patient that changed since the last flush (what the aggregates reflect, and what is true now), so the
 * repartition to the strata carries one record per changed stratum instead of one per event and stratum, and
 * changes that cancel out (a re-send, a correction back and forth) never cross it.
 */
public final class StratumChanges {

  private final Map<String, StratumAcc> strata = new HashMap<>();
  /** See {@link #estimatedBytes()}; object sizes as a 64-bit JVM with compressed pointers lays them out. */
  private long bytes;
  private static final int STRATUM_BYTES = 256;
  /** A row's entry in its stratum's map; its array is counted apart. */
  private static final int ROW_ENTRY_BYTES = 64;
  private static final int SHARED_ENTRY_BYTES = 96;

  /**
   * Aimed-at upper bound of one delta record's encoded size: a long flush of a large backfill can change more
   * cells of a stratum than fit in Kafka's default max.request.size of 1 MiB.
   */
  static final int CHUNK_BYTES = 256 * 1024;

  private static final List<Metric> METRICS = MetricCatalogue.ALL;
  private static final Dimension[] DIMENSIONS = Dimension.values();
  /** Catalogue positions in order of metric id. */
  private static final int[] BY_ID = IntStream.range(0, METRICS.size()).boxed()
      .sorted(Comparator.comparing(m -> METRICS.get(m).id())).mapToInt(Integer::intValue).toArray();

  /** Adds the change of one patient from the facts the aggregates reflect to the facts that are true now. */
  public void patientChanged(String patient, List<OutcomeFacts> reflected, List<OutcomeFacts> current) {
    Map<String, OutcomeFacts> before = byProcedure(reflected);
    Map<String, OutcomeFacts> after = byProcedure(current);
    List<Change> changed = new ArrayList<>();
    for (String id : union(before, after)) {
      OutcomeFacts o = before.get(id);
      OutcomeFacts n = after.get(id);
      if (!Objects.equals(o, n)) {
        changed.add(new Change(o, n));
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    boolean single = reflected.size() <= 1 && current.size() <= 1;
    for (Change c : changed) {
      procedureChanged(c);
      if (single) {
        singleProcedureCellsChanged(c);
      }
    }
    if (!single) {
      List<OutcomeFacts[]> pairs = changed.stream().map(c -> new OutcomeFacts[] {c.old, c.now}).toList();
      for (Dimension d : DIMENSIONS) {
        patientCellsChanged(patient, d, reflected, current, pairs);
      }
    }
  }

  /**
   * One procedure's old and new facts, with what every dimension and metric needs of them worked out once: the
   * stratum per dimension and the value per metric (in catalogue order).
   */
  private static final class Change {
    final OutcomeFacts old;
    final OutcomeFacts now;
    final String[] from;
    final String[] to;
    final Object[] oldValues;
    final Object[] newValues;
    final boolean sameCaseMix;

    Change(OutcomeFacts old, OutcomeFacts now) {
      this.old = old;
      this.now = now;
      this.from = strata(old);
      this.to = strata(now);
      this.oldValues = values(old);
      this.newValues = values(now);
      this.sameCaseMix = old != null && now != null && old.getCaseMix().equals(now.getCaseMix());
    }

    boolean sameStratum(int dimension) {
      return from != null && to != null && from[dimension].equals(to[dimension]);
    }

    private static String[] strata(OutcomeFacts f) {
      if (f == null) {
        return null;
      }
      String[] strata = new String[DIMENSIONS.length];
      for (int d = 0; d < DIMENSIONS.length; d++) {
        strata[d] = DIMENSIONS[d].stratumOf(f);
      }
      return strata;
    }

    private static Object[] values(OutcomeFacts f) {
      Object[] values = new Object[METRICS.size()];
      if (f != null) {
        for (int m = 0; m < values.length; m++) {
          values[m] = valueOf(f, METRICS.get(m));
        }
      }
      return values;
    }
  }

  /** Subtracts a procedure's old values and adds its new ones; in an unchanged frame only metrics that differ. */
  private void procedureChanged(Change c) {
    boolean sameArm = c.sameCaseMix && c.old.getApproach() == c.now.getApproach();
    for (int d = 0; d < DIMENSIONS.length; d++) {
      boolean sameFrame = sameArm && c.sameStratum(d);
      StratumAcc from = c.old == null ? null : stratum(c.from[d]);
      StratumAcc to = c.now == null ? null : stratum(c.to[d]);
      CellAcc[] fromRow = from == null ? null : row(from, c.old.getCaseMix());
      CellAcc[] toRow = to == null ? null : row(to, c.now.getCaseMix());
      for (int m = 0; m < c.oldValues.length; m++) {
        Object oldValue = c.oldValues[m];
        Object newValue = c.newValues[m];
        if (sameFrame && Objects.equals(oldValue, newValue)) {
          continue;
        }
        if (oldValue != null) {
          add(cellIn(fromRow, m), c.old.getApproach(), oldValue, -1);
        }
        if (newValue != null) {
          add(cellIn(toRow, m), c.now.getApproach(), newValue, +1);
        }
      }
      if (!(sameFrame && c.old.getPerformedDay() == c.now.getPerformedDay())) {
        if (from != null) {
          bytes += from.performed(c.old.getApproach()).addValue(c.old.getPerformedDay(), -1);
        }
        if (to != null) {
          bytes += to.performed(c.now.getApproach()).addValue(c.now.getPerformedDay(), +1);
        }
      }
    }
  }

  /**
   * Distinct patients: per stratum and metric, the case-mix cells the patient has a counted procedure in. A cell
   * gains or loses the patient when the set changes; patients in two or more cells are listed as shared.
   */
  private void patientCellsChanged(String patient, Dimension d, List<OutcomeFacts> reflected,
      List<OutcomeFacts> current, List<OutcomeFacts[]> changed) {
    Map<String, boolean[]> candidates = new LinkedHashMap<>();
    for (OutcomeFacts[] pair : changed) {
      for (OutcomeFacts f : pair) {
        if (f != null) {
          boolean[] metrics = candidates.computeIfAbsent(d.stratumOf(f), k -> new boolean[METRICS.size()]);
          for (int m = 0; m < metrics.length; m++) {
            metrics[m] |= valueOf(f, METRICS.get(m)) != null;
          }
        }
      }
    }
    for (Map.Entry<String, boolean[]> e : candidates.entrySet()) {
      String s = e.getKey();
      boolean[] metrics = e.getValue();
      for (int m = 0; m < metrics.length; m++) {
        if (!metrics[m]) {
          continue;
        }
        Metric metric = METRICS.get(m);
        TreeSet<String> was = cellsOf(d, s, metric, reflected);
        TreeSet<String> is = cellsOf(d, s, metric, current);
        if (was.equals(is)) {
          continue;
        }
        StratumAcc acc = stratum(s);
        for (String cell : is) {
          if (!was.contains(cell)) {
            cellIn(row(acc, cell), m).patients++;
          }
        }
        for (String cell : was) {
          if (!is.contains(cell)) {
            cellIn(row(acc, cell), m).patients--;
          }
        }
        if (was.size() >= 2 || is.size() >= 2) {
          acc.shared(m).put(patient, is.size() >= 2 ? new ArrayList<>(is) : null);
          bytes += SHARED_ENTRY_BYTES + 8L * is.size();
        }
      }
    }
  }

  /**
   * The common case, a patient with at most one procedure before and after: the patient is in exactly the cell of
   * that procedure for each metric it has, so a cell gains or loses the patient when that cell changes, and no
   * patient is shared.
   */
  private void singleProcedureCellsChanged(Change c) {
    for (int d = 0; d < DIMENSIONS.length; d++) {
      boolean sameCell = c.sameCaseMix && c.sameStratum(d);
      CellAcc[] fromRow = c.old == null ? null : row(stratum(c.from[d]), c.old.getCaseMix());
      CellAcc[] toRow = c.now == null ? null : row(stratum(c.to[d]), c.now.getCaseMix());
      for (int m = 0; m < c.oldValues.length; m++) {
        boolean was = c.oldValues[m] != null;
        boolean is = c.newValues[m] != null;
        if (sameCell && was == is) {
          continue;
        }
        if (was) {
          cellIn(fromRow, m).patients--;
        }
        if (is) {
          cellIn(toRow, m).patients++;
        }
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

  /**
   * About how many bytes of heap the combined changes hold. A backfill's flush slice lives for seconds, long enough
   * for the collector to promote it, so the patient stage ends a slice on this as well as on its patient count.
   */
  public long estimatedBytes() {
    return bytes;
  }

  private StratumAcc stratum(String key) {
    StratumAcc acc = strata.get(key);
    if (acc == null) {
      acc = new StratumAcc();
      strata.put(key, acc);
      bytes += STRATUM_BYTES;
    }
    return acc;
  }

  private CellAcc[] row(StratumAcc stratum, String caseMix) {
    CellAcc[] row = stratum.rows.get(caseMix);
    if (row == null) {
      row = new CellAcc[METRICS.size()];
      stratum.rows.put(caseMix, row);
      bytes += ROW_ENTRY_BYTES + 16 + 4L * row.length;
    }
    return row;
  }

  /** The accumulator of one metric in a row, created on first use. */
  private CellAcc cellIn(CellAcc[] row, int metric) {
    CellAcc c = row[metric];
    if (c == null) {
      c = new CellAcc();
      row[metric] = c;
      bytes += CellAcc.BYTES;
    }
    return c;
  }

  private void add(CellAcc cell, Approach approach, Object value, int sign) {
    ArmAcc arm = approach == Approach.OPEN ? cell.open : cell.microscopic;
    if (arm == null) {
      arm = new ArmAcc();
      if (approach == Approach.OPEN) {
        cell.open = arm;
      } else {
        cell.microscopic = arm;
      }
      bytes += ArmAcc.BYTES;
    }
    bytes += arm.add(value, sign);
  }

  /**
   * The combined deltas by stratum, without entries that cancelled out, each cut into records of at most about
   * {@link #CHUNK_BYTES} (deltas add up, so the parts applied in turn equal the whole); the combiner is emptied.
   */
  public Map<String, List<StratumDelta>> drain() {
    return drain(CHUNK_BYTES);
  }

  Map<String, List<StratumDelta>> drain(int budget) {
    Map<String, List<StratumDelta>> out = new TreeMap<>();
    strata.forEach((stratum, acc) -> {
      List<StratumDelta> deltas = acc.toDeltas(budget);
      if (!deltas.isEmpty()) {
        out.put(stratum, deltas);
      }
    });
    strata.clear();
    bytes = 0;
    return out;
  }

  static Object valueOf(OutcomeFacts facts, Metric metric) {
    return facts == null ? null : MetricValues.of(facts, metric);
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

  /** The change of one stratum: per case-mix cell a row of accumulators by metric (catalogue order). */
  private static final class StratumAcc {
    final Map<String, CellAcc[]> rows = new HashMap<>();
    @SuppressWarnings("unchecked")
    final Map<String, List<String>>[] shared = new Map[METRICS.size()];
    final ArmAcc performedOpen = new ArmAcc();
    final ArmAcc performedMicroscopic = new ArmAcc();

    Map<String, List<String>> shared(int metric) {
      if (shared[metric] == null) {
        shared[metric] = new TreeMap<>();
      }
      return shared[metric];
    }

    ArmAcc performed(Approach approach) {
      return approach == Approach.OPEN ? performedOpen : performedMicroscopic;
    }

    /** By metric id, then case mix: the order the aggregator's values and tests expect. */
    List<StratumDelta> toDeltas(int budget) {
      Chunks chunks = new Chunks(budget, performedOpen, performedMicroscopic);
      TreeMap<String, CellAcc[]> byCaseMix = new TreeMap<>(rows);
      for (int m : BY_ID) {
        String id = METRICS.get(m).id();
        byCaseMix.forEach((caseMix, row) -> {
          CellAcc c = row[m];
          if (c != null && !c.isZero()) {
            chunks.cell(id, new CellDelta(caseMix, ArmAcc.toDelta(c.open), ArmAcc.toDelta(c.microscopic),
                c.patients));
          }
        });
        if (shared[m] != null) {
          shared[m].forEach((patient, cells) -> chunks.shared(id, patient, cells));
        }
      }
      return chunks.finish();
    }
  }

  /** Fills delta records up to a size budget; a metric whose change does not fit continues in the next record. */
  private static final class Chunks {
    private final int budget;
    private final List<StratumDelta> out = new ArrayList<>();
    private List<MetricDelta> metrics = new ArrayList<>();
    private MetricDelta filling;
    private ArmDelta performedOpen;
    private ArmDelta performedMicroscopic;
    private boolean performedChanged;
    private int used;

    Chunks(int budget, ArmAcc open, ArmAcc microscopic) {
      this.budget = budget;
      this.performedOpen = ArmAcc.toDelta(open);
      this.performedMicroscopic = ArmAcc.toDelta(microscopic);
      this.performedChanged = !ArmAcc.isZero(open) || !ArmAcc.isZero(microscopic);
      this.used = size(performedOpen) + size(performedMicroscopic);
    }

    void cell(String metric, CellDelta cell) {
      reserve(metric, cell.getCaseMix().length() + 8 + size(cell.getOpen()) + size(cell.getMicroscopic()));
      filling.getCells().add(cell);
    }

    void shared(String metric, String patient, List<String> cells) {
      int bytes = patient.length() + 8;
      if (cells != null) {
        for (String c : cells) {
          bytes += c.length() + 2;
        }
      }
      reserve(metric, bytes);
      filling.getSharedPatients().put(patient, cells == null ? null : new ArrayList<>(cells));
    }

    private void reserve(String metric, int bytes) {
      if (used + bytes > budget && !metrics.isEmpty()) {
        cut();
      }
      if (filling == null || !filling.getMetric().equals(metric)) {
        filling = new MetricDelta(metric, new ArrayList<>(), new LinkedHashMap<>());
        metrics.add(filling);
      }
      used += bytes;
    }

    private void cut() {
      out.add(new StratumDelta(metrics, performedOpen, performedMicroscopic));
      performedOpen = ArmAcc.toDelta(null);
      performedMicroscopic = ArmAcc.toDelta(null);
      performedChanged = false;
      metrics = new ArrayList<>();
      filling = null;
      used = 0;
    }

    List<StratumDelta> finish() {
      if (!metrics.isEmpty() || performedChanged) {
        cut();
      }
      return out;
    }

    private static int size(ArmDelta arm) {
      return 24 + 8 * arm.getValues().size();
    }
  }

  /** One metric of one case-mix cell; an arm's accumulator is created only when a procedure of that arm changes. */
  private static final class CellAcc {
    static final int BYTES = 24;
    ArmAcc open;
    ArmAcc microscopic;
    int patients;

    boolean isZero() {
      return patients == 0 && ArmAcc.isZero(open) && ArmAcc.isZero(microscopic);
    }
  }

  /**
   * Signed changes to one arm: histogram counts for continuous values, events and n for binary ones. The histogram
   * is created on the first continuous value, so a binary metric's arm holds three fields.
   */
  private static final class ArmAcc {
    static final int BYTES = 32;
    IntCounts histogram;
    long events;
    long n;

    /** Adds one value; returns how many bytes the histogram grew by. */
    long add(Object value, int sign) {
      if (value instanceof Integer v) {
        return addValue(v, sign);
      }
      n += sign;
      if ((Boolean) value) {
        events += sign;
      }
      return 0;
    }

    long addValue(int value, int sign) {
      n += sign;
      long before = 0;
      if (histogram == null) {
        histogram = new IntCounts();
      } else {
        before = histogram.estimatedBytes();
      }
      histogram.add(value, sign);
      return histogram.estimatedBytes() - before;
    }

    static boolean isZero(ArmAcc arm) {
      return arm == null || arm.n == 0 && arm.events == 0 && (arm.histogram == null || arm.histogram.isZero());
    }

    static ArmDelta toDelta(ArmAcc arm) {
      List<Integer> values = new ArrayList<>();
      List<Long> counts = new ArrayList<>();
      if (arm == null) {
        return new ArmDelta(values, counts, 0L, 0L);
      }
      if (arm.histogram != null) {
        arm.histogram.sortedNonZero(values, counts);
      }
      return new ArmDelta(values, counts, arm.events, arm.n);
    }
  }
}

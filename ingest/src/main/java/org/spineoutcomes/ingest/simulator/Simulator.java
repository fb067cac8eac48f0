package org.spineoutcomes.ingest.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A synthetic multi-hospital feed of the public JSON contract ({@code ProcedurePerformed}, {@code FollowUpRecorded},
 * {@code ConsentWithdrawn}), produced lazily in arrival order, deterministic for a {@link SimulatorConfig}.
 *
 * <h2>How it runs</h2>
 * Procedures are created one simulated day at a time; each carries its complete, pre-computed story (values held
 * as small numbers) and its own sorted schedule of emissions. Procedures wait in day buckets keyed by their next
 * emission; a small heap orders the current day's emissions by (time, procedure index); a procedure leaves
 * memory after its last event. Memory is therefore bounded
 * by the procedures still in follow-up: about {@code proceduresPerDay × 430} procedures of under 1 KB each
 * (2,000 procedures a day, i.e. ~860,000 in follow-up, run in a 700 MB heap), whatever the total number. The JSON is written by hand into a reused {@link StringBuilder} (strings escaped per
 * RFC 8259), with ids, UUIDs and timestamps formatted without intermediate objects. Every procedure draws from its
 * own random streams derived from (seed, procedure index), so the same config gives the same bytes; and switching
 * messiness off keeps the clinical content of each procedure.
 *
 * <h2>Hospitals and surgeons (default six)</h2>
 * Ids {@code H01..}, surgeons {@code H01-S01..} (3–4 per hospital), patients {@code H01-P000001},
 * procedures {@code H01-PROC-000001}. Profiles (cycled beyond six, with extra noise on the approach preference):
 * <pre>
 *        volume  log-odds MICRO  herniated  tumour  deformity  age shift  complication log-odds
 *  H01    1.3       +0.9           ×0.9      ×2.0     ×1.4        0          0      university, tertiary
 *  H02    1.0       -1.1           ×1.0      ×0.3     ×0.5       +4        +0.15    community, open-leaning
 *  H03    1.2       +0.2           ×1.0      ×0.5     ×2.2       -1        -0.10    spine centre, deformity
 *  H04    0.6       -0.6           ×1.0      ×0.4     ×0.6       +6        +0.20    small regional, older
 *  H05    0.9       +1.5           ×1.6      ×0.05    ×0.2       -7        -0.20    private day surgery, younger
 *  H06    1.0        0.0           ×1.0      ×1.3     ×1.0       +2          0      general teaching
 * </pre>
 * Each surgeon has a log-odds preference for MICROSCOPIC ~ N(0, 0.5), a complication effect
 * ~ N(0, surgeonEffectSd = 0.15) and a relative volume ~ U(0.5, 1.5). Visualisation: OPEN uses LOUPES with the
 * hospital's share (0.30–0.70) else NAKED_EYE; MICROSCOPIC uses ENDOSCOPE with the hospital's share (0–0.25) else
 * MICROSCOPE. Procedures start on 5-minute marks, 07:00–18:00 UTC on weekdays; weekends carry 12% of a weekday's
 * load at any hour. Daily counts are Poisson.
 *
 * <h2>Case mix</h2>
 * <ul>
 *   <li>Condition (before hospital multipliers): herniated disc 40%, stenosis 28%, degenerative disc disease 16%,
 *       tumour 5%, deformity 11%.</li>
 *   <li>Age ~ N(mean, sd) by condition, 16–95: herniated 44±12, stenosis 67±9, DDD 52±12, tumour 60±14,
 *       deformity 58±17, plus the hospital shift. Sex F 49%, M 50.5%, OTHER 0.5%.
 *       BMI log-normal, median 27, σ 0.16, 16–55. Smoker p = 0.24 − 0.003·(age−45), 5–40%.
 *       Diabetic: logit = −2.3 + 0.045·(age−55) + 0.09·(BMI−27).</li>
 *   <li>ASA from a latent 0.035·(age−50) + 0.07·(BMI−27) + 1.0·diabetic + 0.35·smoker + 0.9·tumour
 *       + 0.3·deformity + N(0, 0.75), cut at −0.6, 0.9, 2.4, 4.3 into classes 1–5.</li>
 *   <li>Region by condition (cervical/thoracic/lumbar): herniated 13/2/85, stenosis 23/2/75, DDD 22/3/75,
 *       tumour 25/45/30, deformity 5/40/55 %.</li>
 *   <li>Technique by condition (discectomy/laminectomy/fusion/decompression): herniated 85/4/3/8,
 *       stenosis 0/35/20/45, DDD 25/0/55/20, tumour 0/55/20/25, deformity 0/5/85/10 %.</li>
 *   <li>Levels: discectomy 1 (88%) or 2; decompression/laminectomy 1–4 (45/35/15/5%); fusion 1–3 (60/30/10%);
 *       deformity fusion 3–9; tumour 1–3 (fusion 2–4). Contiguous, centred on the common segments
 *       (L4-L5 42%, L5-S1 28%, L3-L4 18% in the lumbar spine; C5-C6 36%, C6-C7 25% in the neck).</li>
 * </ul>
 *
 * <h2>Approach choice — the confounding</h2>
 * logit P(MICROSCOPIC) = 0.5 + hospital + surgeon + c·[−0.045·(age−50) − 0.55·(ASA−2) − 0.5·diabetic
 * − 0.35·(levels−1) + technique (discectomy +1.0, decompression +0.3, laminectomy −0.4, fusion −1.2)
 * + condition (herniated +0.4, stenosis 0, DDD −0.2, tumour −1.1, deformity −1.2) − 0.6·thoracic],
 * with c = {@link SimulatorConfig#confoundingStrength()} (default 1). Older, higher-ASA, diabetic patients,
 * fusions, tumours, deformities and long constructs thus go to OPEN more often — and the same factors raise
 * complication risk, blood loss, operative time, length of stay, time to normal activity, early pain and
 * lower the improvement, so a crude comparison exaggerates the microscopic advantage relative to one adjusted for
 * condition × technique × age band × ASA.
 *
 * <h2>The operation</h2>
 * <ul>
 *   <li>Incision: MICROSCOPIC N(27, 3.5) mm clamped 18–38, + 10 per extra level; OPEN N(85, 14) clamped 60–120,
 *       + 25 per extra level, + 10 for a fusion.</li>
 *   <li>Operative time: log-normal, median 100 min MICROSCOPIC vs 90 OPEN, σ 0.22, × technique (discectomy 0.75,
 *       decompression 1.0, laminectomy 1.1, fusion 1.9) × condition (tumour 1.4, deformity 1.3)
 *       × (1 + 0.25 per extra level) × (1 + 0.01·(BMI−27)); +15–30 min after a dural tear.</li>
 *   <li>Blood loss: log-normal, median 40 mL (σ 0.6) MICROSCOPIC vs 150 mL (σ 0.65) OPEN, × technique
 *       (0.7, 1.0, 1.2, 2.6 as above) × condition (tumour 2.0, deformity 1.6) × (1 + 0.3 per extra level)
 *       × (1 + 0.015·(BMI−27)) × (1 + 0.005·(age−50)) × 1.15 if ASA ≥ 3 × 1.05 if diabetic.</li>
 * </ul>
 *
 * <h2>Complications</h2>
 * Whether a procedure has a complication within 90 days (intraoperative, or onset ≤ day 90) is drawn from the
 * logistic {@link ComplicationRiskModel} (defaults: intercept −3.1, age +0.20/10 y, female −0.10, ASA +0.40/class,
 * BMI +0.03/unit, smoker +0.35, diabetic +0.45, stenosis/DDD +0.10, tumour +0.80, deformity +0.70,
 * decompression +0.10, laminectomy +0.20, fusion +0.60, +0.12 per extra level, MICROSCOPIC −0.25) plus the
 * hospital and surgeon effects and the deteriorating surgeon's log odds ratio. With the defaults about 10% of
 * procedures have one (crude: about 16% OPEN, 4% MICROSCOPIC; adjusted difference about −3 points).
 * Its type is drawn with weights dural tear 0.18, nerve injury 0.07, infection 0.22, haematoma 0.10,
 * re-operation 0.10, recurrent herniation 0.10 (herniated disc only), other 0.23; MICROSCOPIC multiplies dural
 * tears by 1.5 and infections by 0.45 (so slightly more dural tears, fewer infections); a second type follows in
 * 12%. Dural tears are intraoperative (15% lead to a re-operation for CSF leak on day 2–10); nerve injuries are
 * intraoperative in half, otherwise day 0–2 (Clavien–Dindo 1/2/3: 50/40/10%); infections start on day
 * ~log-normal(12, 0.5) (grade 2/3/4: 65/30/5%, 60% of grade ≥ 3 re-operated); haematomas day 0–4 (grade 1/2/3:
 * 40/30/30%, grade 3 evacuated); re-operations day log-normal(15, 0.9) (grade 3, 10% grade 4); recurrent
 * herniations day 14–90 (60% grade 3, re-operated 5–30 days later as a new procedure of the same patient);
 * other complications intraoperative in 20%, else day 0–30 (grade 1/2/3/4/5: 30/55/5/8/2%; grade 5 is death,
 * which ends the follow-up). Outside the 90-day model: 3% of discectomies for herniated disc recur on day 91–365
 * (60% re-operated), 1.5% of fusions have a late infection or re-operation. A complication is reported once, at the
 * first recorded visit on or after its onset (never if none); INCOMPLETE_RESOLUTION is reported (once, 40%, grade
 * 1 (70%) or 2, onset = the visit day) at 6 or 12 months when leg pain is ≥ 7 or improved by &lt; 2 from ≥ 5, or the
 * ODI improved by &lt; 5 from ≥ 30.
 *
 * <h2>Stay, recovery, patient-reported outcomes</h2>
 * <ul>
 *   <li>Length of stay: log-normal, median 1.2 days MICROSCOPIC vs 2.4 OPEN, σ 0.45, × technique (0.8, 1.0, 1.1,
 *       1.5) × condition (tumour 1.3, deformity 1.3) × 1.12 per decade over 50 × 1.2 if ASA ≥ 3 × 1.1 if diabetic
 *       × (1 + 0.05 per extra level), rounded (0 = same-day discharge); +1 after a dural tear; complications
 *       starting in hospital add 0–1/1–4/3–10/7–21 days by grade 1/2/3/4.</li>
 *   <li>Days to normal activity: log-normal, median 21 MICROSCOPIC vs 30 OPEN, σ 0.45, × technique (0.85, 1.0,
 *       1.1, 1.5) × condition (tumour 1.3, deformity 1.4) × 1.06 per decade over 50 × 1.2 if ASA ≥ 3 × 1.35 after a
 *       90-day complication × 1.1 if smoker; at least the stay + 1; over 400 days = never. Reported at every visit
 *       (not discharge) on or after that day.</li>
 *   <li>Baseline: leg NRS N(7.2, 6.6, 4.2, 5.0, 4.0 by condition; sd 1.6), back NRS N(5.2, 6.0, 7.0, 6.2, 6.6;
 *       1.6), ODI N(46, 44, 42, 48, 40 + 0.12·(age−50) + 2.5·(ASA−2) + 0.3·(BMI−27); 13).</li>
 *   <li>Score at a visit = baseline × (1 − gain × share) + early burden + noise (NRS sd 0.9, ODI sd 5), rounded and
 *       clamped to 0–10 / 0–100. Share of the final gain reached: 0.55, 0.70, 0.85, 0.95, 1.0, 1.0 at discharge,
 *       2 and 6 weeks, 3, 6 and 12 months (back pain 0.95 at 12 months). Final relative gain by condition:
 *       leg 0.65/0.55/0.35/0.45/0.35, back 0.45/0.40/0.40/0.35/0.45, ODI 0.55/0.45/0.40/0.35/0.40, all shifted by
 *       −0.08 smoker, −0.06 diabetic, −0.02 per decade over 50, −0.05 per ASA class over 2, −0.15 after a 90-day
 *       complication, −0.05 if BMI &gt; 35, a shared patient effect N(0, 0.18) and N(0, 0.10) per score; no approach
 *       effect at 12 months. Early burden (OPEN vs MICROSCOPIC) at discharge / 2 / 6 weeks: back pain 2.2/1.4/0.6 vs
 *       1.2/0.6/0.2 NRS, leg pain 0.6/0.3/0 vs 0.4/0.2/0, ODI 10/7/3 vs 6/3.5/1.2 points, × 1.25 for a fusion,
 *       × 1.15 for tumour or deformity, × (1 + 0.05 per extra level), × 1.1 if ASA ≥ 3.</li>
 *   <li>Visits: DISCHARGE on the day of discharge (09:00–19:00, or 3–8 h after the end of a same-day operation),
 *       then days 14 (−2..+4), 42 (−4..+8), 91 (−7..+14), 182 (−10..+21) and 365 (−14..+30), 08:00–18:00, always
 *       after the previous visit. A death is reported at the visit after it, without scores.</li>
 * </ul>
 *
 * <h2>Messiness (see {@link SimulatorConfig})</h2>
 * Missing visits (more often for poor responders and after complications, with loss to follow-up), single scores
 * missing (2% each at the default rate), exact duplicates, procedure and follow-up corrections, late deliveries,
 * consent withdrawals, and patients with two procedures (2% planned further operations 120–480 days later, plus
 * re-operations for recurrent herniation). Nothing is malformed: every line satisfies the contract.
 */
public final class Simulator implements Iterable<SimulatedEvent> {

  private static final long DAY = 86_400L;
  private static final double WEEKEND_FACTOR = 0.12;
  private static final double WEEK_MEAN_FACTOR = (5 + 2 * WEEKEND_FACTOR) / 7.0;

  private static final Comparator<ClinicalModel.FollowOnPlan> BY_DAY = Comparator
      .comparingLong(ClinicalModel.FollowOnPlan::epochDay)
      .thenComparingLong(ClinicalModel.FollowOnPlan::order);

  private final SimulatorConfig config;
  private final Site site;
  private final ClinicalModel model;
  private final Consumer<ProcedureTruth> truthListener;

  public Simulator(SimulatorConfig config) {
    this(config, null);
  }

  /**
   * @param truthListener receives the ground truth of every procedure as it is created (once per iteration of
   *                      the feed), or null
   * @throws IllegalArgumentException if the deteriorating surgeon is not one of the simulated surgeons
   */
  public Simulator(SimulatorConfig config, Consumer<ProcedureTruth> truthListener) {
    this.config = Objects.requireNonNull(config, "config");
    this.site = Site.build(config);
    this.model = new ClinicalModel(config, site);
    this.truthListener = truthListener;
  }

  public SimulatorConfig config() {
    return config;
  }

  /** The hospital ids, H01, H02, ... */
  public List<String> hospitalIds() {
    List<String> ids = new ArrayList<>();
    for (Site.Hospital h : site.hospitals) {
      ids.add(h.id());
    }
    return Collections.unmodifiableList(ids);
  }

  /** All surgeon ids, hospital by hospital (H01-S01, H01-S02, ...). */
  public List<String> surgeonIds() {
    List<String> ids = new ArrayList<>();
    for (Site.Hospital h : site.hospitals) {
      for (Site.Surgeon s : h.surgeons()) {
        ids.add(s.id());
      }
    }
    return Collections.unmodifiableList(ids);
  }

  /** Each hospital's additive log odds of a 90-day complication. */
  public Map<String, Double> hospitalComplicationEffects() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (Site.Hospital h : site.hospitals) {
      m.put(h.id(), h.profile().complicationEffect());
    }
    return Collections.unmodifiableMap(m);
  }

  /** Each surgeon's additive log odds of a 90-day complication (random effect; deterioration not included). */
  public Map<String, Double> surgeonComplicationEffects() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (Site.Hospital h : site.hospitals) {
      for (Site.Surgeon s : h.surgeons()) {
        m.put(s.id(), s.complicationEffect());
      }
    }
    return Collections.unmodifiableMap(m);
  }

  /** A fresh pass over the whole feed, in non-decreasing {@link SimulatedEvent#at()} order. */
  @Override
  public Iterator<SimulatedEvent> iterator() {
    return new Feed();
  }

  /** The feed as a sequential, ordered, lazy stream (a fresh pass each call). */
  public Stream<SimulatedEvent> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
        Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** Writes the whole feed as JSON lines ({@code \n}-terminated, UTF-8); returns the number of lines. */
  public long writeJsonLines(Writer out) throws IOException {
    long lines = 0;
    Iterator<SimulatedEvent> it = iterator();
    while (it.hasNext()) {
      out.write(it.next().json());
      out.write('\n');
      lines++;
    }
    out.flush();
    return lines;
  }

  /** Writes the whole feed to {@code file} (created or truncated) as UTF-8 JSON lines; returns the line count. */
  public long writeJsonLines(Path file) throws IOException {
    try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
        StandardCharsets.UTF_8), 1 << 16)) {
      return writeJsonLines(out);
    }
  }

  /**
   * Writes the events of {@code procedures} procedures of the default configuration with {@code seed} to
   * {@code file}; returns the line count.
   */
  public static long writeJsonLines(Path file, long seed, long procedures) throws IOException {
    return writeJsonLines(SimulatorConfig.builder().seed(seed).procedures(procedures).build(), file);
  }

  /** Writes the events of {@code config.procedures()} procedures to {@code file}; returns the line count. */
  public static long writeJsonLines(SimulatorConfig config, Path file) throws IOException {
    return new Simulator(config).writeJsonLines(file);
  }

  /**
   * One pass over the feed. Not thread-safe. Cases wait in day buckets (a ring indexed by the UTC day of their
   * next emission); the cases due on the current day sit in a small primitive-keyed heap ordered by (time,
   * procedure index), which gives the same total order as one big queue at a fraction of the cache misses.
   */
  final class Feed implements Iterator<SimulatedEvent> {
    private static final int RING_DAYS = 1024; // > the longest gap between a case's emissions (~450 days)

    private final DayHeap today = new DayHeap();
    @SuppressWarnings("unchecked")
    private final ArrayList<SimCase>[] ring = new ArrayList[RING_DAYS];
    private long waiting; // cases in the ring
    private final PriorityQueue<ClinicalModel.FollowOnPlan> plans = new PriorityQueue<>(64, BY_DAY);
    private final Consumer<ClinicalModel.FollowOnPlan> planSink = plans::add;
    private final long[] procedureNos = new long[site.hospitals.length];
    private final long[] patientNos = new long[site.hospitals.length];
    private final StringBuilder sb = new StringBuilder(1024);
    private long currentDay = config.startDate().toEpochDay() - 1;
    private long created;
    private long peak;

    /** Procedures held in memory now (each with all its pending events). */
    long inMemory() {
      return today.size() + waiting;
    }

    /** The most procedures held in memory at once so far. */
    long peakInMemory() {
      return peak;
    }

    @Override
    public boolean hasNext() {
      while (today.isEmpty()) {
        if (created >= config.procedures()) {
          plans.clear();
          if (waiting == 0) {
            return false;
          }
        }
        currentDay++;
        if (created < config.procedures()) {
          simulateDay(currentDay);
        }
        ArrayList<SimCase> due = ring[(int) Math.floorMod(currentDay, RING_DAYS)];
        if (due != null && !due.isEmpty()) {
          waiting -= due.size();
          long dayStart = currentDay * DAY;
          for (SimCase c : due) {
            today.add(DayHeap.key(c, dayStart), c);
          }
          due.clear();
        }
        peak = Math.max(peak, inMemory());
      }
      return true;
    }

    @Override
    public SimulatedEvent next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      SimCase c = today.poll();
      long at = c.nextAt();
      int code = c.nextCode();
      c.advance();
      sb.setLength(0);
      String type = c.render(code, site, sb);
      if (c.hasPending()) {
        place(c);
      }
      return new SimulatedEvent(Instant.ofEpochSecond(at), type, sb.toString());
    }

    private void place(SimCase c) {
      long day = Math.floorDiv(c.nextAt(), DAY);
      if (day <= currentDay) {
        today.add(DayHeap.key(c, currentDay * DAY), c);
        return;
      }
      if (day - currentDay >= RING_DAYS) {
        throw new IllegalStateException("emission beyond the scheduling horizon: day " + day);
      }
      int slot = (int) Math.floorMod(day, RING_DAYS);
      ArrayList<SimCase> bucket = ring[slot];
      if (bucket == null) {
        bucket = ring[slot] = new ArrayList<>();
      }
      bucket.add(c);
      waiting++;
      peak = Math.max(peak, inMemory());
    }

    private void simulateDay(long day) {
      Rng r = new Rng(Rng.derive(config.seed(), 0xDA7L, day));
      boolean weekend = Math.floorMod(day + 3, 7) >= 5; // epoch day 0 was a Thursday; 0 = Monday
      double mean = config.proceduresPerDay() * (weekend ? WEEKEND_FACTOR : 1.0) / WEEK_MEAN_FACTOR;
      int fresh = r.poisson(mean);
      List<ClinicalModel.FollowOnPlan> due = new ArrayList<>();
      while (!plans.isEmpty() && plans.peek().epochDay() <= day) {
        due.add(plans.poll());
      }
      int total = fresh + due.size();
      if (total == 0) {
        return;
      }
      // slot (5-minute mark of the day) * 2^32 + position, sorted: time order, ties by position
      long[] keys = new long[total];
      for (int i = 0; i < total; i++) {
        boolean planned = i >= fresh;
        int slot = weekend && !planned ? r.nextInt(288) : 84 + r.nextInt(132); // 07:00-17:55
        keys[i] = (long) slot << 32 | i;
      }
      Arrays.sort(keys);
      for (long key : keys) {
        if (created >= config.procedures()) {
          return;
        }
        int i = (int) key;
        long performedAt = day * DAY + (key >>> 32) * 300L;
        ClinicalModel.FollowOnPlan plan = i >= fresh ? due.get(i - fresh) : null;
        SimCase c = model.create(created++, performedAt, plan, procedureNos, patientNos, planSink,
            truthListener);
        if (c.hasPending()) {
          place(c);
        }
      }
    }
  }
}

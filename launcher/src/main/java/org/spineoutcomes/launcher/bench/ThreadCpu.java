package org.spineoutcomes.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the process's CPU went during a phase, by group of threads: the stream threads, RocksDB's background
 * threads, the Kafka clients' network threads, the JIT compiler, the garbage collector, the bench itself (the
 * ingest's parsers, the ceilings, the latency feed), and the rest, which in embedded mode is mostly the broker.
 * On a small machine they all compete with the stream thread for the cores; how long the stream threads were
 * ready to run but waited for a core (the scheduler's run delay) says what that competition costs.
 *
 * <p>Read from Linux's {@code /proc/self/task/<tid>/schedstat} (nanoseconds on a core, nanoseconds waiting for
 * one) and {@code comm} (the thread's name, cut to 15 characters). Elsewhere a meter measures nothing and says so.
 */
final class ThreadCpu {

  static final String STREAM_THREADS = "stream threads";
  static final String ROCKSDB = "RocksDB";
  static final String CLIENTS = "Kafka clients' I/O";
  static final String JIT = "JIT compiler";
  static final String GC = "garbage collector";
  static final String BENCH = "bench (feed, parsers, ceilings)";
  static final String BROKER_AND_OTHER = "broker and other";
  /** Threads that ended before the phase did (the ingest's parsers and producer): the process's total less the rest. */
  static final String ENDED = "threads that ended";
  /** The groups in the order they are printed. */
  static final List<String> GROUPS =
      List.of(STREAM_THREADS, ROCKSDB, CLIENTS, JIT, GC, BENCH, BROKER_AND_OTHER, ENDED);

  private static final Path TASKS = Path.of("/proc/self/task");
  private static final Path PROCESS_STAT = Path.of("/proc/self/stat");
  /** The unit of /proc's CPU times, USER_HZ, which Linux fixes at 100 per second for user space. */
  private static final double SECONDS_PER_TICK = 0.01;

  /**
   * CPU over a phase.
   *
   * @param seconds          the phase's wall-clock time
   * @param cores            CPU seconds per wall-clock second, by group (1.0 is one core kept busy throughout)
   * @param streamsWaitShare the stream threads' summed wait for a core, as a share of the phase
   */
  record Use(double seconds, Map<String, Double> cores, double streamsWaitShare) {

    /** One line, e.g. {@code stream threads 0.52, JIT compiler 0.61, ... cores of 2; ... waited 25% ...}. */
    String describe(int processors) {
      if (cores.isEmpty()) {
        return "cpu by thread: not measured (needs Linux's /proc/self/task/*/schedstat)";
      }
      StringBuilder s = new StringBuilder("cpu by thread, in cores of ").append(processors).append(": ");
      String separator = "";
      for (String group : GROUPS) {
        double c = cores.getOrDefault(group, 0.0);
        if (c >= 0.005) {
          s.append(separator).append(group).append(String.format(" %.2f", c));
          separator = ", ";
        }
      }
      if (cores.getOrDefault(STREAM_THREADS, 0.0) >= 0.005) {
        s.append(String.format("; the stream threads waited for a core %.0f%% of the time", 100 * streamsWaitShare));
      }
      return s.toString();
    }
  }

  /** Started at the beginning of a phase; {@link #stop()} at its end. */
  static final class Meter {
    private final String streamsPrefix;
    private final long startNanos = System.nanoTime();
    private final Map<String, Sample> start;
    private final double startProcessSeconds;

    private Meter(String streamsPrefix) {
      this.streamsPrefix = streamsPrefix;
      this.startProcessSeconds = processSeconds();
      this.start = sample();
    }

    Use stop() {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      Map<String, Sample> end = sample();
      double processCores = (processSeconds() - startProcessSeconds) / seconds;
      if (start.isEmpty() || end.isEmpty()) {
        return new Use(seconds, Map.of(), 0);
      }
      Map<String, Double> byGroup = new LinkedHashMap<>();
      GROUPS.forEach(g -> byGroup.put(g, 0.0));
      double live = 0;
      double streamsWait = 0;
      for (Map.Entry<String, Sample> e : end.entrySet()) {
        Sample now = e.getValue();
        // A thread that started during the phase counts from zero; one that ended is counted under ENDED, below.
        Sample before = start.getOrDefault(e.getKey(), new Sample(now.name(), 0, 0));
        String group = group(now.name(), streamsPrefix);
        double cores = (now.onCpuNanos() - before.onCpuNanos()) / 1e9 / seconds;
        byGroup.merge(group, cores, Double::sum);
        live += cores;
        if (group.equals(STREAM_THREADS)) {
          streamsWait += (now.waitNanos() - before.waitNanos()) / 1e9 / seconds;
        }
      }
      // The process's total counts threads that have ended too; its unit is coarse (10 ms), so small or negative
      // differences are rounding.
      byGroup.put(ENDED, Math.max(0, processCores - live));
      return new Use(seconds, byGroup, streamsWait);
    }
  }

  /** @param applicationId the streams' application id, which begins their threads' names */
  static Meter start(String applicationId) {
    String prefix = applicationId + "-";
    return new Meter(prefix.substring(0, Math.min(prefix.length(), 15)));
  }

  /** The group of a thread by its name as the kernel keeps it (at most 15 characters). */
  static String group(String comm, String streamsPrefix) {
    if (comm.startsWith(streamsPrefix)) {
      return STREAM_THREADS;
    } else if (comm.startsWith("rocksdb")) {
      return ROCKSDB;
    } else if (comm.startsWith("kafka-producer-") || comm.startsWith("kafka-admin-cli")
        || comm.startsWith("kafka-coordinat") || comm.startsWith("consumer_backgr")) {
      return CLIENTS;
    } else if (comm.contains("CompilerThre") || comm.startsWith("Sweeper")) {
      return JIT;
    } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) {
      return GC;
    } else if (comm.equals("java") || comm.equals("main") || comm.startsWith("ingest-parser")
        || comm.startsWith("bench-")) {
      return BENCH;
    }
    return BROKER_AND_OTHER;
  }

  private record Sample(String name, long onCpuNanos, long waitNanos) {}

  /** CPU seconds of the whole process so far, ended threads included (utime + stime); NaN without /proc. */
  private static double processSeconds() {
    try {
      String stat = Files.readString(PROCESS_STAT);
      // The fields after the command name, which is in parentheses and may hold spaces: utime and stime are the
      // 14th and 15th of the line, the 12th and 13th after it.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * SECONDS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Every thread of this process by id; empty where /proc is not available. */
  private static Map<String, Sample> sample() {
    Map<String, Sample> samples = new HashMap<>();
    if (!Files.isDirectory(TASKS)) {
      return samples;
    }
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          String[] schedstat = Files.readString(task.resolve("schedstat")).strip().split("\\s+");
          samples.put(task.getFileName().toString(),
              new Sample(name, Long.parseLong(schedstat[0]), Long.parseLong(schedstat[1])));
        } catch (IOException | RuntimeException e) {
          // the thread ended between listing and reading, or the kernel keeps no schedstat: leave it out
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return samples;
  }

  private ThreadCpu() {}
}

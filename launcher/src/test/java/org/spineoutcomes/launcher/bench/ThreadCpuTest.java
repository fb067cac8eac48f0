package org.spineoutcomes.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  @Test
  void threadsAreGroupedByTheirKernelNames() {
    String streams = "spine-outcomes-";
    assertThat(ThreadCpu.group("spine-outcomes-", streams)).isEqualTo(ThreadCpu.STREAM_THREADS);
    assertThat(ThreadCpu.group("rocksdb:high", streams)).isEqualTo(ThreadCpu.ROCKSDB);
    assertThat(ThreadCpu.group("kafka-producer-", streams)).isEqualTo(ThreadCpu.CLIENTS);
    assertThat(ThreadCpu.group("C2 CompilerThre", streams)).isEqualTo(ThreadCpu.JIT);
    assertThat(ThreadCpu.group("C1 CompilerThre", streams)).isEqualTo(ThreadCpu.JIT);
    assertThat(ThreadCpu.group("GC Thread#1", streams)).isEqualTo(ThreadCpu.GC);
    assertThat(ThreadCpu.group("G1 Conc#0", streams)).isEqualTo(ThreadCpu.GC);
    assertThat(ThreadCpu.group("ingest-parser", streams)).isEqualTo(ThreadCpu.BENCH);
    assertThat(ThreadCpu.group("bench-pass-thro", streams)).isEqualTo(ThreadCpu.BENCH);
    assertThat(ThreadCpu.group("data-plane-kafk", streams)).isEqualTo(ThreadCpu.BROKER_AND_OTHER);
  }

  @Test
  void theStreamThreadsPrefixIsTheApplicationIdAsTheKernelCutsIt() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc/self/task (not on this OS)");
    AtomicBoolean stop = new AtomicBoolean();
    // A thread named as Kafka Streams names a stream thread of application "spine-outcomes", kept busy.
    Thread busy = new Thread(() -> {
      long x = 0;
      while (!stop.get()) {
        x += System.nanoTime() % 7;
      }
      assertThat(x).isNotNegative();
    }, "spine-outcomes-0f3c-StreamThread-1");
    ThreadCpu.Meter meter = ThreadCpu.start("spine-outcomes");
    busy.start();
    Thread.sleep(400);
    ThreadCpu.Use use = meter.stop(); // while the thread runs: an ended thread's time is no longer listed
    stop.set(true);
    busy.join();

    assertThat(use.seconds()).isGreaterThanOrEqualTo(0.4);
    assertThat(use.cores().get(ThreadCpu.STREAM_THREADS)).isGreaterThan(0.05);
    assertThat(use.streamsWaitShare()).isGreaterThanOrEqualTo(0);
    assertThat(use.describe(2)).startsWith("cpu by thread, in cores of 2: stream threads ")
        .contains("the stream threads waited for a core");
  }

  @Test
  void aThreadThatEndedDuringThePhaseIsStillCounted() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc/self/task (not on this OS)");
    ThreadCpu.Meter meter = ThreadCpu.start("spine-outcomes");
    Thread parser = new Thread(() -> {
      long until = System.nanoTime() + 300_000_000L;
      long x = 0;
      while (System.nanoTime() < until) {
        x += System.nanoTime() % 7;
      }
      assertThat(x).isNotNegative();
    }, "ingest-parser");
    parser.start();
    parser.join();
    ThreadCpu.Use use = meter.stop();

    assertThat(use.cores().get(ThreadCpu.ENDED)).isGreaterThan(0.05);
    assertThat(use.describe(2)).contains("threads that ended").doesNotContain("waited for a core");
  }
}

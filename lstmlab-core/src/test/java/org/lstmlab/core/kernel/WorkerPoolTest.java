package org.lstmlab.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The pool runs every chunk of every task exactly once, also when tasks of different sizes
 * follow each other closely: a worker still finishing with one task must never claim a chunk
 * of the next (which would run that chunk twice, and count it done twice). A task in phases
 * runs no chunk before every chunk of the earlier phases has run; in phases that do not meet (a
 * pipeline), a chunk that waits for a chunk of an earlier phase sees what it wrote, and may run
 * while other chunks of the earlier phase still run. A worker that has parked is woken by the next
 * task.
 */
class WorkerPoolTest {

  @Test
  void run_manyTasksOfAlternatingSizes_eachChunkOnce() {
    WorkerPool pool = new WorkerPool();
    AtomicBoolean stop = startHogs();
    int[] counts = new int[64];
    int bad = 0;
    assertThat(pool.tryAcquire()).isTrue();
    try {
      for (int round = 0; round < 1_000_000; round++) {
        int chunks = round % 2 == 0 ? 2 : 64; // a small task, then a large one
        java.util.Arrays.fill(counts, 0, chunks, 0);
        pool.run((chunk, n) -> {
          synchronized (counts) {
            counts[chunk]++;
          }
        }, chunks, 2);
        synchronized (counts) {
          for (int c = 0; c < chunks; c++) {
            if (counts[c] != 1) {
              bad++;
            }
          }
        }
      }
    } finally {
      pool.release();
      stop.set(true);
    }
    assertThat(bad).as("chunks not run exactly once").isZero();
  }

  @Test
  void runPhases_betweenPlainTasks_eachChunkOnceAndPhasesInOrder() {
    WorkerPool pool = new WorkerPool();
    AtomicBoolean stop = startHogs();
    AtomicIntegerArray counts = new AtomicIntegerArray(64);
    AtomicInteger early = new AtomicInteger();
    AtomicInteger unseen = new AtomicInteger();
    int bad = 0;
    assertThat(pool.tryAcquire()).isTrue();
    try {
      for (int round = 0; round < 350_000; round++) {
        int kind = round % 7;
        // a plain task, then phases of 2 on 2 threads, then phases of 3 (one chunk a phase that
        // no thread owns); then the same as pipelines, whose chunks wait for each chunk of the
        // phase before, in turn, and must see it run
        int shape = (kind + 2) % 3; // 0, 1, 2 for kinds 1, 2, 3 and again for 4, 5, 6
        int chunks = kind == 0 ? 64 : shape == 0 ? 10 : shape == 1 ? 4 : 9;
        int per = kind == 0 ? 0 : shape == 2 ? 3 : 2;
        boolean pipeline = kind > 3;
        for (int c = 0; c < chunks; c++) {
          counts.set(c, 0);
        }
        WorkerPool.Task task = (chunk, n) -> {
          int first = per > 0 ? chunk - chunk % per : 0;
          for (int j = 0; pipeline && first > 0 && j < per; j++) {
            int c = first - per + (chunk + j) % per;
            pool.awaitChunk(c);
            if (counts.get(c) != 1) {
              unseen.incrementAndGet();
            }
          }
          for (int c = 0; per > 0 && !pipeline && c < first; c++) {
            if (counts.get(c) != 1) {
              early.incrementAndGet(); // an earlier phase not finished
            }
          }
          counts.incrementAndGet(chunk);
        };
        if (per == 0) {
          pool.run(task, chunks, 2);
        } else {
          pool.runPhases(task, chunks, per, 2, !pipeline);
        }
        for (int c = 0; c < chunks; c++) {
          if (counts.get(c) != 1) {
            bad++;
          }
        }
      }
    } finally {
      pool.release();
      stop.set(true);
    }
    assertThat(bad).as("chunks not run exactly once").isZero();
    assertThat(early.get()).as("chunks run before an earlier phase ended").isZero();
    assertThat(unseen.get()).as("waits that returned before their chunk had run").isZero();
  }

  @Test
  void pipeline_aChunkMayRunBeforeTheEarlierPhaseHasEnded() {
    WorkerPool pool = new WorkerPool();
    long[] started = new long[4];
    long[] ended = new long[4];
    boolean overlapped = false;
    assertThat(pool.tryAcquire()).isTrue();
    try {
      // Chunk 1 (phase 0, the worker's) takes 200 µs; chunk 2 (phase 1, the caller's) waits for
      // nothing, and so starts before chunk 1 ends once the worker has taken chunk 1. The caller
      // takes chunk 1 itself while the worker is off its core (another process on a busy
      // machine): tasks are tried for up to ten seconds, not a count, so that a busy stretch of
      // the machine cannot use them all up.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!overlapped && System.nanoTime() < deadline) {
        pool.runPhases((chunk, n) -> {
          started[chunk] = System.nanoTime();
          if (chunk == 1) {
            long end = started[chunk] + 200_000;
            while (System.nanoTime() < end) {
              Thread.onSpinWait();
            }
          }
          if (chunk == 3) {
            pool.awaitChunk(1);
          }
          ended[chunk] = System.nanoTime();
        }, 4, 2, 2, false);
        overlapped = started[2] < ended[1];
        assertThat(started[3]).as("chunk 3 started").isPositive();
        assertThat(ended[3]).as("chunk 3, which waits for chunk 1, ended after it")
            .isGreaterThanOrEqualTo(ended[1]);
      }
    } finally {
      pool.release();
    }
    assertThat(overlapped).as("a chunk of phase 1 started before phase 0 ended").isTrue();
  }

  @Test
  void pipeline_aChunkThrows_itsWaitersGoOnAndTheCallerThrowsOnce() {
    WorkerPool pool = new WorkerPool();
    AtomicInteger ran = new AtomicInteger();
    assertThat(pool.tryAcquire()).isTrue();
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.runPhases((chunk, n) -> {
        if (chunk >= 2) {
          pool.awaitChunk(chunk - 2);
        }
        ran.incrementAndGet();
        if (chunk == 3) {
          throw new ArithmeticException("chunk 3");
        }
      }, 8, 2, 2, false)).isInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage("chunk 3");
      assertThat(ran.get()).as("chunks run").isEqualTo(8);
    } finally {
      pool.release();
    }
  }

  @Test
  void run_afterTheWorkerParked_itTakesChunksAgain() throws InterruptedException {
    WorkerPool pool = new WorkerPool();
    java.util.Set<String> ran = java.util.concurrent.ConcurrentHashMap.newKeySet();
    assertThat(pool.tryAcquire()).isTrue();
    try {
      for (int round = 0; round < 5; round++) {
        Thread.sleep(20); // far past its spinning: the worker parks
        ran.clear();
        // Chunks long enough (about 50 µs each) for a woken worker to claim some.
        for (int task = 0; task < 200 && ran.size() < 2; task++) {
          pool.run((chunk, n) -> {
            long end = System.nanoTime() + 50_000;
            while (System.nanoTime() < end) {
              Thread.onSpinWait();
            }
            ran.add(Thread.currentThread().getName());
          }, 8, 2);
        }
        assertThat(ran).as("threads that ran chunks, round %d", round).hasSize(2);
      }
    } finally {
      pool.release();
    }
  }

  @Test
  void runPhases_afterTheWorkerParked_eachChunkOnceAndBothThreadsTakePart()
      throws InterruptedException {
    WorkerPool pool = new WorkerPool();
    java.util.Set<String> ran = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicIntegerArray counts = new AtomicIntegerArray(40);
    assertThat(pool.tryAcquire()).isTrue();
    try {
      for (int round = 0; round < 5; round++) {
        Thread.sleep(20); // far past its spinning: the worker parks
        ran.clear();
        int bad = 0;
        for (int task = 0; task < 200 && ran.size() < 2; task++) {
          for (int c = 0; c < 40; c++) {
            counts.set(c, 0);
          }
          // Phases of 2 chunks of about 20 µs: the caller takes the parked worker's chunks at
          // once, and the woken worker joins in a later phase. Every other task a pipeline,
          // each chunk waiting for both of the phase before.
          boolean pipeline = task % 2 == 1;
          pool.runPhases((chunk, n) -> {
            for (int c = chunk - chunk % 2 - 2; pipeline && c >= 0 && c < chunk - chunk % 2; c++) {
              pool.awaitChunk(c);
            }
            long end = System.nanoTime() + 20_000;
            while (System.nanoTime() < end) {
              Thread.onSpinWait();
            }
            counts.incrementAndGet(chunk);
            ran.add(Thread.currentThread().getName());
          }, 40, 2, 2, !pipeline);
          for (int c = 0; c < 40; c++) {
            if (counts.get(c) != 1) {
              bad++;
            }
          }
        }
        assertThat(bad).as("chunks not run exactly once, round %d", round).isZero();
        assertThat(ran).as("threads that ran chunks, round %d", round).hasSize(2);
      }
    } finally {
      pool.release();
    }
  }

  @Test
  void runPhases_aChunkThrows_thrownOnceByTheCallerAndThePoolRunsOn() {
    WorkerPool pool = new WorkerPool();
    AtomicInteger ran = new AtomicInteger();
    assertThat(pool.tryAcquire()).isTrue();
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.runPhases((chunk, n) -> {
        ran.incrementAndGet();
        if (chunk == 5) {
          throw new ArithmeticException("chunk 5");
        }
      }, 8, 2, 2)).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("chunk 5");
      assertThat(ran.get()).as("chunks run").isEqualTo(8);
      ran.set(0);
      pool.runPhases((chunk, n) -> ran.incrementAndGet(), 8, 2, 2);
      assertThat(ran.get()).as("chunks run by the next task, which throws nothing").isEqualTo(8);
    } finally {
      pool.release();
    }
  }

  /** Busy threads, so that the worker is preempted at every point of its loop now and then. */
  private static AtomicBoolean startHogs() {
    AtomicBoolean stop = new AtomicBoolean();
    for (int i = 0; i < 3; i++) {
      Thread hog = new Thread(() -> {
        long x = 0;
        while (!stop.get()) {
          x += System.nanoTime() & 1;
        }
      });
      hog.setDaemon(true);
      hog.start();
    }
    return stop;
  }
}

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
 * runs no chunk before every chunk of the earlier phases has run. A worker that has parked is
 * woken by the next task.
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
    int bad = 0;
    assertThat(pool.tryAcquire()).isTrue();
    try {
      for (int round = 0; round < 200_000; round++) {
        int kind = round % 4;
        // a plain task, then phases of 2 on 2 threads, then phases of 3 (one chunk a phase that
        // no thread owns)
        int chunks = kind == 0 ? 64 : kind == 1 ? 10 : kind == 2 ? 4 : 9;
        int per = kind == 0 ? 0 : kind == 3 ? 3 : 2;
        for (int c = 0; c < chunks; c++) {
          counts.set(c, 0);
        }
        WorkerPool.Task task = (chunk, n) -> {
          if (per > 0) {
            for (int c = 0; c < chunk - chunk % per; c++) {
              if (counts.get(c) != 1) {
                early.incrementAndGet(); // an earlier phase not finished
              }
            }
          }
          counts.incrementAndGet(chunk);
        };
        if (per == 0) {
          pool.run(task, chunks, 2);
        } else {
          pool.runPhases(task, chunks, per, 2);
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
          // once, and the woken worker joins in a later phase.
          pool.runPhases((chunk, n) -> {
            long end = System.nanoTime() + 20_000;
            while (System.nanoTime() < end) {
              Thread.onSpinWait();
            }
            counts.incrementAndGet(chunk);
            ran.add(Thread.currentThread().getName());
          }, 40, 2, 2);
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

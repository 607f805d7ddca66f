package org.lstmlab.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The pool runs every chunk of every task exactly once, also when tasks of different sizes
 * follow each other closely: a worker still finishing with one task must never claim a chunk
 * of the next (which would run that chunk twice, and count it done twice).
 */
class WorkerPoolTest {

  @Test
  void run_manyTasksOfAlternatingSizes_eachChunkOnce() {
    WorkerPool pool = new WorkerPool();
    // Busy threads, so that the worker is preempted at every point of its loop now and then.
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread[] hogs = new Thread[3];
    for (int i = 0; i < hogs.length; i++) {
      hogs[i] = new Thread(() -> {
        long x = 0;
        while (!stop.get()) {
          x += System.nanoTime() & 1;
        }
      });
      hogs[i].setDaemon(true);
      hogs[i].start();
    }
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
}

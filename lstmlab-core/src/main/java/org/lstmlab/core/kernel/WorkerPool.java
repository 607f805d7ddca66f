package org.lstmlab.core.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small fixed set of persistent daemon threads that help the caller run the chunks of one task.
 *
 * <p>Made for many short tasks in a row (one matrix product per time step): threads are started
 * once, when the pool grows, never per task, and a task allocates nothing. The chunks are claimed
 * one at a time from a shared counter by the caller and by whichever workers are awake, so a
 * worker whose core is busy with another process (this machine is shared) delays nothing: the
 * caller then computes the chunks itself, and waits only for chunks a worker has already begun.
 * Which thread computes a chunk never changes its result. A waiting worker spins briefly (a time
 * step's next product usually follows within microseconds), then parks.
 *
 * <p>One task runs at a time: a caller that cannot {@link #tryAcquire} the pool runs its work
 * alone, with the same results (see {@link MatMul#threads(int)}).
 */
final class WorkerPool {

  /** One chunk of a task; must not throw. */
  interface Task {
    void run(int chunk, int chunks);
  }

  /** About 20 µs of spinning before a waiting thread parks. */
  private static final int SPINS = 2_000;

  private final ReentrantLock lock = new ReentrantLock();
  /** (generation << 32) | next unclaimed chunk of the current task. */
  private final AtomicLong claim = new AtomicLong();
  /** Chunks of the current task finished. */
  private final AtomicInteger done = new AtomicInteger();
  private volatile Task task;
  private volatile int chunks;
  private volatile Thread caller;
  private volatile Throwable failure;
  private int generation;
  private Worker[] workers = new Worker[0];

  private final class Worker implements Runnable {
    volatile int posted; // the generation of the latest task this worker was woken for
    Thread thread;

    @Override
    public void run() {
      int seen = 0;
      while (true) {
        int spins = 0;
        while (posted == seen) {
          if (++spins < SPINS) {
            Thread.onSpinWait();
          } else {
            LockSupport.park(this);
          }
        }
        seen = posted;
        work(seen);
      }
    }
  }

  /**
   * Takes the pool for this thread if no other thread has it: then the caller may prepare its
   * task, {@link #run} it any number of times, and must {@link #release} the pool.
   */
  boolean tryAcquire() {
    return lock.tryLock();
  }

  /** Whether this thread holds the pool (a task of it running on the caller's thread). */
  boolean isHeldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }

  /** Gives the pool back; see {@link #tryAcquire}. */
  void release() {
    lock.unlock();
  }

  /**
   * Runs chunks 0..chunks−1 of {@code task} on this thread and up to {@code threads − 1} workers,
   * and returns when all are done. The caller must hold the pool ({@link #tryAcquire}).
   */
  void run(Task task, int chunks, int threads) {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("run without tryAcquire");
    }
    ensureWorkers(threads - 1);
    int gen = ++generation;
    // Close the previous task's counter before its fields change: a worker still looping in the
    // previous task (preempted between reading the counter and checking it against the number
    // of chunks) could otherwise read this task's larger count, win its compare-and-set on the
    // old counter, and run a chunk of this task twice, counting it done twice.
    claim.set(((long) gen << 32) | Integer.MAX_VALUE);
    this.task = task;
    this.chunks = chunks;
    this.caller = Thread.currentThread();
    done.set(0);
    claim.set((long) gen << 32); // publishes the fields above to every thread that claims
    for (int w = 0; w < threads - 1; w++) {
      workers[w].posted = gen;
      LockSupport.unpark(workers[w].thread);
    }
    work(gen);
    int spins = 0;
    while (done.get() < chunks) {
      if (++spins < SPINS) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(this, 50_000L);
      }
    }
    this.task = null;
    Throwable f = failure;
    if (f != null) {
      failure = null;
      throw new IllegalStateException("worker thread failed: " + f, f);
    }
  }

  /** Claims and runs chunks of the task of generation {@code gen} until none is left. */
  private void work(int gen) {
    while (true) {
      long v = claim.get();
      if ((int) (v >>> 32) != gen || (int) v >= chunks) {
        return;
      }
      if (claim.compareAndSet(v, v + 1)) {
        // The chunk is ours, so the task cannot have moved on: task and chunks are this one's.
        int n = chunks;
        try {
          task.run((int) v, n);
        } catch (Throwable t) {
          failure = t;
        }
        if (done.incrementAndGet() == n) {
          LockSupport.unpark(caller);
        }
      }
    }
  }

  private void ensureWorkers(int count) {
    if (workers.length >= count) {
      return;
    }
    Worker[] grown = java.util.Arrays.copyOf(workers, count);
    for (int w = workers.length; w < count; w++) {
      Worker worker = new Worker();
      Thread t = new Thread(worker, "lstmlab-kernel-" + (w + 1));
      t.setDaemon(true);
      worker.thread = t;
      grown[w] = worker;
      t.start();
    }
    workers = grown;
  }
}

package org.lstmlab.core.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
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
 * <p>A task may also run in phases ({@link #runPhases}: a recurrent layer's time steps, each split
 * by units): there each thread takes the same chunk of every phase first, so that its part of the
 * weights stays in its core's cache, and the threads meet between phases instead of a task being
 * handed over per step; or as a pipeline, without meetings, each chunk waiting ({@link
 * #awaitChunk}) for the chunks of earlier phases it reads.
 *
 * <p>One task runs at a time: a caller that cannot {@link #tryAcquire} the pool runs its work
 * alone, with the same results (see {@link MatMul#threads(int)}).
 */
final class WorkerPool {

  /** One chunk of a task; must not throw. */
  interface Task {
    void run(int chunk, int chunks);
  }

  /** About 50 µs of spinning (25 ns a spin wait on AMD Zen 4) before a waiting thread parks. */
  private static final int SPINS = 2_000;

  private final ReentrantLock lock = new ReentrantLock();
  /** (generation << 32) | next unclaimed chunk of the current task. */
  private final AtomicLong claim = new AtomicLong();
  /** Chunks of the current task finished. */
  private final AtomicInteger done = new AtomicInteger();
  private volatile Task task;
  private volatile int chunks;
  /** Chunks per phase of a task of runPhases, else 0. */
  private volatile int perPhase;
  /**
   * Per chunk of a task of runPhases: −generation while unclaimed, generation once claimed (a
   * thread still looking at an earlier task can claim none of this one's).
   */
  private volatile int[] phaseClaims = new int[0];
  /** Whether the current task's threads meet between phases (runPhases), or not (pipelines). */
  private volatile boolean meet;
  /**
   * Per chunk of a task of runPhases that does not meet: its generation once it has ended (see
   * {@link #awaitChunk}), else something else.
   */
  private volatile int[] ended = new int[0];
  /** The generation of the task running now. */
  private volatile int current;
  private volatile boolean stealing; // a phased task's threads take each other's chunks at once

  /**
   * Before taking another thread's chunk of a phase: waits up to GRACE spins for its owner (the
   * caller for chunk 0, worker c − 1 for chunk c) to claim it, unless the owner is parked, so
   * that each chunk of every phase runs on one thread and finds its data in that core's cache.
   * An owner that misses its grace is off its core: the rest of the task takes chunks at once.
   */
  private void awaitOwner(int[] claims, int chunk, int gen, int owner) {
    Worker w = owner > 0 && owner <= workers.length ? workers[owner - 1] : null;
    int spins = 0;
    while ((int) CLAIM.getVolatile(claims, chunk) == -gen && (w == null || !w.parking)) {
      if (++spins > GRACE) {
        stealing = true;
        return;
      }
      Thread.onSpinWait();
    }
  }

  /**
   * Spins that a thread waits for another's chunk of a phase before taking it: about 12 µs (25 ns
   * a spin wait on AMD Zen 4), a few phases of the notebook's steps.
   */
  private static final int GRACE = 500;
  private volatile Thread caller;
  private volatile Throwable failure;
  private int generation;
  private Worker[] workers = new Worker[0];

  /** Volatile access to an element of phaseClaims or ended. */
  private static final VarHandle CLAIM = MethodHandles.arrayElementVarHandle(int[].class);

  private final class Worker implements Runnable {
    volatile int posted; // the generation of the latest task this worker was woken for
    volatile boolean parking; // set while it may be parked: only then does a caller unpark it
    Thread thread;
    int slot; // 1 + its index: the chunk of each phase it takes first (the caller's is 0)

    @Override
    public void run() {
      int seen = 0;
      while (true) {
        int spins = 0;
        while (posted == seen) {
          if (++spins < SPINS) {
            Thread.onSpinWait();
          } else {
            // Announced before the last look at posted: a caller posting after that look sees
            // parking and unparks (both volatile), so no task is missed.
            parking = true;
            if (posted == seen) {
              LockSupport.park(this);
            }
            parking = false;
          }
        }
        seen = posted;
        if (perPhase > 0) {
          workPhases(seen, slot);
        } else {
          work(seen);
        }
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
    start(task, chunks, 0, threads);
    work(generation);
    finish(chunks);
  }

  /**
   * Runs chunks 0..chunks−1 of {@code task} as {@link #run} does, in phases of {@code perPhase}
   * consecutive chunks: no chunk of a phase starts before every chunk of the earlier phases has
   * finished, and each sees what they wrote. The caller and {@code threads − 1} workers each take
   * the same chunk of every phase first (the caller the phase's chunk 0, worker w chunk w + 1), so
   * a chunk's data stays in one core's cache from phase to phase; a thread done with its own takes
   * any of the phase still unclaimed, so with no worker awake the caller runs them all. For a
   * recurrent layer's time steps, each a phase: the threads meet once a step instead of being
   * handed a task per product.
   */
  void runPhases(Task task, int chunks, int perPhase, int threads) {
    runPhases(task, chunks, perPhase, threads, true);
  }

  /**
   * {@link #runPhases(Task, int, int, int)}, or, when {@code meet} is false, the same without the
   * meeting between phases: a chunk may start before the earlier phases have ended, and waits for
   * those it reads with {@link #awaitChunk}. Each thread still takes (or sees taken) every chunk of
   * a phase before any of the next, so a chunk waited for has been taken and will end.
   */
  void runPhases(Task task, int chunks, int perPhase, int threads, boolean meet) {
    if (chunks % perPhase != 0 || threads > perPhase) {
      throw new IllegalArgumentException(
          "phases of " + perPhase + " in " + chunks + " chunks, on " + threads + " threads");
    }
    this.meet = meet;
    start(task, chunks, perPhase, threads);
    workPhases(generation, 0);
    finish(chunks);
  }

  private void start(Task task, int chunks, int perPhase, int threads) {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("run without tryAcquire");
    }
    if (perPhase == 0) {
      meet = true;
    }
    ensureWorkers(threads - 1);
    int gen = ++generation;
    if (perPhase > 0) {
      int[] claims = phaseClaims.length >= chunks ? phaseClaims : new int[chunks];
      Arrays.fill(claims, 0, chunks, -gen);
      phaseClaims = claims;
      if (!meet) {
        int[] marks = ended.length >= chunks ? ended : new int[chunks];
        Arrays.fill(marks, 0, chunks, gen - 1);
        ended = marks;
      }
    }
    this.stealing = false;
    this.current = gen; // before perPhase: a worker that sees this task's perPhase sees its gen
    this.perPhase = perPhase;
    // Close the previous task's counter before its fields change: a worker still looping in the
    // previous task (preempted between reading the counter and checking it against the number
    // of chunks) could otherwise read this task's larger count, win its compare-and-set on the
    // old counter, and run a chunk of this task twice, counting it done twice.
    claim.set(((long) gen << 32) | Integer.MAX_VALUE);
    this.task = task;
    this.chunks = chunks;
    this.caller = Thread.currentThread();
    done.set(0);
    // Opens the counter (and publishes the fields above to every thread that claims), for a
    // task of run only: a task in phases claims through phaseClaims and leaves it closed, or a
    // worker woken for it that saw the next task's perPhase = 0 would claim from it after it ended.
    claim.set(((long) gen << 32) | (perPhase > 0 ? Integer.MAX_VALUE : 0));
    for (int w = 0; w < threads - 1; w++) {
      Worker worker = workers[w];
      worker.posted = gen;
      if (worker.parking) { // a spinning worker sees posted by itself; unpark takes a lock
        LockSupport.unpark(worker.thread);
      }
    }
  }

  /** Waits for the current task's chunks, then rethrows what a chunk threw. */
  private void finish(int chunks) {
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

  /**
   * The phases of the task of generation {@code gen} for the thread taking chunk {@code slot} of
   * each phase first, then any other still unclaimed.
   */
  private void workPhases(int gen, int slot) {
    int per = perPhase;
    int n = chunks;
    int[] claims = phaseClaims;
    boolean meets = meet;
    int[] marks = ended;
    if (current != gen || per <= 0) {
      return; // a task since finished: its fields may be the next one's
    }
    for (int first = 0; first < n; first += per) {
      if (meets ? !awaitDone(first, gen) : current != gen) {
        return;
      }
      for (int j = 0; j < per; j++) {
        int owner = (slot + j) % per;
        int chunk = first + owner;
        if (j > 0 && !stealing) {
          awaitOwner(claims, chunk, gen, owner);
        }
        // Read before the compare-and-set, which takes the line even when it fails: another
        // thread's chunk is most often claimed already, and its line stays shared.
        if ((int) CLAIM.getVolatile(claims, chunk) == -gen
            && CLAIM.compareAndSet(claims, chunk, -gen, gen)) {
          // Claimed: the task is this generation's, and its fields are this task's.
          try {
            task.run(chunk, n);
          } catch (Throwable t) {
            failure = t;
          }
          if (!meets) { // also after a throw: the chunks waiting for this one go on
            CLAIM.setVolatile(marks, chunk, gen);
          }
          if (done.incrementAndGet() == n) {
            LockSupport.unpark(caller);
          }
        }
      }
    }
  }

  /**
   * Inside a chunk of the running task of {@link #runPhases(Task, int, int, int, boolean)} that
   * does not meet: returns once chunk {@code chunk} has ended (at once if it has), and what it
   * wrote is then visible. The chunk must be of an earlier phase than the caller's.
   */
  void awaitChunk(int chunk) {
    int gen = current;
    int[] marks = ended;
    int spins = 0;
    while ((int) CLAIM.getVolatile(marks, chunk) != gen) {
      if (++spins < SPINS) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(this, 10_000L);
      }
    }
  }

  /**
   * Waits until {@code count} chunks of the task of generation {@code gen} are done: true, or
   * false if another task has started since (then it finished, and this thread has no part in it).
   */
  private boolean awaitDone(int count, int gen) {
    int spins = 0;
    while (done.get() < count) {
      if (current != gen) {
        return false;
      }
      if (++spins < SPINS) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(this, 10_000L);
      }
    }
    return current == gen;
  }

  private void ensureWorkers(int count) {
    if (workers.length >= count) {
      return;
    }
    Worker[] grown = java.util.Arrays.copyOf(workers, count);
    for (int w = workers.length; w < count; w++) {
      Worker worker = new Worker();
      worker.slot = w + 1;
      Thread t = new Thread(worker, "lstmlab-kernel-" + (w + 1));
      t.setDaemon(true);
      worker.thread = t;
      grown[w] = worker;
      t.start();
    }
    workers = grown;
  }
}

#!/usr/bin/env python3
"""Adds the phase log to a worktree of LSTM Lab (see build.sh): VectorMatMul.PhaseJob.run timed,
and org.lstmlab.core.kernel.PhaseLog, which the harnesses read."""
import pathlib
import sys

wt = pathlib.Path(sys.argv[1])
kernel = wt / "lstmlab-core/src/main/java/org/lstmlab/core/kernel"
mm = kernel / "VectorMatMul.java"
src = mm.read_text()
old = """    public void run(int chunk, int chunks) {
      if (stage != null) {
        stage.run(chunk / perPhase, chunk % perPhase, this);
      } else {
        body.run(chunk / perPhase, chunk % perPhase);
      }
    }"""
new = """    public void run(int chunk, int chunks) {
      long t0 = System.nanoTime();
      if (stage != null) {
        stage.run(chunk / perPhase, chunk % perPhase, this);
      } else {
        body.run(chunk / perPhase, chunk % perPhase);
      }
      PhaseLog.log(t0, System.nanoTime(), chunk, chunks, perPhase);
    }"""
if old not in src:
    sys.exit("instrument.py: PhaseJob.run not found as expected in " + str(mm))
mm.write_text(src.replace(old, new))
(kernel / "PhaseLog.java").write_text("""package org.lstmlab.core.kernel;

/** Per-thread logs of phase chunks (instrumented builds only; see tools/bench/phaselog). */
public final class PhaseLog {
  public static final int CAP = 1 << 21;
  /** Thread 0 (the caller, "main") and 1 (any worker): start, end, chunk | chunks | per, thread. */
  public static final long[][] REC = {new long[4 * CAP], new long[4 * CAP]};
  private static final int[] N = new int[32]; // counts 64 bytes apart

  static {
    java.util.Arrays.fill(REC[0], 1L); // touched, so that logging takes no page faults
    java.util.Arrays.fill(REC[1], 1L);
  }

  private PhaseLog() {}

  static void log(long t0, long t1, int chunk, int chunks, int per) {
    int th = "main".equals(Thread.currentThread().getName()) ? 0 : 1;
    int i = N[th * 16];
    if (i < CAP) {
      long[] r = REC[th];
      r[4 * i] = t0;
      r[4 * i + 1] = t1;
      r[4 * i + 2] = chunk | ((long) chunks << 20) | ((long) per << 40);
      r[4 * i + 3] = th;
      N[th * 16] = i + 1;
    }
  }

  /** Forgets what was logged (call from the thread that runs the tasks, between tasks). */
  public static void reset() {
    N[0] = 0;
    N[16] = 0;
  }

  /** Writes both logs, as big-endian longs after their total count (see phaselog.py). */
  public static void dump(java.io.DataOutputStream out) throws java.io.IOException {
    int n0 = Math.min(N[0], CAP);
    int n1 = Math.min(N[16], CAP);
    out.writeInt(n0 + n1);
    for (int i = 0; i < 4 * n0; i++) {
      out.writeLong(REC[0][i]);
    }
    for (int i = 0; i < 4 * n1; i++) {
      out.writeLong(REC[1][i]);
    }
  }
}
""")
print("instrumented " + str(wt))

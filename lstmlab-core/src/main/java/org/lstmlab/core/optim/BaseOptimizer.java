package org.lstmlab.core.optim;

import org.lstmlab.core.nn.Parameters;

/**
 * What every optimizer shares: the learning rate, the step count, and sizing the state on the
 * first step. Subclasses implement {@link #allocate} and the fused update loop {@link #update}.
 */
abstract class BaseOptimizer implements Optimizer {

  /** The learning rate for the next step; finite and ≥ 0. */
  private double lr;

  /** Completed steps; the current step's index t (from 1) is {@code steps + 1} while updating. */
  private long steps;

  /** Scalars the state was allocated for on the first step; -1 before it. */
  private int size = -1;

  BaseOptimizer(double lr) {
    this.lr = Hyper.nonNegative("lr", lr);
  }

  @Override
  public final void step(Parameters p) {
    if (p == null) {
      throw new IllegalArgumentException("parameters is null");
    }
    int n = p.size();
    if (size < 0) {
      allocate(n);
      size = n;
    } else if (n != size) {
      throw new IllegalArgumentException(
          "parameters have " + n + " scalars, but this " + name() + " optimizer's state was sized"
              + " for " + size + " on its first step; use one optimizer per model");
    }
    float[] w = p.data();
    float[] g = p.grad();
    long t = steps + 1;
    beginStep(t);
    p.forEachRange((from, to) -> update(w, g, t, from, to));
    steps++;
  }

  /**
   * Before step t's {@link #update}s: computes what they share once, not once per range (nothing by
   * default). What it writes is seen by the threads that run the ranges.
   */
  void beginStep(long t) {}

  /** Allocates the state for {@code n} scalars; called once, before the first {@link #update}. */
  abstract void allocate(int n);

  /**
   * One fused pass over [from, to) of the flat arrays: updates {@code w} (and the state) from
   * {@code g}, each element alone (a step may run in several ranges on several threads: see
   * {@link Parameters#forEachRange}).
   *
   * @param w the parameters, updated in place
   * @param g their gradients, read only
   * @param t this step's index, 1 on the first step
   * @param from the first element
   * @param to past the last element
   */
  abstract void update(float[] w, float[] g, long t, int from, int to);

  /** The state's per-scalar arrays, in a fixed order, each null where it is not kept. */
  abstract float[][] slots();

  /** Sets the arrays {@link #slots()} returns (allocated as {@link #allocate} would). */
  abstract void setSlots(float[][] slots);

  @Override
  public final State state() {
    float[][] s = size < 0 ? new float[slots().length][] : slots();
    float[][] copy = new float[s.length][];
    for (int k = 0; k < s.length; k++) {
      copy[k] = s[k] == null ? null : s[k].clone();
    }
    return new State(steps, size, copy);
  }

  @Override
  public final void restore(State s) {
    if (s == null || s.steps() < 0) {
      throw new IllegalArgumentException("state is null or has negative steps");
    }
    if (s.size() < 0) {
      if (s.steps() != 0) {
        throw new IllegalArgumentException("a state of " + s.steps() + " steps has no size");
      }
      steps = 0;
      size = -1;
      return;
    }
    allocate(s.size()); // which slots this configuration keeps
    float[][] kept = slots();
    if (s.slots().length != kept.length) {
      throw new IllegalArgumentException("a " + name() + " state has " + kept.length
          + " slots, got " + s.slots().length);
    }
    float[][] copy = new float[kept.length][];
    for (int k = 0; k < kept.length; k++) {
      float[] given = s.slots()[k];
      if ((given == null) != (kept[k] == null)
          || (given != null && given.length != s.size())) {
        throw new IllegalArgumentException("slot " + k + " of the " + name() + " state is "
            + (given == null ? "null" : "of length " + given.length) + "; this configuration"
            + " keeps " + (kept[k] == null ? "none" : "one of length " + s.size()));
      }
      copy[k] = given == null ? null : given.clone();
    }
    setSlots(copy);
    size = s.size();
    steps = s.steps();
  }

  @Override
  public final double lr() {
    return lr;
  }

  @Override
  public final void setLr(double lr) {
    this.lr = Hyper.nonNegative("lr", lr);
  }

  @Override
  public final long steps() {
    return steps;
  }
}

package org.lstmlab.core.optim;

import java.util.LinkedHashMap;
import java.util.Map;

import org.lstmlab.core.nn.Parameters;

/**
 * Updates a model's parameters from their gradients.
 *
 * <p>Order of use, per training step:
 *
 * <pre>{@code
 * params.zeroGrad();                                  // clear the previous step's gradient
 * model.forward(...); model.backwardParameters(...);  // accumulate into params.grad()
 * GradientClipping.clipByGlobalNorm(params, 1.0);     // optional
 * optimizer.step(params);                             // read params.grad(), write params.data()
 * }</pre>
 *
 * and, to follow a schedule, {@code optimizer.setLr(schedule.lr(epoch))} at the start of each
 * epoch.
 *
 * <p>An optimizer belongs to one {@link Parameters}: its state (momentum, moment estimates) is
 * allocated on the first {@link #step}, one slot per scalar, and every later step must pass
 * parameters of that size. {@link #step} reads {@link Parameters#grad()} and never writes it:
 * computing gradients and applying them are separate concerns. Every element takes part in every
 * step, including those whose gradient is zero (PyTorch skips only tensors whose {@code grad} is
 * {@code None}, which has no counterpart here). Implementations are not thread-safe.
 */
public interface Optimizer {

  /**
   * Applies one update to {@code p.data()} from {@code p.grad()}.
   *
   * @throws IllegalArgumentException if {@code p} is null or its size differs from the size at the
   *     first step
   */
  void step(Parameters p);

  /** The learning rate the next {@link #step} uses. */
  double lr();

  /**
   * Sets the learning rate for the following steps; the state is kept.
   *
   * @throws IllegalArgumentException unless {@code lr} is finite and ≥ 0
   */
  void setLr(double lr);

  /** The number of completed {@link #step} calls. */
  long steps();

  /**
   * The optimizer's state, copied: the completed steps, the number of scalars it was sized for and
   * its per-scalar slots (Adam and AdamW: m, v, vMax; RMSprop: squareAvg, gradAvg, buffer; SGD:
   * buffer), an entry null where the configuration keeps no such slot. Before the first step the
   * steps are 0, the size −1 and every slot null. With {@link #restore} it lets a run continue
   * elsewhere: in another JVM (data-parallel training averages the states of several copies) or
   * after a restart from a checkpoint. The library's optimizers all have it.
   *
   * @throws UnsupportedOperationException for an optimizer that does not export its state
   */
  default State state() {
    throw new UnsupportedOperationException(name() + " does not export its state");
  }

  /**
   * Replaces the state with a copy of {@code s}, as {@link #state()} of an optimizer of the same
   * kind and configuration gave it; the next step is step {@code s.steps() + 1}.
   *
   * @throws IllegalArgumentException if {@code s} has other slots than this configuration keeps,
   *     or a slot's length differs from its size
   * @throws UnsupportedOperationException for an optimizer that does not export its state
   */
  default void restore(State s) {
    throw new UnsupportedOperationException(name() + " does not restore a state");
  }

  /**
   * An optimizer's state (see {@link Optimizer#state()}).
   *
   * @param steps completed steps, ≥ 0
   * @param size scalars the slots hold, −1 before the first step
   * @param slots the per-scalar arrays, each (size) or null
   */
  record State(long steps, int size, float[][] slots) implements java.io.Serializable {}

  /** The optimizer's name as {@link Optimizers#byName} accepts it. */
  String name();

  /**
   * A new optimizer of the same kind with the same hyperparameters, the learning rate as {@link
   * #lr()} is now, and no state: what a training run starts from, so that one configured optimizer
   * (the trainer's configuration holds one) serves any number of runs, each from a clean start.
   */
  Optimizer fresh();

  /**
   * The whole configuration, as strings, enough to rebuild it with {@link
   * Optimizers#fromSettings}: {@code optimizer} (the {@link #name()}), {@code lr}, then every
   * hyperparameter under its builder's name (Adam and AdamW: beta1, beta2, eps, weightDecay,
   * amsgrad; RMSprop: alpha, eps, weightDecay, momentum, centered; SGD: momentum, dampening,
   * nesterov, weightDecay). No state. What a run records, so that it can be replayed.
   */
  default Map<String, String> settings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("optimizer", name());
    m.put("lr", Double.toString(lr()));
    return m;
  }
}

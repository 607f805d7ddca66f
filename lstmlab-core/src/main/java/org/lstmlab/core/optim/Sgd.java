package org.lstmlab.core.optim;

import java.util.Map;
/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
 * decay, as {@code torch.optim.SGD}.
 *
 * <p>Per element, with gradient g, parameter w and momentum buffer b (PyTorch 1.13,
 * {@code _single_tensor_sgd}):
 *
 * <pre>
 * d = g + weightDecay·w
 * if momentum ≠ 0:
 *   b = d                                   on the first step (no dampening yet)
 *   b = momentum·b + (1 − dampening)·d      afterwards
 *   d = d + momentum·b   if nesterov,  else  d = b
 * w = w − lr·d
 * </pre>
 *
 * <p>This is the "heavy ball" form [Polyak 1964] with the learning rate applied outside the
 * buffer, and Nesterov's variant as reformulated by Sutskever et al. 2013, "On the importance of
 * initialization and momentum in deep learning". The buffer is only allocated when momentum ≠ 0.
 */
public final class Sgd extends BaseOptimizer {

  /** The name {@link Optimizers#byName} knows this optimizer by. */
  public static final String NAME = "sgd";

  /** Default learning rate: PyTorch 2's; PyTorch 1.13 made {@code lr} a required argument. */
  public static final double DEFAULT_LR = 1e-3;

  /** Default momentum: none. */
  public static final double DEFAULT_MOMENTUM = 0.0;

  /** Default dampening: none. */
  public static final double DEFAULT_DAMPENING = 0.0;

  /** Default weight decay: none. */
  public static final double DEFAULT_WEIGHT_DECAY = 0.0;

  /** Momentum factor μ in [0, 1); 0 disables the buffer. */
  private final double momentum;

  /** Dampening in [0, 1]: the new gradient enters the buffer with weight 1 − dampening. */
  private final double dampening;

  /** Whether to step along the Nesterov look-ahead {@code d + μ·b} instead of {@code b}. */
  private final boolean nesterov;

  /** L2 penalty factor ≥ 0, added to the gradient as {@code weightDecay·w}. */
  private final double weightDecay;

  /** Momentum buffer b, one per scalar; null until the first step, and when momentum is 0. */
  private float[] buffer;

  private Sgd(Builder b) {
    super(b.lr);
    this.momentum = Hyper.unitInterval("momentum", b.momentum);
    this.dampening = Hyper.closedUnitInterval("dampening", b.dampening);
    this.weightDecay = Hyper.nonNegative("weightDecay", b.weightDecay);
    this.nesterov = b.nesterov;
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      // As torch.optim.SGD: the look-ahead form is only derived for undamped momentum.
      throw new IllegalArgumentException(
          "nesterov requires momentum > 0 and dampening = 0, got momentum " + momentum
              + " and dampening " + dampening);
    }
  }

  /** A builder with every hyperparameter at its default. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  void allocate(int n) {
    if (momentum != 0) {
      buffer = new float[n];
    }
  }

  @Override
  float[][] slots() {
    return new float[][] {buffer};
  }

  @Override
  void setSlots(float[][] s) {
    buffer = s[0];
  }

  @Override
  void update(float[] w, float[] g, long t, int from, int to) {
    double lr = lr();
    for (int i = from; i < to; i++) {
      double d = g[i] + weightDecay * w[i];
      if (momentum != 0) {
        float b = t == 1 ? (float) d : (float) (momentum * buffer[i] + (1 - dampening) * d);
        buffer[i] = b;
        d = nesterov ? d + momentum * b : b;
      }
      w[i] = (float) (w[i] - lr * d);
    }
  }

  /** Momentum factor μ; 0 means plain SGD. */
  public double momentum() {
    return momentum;
  }

  /** Dampening of the gradient entering the momentum buffer. */
  public double dampening() {
    return dampening;
  }

  /** Whether Nesterov momentum is used. */
  public boolean nesterov() {
    return nesterov;
  }

  /** L2 penalty factor added to the gradient. */
  public double weightDecay() {
    return weightDecay;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Sgd fresh() {
    return builder().lr(lr()).momentum(momentum).dampening(dampening).nesterov(nesterov)
        .weightDecay(weightDecay).build();
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> m = super.settings();
    m.put("momentum", Double.toString(momentum));
    m.put("dampening", Double.toString(dampening));
    m.put("nesterov", Boolean.toString(nesterov));
    m.put("weightDecay", Double.toString(weightDecay));
    return m;
  }

  @Override
  public String toString() {
    return "Sgd{lr=" + lr() + ", momentum=" + momentum + ", dampening=" + dampening
        + ", nesterov=" + nesterov + ", weightDecay=" + weightDecay + "}";
  }

  /** Collects {@link Sgd}'s hyperparameters; {@link #build()} validates them. */
  public static final class Builder {
    private double lr = DEFAULT_LR;
    private double momentum = DEFAULT_MOMENTUM;
    private double dampening = DEFAULT_DAMPENING;
    private boolean nesterov;
    private double weightDecay = DEFAULT_WEIGHT_DECAY;

    private Builder() {}

    /** Learning rate, finite and ≥ 0; default {@value Sgd#DEFAULT_LR}. */
    public Builder lr(double lr) {
      this.lr = lr;
      return this;
    }

    /** Momentum factor in [0, 1); default {@value Sgd#DEFAULT_MOMENTUM} (none). */
    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    /** Dampening in [0, 1]; default {@value Sgd#DEFAULT_DAMPENING}. */
    public Builder dampening(double dampening) {
      this.dampening = dampening;
      return this;
    }

    /** Nesterov momentum; needs momentum > 0 and dampening 0; default off. */
    public Builder nesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    /** L2 penalty factor, finite and ≥ 0; default {@value Sgd#DEFAULT_WEIGHT_DECAY}. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /**
     * The optimizer.
     *
     * @throws IllegalArgumentException naming the first hyperparameter out of range, or if
     *     nesterov is set without momentum or with dampening
     */
    public Sgd build() {
      return new Sgd(this);
    }
  }
}

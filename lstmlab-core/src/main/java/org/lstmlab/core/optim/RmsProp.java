package org.lstmlab.core.optim;

import java.util.Map;
/**
 * RMSprop with optional momentum, centring and L2 weight decay, as {@code torch.optim.RMSprop}.
 *
 * <p>Per element, with gradient g, parameter w, mean square s, mean gradient a and momentum
 * buffer b, all starting at zero (PyTorch 1.13, {@code _single_tensor_rmsprop}):
 *
 * <pre>
 * g = g + weightDecay·w
 * s = α·s + (1 − α)·g²
 * a = α·a + (1 − α)·g,   r = sqrt(s − a²) + eps     if centered
 *                        r = sqrt(s) + eps           otherwise
 * b = momentum·b + g / r,   w = w − lr·b             if momentum > 0
 *                           w = w − lr·g / r         otherwise
 * </pre>
 *
 * <p>Dividing by a running root mean square of the gradient is Hinton's (Lecture 6e of "Neural
 * Networks for Machine Learning", 2012); the centred form, which divides by an estimate of the
 * standard deviation instead, is Graves 2013, "Generating Sequences With Recurrent Neural
 * Networks". Unlike Adam there is no bias correction, so the first steps are large
 * (the first one is about {@code lr·sign(g)/sqrt(1 − α)}).
 *
 * <p>One deliberate difference from PyTorch: in the centred form {@code s − a²}, which cannot be
 * negative in exact arithmetic, is clamped at 0 before the square root, so rounding cannot turn it
 * into NaN; PyTorch would return NaN there.
 */
public final class RmsProp extends BaseOptimizer {

  /** The name {@link Optimizers#byName} knows this optimizer by. */
  public static final String NAME = "rmsprop";

  /** Default learning rate, PyTorch's. */
  public static final double DEFAULT_LR = 1e-2;

  /** Default smoothing constant α, PyTorch's. */
  public static final double DEFAULT_ALPHA = 0.99;

  /** Default eps, PyTorch's. */
  public static final double DEFAULT_EPS = 1e-8;

  /** Default weight decay: none. */
  public static final double DEFAULT_WEIGHT_DECAY = 0.0;

  /** Default momentum: none. */
  public static final double DEFAULT_MOMENTUM = 0.0;

  /** Smoothing constant α in [0, 1): decay rate of the running mean square. */
  private final double alpha;

  /** eps > 0: added to the root mean square for numerical stability. */
  private final double eps;

  /** L2 penalty factor ≥ 0, added to the gradient as {@code weightDecay·w}. */
  private final double weightDecay;

  /** Momentum factor in [0, 1); 0 disables the buffer. */
  private final double momentum;

  /** Whether to divide by the gradient's running standard deviation instead of its RMS. */
  private final boolean centered;

  /** Running mean square s, one per scalar; null before the first step. */
  private float[] squareAvg;

  /** Running mean a, one per scalar; only when centered. */
  private float[] gradAvg;

  /** Momentum buffer b, one per scalar; only when momentum > 0. */
  private float[] buffer;

  private RmsProp(Builder b) {
    super(b.lr);
    this.alpha = Hyper.unitInterval("alpha", b.alpha);
    this.eps = Hyper.positive("eps", b.eps);
    this.weightDecay = Hyper.nonNegative("weightDecay", b.weightDecay);
    this.momentum = Hyper.unitInterval("momentum", b.momentum);
    this.centered = b.centered;
  }

  /** A builder with every hyperparameter at its default. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  void allocate(int n) {
    squareAvg = new float[n];
    if (centered) {
      gradAvg = new float[n];
    }
    if (momentum > 0) {
      buffer = new float[n];
    }
  }

  @Override
  float[][] slots() {
    return new float[][] {squareAvg, gradAvg, buffer};
  }

  @Override
  void setSlots(float[][] s) {
    squareAvg = s[0];
    gradAvg = s[1];
    buffer = s[2];
  }

  @Override
  void update(float[] w, float[] g, long t, int from, int to) {
    double lr = lr();
    for (int i = from; i < to; i++) {
      double gi = g[i] + weightDecay * w[i];
      float s = (float) (alpha * squareAvg[i] + (1 - alpha) * gi * gi);
      squareAvg[i] = s;
      double meanSquare = s;
      if (centered) {
        float a = (float) (alpha * gradAvg[i] + (1 - alpha) * gi);
        gradAvg[i] = a;
        meanSquare = Math.max(0.0, meanSquare - (double) a * a);
      }
      double r = Math.sqrt(meanSquare) + eps;
      if (momentum > 0) {
        float b = (float) (momentum * buffer[i] + gi / r);
        buffer[i] = b;
        w[i] = (float) (w[i] - lr * b);
      } else {
        w[i] = (float) (w[i] - lr * gi / r);
      }
    }
  }

  /** Smoothing constant α of the running averages. */
  public double alpha() {
    return alpha;
  }

  /** The denominator's stabiliser. */
  public double eps() {
    return eps;
  }

  /** L2 penalty factor added to the gradient. */
  public double weightDecay() {
    return weightDecay;
  }

  /** Momentum factor; 0 means none. */
  public double momentum() {
    return momentum;
  }

  /** Whether the centred variant is used. */
  public boolean centered() {
    return centered;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RmsProp fresh() {
    return builder().lr(lr()).alpha(alpha).eps(eps).weightDecay(weightDecay).momentum(momentum)
        .centered(centered).build();
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> m = super.settings();
    m.put("alpha", Double.toString(alpha));
    m.put("eps", Double.toString(eps));
    m.put("weightDecay", Double.toString(weightDecay));
    m.put("momentum", Double.toString(momentum));
    m.put("centered", Boolean.toString(centered));
    return m;
  }

  @Override
  public String toString() {
    return "RmsProp{lr=" + lr() + ", alpha=" + alpha + ", eps=" + eps + ", weightDecay="
        + weightDecay + ", momentum=" + momentum + ", centered=" + centered + "}";
  }

  /** Collects {@link RmsProp}'s hyperparameters; {@link #build()} validates them. */
  public static final class Builder {
    private double lr = DEFAULT_LR;
    private double alpha = DEFAULT_ALPHA;
    private double eps = DEFAULT_EPS;
    private double weightDecay = DEFAULT_WEIGHT_DECAY;
    private double momentum = DEFAULT_MOMENTUM;
    private boolean centered;

    private Builder() {}

    /** Learning rate, finite and ≥ 0; default {@value RmsProp#DEFAULT_LR}. */
    public Builder lr(double lr) {
      this.lr = lr;
      return this;
    }

    /** Smoothing constant in [0, 1); default {@value RmsProp#DEFAULT_ALPHA}. */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    /** Denominator stabiliser, finite and > 0; default {@value RmsProp#DEFAULT_EPS}. */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    /** L2 penalty factor, finite and ≥ 0; default {@value RmsProp#DEFAULT_WEIGHT_DECAY}. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /** Momentum factor in [0, 1); default {@value RmsProp#DEFAULT_MOMENTUM} (none). */
    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    /** Whether to normalise by the gradient's standard deviation; default off. */
    public Builder centered(boolean centered) {
      this.centered = centered;
      return this;
    }

    /**
     * The optimizer.
     *
     * @throws IllegalArgumentException naming the first hyperparameter out of range
     */
    public RmsProp build() {
      return new RmsProp(this);
    }
  }
}

package org.lstmlab.core.optim;

import java.util.Map;
import org.lstmlab.core.kernel.Kernels;

/**
 * The update Adam and AdamW share; they differ only in how weight decay enters. The algorithm and
 * its sources are described on {@link Adam} (and the difference on {@link AdamW}).
 *
 * <p>The moments are stored in float, as PyTorch stores them for float parameters. The loop over
 * the elements is {@link Kernels#adam()}: with the plain kernel each element's arithmetic is done
 * in double and rounded once when stored, with the vector kernel in float as PyTorch does; either
 * way results agree with PyTorch's to a few float32 ulps.
 */
abstract class AdaptiveMoments extends BaseOptimizer {

  /** β1 in [0, 1): decay rate of the first-moment (mean) estimate m. */
  private final double beta1;

  /** β2 in [0, 1): decay rate of the second-moment (uncentred variance) estimate v. */
  private final double beta2;

  /** eps > 0: added to the denominator for numerical stability. */
  private final double eps;

  /** Weight decay ≥ 0: an L2 penalty in Adam, a decoupled shrinkage in AdamW. */
  private final double weightDecay;

  /** Whether to normalise by the running maximum of v (AMSGrad) instead of v. */
  private final boolean amsgrad;

  /** True for AdamW's decoupled weight decay, false for Adam's L2 penalty. */
  private final boolean decoupled;

  /** First-moment estimate m, one per scalar; null before the first step. */
  private float[] m;

  /** Second-moment estimate v, one per scalar; null before the first step. */
  private float[] v;

  /** Running maximum of v, one per scalar; only with amsgrad. */
  private float[] vMax;

  // The current step's scalars (beginStep), shared by its update ranges.
  private double stepSize;
  private double bias2Sqrt;
  private double l2;
  private double shrink;

  AdaptiveMoments(Builder<?, ?> b, boolean decoupled) {
    super(b.lr);
    this.beta1 = Hyper.unitInterval("beta1", b.beta1);
    this.beta2 = Hyper.unitInterval("beta2", b.beta2);
    this.eps = Hyper.positive("eps", b.eps);
    this.weightDecay = Hyper.nonNegative("weightDecay", b.weightDecay);
    this.amsgrad = b.amsgrad;
    this.decoupled = decoupled;
  }

  /**
   * The hyperparameters {@link Adam} and {@link AdamW} share; the subclasses differ in their
   * default weight decay and in what {@link #build()} returns.
   */
  public abstract static class Builder<O extends AdaptiveMoments, B extends Builder<O, B>> {
    private double lr = Adam.DEFAULT_LR;
    private double beta1 = Adam.DEFAULT_BETA1;
    private double beta2 = Adam.DEFAULT_BETA2;
    private double eps = Adam.DEFAULT_EPS;
    private double weightDecay;
    private boolean amsgrad;

    Builder(double weightDecay) {
      this.weightDecay = weightDecay;
    }

    abstract B self();

    /** Learning rate, finite and ≥ 0; default {@value Adam#DEFAULT_LR}. */
    public B lr(double lr) {
      this.lr = lr;
      return self();
    }

    /**
     * Decay rates of the two moment estimates, each in [0, 1); default {@value Adam#DEFAULT_BETA1}
     * and {@value Adam#DEFAULT_BETA2}.
     */
    public B betas(double beta1, double beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return self();
    }

    /** Denominator stabiliser, finite and > 0; default {@value Adam#DEFAULT_EPS}. */
    public B eps(double eps) {
      this.eps = eps;
      return self();
    }

    /**
     * Weight decay, finite and ≥ 0: an L2 penalty for Adam (default {@value
     * Adam#DEFAULT_WEIGHT_DECAY}), decoupled for AdamW (default {@value AdamW#DEFAULT_WEIGHT_DECAY}).
     */
    public B weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return self();
    }

    /** Whether to use AMSGrad's running maximum of v; default off. */
    public B amsgrad(boolean amsgrad) {
      this.amsgrad = amsgrad;
      return self();
    }

    /** The optimizer; throws IllegalArgumentException naming a hyperparameter out of range. */
    public abstract O build();
  }

  @Override
  final void allocate(int n) {
    m = new float[n];
    v = new float[n];
    if (amsgrad) {
      vMax = new float[n];
    }
  }

  @Override
  final float[][] slots() {
    return new float[][] {m, v, vMax};
  }

  @Override
  final void setSlots(float[][] s) {
    m = s[0];
    v = s[1];
    vMax = s[2];
  }

  @Override
  final void beginStep(long t) {
    double lr = lr();
    // Per-step scalars, in double as PyTorch computes them in Python.
    stepSize = lr / (1 - Math.pow(beta1, t));
    bias2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    l2 = decoupled ? 0 : weightDecay;
    shrink = decoupled ? 1 - lr * weightDecay : 1;
  }

  @Override
  final void update(float[] w, float[] g, long t, int from, int to) {
    Kernels.adam().update(
        w, g, m, v, amsgrad ? vMax : null, from, to, beta1, beta2, stepSize, bias2Sqrt, eps, l2,
        shrink);
  }

  /** β1, the decay rate of the first-moment estimate. */
  public final double beta1() {
    return beta1;
  }

  /** β2, the decay rate of the second-moment estimate. */
  public final double beta2() {
    return beta2;
  }

  /** eps, the denominator's stabiliser. */
  public final double eps() {
    return eps;
  }

  /** The weight decay factor. */
  public final double weightDecay() {
    return weightDecay;
  }

  /** Whether AMSGrad's running maximum of v is used. */
  public final boolean amsgrad() {
    return amsgrad;
  }

  @Override
  public final Map<String, String> settings() {
    Map<String, String> m = super.settings();
    m.put("beta1", Double.toString(beta1));
    m.put("beta2", Double.toString(beta2));
    m.put("eps", Double.toString(eps));
    m.put("weightDecay", Double.toString(weightDecay));
    m.put("amsgrad", Boolean.toString(amsgrad));
    return m;
  }

  @Override
  public final String toString() {
    return getClass().getSimpleName() + "{lr=" + lr() + ", beta1=" + beta1 + ", beta2=" + beta2
        + ", eps=" + eps + ", weightDecay=" + weightDecay + ", amsgrad=" + amsgrad + "}";
  }
}

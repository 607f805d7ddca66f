package org.lstmlab.core.optim;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW}.
 *
 * <p>Per element, before the {@link Adam} update (PyTorch 1.13, {@code _single_tensor_adamw}):
 *
 * <pre>
 * w = w·(1 − lr·weightDecay)
 * </pre>
 *
 * and the gradient that feeds the moment estimates is left without the L2 term. With Adam's L2
 * penalty the decay is divided by sqrt(v) like the gradient, so weights with large gradients are
 * barely decayed; decoupling makes the decay the same for every weight [Loshchilov &amp; Hutter
 * 2019, "Decoupled Weight Decay Regularization"]. Everything else, including AMSGrad and the
 * defaults for lr, betas and eps, is {@link Adam}'s.
 */
public final class AdamW extends AdaptiveMoments {

  /** The name {@link Optimizers#byName} knows this optimizer by. */
  public static final String NAME = "adamw";

  /** Default weight decay, PyTorch's; the other defaults are {@link Adam}'s. */
  public static final double DEFAULT_WEIGHT_DECAY = 1e-2;

  private AdamW(Builder b) {
    super(b.lr, b.beta1, b.beta2, b.eps, b.weightDecay, b.amsgrad, true);
  }

  /** A builder with every hyperparameter at its default. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Collects {@link AdamW}'s hyperparameters; {@link #build()} validates them. */
  public static final class Builder {
    private double lr = Adam.DEFAULT_LR;
    private double beta1 = Adam.DEFAULT_BETA1;
    private double beta2 = Adam.DEFAULT_BETA2;
    private double eps = Adam.DEFAULT_EPS;
    private double weightDecay = DEFAULT_WEIGHT_DECAY;
    private boolean amsgrad;

    private Builder() {}

    /** Learning rate, finite and ≥ 0; default {@value Adam#DEFAULT_LR}. */
    public Builder lr(double lr) {
      this.lr = lr;
      return this;
    }

    /**
     * Decay rates of the two moment estimates, each in [0, 1); default {@value Adam#DEFAULT_BETA1}
     * and {@value Adam#DEFAULT_BETA2}.
     */
    public Builder betas(double beta1, double beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    /** Denominator stabiliser, finite and > 0; default {@value Adam#DEFAULT_EPS}. */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    /** Decoupled decay factor, finite and ≥ 0; default {@value AdamW#DEFAULT_WEIGHT_DECAY}. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /** Whether to use AMSGrad's running maximum of v; default off. */
    public Builder amsgrad(boolean amsgrad) {
      this.amsgrad = amsgrad;
      return this;
    }

    /**
     * The optimizer.
     *
     * @throws IllegalArgumentException naming the first hyperparameter out of range
     */
    public AdamW build() {
      return new AdamW(this);
    }
  }
}

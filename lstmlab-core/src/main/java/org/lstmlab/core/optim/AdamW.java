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
    super(b, true);
  }

  /** A builder with every hyperparameter at its default. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AdamW fresh() {
    return builder().lr(lr()).betas(beta1(), beta2()).eps(eps()).weightDecay(weightDecay())
        .amsgrad(amsgrad()).build();
  }

  /** Collects {@link AdamW}'s hyperparameters; {@link #build()} validates them. */
  public static final class Builder extends AdaptiveMoments.Builder<AdamW, Builder> {
    private Builder() {
      super(DEFAULT_WEIGHT_DECAY);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * The optimizer.
     *
     * @throws IllegalArgumentException naming the first hyperparameter out of range
     */
    @Override
    public AdamW build() {
      return new AdamW(this);
    }
  }
}

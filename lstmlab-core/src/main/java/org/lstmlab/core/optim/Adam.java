package org.lstmlab.core.optim;

/**
 * Adam with optional L2 weight decay and AMSGrad, as {@code torch.optim.Adam}.
 *
 * <p>Adam keeps exponential moving averages of the gradient (m) and of its square (v) per scalar
 * and steps by {@code m / sqrt(v)} after correcting both for their zero initialisation, so each
 * parameter moves by roughly {@code lr} whatever its gradient's scale [Kingma &amp; Ba 2015,
 * "Adam: A Method for Stochastic Optimization"]. Per element at step t (from 1), with gradient g
 * and parameter w, m and v starting at zero (PyTorch 1.13, {@code _single_tensor_adam}):
 *
 * <pre>
 * g = g + weightDecay·w                      (an L2 penalty folded into the gradient)
 * m = β1·m + (1 − β1)·g
 * v = β2·v + (1 − β2)·g²
 * u = max(u, v) if amsgrad (u starts at zero), else u = v
 * w = w − (lr / (1 − β1^t)) · m / (sqrt(u) / sqrt(1 − β2^t) + eps)
 * </pre>
 *
 * <p>Note where eps sits: it is added to the bias-corrected root sqrt(u / (1 − β2^t)), as in
 * Algorithm 1 of the paper and in PyTorch; TensorFlow adds its epsilon before the bias
 * correction, which gives different early steps. AMSGrad, the running maximum that keeps the
 * effective step from growing, is Reddi et al. 2018, "On the Convergence of Adam and Beyond".
 *
 * <p>Weight decay here is added to the gradient and is therefore divided by sqrt(u) like the
 * gradient is: weights with large gradients are barely decayed. For decay independent of v, use
 * {@link AdamW}. The defaults below are also {@link AdamW}'s, except for the weight decay.
 */
public final class Adam extends AdaptiveMoments {

  /** The name {@link Optimizers#byName} knows this optimizer by. */
  public static final String NAME = "adam";

  /** Default learning rate, PyTorch's. */
  public static final double DEFAULT_LR = 1e-3;

  /** Default β1, PyTorch's and Kingma &amp; Ba's. */
  public static final double DEFAULT_BETA1 = 0.9;

  /** Default β2, PyTorch's and Kingma &amp; Ba's. */
  public static final double DEFAULT_BETA2 = 0.999;

  /** Default eps, PyTorch's and Kingma &amp; Ba's. */
  public static final double DEFAULT_EPS = 1e-8;

  /** Default weight decay: none. */
  public static final double DEFAULT_WEIGHT_DECAY = 0.0;

  private Adam(Builder b) {
    super(b, false);
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
  public Adam fresh() {
    return builder().lr(lr()).betas(beta1(), beta2()).eps(eps()).weightDecay(weightDecay())
        .amsgrad(amsgrad()).build();
  }

  /** Collects {@link Adam}'s hyperparameters; {@link #build()} validates them. */
  public static final class Builder extends AdaptiveMoments.Builder<Adam, Builder> {
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
    public Adam build() {
      return new Adam(this);
    }
  }
}

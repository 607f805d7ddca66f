package org.lstmlab.core.optim;

import org.lstmlab.core.kernel.Kernels;
import org.lstmlab.core.nn.Parameters;

/**
 * Rescales gradients whose global L2 norm is too large, as {@code torch.nn.utils.clip_grad_norm_}.
 *
 * <p>Recurrent networks trained through time can produce rare, huge gradients ("exploding
 * gradients"); scaling the whole gradient vector down to a maximum norm keeps its direction and
 * bounds the step [Pascanu, Mikolov &amp; Bengio 2013, "On the difficulty of training recurrent
 * neural networks", Algorithm 1]. Call it between the backward pass and {@link Optimizer#step}.
 */
public final class GradientClipping {

  /** PyTorch's guard against dividing by a zero norm: {@code coef = maxNorm / (norm + 1e-6)}. */
  private static final double NORM_EPS = 1e-6;

  private GradientClipping() {}

  /**
   * The L2 norm of all of {@code p}'s gradients taken as one vector, summed in double.
   *
   * @throws IllegalArgumentException if {@code p} is null
   */
  public static double globalNorm(Parameters p) {
    if (p == null) {
      throw new IllegalArgumentException("parameters is null");
    }
    float[] g = p.grad();
    return Math.sqrt(Kernels.norms().sumOfSquares(g, 0, g.length));
  }

  /**
   * Scales every gradient by {@code maxNorm / (norm + 1e-6)} if that factor is below 1, where
   * {@code norm} is {@link #globalNorm}; otherwise leaves the gradients untouched.
   *
   * <p>If the norm is not finite (a NaN or infinite gradient), the gradients are left as they are
   * and the norm is returned, so the caller can skip the step; PyTorch would multiply them by NaN
   * or 0 instead.
   *
   * @param maxNorm the largest global norm to allow, finite and > 0
   * @return the global norm before clipping, useful to log
   * @throws IllegalArgumentException if {@code p} is null or {@code maxNorm} out of range
   */
  public static double clipByGlobalNorm(Parameters p, double maxNorm) {
    Hyper.positive("maxNorm", maxNorm);
    double norm = globalNorm(p);
    double coef = maxNorm / (norm + NORM_EPS);
    if (coef < 1 && Double.isFinite(norm)) {
      float[] g = p.grad();
      for (int i = 0; i < g.length; i++) {
        g[i] = (float) (g[i] * coef);
      }
    }
    return norm;
  }
}

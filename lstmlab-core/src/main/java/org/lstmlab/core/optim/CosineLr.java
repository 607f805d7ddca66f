package org.lstmlab.core.optim;

/**
 * Cosine annealing from {@code baseLr} down to {@code etaMin} over {@code tMax} epochs, the closed
 * form of {@code torch.optim.lr_scheduler.CosineAnnealingLR}:
 *
 * <pre>
 * lr(e) = etaMin + (baseLr − etaMin) · (1 + cos(π·e / tMax)) / 2
 * </pre>
 *
 * [Loshchilov &amp; Hutter 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts", eq. 5,
 * without the restarts]. Past {@code tMax} the cosine goes on, so the rate rises again towards
 * {@code baseLr} at {@code 2·tMax}, exactly as PyTorch's scheduler does; stop training at {@code
 * tMax}, or wrap the schedule, if that is not wanted.
 *
 * @param baseLr the rate at epoch 0, finite and ≥ 0
 * @param tMax the epoch at which the rate reaches {@code etaMin}, > 0
 * @param etaMin the smallest rate, finite and ≥ 0
 */
public record CosineLr(double baseLr, int tMax, double etaMin) implements LrSchedule {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException naming the first component out of range
   */
  public CosineLr {
    Hyper.nonNegative("baseLr", baseLr);
    Hyper.positiveCount("tMax", tMax);
    Hyper.nonNegative("etaMin", etaMin);
  }

  @Override
  public double lr(int epoch) {
    return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * Hyper.epoch(epoch) / tMax)) / 2;
  }
}

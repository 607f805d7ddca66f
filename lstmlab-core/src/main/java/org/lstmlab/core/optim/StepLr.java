package org.lstmlab.core.optim;

/**
 * Decays the rate by {@code gamma} every {@code stepSize} epochs, as {@code
 * torch.optim.lr_scheduler.StepLR}: {@code lr(e) = baseLr · gamma^⌊e / stepSize⌋}.
 *
 * @param baseLr the rate for epochs {@code 0 .. stepSize−1}, finite and ≥ 0
 * @param stepSize epochs between decays, > 0
 * @param gamma the factor applied at each decay, finite and > 0
 */
public record StepLr(double baseLr, int stepSize, double gamma) implements LrSchedule {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException naming the first component out of range
   */
  public StepLr {
    Hyper.nonNegative("baseLr", baseLr);
    Hyper.positiveCount("stepSize", stepSize);
    Hyper.positive("gamma", gamma);
  }

  @Override
  public double lr(int epoch) {
    return baseLr * Math.pow(gamma, Hyper.epoch(epoch) / stepSize);
  }
}

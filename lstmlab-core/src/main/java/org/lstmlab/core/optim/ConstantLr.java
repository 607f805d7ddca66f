package org.lstmlab.core.optim;

/**
 * The same learning rate every epoch.
 *
 * @param lr the rate, finite and ≥ 0
 */
public record ConstantLr(double lr) implements LrSchedule {

  /**
   * Validates the rate.
   *
   * @throws IllegalArgumentException if {@code lr} is out of range
   */
  public ConstantLr {
    Hyper.nonNegative("lr", lr);
  }

  @Override
  public double lr(int epoch) {
    Hyper.epoch(epoch);
    return lr;
  }
}

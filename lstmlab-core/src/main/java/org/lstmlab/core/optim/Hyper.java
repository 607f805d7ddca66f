package org.lstmlab.core.optim;

/**
 * Range checks for hyperparameters. Each returns the value or throws an {@link
 * IllegalArgumentException} that names the hyperparameter, says the accepted range and shows the
 * value given. NaN fails every check.
 */
final class Hyper {
  private Hyper() {}

  /** Requires a finite value ≥ 0 (learning rates, weight decay). */
  static double nonNegative(String name, double value) {
    if (!(value >= 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
    }
    return value;
  }

  /** Requires a finite value > 0 (eps). */
  static double positive(String name, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
    }
    return value;
  }

  /** Requires {@code 0 <= value < 1} (decay rates: betas, alpha, momentum). */
  static double unitInterval(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }
    return value;
  }

  /** Requires {@code 0 <= value <= 1} (dampening). */
  static double closedUnitInterval(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
    }
    return value;
  }

  /** Requires an integer > 0 (periods, epoch counts). */
  static int positiveCount(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    return value;
  }

  /** Requires an epoch index ≥ 0. */
  static int epoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    return epoch;
  }
}

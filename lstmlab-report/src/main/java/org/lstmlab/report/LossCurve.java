package org.lstmlab.report;

/**
 * One model's loss per epoch: training, and validation when the run held data out.
 *
 * <p>Entry {@code e} is the loss after epoch {@code e + 1}. Validation, when present, is drawn
 * dashed in the training curve's colour and may be shorter than training (early stopping) but is
 * aligned with it from epoch 1. {@code NaN} marks an epoch with no value. Immutable.
 */
public final class LossCurve {

  private final String model;
  private final double[] train; // (E)
  private final double[] validation; // (E') E' ≤ E, or empty

  private LossCurve(String model, double[] train, double[] validation) {
    this.model = model;
    this.train = train;
    this.validation = validation;
  }

  /** Training loss only. */
  public static LossCurve of(String model, double[] train) {
    return of(model, train, new double[0]);
  }

  /** Training and validation loss; {@code validation} may be empty. */
  public static LossCurve of(String model, double[] train, double[] validation) {
    return new LossCurve(
        Checks.text(model, "model"),
        Checks.copy(train, "train"),
        Checks.copy(validation, "validation"));
  }

  /** The model's name. */
  public String model() {
    return model;
  }

  /** The training loss per epoch (a copy). */
  public double[] train() {
    return train.clone();
  }

  /** The validation loss per epoch (a copy), empty when there is none. */
  public double[] validation() {
    return validation.clone();
  }

  /** Whether a validation curve is present. */
  public boolean hasValidation() {
    return validation.length > 0;
  }

  /** E, the number of epochs: the longer of the two curves. */
  public int epochs() {
    return Math.max(train.length, validation.length);
  }
}

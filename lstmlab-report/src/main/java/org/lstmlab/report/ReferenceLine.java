package org.lstmlab.report;

/**
 * A horizontal line across a {@link CurveChart} at a fixed value, drawn dashed and labelled: the
 * score a baseline reaches, which a model's curve is read against.
 *
 * <p>The label reads "name: value" with the value to 4 significant digits ("baseline (predict 1):
 * 0.1667"); the data keep every digit. A reference's name also names its row in the metrics table,
 * if the report has one: a row of that name gets the reference's colour, not a model's. Immutable.
 */
public final class ReferenceLine {

  private final String name;
  private final double value;

  private ReferenceLine(String name, double value) {
    this.name = name;
    this.value = value;
  }

  /**
   * A reference line at {@code value}, e.g. {@code of("baseline (predict 1)", 0.1667)}.
   *
   * @throws IllegalArgumentException if the name is blank or the value is not finite
   */
  public static ReferenceLine of(String name, double value) {
    Checks.text(name, "reference name");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "reference '" + name + "' is " + value + "; expected a finite number");
    }
    return new ReferenceLine(name, value);
  }

  /** The name, as in the legend. */
  public String name() {
    return name;
  }

  /** Where the line is drawn on the y axis. */
  public double value() {
    return value;
  }

  /** What the chart writes beside the line: "name: value", 4 significant digits. */
  public String label() {
    return name + ": " + Numbers.significant(value, 4);
  }
}

package org.lstmlab.report;

/**
 * A stretch of a report's series axis drawn shaded behind the lines, with its label at the top:
 * the held-out parts of a run (validation, test), so a reader sees which predictions the model
 * never trained on.
 *
 * <p>{@code from} and {@code to} are positions on the {@link Series}' axis (x values, or row
 * indices when the series is labelled), from ≤ to. Immutable.
 */
public final class Region {

  private final String label;
  private final double from;
  private final double to;

  private Region(String label, double from, double to) {
    this.label = label;
    this.from = from;
    this.to = to;
  }

  /**
   * The region from {@code from} to {@code to}, labelled {@code label} ("validation", "test").
   *
   * @throws IllegalArgumentException if a bound is not finite or from &gt; to
   */
  public static Region of(String label, double from, double to) {
    if (!Double.isFinite(from) || !Double.isFinite(to) || from > to) {
      throw new IllegalArgumentException(
          "region '" + label + "' runs from " + from + " to " + to + "; expected finite from <= to");
    }
    return new Region(Checks.text(label, "label"), from, to);
  }

  /** The label drawn at the top of the region. */
  public String label() {
    return label;
  }

  /** Where the region starts on the series' axis. */
  public double from() {
    return from;
  }

  /** Where the region ends on the series' axis. */
  public double to() {
    return to;
  }
}

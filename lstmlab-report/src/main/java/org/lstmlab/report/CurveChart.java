package org.lstmlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One chart of curves against a step axis: per model a line of (step, value) points, such as a
 * learning curve scored every N training steps, with dashed horizontal {@link ReferenceLine}s (a
 * baseline's score) and, for values that fall over decades (a loss), a log-scale y axis.
 *
 * <p>Unlike the series chart, whose x axis is the data's, each curve chart has its own axis: the
 * curves are {@link Trace}s whose x are steps (finite; a value may be {@code NaN} for a gap). A
 * model's name picks its colour, the same in every chart of the report; reference lines are drawn
 * in the observed series' slate. Order of use: {@link #builder} → {@code curve(…)} (at least one)
 * → any {@code reference(…)} → {@link Builder#logScale(boolean)} → {@link Builder#build()}, then
 * {@link Report.Builder#chart}. Immutable.
 */
public final class CurveChart {

  private final String title;
  private final String xName;
  private final String yName;
  private final boolean logScale;
  private final List<Trace> curves;
  private final List<ReferenceLine> references;

  private CurveChart(Builder b) {
    this.title = b.title;
    this.xName = b.xName;
    this.yName = b.yName;
    this.logScale = b.logScale;
    this.curves = List.copyOf(b.curves);
    this.references = List.copyOf(b.references);
  }

  /**
   * Starts a chart: its heading ({@code "Held-out loss"}), the x axis title ({@code "step"}) and
   * the y axis title ({@code "test MSE"}).
   */
  public static Builder builder(String title, String xName, String yName) {
    return new Builder(title, xName, yName);
  }

  /** The chart's heading. */
  public String title() {
    return title;
  }

  /** The x axis title. */
  public String xName() {
    return xName;
  }

  /** The y axis title. */
  public String yName() {
    return yName;
  }

  /**
   * Whether a log-scale y axis was asked for. The HTML starts on it and offers a switch; both the
   * HTML and the PNG fall back to a linear axis when {@link #logScaleUsable()} is false.
   */
  public boolean logScale() {
    return logScale;
  }

  /** Whether a log axis can show everything: every finite value and every reference is positive. */
  public boolean logScaleUsable() {
    for (Trace t : curves) {
      for (double v : t.values()) {
        if (Double.isFinite(v) && v <= 0) {
          return false;
        }
      }
    }
    return references.stream().allMatch(r -> r.value() > 0);
  }

  /** The curves, one per model, in the order added. */
  public List<Trace> curves() {
    return curves;
  }

  /** The reference lines, in the order added. */
  public List<ReferenceLine> references() {
    return references;
  }

  /** Collects a chart's parts; not thread-safe, {@link #build()} may be called more than once. */
  public static final class Builder {
    private final String title;
    private final String xName;
    private final String yName;
    private boolean logScale;
    private final List<Trace> curves = new ArrayList<>();
    private final List<ReferenceLine> references = new ArrayList<>();

    private Builder(String title, String xName, String yName) {
      this.title = Checks.text(title, "chart title");
      this.xName = Checks.text(xName, "x axis name");
      this.yName = Checks.text(yName, "y axis name");
    }

    /**
     * Adds one model's curve.
     *
     * @throws IllegalArgumentException if the chart already has a curve of that model
     */
    public Builder curve(Trace curve) {
      Objects.requireNonNull(curve, "curve");
      if (curves.stream().anyMatch(c -> c.model().equals(curve.model()))) {
        throw new IllegalArgumentException(
            "chart '" + title + "' already has a curve of '" + curve.model() + "'");
      }
      curves.add(curve);
      return this;
    }

    /** Adds {@code model}'s curve through the points ({@code x[i]}, {@code values[i]}). */
    public Builder curve(String model, double[] x, double[] values) {
      return curve(Trace.of(model, x, values));
    }

    /**
     * Adds a dashed horizontal reference line.
     *
     * @throws IllegalArgumentException if the chart already has a reference of that name
     */
    public Builder reference(ReferenceLine reference) {
      Objects.requireNonNull(reference, "reference");
      if (references.stream().anyMatch(r -> r.name().equals(reference.name()))) {
        throw new IllegalArgumentException(
            "chart '" + title + "' already has a reference '" + reference.name() + "'");
      }
      references.add(reference);
      return this;
    }

    /** Adds a reference line {@code name} at {@code value}. */
    public Builder reference(String name, double value) {
      return reference(ReferenceLine.of(name, value));
    }

    /** Asks for a log-scale y axis (default: linear, from zero). */
    public Builder logScale(boolean logScale) {
      this.logScale = logScale;
      return this;
    }

    /**
     * Builds the chart.
     *
     * @throws IllegalStateException if no curve was added
     */
    public CurveChart build() {
      if (curves.isEmpty()) {
        throw new IllegalStateException("chart '" + title + "' has no curves; call curve(...)");
      }
      return new CurveChart(this);
    }
  }
}

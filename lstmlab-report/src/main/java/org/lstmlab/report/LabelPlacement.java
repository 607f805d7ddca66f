package org.lstmlab.report;

import java.util.List;

/**
 * Where a reference line's label goes: at the line's start or end, above or below it, wherever
 * the curves leave the most room. Shared by the HTML and the PNG, so both put it in the same place.
 *
 * <p>No single place is free in every chart: under the start of a baseline's loss line is usually
 * empty (an untrained model scores at or above it), but under the start of its accuracy line the
 * curves begin at chance, right there. So each of the four places gets a box the size of the label,
 * in axis units (the label's width estimated from its length, its height a fixed fraction of the
 * y range, both on the log scale when the chart starts on one), and the curves, sampled along every
 * segment, are counted inside it; the fewest wins, ties in the order of {@link Place}.
 */
final class LabelPlacement {

  /** The four places, in order of preference; {@code echarts} is the mark line's label position. */
  enum Place {
    START_BELOW("insideStartBottom"),
    END_BELOW("insideEndBottom"),
    END_ABOVE("insideEndTop"),
    START_ABOVE("insideStartTop");

    final String echarts;

    Place(String echarts) {
      this.echarts = echarts;
    }

    boolean atStart() {
      return this == START_BELOW || this == START_ABOVE;
    }

    boolean below() {
      return this == START_BELOW || this == END_BELOW;
    }
  }

  /** Label width per character, as a fraction of the plot's width (12 px text, ~850 px plot). */
  private static final double WIDTH_PER_CHAR = 0.0085;

  /** Label height as a fraction of the plot's height (12 px text and its gap, ~300 px plot). */
  private static final double HEIGHT = 0.08;

  /** Samples per segment of a curve: enough that a line crossing a box leaves a point in it. */
  private static final int SAMPLES = 16;

  private LabelPlacement() {}

  /** The place for {@code reference}'s label in {@code chart}. */
  static Place of(CurveChart chart, ReferenceLine reference) {
    boolean log = chart.logScale() && chart.logScaleUsable();
    double x0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y0 = log ? Double.POSITIVE_INFINITY : 0; // a linear axis starts at zero
    double y1 = log ? Double.NEGATIVE_INFINITY : 0;
    for (Trace t : chart.curves()) {
      double[] x = t.x();
      double[] v = t.values();
      for (int i = 0; i < x.length; i++) {
        x0 = Math.min(x0, x[i]);
        x1 = Math.max(x1, x[i]);
        if (Double.isFinite(v[i])) {
          y0 = Math.min(y0, y(v[i], log));
          y1 = Math.max(y1, y(v[i], log));
        }
      }
    }
    for (ReferenceLine r : chart.references()) {
      y0 = Math.min(y0, y(r.value(), log));
      y1 = Math.max(y1, y(r.value(), log));
    }
    double xSpan = x1 > x0 ? x1 - x0 : 1;
    double ySpan = y1 > y0 ? y1 - y0 : 1;
    double w = Math.min(0.9, WIDTH_PER_CHAR * reference.label().length() + 0.02) * xSpan;
    double h = HEIGHT * ySpan;
    double ref = y(reference.value(), log);
    Place best = Place.START_BELOW;
    int fewest = Integer.MAX_VALUE;
    for (Place p : Place.values()) {
      double left = p.atStart() ? x0 : x1 - w;
      double bottom = p.below() ? ref - h : ref;
      int n = hits(chart.curves(), log, left, left + w, bottom, bottom + h);
      if (n < fewest) {
        fewest = n;
        best = p;
      }
    }
    return best;
  }

  /** Sampled curve points inside the box [xa, xb] × [ya, yb], in axis units. */
  private static int hits(
      List<Trace> curves, boolean log, double xa, double xb, double ya, double yb) {
    int n = 0;
    for (Trace t : curves) {
      double[] x = t.x();
      double[] v = t.values();
      for (int i = 0; i + 1 < x.length; i++) {
        if (!Double.isFinite(v[i]) || !Double.isFinite(v[i + 1])) {
          continue; // a gap draws no segment
        }
        double ya0 = y(v[i], log);
        double ya1 = y(v[i + 1], log);
        for (int k = 0; k <= SAMPLES; k++) {
          double f = (double) k / SAMPLES;
          double px = x[i] + f * (x[i + 1] - x[i]);
          double py = ya0 + f * (ya1 - ya0);
          n += px >= xa && px <= xb && py >= ya && py <= yb ? 1 : 0;
        }
      }
    }
    return n;
  }

  private static double y(double v, boolean log) {
    return log ? Math.log10(v) : v;
  }
}

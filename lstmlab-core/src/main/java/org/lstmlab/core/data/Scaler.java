package org.lstmlab.core.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-feature rescaling of a series, fitted on the training part only: {@code none}, {@code
 * standard} or {@code minmax}.
 *
 * <p>Values are laid out as rows of F features, {@code (R, F)} row-major; a univariate series is F
 * = 1. Both fitted scalers are affine per feature, {@code y = (x − shift) / scale}:
 *
 * <ul>
 *   <li>{@code standard}: shift = mean, scale = the population standard deviation (divisor R, not
 *       R − 1), as scikit-learn's {@code StandardScaler};
 *   <li>{@code minmax}: shift = min, scale = max − min, mapping the training values onto [0, 1],
 *       as scikit-learn's {@code MinMaxScaler} with its default {@code feature_range=(0, 1)}.
 * </ul>
 *
 * <p>A constant training feature (min = max, hence std = 0) gets scale 1, so it maps to 0 instead
 * of dividing by zero; scikit-learn's {@code _handle_zeros_in_scale} does the same. Statistics are
 * accumulated in double (the mean in two passes), results rounded to float once.
 *
 * <p>Lifecycle: {@link #fit} on the training rows → {@link #transform} the whole series → train
 * and predict in scaled units → {@link #inverseTransform} the predictions. {@link #toMap()} and
 * {@link #fromMap} store the fitted statistics in a model file's string metadata and read them back
 * exactly (doubles are written with {@link Double#toString}, which round-trips). Instances are
 * immutable and thread-safe.
 *
 * <p>Why fit on the training part only: statistics of the validation or test values would leak
 * their level and range into training (Kaufman et al. 2012, "Leakage in data mining").
 */
public sealed interface Scaler permits Scaler.None, Scaler.Affine {

  /** The metadata key holding the scaler's name; the statistics sit under {@code scaler.*}. */
  String KEY = "scaler";

  /** Name of the identity scaler. */
  String NONE = "none";

  /** Name of the standardising scaler. */
  String STANDARD = "standard";

  /** Name of the min-max scaler. */
  String MINMAX = "minmax";

  /** The names {@link #fit} and {@link #fromMap} accept, in a stable order. */
  List<String> NAMES = List.of(NONE, STANDARD, MINMAX);

  /** The scaler's name: {@code none}, {@code standard} or {@code minmax}. */
  String name();

  /** F: the features this scaler was fitted on; 0 for {@code none}, which accepts any F. */
  int features();

  /**
   * The scaled copy of {@code values}.
   *
   * @param values (R, F) rows of features; any length for {@code none}
   * @throws IllegalArgumentException if values is null or its length is not a multiple of F
   */
  float[] transform(float[] values);

  /**
   * The inverse of {@link #transform}: values back in the series' own units.
   *
   * @param values (R, F) scaled rows
   * @throws IllegalArgumentException if values is null or its length is not a multiple of F
   */
  float[] inverseTransform(float[] values);

  /**
   * The univariate scaler of one feature, e.g. to inverse-transform predictions of the target
   * column of a multivariate series. {@code none} returns itself.
   *
   * @throws IllegalArgumentException unless {@code 0 <= feature < F}
   */
  Scaler feature(int feature);

  /**
   * The fitted statistics as string metadata: {@code scaler} = the name, and for {@code standard}
   * {@code scaler.mean} and {@code scaler.std}, for {@code minmax} {@code scaler.min} and {@code
   * scaler.max}, each a comma-separated list of F doubles.
   */
  Map<String, String> toMap();

  /** The identity scaler. */
  static Scaler none() {
    return None.INSTANCE;
  }

  /**
   * Fits the scaler called {@code name} on rows {@code [from, to)} of {@code values}.
   *
   * @param name one of {@link #NAMES}
   * @param values (R, F) rows of features, row-major
   * @param features F, > 0
   * @param from first training row, ≥ 0
   * @param to end of the training rows (exclusive), {@code from < to <= R}
   * @throws IllegalArgumentException for an unknown name, a bad range or a non-finite value in
   *     the rows fitted on
   */
  static Scaler fit(String name, float[] values, int features, int from, int to) {
    return switch (String.valueOf(name)) {
      case NONE -> none();
      case STANDARD -> Standard.fit(values, features, from, to);
      case MINMAX -> MinMax.fit(values, features, from, to);
      default -> throw new IllegalArgumentException(
          "scaler must be one of " + NAMES + ", got '" + name + "'");
    };
  }

  /**
   * Reads a scaler written by {@link #toMap()}. Keys other than {@code scaler} and {@code
   * scaler.*} are ignored, so a model file's whole metadata map may be passed.
   *
   * @throws IllegalArgumentException naming the key, if a key is missing or a value is malformed
   */
  static Scaler fromMap(Map<String, String> map) {
    if (map == null) {
      throw new IllegalArgumentException("scaler metadata is null");
    }
    String name = map.get(KEY);
    if (name == null) {
      throw new IllegalArgumentException(
          "scaler metadata: key '" + KEY + "' is missing; expected one of " + NAMES);
    }
    return switch (name) {
      case NONE -> none();
      case STANDARD -> {
        double[] mean = Affine.numbers(map, Standard.MEAN_KEY);
        double[] std = Affine.numbers(map, Standard.STD_KEY);
        Affine.sameLength(Standard.MEAN_KEY, mean, Standard.STD_KEY, std);
        for (int f = 0; f < std.length; f++) {
          if (std[f] < 0) {
            throw new IllegalArgumentException(
                "scaler metadata '" + Standard.STD_KEY + "': feature " + f + " has std " + std[f]
                    + "; expected >= 0");
          }
        }
        yield new Standard(mean, std);
      }
      case MINMAX -> {
        double[] min = Affine.numbers(map, MinMax.MIN_KEY);
        double[] max = Affine.numbers(map, MinMax.MAX_KEY);
        Affine.sameLength(MinMax.MIN_KEY, min, MinMax.MAX_KEY, max);
        for (int f = 0; f < min.length; f++) {
          if (!(min[f] <= max[f])) {
            throw new IllegalArgumentException(
                "scaler metadata: feature " + f + " has min " + min[f] + " > max " + max[f]);
          }
        }
        yield new MinMax(min, max);
      }
      default -> throw new IllegalArgumentException(
          "scaler metadata '" + KEY + "' must be one of " + NAMES + ", got '" + name + "'");
    };
  }

  /** The identity: {@code transform} and {@code inverseTransform} return copies. */
  final class None implements Scaler {
    static final None INSTANCE = new None();

    private None() {}

    @Override
    public String name() {
      return NONE;
    }

    @Override
    public int features() {
      return 0;
    }

    @Override
    public float[] transform(float[] values) {
      return Affine.requireValues(values, 1).clone();
    }

    @Override
    public float[] inverseTransform(float[] values) {
      return Affine.requireValues(values, 1).clone();
    }

    @Override
    public Scaler feature(int feature) {
      return this;
    }

    @Override
    public Map<String, String> toMap() {
      return Map.of(KEY, NONE);
    }

    @Override
    public String toString() {
      return NONE;
    }
  }

  /** What {@code standard} and {@code minmax} share: {@code y = (x − shift) / scale}. */
  abstract sealed class Affine implements Scaler permits Standard, MinMax {
    private final double[] shift; // (F)
    private final double[] scale; // (F) never 0

    Affine(double[] shift, double[] scale) {
      this.shift = shift;
      this.scale = scale;
    }

    @Override
    public final int features() {
      return shift.length;
    }

    @Override
    public final float[] transform(float[] values) {
      int f = shift.length;
      float[] out = new float[requireValues(values, f).length];
      for (int i = 0; i < out.length; i++) {
        int j = i % f;
        out[i] = (float) ((values[i] - shift[j]) / scale[j]);
        requireInRange(values[i], out[i], i, j, "scales");
      }
      return out;
    }

    @Override
    public final float[] inverseTransform(float[] values) {
      int f = shift.length;
      float[] out = new float[requireValues(values, f).length];
      for (int i = 0; i < out.length; i++) {
        int j = i % f;
        out[i] = (float) (values[i] * scale[j] + shift[j]);
        requireInRange(values[i], out[i], i, j, "scales back");
      }
      return out;
    }

    /**
     * A finite value must stay finite: 3e38 shifted by −3e38 is beyond float's range, and a model
     * fed (or a file given) an infinity says nothing of where it came from.
     */
    private void requireInRange(float in, float out, int i, int j, String verb) {
      if (Float.isFinite(in) && !Float.isFinite(out)) {
        int f = shift.length;
        throw new IllegalArgumentException("row " + (i / f + 1) + (f == 1 ? "" : ", feature " + j)
            + ": " + in + " " + verb + " to " + out + " with the " + name() + " scaler (shift "
            + shift[j] + ", scale " + scale[j] + "), beyond float's range (±3.4e38)");
      }
    }

    static float[] requireValues(float[] values, int features) {
      if (values == null) {
        throw new IllegalArgumentException("values is null");
      }
      if (values.length % features != 0) {
        throw new IllegalArgumentException(
            "values has " + values.length + " elements, not a multiple of the scaler's "
                + features + " features");
      }
      return values;
    }

    /** Scale 1 for a constant feature, else {@code spread}. */
    static double guard(double spread) {
      return spread == 0 ? 1 : spread;
    }

    static void requireFeature(int feature, int features) {
      if (feature < 0 || feature >= features) {
        throw new IllegalArgumentException(
            "feature must be in [0, " + features + "), got " + feature);
      }
    }

    /** Validates the fit arguments; returns R, the number of rows. */
    static int requireFit(float[] values, int features, int from, int to) {
      if (values == null) {
        throw new IllegalArgumentException("values is null");
      }
      if (features <= 0) {
        throw new IllegalArgumentException("features must be > 0, got " + features);
      }
      requireValues(values, features);
      int rows = values.length / features;
      if (from < 0 || to > rows || from >= to) {
        throw new IllegalArgumentException(
            "scaler fit rows [" + from + ", " + to + ") must be a non-empty range within the "
                + rows + " rows of the series");
      }
      for (int i = from * features; i < to * features; i++) {
        if (!Float.isFinite(values[i])) {
          throw new IllegalArgumentException(
              "cannot fit a scaler: row " + (i / features) + ", feature " + (i % features)
                  + " is " + values[i]);
        }
      }
      return rows;
    }

    static String join(double[] a) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < a.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(a[i]);
      }
      return sb.toString();
    }

    static double[] numbers(Map<String, String> map, String key) {
      String text = map.get(key);
      if (text == null) {
        throw new IllegalArgumentException(
            "scaler metadata: key '" + key + "' is missing for scaler '" + map.get(KEY) + "'");
      }
      String[] parts = text.split(",", -1);
      double[] out = new double[parts.length];
      for (int i = 0; i < parts.length; i++) {
        try {
          out[i] = Double.parseDouble(parts[i].trim());
        } catch (NumberFormatException e) {
          out[i] = Double.NaN;
        }
        if (!Double.isFinite(out[i])) {
          throw new IllegalArgumentException(
              "scaler metadata '" + key + "': item " + i + " '" + parts[i]
                  + "' is not a finite number; expected comma-separated numbers");
        }
      }
      return out;
    }

    static void sameLength(String keyA, double[] a, String keyB, double[] b) {
      if (a.length != b.length) {
        throw new IllegalArgumentException(
            "scaler metadata: '" + keyA + "' has " + a.length + " values but '" + keyB + "' has "
                + b.length + "; expected one per feature in both");
      }
    }
  }

  /**
   * {@code y = (x − mean) / std} per feature, std the population standard deviation (1 where it
   * is 0).
   */
  final class Standard extends Affine {
    static final String MEAN_KEY = KEY + ".mean";
    static final String STD_KEY = KEY + ".std";
    private final double[] mean; // (F)
    private final double[] std; // (F) as fitted, may be 0

    Standard(double[] mean, double[] std) {
      super(mean.clone(), guarded(std));
      this.mean = mean.clone();
      this.std = std.clone();
    }

    private static double[] guarded(double[] std) {
      double[] s = new double[std.length];
      for (int f = 0; f < s.length; f++) {
        s[f] = guard(std[f]);
      }
      return s;
    }

    static Standard fit(float[] values, int features, int from, int to) {
      requireFit(values, features, from, to);
      int n = to - from;
      double[] mean = new double[features];
      double[] std = new double[features];
      for (int f = 0; f < features; f++) {
        double sum = 0;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int r = from; r < to; r++) {
          float v = values[r * features + f];
          sum += v;
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        double m = sum / n;
        double ss = 0;
        for (int r = from; r < to; r++) {
          double d = values[r * features + f] - m;
          ss += d * d;
        }
        // An exactly constant feature gets mean = its value and std = 0, free of the rounding
        // that the sums above would leave (a std of 1e-17 would blow the feature up instead).
        mean[f] = lo == hi ? lo : m;
        std[f] = lo == hi ? 0 : Math.sqrt(ss / n);
      }
      return new Standard(mean, std);
    }

    /** The fitted means, one per feature (a copy). */
    public double[] mean() {
      return mean.clone();
    }

    /** The fitted population standard deviations, one per feature, 0 if constant (a copy). */
    public double[] std() {
      return std.clone();
    }

    @Override
    public String name() {
      return STANDARD;
    }

    @Override
    public Scaler feature(int feature) {
      requireFeature(feature, mean.length);
      return new Standard(new double[] {mean[feature]}, new double[] {std[feature]});
    }

    @Override
    public Map<String, String> toMap() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put(KEY, STANDARD);
      m.put(MEAN_KEY, join(mean));
      m.put(STD_KEY, join(std));
      return m;
    }

    @Override
    public String toString() {
      return "standard{mean=" + join(mean) + ", std=" + join(std) + "}";
    }
  }

  /** {@code y = (x − min) / (max − min)} per feature (divisor 1 where max = min). */
  final class MinMax extends Affine {
    static final String MIN_KEY = KEY + ".min";
    static final String MAX_KEY = KEY + ".max";
    private final double[] min; // (F)
    private final double[] max; // (F)

    MinMax(double[] min, double[] max) {
      super(min.clone(), ranges(min, max));
      this.min = min.clone();
      this.max = max.clone();
    }

    private static double[] ranges(double[] min, double[] max) {
      double[] r = new double[min.length];
      for (int f = 0; f < r.length; f++) {
        r[f] = guard(max[f] - min[f]);
      }
      return r;
    }

    static MinMax fit(float[] values, int features, int from, int to) {
      requireFit(values, features, from, to);
      double[] min = new double[features];
      double[] max = new double[features];
      for (int f = 0; f < features; f++) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int r = from; r < to; r++) {
          float v = values[r * features + f];
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        min[f] = lo;
        max[f] = hi;
      }
      return new MinMax(min, max);
    }

    /** The fitted minima, one per feature (a copy). */
    public double[] min() {
      return min.clone();
    }

    /** The fitted maxima, one per feature (a copy). */
    public double[] max() {
      return max.clone();
    }

    @Override
    public String name() {
      return MINMAX;
    }

    @Override
    public Scaler feature(int feature) {
      requireFeature(feature, min.length);
      return new MinMax(new double[] {min[feature]}, new double[] {max[feature]});
    }

    @Override
    public Map<String, String> toMap() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put(KEY, MINMAX);
      m.put(MIN_KEY, join(min));
      m.put(MAX_KEY, join(max));
      return m;
    }

    @Override
    public String toString() {
      return "minmax{min=" + join(min) + ", max=" + join(max) + "}";
    }
  }
}

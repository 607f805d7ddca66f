package org.lstmlab.core.data;

import java.util.SplittableRandom;

/**
 * The tutorial notebook's synthetic series: a sum of products of sines and cosines plus Gaussian
 * noise, sampled on {@code linspace(0, 10π, size)}.
 *
 * <pre>
 *   t_i   = i · 10π / (size − 1),  i = 0 .. size−1   (numpy's linspace: both ends included)
 *   s(t)  = sin(t)·cos(0.5t)·sin(0.3t) + cos(3t)·sin(2t)/3 + sin(5t)·cos(7t)/5
 *   x_i   = s(t_i) + noise · z_i,   z_i ~ N(0, 1)
 * </pre>
 *
 * <p>The notebook's defaults are {@value #DEFAULT_SIZE} points and noise {@value #DEFAULT_NOISE}.
 * Its numpy noise stream cannot be reproduced in Java, so the noise here is a different sample
 * from the same distribution; with {@code noise = 0} the values are the notebook's.
 *
 * <p>Reproducible by construction: the noise comes from a {@link SplittableRandom} with the given
 * seed, turned into normal deviates by the Box–Muller transform written out below rather than by
 * {@code nextGaussian()}, whose algorithm changed between JDK releases. All transcendental
 * functions are {@link StrictMath}'s, whose results are specified bit for bit, where {@link Math}
 * may use platform intrinsics that differ in the last place. So a seed gives the same series on
 * every JDK from 17 on and on every platform.
 */
public final class NotebookSeries {

  /** The notebook's number of points. */
  public static final int DEFAULT_SIZE = 100;

  /** The notebook's standard deviation of the added noise. */
  public static final double DEFAULT_NOISE = 0.5;

  /** The last time point, 10π: five periods of sin(t). */
  public static final double END = 10 * Math.PI;

  private NotebookSeries() {}

  /**
   * The time points, numpy's {@code linspace(0, 10π, size)}: evenly spaced, both ends included,
   * the last one exactly 10π. A single point is t = 0, as in numpy.
   *
   * @throws IllegalArgumentException if {@code size < 1}
   */
  public static double[] time(int size) {
    requireSize(size);
    double[] t = new double[size];
    if (size == 1) {
      return t;
    }
    // numpy computes arange(num) * step + start and then sets the last point to stop exactly.
    double step = END / (size - 1);
    for (int i = 0; i < size; i++) {
      t[i] = i * step;
    }
    t[size - 1] = END;
    return t;
  }

  /** The noiseless signal s(t). */
  public static double signal(double t) {
    return StrictMath.sin(t) * StrictMath.cos(0.5 * t) * StrictMath.sin(0.3 * t)
        + StrictMath.cos(3 * t) * StrictMath.sin(2 * t) / 3
        + StrictMath.sin(5 * t) * StrictMath.cos(7 * t) / 5;
  }

  /** The notebook's series with its defaults: {@value #DEFAULT_SIZE} points, noise 0.5. */
  public static double[] values(long seed) {
    return values(DEFAULT_SIZE, DEFAULT_NOISE, seed);
  }

  /**
   * The series x_i = s(t_i) + noise · z_i at the points of {@link #time(int)}.
   *
   * @param size number of points, ≥ 1
   * @param noise standard deviation of the Gaussian noise, finite and ≥ 0 (0 for the clean signal)
   * @param seed seed of the noise; the same seed gives the same series
   * @throws IllegalArgumentException if {@code size < 1} or {@code noise} is negative or not finite
   */
  public static double[] values(int size, double noise, long seed) {
    requireSize(size);
    if (!(noise >= 0 && noise < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
    }
    double[] t = time(size);
    double[] z = standardNormal(size, seed);
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = signal(t[i]) + noise * z[i];
    }
    return x;
  }

  /**
   * {@code n} independent N(0, 1) deviates by the Box–Muller transform [Box &amp; Muller 1958]:
   * from two uniforms u1 ∈ (0, 1] and u2 ∈ [0, 1), r = √(−2 ln u1) gives the pair r·cos(2πu2),
   * r·sin(2πu2). Both members of each pair are used; an odd n drops the last sine.
   */
  static double[] standardNormal(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] z = new double[n];
    for (int i = 0; i < n; i += 2) {
      double u1 = 1.0 - rng.nextDouble(); // (0, 1]: ln(0) never happens
      double u2 = rng.nextDouble();
      double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
      double a = 2 * Math.PI * u2;
      z[i] = r * StrictMath.cos(a);
      if (i + 1 < n) {
        z[i + 1] = r * StrictMath.sin(a);
      }
    }
    return z;
  }

  private static void requireSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, got " + size);
    }
  }
}

package org.lstmlab.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both norm kernels against a compensated double sum of exact squares (the plain one to double
 * rounding, the vector one to its float partial sums), at lengths with and without a
 * tail, offsets inside the array, huge finite values whose squares overflow float, and a NaN or
 * infinity at every kind of position (first block, vector body, tail).
 */
class NormKernelTest {

  private static final NormKernel VECTOR = Kernels.vectorNorms();

  static Stream<NormKernel> kernels() {
    return VECTOR == null ? Stream.of(PlainNorms.INSTANCE) : Stream.of(PlainNorms.INSTANCE, VECTOR);
  }

  static Stream<Arguments> kernelsAndLengths() {
    return kernels().flatMap(k -> Stream.of(0, 1, 7, 16, 63, 64, 65, 1023, 1024, 1025, 41301)
        .map(n -> Arguments.of(k, n)));
  }

  private static float[] random(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[n + 5];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rng.nextDouble(-1, 1) * Math.exp(rng.nextDouble(-10, 3)));
    }
    return x;
  }

  /** Σ x² over [off, off + n) by Kahan summation of exact double squares. */
  private static double reference(float[] x, int off, int n) {
    double s = 0;
    double c = 0;
    for (int i = off; i < off + n; i++) {
      double y = (double) x[i] * x[i] - c;
      double t = s + y;
      c = (t - s) - y;
      s = t;
    }
    return s;
  }

  @ParameterizedTest(name = "{0} n={1}")
  @MethodSource("kernelsAndLengths")
  void sumOfSquares_matchesCompensatedSum(NormKernel k, int n) {
    float[] x = random(n, n);
    double expected = reference(x, 3, n);
    // float partial sums of at most 1024 squares: relative error well below 1e-5.
    double tolerance = k == PlainNorms.INSTANCE ? 1e-11 : 1e-5;
    assertThat(k.sumOfSquares(x, 3, n)).isCloseTo(expected, within(tolerance * expected + 1e-300));
    assertThat(k.allFinite(x, 3, n)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void sumOfSquares_hugeFiniteValues_stayFinite(NormKernel k) {
    float[] x = random(3000, 5);
    x[10] = 3e19f; // its square, 9e38, is beyond Float.MAX_VALUE
    x[2500] = -2e30f;
    double expected = reference(x, 0, x.length);
    assertThat(k.sumOfSquares(x, 0, x.length)).isFinite().isCloseTo(expected, within(1e-6 * expected));
  }

  @ParameterizedTest(name = "{0} position={1} value={2}")
  @CsvSource({
    "0, NaN", "17, NaN", "1030, NaN", "2047, NaN", "2050, NaN",
    "0, Infinity", "900, -Infinity", "2051, Infinity"
  })
  void nonFinite_isFoundAnywhere(int position, float value) {
    kernels().forEach(k -> {
      float[] x = random(2052, position);
      x[position] = value;
      assertThat(k.allFinite(x, 0, x.length)).as("%s allFinite", k.name()).isFalse();
      double s = k.sumOfSquares(x, 0, x.length);
      if (Float.isNaN(value)) {
        assertThat(s).as("%s sumOfSquares", k.name()).isNaN();
      } else {
        assertThat(s).as("%s sumOfSquares", k.name()).isEqualTo(Double.POSITIVE_INFINITY);
      }
      // Outside the range looked at, a bad element does not count.
      if (position > 0) {
        assertThat(k.allFinite(x, 0, position)).as("%s before it", k.name()).isTrue();
      }
    });
  }

  @Test
  void vectorKernel_loadsWhenTheModuleIsPresent() {
    boolean wanted = "vector".equals(System.getProperty("lstmlab.kernel.expected"));
    assertThat(VECTOR != null || !wanted).as("vector norms load when the module is present").isTrue();
    assumeTrue(VECTOR != null, "no jdk.incubator.vector in this run");
    assertThat(VECTOR.name()).isEqualTo("vector");
    assertThat(Kernels.norms().name()).isEqualTo(Kernels.matMul().name());
  }
}

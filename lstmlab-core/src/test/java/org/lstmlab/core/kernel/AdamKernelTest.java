package org.lstmlab.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vector Adam step against the plain one (double per element): after 50 steps on the same
 * gradients, parameters and moments agree to float rounding, with and without L2 decay, AdamW's
 * shrink and AMSGrad, at lengths with and without a tail. Skipped in the run without the module.
 */
class AdamKernelTest {

  private static final AdamKernel VECTOR = Kernels.vectorAdam();

  @BeforeEach
  void requireVectorKernel() {
    boolean wanted = "vector".equals(System.getProperty("lstmlab.kernel.expected"));
    assertThat(VECTOR != null || !wanted).as("vector Adam loads when the module is present").isTrue();
    assumeTrue(VECTOR != null, "no jdk.incubator.vector in this run");
  }

  @ParameterizedTest(name = "n={0} l2={1} shrink={2} amsgrad={3}")
  @CsvSource({
    "1,0,1,false", "15,0,1,false", "16,0,1,false", "40401,0,1,false", "1000,0.01,1,false",
    "1000,0,0.999,false", "333,0,1,true", "333,0.1,0.99,true"
  })
  void update_matchesPlainToFloatRounding(int n, double l2, double shrink, boolean amsgrad) {
    SplittableRandom rng = new SplittableRandom(n);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) rng.nextDouble(-1, 1);
    }
    float[][] plain = {w.clone(), new float[n], new float[n], amsgrad ? new float[n] : null};
    float[][] vector = {w.clone(), new float[n], new float[n], amsgrad ? new float[n] : null};
    float[] g = new float[n];
    double beta1 = 0.9;
    double beta2 = 0.999;
    double lr = 0.01;
    for (int t = 1; t <= 50; t++) {
      for (int i = 0; i < n; i++) {
        g[i] = (float) (rng.nextDouble(-1, 1) * Math.exp(rng.nextDouble(-8, 2)));
      }
      double stepSize = lr / (1 - Math.pow(beta1, t));
      double bias2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
      for (float[][] s : new float[][][] {plain, vector}) {
        AdamKernel k = s == plain ? PlainAdam.INSTANCE : VECTOR;
        k.update(
            s[0], g, s[1], s[2], s[3], 0, n, beta1, beta2, stepSize, bias2Sqrt, 1e-8, l2, shrink);
      }
    }
    for (int i = 0; i < n; i++) {
      // Each step moves w by at most about lr; float rounding of 50 such steps stays below 1e-6.
      assertThat((double) vector[0][i]).as("w[%d]", i).isCloseTo(plain[0][i], within(2e-6));
      assertThat((double) vector[1][i])
          .as("m[%d]", i)
          // m sums gradients of both signs (up to e² in size) and may cancel: absolute error.
          .isCloseTo(plain[1][i], within(1e-5 * Math.abs(plain[1][i]) + 2e-6));
      assertThat((double) vector[2][i])
          .as("v[%d]", i)
          .isCloseTo(plain[2][i], within(1e-5 * Math.abs(plain[2][i]) + 1e-20));
    }
  }
}

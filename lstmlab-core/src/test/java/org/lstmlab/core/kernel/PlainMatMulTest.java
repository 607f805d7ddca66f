package org.lstmlab.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reference kernel against the definition of the product, summed in double. */
class PlainMatMulTest {

  @ParameterizedTest(name = "transA={0} transB={1} beta={2}")
  @CsvSource({
    "false,false,0", "false,true,0", "true,false,0", "true,true,0",
    "false,false,1", "false,true,1", "true,false,1", "true,true,1"
  })
  void gemm_matchesDefinition_withOffsetsAndStrides(boolean transA, boolean transB, float beta) {
    int m = 5;
    int n = 7;
    int k = 3;
    SplittableRandom rng = new SplittableRandom(11);
    // Padded leading dimensions and non-zero offsets, as when a kernel addresses one time step.
    int lda = (transA ? m : k) + 2;
    int ldb = (transB ? k : n) + 1;
    int ldc = n + 3;
    float[] a = random(rng, 4 + (transA ? k : m) * lda);
    float[] b = random(rng, 2 + (transB ? n : k) * ldb);
    float[] c = random(rng, 5 + m * ldc);
    float[] before = c.clone();
    PlainMatMul.INSTANCE.gemm(transA, transB, m, n, k, a, 4, lda, b, 2, ldb, beta, c, 5, ldc);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = beta * before[5 + i * ldc + j];
        for (int p = 0; p < k; p++) {
          double av = transA ? a[4 + p * lda + i] : a[4 + i * lda + p];
          double bv = transB ? b[2 + j * ldb + p] : b[2 + p * ldb + j];
          s += av * bv;
        }
        assertThat((double) c[5 + i * ldc + j]).as("C[%d][%d]", i, j).isCloseTo(s, within(1e-5));
      }
      // Padding between rows is left alone.
      for (int j = n; j < ldc && 5 + i * ldc + j < c.length; j++) {
        assertThat(c[5 + i * ldc + j]).isEqualTo(before[5 + i * ldc + j]);
      }
    }
    assertThat(c[0]).isEqualTo(before[0]);
  }

  @ParameterizedTest(name = "beta=0 clears NaN")
  @CsvSource({"false,false", "true,false", "false,true"})
  void gemm_betaZero_overwritesGarbage(boolean transA, boolean transB) {
    float[] a = {1, 2, 3, 4};
    float[] b = {1, 0, 0, 1};
    float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
    PlainMatMul.INSTANCE.gemm(transA, transB, 2, 2, 2, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
    float[] expected = transA ? new float[] {1, 3, 2, 4} : new float[] {1, 2, 3, 4};
    assertThat(c).containsExactly(expected);
  }

  static float[] random(SplittableRandom rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextDouble(-1, 1);
    }
    return a;
  }
}

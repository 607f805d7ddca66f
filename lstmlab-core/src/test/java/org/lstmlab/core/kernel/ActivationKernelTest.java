package org.lstmlab.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector activations against the plain reference (double, rounded once): within 2 ulps over a
 * dense grid of every binade that matters, ±0, subnormals, the switch-over points of the
 * algorithm, and saturation; and each element's result independent of where it sits in a run.
 *
 * <p>Runs in the surefire run that adds the incubator module, and must find the vector kernel there;
 * the run without the module skips it.
 */
class ActivationKernelTest {

  private static final ActivationKernel VECTOR = Kernels.vectorActivations();
  private static final ActivationKernel PLAIN = PlainActivations.INSTANCE;

  @org.junit.jupiter.api.BeforeEach
  void requireVectorKernel() {
    boolean wanted = "vector".equals(System.getProperty("lstmlab.kernel.expected"));
    assertThat(VECTOR != null || !wanted).as("vector activations load when the module is present").isTrue();
    assumeTrue(VECTOR != null, "no jdk.incubator.vector in this run");
  }

  /** Every float in ±[2⁻¹⁴⁹, 2⁷) sampled densely, plus the special points. */
  static float[] grid() {
    List<Float> xs = new ArrayList<>();
    for (float x : new float[] {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
        1e-30f, 1e-8f, 0.625f, Math.nextDown(0.625f), Math.nextUp(0.625f), 0.3465736f, 1f, 9f,
        9.1f, 15f, 16.7f, 17f, 20f, 40f, 52f, 87f, 88.7f, 89f, 100f, 103.9f, 104f, 105f, 1e4f,
        1e30f, Float.MAX_VALUE}) {
      xs.add(x);
      xs.add(-x);
    }
    SplittableRandom rng = new SplittableRandom(1);
    for (int e = -149; e < 7; e++) {
      for (int s = 0; s < 2000; s++) {
        float x = (float) Math.scalb(1 + rng.nextDouble(), e);
        xs.add(x);
        xs.add(-x);
      }
    }
    // A uniform sweep of the range where the gates live.
    for (int i = -200_000; i <= 200_000; i++) {
      xs.add(i * 1e-4f);
    }
    float[] out = new float[xs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = xs.get(i);
    }
    return out;
  }

  static Stream<String> functions() {
    return Stream.of("sigmoid", "tanh");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void activation_withinTwoUlpsOfPlain(String function) {
    float[] x = grid();
    float[] v = x.clone();
    float[] p = x.clone();
    apply(VECTOR, function, v, 0, v.length);
    apply(PLAIN, function, p, 0, p.length);
    for (int i = 0; i < x.length; i++) {
      double ulps = Math.abs((double) v[i] - p[i]) / Math.ulp(p[i]);
      assertThat(ulps).as("%s(%s) = %s, plain %s", function, x[i], v[i], p[i]).isLessThanOrEqualTo(2);
      assertThat(Math.copySign(1f, v[i]))
          .as("sign of %s(%s)", function, x[i])
          .isEqualTo(Math.copySign(1f, p[i]));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void activation_resultIndependentOfPlaceInRun(String function) {
    // Tails shorter than a vector go through a scratch vector: same instructions, same bits.
    SplittableRandom rng = new SplittableRandom(2);
    float[] x = new float[200];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-12, 12);
    }
    float[] whole = x.clone();
    apply(VECTOR, function, whole, 0, whole.length);
    for (int off = 0; off < 40; off += 3) {
      for (int len : new int[] {1, 3, 7, 16, 17, 33, 100}) {
        float[] part = x.clone();
        apply(VECTOR, function, part, off, len);
        for (int i = 0; i < x.length; i++) {
          float expected = i >= off && i < off + len ? whole[i] : x[i];
          assertThat(part[i]).as("%s off %d len %d at %d", function, off, len, i).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void tanh_outOfPlace_equalsInPlace() {
    float[] x = {-3f, -0.5f, 0f, 0.1f, 0.7f, 2f, 5f, 30f, -0.01f, 1e-20f, 0.625f};
    float[] in = x.clone();
    VECTOR.tanh(in, 0, in.length);
    float[] dst = new float[x.length + 2];
    VECTOR.tanh(x, 0, dst, 2, x.length);
    for (int i = 0; i < x.length; i++) {
      assertThat(dst[i + 2]).isEqualTo(in[i]);
    }
  }

  @ParameterizedTest(name = "H = {0}")
  @ValueSource(ints = {1, 7, 16, 17, 100, 256})
  void lstmCellForward_isTheCellStateAndOutputByHand(int hidden) {
    // c = f·c' + i·g and h = o·tanh c, each product and the sum rounded to float in that order,
    // with tanh the kernel's own: both kernels must give exactly the by-hand floats, every row.
    SplittableRandom rng = new SplittableRandom(31 + hidden);
    int rows = 3;
    int H = hidden;
    float[] g = new float[rows * 4 * H + 5];
    float[] c = new float[2 * rows * H + 3];
    for (float[] x : new float[][] {g, c}) {
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rng.nextDouble(-1.5, 1.5);
      }
    }
    for (ActivationKernel kernel : new ActivationKernel[] {PLAIN, VECTOR}) {
      float[] cells = c.clone();
      float[] tc = new float[rows * H + 2];
      float[] h = new float[rows * H + 1];
      for (int b = 0; b < rows; b++) {
        kernel.lstmCellForward(g, 5 + b * 4 * H, cells, 3 + b * H, 3 + (rows + b) * H, tc,
            2 + b * H, h, 1 + b * H, H);
      }
      for (int b = 0; b < rows; b++) {
        int row = 5 + b * 4 * H;
        float[] expected = new float[H];
        for (int j = 0; j < H; j++) {
          float fc = g[row + H + j] * c[3 + b * H + j];
          float ig = g[row + j] * g[row + 2 * H + j];
          expected[j] = fc + ig;
        }
        float[] cNew = Arrays.copyOfRange(cells, 3 + (rows + b) * H, 3 + (rows + b + 1) * H);
        assertThat(Arrays.mismatch(cNew, expected)).as("%s c, row %d", kernel.name(), b)
            .isEqualTo(-1);
        float[] t = new float[H];
        kernel.tanh(expected, 0, t, 0, H);
        assertThat(Arrays.mismatch(Arrays.copyOfRange(tc, 2 + b * H, 2 + (b + 1) * H), t))
            .as("%s tanh c, row %d", kernel.name(), b).isEqualTo(-1);
        for (int j = 0; j < H; j++) {
          assertThat(h[1 + b * H + j]).as("%s h, row %d unit %d", kernel.name(), b, j)
              .isEqualTo(g[row + 3 * H + j] * t[j]);
        }
      }
    }
  }

  @ParameterizedTest(name = "H = {0}")
  @ValueSource(ints = {1, 7, 16, 17, 100, 256})
  void lstmCellBackward_bitForBitAsPlain(int hidden) {
    // Same operations in the same order: the vector kernel must give the plain kernel's bits.
    SplittableRandom rng = new SplittableRandom(hidden);
    int rows = 3;
    float[] g = new float[rows * 4 * hidden + 5];
    float[] cPrev = new float[rows * hidden + 3];
    float[] tc = new float[cPrev.length];
    float[] dAbove = new float[cPrev.length];
    float[] dh = new float[rows * hidden + 2];
    float[] dc = new float[dh.length];
    for (float[] x : new float[][] {g, cPrev, tc, dAbove, dh, dc}) {
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rng.nextDouble(-1.5, 1.5);
      }
    }
    float[] dGv = new float[g.length];
    float[] dGp = new float[g.length];
    float[] dcv = dc.clone();
    float[] dcp = dc.clone();
    for (int b = 0; b < rows; b++) {
      VECTOR.lstmCellBackward(g, dGv, 5 + b * 4 * hidden, cPrev, tc, dAbove, 3 + b * hidden, dh, dcv,
          2 + b * hidden, hidden);
      PLAIN.lstmCellBackward(g, dGp, 5 + b * 4 * hidden, cPrev, tc, dAbove, 3 + b * hidden, dh, dcp,
          2 + b * hidden, hidden);
    }
    assertThat(Arrays.mismatch(dGv, dGp)).as("first dG differing").isEqualTo(-1);
    assertThat(Arrays.mismatch(dcv, dcp)).as("first dc differing").isEqualTo(-1);
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {1, 15, 16, 17, 64, 100, 1024, 1031})
  void addRows_bitForBitAsPlain_andAnExactSum(int n) {
    // Each column one chain of additions in row order: the vector kernel must give the plain
    // kernel's bits, which are themselves the float sum taken left to right by hand.
    SplittableRandom rng = new SplittableRandom(n);
    int rows = 37;
    int ld = n + 9;
    float[] src = new float[3 + rows * ld];
    for (int i = 0; i < src.length; i++) {
      src[i] = (float) rng.nextDouble(-2, 2);
    }
    float[] start = new float[n + 4];
    for (int i = 0; i < start.length; i++) {
      start[i] = (float) rng.nextDouble(-1, 1);
    }
    float[] v = start.clone();
    float[] p = start.clone();
    VECTOR.addRows(src, 3, ld, rows, v, 4, n);
    PLAIN.addRows(src, 3, ld, rows, p, 4, n);
    assertThat(Arrays.mismatch(v, p)).as("first column differing").isEqualTo(-1);
    for (int j : new int[] {0, n / 2, n - 1}) {
      float s = start[4 + j];
      for (int r = 0; r < rows; r++) {
        s = s + src[3 + r * ld + j];
      }
      assertThat(v[4 + j]).as("column %d", j).isEqualTo(s);
    }
    assertThat(v[0]).as("before dstOff untouched").isEqualTo(start[0]);
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {1, 16, 33, 100, 1024})
  void addRowsInTwoPlaces_givesEachPlaceTheBitsOfItsOwnCall(int n) {
    // b_ih's and b_hh's gradients from one pass over the rows: each of the two places must get
    // what addRows alone gives it from its own starting values, in both kernels.
    SplittableRandom rng = new SplittableRandom(100 + n);
    int rows = 29; // three blocks of SUM_ROWS and a part of one
    int ld = n + 5;
    float[] src = new float[2 + rows * ld];
    for (int i = 0; i < src.length; i++) {
      src[i] = (float) rng.nextDouble(-3, 3);
    }
    float[] start = new float[2 * n + 3];
    for (int i = 0; i < start.length; i++) {
      start[i] = (float) rng.nextDouble(-1, 1);
    }
    float[] once = start.clone();
    PLAIN.addRows(src, 2, ld, rows, once, 1, n);
    PLAIN.addRows(src, 2, ld, rows, once, 1 + n, n);
    for (ActivationKernel k : new ActivationKernel[] {PLAIN, VECTOR}) {
      float[] both = start.clone();
      k.addRows(src, 2, ld, rows, both, 1, 1 + n, n);
      assertThat(Arrays.mismatch(both, once)).as(k.name() + ": first element differing")
          .isEqualTo(-1);
    }
    float s = start[1 + n + n - 1];
    for (int r = 0; r < rows; r++) {
      s = s + src[2 + r * ld + n - 1];
    }
    assertThat(once[1 + n + n - 1]).as("last column of the second place, by hand").isEqualTo(s);
  }

  private static void apply(ActivationKernel k, String function, float[] x, int off, int n) {
    if (function.equals("sigmoid")) {
      k.sigmoid(x, off, n);
    } else {
      k.tanh(x, off, n);
    }
  }
}

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel's register tile, 4 rows × 48 columns (three 512-bit vectors, as VectorMatMul's
 * tile4r, its stores in a helper) against 4 × 64 (four vectors, sixteen sums, its stores written
 * out so that the method is too large for C2 to inline into its caller and compiles on its own),
 * each over packed panels of its width: C (64, N) += A (64, 256)·B, N = 1008 and 1024, on one
 * thread, panels outermost as in VectorMatMul.sweep. Prints GFLOP/s for eight rounds after four.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector tools/bench/WideTile.java
 * </pre>
 */
public final class WideTile {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
  static final int L = 16;

  static void store(FloatVector v0, FloatVector v1, FloatVector v2, float[] c, int ci) {
    v0.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
    v1.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
    v2.add(FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
  }

  static void tile48(int kc, float[] a, int ai, int ars, float[] b, int bi, float[] c, int ci, int cs) {
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
    int a1 = ai + ars, a2 = ai + 2 * ars, a3 = ai + 3 * ars;
    for (int p = 0; p < kc; p++) {
      int bp = bi + p * 48;
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector x = FloatVector.broadcast(S, a[ai + p]);
      c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
      x = FloatVector.broadcast(S, a[a1 + p]);
      c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
      x = FloatVector.broadcast(S, a[a2 + p]);
      c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22);
      x = FloatVector.broadcast(S, a[a3 + p]);
      c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32);
    }
    store(c00, c01, c02, c, ci);
    store(c10, c11, c12, c, ci + cs);
    store(c20, c21, c22, c, ci + 2 * cs);
    store(c30, c31, c32, c, ci + 3 * cs);
  }

  static void tile64(int kc, float[] a, int ai, int ars, float[] b, int bi, float[] c, int ci, int cs) {
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
    int a1 = ai + ars, a2 = ai + 2 * ars, a3 = ai + 3 * ars;
    for (int p = 0; p < kc; p++) {
      int bp = bi + p * 64;
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
      FloatVector x = FloatVector.broadcast(S, a[ai + p]);
      c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
      x = FloatVector.broadcast(S, a[a1 + p]);
      c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
      x = FloatVector.broadcast(S, a[a2 + p]);
      c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
      x = FloatVector.broadcast(S, a[a3 + p]);
      c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
    }
    int r = ci;
    c00.add(FloatVector.fromArray(S, c, r)).intoArray(c, r);
    c01.add(FloatVector.fromArray(S, c, r + L)).intoArray(c, r + L);
    c02.add(FloatVector.fromArray(S, c, r + 2 * L)).intoArray(c, r + 2 * L);
    c03.add(FloatVector.fromArray(S, c, r + 3 * L)).intoArray(c, r + 3 * L);
    r += cs;
    c10.add(FloatVector.fromArray(S, c, r)).intoArray(c, r);
    c11.add(FloatVector.fromArray(S, c, r + L)).intoArray(c, r + L);
    c12.add(FloatVector.fromArray(S, c, r + 2 * L)).intoArray(c, r + 2 * L);
    c13.add(FloatVector.fromArray(S, c, r + 3 * L)).intoArray(c, r + 3 * L);
    r += cs;
    c20.add(FloatVector.fromArray(S, c, r)).intoArray(c, r);
    c21.add(FloatVector.fromArray(S, c, r + L)).intoArray(c, r + L);
    c22.add(FloatVector.fromArray(S, c, r + 2 * L)).intoArray(c, r + 2 * L);
    c23.add(FloatVector.fromArray(S, c, r + 3 * L)).intoArray(c, r + 3 * L);
    r += cs;
    c30.add(FloatVector.fromArray(S, c, r)).intoArray(c, r);
    c31.add(FloatVector.fromArray(S, c, r + L)).intoArray(c, r + L);
    c32.add(FloatVector.fromArray(S, c, r + 2 * L)).intoArray(c, r + 2 * L);
    c33.add(FloatVector.fromArray(S, c, r + 3 * L)).intoArray(c, r + 3 * L);
  }

  // sweep-like drivers: all row groups x all panels (M=64, N=nr*panels, K=256)
  static void sweep48(float[] a, float[] b, float[] c, int m, int n, int k) {
    for (int jr = 0; jr < n; jr += 48) {
      for (int i = 0; i < m; i += 4) {
        tile48(k, a, i * k, k, b, jr * k, c, i * n + jr, n);
      }
    }
  }

  static void sweep64(float[] a, float[] b, float[] c, int m, int n, int k) {
    for (int jr = 0; jr < n; jr += 64) {
      for (int i = 0; i < m; i += 4) {
        tile64(k, a, i * k, k, b, jr * k, c, i * n + jr, n);
      }
    }
  }

  public static void main(String[] args) {
    int m = 64, k = 256;
    int n48 = 1008, n64 = 1024; // whole panels only
    java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
    float[] a = new float[m * k];
    for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextDouble(-1, 1);
    float[] b48 = new float[n48 * k], b64 = new float[n64 * k];
    for (int i = 0; i < b48.length; i++) b48[i] = (float) rng.nextDouble(-1, 1);
    for (int i = 0; i < b64.length; i++) b64[i] = (float) rng.nextDouble(-1, 1);
    float[] c48 = new float[m * n48], c64 = new float[m * n64];
    int reps = 200;
    for (int round = 0; round < 12; round++) {
      long t0 = System.nanoTime();
      for (int r = 0; r < reps; r++) sweep48(a, b48, c48, m, n48, k);
      long t1 = System.nanoTime();
      for (int r = 0; r < reps; r++) sweep64(a, b64, c64, m, n64, k);
      long t2 = System.nanoTime();
      if (round >= 4) {
        System.out.printf("4x48 %.0f GFLOP/s   4x64 %.0f GFLOP/s%n",
            2.0 * m * n48 * k * reps / (t1 - t0), 2.0 * m * n64 * k * reps / (t2 - t1));
      }
    }
  }
}

package org.lstmlab.core.kernel;

/**
 * The reference {@link ActivationKernel}: a loop over the scalar {@link Activations}, computed in
 * double and rounded once. Also the only one in the double-precision twin.
 */
public final class PlainActivations implements ActivationKernel {

  /** The shared instance; the class has no state. */
  public static final PlainActivations INSTANCE = new PlainActivations();

  private PlainActivations() {}

  @Override
  public void sigmoid(float[] x, int off, int n) {
    for (int i = off; i < off + n; i++) {
      x[i] = Activations.sigmoid(x[i]);
    }
  }

  @Override
  public void tanh(float[] x, int off, int n) {
    tanh(x, off, x, off, n);
  }

  @Override
  public void tanh(float[] src, int srcOff, float[] dst, int dstOff, int n) {
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = Activations.tanh(src[srcOff + i]);
    }
  }

  @Override
  public void lstmCellForward(float[] g, int row, float[] c, int prev, int next, float[] tc,
      int tcOff, float[] h, int hOff, int hidden) {
    cellState(g, row, c, prev, next, hidden, 0, hidden);
    tanh(c, next, tc, tcOff, hidden);
    cellOutput(g, row, tc, tcOff, h, hOff, hidden, 0, hidden);
  }

  /** c_t = f·c_{t−1} + i·g for units [j0, j1) (see lstmCellForward); the vector kernel's too. */
  static void cellState(float[] g, int row, float[] c, int prev, int next, int hidden, int j0,
      int j1) {
    final int H = hidden;
    for (int j = j0; j < j1; j++) {
      c[next + j] = g[row + H + j] * c[prev + j] + g[row + j] * g[row + 2 * H + j];
    }
  }

  /** h_t = o·tanh c_t for units [j0, j1) (see lstmCellForward); the vector kernel's too. */
  static void cellOutput(float[] g, int row, float[] tc, int tcOff, float[] h, int hOff,
      int hidden, int j0, int j1) {
    for (int j = j0; j < j1; j++) {
      h[hOff + j] = g[row + 3 * hidden + j] * tc[tcOff + j];
    }
  }

  @Override
  public void lstmCellBackward(float[] g, float[] dG, int row, float[] cPrev, float[] tc,
      float[] dAbove, int hs, float[] dh, float[] dc, int s, int hidden) {
    lstmCellBackward(g, dG, row, cPrev, tc, dAbove, hs, dh, dc, s, hidden, 0, hidden);
  }

  /** {@link #lstmCellBackward} for units [j0, j1) of the row; the vector kernel's tail too. */
  static void lstmCellBackward(float[] g, float[] dG, int row, float[] cPrev, float[] tc,
      float[] dAbove, int hs, float[] dh, float[] dc, int s, int hidden, int j0, int j1) {
    final int H = hidden;
    for (int j = j0; j < j1; j++) {
      float ig = g[row + j];
      float fg = g[row + H + j];
      float cg = g[row + 2 * H + j];
      float og = g[row + 3 * H + j];
      float t = tc[hs + j];
      float d = dAbove[hs + j] + dh[s + j];
      float dcj = dc[s + j] + d * og * (1f - t * t);
      dG[row + j] = dcj * cg * ig * (1f - ig);
      dG[row + H + j] = dcj * cPrev[hs + j] * fg * (1f - fg);
      dG[row + 2 * H + j] = dcj * ig * (1f - cg * cg);
      dG[row + 3 * H + j] = d * t * og * (1f - og);
      dc[s + j] = dcj * fg;
    }
  }

  @Override
  public void addRows(float[] src, int off, int ld, int rows, float[] dst, int dstOff, int n) {
    columnSums(src, off, ld, rows, dst, dstOff, 0, n);
  }

  @Override
  public void addRows(float[] src, int off, int ld, int rows, float[] dst, int dstOff,
      int dst2Off, int n) {
    columnSums(src, off, ld, rows, dst, dstOff, 0, n);
    columnSums(src, off, ld, rows, dst, dst2Off, 0, n);
  }

  /** {@link #addRows} for the columns [j0, j1); the vector kernel's tail too. */
  static void columnSums(
      float[] src, int off, int ld, int rows, float[] dst, int dstOff, int j0, int j1) {
    for (int j = j0; j < j1; j++) {
      float s = dst[dstOff + j];
      for (int r = 0; r < rows; r++) {
        s += src[off + r * ld + j];
      }
      dst[dstOff + j] = s;
    }
  }

  @Override
  public String name() {
    return "plain";
  }
}

import java.util.Arrays;
import java.util.SplittableRandom;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Adam;
import org.lstmlab.core.optim.Optimizer;

/**
 * Where a window of the notebook's training goes, through the public API only: per window,
 * zeroGrad, forward, loss and backward, Adam's step, each timed with nanoTime; prints, per
 * training of 1800 windows (the notebook's 20 epochs of 90 windows of 10 steps, H 100), the
 * training's time and the median of each part over its second half.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:+UseSerialGC -Dlstmlab.threads=2 \
 *     -cp lstmlab.jar tools/bench/NotebookWindow.java LSTM 10   # cell, trainings
 * </pre>
 *
 * The first trainings of a JVM run code the JIT has not finished compiling (see
 * BenchCommand.NOTEBOOK_WARM): read the later lines.
 */
public final class NotebookWindow {
  public static void main(String[] args) {
    CellType cell = CellType.valueOf(args[0]);
    int trainings = Integer.parseInt(args[1]);
    SplittableRandom rng = new SplittableRandom(5);
    float[] x = new float[910];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (Math.sin(i * 0.1) + rng.nextDouble(-0.1, 0.1));
    }
    String[] names = {"zeroGrad", "forward", "backward", "adam", "window"};
    for (int run = 0; run < trainings; run++) {
      SequenceModel model = SequenceModel.builder(cell, 1, 100).outputSize(1).seed(43).build();
      Optimizer adam = Adam.builder().lr(0.01).build();
      Mse mse = new Mse();
      float[] xn = new float[10];
      float[] yn = new float[1];
      float[] dPred = new float[1];
      SequenceBatch window = SequenceBatch.of(xn, 1, 10, 1);
      int windows = 1800;
      double[][] us = new double[names.length][windows];
      long start = System.nanoTime();
      for (int n = 0; n < windows; n++) {
        int at = (n % 90) * 10;
        System.arraycopy(x, at, xn, 0, 10);
        yn[0] = x[at + 10];
        long t0 = System.nanoTime();
        model.parameters().zeroGrad();
        long t1 = System.nanoTime();
        float[] pred = model.forward(window, Mode.TRAINING);
        long t2 = System.nanoTime();
        mse.gradient(pred, yn, dPred);
        model.backwardParameters(dPred);
        long t3 = System.nanoTime();
        adam.step(model.parameters());
        long t4 = System.nanoTime();
        us[0][n] = (t1 - t0) / 1e3;
        us[1][n] = (t2 - t1) / 1e3;
        us[2][n] = (t3 - t2) / 1e3;
        us[3][n] = (t4 - t3) / 1e3;
        us[4][n] = (t4 - t0) / 1e3;
      }
      StringBuilder line = new StringBuilder(String.format("%s training %d: %.1f ms; medians (µs):",
          cell, run, (System.nanoTime() - start) / 1e6));
      for (int j = 0; j < names.length; j++) {
        double[] late = Arrays.copyOfRange(us[j], windows / 2, windows);
        Arrays.sort(late);
        line.append(String.format(" %s %.2f", names[j], late[late.length / 2]));
      }
      System.out.println(line);
    }
  }
}

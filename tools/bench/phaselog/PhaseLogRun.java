import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import org.lstmlab.core.data.NotebookSeries;
import org.lstmlab.core.data.Windows;
import org.lstmlab.core.kernel.PhaseLog;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Adam;
import org.lstmlab.core.optim.Optimizer;

/**
 * Runs a workload on an instrumented build (build.sh) and writes its phase log for phaselog.py.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:+UseSerialGC -Dlstmlab.threads=2 \
 *     -cp /tmp/phaselog.jar tools/bench/phaselog/PhaseLogRun.java notebook|latency OUT.bin
 * </pre>
 *
 * notebook: the notebook's LSTM training (`lstmlab bench`'s, 20 epochs of 90 windows, fresh model
 * and Adam each run), 6 runs, the last one logged; latency: 200 000 predictions of the notebook's
 * windows through an untrained notebook LSTM, frozen as `lstmlab bench` freezes it, the second
 * half logged. The file ends with the start of every logged window (or prediction) and the end of
 * the last, so that the analysis can set the phases against whole windows.
 */
public class PhaseLogRun {
  public static void main(String[] args) throws Exception {
    Windows data = Windows.of(
        NotebookSeries.values(NotebookSeries.DEFAULT_SIZE, NotebookSeries.DEFAULT_NOISE, 42), 10);
    int w = data.window();
    float[] x = data.x();
    float[] y = data.y();
    float[] xn = new float[w];
    SequenceBatch window = SequenceBatch.of(xn, 1, w, 1);
    long[] marks;
    if (args[0].equals("notebook")) {
      int windows = 20 * data.count();
      marks = new long[windows + 1];
      for (int run = 0; run < 6; run++) {
        SequenceModel model = SequenceModel.builder(CellType.LSTM, 1, 100).outputSize(1)
            .seed(43).build();
        Optimizer adam = Adam.builder().lr(0.01).build();
        Mse mse = new Mse();
        float[] yn = new float[1];
        float[] dPred = new float[1];
        PhaseLog.reset();
        long start = System.nanoTime();
        int k = 0;
        for (int epoch = 0; epoch < 20; epoch++) {
          for (int n = 0; n < data.count(); n++) {
            System.arraycopy(x, n * w, xn, 0, w);
            yn[0] = y[n];
            marks[k++] = System.nanoTime();
            model.parameters().zeroGrad();
            float[] pred = model.forward(window, Mode.TRAINING);
            mse.gradient(pred, yn, dPred);
            model.backwardParameters(dPred);
            adam.step(model.parameters());
          }
        }
        marks[k] = System.nanoTime();
        System.out.printf("run %d: %.1f ms%n", run, (marks[k] - start) / 1e6);
      }
    } else {
      // Frozen, as lstmlab bench's latency predicts (no comparison of W_hh with its packed copy).
      org.lstmlab.core.nn.FrozenModel model = SequenceModel.builder(CellType.LSTM, 1, 100)
          .outputSize(1).seed(43).build().freeze();
      int calls = 200_000;
      marks = new long[calls / 2 + 1];
      double sink = 0;
      for (int i = 0; i < calls; i++) {
        if (i == calls / 2) {
          PhaseLog.reset();
        }
        System.arraycopy(x, (i % data.count()) * w, xn, 0, w);
        if (i >= calls / 2) {
          marks[i - calls / 2] = System.nanoTime();
        }
        sink += model.predict(window)[0];
      }
      marks[calls / 2] = System.nanoTime();
      System.out.println("checksum " + sink);
    }
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(new FileOutputStream(args[1])))) {
      PhaseLog.dump(out);
      out.writeInt(marks.length);
      for (long m : marks) {
        out.writeLong(m);
      }
    }
  }
}

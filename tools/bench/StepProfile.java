import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Adam;
import org.lstmlab.core.optim.Optimizer;

/**
 * The batched training step of {@code lstmlab bench} (B 64, T 100, I 32, H 256, MSE on the last
 * step, Adam) alone, for profiles and before/after comparisons on a busy machine.
 *
 * <pre>
 * javac -cp lstmlab.jar -d DIR tools/bench/StepProfile.java
 * java --add-modules jdk.incubator.vector -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
 *     -cp lstmlab.jar:DIR StepProfile THREADS WARM RUNS [RECORDING.jfr]
 * </pre>
 *
 * Prints the median and fastest wall time and the calling thread's CPU time per step (on one
 * thread the CPU time hardly moves when other processes share the cores, the wall time does). With
 * a file name, a JFR recording (the JDK's "profile" settings) covers the timed steps only, after
 * the warm-up steps, so that what it shows is the code C2 compiled, not the interpreter's or C1's
 * first runs (which use the Vector API's Java fallbacks by design). A first recording with the
 * same settings starts before the warm-up: starting JFR instruments JDK classes, and the JIT then
 * throws away compiled code that depends on them, so a recording first started after the warm-up
 * catches the recompilation, C1's code and its fallbacks included (on 5 December 2026 that made
 * 13% of the step's samples look like fallbacks; with the first recording, none).
 */
public final class StepProfile {
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    int warm = Integer.parseInt(args[1]);
    int runs = Integer.parseInt(args[2]);
    org.lstmlab.core.nn.Compute.setThreads(threads);
    SequenceModel model = SequenceModel.builder(CellType.LSTM, 32, 256).seed(7).build();
    Optimizer adam = Adam.builder().lr(1e-3).build();
    Mse mse = new Mse();
    SplittableRandom rng = new SplittableRandom(3);
    float[] x = new float[64 * 100 * 32];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    float[] y = new float[64];
    float[] dPred = new float[64];
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] ms = new double[runs];
    double[] cpu = new double[runs];
    Recording primer = null;
    if (args.length > 3) {
      primer = new Recording(Configuration.getConfiguration("profile"));
      primer.start();
    }
    Recording recording = null;
    for (int i = -warm; i < runs; i++) {
      if (i == 0 && args.length > 3) {
        recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
      }
      long t0 = System.nanoTime();
      long c0 = mx.getCurrentThreadCpuTime();
      model.parameters().zeroGrad();
      float[] pred = model.forward(org.lstmlab.core.nn.SequenceBatch.of(x, 64, 100, 32),
          org.lstmlab.core.nn.Mode.TRAINING);
      mse.gradient(pred, y, dPred);
      model.backwardParameters(dPred); // as lstmlab bench's step: no input gradient
      adam.step(model.parameters());
      if (i >= 0) {
        ms[i] = (System.nanoTime() - t0) / 1e6;
        cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
      }
    }
    if (recording != null) {
      recording.stop();
      recording.dump(Path.of(args[3]));
      primer.close();
    }
    Arrays.sort(ms);
    Arrays.sort(cpu);
    System.out.printf(
        "{\"threads\":%d,\"train_step_ms\":%.2f,\"min_ms\":%.2f,\"caller_cpu_ms\":%.2f}%n",
        threads, ms[runs / 2], ms[0], cpu[runs / 2]);
  }
}

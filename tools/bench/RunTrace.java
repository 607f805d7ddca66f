import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Compute;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Adam;
import org.lstmlab.core.optim.Optimizer;

/**
 * The batched workload of {@code lstmlab bench} (B 64, T 100, I 32, H 256) run by run from a fresh
 * JVM: each run's time and the JIT's compilation time that ended during it, to see when the JIT
 * goes quiet and what a warm-up of a given length would time.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp lstmlab.jar tools/bench/RunTrace.java \
 *     step|infer THREADS RUNS [warm-up]
 * </pre>
 *
 * Prints one line of runs, each "ms" or "ms/compiled ms", then the median of runs 6 to 20 (what
 * a warm-up of 5 runs and 15 timed ones gave) and of the last 15. With {@code warm-up}, the runs
 * come after {@code lstmlab bench}'s own warm-up ({@code BenchCommand.warmUp}, at least 5 runs,
 * reached by reflection), whose length it prints, and the medians are of the first 15 runs and
 * the last 15. Run it the way the launcher runs java (its flags: {@code ./lstmlab} with
 * JAVA_OPTS=-XX:+PrintFlagsFinal shows them) to see what the bench sees.
 */
public final class RunTrace {
  public static void main(String[] args) {
    boolean step = args[0].equals("step");
    Compute.setThreads(Integer.parseInt(args[1]));
    int runs = Integer.parseInt(args[2]);
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
    SequenceBatch batch = SequenceBatch.of(x, 64, 100, 32);
    Runnable once = () -> {
      if (step) {
        model.parameters().zeroGrad();
        float[] pred = model.forward(batch, Mode.TRAINING);
        mse.gradient(pred, y, dPred);
        model.backwardParameters(dPred);
        adam.step(model.parameters());
      } else {
        model.predict(batch);
      }
    };
    boolean warmUp = args.length > 3 && args[3].equals("warm-up");
    if (warmUp) {
      long start = System.nanoTime();
      System.out.printf(Locale.ROOT, "warm-up: %d runs, %.1f s%n", benchWarmUp(5, once),
          (System.nanoTime() - start) / 1e9);
    }
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    double[] ms = new double[runs];
    long[] compiled = new long[runs + 1];
    compiled[0] = jit.getTotalCompilationTime();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      once.run();
      ms[i] = (System.nanoTime() - start) / 1e6;
      compiled[i + 1] = jit.getTotalCompilationTime();
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < runs; i++) {
      long c = compiled[i + 1] - compiled[i];
      line.append(String.format(Locale.ROOT, "%.1f", ms[i])).append(c > 0 ? "/" + c : "")
          .append(' ');
    }
    System.out.println(line.toString().strip());
    int from = warmUp ? 0 : 5;
    if (runs >= from + 15) {
      System.out.printf(Locale.ROOT, "median of runs %d-%d %.1f ms, of the last 15 %.1f ms%n",
          from + 1, from + 15, median(Arrays.copyOfRange(ms, from, from + 15)),
          median(Arrays.copyOfRange(ms, runs - 15, runs)));
    }
  }

  /** BenchCommand.warmUp(min, 20 s, once), package-private in the CLI: by reflection. */
  private static int benchWarmUp(int min, Runnable once) {
    try {
      Class<?> bench = Class.forName("org.lstmlab.cli.BenchCommand");
      Class<?> timed = Class.forName("org.lstmlab.cli.BenchCommand$Timed");
      Object t = Proxy.newProxyInstance(timed.getClassLoader(), new Class<?>[] {timed},
          (proxy, method, a) -> {
            once.run();
            return 0.0;
          });
      Method warmUp = bench.getDeclaredMethod("warmUp", int.class, double.class, timed);
      warmUp.setAccessible(true);
      return (int) warmUp.invoke(null, min, 20.0, t);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double median(double[] v) {
    Arrays.sort(v);
    return v[v.length / 2];
  }
}

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Latency of {@code predict} for two or more builds of lstmlab, interleaved in one JVM so that
 * they share the host's good and bad moments: each jar gets its own class loader, and rounds of
 * 2000 predicts alternate between them (order reversed every round). Prints, per jar, the median
 * over rounds of each round's median, and for two jars the median per-round ratio B/A.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:+UseSerialGC -Dlstmlab.threads=2 \
 *     tools/bench/InterleavedLatency.java STEPS ROUNDS a.jar b.jar [...]
 * </pre>
 *
 * The model: {@code -Dcell=LSTM} (or GRU, RNN_TANH, RNN_RELU), {@code -DB=1 -DH=100 -DI=1}, one
 * output, seed 43, untrained, and with {@code -Dfrozen=true} frozen, as {@code lstmlab bench}'s
 * latency predicts; the window's values are uniform in [-1, 1], new at every call.
 */
public class InterleavedLatency {

  private record Build(String jar, Object model, Method predict, Object batch, float[] x) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: InterleavedLatency STEPS ROUNDS a.jar [b.jar ...]");
      System.exit(2);
    }
    int steps = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    int b = Integer.getInteger("B", 1);
    int h = Integer.getInteger("H", 100);
    int in = Integer.getInteger("I", 1);
    String cell = System.getProperty("cell", "LSTM");
    List<Build> builds = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      builds.add(load(args[i], cell, b, steps, in, h));
    }
    int n = builds.size();
    int calls = 2000;
    double[][] p50 = new double[n][rounds];
    long[] times = new long[calls];
    SplittableRandom rng = new SplittableRandom(3);
    double sink = 0;
    for (int round = -20; round < rounds; round++) { // 20 rounds of warm-up
      for (int j = 0; j < n; j++) {
        int k = (round & 1) == 0 ? j : n - 1 - j;
        Build m = builds.get(k);
        for (int c = 0; c < calls; c++) {
          for (int e = 0; e < m.x().length; e++) {
            m.x()[e] = (float) rng.nextDouble(-1, 1);
          }
          long t0 = System.nanoTime();
          sink += ((float[]) m.predict().invoke(m.model(), m.batch()))[0];
          times[c] = System.nanoTime() - t0;
        }
        Arrays.sort(times);
        if (round >= 0) {
          p50[k][round] = times[calls / 2] / 1e3;
        }
      }
    }
    for (int k = 0; k < n; k++) {
      double[] v = p50[k].clone();
      Arrays.sort(v);
      System.out.printf("%s: %.2f µs (quartiles of the rounds %.2f, %.2f)%n", builds.get(k).jar(),
          v[rounds / 2], v[rounds / 4], v[3 * rounds / 4]);
    }
    if (n == 2) {
      double[] ratio = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        ratio[r] = p50[1][r] / p50[0][r];
      }
      Arrays.sort(ratio);
      System.out.printf("B/A per round: %.3f (quartiles %.3f, %.3f)%n", ratio[rounds / 2],
          ratio[rounds / 4], ratio[3 * rounds / 4]);
    }
    if (Double.isNaN(sink)) {
      System.out.println("a prediction was NaN");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Build load(String jar, String cell, int b, int steps, int in, int h)
      throws Exception {
    URLClassLoader loader = new URLClassLoader(new URL[] {new File(jar).toURI().toURL()},
        ClassLoader.getPlatformClassLoader());
    Class<?> cellType = loader.loadClass("org.lstmlab.core.nn.CellType");
    Class<?> modelType = loader.loadClass("org.lstmlab.core.nn.SequenceModel");
    Class<?> batchType = loader.loadClass("org.lstmlab.core.nn.SequenceBatch");
    Object builder = modelType.getMethod("builder", cellType, int.class, int.class)
        .invoke(null, Enum.valueOf((Class) cellType, cell), in, h);
    builder = builder.getClass().getMethod("outputSize", int.class).invoke(builder, 1);
    builder = builder.getClass().getMethod("seed", long.class).invoke(builder, 43L);
    Object model = builder.getClass().getMethod("build").invoke(builder);
    float[] x = new float[b * steps * in];
    Object batch = batchType.getMethod("of", float[].class, int.class, int.class, int.class)
        .invoke(null, x, b, steps, in);
    if (Boolean.getBoolean("frozen")) { // as lstmlab bench's latency predicts
      Object frozen = modelType.getMethod("freeze").invoke(model);
      return new Build(jar, frozen, frozen.getClass().getMethod("predict", batchType), batch, x);
    }
    return new Build(jar, model, modelType.getMethod("predict", batchType), batch, x);
  }
}

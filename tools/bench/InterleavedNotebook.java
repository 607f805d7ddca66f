import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The notebook's training (`lstmlab bench`'s notebook workload: the LSTM's 20 epochs, then the
 * RNN's, each from a fresh model) for two or more builds of lstmlab, interleaved in one JVM so
 * that they share the host's good and bad moments: each jar gets its own class loader, and the
 * builds take turns, one LSTM and one RNN training each per round (order reversed every round),
 * after 4 rounds of warm-up. Prints, per jar, the medians over rounds, and for two jars the median
 * per-round ratio B/A of both trainings together.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:+UseSerialGC -Dlstmlab.threads=2 \
 *     tools/bench/InterleavedNotebook.java ROUNDS a.jar b.jar [...]
 * </pre>
 */
public class InterleavedNotebook {

  private record Build(String jar, Method train, Object lstm, Object rnn, Object data) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: InterleavedNotebook ROUNDS a.jar [b.jar ...]");
      System.exit(2);
    }
    int rounds = Integer.parseInt(args[0]);
    List<Build> builds = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      builds.add(load(args[i]));
    }
    int n = builds.size();
    double[][] lstm = new double[n][rounds];
    double[][] rnn = new double[n][rounds];
    for (int round = -4; round < rounds; round++) {
      for (int j = 0; j < n; j++) {
        int k = (round & 1) == 0 ? j : n - 1 - j;
        Build b = builds.get(k);
        double l = (double) b.train().invoke(null, b.lstm(), b.data(), null);
        double r = (double) b.train().invoke(null, b.rnn(), b.data(), null);
        if (round >= 0) {
          lstm[k][round] = l;
          rnn[k][round] = r;
        }
      }
    }
    for (int k = 0; k < n; k++) {
      double[] both = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        both[r] = lstm[k][r] + rnn[k][r];
      }
      System.out.printf("%s: LSTM %.1f ms, RNN %.1f ms, both %.1f ms (quartiles %.1f, %.1f)%n",
          builds.get(k).jar(), median(lstm[k]), median(rnn[k]), median(both),
          quantile(both, 0.25), quantile(both, 0.75));
    }
    if (n == 2) {
      double[] ratio = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        ratio[r] = (lstm[1][r] + rnn[1][r]) / (lstm[0][r] + rnn[0][r]);
      }
      System.out.printf("B/A per round: %.3f (quartiles %.3f, %.3f)%n", median(ratio),
          quantile(ratio, 0.25), quantile(ratio, 0.75));
    }
  }

  private static double median(double[] v) {
    return quantile(v, 0.5);
  }

  private static double quantile(double[] v, double q) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[(int) (q * (s.length - 1) + 0.5)];
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Build load(String jar) throws Exception {
    URLClassLoader loader = new URLClassLoader(new URL[] {new File(jar).toURI().toURL()},
        ClassLoader.getPlatformClassLoader());
    Class<?> cellType = loader.loadClass("org.lstmlab.core.nn.CellType");
    Class<?> series = loader.loadClass("org.lstmlab.core.data.NotebookSeries");
    Class<?> windows = loader.loadClass("org.lstmlab.core.data.Windows");
    Class<?> bench = loader.loadClass("org.lstmlab.cli.BenchCommand");
    Object values = series.getMethod("values", int.class, double.class, long.class).invoke(null,
        series.getField("DEFAULT_SIZE").getInt(null),
        series.getField("DEFAULT_NOISE").getDouble(null), 42L);
    Object data = windows.getMethod("of", double[].class, int.class).invoke(null, values, 10);
    Class<?> models = Class.forName("[Lorg.lstmlab.core.nn.SequenceModel;", false, loader);
    Method train = bench.getDeclaredMethod("trainNotebook", cellType, windows, models);
    train.setAccessible(true);
    return new Build(jar, train, Enum.valueOf((Class) cellType, "LSTM"),
        Enum.valueOf((Class) cellType, "RNN_TANH"), data);
  }
}

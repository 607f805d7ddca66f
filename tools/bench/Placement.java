import java.util.Arrays;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.FrozenModel;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;

/**
 * One-window predictions (1, 10, 1) of an untrained notebook LSTM (H 100): the live model and N
 * frozen copies of it (SequenceModel.freeze), taking turns in one JVM, 2000 calls each a round.
 * Prints the median over rounds (after 3 of warm-up) of each one's per-round median. The copies
 * do the same work on arrays at different addresses, so their spread is what placement costs
 * (docs/BENCHMARKS.md, 7 December, day); the live model against the copies is what the frozen
 * model's skipped comparison saves.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:+UseSerialGC -Dlstmlab.threads=2 \
 *     -cp lstmlab.jar tools/bench/Placement.java 8 30   # copies, rounds
 * </pre>
 */
public final class Placement {
  public static void main(String[] args) {
    int copies = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    SequenceModel live = SequenceModel.builder(CellType.LSTM, 1, 100).seed(1).build();
    FrozenModel[] frozen = new FrozenModel[copies];
    for (int i = 0; i < copies; i++) {
      frozen[i] = live.freeze();
    }
    float[] x = new float[10];
    SequenceBatch window = SequenceBatch.of(x, 1, 10, 1);
    long[] ns = new long[2000];
    double[][] medians = new double[copies + 1][rounds];
    double sink = 0;
    for (int round = -3; round < rounds; round++) {
      for (int k = 0; k <= copies; k++) {
        for (int i = 0; i < ns.length; i++) {
          x[i % 10] = (float) Math.sin(i);
          long start = System.nanoTime();
          sink += k == 0 ? live.predict(window)[0] : frozen[k - 1].predict(window)[0];
          ns[i] = System.nanoTime() - start;
        }
        Arrays.sort(ns);
        if (round >= 0) {
          medians[k][round] = ns[ns.length / 2] / 1e3;
        }
      }
    }
    for (int k = 0; k <= copies; k++) {
      double[] m = medians[k];
      Arrays.sort(m);
      System.out.printf("%-9s median %.2f µs (rounds %.2f..%.2f)%n",
          k == 0 ? "live" : "frozen " + k, m[rounds / 2], m[0], m[rounds - 1]);
    }
    if (Double.isNaN(sink)) {
      System.out.println("a prediction was NaN");
    }
  }
}

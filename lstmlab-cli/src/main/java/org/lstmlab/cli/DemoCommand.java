package org.lstmlab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lstmlab.core.data.NotebookSeries;
import org.lstmlab.core.data.Windows;
import org.lstmlab.core.loss.Loss;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab demo}: a small end-to-end run on the tutorial notebook's series, until the full
 * notebook replay arrives.
 *
 * <p>It generates the notebook's noisy series (100 points), cuts it into windows of {@code
 * --window} values that each predict the next value, trains an LSTM and then a vanilla (tanh) RNN
 * on them with Adam and MSE, one update per window in window order, and prints the training loss
 * every second epoch, then the MSE of both models and of the naive last-value forecast on all
 * windows, and the training times. The series uses {@code --seed}; the models' initial weights use
 * {@code seed + 1} (LSTM) and {@code seed + 2} (RNN), so that no two random streams coincide.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Train an LSTM and a vanilla RNN to forecast the notebook's noisy series one step ahead,"
          + " and compare them with the naive last-value forecast.",
      "Prints the mean training loss every 2 epochs, then the MSE on all windows and the"
          + " training times."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--hidden",
      paramLabel = "H",
      defaultValue = "100",
      description = "Hidden units of each model (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(
      names = "--window",
      paramLabel = "W",
      defaultValue = "10",
      description = "Values per input window (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      defaultValue = "0.01",
      description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      defaultValue = "20",
      description = "Passes over the windows (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "42",
      description =
          "Seed of the series' noise; the models start from seed+1 (LSTM) and seed+2 (RNN)"
              + " (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    double[] series =
        NotebookSeries.values(NotebookSeries.DEFAULT_SIZE, NotebookSeries.DEFAULT_NOISE, seed);
    Windows data = Windows.of(series, window);
    Loss mse = new Mse();

    out.printf(
        Locale.ROOT,
        "Series: the notebook's, %d points on [0, 10*pi], noise %s, seed %d -> %d windows of %d"
            + " values, each predicting the next%n",
        series.length,
        NotebookSeries.DEFAULT_NOISE,
        seed,
        data.count(),
        window);
    out.printf(
        Locale.ROOT,
        "Training: hidden %d, Adam lr %s, MSE, batch 1 (one update per window, in order),"
            + " %d epoch%s%n",
        hidden,
        lr,
        epochs,
        epochs == 1 ? "" : "s");
    out.println("loss = mean training loss over the epoch's windows");

    Result lstm = train("LSTM", CellType.LSTM, seed + 1, data, mse, out);
    Result rnn = train("RNN", CellType.RNN_TANH, seed + 2, data, mse, out);
    double naive = mse.value(data.lastValueForecast(), data.y());

    out.println();
    out.printf(Locale.ROOT, "MSE on all %d training windows%n", data.count());
    out.printf(Locale.ROOT, "%-12s %12s %12s%n", "model", "MSE", "train time");
    out.printf(Locale.ROOT, "%-12s %12.8f %10.2f s%n", lstm.name, lstm.mse, lstm.seconds);
    out.printf(Locale.ROOT, "%-12s %12.8f %10.2f s%n", rnn.name, rnn.mse, rnn.seconds);
    out.printf(Locale.ROOT, "%-12s %12.8f %12s%n", "last value", naive, "-");
    double noise = NotebookSeries.DEFAULT_NOISE;
    out.printf(
        Locale.ROOT,
        "(The noise alone has variance %s: the lowest MSE a forecast can expect on new data.)%n",
        noise * noise);
    out.flush();
    return Main.OK;
  }

  /** What one model achieved. */
  private static final class Result {
    final String name;
    final double mse;
    final double seconds;

    Result(String name, double mse, double seconds) {
      this.name = name;
      this.mse = mse;
      this.seconds = seconds;
    }
  }

  private Result train(
      String name, CellType cell, long modelSeed, Windows data, Loss loss, PrintWriter out) {
    SequenceModel model =
        SequenceModel.builder(cell, 1, hidden).layers(1).outputSize(1).seed(modelSeed).build();
    WindowTrainer trainer = new WindowTrainer(model, Adam.builder().lr(lr).build(), loss);
    out.println();
    out.println(name);
    long start = System.nanoTime();
    trainer.train(
        data,
        epochs,
        (epoch, meanLoss) -> {
          // As the notebook: every other epoch, and always the last.
          if (epoch % 2 == 1 || epoch == epochs) {
            out.printf(Locale.ROOT, "epoch: %3d loss: %10.8f%n", epoch, meanLoss);
            out.flush();
          }
        });
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(name, trainer.evaluate(data), seconds);
  }

  /** Flag values that parse but make no sense are usage errors that name the flag. */
  private void validate() {
    requireAtLeast("--hidden", hidden, 1);
    requireAtLeast("--epochs", epochs, 1);
    requireAtLeast("--window", window, 1);
    int maxWindow = NotebookSeries.DEFAULT_SIZE - Windows.DEFAULT_HORIZON;
    if (window > maxWindow) {
      throw usage(
          "--window must be at most "
              + maxWindow
              + " (the series has "
              + NotebookSeries.DEFAULT_SIZE
              + " values), got "
              + window);
    }
    if (!(lr > 0 && lr < Double.POSITIVE_INFINITY)) {
      throw usage("--lr must be a finite number > 0, got " + lr);
    }
  }

  private void requireAtLeast(String flag, long value, long min) {
    if (value < min) {
      throw usage(flag + " must be at least " + min + ", got " + value);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}

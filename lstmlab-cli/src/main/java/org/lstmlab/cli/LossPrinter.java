package org.lstmlab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.lstmlab.core.train.StopReason;
import org.lstmlab.core.train.TrainingListener;

/**
 * Prints a training run's progress in the notebook's style: every {@code every} epochs, and after
 * the last, a line
 *
 * <pre>
 *   epoch:   2 loss: 0.01234567  mean: 0.04567891  validation: 0.05678912
 * </pre>
 *
 * where {@code epoch} counts from 1, {@code loss} is the loss of the epoch's last batch (with batch
 * size 1 and windows in order: the notebook's {@code single_loss}, the last window's), {@code mean}
 * the mean training loss over the epoch's windows, each taken before its own update, and {@code
 * validation} the loss on the validation windows after the epoch (only when there are some). The
 * notebook prints the same epochs by their 0-based index (1, 3, …, 19 for 2, 4, …, 20).
 *
 * <p>On a terminal a progress bar (me.tongfei:progressbar) runs on stderr below the lines, each
 * line first clearing the bar's; elsewhere (a pipe, a file, a test) only the lines are printed, so
 * logs stay readable.
 */
final class LossPrinter implements TrainingListener {

  private final PrintWriter out;
  private final int every;
  private final int epochs;
  private final boolean bar;
  private ProgressBar progress; // created on the first batch, when the batch count is known
  private double lastBatchLoss = Double.NaN;

  /**
   * @param out where the lines go
   * @param every print every this many epochs, ≥ 1
   * @param epochs the run's configured epochs; the last is always printed
   * @param bar whether to show a progress bar on stderr (only on a terminal)
   */
  LossPrinter(PrintWriter out, int every, int epochs, boolean bar) {
    this.out = out;
    this.every = every;
    this.epochs = epochs;
    this.bar = bar;
  }

  /** Whether this process runs on a terminal, where a progress bar makes sense. */
  static boolean onTerminal() {
    return System.console() != null;
  }

  /** The notebook's line for one epoch. */
  static String line(int epoch, double lastBatchLoss, double meanLoss, double validationLoss) {
    String s = String.format(Locale.ROOT, "epoch: %3d loss: %10.8f  mean: %10.8f", epoch,
        lastBatchLoss, meanLoss);
    if (!Double.isNaN(validationLoss)) {
      s += String.format(Locale.ROOT, "  validation: %10.8f", validationLoss);
    }
    return s;
  }

  @Override
  public void onBatchEnd(int epoch, int batch, int batches, double loss) {
    lastBatchLoss = loss;
    if (!bar) {
      return;
    }
    if (progress == null) {
      progress = new ProgressBarBuilder()
          .setTaskName("training")
          .setInitialMax((long) batches * epochs)
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(200)
          .setConsumer(new ConsoleProgressBarConsumer(System.err))
          .build();
    }
    progress.step();
    if (batch == batches) {
      progress.setExtraMessage(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs));
    }
  }

  @Override
  public void onEpochEnd(int epoch, double trainLoss, double validationLoss, double lr,
      long elapsedMillis) {
    if (epoch % every != 0 && epoch != epochs) {
      return;
    }
    if (progress != null) {
      out.print("\r\033[2K"); // clear the bar's line; the bar redraws itself below
    }
    out.println(line(epoch, lastBatchLoss, trainLoss, validationLoss));
    out.flush();
  }

  @Override
  public void onStop(StopReason reason, String message) {
    if (progress != null) {
      progress.close();
      progress = null;
    }
  }
}

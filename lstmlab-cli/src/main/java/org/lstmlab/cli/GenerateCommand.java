package org.lstmlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lstmlab.core.data.NotebookSeries;
import org.lstmlab.io.CsvWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab generate}: the notebook's synthetic series as a CSV file with columns {@code t}
 * (the time point, numpy's {@code linspace(0, 10π, points)}) and {@code value}, written
 * atomically, ready for {@code lstmlab train --data F.csv --target value --time-column t}. The
 * values are written with every digit ({@link Double#toString}), so they read back exactly; the
 * time points, which serve as labels in reports and predictions, are rounded to 6 decimals so that
 * they read as labels ({@code 0.317333}, not {@code 0.3173325912716963}).
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Write the notebook's synthetic series (a sum of sines and cosines plus"
        + " Gaussian noise) as a CSV file with columns t,value.")
final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE", required = true,
      description = "The CSV file to write; replaced whole or left as it was.")
  Path out;

  @Option(names = "--points", paramLabel = "N", defaultValue = "" + NotebookSeries.DEFAULT_SIZE,
      description = "Points of the series (default: ${DEFAULT-VALUE}).")
  int points;

  @Option(names = "--noise", paramLabel = "SD", defaultValue = "" + NotebookSeries.DEFAULT_NOISE,
      description = "Standard deviation of the noise; 0 for the clean signal"
          + " (default: ${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
      description = "Seed of the noise (default: ${DEFAULT-VALUE}).")
  long seed;

  /** A time point to 6 decimals, without trailing zeros: 0, 0.317333, 31.415927. */
  static String label(double t) {
    return new java.math.BigDecimal(t).setScale(6, java.math.RoundingMode.HALF_EVEN)
        .stripTrailingZeros().toPlainString();
  }

  @Override
  public Integer call() throws IOException {
    Flags.range(spec, "--points", points, 1, 10_000_000);
    Flags.nonNegative(spec, "--noise", noise);
    Flags.output(spec, "--out", out);
    double[] t = NotebookSeries.time(points);
    double[] v = NotebookSeries.values(points, noise, seed);
    List<List<String>> rows = new ArrayList<>(points);
    for (int i = 0; i < points; i++) {
      rows.add(List.of(label(t[i]), Double.toString(v[i])));
    }
    CsvWriter.write(out, List.of("t", "value"), rows);
    spec.commandLine().getOut().printf(Locale.ROOT,
        "%s: %d points of the notebook's series (noise %s, seed %d), columns t,value%n", out,
        points, noise, seed);
    return Main.OK;
  }
}

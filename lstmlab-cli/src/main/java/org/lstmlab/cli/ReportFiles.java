package org.lstmlab.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.lstmlab.io.OutputTransaction;
import org.lstmlab.report.HtmlReport;
import org.lstmlab.report.PngChart;
import org.lstmlab.report.Report;

/**
 * Where a command's report goes: {@code report.html} (interactive, self-contained) and {@code
 * report.png} (the main chart) in one directory, created when the report is written.
 */
final class ReportFiles {

  static final String HTML = "report.html";
  static final String PNG = "report.png";

  /** Pixels of the PNG chart: wide enough for 100 points to read, 2:1 as a document figure. */
  static final int PNG_WIDTH = 1200;

  static final int PNG_HEIGHT = 600;

  private ReportFiles() {}

  /**
   * Checks, before any work, that {@code dir} is or can become the report directory, so that a
   * long run does not end in a failed write; nothing is created yet, so a run that fails leaves no
   * empty directory behind.
   *
   * @throws CommandFailure if a file of that name exists, or its parent is not a directory
   */
  static Path check(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new CommandFailure(dir + ": exists and is not a directory; give a directory for the"
          + " report");
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (!Files.exists(dir) && parent != null && Files.exists(parent)
        && !Files.isDirectory(parent)) {
      throw new CommandFailure(dir + ": " + parent + " is not a directory");
    }
    return dir;
  }

  private static void create(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new CommandFailure(dir + ": exists and is not a directory; give a directory for the"
          + " report", e);
    }
  }

  /**
   * Loads and initialises what writing a report needs (the chart library's classes, fonts, the
   * ECharts script) by rendering a tiny report to memory: about 0.4 s of CPU on first use. The demo
   * runs this on its second thread once the RNN has trained, while the LSTM still trains, so that
   * the real report costs less when its turn comes.
   */
  static void warmUp() {
    Report tiny = Report.builder("warm-up").series(
        org.lstmlab.report.Series.of("x", new double[] {0, 1, 0})).build();
    HtmlReport.render(tiny);
    try {
      // Drawn and encoded as the real chart will be: the PNG encoder's first use costs about 0.08 s.
      org.jfree.chart.ChartUtils.writeChartAsPNG(OutputStream.nullOutputStream(),
          PngChart.chart(tiny, PNG_WIDTH, PNG_HEIGHT), PNG_WIDTH, PNG_HEIGHT);
    } catch (IOException e) {
      // A null stream does not fail; and a warm-up that did would only cost speed.
    }
  }

  /**
   * Writes both files in one transaction and returns their paths: HTML, then PNG.
   *
   * @see #stage
   */
  static Path[] write(Report report, Path dir) throws IOException {
    try (OutputTransaction tx = OutputTransaction.begin()) {
      Path[] files = stage(tx, report, dir);
      tx.commit();
      return files;
    }
  }

  /**
   * Stages both files in {@code tx} (they replace the old ones when it commits, with whatever else
   * the command wrote) and returns their paths: HTML, then PNG. The two are independent, so the
   * PNG is drawn in memory on a second thread while the page is written on this one; on two cores
   * that saves the shorter of the two, about 0.5 s on the build machine. The drawing thread only
   * fills a byte array, and this one waits for it: nothing it does can leave a file behind.
   */
  static Path[] stage(OutputTransaction tx, Report report, Path dir) throws IOException {
    create(dir);
    Path html = dir.resolve(HTML);
    Path png = dir.resolve(PNG);
    FutureTask<byte[]> chart = new FutureTask<>(() -> PngChart.png(report, PNG_WIDTH, PNG_HEIGHT));
    Thread t = new Thread(chart, "lstmlab-report-png");
    t.setDaemon(true); // draws into memory only; a JVM that exits may drop it
    t.start();
    try {
      tx.stage(html, out -> HtmlReport.writeTo(report, out));
    } catch (IOException | RuntimeException e) {
      chart.cancel(true);
      throw e;
    }
    byte[] pngBytes = await(chart, png);
    tx.stage(png, out -> out.write(pngBytes));
    return new Path[] {html, png};
  }

  private static byte[] await(FutureTask<byte[]> chart, Path png) throws IOException {
    try {
      return chart.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while drawing " + png, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      throw new IllegalStateException("drawing " + png + ": " + c, c);
    }
  }

  /** Sets {@code "report": {"html": …, "png": …}} on a command's JSON, or null without a report. */
  static void putJson(com.fasterxml.jackson.databind.node.ObjectNode o, Path[] files) {
    if (files == null) {
      o.putNull("report");
      return;
    }
    com.fasterxml.jackson.databind.node.ObjectNode rep = o.putObject("report");
    rep.put("html", files[0].toString());
    rep.put("png", files[1].toString());
  }
}

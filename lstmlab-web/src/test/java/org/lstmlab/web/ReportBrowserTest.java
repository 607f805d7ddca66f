package org.lstmlab.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlab.report.CurveChart;
import org.lstmlab.report.HtmlReport;
import org.lstmlab.report.LossCurve;
import org.lstmlab.report.Report;
import org.lstmlab.report.Series;
import org.lstmlab.report.Trace;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reports that {@code lstmlab demo}, {@code lstmlab train --report} and {@code lstmlab
 * experiment --report} write, opened from disk in headless Chromium with no network: every chart
 * draws on its canvas and the console stays free of errors and warnings. Skipped when Chromium or
 * chromedriver is not installed.
 */
class ReportBrowserTest {

  /** How many canvases of at least 100 × 100 px have a non-blank pixel. */
  private static final String DRAWN =
      "return [...document.querySelectorAll('canvas')].filter(c => {"
          + "  if (c.width < 100 || c.height < 100) return false;"
          + "  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
          + "  for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;"
          + "  return false; }).length";

  @Test
  void report_opensOffline_drawsBothCharts_withoutConsoleErrors(@TempDir Path dir)
      throws IOException {
    assumeChromium();
    int n = 120;
    double[] actual = new double[n];
    double[] lstm = new double[n - 10];
    for (int i = 0; i < n; i++) {
      actual[i] = Math.sin(0.2 * i);
    }
    for (int i = 10; i < n; i++) {
      lstm[i - 10] = 0.9 * Math.sin(0.2 * i);
    }
    Report report =
        Report.builder("Browser check <b>not bold</b>")
            .series(Series.of("actual", actual))
            .prediction(Trace.from("LSTM", 10, lstm))
            .loss(LossCurve.of("LSTM", new double[] {0.5, 0.2, 0.1}, new double[] {0.6, 0.3, 0.2}))
            .metric("LSTM", "test", Map.of("mse", 0.01, "mae", 0.08))
            .config("window", 10)
            .build();
    ChromeDriver driver = show(report, dir);
    try {
      JavascriptExecutor js = driver;
      assertThat(waitForCharts(driver, 2)).isGreaterThanOrEqualTo(2);
      assertThat(driver.getTitle()).contains("Browser check <b>not bold</b>");
      // The title is user text: shown literally, never parsed as markup.
      assertThat(js.executeScript("return document.querySelector('h1').textContent"))
          .isEqualTo("Browser check <b>not bold</b>");
      assertThat(js.executeScript("return document.querySelector('h1').children.length"))
          .isEqualTo(0L);
      assertNoConsoleProblems(driver);
    } finally {
      driver.quit();
    }
  }

  /**
   * An experiment's report (no series): the loss chart starts on a log axis that its switch turns
   * linear, the accuracy chart draws beside it, the hover readout names the step and includes the
   * baseline, and the baseline toggles in the legend.
   */
  @Test
  void experimentReport_drawsLossAndAccuracy_logSwitch_tooltipWithBaseline(@TempDir Path dir)
      throws IOException {
    assumeChromium();
    double[] steps = {0, 20, 40, 60};
    String baseline = "baseline (uniform guess)";
    Report report =
        Report.builder("Temporal order, T = 20")
            .chart(CurveChart.builder("Held-out loss", "step", "test cross-entropy (nats)")
                .logScale(true)
                .curve("lstm", steps, new double[] {1.39, 0.9, 0.02, 0.0008})
                .curve("rnn", steps, new double[] {1.40, 1.38, 1.39, 1.37})
                .reference(baseline, Math.log(4))
                .build())
            .chart(CurveChart.builder("Held-out accuracy", "step", "test accuracy")
                .curve("lstm", steps, new double[] {0.26, 0.55, 0.99, 1.0})
                .curve("rnn", steps, new double[] {0.24, 0.25, 0.27, 0.26})
                .reference(baseline, 0.25)
                .build())
            .metric("lstm", "held-out (50)", Map.of("test loss", 0.0008, "accuracy", 1.0))
            .metric(baseline, "held-out (50)", Map.of("test loss", Math.log(4), "accuracy", 0.25))
            .config("task", "order")
            .build();
    ChromeDriver driver = show(report, dir);
    try {
      JavascriptExecutor js = driver;
      assertThat(waitForCharts(driver, 2)).isEqualTo(2); // loss and accuracy; no series chart
      String axisType = "return echarts.getInstanceByDom(document.getElementById('chart-curves-0'))"
          + ".getOption().yAxis[0].type";
      assertThat(js.executeScript(axisType)).isEqualTo("log");
      assertThat(driver.findElement(By.id("curves-log-0")).isSelected()).isTrue();
      driver.findElement(By.id("curves-log-0")).click();
      assertThat(js.executeScript(axisType)).isEqualTo("value");
      assertThat(driver.findElements(By.id("curves-log-1"))).isEmpty();

      // Hover readout at the second evaluation: the step, both models, then the baseline, which
      // has no point at step 20 of its own.
      String showTip = "const el = document.getElementById(arguments[0]);"
          + "echarts.getInstanceByDom(el).dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: arguments[1]});"
          + "return el.innerText;";
      String tip = (String) js.executeScript(showTip, "chart-curves-1", 1);
      assertThat(tip).contains("step 20", "lstm\n0.55", "rnn\n0.25", baseline + "\n0.25");
      assertThat((String) js.executeScript(showTip, "chart-curves-0", 1))
          .contains("step 20", "lstm\n0.9", baseline + "\n1.3863");

      // Hidden from the legend, the baseline leaves the chart and the readout.
      String selected = "return echarts.getInstanceByDom(document.getElementById('chart-curves-0'))"
          + ".getOption().legend[0].selected[arguments[0]]";
      js.executeScript("echarts.getInstanceByDom(document.getElementById('chart-curves-0'))"
          + ".dispatchAction({type: 'legendToggleSelect', name: arguments[0]})", baseline + ": 1.386");
      assertThat(js.executeScript(selected, baseline + ": 1.386")).isEqualTo(false);
      // (at another step: ECharts keeps a readout it has shown for the same point)
      assertThat((String) js.executeScript(showTip, "chart-curves-0", 2))
          .contains("step 40", "lstm\n0.02").doesNotContain(baseline);
      assertNoConsoleProblems(driver);
    } finally {
      driver.quit();
    }
  }

  private static void assumeChromium() {
    assumeTrue(Files.isExecutable(BrowserTest.CHROMIUM) && Files.isExecutable(BrowserTest.DRIVER),
        "needs /usr/bin/chromium and /usr/bin/chromedriver");
  }

  /** Headless Chromium with no network features, its console captured; profile under {@code dir}. */
  /** Writes the report to dir/report.html and opens it in a fresh browser. */
  private static ChromeDriver show(Report report, Path dir) throws IOException {
    Path html = dir.resolve("report.html");
    HtmlReport.write(report, html);
    ChromeDriver driver = open(dir);
    try {
      driver.get(html.toUri().toString());
    } catch (RuntimeException e) {
      driver.quit();
      throw e;
    }
    return driver;
  }

  private static ChromeDriver open(Path dir) throws IOException {
    java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BrowserTest.CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,1000",
        "--user-data-dir=" + Files.createDirectory(dir.resolve("profile")));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(BrowserTest.DRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /** Waits until at least {@code count} chart canvases have drawn; returns how many have. */
  private static long waitForCharts(ChromeDriver driver, int count) {
    // ECharts draws on canvases; wait until enough of them have non-blank pixels.
    return new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> {
          long c = ((Number) driver.executeScript(DRAWN)).longValue();
          return c >= count ? c : null;
        });
  }

  private static void assertNoConsoleProblems(ChromeDriver driver) {
    List<LogEntry> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    assertThat(problems).as("browser console: %s",
        problems.stream().map(LogEntry::getMessage).collect(Collectors.joining("\n"))).isEmpty();
  }
}

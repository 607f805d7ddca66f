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
import org.lstmlab.report.HtmlReport;
import org.lstmlab.report.LossCurve;
import org.lstmlab.report.Report;
import org.lstmlab.report.Series;
import org.lstmlab.report.Trace;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report that {@code lstmlab demo} and {@code lstmlab train --report} write, opened from disk
 * in headless Chromium with no network: both charts draw on their canvases and the console stays
 * free of errors and warnings. Skipped when Chromium or chromedriver is not installed.
 */
class ReportBrowserTest {

  @Test
  void report_opensOffline_drawsBothCharts_withoutConsoleErrors(@TempDir Path dir)
      throws IOException {
    assumeTrue(Files.isExecutable(BrowserTest.CHROMIUM) && Files.isExecutable(BrowserTest.DRIVER),
        "needs /usr/bin/chromium and /usr/bin/chromedriver");
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
    Path html = dir.resolve("report.html");
    HtmlReport.write(report, html);

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
    ChromeDriver driver = new ChromeDriver(service, options);
    try {
      driver.get(html.toUri().toString());
      JavascriptExecutor js = driver;
      // ECharts draws on canvases; wait until two of them have non-blank pixels.
      String drawn =
          "return [...document.querySelectorAll('canvas')].filter(c => {"
              + "  if (c.width < 100 || c.height < 100) return false;"
              + "  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
              + "  for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;"
              + "  return false; }).length";
      long charts = new WebDriverWait(driver, Duration.ofSeconds(20))
          .until(d -> {
            long c = ((Number) js.executeScript(drawn)).longValue();
            return c >= 2 ? c : null;
          });
      assertThat(charts).isGreaterThanOrEqualTo(2);
      assertThat(driver.getTitle()).contains("Browser check <b>not bold</b>");
      // The title is user text: shown literally, never parsed as markup.
      assertThat(js.executeScript("return document.querySelector('h1').textContent"))
          .isEqualTo("Browser check <b>not bold</b>");
      assertThat(js.executeScript("return document.querySelector('h1').children.length"))
          .isEqualTo(0L);
      List<LogEntry> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
      assertThat(problems).as("browser console: %s",
          problems.stream().map(LogEntry::getMessage).collect(Collectors.joining("\n"))).isEmpty();
    } finally {
      driver.quit();
    }
  }
}

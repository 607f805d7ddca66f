package org.lstmlab.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.forecast.Evaluation;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.MissingValues;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.WindowPredictions;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.io.CsvDataset;
import org.lstmlab.io.ForecasterFile;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End to end in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}):
 * every page loads without a console error, quizzes give both feedbacks, a small training run
 * draws its curves, predictions and metrics, the gate explorer and the gradient view draw. Skipped
 * when the browser or its driver is not installed. Screenshots go to {@code
 * target/screenshots/}.
 */
class BrowserTest {
  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  static final Path DRIVER = Paths.get("/usr/bin/chromedriver");
  static final Path SHOTS = Paths.get("target", "screenshots");

  private static WebServer server;
  /** The server with this build's real lesson, started by the first test that needs it. */
  private static WebServer real;
  private static ChromeDriver driver;
  private static Path profile;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium"
            + " chromium-driver)");
    // Selenium warns that it has no DevTools bindings for this exact Chromium; none are used.
    java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
    server = WebServer.start("127.0.0.1", 0, WebServerTestSupport.TEST_ROOT);
    profile = Files.createTempDirectory("lstmlab-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
        "--window-size=1280,1000", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
    if (real != null) {
      real.close();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @AfterEach
  void noConsoleErrors() {
    List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    assertThat(severe).as("browser console: %s",
        severe.stream().map(LogEntry::getMessage).collect(Collectors.joining("\n"))).isEmpty();
  }

  static void open(String path) {
    driver.get("http://127.0.0.1:" + server.port() + path);
    waitFor("main[data-ready='true']", 20);
  }

  /** Opens {@code path} on the server with the real lesson, at a window {@code width} px wide. */
  static void openReal(String path, int width) {
    if (real == null) {
      real = WebServer.start("127.0.0.1", 0);
    }
    driver.manage().window().setSize(new Dimension(width, 1000));
    driver.get("http://127.0.0.1:" + real.port() + path);
    waitFor("main[data-ready='true']", 20);
  }

  /** A whole-page screenshot at the window's present width (page height up to 6000 px). */
  static void shotAtWidth(String name) throws IOException {
    Dimension before = driver.manage().window().getSize();
    long height = (Long) js("return Math.ceil(document.documentElement.scrollHeight)");
    driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(6000, height + 140)));
    js("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
    Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(before);
  }

  /** How far the page is wider than its window, in CSS px (0: no horizontal scrolling). */
  static long overflow() {
    return (Long) js("return Math.max(0, document.documentElement.scrollWidth"
        + " - document.documentElement.clientWidth)");
  }

  /**
   * Asserts that the page does not scroll sideways; on failure names the outermost elements that
   * stick out past the window's right edge, so the cause shows in the message.
   */
  static void assertNoOverflow(String where) {
    assertThat(overflow()).as("%s overflows; sticking out: %s", where, js("""
        const w = document.documentElement.clientWidth;
        const out = [...document.body.querySelectorAll('*')].filter(e =>
            e.getBoundingClientRect().right > w + 0.5
            && !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 0.5));
        return out.slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
            + (e.className && e.className.baseVal === undefined ? '.' + e.className : '')
            + ' right=' + Math.round(e.getBoundingClientRect().right)).join(', ')
        """)).isZero();
  }

  /**
   * Waits until the page has taken a new window width: the browser fires the resize event, on
   * which the charts redraw at the new width, after setSize returns (asserting at once once found
   * a chart still 1162 px wide at 390), so the page's width must match and two frames pass.
   */
  static void awaitResized(int width) {
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> ((Number) js(
        "return document.documentElement.clientWidth")).intValue() <= width);
    js("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
  }

  static WebElement waitFor(String css, int seconds) {
    return new WebDriverWait(driver, Duration.ofSeconds(seconds))
        .until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
  }

  /** A screenshot of the whole page: the window is stretched to the page's height for it. */
  static void shot(String name) throws IOException {
    shot(name, true);
  }

  /** A screenshot of the viewport only, or of the whole page. */
  static void shot(String name, boolean wholePage) throws IOException {
    if (!wholePage) {
      Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
      return;
    }
    Dimension before = driver.manage().window().getSize();
    long height = (Long) js("return Math.ceil(document.documentElement.scrollHeight)");
    driver.manage().window().setSize(new Dimension(1280, (int) Math.min(4000, height + 140)));
    js("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
    Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(before);
  }

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  static WebElement card(int index) {
    return driver.findElement(By.cssSelector(".quiz-card[data-index='" + index + "']"));
  }

  @Test
  void lesson_rendersMathDiagramAndEscapedQuizText() throws IOException {
    open("/lesson");
    assertThat(driver.findElements(By.cssSelector(".section-body .katex"))).hasSizeGreaterThan(6);
    assertThat(driver.findElements(By.cssSelector(".quiz-card"))).hasSize(4);
    // The question's "<script>" and the answer's "<img onerror>" are shown as text, never run.
    assertThat(card(0).findElement(By.cssSelector(".quiz-question")).getText())
        .contains("<script>window.injected = true</script>");
    assertThat(card(0).findElements(By.cssSelector(".quiz-question .katex"))).hasSize(1);
    assertThat(card(0).findElements(By.tagName("img"))).isEmpty();
    assertThat(js("return window.injected === undefined")).isEqualTo(true);
    // The diagram sits in its slot, without its script or handlers; a gate lights its equation.
    WebElement diagram = driver.findElement(By.cssSelector("#cell-diagram svg"));
    assertThat(diagram.findElements(By.tagName("script"))).isEmpty();
    assertThat(driver.findElement(By.id("gate-f")).getAttribute("onclick")).isNull();
    new Actions(driver).moveToElement(driver.findElement(By.cssSelector("#gate-f rect")))
        .perform();
    assertThat(driver.findElement(By.id("eq-f")).getAttribute("class")).contains("eq-hl");
    new Actions(driver).click(driver.findElement(By.id("gate-i"))).perform();
    assertThat(driver.findElement(By.id("eq-i")).getAttribute("class")).contains("eq-hl");
    assertThat(js("return window.injected === undefined")).isEqualTo(true);
    js("window.scrollTo(0, 0)");
    shot("lesson");
  }

  /** The real lesson of this build, when it has one: every section, quiz and the live diagram. */
  @Test
  void realLesson_rendersEverySectionQuizAndTheLinkedDiagram() throws IOException {
    assumeTrue(BrowserTest.class.getResource("/org/lstmlab/web/lesson/index.json") != null,
        "this build has no lesson yet");
    try (WebServer real = WebServer.start("127.0.0.1", 0)) {
      driver.get("http://127.0.0.1:" + real.port() + "/lesson");
      waitFor("main[data-ready='true']", 20);
      assertThat(driver.findElements(By.cssSelector(".prose section"))).hasSizeGreaterThan(5);
      assertThat(driver.findElements(By.cssSelector(".quiz-card"))).hasSizeGreaterThanOrEqualTo(12);
      assertThat(driver.findElements(By.cssSelector(".quiz .error"))).isEmpty();
      assertThat(driver.findElements(By.cssSelector(".section-body .katex")))
          .hasSizeGreaterThan(20);
      WebElement svg = waitFor("#cell-diagram-svg[data-linked]", 10);
      assertThat(Integer.parseInt(svg.getAttribute("data-linked"))).isGreaterThanOrEqualTo(6);
      js("arguments[0].scrollIntoView({block: 'center'})", svg);
      new Actions(driver).moveToElement(driver.findElement(By.cssSelector("#gate-f rect")))
          .perform();
      assertThat(driver.findElement(By.id("eq-f")).getAttribute("class")).contains("eq-hl");
      Files.write(SHOTS.resolve("lesson-diagram.png"),
          svg.findElement(By.xpath("ancestor::figure")).getScreenshotAs(OutputType.BYTES));
      js("arguments[0].scrollIntoView({block: 'center'})", driver.findElement(By.id("eq-f")));
      shot("lesson-equations-viewport", false);
      js("window.scrollTo(0, 0)");
      shot("lesson-real");
    }
  }

  @Test
  void quiz_wrongThenRight_showsBothFeedbacks() throws IOException {
    open("/lesson");
    WebElement mc = card(0);
    List<WebElement> answers = mc.findElements(By.cssSelector(".quiz-answer"));
    answers.get(1).click();
    WebElement fb = mc.findElement(By.cssSelector(".quiz-feedback"));
    assertThat(fb.getAttribute("class")).contains("wrong");
    assertThat(fb.getText()).startsWith("No: the output gate scales");
    assertThat(fb.findElements(By.cssSelector(".katex"))).hasSize(1);
    answers.get(0).click();
    assertThat(fb.getAttribute("class")).contains("right");
    assertThat(fb.getText()).startsWith("Right:");
    assertThat(mc.getAttribute("class")).contains("correct");

    WebElement many = card(1);
    List<WebElement> choices = many.findElements(By.cssSelector(".quiz-answer"));
    choices.get(2).click();
    assertThat(many.findElement(By.cssSelector(".quiz-feedback")).getText())
        .isEqualTo("No, that is a setting of training.");
    choices.get(0).click();
    assertThat(many.findElement(By.cssSelector(".quiz-counter")).getText())
        .isEqualTo("Found 1 of 2 correct answers");
    choices.get(1).click();
    assertThat(many.findElement(By.cssSelector(".quiz-counter")).getText())
        .isEqualTo("Found 2 of 2 correct answers — all found.");

    WebElement numeric = card(2);
    WebElement input = numeric.findElement(By.cssSelector("input"));
    input.sendKeys("3\n");
    assertThat(numeric.findElement(By.cssSelector(".quiz-feedback")).getText())
        .isEqualTo("Too few.");
    input.clear();
    input.sendKeys("7");
    numeric.findElement(By.cssSelector(".quiz-check")).click();
    assertThat(numeric.findElement(By.cssSelector(".quiz-feedback")).getText())
        .isEqualTo("Count i, f, g and o.");
    input.clear();
    input.sendKeys("4.02\n"); // two significant digits: 4.0 = 4
    assertThat(numeric.findElement(By.cssSelector(".quiz-feedback")).getText())
        .isEqualTo("Yes: i, f, g, o.");

    WebElement string = card(3);
    WebElement text = string.findElement(By.cssSelector("input"));
    text.sendKeys("sigmoid\n");
    assertThat(string.findElement(By.cssSelector(".quiz-feedback")).getText())
        .isEqualTo("It maps to (-1, 1).");
    text.clear();
    text.sendKeys("  TANH \n");
    assertThat(string.findElement(By.cssSelector(".quiz-feedback")).getText())
        .isEqualTo("Yes, tanh.");
    js("arguments[0].scrollIntoView({block: 'center'})", card(1));
    shot("lesson-quiz");
  }

  @Test
  void series_drawsTheZoomablePlot() throws IOException {
    open("/series?length=200&noise=0.3&seed=4");
    assertThat(driver.findElement(By.id("series-chart")).findElements(By.tagName("canvas")))
        .isNotEmpty();
    assertThat(driver.findElement(By.cssSelector(".status")).getText())
        .isEqualTo("200 points, noise 0.3, seed 4");
    shot("series");
  }

  /** The page's one number format for a table cell: 4 significant digits, as app.js's fmt. */
  static String fmt4(double v) {
    return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros()
        .toPlainString();
  }

  @Test
  void train_smallRun_drawsLossCurvesPredictionsAndTheLibrarysScores() throws IOException {
    open("/train?models=lstm,rnn&hidden=8&window=8&epochs=6&lr=0.02&batch_size=8&length=100"
        + "&noise=0.3&seed=1&holdout=0.2&run=1");
    waitFor("main[data-train-done]", 40);
    assertThat(js("return document.getElementById('main').dataset.trainDone"))
        .isEqualTo("completed");
    assertThat(driver.findElement(By.id("train-title")).getText())
        .isEqualTo("Train the LSTM and the RNN side by side");
    for (String m : List.of("lstm", "rnn")) {
      WebElement chart = driver.findElement(By.id("loss-" + m));
      assertThat(chart.getAttribute("data-epochs")).isEqualTo("6");
      assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
    }
    // One y scale for both loss charts, a power of ten at each end.
    assertThat(js("const o = m => echarts.getInstanceByDom(document.getElementById('loss-' + m))"
        + ".getOption().yAxis[0]; return [o('lstm').min, o('lstm').max].join() + ' '"
        + " + [o('rnn').min, o('rnn').max].join()")).asString()
        .matches("(\\S+) \\1").doesNotContain("undefined");
    assertThat(driver.findElement(By.id("prediction-chart")).getAttribute("data-models"))
        .isEqualTo("2");
    List<WebElement> rows = driver.findElements(By.cssSelector("#metrics-table tbody tr"));
    assertThat(rows).extracting(r -> r.findElement(By.tagName("td")).getText()).containsExactly(
        "LSTM", "RNN", "naive (last value) baseline", "drift baseline",
        "mean (of training) baseline");
    // The LSTM's held-out MSE and MASE are the library pipeline's for the same settings.
    org.lstmlab.core.forecast.Evaluation ref = WebServerApiTest.reference(
        org.lstmlab.core.nn.CellType.LSTM, 8, 8, 6, 0.02, 8, 0.2, 100, 0.3, 1, 2);
    WebElement lstm = driver.findElement(By.cssSelector("#metrics-table tr[data-model=lstm]"));
    assertThat(lstm.findElement(By.cssSelector("td[data-key=mse]")).getText())
        .isEqualTo(fmt4(ref.model().metrics().mse()));
    assertThat(lstm.findElement(By.cssSelector("td[data-key=mase]")).getText())
        .isEqualTo(fmt4(ref.model().mase()));
    // The series crosses zero: MAPE is n/a with the library's caveat.
    assertThat(lstm.findElement(By.cssSelector("td.na")).getText()).isEqualTo("n/a");
    assertThat(driver.findElement(By.id("mape-note")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("verdict")).getText()).startsWith("LSTM ");
    assertThat(driver.getCurrentUrl()).contains("hidden=8", "seed=1", "batch_size=8", "run=1");
    assertThat(driver.findElement(By.id("train-status")).getText()).startsWith("Done.");
    shot("train");
  }

  /**
   * The form comes from the server's fields: labels in words with their ranges, the demo's
   * defaults; the title names the ticked models.
   */
  @Test
  void train_formFromTheServersFields_titleNamesTheTickedModels() throws IOException {
    open("/train?models=gru");
    assertThat(driver.findElement(By.id("train-title")).getText()).isEqualTo("Train the GRU");
    assertThat(driver.findElement(By.id("f-hidden")).getAttribute("value")).isEqualTo("100");
    assertThat(driver.findElement(By.id("f-hidden")).getAttribute("max"))
        .isEqualTo("" + Limits.MAX_HIDDEN);
    assertThat(driver.findElement(By.id("f-batch_size")).getAttribute("value")).isEqualTo("1");
    assertThat(driver.findElement(By.id("f-seed")).getAttribute("value")).isEqualTo("42");
    assertThat(driver.findElement(By.id("f-holdout")).getAttribute("value")).isEqualTo("0.2");
    String labels = driver.findElement(By.id("train-form")).getText();
    assertThat(labels).contains("hidden units (1\u2013128)", "batch size (1\u2013256)",
        "learning rate (0, 1]", "held-out fraction (0.05\u20130.5)")
        .doesNotContainPattern("[a-z][A-Z]");
    driver.findElement(By.cssSelector("#train-form input[data-model=lstm]")).click();
    assertThat(driver.findElement(By.id("train-title")).getText())
        .isEqualTo("Train the LSTM and the GRU side by side");
    driver.findElement(By.cssSelector("#train-form input[data-model=rnn]")).click();
    assertThat(driver.findElement(By.id("train-title")).getText())
        .isEqualTo("Train the LSTM, the RNN and the GRU side by side");
    assertThat(driver.findElement(By.id("train-lead")).getText())
        .contains("first 80% of the series", "last 20%");
    shot("train-form", false);
  }

  /** A monthly series with a trend and a season of 12: 120 rows, no noise, so nothing random. */
  static Path monthlyCsv() throws IOException {
    StringBuilder sb = new StringBuilder("month,sales\n");
    for (int t = 0; t < 120; t++) {
      double y = 100 + 0.8 * t + 12 * Math.sin(2 * Math.PI * t / 12) + 3 * Math.cos(0.9 * t);
      sb.append(String.format(java.util.Locale.ROOT, "%d-%02d,%.3f%n", 2010 + t / 12,
          t % 12 + 1, y));
    }
    Path file = Files.createTempDirectory("lstmlab-upload-test-").resolve("monthly.csv");
    Files.writeString(file, sb);
    return file;
  }

  /**
   * Your own data end to end: upload a CSV, train an LSTM with the library's defaults at a small
   * size; the page's test MSE equals the pipeline's for the same file and settings, and the model
   * file it offers loads with lstmlab-io and forecasts what the pipeline forecasts.
   */
  @Test
  void data_uploadCsv_trainsAgainstTheBaselines_forecasts_offersModelAndReport() throws Exception {
    Path csv = monthlyCsv();
    open("/data");
    driver.findElement(By.id("f-file")).sendKeys(csv.toString());
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("data-button")).isEnabled());
    assertThat(driver.findElement(By.id("f-target")).getAttribute("value")).isEqualTo("sales");
    assertThat(driver.findElement(By.id("f-time")).getAttribute("value")).isEqualTo("month");
    for (String[] f : new String[][] {{"hidden", "12"}, {"epochs", "15"}}) {
      WebElement in = driver.findElement(By.id("f-" + f[0]));
      in.clear();
      in.sendKeys(f[1]);
    }
    driver.findElement(By.id("data-button")).click();
    waitFor("main[data-data-done]", 90);
    assertThat(js("return document.getElementById('main').dataset.dataDone"))
        .isEqualTo("completed");
    // The run's message (best epoch restored, its validation loss) in the one number format,
    // 4 significant digits (it had 8 decimals).
    assertThat(driver.findElement(By.id("data-status")).getText())
        .containsPattern("restored \\(validation loss 0\\.0*[1-9]\\d{0,3}\\)");

    SeriesDataset data = CsvDataset.read(csv, CsvDataset.Columns.target("sales",
        java.util.Optional.of("month")), java.util.Optional.empty(), MissingValues.ERROR);
    ForecastConfig config = ForecastConfig.builder().cell(CellType.LSTM).hidden(12).horizon(1)
        .training(ForecastConfig.defaultTraining().toBuilder().epochs(15).seed(42).build())
        .build();
    FittedForecaster ref = new Forecaster(config).fit(data).forecaster();
    Evaluation ev = Evaluation.of(ref, ref.predictions(data), WindowPredictions.Part.TEST);
    WebElement lstm = driver.findElement(By.cssSelector("#data-metrics-table tr[data-model=lstm]"));
    assertThat(lstm.findElement(By.cssSelector("td[data-key=mse]")).getText())
        .isEqualTo(fmt4(ev.model().metrics().mse()));
    assertThat(driver.findElements(By.cssSelector("#data-metrics-table tr[data-baseline]")))
        .extracting(r -> r.getAttribute("data-baseline"))
        .containsExactly("naive", "seasonal_naive", "drift", "mean");
    assertThat(driver.findElement(By.id("data-chart")).getAttribute("data-models"))
        .isEqualTo("1");

    String href = driver.findElement(By.cssSelector("#data-downloads a.model-file"))
        .getAttribute("href");
    java.net.http.HttpResponse<byte[]> file = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(href)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(file.statusCode()).isEqualTo(200);
    Path saved = csv.resolveSibling("lstm.safetensors");
    Files.write(saved, file.body());
    FittedForecaster loaded = ForecasterFile.load(saved).forecaster();
    assertThat(loaded.forecast(data.series().get(0), 12).values())
        .containsExactly(ref.forecast(data.series().get(0), 12).values());
    assertThat(loaded.forecast(data.series().get(0), 1).times()).containsExactly("2020-01");
    String report = driver.findElement(By.cssSelector("#data-downloads a.report-file"))
        .getAttribute("href");
    java.net.http.HttpResponse<String> html = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(report)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
    assertThat(html.body()).contains("LSTM on monthly.csv");
    shot("data");
  }

  @Test
  void gates_drawsHeatmapsAndFilledEquations() throws IOException {
    open("/gates?hidden=6&window=10&epochs=5&seed=2");
    for (String k : List.of("i", "f", "g", "o", "c", "h")) {
      assertThat(driver.findElement(By.id("heat-" + k)).getAttribute("data-cells"))
          .isEqualTo("60");
    }
    WebElement eq = driver.findElement(By.id("gate-equations"));
    assertThat(eq.findElements(By.cssSelector(".eq-line .katex"))).hasSize(6);
    assertThat(eq.getAttribute("data-step")).isEqualTo("9");
    assertThat(driver.findElement(By.id("gates-status")).getText())
        .startsWith("An LSTM trained for 5 epochs");
    String before = eq.getText();
    WebElement unit = driver.findElement(By.id("f-unit"));
    unit.clear();
    unit.sendKeys("3\t");
    WebElement step = driver.findElement(By.id("f-step"));
    step.clear();
    step.sendKeys("4\t");
    assertThat(eq.getAttribute("data-unit")).isEqualTo("3");
    assertThat(eq.getAttribute("data-step")).isEqualTo("4");
    assertThat(eq.getText()).isNotEqualTo(before);
    assertThat(driver.findElement(By.id("eq-title")).getText()).startsWith("Unit 3, step t = 4");
    shot("gates");
  }

  @Test
  void gradients_drawsThreeCurves() throws IOException {
    open("/gradients?window=40&hidden=16");
    assertThat(driver.findElement(By.id("gradient-chart")).getAttribute("data-points"))
        .isEqualTo("40");
    assertThat(driver.findElement(By.id("gradients-status")).getText())
        .contains("RNN", "LSTM with b_f = 3");
    shot("gradients");
  }

  @Test
  void train_cancel_stopsTheRun() {
    open("/train?models=lstm&hidden=64&window=48&epochs=12&batch_size=1&length=1000&run=1");
    waitFor("#loss-lstm[data-epochs]", 30);
    driver.findElement(By.id("cancel-button")).click();
    waitFor("main[data-train-done]", 30);
    assertThat(js("return document.getElementById('main').dataset.trainDone"))
        .isEqualTo("cancelled");
    assertThat(driver.findElement(By.id("train-status")).getText())
        .startsWith("Cancelled. LSTM: cancelled at epoch");
    assertThat(driver.findElement(By.id("train-button")).isEnabled()).isTrue();
  }

  @Test
  void train_badSetting_showsTheServersMessage() {
    open("/train?hidden=999&run=1");
    WebElement error = waitFor("#train-status .error", 10);
    assertThat(error.getText()).isEqualTo("hidden must be in [1, 128], got 999");
    // The failed POST is logged by the browser as a 400; that is the expected answer here.
    driver.manage().logs().get(LogType.BROWSER).getAll();
  }

  @Test
  void lags_tinyRun_drawsBothCurvesAndTheBaseline() throws IOException {
    open("/lags?task=adding&length=10&steps=40&eval_every=10&hidden=4&test_size=20&seed=1"
        + "&run=1");
    waitFor("main[data-lags-done]", 10);
    assertThat(js("return document.getElementById('main').dataset.lagsDone"))
        .isEqualTo("completed");
    WebElement chart = driver.findElement(By.id("lags-chart"));
    assertThat(chart.getAttribute("data-points")).isEqualTo("10"); // steps 0, 10, …, 40, twice
    assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
    assertThat(js("const o = echarts.getInstanceByDom(document.getElementById('lags-chart'))"
        + ".getOption(); return o.series.map(s => s.name + ':' + s.data.length).join(',')"))
        .isEqualTo("LSTM:5,RNN:5,baseline:2");
    assertThat(driver.findElement(By.id("lags-status")).getText())
        .startsWith("Done. Held-out mean squared error: LSTM ").contains("RNN ", "baseline ");
    assertThat(driver.findElement(By.cssSelector("#main a[href='/lesson#section-gradient-flow']"))
        .isDisplayed()).isTrue();
    shot("lags");
  }

  // --- The tutorial, round 2 (issue 15): the real lesson and pages --------------------------

  /** Every lags task shows its own heading, lead and defaults; the accuracy chart is theirs. */
  @Test
  void lags_eachTask_showsItsOwnWordsDefaultsAndCharts() throws IOException {
    openReal("/lags", 1280);
    org.openqa.selenium.support.ui.Select task =
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("f-task")));
    record Expect(String task, String heading, String baseline, String other, String length,
        String steps, boolean accuracy) {}
    for (Expect e : List.of(
        new Expect("adding", "the adding problem", "0.167", "log 4", "50", "1000", false),
        new Expect("order", "temporal order", "1.386", "0.167", "50", "500", true),
        new Expect("copy", "copy memory", "0.693", "0.167", "10", "1000", true))) {
      task.selectByValue(e.task());
      assertThat(driver.findElement(By.id("lags-title")).getText())
          .isEqualTo("Long time lags: " + e.heading());
      assertThat(driver.findElement(By.id("lags-lead")).getText()).contains(e.baseline())
          .doesNotContain(e.other());
      assertThat(driver.findElement(By.id("f-length")).getAttribute("value"))
          .isEqualTo(e.length());
      assertThat(driver.findElement(By.id("f-steps")).getAttribute("value")).isEqualTo(e.steps());
      assertThat(driver.findElement(By.id("lags-accuracy")).isDisplayed())
          .isEqualTo(e.accuracy());
      assertThat(driver.findElement(By.id("lags-command")).getText())
          .startsWith("./lstmlab experiment " + e.task() + " --length " + e.length());
      // No path into the source tree that a browser cannot open.
      assertThat(driver.findElement(By.id("main")).getText()).doesNotContain("docs/", ".md");
    }
    // Copy's defaults are accepted by the server (at T = 50 they were refused at once).
    driver.findElement(By.id("lags-button")).click();
    waitFor("#lags-chart[data-points]", 20);
    assertThat(driver.findElements(By.cssSelector("#lags-status .error"))).isEmpty();
    driver.findElement(By.id("lags-cancel")).click();
    waitFor("main[data-lags-done]", 60);
    assertThat(js("return document.getElementById('main').dataset.lagsDone"))
        .isEqualTo("cancelled");
  }

  /**
   * The order problem with the page's own defaults, in the browser: the LSTM ends far below the
   * baseline (accuracy 100% from step 300, seed 1), the RNN at chance; both charts drawn.
   */
  @Test
  void lags_orderDefaults_lstmBeatsTheBaseline_accuracyChartDrawn() throws IOException {
    openReal("/lags?task=order&run=1", 1400);
    waitFor("main[data-lags-done]", 240);
    assertThat(js("return document.getElementById('main').dataset.lagsDone"))
        .isEqualTo("completed");
    String curves = "const o = echarts.getInstanceByDom(document.getElementById(arguments[0]))"
        + ".getOption(); return o.series.map(s => s.name + ':' + s.data.length).join(',')";
    assertThat(js(curves, "lags-chart")).isEqualTo("LSTM:21,RNN:21,baseline:2");
    assertThat(js(curves, "lags-accuracy-chart")).isEqualTo("LSTM:21,RNN:21,baseline:2");
    double lstmAccuracy = ((Number) js("const o = echarts.getInstanceByDom(document"
        + ".getElementById('lags-accuracy-chart')).getOption(); const d = o.series[0].data;"
        + " return d[d.length - 1][1]")).doubleValue();
    assertThat(lstmAccuracy).isGreaterThan(95);
    assertThat(driver.findElement(By.id("lags-status")).getText())
        .startsWith("Done. Held-out cross-entropy (nats): LSTM ").contains("baseline 1.386");
    js("window.scrollTo(0, 0)");
    shotAtWidth("lags-1400");
    driver.manage().window().setSize(new Dimension(390, 1000));
    awaitResized(390);
    assertNoOverflow("lags at 390 px");
    shotAtWidth("lags-390");
  }

  /** From 360 px to wide screens, no page scrolls sideways. */
  @Test
  void everyPage_from360To1400Wide_hasNoHorizontalOverflow() {
    for (String page : List.of("/lesson", "/series", "/train", "/gates", "/gradients", "/lags",
        "/data", "/text")) {
      for (int width : List.of(360, 390, 500, 600, 1400)) {
        openReal(page, width);
        assertNoOverflow(page + " at " + width + " px");
      }
    }
  }

  /**
   * A contents click brings the section's heading out from under the sticky header, and the
   * contents mark the section being read.
   */
  @Test
  void lesson_tocClick_headingBelowHeader_currentSectionMarked() {
    for (int width : List.of(1400, 390)) {
      openReal("/lesson", width);
      WebElement link = driver.findElement(By.cssSelector(".toc a[data-section='training']"));
      js("arguments[0].click()", link);
      new WebDriverWait(driver, Duration.ofSeconds(5)).until(d ->
          "location".equals(link.getAttribute("aria-current")));
      double header = ((Number) js("return document.querySelector('header.top')"
          + ".getBoundingClientRect().bottom")).doubleValue();
      double heading = ((Number) js("return document.querySelector('#section-training h2')"
          + ".getBoundingClientRect().top")).doubleValue();
      assertThat(heading).as("at %d px", width).isGreaterThanOrEqualTo(header);
      assertThat(driver.findElements(By.cssSelector(".toc a[aria-current]"))).hasSize(1);
    }
  }

  /**
   * No quiz's answer is printed in the lesson text just above it: for every numeric and string
   * question, its section's text holds none of the accepted answers.
   */
  @Test
  void lesson_quizAnswers_areNotGivenInTheSectionAbove() {
    openReal("/lesson", 1280);
    Object leaks = ((JavascriptExecutor) driver).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('/api/lesson').then(r => r.json()).then(lesson => {
          const out = [];
          for (const s of lesson.sections) {
            const text = (s.html || '').replace(/<[^>]*>/g, ' ').replace(/\\\\[,;!]/g, '')
                .replace(/[\\s,\\u00a0\\u2009\\u202f]/g, '').toLowerCase();
            for (const quiz of s.quizzes || []) for (const q of quiz.questions || []) {
              for (const a of q.answers || []) {
                if (!a.correct) continue;
                const v = a.value !== undefined ? String(a.value) : a.answer;
                if (v !== undefined && v.length > 1 && text.includes(String(v).toLowerCase()))
                  out.push(s.id + ': ' + v);
              }
            }
          }
          done(out.join('; '));
        });
        """);
    assertThat(leaks).isEqualTo("");
  }

  /** Numbers typed with thousands grouped are read as numbers; progress stays in the browser. */
  @Test
  void lesson_numericQuiz_acceptsGroupedDigits_progressKeptAndShown() {
    openReal("/lesson", 1280);
    js("localStorage.clear()");
    openReal("/lesson", 1280);
    WebElement progress = driver.findElement(By.id("quiz-progress"));
    assertThat(progress.getAttribute("data-right")).isEqualTo("0");
    int total = Integer.parseInt(progress.getAttribute("data-total"));
    assertThat(total).isGreaterThanOrEqualTo(12);
    WebElement card = (WebElement) js("return [...document.querySelectorAll("
        + "'#section-equations .quiz-card[data-type=numeric]')].find(c => c.textContent"
        + ".includes('nn.LSTM(input_size=1, hidden_size=100)'))");
    WebElement input = card.findElement(By.cssSelector("input"));
    WebElement feedback = card.findElement(By.cssSelector(".quiz-feedback"));
    for (String typed : List.of("41,200", "41 200", "41\u2009200", "41\u00a0200")) {
      input.clear();
      input.sendKeys(typed + "\n");
      assertThat(feedback.getAttribute("class")).as(typed).contains("right");
    }
    input.clear();
    input.sendKeys("41,20\n");
    assertThat(feedback.getText()).contains("is not a number");
    assertThat(progress.getAttribute("data-right")).isEqualTo("1");
    assertThat(progress.getText()).startsWith("Quizzes: 1 of " + total);

    String key = card.getAttribute("data-key");
    openReal("/lesson", 1280);
    WebElement again = driver.findElement(By.cssSelector(".quiz-card[data-key='" + key + "']"));
    assertThat(again.getAttribute("class")).contains("solved");
    assertThat(driver.findElement(By.id("quiz-progress")).getAttribute("data-right"))
        .isEqualTo("1");
    driver.findElement(By.id("quiz-reset")).click();
    assertThat(driver.findElement(By.id("quiz-progress")).getAttribute("data-right"))
        .isEqualTo("0");
    assertThat(js("return localStorage.getItem('lstmlab.quiz.progress')")).isNull();
  }

  /** Quizzes, the diagram and the forms work from the keyboard, and every input is labelled. */
  @Test
  void keyboard_quizAndDiagram_focusVisible_everyInputLabelled() {
    openReal("/lesson", 1280);
    WebElement first = driver.findElement(By.cssSelector(
        "#section-lstm-cell .quiz-card[data-type=multiple_choice] .quiz-answer"));
    js("arguments[0].focus()", first);
    first.sendKeys(Keys.ENTER);
    WebElement card = first.findElement(By.xpath("ancestor::div[contains(@class,'quiz-card')]"));
    assertThat(card.findElement(By.cssSelector(".quiz-feedback")).getAttribute("class"))
        .containsAnyOf("right", "wrong");
    assertThat(first.getAttribute("aria-pressed")).isEqualTo("true");
    // Tab moves on to the next answer, which shows a focus ring.
    first.sendKeys(Keys.TAB);
    assertThat(js("const a = document.activeElement; return a.classList.contains('quiz-answer')"
        + " && getComputedStyle(a).outlineStyle !== 'none'")).isEqualTo(true);
    // A typed answer: Enter in the box checks it; Tab reaches the Check button, Enter presses it.
    WebElement numeric = driver.findElement(By.cssSelector(
        ".quiz-card[data-key='cell.json#3']"));
    WebElement box = numeric.findElement(By.cssSelector("input"));
    WebElement verdict = numeric.findElement(By.cssSelector(".quiz-feedback"));
    js("arguments[0].focus()", box);
    box.sendKeys("1.8" + Keys.ENTER);
    assertThat(verdict.getAttribute("class")).contains("wrong");
    box.clear();
    box.sendKeys("1.46", Keys.TAB);
    assertThat(js("return document.activeElement.classList.contains('quiz-check')"))
        .isEqualTo(true);
    driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    assertThat(verdict.getAttribute("class")).contains("right");
    WebElement gate = driver.findElement(By.id("gate-f"));
    assertThat(gate.getAttribute("tabindex")).isEqualTo("0");
    js("arguments[0].focus()", gate);
    assertThat(driver.findElement(By.id("eq-f")).getAttribute("class")).contains("eq-hl");

    for (String page : List.of("/lesson", "/series", "/train", "/gates", "/gradients", "/lags",
        "/data", "/text")) {
      openReal(page, 1280);
      assertThat(js("return [...document.querySelectorAll('input, select, textarea')]"
          + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
          + " && !e.getAttribute('aria-labelledby')).map(e => e.name || e.id || e.outerHTML)"
          + ".join()")).as(page).isEqualTo("");
      assertThat(js("return [...document.querySelectorAll('button')].filter(b =>"
          + " !b.textContent.trim() && !b.getAttribute('aria-label')).length")).as(page)
          .isEqualTo(0L);
    }
  }

  /** The path through the tutorial, the lesson's links to the pages, the flat-RNN lesson. */
  @Test
  void lesson_pathLinks_longLagsLink_flatRnnExplainedWithATryLink() {
    openReal("/lesson", 1280);
    assertThat(driver.findElements(By.cssSelector(".prose a[href='/lags']"))).isNotEmpty();
    // Every in-page link (contents, citations, cross references) leads to something on the page.
    assertThat(driver.findElements(By.cssSelector(".prose a[href^='#']:not(.cite)"))).isNotEmpty();
    assertThat(js("return [...document.querySelectorAll('#main a[href^=\"#\"]')].filter(a =>"
        + " !document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1))))"
        + ".map(a => a.getAttribute('href')).join()")).isEqualTo("");
    assertThat(driver.findElement(By.cssSelector(".pager a.next")).getAttribute("href"))
        .endsWith("/series");
    assertThat(driver.findElements(By.cssSelector(".pager a.prev"))).isEmpty();
    assertThat(driver.findElement(By.id("section-training")).getText())
        .contains("saturated", "0.419", "1.697");
    assertThat(driver.findElement(By.id("try-lr")).getAttribute("href"))
        .endsWith("/train?lr=0.001&run=1");
    openReal("/gradients", 1280);
    assertThat(driver.findElement(By.cssSelector(".pager a.prev")).getAttribute("href"))
        .endsWith("/gates");
    assertThat(driver.findElement(By.cssSelector(".pager a.next")).getAttribute("href"))
        .endsWith("/lags");
    openReal("/train?lr=0.001", 1280);
    assertThat(driver.findElement(By.id("f-lr")).getAttribute("value")).isEqualTo("0.001");
  }

  /** The gradient page's words follow what it shows; its log axis labels several decades. */
  @Test
  void gradients_noteFollowsTraining_logAxisLabelsEveryDecade() {
    openReal("/gradients?window=40&hidden=8&epochs=0", 1280);
    WebElement note = driver.findElement(By.id("gradients-note"));
    assertThat(note.getText()).contains("freshly initialised").doesNotContain("were trained");
    String labels = "const c = echarts.getInstanceByDom(document.getElementById(arguments[0]));"
        + " return c.getModel().getComponent('yAxis', 0).axis.getViewLabels().length";
    assertThat((Long) js(labels, "gradient-chart")).isGreaterThanOrEqualTo(3);
    openReal("/gradients?window=40&hidden=8&epochs=3", 1280);
    note = driver.findElement(By.id("gradients-note"));
    assertThat(note.getText()).contains("trained for 3 epochs", "not their initialisation")
        .doesNotContain("freshly initialised");
    assertThat((Long) js(labels, "gradient-chart")).isGreaterThanOrEqualTo(3);
    // The page's defaults span ten decades and more, where ECharts' own log axis labelled only
    // two: every decade has its label, each a power of ten, one decade apart.
    openReal("/gradients", 1280);
    String decades = (String) js("const c = echarts.getInstanceByDom(document.getElementById("
        + "'gradient-chart')); return c.getModel().getComponent('yAxis', 0).axis.getViewLabels()"
        + ".map(l => l.formattedLabel).join(' ')");
    assertThat(decades.split(" ")).hasSizeGreaterThanOrEqualTo(9);
    assertThat(decades).contains("1e-9 1e-8 1e-7 1e-6 1e-5 1e-4 1e-3 0.01 0.1");
  }

  /**
   * The screenshots the issue asks for, every page at 390 and 1400 px, the pages that run after a
   * small run (each lags task, your data after an upload): none scrolls sideways. The PNGs go to
   * target/screenshots/ to be looked at.
   */
  @Test
  void screenshots_everyPageAfterARun_at390And1400_noSidewaysScroll() throws IOException {
    Path csv = monthlyCsv();
    for (int width : List.of(390, 1400)) {
      for (String page : List.of("lesson", "series", "gates", "gradients")) {
        openReal("/" + page, width);
        assertNoOverflow(page + " at " + width + " px");
        shotAtWidth(page + "-" + width);
      }
      openReal("/train?models=lstm,rnn&hidden=8&window=8&epochs=6&lr=0.02&batch_size=8"
          + "&length=100&noise=0.3&seed=1&holdout=0.2&run=1", width);
      waitFor("main[data-train-done]", 60);
      assertNoOverflow("train at " + width + " px after a run");
      shotAtWidth("train-" + width);
      for (String task : List.of("adding", "order", "copy")) {
        openReal("/lags?task=" + task + "&steps=60&eval_every=20&test_size=50&run=1", width);
        waitFor("main[data-lags-done]", 60);
        assertNoOverflow("lags " + task + " at " + width + " px after a run");
        shotAtWidth("lags-" + task + "-" + width);
      }
      openReal("/data", width);
      driver.findElement(By.id("f-file")).sendKeys(csv.toString());
      new WebDriverWait(driver, Duration.ofSeconds(10))
          .until(d -> d.findElement(By.id("data-button")).isEnabled());
      js("document.getElementById('f-hidden').value = 8;"
          + " document.getElementById('f-epochs').value = 5;");
      driver.findElement(By.id("data-button")).click();
      waitFor("main[data-data-done]", 90);
      assertNoOverflow("data at " + width + " px after a run");
      shotAtWidth("data-" + width);
    }
  }

  // --- The Text page (issue 14, item 7) --------------------------------------------------------

  /**
   * A short run on Debian's smallest fortunes file at 390 and 1400 px: the curve gains a point per
   * pass next to the three baselines, a sample appears before training and after each pass, the
   * one-hot numbers and the trained neighbours fill in, the formulas are typeset, "Sample again"
   * draws from the trained model, and nothing scrolls sideways; the text page closes the path.
   * The 390 px run reads an embedding (the lookup is then checked through the table's row).
   */
  @Test
  void text_shortRun_curveSamplesAndNeighbours_noSidewaysScroll() throws IOException {
    assumeTrue(Files.isRegularFile(TextLesson.FORTUNES.resolve("fortunes")),
        "needs Debian's fortunes package");
    for (int width : List.of(1400, 390)) {
      String input = width == 1400 ? "one_hot" : "embedding";
      openReal("/text?file=fortunes&input=" + input
          + "&hidden=32&window=16&batch_size=16&epochs=2&seed=3&run=1", width);
      waitFor("main[data-text-done]", 120);
      assertThat(js("return document.getElementById('main').dataset.textDone"))
          .isEqualTo("completed");
      assertThat(driver.findElement(By.id("text-status")).getText()).startsWith("Done. fortunes:");
      assertThat(js("const o = echarts.getInstanceByDom(document.getElementById('text-chart'))"
          + ".getOption(); return o.series.map(s => s.name + ':' + s.data.length).join(',')"))
          .isEqualTo("held out:3,training:2,unigram:2,bigram:2,trigram:2");
      List<WebElement> samples = driver.findElements(By.cssSelector("#text-samples li"));
      assertThat(samples).hasSize(3);
      assertThat(samples.get(0).getText()).startsWith("untrained");
      assertThat(samples.get(2).getText()).startsWith("pass 2: held out ").contains("The ");
      // The untrained model scores about log2 V; two passes bring it well below.
      String uniform = driver.findElement(By.id("text-uniform")).getText();
      assertThat(uniform).startsWith("This run: V = ").contains("log\u2082 V = ");
      assertThat(driver.findElement(By.id("text-summary")).getText()).startsWith("The LSTM: ")
          .contains("unigram ", "bigram ", "trigram ");
      assertThat(driver.findElements(By.cssSelector("#text-neighbours td[data-trained]")))
          .hasSize(6);
      assertThat(driver.findElement(By.id("text-weights")).getText())
          .contains("one-hot", "embedding of E = 16", "4H \u00b7 V = 128 \u00b7 ");
      assertThat(driver.findElement(By.id("text-lookup")).getText())
          .contains("The largest difference over all 128 gate values is ")
          .contains(width == 1400 ? "one-hot(" : "row ");
      assertThat(driver.findElements(By.cssSelector("section.prose .katex"))).hasSizeGreaterThan(8);
      assertThat(driver.findElement(By.cssSelector("#f-input option[value=embedding]"))
          .isSelected()).isEqualTo(width == 390);
      driver.findElement(By.id("text-again")).click();
      new WebDriverWait(driver, Duration.ofSeconds(20))
          .until(d -> d.findElements(By.cssSelector("#text-samples li")).size() == 4);
      assertThat(driver.findElements(By.cssSelector("#text-samples li")).get(3).getText())
          .startsWith("trained, temperature 0.8, seed 4");
      assertNoOverflow("text at " + width + " px after a run");
      shotAtWidth("text-" + width);
    }
    assertThat(driver.findElement(By.cssSelector(".pager a.prev")).getAttribute("href"))
        .endsWith("/data");
    assertThat(driver.findElements(By.cssSelector(".pager a.next"))).isEmpty();
    // The computed quiz: a word model's counts, which the page's table does not print.
    WebElement quiz = driver.findElement(By.cssSelector(".quiz-card[data-key='text-encoding#0']"));
    WebElement box = quiz.findElement(By.cssSelector("input"));
    box.sendKeys("500000" + Keys.ENTER);
    assertThat(quiz.findElement(By.cssSelector(".quiz-feedback")).getText())
        .contains("four gates");
    box.clear();
    box.sendKeys("2,000,000" + Keys.ENTER);
    assertThat(quiz.findElement(By.cssSelector(".quiz-feedback")).getAttribute("class"))
        .contains("right");
    assertThat(driver.findElement(By.id("text-weights")).getText()).doesNotContain("2 000 000",
        "270 000");
    WebElement second = driver.findElement(By.cssSelector(
        ".quiz-card[data-key='text-encoding#1'] input"));
    second.sendKeys("270 000" + Keys.ENTER);
    assertThat(driver.findElement(By.cssSelector(
        ".quiz-card[data-key='text-encoding#1'] .quiz-feedback")).getAttribute("class"))
        .contains("right");
    js("localStorage.clear()");
    // Pasting instead of a file: the text box appears only then.
    assertThat(driver.findElement(By.id("f-text")).isDisplayed()).isFalse();
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("f-file")))
        .selectByValue("");
    assertThat(driver.findElement(By.id("f-text")).isDisplayed()).isTrue();
  }
}

package org.lstmlab.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.Optional;
import org.lstmlab.core.data.NotebookSeries;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.forecast.Evaluation;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.TargetTransform;
import org.lstmlab.core.forecast.WindowPredictions;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.lags.Experiment;
import org.lstmlab.core.lags.ExperimentResult;

/** The HTTP API of a real server on a free loopback port, with the placeholder test lesson. */
class WebServerApiTest {
  private static WebServer server;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    server = WebServer.start("127.0.0.1", 0, WebServerTestSupport.TEST_ROOT);
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String base() {
    return "http://127.0.0.1:" + server.port();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return Json.MAPPER.readTree(r.body());
  }

  /** The status line and body of a request sent byte for byte, so no client normalises it. */
  static String[] raw(String path) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int nl = all.indexOf("\r\n");
      return new String[] {nl < 0 ? all : all.substring(0, nl), all};
    }
  }

  // --- pages and files -------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"/lesson", "/series", "/train", "/gates", "/gradients", "/lags",
      "/data", "/text"})
  void page_servedAsShellWithPolicy(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.body()).contains("/static/app.js", "/webjars/katex/", "/webjars/echarts/")
        .doesNotContain("${", "http://", "https://");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'");
  }

  @Test
  void root_redirectsToLesson() throws Exception {
    HttpResponse<String> r = get("/");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/lesson");
  }

  @ParameterizedTest
  @CsvSource({
      "/static/app.js, text/javascript",
      "/static/style.css, text/css",
      "/webjars/katex/0.16.4/dist/katex.min.js, text/javascript",
      "/webjars/katex/0.16.4/dist/contrib/auto-render.min.js, text/javascript",
      "/webjars/katex/0.16.4/dist/katex.min.css, text/css",
      "/webjars/katex/0.16.4/dist/fonts/KaTeX_Main-Regular.woff2, font/woff2",
      "/webjars/echarts/5.3.1/dist/echarts.min.js, text/javascript"})
  void assets_servedFromTheJar(String path, String type) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(type);
    assertThat(r.body()).hasSizeGreaterThan(1000);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/static/../../pom.xml",
      "/static/..%2f..%2fpom.xml",
      "/static/%2e%2e/%2e%2e/simplelogger.properties",
      "/static/..%5c..%5csimplelogger.properties",
      "/webjars/../../../../etc/passwd",
      "/webjars/katex/../../../../org/lstmlab/web/WebServer.class",
      "/static/.hidden.js",
      "/static/app.js%00.png",
      "/static//etc/passwd"})
  void static_refusesPathTraversal(String path) throws Exception {
    String[] r = raw(path);
    assertThat(r[0]).matches("HTTP/1\\.1 4\\d\\d .*");
    assertThat(r[1]).doesNotContain("root:", "<project", "defaultLogLevel", "CAFEBABE");
  }

  @Test
  void static_unknownFile_is404Json() throws Exception {
    HttpResponse<String> r = get("/static/nothing-here.js");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).path("error").asText()).contains("no such file");
  }

  @Test
  void unknownEndpoint_is404Json() throws Exception {
    HttpResponse<String> r = get("/api/nothing");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).path("error").asText()).contains("/api/nothing");
  }

  // --- lesson ----------------------------------------------------------------------------------

  @Test
  void lesson_embedsSectionsAndQuizzes() throws Exception {
    JsonNode l = json(get("/api/lesson"));
    assertThat(l.path("sections")).hasSize(3);
    JsonNode gates = l.path("sections").get(1);
    assertThat(gates.path("title").asText()).isEqualTo("The gates and the two states");
    assertThat(gates.path("html").asText()).contains("id=\"eq-i\"");
    JsonNode quiz = gates.path("quizzes").get(0);
    assertThat(quiz.path("name").asText()).isEqualTo("check.json");
    assertThat(quiz.path("questions")).hasSize(4);
    assertThat(l.path("diagram").asBoolean()).isTrue();
  }

  @Test
  void lesson_missingOrEscapingQuizName_isAnErrorNotAFile() throws Exception {
    JsonNode quizzes = json(get("/api/lesson")).path("sections").get(2).path("quizzes");
    assertThat(quizzes.get(0).path("error").asText()).contains("missing.json");
    assertThat(quizzes.get(1).path("error").asText()).contains("is missing");
    assertThat(quizzes.get(1).has("questions")).isFalse();
  }

  @Test
  void diagram_servedAsSvg() throws Exception {
    HttpResponse<String> r = get("/api/lesson/diagram.svg");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
    assertThat(r.body()).contains("id=\"gate-f\"");
  }

  // --- series ----------------------------------------------------------------------------------

  @Test
  void series_isTheNotebookSeriesForTheSeed() throws Exception {
    JsonNode s = json(get("/api/series?length=64&noise=0.3&seed=7"));
    double[] expected = NotebookSeries.values(64, 0.3, 7);
    assertThat(s.path("values")).hasSize(64);
    for (int i = 0; i < 64; i++) {
      assertThat(s.path("values").get(i).asDouble()).isEqualTo(expected[i]);
    }
    assertThat(s.path("time").get(63).asDouble()).isEqualTo(10 * Math.PI);
    // Without noise the series is the signal itself.
    JsonNode clean = json(get("/api/series?length=40&noise=0&seed=1"));
    for (int i = 0; i < 40; i++) {
      assertThat(clean.path("values").get(i).asDouble())
          .isEqualTo(clean.path("signal").get(i).asDouble());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "length=39           | length must be in [40, 1000], got 39",
      "length=1001         | length must be in [40, 1000], got 1001",
      "length=ten          | length must be a whole number in [40, 1000], got 'ten'",
      "noise=-0.1          | noise must be a number in [0, 2], got '-0.1'",
      "noise=2.5           | noise must be a number in [0, 2], got '2.5'",
      "noise=NaN           | noise must be a number in [0, 2], got 'NaN'",
      "seed=1.5            | seed must be a whole number (a 64-bit seed), got '1.5'"})
  void series_outOfRange_is400NamingTheField(String query, String message) throws Exception {
    HttpResponse<String> r = get("/api/series?" + query);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").asText()).isEqualTo(message);
  }

  // --- training --------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"hidden\": 0}            | hidden must be in [1, 128], got 0",
      "{\"hidden\": 129}          | hidden must be in [1, 128], got 129",
      "{\"epochs\": 0}            | epochs must be in [1, 200], got 0",
      "{\"epochs\": 201}          | epochs must be in [1, 200], got 201",
      "{\"window\": 1}            | window must be in [2, 48], got 1",
      "{\"window\": 49}           | window must be in [2, 48], got 49",
      "{\"lr\": 0}                | lr must be a number in (0, 1], got '0'",
      "{\"lr\": 1.5}              | lr must be a number in (0, 1], got '1.5'",
      "{\"batch_size\": 0}        | batch_size must be in [1, 256], got 0",
      "{\"batch_size\": 257}      | batch_size must be in [1, 256], got 257",
      "{\"batchSize\": 4}         | unknown field 'batchSize': did you mean 'batch_size'?",
      "{\"hiden\": 4}             | unknown field 'hiden'; the fields are models, hidden, window,"
          + " epochs, lr, batch_size, holdout, length, noise, seed",
      "{\"holdout\": 0.01}        | holdout must be a number in [0.05, 0.5], got '0.01'",
      "{\"holdout\": 0.6}         | holdout must be a number in [0.05, 0.5], got '0.6'",
      "{\"length\": 2000}         | length must be in [40, 1000], got 2000",
      "{\"models\": \"lstm,tcn\"} | models must be a comma-separated list of [lstm, rnn, gru], got 'tcn'",
      "{\"models\": []}           | models must name at least one of [lstm, rnn, gru]",
      "{\"window\": 48, \"length\": 40} | a series of 40 points holds no window of window 48 +"
          + " horizon 1; need at least 49 points",
      "{\"window\": 20, \"length\": 40, \"holdout\": 0.5} | training part would be empty: its"
          + " 20 of 40 points hold no window of window 20 + horizon 1; lower validation/test or"
          + " shorten the window",
      "[1, 2]                     | the body must be a JSON object of settings",
      "{\"hidden\": 64, \"window\": 48, \"length\": 1000, \"epochs\": 14} | this run is too"
          + " large: epochs × training windows × window × (hidden + 1)² = 14 × 752 × 48 × 4225"
          + " = 2.14e+09, at most 2e+09 (about a minute per model); lower epochs, hidden, window"
          + " or length"})
  void train_badSettings_is400NamingTheField(String body, String message) throws Exception {
    HttpResponse<String> r = post("/api/train", body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").asText()).isEqualTo(message);
  }

  @Test
  void train_bodyNotJson_is400() throws Exception {
    HttpResponse<String> r = post("/api/train", "{hidden: ");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").asText()).startsWith("the body is not valid JSON");
  }

  @Test
  void train_bodyTooLarge_is413() throws Exception {
    String big = "{\"pad\": \"" + "x".repeat(Limits.MAX_BODY_BYTES) + "\"}";
    HttpResponse<String> r = post("/api/train", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).path("error").asText()).contains("at most 16384");
  }

  @Test
  void train_bodyTooLarge_413ReachesTheClientEveryTime() throws Exception {
    // Answered before the body was read, the refusal was lost in 72 of 900 such requests: the
    // connection closed on unread bytes was reset under the client's feet.
    String big = "{\"pad\": \"" + "x".repeat(100_000) + "\"}";
    int lost = 0;
    for (int i = 0; i < 300; i++) {
      try {
        lost += post("/api/train", big).statusCode() == 413 ? 0 : 1;
      } catch (IOException e) {
        lost++;
      }
    }
    assertThat(lost).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/train/nope", "/api/train/0123456789abcdef01234567"})
  void train_unknownJob_is404(String path) throws Exception {
    assertThat(get(path).statusCode()).isEqualTo(404);
    HttpResponse<String> cancel = post(path + "/cancel", "");
    assertThat(cancel.statusCode()).isEqualTo(404);
    assertThat(json(cancel).path("error").asText()).startsWith("no such training job");
  }

  /** One event of an SSE stream. */
  record Sse(String name, JsonNode data) {}

  static List<Sse> events(String path) throws Exception {
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base() + path))
        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    List<Sse> out = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      String name = null;
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          out.add(new Sse(name, Json.MAPPER.readTree(line.substring(6))));
        }
      }
    }
    return out;
  }

  static List<Sse> train(String body) throws Exception {
    HttpResponse<String> r = post("/api/train", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return events(json(r).path("events").asText());
  }

  @Test
  void train_streamsEpochsModelsAndDone() throws Exception {
    List<Sse> ev = train("{\"models\": [\"lstm\", \"rnn\", \"gru\"], \"hidden\": 6, "
        + "\"epochs\": 4, \"window\": 8, \"batch_size\": 16, \"seed\": 3}");
    assertThat(ev.get(0).name()).isEqualTo("start");
    JsonNode start = ev.get(0).data();
    assertThat(start.path("series")).hasSize(100);
    // 100 points: the first 80 train, the last 20 held out; T = 8 windows whose targets fall in
    // each: targets 8 … 79 and 80 … 99.
    assertThat(start.path("train_windows").asInt()).isEqualTo(72);
    assertThat(start.path("heldout_windows").asInt()).isEqualTo(20);
    assertThat(start.path("heldout_from").asInt()).isEqualTo(80);
    assertThat(start.path("first_target").asInt()).isEqualTo(8);
    assertThat(start.path("baselines").path("naive").path("mse").asDouble()).isPositive();
    for (String m : List.of("lstm", "rnn", "gru")) {
      List<JsonNode> epochs = ev.stream()
          .filter(e -> e.name().equals("epoch") && e.data().path("model").asText().equals(m))
          .map(Sse::data).toList();
      assertThat(epochs).extracting(e -> e.path("epoch").asInt()).containsExactly(1, 2, 3, 4);
      assertThat(epochs).allSatisfy(e -> assertThat(e.path("train_loss").asDouble()).isPositive());
      JsonNode model = ev.stream()
          .filter(e -> e.name().equals("model") && e.data().path("model").asText().equals(m))
          .findFirst().orElseThrow().data();
      assertThat(model.path("stop_reason").asText()).isEqualTo("COMPLETED");
      assertThat(model.path("predictions")).hasSize(100 - 8);
      assertThat(model.path("metrics").path("rmse").asDouble())
          .isEqualTo(Math.sqrt(model.path("metrics").path("mse").asDouble()));
    }
    Sse done = ev.get(ev.size() - 1);
    assertThat(done.name()).isEqualTo("done");
    assertThat(done.data().path("status").asText()).isEqualTo("completed");
    assertThat(ev).hasSize(1 + 3 * 4 + 3 + 1);
  }

  @Test
  void train_sameSettings_replayBitIdentical() throws Exception {
    String body = "{\"models\": \"lstm,rnn\", \"hidden\": 5, \"epochs\": 3, \"window\": 6,"
        + " \"batch_size\": 4, \"lr\": 0.02, \"noise\": 0.4, \"seed\": 11}";
    List<Sse> a = train(body);
    List<Sse> b = train(body);
    assertThat(summary(b)).isEqualTo(summary(a));
    // A late listener replays the whole stream, in the same order.
    assertThat(a).isNotEmpty();
  }

  /** Losses and predictions of a run, by model, without the timings. */
  static String summary(List<Sse> ev) {
    StringBuilder sb = new StringBuilder();
    ev.stream().filter(e -> !e.name().equals("start")).sorted((x, y) -> {
      String kx = x.name() + x.data().path("model").asText() + x.data().path("epoch").asInt();
      String ky = y.name() + y.data().path("model").asText() + y.data().path("epoch").asInt();
      return kx.compareTo(ky);
    }).forEach(e -> sb.append(e.name()).append(' ').append(e.data().path("train_loss"))
        .append(' ').append(e.data().path("validation_loss")).append(' ')
        .append(e.data().path("predictions")).append(' ').append(e.data().path("metrics"))
        .append('\n'));
    return sb.toString();
  }

  /** The pipeline's result for one model, built here by hand with the notebook's choices. */
  static Evaluation reference(CellType cell, int hidden, int window, int epochs, double lr,
      int batch, double holdout, int length, double noise, long seed, long modelSeed) {
    SeriesDataset data = SeriesDataset.of("value", Optional.empty(), List.of(),
        NotebookSeries.values(length, noise, seed));
    ForecastConfig config = ForecastConfig.builder().cell(cell).hidden(hidden).window(window)
        .horizon(1).transform(TargetTransform.NONE).relative(false).season(1)
        .scaler(Scaler.NONE).split(holdout, 0)
        .training(TrainerConfig.builder().epochs(epochs).batchSize(batch).shuffle(false)
            .optimizer("adam").lr(lr).loss("mse").seed(seed).build())
        .build();
    SequenceModel start = SequenceModel.builder(cell, 1, hidden).seed(modelSeed).build();
    FittedForecaster f = new Forecaster(config).fit(data, null, null, start).forecaster();
    return Evaluation.of(f, f.predictions(data), WindowPredictions.Part.VALIDATION);
  }

  static JsonNode modelEvent(List<Sse> ev, String model) {
    return ev.stream()
        .filter(e -> e.name().equals("model") && e.data().path("model").asText().equals(model))
        .findFirst().orElseThrow().data();
  }

  /**
   * An empty request runs {@code lstmlab demo}'s experiment: its series (seed 42), the LSTM and
   * the RNN of 100 units from seeds 43 and 44, batch 1, 20 epochs, the last 20% held out. The
   * LSTM's held-out scores equal the library pipeline's for those settings, to the last bit, and
   * the naive baseline's MSE equals the mean squared one-step change over the held-out points,
   * computed here from the series.
   */
  @Test
  void train_defaults_areTheDemosRun_scoresEqualTheLibrarysPipeline() throws Exception {
    List<Sse> ev = train("{}");
    JsonNode start = ev.get(0).data();
    assertThat(start.path("models")).extracting(JsonNode::asText).containsExactly("lstm", "rnn");
    assertThat(start.path("hidden").asInt()).isEqualTo(100);
    assertThat(start.path("window").asInt()).isEqualTo(10);
    assertThat(start.path("epochs").asInt()).isEqualTo(20);
    double[] y = NotebookSeries.values(100, 0.5, 42);
    assertThat(start.path("series").get(0).asDouble()).isEqualTo(y[0]);
    assertThat(start.path("heldout_from").asInt()).isEqualTo(80);
    assertThat(start.path("train_windows").asInt()).isEqualTo(70);
    assertThat(start.path("heldout_windows").asInt()).isEqualTo(20);

    double naive = 0;
    for (int t = 80; t < 100; t++) {
      naive += (y[t] - y[t - 1]) * (y[t] - y[t - 1]);
    }
    naive /= 20;
    JsonNode baselines = start.path("baselines");
    assertThat(baselines.path("naive").path("mse").asDouble())
        .isCloseTo(naive, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(baselines.fieldNames()).toIterable().containsExactly("naive", "drift", "mean");
    // The series crosses zero: MAPE is left out, with the library's reason.
    assertThat(start.path("mape_unreliable").asBoolean()).isTrue();
    assertThat(baselines.path("naive").path("mape").isNull()).isTrue();

    Evaluation lstm = reference(CellType.LSTM, 100, 10, 20, 0.01, 1, 0.2, 100, 0.5, 42, 43);
    JsonNode m = modelEvent(ev, "lstm").path("metrics");
    assertThat(m.path("mse").asDouble()).isEqualTo(lstm.model().metrics().mse());
    assertThat(m.path("mae").asDouble()).isEqualTo(lstm.model().metrics().mae());
    assertThat(m.path("mase").asDouble()).isEqualTo(lstm.model().mase());
    assertThat(m.path("mape").isNull()).isTrue();
    assertThat(modelEvent(ev, "lstm").path("beats_baselines").asBoolean())
        .isEqualTo(lstm.modelBeatsBaselines());
    assertThat(baselines.path("naive").path("mse").asDouble())
        .isEqualTo(lstm.scores().get("naive").metrics().mse());
    assertThat(modelEvent(ev, "rnn").path("parameters").asInt())
        .isEqualTo(100 * (1 + 100 + 2) + 101); // tanh RNN: W_ih, W_hh, two biases; the head
  }

  /** A GRU with other settings: every prediction and score as the pipeline gives them. */
  @Test
  void train_gru_predictionsAndScoresEqualTheLibrarysPipeline() throws Exception {
    List<Sse> ev = train("{\"models\": \"gru\", \"hidden\": 6, \"window\": 8, \"epochs\": 3,"
        + " \"lr\": 0.02, \"batch_size\": 4, \"holdout\": 0.3, \"length\": 90,"
        + " \"noise\": 0.2, \"seed\": 5}");
    Evaluation ref = reference(CellType.GRU, 6, 8, 3, 0.02, 4, 0.3, 90, 0.2, 5, 5 + 3);
    JsonNode gru = modelEvent(ev, "gru");
    assertThat(gru.path("metrics").path("mse").asDouble()).isEqualTo(ref.model().metrics().mse());
    assertThat(gru.path("metrics").path("r2").asDouble()).isEqualTo(ref.model().metrics().r2());
    assertThat(gru.path("predictions")).hasSize(90 - 8);
    assertThat(ev.get(0).data().path("heldout_from").asInt()).isEqualTo(63); // 90 − 27
    assertThat(ev.get(0).data().path("heldout_windows").asInt()).isEqualTo(27);
  }

  /** Every page's fields: snake_case names, labels in words, ranges; the Train page's defaults. */
  @Test
  void limits_serveEveryFieldWithLabelRangeAndDefault_trainDefaultsAreTheDemos() throws Exception {
    JsonNode limits = json(get("/api/limits"));
    for (String page : List.of("series", "train", "gates", "gradients", "lags")) {
      assertThat(limits.path("fields").path(page)).isNotEmpty().allSatisfy(f -> {
        assertThat(f.path("name").asText()).matches("[a-z][a-z_]*");
        assertThat(f.path("label").asText()).as(f.toString()).doesNotContainPattern("[a-z][A-Z]");
      });
    }
    assertThat(field(limits, "train", "hidden").path("default").asInt()).isEqualTo(100);
    assertThat(field(limits, "train", "hidden").path("max").asInt()).isEqualTo(Limits.MAX_HIDDEN);
    assertThat(field(limits, "train", "batch_size").path("default").asInt()).isEqualTo(1);
    assertThat(field(limits, "train", "batch_size").path("label").asText()).isEqualTo("batch size");
    assertThat(field(limits, "train", "seed").path("default").asLong()).isEqualTo(42);
    assertThat(field(limits, "train", "holdout").path("default").asDouble()).isEqualTo(0.2);
    assertThat(field(limits, "train", "lr").path("min_open").asBoolean()).isTrue();
    assertThat(limits.path("default_models")).extracting(JsonNode::asText)
        .containsExactly("lstm", "rnn");
  }

  static JsonNode field(JsonNode limits, String page, String name) {
    for (JsonNode f : limits.path("fields").path(page)) {
      if (f.path("name").asText().equals(name)) {
        return f;
      }
    }
    throw new AssertionError("no field " + name + " on " + page);
  }

  /** Two tabs training at once each see only their own job, and each gets a full run. */
  @Test
  void train_twoJobsAtOnce_doNotMix() throws Exception {
    String a = json(post("/api/train", "{\"models\": \"lstm\", \"hidden\": 4, \"epochs\": 3,"
        + " \"seed\": 1}")).path("events").asText();
    String b = json(post("/api/train", "{\"models\": \"gru,rnn\", \"hidden\": 3,"
        + " \"epochs\": 2, \"seed\": 2}")).path("events").asText();
    List<Sse> eb = events(b);
    List<Sse> ea = events(a);
    assertThat(ea.stream().filter(e -> e.name().equals("epoch"))
        .map(e -> e.data().path("model").asText()).distinct()).containsExactly("lstm");
    assertThat(eb.stream().filter(e -> e.name().equals("epoch"))
        .map(e -> e.data().path("model").asText()).distinct())
        .containsExactlyInAnyOrder("gru", "rnn");
    assertThat(ea).filteredOn(e -> e.name().equals("epoch")).hasSize(3);
    assertThat(eb).filteredOn(e -> e.name().equals("epoch")).hasSize(4);
    assertThat(ea.get(ea.size() - 1).data().path("status").asText()).isEqualTo("completed");
    assertThat(eb.get(eb.size() - 1).data().path("status").asText()).isEqualTo("completed");
  }

  @Test
  void train_lateListener_getsEveryEventFromTheStart() throws Exception {
    HttpResponse<String> r = post("/api/train", "{\"models\": \"rnn\", \"hidden\": 3, "
        + "\"epochs\": 2, \"window\": 5, \"batch_size\": 32}");
    String path = json(r).path("events").asText();
    List<Sse> first = events(path);
    List<Sse> again = events(path);
    assertThat(again).extracting(Sse::name).containsExactly("start", "epoch", "epoch", "model",
        "done");
    assertThat(again.toString()).isEqualTo(first.toString());
  }

  @Test
  void train_unknownJobStream_saysFailed() throws Exception {
    List<Sse> ev = events("/api/train/unknown/events");
    assertThat(ev).extracting(Sse::name).containsExactly("failed");
    assertThat(ev.get(0).data().path("error").asText()).isEqualTo("no such training job");
  }

  @Test
  void train_tooManyJobs_is429_cancelFreesASlot_serverStaysResponsive() throws Exception {
    String slow = "{\"models\": \"lstm\", \"hidden\": 64, \"epochs\": 12, \"window\": 48,"
        + " \"batch_size\": 1, \"length\": 1000}";
    List<String> ids = new ArrayList<>();
    for (int k = 0; k < Limits.MAX_JOBS; k++) {
      HttpResponse<String> r = post("/api/train", slow);
      assertThat(r.statusCode()).isEqualTo(202);
      ids.add(json(r).path("id").asText());
    }
    HttpResponse<String> refused = post("/api/train", slow);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(json(refused).path("error").asText()).isEqualTo(
        "too many training jobs at once: 2 running, at most 2; wait for one to finish or"
            + " cancel it");

    // Both cores are training; a request still answers at once.
    long t0 = System.nanoTime();
    assertThat(get("/api/limits").statusCode()).isEqualTo(200);
    assertThat(get("/static/app.js").statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - t0) / 1e6).isLessThan(1000);

    for (String id : ids) {
      assertThat(post("/api/train/" + id + "/cancel", "").statusCode()).isEqualTo(200);
    }
    for (String id : ids) {
      List<Sse> ev = events("/api/train/" + id + "/events");
      Sse done = ev.get(ev.size() - 1);
      assertThat(done.data().path("status").asText()).isEqualTo("cancelled");
      assertThat(ev.stream().filter(e -> e.name().equals("model")).findFirst().orElseThrow()
          .data().path("stop_reason").asText()).isEqualTo("CANCELLED");
    }
    HttpResponse<String> again = post("/api/train", "{\"epochs\": 1, \"hidden\": 2}");
    assertThat(again.statusCode()).isEqualTo(202);
    events(json(again).path("events").asText());
  }

  // --- your own data ---------------------------------------------------------------------------

  static String ownBody(String csv, String extra) {
    return "{\"file_name\": \"shop.csv\", \"csv\": " + Json.write(csv) + ", " + extra + "}";
  }

  static final String CSV = "day,sales\n" + java.util.stream.IntStream.range(0, 60)
      .mapToObj(t -> t + "," + (10 + t % 7 + 0.1 * t)).collect(java.util.stream.Collectors.joining("\n"));

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"target\": \"price\"                 | shop.csv: no column 'price'; the columns are day, sales",
      "\"target\": \"sales\", \"time\": \"date\" | shop.csv: no column 'date'; the columns are day, sales",
      "\"target\": \"sales\", \"missing\": \"x\" | missing must be one of [error, drop, ffill, interpolate], got 'x'",
      "\"target\": \"sales\", \"horizon\": 49 | horizon must be in [1, 48], got 49",
      "\"target\": \"sales\", \"models\": \"tcn\" | models must be a comma-separated list of [lstm, rnn, gru], got 'tcn'",
      "\"target\": \"sales\", \"fileName\": \"a\" | unknown field 'fileName': did you mean 'file_name'?"})
  void own_badSettings_is400InOneLine(String extra, String message) throws Exception {
    HttpResponse<String> r = post("/api/own", ownBody(CSV, extra));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").asText()).isEqualTo(message);
  }

  /** The reader's one-line errors name the uploaded file's line and column, not a server path. */
  @Test
  void own_badCsv_namesTheLineAndColumn() throws Exception {
    HttpResponse<String> r = post("/api/own", ownBody(CSV.replace("\n5,", "\n5,ab"),
        "\"target\": \"sales\""));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").asText())
        .isEqualTo("shop.csv line 7, column 'sales': 'ab15.5' is not a number");
    HttpResponse<String> blank = post("/api/own", ownBody(CSV.replace("\n5,15.5", "\n5,"),
        "\"target\": \"sales\""));
    assertThat(json(blank).path("error").asText()).startsWith("shop.csv line 7, column 'sales':"
        + " empty value");
  }

  @Test
  void own_fileTooLarge_is413() throws Exception {
    String big = "x,y\n" + "1,2\n".repeat(Limits.MAX_UPLOAD_BYTES / 4 + 1);
    HttpResponse<String> r = post("/api/own", ownBody(big, "\"target\": \"y\""));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).path("error").asText()).startsWith("the file is too large: ")
        .endsWith("bytes, at most " + Limits.MAX_UPLOAD_BYTES);
  }

  /** Nothing to download from a job without that trained model. */
  @Test
  void own_downloadOfAnUntrainedModel_is404() throws Exception {
    List<Sse> ev = events(json(post("/api/own", ownBody(CSV, "\"target\": \"sales\","
        + " \"epochs\": 1, \"hidden\": 2"))).path("events").asText());
    assertThat(ev.get(ev.size() - 1).data().path("status").asText()).isEqualTo("completed");
    String id = modelEvent(ev, "lstm").path("model_file").asText().split("/")[3];
    assertThat(get("/api/own/" + id + "/lstm/model.safetensors").statusCode()).isEqualTo(200);
    HttpResponse<String> gru = get("/api/own/" + id + "/gru/model.safetensors");
    assertThat(gru.statusCode()).isEqualTo(404);
    assertThat(json(gru).path("error").asText()).startsWith("no trained model gru in this job");
  }

  // --- long time lags --------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"task\": \"parity\"}      | task must be one of [adding, order, copy], got 'parity'",
      "{\"length\": 1}             | length must be in [2, 200], got 1",
      "{\"length\": 201}           | length must be in [2, 200], got 201",
      "{\"steps\": 0}              | steps must be in [1, 3000], got 0",
      "{\"steps\": 3001}           | steps must be in [1, 3000], got 3001",
      "{\"hidden\": 0}             | hidden must be in [1, 128], got 0",
      "{\"hidden\": 129}           | hidden must be in [1, 128], got 129",
      "{\"lr\": 0}                 | lr must be a number in (0, 1], got '0'",
      "{\"steps\": 40, \"eval_every\": 41} | eval_every must be in [1, 40], got 41",
      "{\"test_size\": 0}          | test_size must be in [1, 1000], got 0",
      "{\"test_size\": 1001}       | test_size must be in [1, 1000], got 1001",
      "{\"seed\": \"x\"}           | seed must be a whole number (a 64-bit seed), got 'x'",
      "{\"task\": \"order\", \"length\": 5} | length must be >= 10 for the temporal order"
          + " problem, got 5",
      "{\"length\": 200, \"steps\": 3000, \"hidden\": 64} | this run is too large: steps ×"
          + " batch × sequence steps × (hidden + 1)² = 3000 × 50 × 200 × 4225 = 1.27e+11, at most"
          + " 3e+09 (about a minute per model); lower steps, hidden or length"})
  void lags_badSettings_is400NamingTheField(String body, String message) throws Exception {
    HttpResponse<String> r = post("/api/lags", body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").asText()).isEqualTo(message);
  }

  @Test
  void lags_docsFastSetting_fitsTheBudget() {
    // docs/LONG-TIME-LAGS.md's setting for this page: adding, T = 50, H = 32, 1000 steps.
    LagSettings fast = new LagSettings("adding", 50, 1000, 32, 0.01, 250, 500, 1);
    TrainingJobs.requireLagBudget(fast, 50);
  }

  @Test
  void lags_streamsTheCurvesOfAJointRun() throws Exception {
    HttpResponse<String> r = post("/api/lags", "{\"task\": \"adding\", \"length\": 10,"
        + " \"steps\": 40, \"eval_every\": 20, \"hidden\": 4, \"test_size\": 50, \"seed\": 7}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    List<Sse> ev = events(json(r).path("events").asText());

    // The reference: one in-process run of both models, one after the other, as the CLI does.
    ExperimentResult ref = Experiment.builder("adding", 10).hidden(4).steps(40).evalEvery(20)
        .testSize(50).lr(0.01).seed(7).build().run();
    JsonNode start = ev.get(0).data();
    assertThat(ev.get(0).name()).isEqualTo("start");
    assertThat(start.path("models")).extracting(JsonNode::asText).containsExactly("lstm", "rnn");
    assertThat(start.path("loss_name").asText()).isEqualTo("mse");
    assertThat(start.path("baseline").path("loss").asDouble())
        .isEqualTo(ref.baseline().loss());
    assertThat(start.path("expected_baseline").path("loss").asDouble()).isEqualTo(1.0 / 6.0);
    for (ExperimentResult.ModelResult m : ref.results()) {
      List<JsonNode> evals = ev.stream()
          .filter(e -> e.name().equals("eval") && e.data().path("model").asText().equals(m.model()))
          .map(Sse::data).toList();
      assertThat(evals).extracting(e -> e.path("step").asInt()).containsExactly(0, 20, 40);
      // The model's own thread gives the joint run's curve, to the last bit.
      assertThat(evals).extracting(e -> e.path("test").path("loss").asDouble())
          .containsExactlyElementsOf(m.curve().stream().map(p -> p.test().loss()).toList());
      JsonNode model = ev.stream()
          .filter(e -> e.name().equals("model") && e.data().path("model").asText().equals(m.model()))
          .findFirst().orElseThrow().data();
      assertThat(model.path("stop_reason").asText()).isEqualTo("COMPLETED");
      assertThat(model.path("test").path("loss").asDouble()).isEqualTo(m.test().loss());
    }
    Sse done = ev.get(ev.size() - 1);
    assertThat(done.name()).isEqualTo("done");
    assertThat(done.data().path("status").asText()).isEqualTo("completed");
    assertThat(ev).hasSize(1 + 2 * 3 + 2 + 1);
  }

  @Test
  void lags_classificationTask_reportsAccuracy() throws Exception {
    HttpResponse<String> r = post("/api/lags", "{\"task\": \"copy\", \"length\": 2,"
        + " \"steps\": 4, \"eval_every\": 4, \"hidden\": 3, \"test_size\": 8}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    List<Sse> ev = events(json(r).path("events").asText());
    assertThat(ev.get(0).data().path("loss_name").asText()).isEqualTo("cross_entropy");
    assertThat(ev.stream().filter(e -> e.name().equals("eval")).map(Sse::data).toList())
        .hasSize(4).allSatisfy(e -> assertThat(e.path("test").path("accuracy").asDouble())
            .isBetween(0.0, 1.0));
  }

  /**
   * One evaluation at step 0 and the next only after all 1000 steps: the cancel has to stop the
   * models between evaluations, before their next step (issue 11, item 9).
   */
  @Test
  void lags_cancel_stopsBothModelsBeforeTheirNextStep() throws Exception {
    HttpResponse<String> r = post("/api/lags", "{\"length\": 50, \"steps\": 1000,"
        + " \"eval_every\": 1000, \"test_size\": 10}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String id = json(r).path("id").asText();
    assertThat(post("/api/train/" + id + "/cancel", "").statusCode()).isEqualTo(200);
    List<Sse> ev = events("/api/train/" + id + "/events");
    assertThat(ev.get(ev.size() - 1).data().path("status").asText()).isEqualTo("cancelled");
    assertThat(ev.stream().filter(e -> e.name().equals("model")).map(Sse::data).toList())
        .hasSize(2).allSatisfy(m -> assertThat(m.path("stop_reason").asText())
            .isEqualTo("CANCELLED"));
    assertThat(ev.stream().filter(e -> e.name().equals("model")).map(Sse::data).toList())
        .allSatisfy(m -> assertThat(m.path("steps").asInt()).isLessThan(1000))
        .allSatisfy(m -> assertThat(m.path("message").asText()).startsWith("cancelled at step "));
    assertThat(ev.stream().filter(e -> e.name().equals("eval")).count()).isLessThanOrEqualTo(2);
  }

  @Test
  void lags_limitsListTheRanges() throws Exception {
    JsonNode limits = json(get("/api/limits"));
    JsonNode length = field(limits, "lags", "length");
    assertThat(length.path("min").asInt()).isEqualTo(2);
    assertThat(length.path("max").asInt()).isEqualTo(200);
    assertThat(field(limits, "lags", "steps").path("max").asInt()).isEqualTo(3000);
    assertThat(field(limits, "lags", "eval_every").path("label").asText())
        .isEqualTo("evaluate every (steps)");
    assertThat(limits.path("lag_tasks")).extracting(JsonNode::asText)
        .containsExactly("adding", "order", "copy");
  }

  // --- explorers -------------------------------------------------------------------------------

  @Test
  void gates_shapesAndDefaults() throws Exception {
    JsonNode g = json(get("/api/gates?hidden=5&window=10&epochs=0&seed=2"));
    assertThat(g.path("start").asInt()).isEqualTo(75); // the first test window: 100 − 15 − 10
    assertThat(g.path("max_start").asInt()).isEqualTo(89); // the last window with a target
    for (String k : List.of("i", "f", "g", "o", "c", "h")) {
      assertThat(g.path("gates").path(k)).hasSize(10);
      assertThat(g.path("gates").path(k).get(0)).hasSize(5);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/api/gates?hidden=33        | hidden must be in [1, 32], got 33",
      "/api/gates?epochs=101       | epochs must be in [0, 100], got 101",
      "/api/gates?start=88         | start must be in [0, 87], got 88",
      "/api/gates?window=49        | window must be in [2, 48], got 49",
      "/api/gradients?window=121   | window must be in [2, 120], got 121",
      "/api/gradients?window=120&length=100 | a series of 100 points holds no window of window 120"
          + " + horizon 1; need at least 121 points",
      "/api/gates?forgetBias=2     | unknown field 'forgetBias'; the fields are hidden, window,"
          + " start, epochs, length, noise, seed",
      "/api/gradients?forgetBias=2 | unknown field 'forgetBias': did you mean 'forget_bias'?",
      "/api/gradients?hidden=0     | hidden must be in [1, 32], got 0",
      "/api/gates?hidden=32&window=48&length=1000&epochs=100 | the quick training is too large:"
          + " epochs × training windows × window × (hidden + 1)² = 3.41e+09, at most 5e+08 here"
          + " (a few seconds); lower epochs, hidden, window or length",
      "/api/gradients?forget_bias=11 | forget_bias must be a number in [-10, 10], got '11'"})
  void explorers_outOfRange_is400(String path, String message) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").asText()).isEqualTo(message);
  }

  @Test
  void gradients_oneNormPerStep_forBothModels() throws Exception {
    JsonNode g = json(get("/api/gradients?window=30&hidden=8"));
    assertThat(g.path("rnn").path("norm")).hasSize(30);
    assertThat(g.path("lstm").path("norm")).hasSize(30);
    assertThat(g.path("windows").asInt()).isEqualTo(60);
  }

  // --- text ------------------------------------------------------------------------------------

  private static final Path COMPUTERS = TextLesson.FORTUNES.resolve("computers");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"file\": \"../etc/passwd\"} | file must be one of the fortune files [",
      "{\"input\": \"word2vec\"} | input must be one of [one_hot, embedding], got 'word2vec'",
      "{\"text\": \"too short\"}   | the text has 9 characters; at least 500 are needed (a tenth"
          + " is held out)",
      "{\"file\": \"computers\", \"text\": \"x\"} | send a fortune file or a text, not both",
      "{\"hidden\": 0}             | hidden must be in [1, 128], got 0",
      "{\"window\": 129}           | window must be in [2, 128], got 129",
      "{\"batch_size\": 65}        | batch_size must be in [1, 64], got 65",
      "{\"epochs\": 31}            | epochs must be in [1, 30], got 31",
      "{\"temperature\": 2.5}      | temperature must be a number in [0, 2], got '2.5'",
      "{\"lr\": 0}                 | lr must be a number in (0, 1], got '0'",
      "{\"batchSize\": 4}          | unknown field 'batchSize': did you mean 'batch_size'?",
      "{\"epochs\": 30, \"hidden\": 128} | this run is too large: epochs × training characters ×"
          + " 4·hidden·(vocabulary + hidden) = 30 × "})
  void text_badSettings_is400InOneLine(String body, String message) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(COMPUTERS),
        "Debian's fortunes package is not installed");
    HttpResponse<String> r = post("/api/text", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(json(r).path("error").asText()).startsWith(message).doesNotContain("\n")
        .doesNotContain("Exception");
  }

  @Test
  void text_longPromptOrText_refusedNamingTheLimit() throws Exception {
    HttpResponse<String> prompt = post("/api/text", "{\"text\": \"" + "ab ".repeat(300)
        + "\", \"prompt\": \"" + "p".repeat(101) + "\"}");
    assertThat(prompt.statusCode()).isEqualTo(400);
    assertThat(json(prompt).path("error").asText())
        .isEqualTo("prompt has 101 characters, at most 100");
    HttpResponse<String> big = post("/api/text", "{\"text\": \""
        + "x".repeat(Limits.MAX_TEXT_BYTES + 1) + "\"}");
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(json(big).path("error").asText())
        .isEqualTo("the text is too large: 100001 bytes, at most 100000");
  }

  /**
   * A short run on the first 100 000 characters of Debian's computers fortunes: the baselines are
   * the library's n-gram models on the same split, made here from the file; the untrained model
   * scores about log2 V (its logits are near zero: every character about equally likely); after
   * three passes the model beats the unigram and bigram baselines; every pass brings a sample.
   */
  @Test
  void text_trainsOnAFortuneFile_beatsTheBaselines() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(COMPUTERS),
        "Debian's fortunes package is not installed");
    HttpResponse<String> r = post("/api/text", "{\"file\": \"computers\", \"epochs\": 3,"
        + " \"seed\": 5, \"temperature\": 0.5}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    List<Sse> ev = events(json(r).path("events").asText());
    JsonNode start = ev.get(0).data();

    StringBuilder all = new StringBuilder();
    for (String t : org.lstmlab.io.FortuneFile.read(COMPUTERS)) {
      all.append(t).append('\n');
    }
    String used = all.substring(0, Limits.MAX_TEXT_CHARS);
    int cut = (int) Math.round(used.length() * 0.9);
    org.lstmlab.core.text.Vocabulary v = org.lstmlab.core.text.Vocabulary.build(
        org.lstmlab.core.text.Vocabulary.Kind.CHAR, false, used.substring(0, cut), 1, 10_000);
    int[] train = v.encode(used.substring(0, cut));
    int[] held = v.encode(used.substring(cut));
    List<org.lstmlab.core.text.NgramModel.Baseline> expected =
        org.lstmlab.core.text.NgramModel.baselines(train, held, v.size());
    assertThat(start.path("characters").asInt()).isEqualTo(100_000);
    assertThat(start.path("train_characters").asInt()).isEqualTo(90_000);
    assertThat(start.path("held_out_characters").asInt()).isEqualTo(10_000);
    assertThat(start.path("tokens")).hasSize(v.size());
    for (int i = 0; i < 3; i++) {
      assertThat(start.path("baselines").get(i).path("bits_per_char").asDouble())
          .isEqualTo(expected.get(i).bitsPerToken());
    }
    double unigram = expected.get(0).bitsPerToken();
    double bigram = expected.get(1).bitsPerToken();
    double log2V = Math.log(v.size()) / Math.log(2);
    assertThat(start.path("held_out_bits").asDouble()).isCloseTo(log2V, within(0.05));

    // One-hot input: G·H·V weights in the first layer against V·E + G·H·E for an embedding.
    JsonNode enc = start.path("encoding");
    int vocab = v.size();
    assertThat(enc.path("one_hot_weights").asLong()).isEqualTo(4L * 64 * vocab);
    assertThat(enc.path("embedding_weights").asLong()).isEqualTo(16L * vocab + 4L * 64 * 16);
    assertThat(enc.path("word_one_hot_weights").asLong()).isEqualTo(4L * 64 * 10_002);
    assertThat(enc.path("lookup").path("max_difference").asDouble()).isLessThan(1e-6);
    assertThat(enc.path("neighbours")).hasSize(6);

    List<JsonNode> passes = ev.stream().filter(e -> e.name().equals("epoch")).map(Sse::data)
        .toList();
    assertThat(passes).extracting(e -> e.path("epoch").asInt()).containsExactly(1, 2, 3);
    assertThat(passes).allSatisfy(e -> assertThat(e.path("sample").asText()).hasSize(160));
    double last = passes.get(2).path("held_out_bits").asDouble();
    assertThat(passes.get(1).path("held_out_bits").asDouble())
        .isLessThan(passes.get(0).path("held_out_bits").asDouble());
    assertThat(last).isLessThan(unigram - 1).isLessThan(bigram);

    JsonNode model = ev.stream().filter(e -> e.name().equals("model")).findFirst().orElseThrow()
        .data();
    assertThat(model.path("stop_reason").asText()).isEqualTo("COMPLETED");
    assertThat(model.path("held_out_bits").asDouble()).isEqualTo(last);
    assertThat(model.path("beats").path("unigram").asBoolean()).isTrue();
    assertThat(model.path("beats").path("bigram").asBoolean()).isTrue();
    assertThat(model.path("encoding").path("lookup").path("max_difference").asDouble())
        .isLessThan(1e-6);
    assertThat(ev.get(ev.size() - 1).data().path("status").asText()).isEqualTo("completed");

    // Greedy samples (temperature 0) do not depend on the seed; seeded ones repeat.
    String url = model.path("sample_url").asText();
    String greedy1 = json(post(url, "{\"temperature\": 0, \"seed\": 1}")).path("sample").asText();
    String greedy2 = json(post(url, "{\"temperature\": 0, \"seed\": 2}")).path("sample").asText();
    assertThat(greedy1).hasSize(160).isEqualTo(greedy2);
    assertThat(json(post(url, "{\"temperature\": 1, \"seed\": 3, \"prompt\": \"A \"}")).path("sample")
        .asText()).isEqualTo(json(post(url, "{\"temperature\": 1, \"seed\": 3, \"prompt\": \"A \"}"))
        .path("sample").asText());
    HttpResponse<String> hot = post(url, "{\"temperature\": 9}");
    assertThat(hot.statusCode()).isEqualTo(400);
    assertThat(json(hot).path("error").asText())
        .isEqualTo("temperature must be a number in [0, 2], got '9'");
  }

  /**
   * Input embedding: the page's model reads an embedding of 16 dims; the lookup check holds
   * through the embedding (gates from W_ih times the token's row), the neighbours are rows of the
   * table, and two passes beat the unigram baseline by more than a bit.
   */
  @Test
  void text_embeddingInput_trainsAndChecksTheLookupThroughTheTable() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(COMPUTERS),
        "Debian's fortunes package is not installed");
    HttpResponse<String> r = post("/api/text", "{\"file\": \"computers\", \"epochs\": 2,"
        + " \"seed\": 5, \"input\": \"embedding\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    List<Sse> ev = events(json(r).path("events").asText());
    JsonNode start = ev.get(0).data();
    JsonNode enc = start.path("encoding");
    int vocab = start.path("tokens").size();
    assertThat(start.path("input").asText()).isEqualTo("embedding");
    assertThat(enc.path("input").asText()).isEqualTo("embedding");
    // V·E + G·H·E + G·H·H + 2·G·H + (H + 1)·V parameters: embedding, LSTM, head
    assertThat(enc.path("parameters").asLong()).isEqualTo(16L * vocab + 256L * 16 + 256L * 64
        + 2 * 256 + 65L * vocab);
    assertThat(enc.path("lookup").path("max_difference").asDouble()).isLessThan(1e-6);
    JsonNode model = ev.stream().filter(e -> e.name().equals("model")).findFirst().orElseThrow()
        .data();
    assertThat(model.path("encoding").path("lookup").path("max_difference").asDouble())
        .isLessThan(1e-6);
    double unigram = start.path("baselines").get(0).path("bits_per_char").asDouble();
    assertThat(model.path("held_out_bits").asDouble()).isLessThan(unigram - 1);
  }

  @Test
  void text_pastedText_trainsAndUnknownJobHasNoSample() throws Exception {
    String text = "the cat sat on the mat. the dog sat on the log. ".repeat(40);
    HttpResponse<String> r = post("/api/text", Json.write(java.util.Map.of("text", text,
        "epochs", 2, "hidden", 8, "batch_size", 8)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    List<Sse> ev = events(json(r).path("events").asText());
    JsonNode start = ev.get(0).data();
    assertThat(start.path("source").asText()).isEqualTo("your text");
    assertThat(start.path("characters").asInt()).isEqualTo(text.length());
    // pad, unk and the 13 characters of the training part: " .acdeghlmnost".
    assertThat(start.path("tokens")).hasSize(2 + 14);
    assertThat(ev.get(ev.size() - 1).data().path("status").asText()).isEqualTo("completed");
    HttpResponse<String> none = post("/api/text/0123/sample", "{}");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(json(none).path("error").asText()).startsWith("no such training job");
  }

  @Test
  void limits_serveTheTextPage() throws Exception {
    JsonNode l = json(get("/api/limits"));
    assertThat(l.path("fields").path("text")).extracting(f -> f.path("name").asText())
        .containsExactly("hidden", "window", "batch_size", "epochs", "lr", "temperature", "seed");
    assertThat(l.path("text_inputs")).extracting(JsonNode::asText)
        .containsExactly("one_hot", "embedding");
    assertThat(l.path("text_embedding_dim").asInt()).isEqualTo(16);
    if (Files.isRegularFile(COMPUTERS)) {
      assertThat(l.path("text_files")).extracting(JsonNode::asText).contains("computers")
          .doesNotContain("computers.dat", "pratchett");
    }
  }
}

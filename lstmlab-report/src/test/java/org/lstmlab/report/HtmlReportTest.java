package org.lstmlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTML page: its data round-trips through the embedded JSON digit for digit, user text is
 * escaped wherever it lands, nothing in it points at the network, and writing is atomic.
 */
class HtmlReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DATA_OPEN = "<script type=\"application/json\" id=\"report-data\">";
  /** Closes the script element, opens another, and tries an element with a handler and a comment. */
  private static final String PAYLOAD =
      "</script><script>alert(1)</script><img src=x onerror=alert(2)><!-- \u2028 & \"'";

  private static Report sample;
  private static String samplePage;

  @BeforeAll
  static void renderSample() {
    sample = SampleReports.sine();
    samplePage = HtmlReport.render(sample);
  }

  static JsonNode data(String page) throws IOException {
    int start = page.indexOf(DATA_OPEN);
    assertThat(start).as("data element").isNotNegative();
    int from = start + DATA_OPEN.length();
    int end = page.indexOf("</script>", from);
    return JSON.readTree(page.substring(from, end));
  }

  /** The page less the inlined ECharts library: what this module itself writes. */
  static String ownPart(String page) {
    String lib = HtmlReport.Resources.echarts();
    assertThat(page).contains(lib);
    return page.replace(lib, "");
  }

  static double[] column(JsonNode points, int index) {
    double[] v = new double[points.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode n = index < 0 ? points.get(i) : points.get(i).get(index);
      v[i] = n.isNull() ? Double.NaN : n.doubleValue();
    }
    return v;
  }

  @Test
  void render_title_escapedInHeadingAndDocumentTitle() {
    Report r = Report.builder("Sine & <cosine> \"fit\"").series(Series.of("y", new double[] {1, 2})).build();

    String page = HtmlReport.render(r);

    assertThat(page)
        .contains("<h1>Sine &amp; &lt;cosine&gt; &quot;fit&quot;</h1>")
        .contains("<title>Sine &amp; &lt;cosine&gt; &quot;fit&quot; · LSTM Lab report</title>")
        .doesNotContain("<cosine>");
  }

  @Test
  void render_confusionMatrix_rowsWithCountsTotalsAndEscapedLabels() {
    Report r = Report.builder("Classifier").series(Series.of("y", new double[] {1, 2}))
        .matrix(new Matrix("Confusion matrix", List.of("spam", "<ham>"), new long[] {3, 1, 0, 4}))
        .build();

    String page = HtmlReport.render(r);

    assertThat(page).contains("<h2>Confusion matrix</h2>")
        .contains("<th class=\"num\">&lt;ham&gt;</th>")
        // Row "spam": 3 right (green, 3/4 of the row), 1 wrong (red, 1/4), total 4.
        .contains("<tr><td class=\"model\">spam</td><td class=\"num\" style=\"background:"
            + " rgba(46, 160, 67, 0.530)\">3</td><td class=\"num\" style=\"background:"
            + " rgba(218, 54, 51, 0.230)\">1</td><td class=\"num\">4</td></tr>")
        // A zero is left empty.
        .contains("<tr><td class=\"model\">&lt;ham&gt;</td><td class=\"num\"></td>")
        .doesNotContain("<ham>");
    assertThatThrownBy(() -> new Matrix("m", List.of("a", "b"), new long[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(K, K) = 4");
  }

  @Test
  void render_sample_seriesAndEveryTraceRoundTripExactly() throws IOException {
    JsonNode d = data(samplePage);

    Series s = sample.series();
    assertThat(d.at("/series/name").asText()).isEqualTo("actual");
    assertThat(column(d.at("/series/points"), 0)).containsExactly(s.x());
    assertThat(column(d.at("/series/points"), 1)).containsExactly(s.values());
    assertThat(d.get("predictions")).hasSize(2);
    for (int i = 0; i < 2; i++) {
      Trace t = sample.predictions().get(i);
      JsonNode j = d.get("predictions").get(i);
      assertThat(j.get("name").asText()).isEqualTo(t.model());
      assertThat(column(j.get("points"), 0)).containsExactly(t.x());
      assertThat(column(j.get("points"), 1)).containsExactly(t.values());
    }
    for (int i = 0; i < 2; i++) {
      Trace t = sample.forecasts().get(i);
      JsonNode j = d.get("forecasts").get(i);
      assertThat(j.get("name").asText()).isEqualTo(t.model() + " forecast");
      assertThat(column(j.get("points"), 0)).containsExactly(t.x());
      assertThat(column(j.get("points"), 1)).containsExactly(t.values());
    }
    for (int i = 0; i < 2; i++) {
      LossCurve l = sample.losses().get(i);
      JsonNode j = d.get("losses").get(i);
      assertThat(column(j.get("train"), -1)).containsExactly(l.train());
      assertThat(column(j.get("validation"), -1)).containsExactly(l.validation());
    }
    assertThat(d.at("/losses/1/validation")).hasSize(52); // shorter than training: early stop
  }

  @Test
  void render_sample_metricsConfigAndColoursInJson() throws IOException {
    JsonNode d = data(samplePage);

    assertThat(d.get("metrics")).hasSize(7);
    assertThat(d.at("/metrics/6/model").asText()).isEqualTo("naive");
    assertThat(d.at("/metrics/6/values/mse").doubleValue()).isEqualTo(0.0394);
    assertThat(d.at("/metrics/6/values/rmse").doubleValue()).isEqualTo(Math.sqrt(0.0394));
    Map<String, String> config = new LinkedHashMap<>();
    d.get("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
    assertThat(config).containsExactlyEntriesOf(sample.config());
    // One model, one colour, in every chart: the first two of the palette.
    assertThat(d.at("/predictions/0/color").asText()).isEqualTo("#2563eb");
    assertThat(d.at("/forecasts/0/color").asText()).isEqualTo("#2563eb");
    assertThat(d.at("/losses/0/color").asText()).isEqualTo("#2563eb");
    assertThat(d.at("/predictions/1/color").asText()).isEqualTo("#ea580c");
  }

  @Test
  void render_nanValues_becomeNullGaps() throws IOException {
    Report r =
        Report.builder("gaps")
            .series(Series.of("y", new double[] {1, Double.NaN, 3}))
            .loss(LossCurve.of("LSTM", new double[] {0.5, Double.POSITIVE_INFINITY}))
            .metric("LSTM", "test", Map.of("mse", Double.NaN))
            .build();

    JsonNode d = data(HtmlReport.render(r));

    assertThat(d.at("/series/points/1/1").isNull()).isTrue();
    assertThat(d.at("/series/points/2/1").doubleValue()).isEqualTo(3.0);
    assertThat(d.at("/losses/0/train/1").isNull()).isTrue();
    assertThat(d.at("/metrics/0/values/mse").isNull()).isTrue();
  }

  @Test
  void render_labelledSeries_embedsLabels() throws IOException {
    List<String> days = SampleReports.days(3);
    Report r = Report.builder("d").series(Series.labelled("y", "date", days, new double[] {1, 2, 3})).build();

    JsonNode d = data(HtmlReport.render(r));

    assertThat(d.at("/series/labels")).hasSize(3);
    assertThat(d.at("/series/labels/2").asText()).isEqualTo("2024-01-03");
    assertThat(d.at("/series/xName").asText()).isEqualTo("date");
    assertThat(column(d.at("/series/points"), 0)).containsExactly(0, 1, 2);
  }

  /**
   * Where user text can enter a report, each given the payload and nothing else unusual. Names
   * ending in "(data)" reach only the charts' JSON; "(html)" only the HTML; the rest both.
   */
  static Stream<Arguments> injectionPlaces() {
    double[] y = {1, 2, 3};
    Map<String, UnaryOperator<Report.Builder>> places = new LinkedHashMap<>();
    places.put("title", b -> Report.builder(PAYLOAD).series(Series.of("y", y)));
    places.put("description (html)", b -> b.description(PAYLOAD));
    places.put("series name", b -> b.series(Series.of(PAYLOAD, y)));
    places.put("x axis name (data)", b -> b.series(Series.numeric("y", PAYLOAD, new double[] {0, 1, 2}, y)));
    places.put("x label (data)", b -> b.series(Series.labelled("y", "t", List.of("a", PAYLOAD, "c"), y)));
    places.put("model", b -> b.prediction(Trace.from(PAYLOAD, 0, y)).loss(LossCurve.of(PAYLOAD, y)));
    places.put("metric column", b -> b.metric("LSTM", "test", Map.of(PAYLOAD, 1.0)));
    places.put("split", b -> b.metric("LSTM", PAYLOAD, Map.of("mse", 1.0)));
    places.put("config key", b -> b.config(PAYLOAD, 1));
    places.put("config value", b -> b.config("optimizer", PAYLOAD));
    places.put("note", b -> b.note(PAYLOAD));
    double[] steps = {0, 10, 20};
    places.put("chart title", b -> b.chart(CurveChart.builder(PAYLOAD, "step", "loss").curve("a", steps, y).build()));
    places.put("chart x axis name", b -> b.chart(CurveChart.builder("c", PAYLOAD, "loss").curve("a", steps, y).build()));
    places.put("chart y axis name", b -> b.chart(CurveChart.builder("c", "step", PAYLOAD).curve("a", steps, y).build()));
    places.put("curve model", b -> b.chart(CurveChart.builder("c", "step", "loss").curve(PAYLOAD, steps, y).build()));
    places.put("reference name (data)",
        b -> b.chart(CurveChart.builder("c", "step", "loss").curve("a", steps, y).reference(PAYLOAD, 2).build()));
    return places.entrySet().stream()
        .map(e -> Arguments.of(e.getKey(), e.getValue().apply(Report.builder("t").series(Series.of("y", y)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("injectionPlaces")
  void render_scriptInjection_escapedAndCreatesNoElement(String place, Report.Builder builder)
      throws IOException {
    String page = HtmlReport.render(builder.build());
    String own = ownPart(page).toLowerCase(Locale.ROOT);

    // Exactly the three script elements the page means to have: data, library, drawing code.
    assertThat(count(own, "<script")).isEqualTo(3);
    assertThat(count(own, "</script")).isEqualTo(3);
    assertThat(own).doesNotContain("<img").doesNotContain("<!--").doesNotContain("alert(1)</");
    // The text itself survives: escaped for HTML where shown, exact in the data.
    if (!place.endsWith("(data)")) {
      assertThat(page).contains(Html.escape(PAYLOAD));
    }
    if (!place.endsWith("(html)")) {
      assertThat(textsOf(data(page))).contains(PAYLOAD);
    }
  }

  @Test
  void render_seriesOnly_omitsEmptySectionsButKeepsConfiguration() throws IOException {
    Report r = Report.builder("bare").series(Series.of("y", new double[0])).build();

    String page = HtmlReport.render(r);

    assertThat(page)
        .contains("id=\"chart-series\"")
        .doesNotContain("id=\"chart-loss\"")
        .doesNotContain("id=\"metrics\"")
        .doesNotContain("id=\"notes\"")
        .contains("No configuration was recorded.");
    assertThat(data(page).at("/series/points")).isEmpty();
  }

  /** An experiment's report: no series, a loss chart on a log axis and an accuracy chart. */
  @Test
  void render_chartOnly_drawsACardPerChartAndNoSeries() throws IOException {
    String page = HtmlReport.render(SampleReports.order());
    String own = ownPart(page);

    assertThat(own)
        .contains("<section class=\"card\" id=\"curves-0\">", "<h2>Held-out loss</h2>")
        .contains("<section class=\"card\" id=\"curves-1\">", "<h2>Held-out accuracy</h2>")
        .contains("id=\"chart-curves-0\"", "id=\"chart-curves-1\"")
        .contains("aria-label=\"test cross-entropy against step\"")
        .contains("<input type=\"checkbox\" id=\"curves-log-0\"> log scale")
        .doesNotContain("id=\"curves-log-1\"") // accuracy: linear, no switch
        .contains("Dashed: reference lines.")
        .doesNotContain("id=\"chart-series\"", "id=\"chart-loss\"", "observations of");
    assertThat(data(page).get("series").isNull()).isTrue();
    // Charts come after the loss chart and before the metrics.
    assertThat(own.indexOf("id=\"curves-1\"")).isLessThan(own.indexOf("id=\"metrics\""));
  }

  @Test
  void render_chartOnly_curvesAndReferencesRoundTripExactly() throws IOException {
    Report r = SampleReports.order();
    JsonNode d = data(HtmlReport.render(r));

    assertThat(d.get("charts")).hasSize(2);
    for (int c = 0; c < 2; c++) {
      CurveChart chart = r.charts().get(c);
      JsonNode j = d.get("charts").get(c);
      assertThat(j.get("title").asText()).isEqualTo(chart.title());
      assertThat(j.get("xName").asText()).isEqualTo("step");
      assertThat(j.get("yName").asText()).isEqualTo(chart.yName());
      assertThat(j.get("logScale").asBoolean()).isEqualTo(c == 0);
      assertThat(j.get("logScaleUsable").asBoolean()).isTrue();
      for (int i = 0; i < 2; i++) {
        Trace t = chart.curves().get(i);
        JsonNode curve = j.get("curves").get(i);
        assertThat(curve.get("model").asText()).isEqualTo(t.model());
        assertThat(column(curve.get("points"), 0)).containsExactly(t.x());
        assertThat(column(curve.get("points"), 1)).containsExactly(t.values());
      }
      // One model, one colour, in every chart.
      assertThat(j.at("/curves/0/color").asText()).isEqualTo("#2563eb");
      assertThat(j.at("/curves/1/color").asText()).isEqualTo("#ea580c");
    }
    JsonNode loss = d.at("/charts/0/references/0");
    assertThat(loss.get("name").asText()).isEqualTo("baseline (uniform guess)");
    assertThat(loss.get("label").asText()).isEqualTo("baseline (uniform guess): 1.386");
    assertThat(loss.get("value").doubleValue()).isEqualTo(Math.log(4));
    assertThat(loss.get("color").asText()).isEqualTo(Palette.ACTUAL);
    assertThat(loss.get("labelPosition").asText())
        .isIn("insideStartBottom", "insideEndBottom", "insideEndTop", "insideStartTop");
    assertThat(d.at("/charts/1/references/0/label").asText()).isEqualTo("baseline (uniform guess): 0.25");
    assertThat(d.at("/charts/1/references/0/labelPosition").asText()).isEqualTo("insideEndTop");
  }

  @Test
  void render_chartWithZeroLoss_logScaleMarkedUnusable() throws IOException {
    CurveChart c = CurveChart.builder("loss", "step", "mse").logScale(true)
        .curve("lstm", new double[] {0, 1}, new double[] {1, 0})
        .build();

    JsonNode d = data(HtmlReport.render(Report.builder("z").chart(c).build()));

    assertThat(d.at("/charts/0/logScale").asBoolean()).isTrue();
    assertThat(d.at("/charts/0/logScaleUsable").asBoolean()).isFalse();
  }

  @Test
  void render_seriesAndChart_bothDrawn() throws IOException {
    Report r = Report.builder("both")
        .series(Series.of("y", new double[] {1, 2}))
        .chart(SampleReports.adding().charts().get(0))
        .build();

    String page = HtmlReport.render(r);

    assertThat(page).contains("id=\"chart-series\"", "id=\"chart-curves-0\"", "observations of");
    assertThat(data(page).at("/series/name").asText()).isEqualTo("y");
    assertThat(data(page).at("/charts/0/curves")).hasSize(2);
  }

  /**
   * An experiment's metrics: counts without decimals, a column where every row ties highlights
   * nothing, and a tiny value is written in scientific form, not as 0.000.
   */
  @Test
  void render_metrics_wholeNumbersTiesAndTinyValues() {
    String page = HtmlReport.render(SampleReports.order());

    assertThat(page)
        .contains("<td class=\"num\" title=\"200.0\">200</td>") // steps: both 200, no best
        .doesNotContain("title=\"200.0\">200.000")
        .contains("<td class=\"num best\" title=\"3.0E-5\">3.00e-5</td>") // not 0.000
        .contains("<td class=\"num best\" title=\"6.25\">6.25</td>")
        .contains("<td class=\"num\" title=\"12.5\">12.5</td>")
        .contains("<td class=\"num best\" title=\"1.0\">1</td>"); // accuracy: higher is better
  }

  @Test
  void render_htmlEscaping_coversAllFiveCharacters() {
    assertThat(Html.escape("<a href=\"x\">'&'</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  }

  @Test
  void render_sample_hasNoNetworkReference() {
    String own = ownPart(samplePage).toLowerCase(Locale.ROOT);

    assertThat(own)
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain("<link")
        .doesNotContain("@import")
        .doesNotContain("url(")
        .doesNotContainPattern("<script[^>]*\\ssrc")
        .doesNotContainPattern("<img[^>]*\\ssrc")
        .doesNotContain("//cdn");
    // And the browser is told to fetch nothing at all.
    assertThat(samplePage).contains("content=\"default-src 'none'; script-src 'unsafe-inline'; ");
  }

  /**
   * What the inlined library itself holds: XML namespace names (identifiers for its SVG renderer,
   * never fetched) and the licence URLs in its header comments. A new ECharts version that adds a
   * URL fails here, so someone looks at it before it ships in every report.
   */
  @Test
  void echarts_library_holdsOnlyNamespaceAndLicenceUrls() {
    String lib = HtmlReport.Resources.echarts();
    Set<String> urls = new LinkedHashSet<>();
    Matcher m = Pattern.compile("https?://[^\\s\"'()<>]+").matcher(lib);
    while (m.find()) {
      urls.add(m.group());
    }

    assertThat(urls)
        .containsExactlyInAnyOrder(
            "http://www.apache.org/licenses/LICENSE-2.0",
            "https://github.com/ecomfe/zrender/blob/master/LICENSE.txt",
            "http://www.w3.org/2000/svg",
            "http://www.w3.org/1999/xlink",
            "http://www.w3.org/XML/1998/namespace",
            "http://www.w3.org/2000/xmlns/");
    assertThat(lib.toLowerCase(Locale.ROOT)).doesNotContain("</script").doesNotContain("<!--");
    assertThat(HtmlReport.Resources.echartsPath())
        .isEqualTo("META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js");
  }

  @ParameterizedTest
  @CsvSource({
    "'a</script>b', true",
    "'</SCRIPT', true",
    "'x</ScRiPt ', true",
    "'</scrip', false",
    "'</ script>', false",
    "'<script>', false",
    "'', false",
    "'é</script', true",
  })
  void closesScript_findsTheEndTagInAnyCase(String text, boolean expected) {
    assertThat(HtmlReport.Resources.closesScript(text.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(expected);
  }

  @Test
  void write_putsTheLibraryBytesBetweenThePageParts(@TempDir Path dir) throws IOException {
    Report r = Report.builder("bytes").series(Series.of("x", new double[] {1, 2, 3})).build();
    Path file = dir.resolve("r.html");
    HtmlReport.write(r, file);
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(HtmlReport.render(r));
  }

  @Test
  void render_metrics_bestPerSplitHighlightedLowerOrHigher() {
    Report r =
        Report.builder("m")
            .series(Series.of("y", new double[] {1}))
            .metric("A", "train", Map.of("mse", 0.10, "r2", 0.50))
            .metric("B", "train", Map.of("mse", 0.20, "r2", 0.70))
            .metric("A", "test", Map.of("mse", 0.40, "r2", 0.30))
            .metric("B", "test", Map.of("mse", 0.30, "r2", 0.20))
            .metric("C", "only", Map.of("mse", 0.01)) // alone in its split: best of nothing
            .build();

    List<String> best = new ArrayList<>();
    Matcher m = Pattern.compile("<td class=\"num best\" title=\"([^\"]+)\">").matcher(HtmlReport.render(r));
    while (m.find()) {
      best.add(m.group(1));
    }

    // mse: lowest (A train 0.1, B test 0.3); r2: highest (B train 0.7, A test 0.3).
    assertThat(best).containsExactly("0.1", "0.7", "0.3", "0.3");
  }

  @Test
  void render_metrics_fourSignificantDigitsWithFullValueInTitle() {
    Map<String, Double> a = new LinkedHashMap<>();
    a.put("mse", 0.00123);
    a.put("loss", 1234.5678);
    Map<String, Double> b = new LinkedHashMap<>();
    b.put("mse", 0.0456);
    Report r =
        Report.builder("m").series(Series.of("y", new double[] {1})).metric("A", "t", a).metric("B", "t", b).build();

    String page = HtmlReport.render(r);

    assertThat(page)
        .contains("title=\"0.00123\">0.00123</td>")
        .contains("title=\"0.0456\">0.0456</td>")
        .contains("title=\"1234.5678\">1235</td>")
        .contains("<td class=\"num empty\"></td>")
        .contains("<th class=\"num\">mse <span class=\"dir\" title=\"lower is better\">↓</span></th>");
  }

  @Test
  void render_footer_namesTimeAndVersion() {
    Report r =
        Report.builder("f")
            .series(Series.of("y", new double[] {1}))
            .generatedAt(Instant.parse("2026-11-24T12:34:56Z"))
            .version("9.9.9")
            .build();

    assertThat(HtmlReport.render(r))
        .contains("<footer>Generated 2026-11-24 12:34:56 UTC by LSTM Lab 9.9.9 · charts by Apache ECharts 5.3.1</footer>");
  }

  @Test
  void render_defaultVersion_isTheModulesMavenVersion() {
    assertThat(sample.version()).matches("\\d+\\.\\d+\\.\\d+.*").isNotEqualTo("dev");
    assertThat(Versions.echarts()).isEqualTo("5.3.1");
  }

  @Test
  void write_existingFile_replacedWholeLeavingNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sub").resolve("report.html");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "old");

    HtmlReport.write(sample, file);

    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(samplePage);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void atomicWrite_failingBody_leavesTargetAsItWas(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("report.html");
    Files.writeString(file, "old");

    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      out.write("<!DOCTYPE html><html>half".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");

    assertThat(Files.readString(file)).isEqualTo("old");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /** Every string in a JSON tree, keys included. */
  private static List<String> textsOf(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    }
    node.properties()
        .forEach(
            e -> {
              out.add(e.getKey());
              out.addAll(textsOf(e.getValue()));
            });
    if (node.isArray()) {
      node.forEach(n -> out.addAll(textsOf(n)));
    }
    return out;
  }
}

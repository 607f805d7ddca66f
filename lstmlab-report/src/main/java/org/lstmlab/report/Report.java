package org.lstmlab.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one report shows, as plain immutable data: title, the series with its shaded regions
 * (the held-out parts), each model's predictions, forecasts and their interval bands, the
 * baselines' predictions (drawn on demand), loss curves, charts of curves against steps, the
 * metrics table, the run's configuration with the command that replays it, and notes.
 *
 * <p>Order of use: {@link #builder(String)} → {@code series(…)} and/or {@code chart(…)} (at least
 * one of them) → any of {@code prediction}, {@code baseline}, {@code forecast}, {@code band},
 * {@code region} (these need the series), {@code loss}, {@code metric}, {@code config},
 * {@code command}, {@code note} → {@link Builder#build()}; then hand the report to
 * {@link HtmlReport#write} and/or {@link PngChart#write}. A run on a series (demo, train) has the
 * series; a run scored against training steps (an experiment on a long-time-lag task) may have only
 * {@link CurveChart}s. Everything is kept in the order it was added: legends, tables and colours
 * follow it. The report depends on no training class; whoever has the numbers can fill it.
 */
public final class Report {

  /** Metric columns where a higher value is better, unless the builder says otherwise. */
  public static final Set<String> DEFAULT_HIGHER_IS_BETTER = Set.of("r2", "accuracy");

  private final String title;
  private final String description;
  private final Series series; // null when the report has only curve charts
  private final List<Trace> predictions;
  private final List<Trace> forecasts;
  private final List<Trace> baselines;
  private final List<Band> bands;
  private final List<Region> regions;
  private final List<LossCurve> losses;
  private final List<CurveChart> charts;
  private final List<MetricRow> metrics;
  private final List<Matrix> matrices;
  private final Map<String, String> config;
  private final String command;
  private final List<String> notes;
  private final Set<String> higherIsBetter;
  private final Instant generatedAt;
  private final String version;

  private Report(Builder b) {
    this.title = b.title;
    this.description = b.description;
    this.series = b.series;
    this.predictions = List.copyOf(b.predictions);
    this.forecasts = List.copyOf(b.forecasts);
    this.baselines = List.copyOf(b.baselines);
    this.bands = List.copyOf(b.bands);
    this.regions = List.copyOf(b.regions);
    this.losses = List.copyOf(b.losses);
    this.charts = List.copyOf(b.charts);
    this.metrics = List.copyOf(b.metrics);
    this.matrices = List.copyOf(b.matrices);
    this.config = Collections.unmodifiableMap(new LinkedHashMap<>(b.config));
    this.command = b.command;
    this.notes = List.copyOf(b.notes);
    this.higherIsBetter = Collections.unmodifiableSet(new LinkedHashSet<>(b.higherIsBetter));
    this.generatedAt = b.generatedAt != null ? b.generatedAt : Instant.now();
    this.version = b.version != null ? b.version : Versions.lstmLab();
  }

  /** Starts a report with its title (shown as the page's heading and the PNG's title). */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** The title. */
  public String title() {
    return title;
  }

  /** A one-paragraph description of the run, or "" when none was given. */
  public String description() {
    return description;
  }

  /** Whether the report has an observed series (see {@link #series()}). */
  public boolean hasSeries() {
    return series != null;
  }

  /**
   * The observed series.
   *
   * @throws IllegalStateException if the report has none ({@link #hasSeries()} is false)
   */
  public Series series() {
    if (series == null) {
      throw new IllegalStateException("report '" + title + "' has no series");
    }
    return series;
  }

  /** Prediction traces over the data, in the order added. */
  public List<Trace> predictions() {
    return predictions;
  }

  /** Forecast traces past the end of the data (drawn dashed), in the order added. */
  public List<Trace> forecasts() {
    return forecasts;
  }

  /**
   * The baselines' predictions over the data (naive, seasonal naive, …), in the order added: the
   * HTML page lists them in the legend and draws one when the reader picks it.
   */
  public List<Trace> baselines() {
    return baselines;
  }

  /** Interval bands (around forecasts), in the order added. */
  public List<Band> bands() {
    return bands;
  }

  /** Shaded regions of the series axis (held-out parts), in the order added. */
  public List<Region> regions() {
    return regions;
  }

  /** The command line that replays the run, or "" when none was given. */
  public String command() {
    return command;
  }

  /** Loss curves, one per model, in the order added. */
  public List<LossCurve> losses() {
    return losses;
  }

  /** Charts of curves against steps, in the order added. */
  public List<CurveChart> charts() {
    return charts;
  }

  /** Rows of the metrics table, in the order added. */
  public List<MetricRow> metrics() {
    return metrics;
  }

  /** Tables of counts (confusion matrices), in the order added. */
  public List<Matrix> matrices() {
    return matrices;
  }

  /** The run's whole configuration, key → value as text, in the order added. */
  public Map<String, String> config() {
    return config;
  }

  /** Free-form notes, one paragraph each. */
  public List<String> notes() {
    return notes;
  }

  /** Metric columns (lower-cased) where higher is better; every other column: lower is better. */
  public Set<String> higherIsBetter() {
    return higherIsBetter;
  }

  /** When the report was made (shown in the footer). */
  public Instant generatedAt() {
    return generatedAt;
  }

  /** The LSTM Lab version shown in the footer. */
  public String version() {
    return version;
  }

  /** Every model named anywhere in the report, in order of first appearance. */
  public List<String> models() {
    Set<String> names = new LinkedHashSet<>();
    predictions.forEach(t -> names.add(t.model()));
    forecasts.forEach(t -> names.add(t.model()));
    bands.forEach(b -> names.add(b.model()));
    baselines.forEach(t -> names.add(t.model()));
    losses.forEach(l -> names.add(l.model()));
    charts.forEach(c -> c.curves().forEach(t -> names.add(t.model())));
    metrics.forEach(m -> names.add(m.model()));
    return List.copyOf(names);
  }

  /** The metric column names: the union of all rows' columns, in order of first appearance. */
  public List<String> metricColumns() {
    Set<String> names = new LinkedHashSet<>();
    metrics.forEach(m -> names.addAll(m.values().keySet()));
    return List.copyOf(names);
  }

  /** Whether a higher value is better in metric column {@code column}. */
  public boolean isHigherBetter(String column) {
    return higherIsBetter.contains(column.toLowerCase(Locale.ROOT));
  }

  /** Collects a report's parts; not thread-safe, {@link #build()} may be called more than once. */
  public static final class Builder {
    private final String title;
    private String description = "";
    private Series series;
    private final List<Trace> predictions = new ArrayList<>();
    private final List<Trace> forecasts = new ArrayList<>();
    private final List<Trace> baselines = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<Region> regions = new ArrayList<>();
    private final List<LossCurve> losses = new ArrayList<>();
    private final List<CurveChart> charts = new ArrayList<>();
    private final List<MetricRow> metrics = new ArrayList<>();
    private final List<Matrix> matrices = new ArrayList<>();
    private final Map<String, String> config = new LinkedHashMap<>();
    private String command = "";
    private final List<String> notes = new ArrayList<>();
    private final Set<String> higherIsBetter = new LinkedHashSet<>(DEFAULT_HIGHER_IS_BETTER);
    private Instant generatedAt;
    private String version;

    private Builder(String title) {
      this.title = Checks.text(title, "title");
    }

    /** A one-paragraph description of the run, shown under the title. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** The observed series (required unless the report has a {@link #chart}). */
    public Builder series(Series series) {
      this.series = Objects.requireNonNull(series, "series");
      return this;
    }

    /** Adds one model's predictions over the data. */
    public Builder prediction(Trace trace) {
      predictions.add(Objects.requireNonNull(trace, "trace"));
      return this;
    }

    /** Adds one model's forecast past the end of the data (drawn dashed). */
    public Builder forecast(Trace trace) {
      forecasts.add(Objects.requireNonNull(trace, "trace"));
      return this;
    }

    /** Adds a baseline's predictions over the data, drawn when the reader picks it. */
    public Builder baseline(Trace trace) {
      baselines.add(Objects.requireNonNull(trace, "trace"));
      return this;
    }

    /** Adds an interval band, drawn shaded in its model's colour. */
    public Builder band(Band band) {
      bands.add(Objects.requireNonNull(band, "band"));
      return this;
    }

    /** Adds a shaded region of the series axis, such as a held-out part. */
    public Builder region(Region region) {
      regions.add(Objects.requireNonNull(region, "region"));
      return this;
    }

    /** The command line that replays the run, shown with the configuration. */
    public Builder command(String command) {
      this.command = Checks.text(command, "command");
      return this;
    }

    /** Adds one model's loss curves. */
    public Builder loss(LossCurve curve) {
      losses.add(Objects.requireNonNull(curve, "curve"));
      return this;
    }

    /** Adds a chart of curves against steps, drawn after the loss chart. */
    public Builder chart(CurveChart chart) {
      charts.add(Objects.requireNonNull(chart, "chart"));
      return this;
    }

    /** Adds a row to the metrics table. */
    public Builder metric(MetricRow row) {
      metrics.add(Objects.requireNonNull(row, "row"));
      return this;
    }

    /** Adds a row to the metrics table: {@code model} on {@code split}, metrics in map order. */
    public Builder metric(String model, String split, Map<String, Double> values) {
      return metric(MetricRow.of(model, split, values));
    }

    /**
     * Sets one configuration entry; the value is shown as {@link String#valueOf(Object)}. Setting a
     * key again replaces its value and keeps its place.
     */
    public Builder config(String key, Object value) {
      config.put(Checks.text(key, "config key"), String.valueOf(value));
      return this;
    }

    /** Sets every entry of {@code entries}, in its iteration order. */
    public Builder config(Map<String, ?> entries) {
      Objects.requireNonNull(entries, "entries").forEach(this::config);
      return this;
    }

    /** Adds a table of counts, such as a confusion matrix, shown after the metrics. */
    public Builder matrix(Matrix matrix) {
      matrices.add(Objects.requireNonNull(matrix, "matrix"));
      return this;
    }

    /** Adds a free-form note (a paragraph of plain text). */
    public Builder note(String note) {
      notes.add(Objects.requireNonNull(note, "note"));
      return this;
    }

    /** Marks metric column {@code column} as higher-is-better (as "r2" and "accuracy" are). */
    public Builder higherIsBetter(String column) {
      higherIsBetter.add(Checks.text(column, "column").toLowerCase(Locale.ROOT));
      return this;
    }

    /** Fixes the generation time (default: when {@link #build()} runs), e.g. for reproducible files. */
    public Builder generatedAt(Instant at) {
      this.generatedAt = Objects.requireNonNull(at, "at");
      return this;
    }

    /** Overrides the version in the footer (default: this module's version). */
    public Builder version(String version) {
      this.version = Checks.text(version, "version");
      return this;
    }

    /**
     * Builds the report.
     *
     * @throws IllegalStateException if there is neither a series nor a chart, or there are
     *     predictions, forecasts, baselines, bands or regions without the series they are placed on
     */
    public Report build() {
      if (series == null && charts.isEmpty()) {
        throw new IllegalStateException(
            "report '" + title + "' has no series and no chart; call series(...) or chart(...)");
      }
      if (series == null) {
        String placed = !predictions.isEmpty() ? "predictions" : !forecasts.isEmpty() ? "forecasts"
            : !baselines.isEmpty() ? "baselines" : !bands.isEmpty() ? "bands"
            : !regions.isEmpty() ? "regions" : null;
        if (placed != null) {
          throw new IllegalStateException("report '" + title + "' has " + placed
              + " but no series to place them on; call series(...)");
        }
      }
      return new Report(this);
    }
  }
}

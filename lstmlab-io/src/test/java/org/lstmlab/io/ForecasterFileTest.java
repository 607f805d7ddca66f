package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.MissingValues;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.core.forecast.WindowPredictions;
import org.lstmlab.core.optim.RmsProp;
import org.lstmlab.core.train.TrainerConfig;

/** Forecaster model files: the run record written and read, and version-1 files still loading. */
class ForecasterFileTest {

  @TempDir Path dir;

  private static SeriesDataset v1Data() throws Exception {
    return CsvDataset.read(TestFiles.fixture("v1_univariate.csv"),
        CsvDataset.Columns.target("value", Optional.of("month")), Optional.empty(),
        MissingValues.ERROR);
  }

  /**
   * fixtures/v1_univariate.safetensors was written by {@code lstmlab train --data v1_univariate.csv
   * --target value --time-column month --hidden 4 --window 6 --horizon 2 --epochs 3} at commit
   * be5855f (format version 1), and {@code lstmlab predict} of that commit printed for the last
   * window (targets 2004-11 and 2004-12) 15.178425 and 14.239214.
   */
  @Test
  void load_version1File_predictsAsTheOldCommandDid() throws Exception {
    ForecasterFile.Loaded loaded = ForecasterFile.load(TestFiles.fixture("v1_univariate.safetensors"));
    FittedForecaster f = loaded.forecaster();
    assertThat(f.spec().target()).isEqualTo("value");
    assertThat(f.spec().window()).isEqualTo(6);
    assertThat(f.spec().horizon()).isEqualTo(2);
    assertThat(f.spec().transform().isNone()).isTrue();
    assertThat(f.spec().relative()).isFalse();
    assertThat(f.states().get(0).scaler().name()).isEqualTo(Scaler.STANDARD);
    assertThat(f.states().get(0).trainEnd()).isEqualTo(48);
    WindowPredictions p = f.predictions(v1Data().series().get(0));
    int last = p.count() - 1;
    assertThat(p.predicted()[last * 2]).isCloseTo(15.178425, within(1e-4));
    assertThat(p.predicted()[last * 2 + 1]).isCloseTo(14.239214, within(1e-4));
    assertThat(loaded.record().training()).containsEntry("epochs", "3");
    // The version-1 record kept the optimizer's name and lr only: it replays with Adam's defaults.
    TrainerConfig replay = loaded.record().trainerConfig();
    assertThat(replay.toMap()).isEqualTo(TrainerConfig.builder().epochs(3).batchSize(1)
        .shuffle(true).optimizer("adam").lr(0.001).loss("mse").clip(0).patience(0).seed(42)
        .build().toMap());
    assertThat(replay.newOptimizer().settings()).containsEntry("beta2", "0.999");
  }

  @Test
  void save_thenLoad_recordsTheWholeOptimizer_andReplaysIt() throws Exception {
    TrainerConfig trained = TrainerConfig.builder().epochs(2).batchSize(8).seed(7)
        .optimizer(RmsProp.builder().lr(0.005).alpha(0.9).momentum(0.5).centered(true).build())
        .build();
    ForecastConfig config = ForecastConfig.builder().hidden(4).horizon(2).training(trained)
        .build();
    Forecaster.Fit fit = new Forecaster(config).fit(v1Data());
    Map<String, String> snake = new java.util.LinkedHashMap<>();
    trained.toMap().forEach((k, v) -> snake.put(
        k.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT), v));
    RunRecord record = new RunRecord(fit.forecaster().spec(), fit.forecaster().states(), snake,
        Map.of(), Optional.empty(), Optional.empty());
    Path file = dir.resolve("replay.safetensors");
    ForecasterFile.save(file, fit.forecaster(), record);

    RunRecord back = ForecasterFile.load(file).record();
    assertThat(back.training()).containsEntry("alpha", "0.9").containsEntry("momentum", "0.5")
        .containsEntry("centered", "true").containsEntry("weight_decay", "0.0");
    assertThat(back.trainerConfig().toMap()).isEqualTo(trained.toMap());
    assertThat(back.trainerConfig().newOptimizer().toString())
        .isEqualTo(trained.newOptimizer().toString());
  }

  @Test
  void save_thenLoad_forecastsTheSame_andKeepsTheRecord() throws Exception {
    SeriesDataset data = v1Data();
    ForecastConfig config = ForecastConfig.builder().hidden(8).horizon(3)
        .training(TrainerConfig.builder().epochs(5).patience(2).batchSize(8).build()).build();
    Forecaster.Fit fit = new Forecaster(config).fit(data);
    RunRecord record = new RunRecord(fit.forecaster().spec(), fit.forecaster().states(),
        Map.of("epochs", "5"), Map.of("epochs", fit.result().epochs()),
        Optional.of("v1_univariate.csv"), Optional.of("error"));
    Path file = dir.resolve("m.safetensors");
    ForecasterFile.save(file, fit.forecaster(), record);

    ForecasterFile.Loaded back = ForecasterFile.load(file);
    TimeSeries s = data.series().get(0);
    assertThat(back.forecaster().forecast(s, 7).values())
        .containsExactly(fit.forecaster().forecast(s, 7).values());
    assertThat(back.forecaster().forecast(s, 2).times()).containsExactly("2005-01", "2005-02");
    assertThat(back.record().spec()).isEqualTo(fit.forecaster().spec());
    assertThat(back.record().series()).usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(fit.forecaster().states());
    assertThat(back.record().series().get(0).scaler().toMap())
        .isEqualTo(fit.forecaster().states().get(0).scaler().toMap());
    assertThat(back.record().data()).contains("v1_univariate.csv");
    ObjectNode config2 = ModelFile.load(file).spec().config();
    assertThat(config2.get("transform").asText()).isEqualTo("none");
    assertThat(config2.get("season").asInt()).isEqualTo(12);
    assertThat(ModelFile.load(file).spec().toMetadata()).containsEntry("version", "2");
  }

  @Test
  void runRecordOf_fit_holdsTheTrainersSettingsInSnakeCase_andHowItEnded() throws Exception {
    ForecastConfig config = ForecastConfig.builder().hidden(4).window(6)
        .training(TrainerConfig.builder().epochs(2).batchSize(8).seed(3).build()).build();
    Forecaster.Fit fit = new Forecaster(config).fit(v1Data());
    RunRecord r = RunRecord.of(fit, Optional.of("v1_univariate.csv"), Optional.empty());
    assertThat(r.training()).containsEntry("batch_size", "8").containsEntry("epochs", "2")
        .containsEntry("seed", "3");
    assertThat(r.result()).containsEntry("epochs", 2).containsEntry("stop", "completed");
    assertThat(r.series()).isEqualTo(fit.forecaster().states());
    Path file = dir.resolve("of.safetensors");
    ForecasterFile.save(file, fit.forecaster(), r);
    assertThat(ForecasterFile.load(file).record().training()).isEqualTo(r.training());
  }

  @Test
  void load_badRecord_namesTheKey() throws Exception {
    SeriesDataset data = v1Data();
    ForecastConfig config = ForecastConfig.builder().hidden(4)
        .training(TrainerConfig.builder().epochs(1).build()).split(0.1, 0.1).build();
    FittedForecaster f = new Forecaster(config).fit(data).forecaster();
    ObjectNode json = new RunRecord(f.spec(), f.states(), Map.of(), Map.of(), Optional.empty(),
        Optional.empty()).toJson();
    json.put("season", "twelve");
    Path file = dir.resolve("bad.safetensors");
    ModelFile.save(file, f.model(), ModelSpec.builder(f.model()).window(f.spec().window())
        .config(json).build());
    assertThatThrownBy(() -> ForecasterFile.load(file))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("bad.safetensors")
        .hasMessageContaining("config.season must be a whole number, got \"twelve\"");
    assertThat(Files.size(file)).isPositive();
  }

  @Test
  void csvDataset_detectsSemicolons_groupsSeriesById_andFillsGaps() throws Exception {
    Path csv = dir.resolve("stores.csv");
    Files.writeString(csv, "store;day;sales;price\n"
        + "a;1;10;1.5\nb;1;100;2\na;2;;1.5\nb;2;110;2\na;3;14;1.4\n");
    CsvDataset.Columns cols = new CsvDataset.Columns("sales", List.of("price"), List.of(),
        Optional.of("day"), Optional.of("store"));
    SeriesDataset d = CsvDataset.read(csv, cols, Optional.empty(), MissingValues.INTERPOLATE);
    assertThat(d.series()).extracting(TimeSeries::id).containsExactly("a", "b");
    assertThat(d.series("a").target()).containsExactly(10, 12, 14);
    assertThat(d.series("a").past()).containsExactly(1.5, 1.5, 1.4);
    assertThat(d.series("b").times()).containsExactly("1", "2");
    assertThatThrownBy(() -> CsvDataset.read(csv, cols, Optional.empty(), MissingValues.ERROR))
        .hasMessageContaining("stores.csv line 4, column 'sales': empty value");
    assertThatThrownBy(() -> CsvDataset.read(csv, cols, Optional.of(','), MissingValues.ERROR))
        .hasMessageContaining("no column 'sales'");
  }
}

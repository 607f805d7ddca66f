package org.lstmlab.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.TimeSeries;

/**
 * The estimator on Spark's {@code local-cluster} mode: a standalone master and two workers in this
 * JVM, each running its executor in a JVM of its own, so closures, broadcasts and results cross
 * process boundaries as on a cluster. Runs in its own surefire execution (one SparkContext per
 * JVM: the module pom's profile {@code local-cluster}, which sets {@code lstmlab.localCluster};
 * elsewhere it is skipped. Alone: {@code -Dtest=LocalClusterTest -Dlstmlab.localCluster=true}).
 *
 * <p>A worker starts its executor with Spark's launcher, which wants a Spark distribution: the
 * test makes one, {@code jars/} linking every jar of the test class path and an empty {@code
 * launcher/target/scala-2.13} (how the launcher finds the Scala version when testing), and gives
 * the executors the build's class directories through {@code spark.executor.extraClassPath}.
 */
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "lstmlab.localCluster",
    matches = "true")
class LocalClusterTest {

  static SparkSession spark;
  static Path home;

  @BeforeAll
  static void cluster() throws IOException {
    String cp = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    home = Files.createTempDirectory("lstmlab-spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("launcher/target/scala-2.13"));
    List<String> dirs = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
        Path link = jars.resolve(p.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, p);
        }
      } else if (Files.isDirectory(p)) {
        dirs.add(entry);
      }
    }
    System.setProperty("spark.test.home", home.toString());
    System.setProperty("spark.testing", "true");
    spark = SparkSession.builder().master("local-cluster[2,1,1024]").appName("lstmlab-cluster")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.executor.extraClassPath", String.join(File.pathSeparator, dirs))
        .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    // Executors register a few seconds after the context starts; wait for both (at most 2 min).
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (spark.sparkContext().getExecutorMemoryStatus().size() < 3 // the driver and two
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  @AfterAll
  static void stop() throws IOException {
    if (spark != null) {
      spark.stop();
    }
    try (var files = Files.walk(home)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  @Test
  void cluster_runsTasksInTwoOtherProcesses() {
    List<Long> pids = spark.range(0, 64).repartition(8).toJavaRDD()
        .map(x -> ProcessHandle.current().pid()).distinct().collect();
    assertThat(pids).hasSize(2).doesNotContain(ProcessHandle.current().pid());
    // Spark 4.1 starts executors with the Vector API module, as the pom starts this JVM: one
    // kernel everywhere, so per-series results can compare bit for bit.
    assertThat(spark.range(0, 64).repartition(8).toJavaRDD()
        .map(x -> org.lstmlab.core.kernel.Kernels.describe()).distinct().collect())
        .containsExactly(org.lstmlab.core.kernel.Kernels.describe());
  }

  @Test
  void fit_perSeriesOnExecutorJvms_equalsTheLibraryOnEachSeriesAlone_bitForBit() {
    List<TimeSeries> series = PerSeriesTest.SERIES;
    LstmForecastModel model = PerSeriesTest.estimator().fit(SparkTests.frame(series));
    List<Row> forecasts = model.forecast(SparkTests.frame(series)).orderBy("id").collectAsList();
    for (int k = 0; k < series.size(); k++) {
      TimeSeries s = series.get(k);
      Forecaster.Fit alone = new Forecaster(PerSeriesTest.config())
          .fit(SparkTests.dataset(List.of(s), true));
      assertThat(model.forecaster(s.id()).model().parameters().data())
          .containsExactly(alone.forecaster().model().parameters().data());
      double[] expected = alone.forecaster().forecast(s, 2).values();
      assertThat(forecasts.get(k).getString(0)).isEqualTo(s.id());
      assertThat(forecasts.get(k).<Double>getList(2)).containsExactly(expected[0], expected[1]);
    }
  }

  @Test
  void fit_syncOnExecutorJvms_equalsSingleProcessTraining_withinFloatRounding() {
    List<TimeSeries> series = SyncTrainingTest.SERIES;
    LstmForecastModel model = PerSeriesTest.estimator().setTrainingMode("sync").setEpochs(3)
        .setPartitions(2).fit(SparkTests.frame(series));
    List<TimeSeries> byId = series.stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    Forecaster.Fit one = new Forecaster(PerSeriesTest.config().toBuilder()
        .training(PerSeriesTest.config().training().toBuilder().epochs(3).build()).build())
        .fit(SparkTests.dataset(byId, true));
    float[] cluster = model.forecaster("s1").model().parameters().data();
    float[] lib = one.forecaster().model().parameters().data();
    for (int i = 0; i < lib.length; i++) {
      assertThat(Math.abs(cluster[i] - lib[i])).as("parameter %d", i).isLessThan(1e-5f);
    }
  }
}

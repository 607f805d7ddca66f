package org.lstmlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lstmlab.core.data.NotebookSeries;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.data.Split;
import org.lstmlab.core.data.Windows;
import org.lstmlab.core.metrics.Baselines;
import org.lstmlab.core.metrics.Metrics;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;

/**
 * The notebook end to end, as the CLI and the web app run it: series → split → scaler fitted on
 * the training part → windows → trainer → predictions → inverse scaling → metrics and baselines.
 */
class NotebookFlowTest {

  @Test
  void notebookFlow_lstmBeatsBothBaselinesOnTheTestPart() {
    int window = 10;
    double[] raw = NotebookSeries.values(200, 0.05, 11);
    float[] series = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      series[i] = (float) raw[i];
    }
    Split.Parts parts = Split.fractions(0.15, 0.15).apply(series.length, window, 1);
    Scaler scaler = Scaler.fit("minmax", series, 1, 0, parts.trainEnd());
    Windows w = Windows.of(scaler.transform(series), window, 1);
    SequenceBatch x = w.batch(parts.train());
    float[] y = parts.train().slice(w.y(), 1);
    SequenceBatch xVal = w.batch(parts.validation());
    float[] yVal = parts.validation().slice(w.y(), 1);
    SequenceBatch xTest = w.batch(parts.test());
    float[] yTest = parts.test().slice(w.y(), 1);

    SequenceModel model = SequenceModel.builder(CellType.LSTM, 1, 32).seed(3).build();
    TrainerConfig config = TrainerConfig.builder().epochs(15).lr(0.005).patience(5).seed(2).build();
    TrainingResult r = new Trainer(model, config).fit(x, y, xVal, yVal);

    int nTest = parts.test().size();
    float[] actual = scaler.inverseTransform(yTest);
    float[] lstm = scaler.inverseTransform(new Predictor(model).predict(xTest));
    float[] naive = scaler.inverseTransform(Baselines.naive(xTest.values(), nTest, 1));
    float[] mean = scaler.inverseTransform(Baselines.mean(y, parts.train().size(), nTest));
    Metrics mModel = Metrics.of(actual, lstm);
    Metrics mNaive = Metrics.of(actual, naive);
    Metrics mMean = Metrics.of(actual, mean);
    // Measured (JDK 17 and 25 agree bit for bit): test MSE 0.0318 (LSTM), 0.0410 (naive), 0.150
    // (mean of the training targets).
    assertThat(mModel.mse()).isLessThan(mNaive.mse());
    assertThat(mModel.mse()).isLessThan(mMean.mse() / 4);
    assertThat(mMean.r2()).isNegative(); // the test part's level differs from training's

    // The restored model's validation error, in the series' units, is the best epoch's validation
    // loss scaled back: min-max scaling multiplies errors by (max − min), squared errors by its
    // square.
    int nVal = parts.validation().size();
    Metrics vModel = Metrics.of(scaler.inverseTransform(yVal),
        scaler.inverseTransform(new Predictor(model).predict(xVal)));
    Scaler.MinMax mm = (Scaler.MinMax) scaler;
    double range = mm.max()[0] - mm.min()[0];
    double bestVal = r.validationLoss()[r.bestEpoch() - 1];
    assertThat(vModel.mse()).isCloseTo(bestVal * range * range, within(1e-5 * vModel.mse()));
  }
}

package org.lstmlab.core.nn;

import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlab.f64.loss.SoftmaxCrossEntropy;
import org.lstmlab.f64.nn.CellType;
import org.lstmlab.f64.nn.Mode;
import org.lstmlab.f64.nn.Parameters;
import org.lstmlab.f64.nn.SequenceBatch;
import org.lstmlab.f64.nn.SequenceModel;

/**
 * Central-difference checks, in double (the twin, see {@link GradientCheckTest}), of the text
 * classifier's training step as {@code TextClassifier} builds it: documents of different lengths
 * one-hot and padded with id 0 → a two-layer stack, one or two directions → the head at each
 * document's last real step (outputs LAST) → softmax cross-entropy over K classes. Every parameter,
 * the reverse direction's included.
 */
class ClassifierGradientCheckTest {

  private static final int V = 6; // ids 0 (padding) .. 5
  private static final int K = 3;
  private static final int[][] DOCS = {{3, 1, 4, 1}, {5, 2}, {2, 4, 3}};
  private static final double[] LABELS = {2, 0, 1};

  @ParameterizedTest
  @CsvSource({"LSTM, false", "LSTM, true", "GRU, true", "RNN_TANH, true"})
  void paddedDocuments_matchCentralDifferences(CellType cell, boolean bidirectional) {
    SequenceModel model = SequenceModel.builder(cell, V, 4).layers(2).outputSize(K)
        .outputs(SequenceModel.Outputs.LAST).bidirectional(bidirectional).seed(13).build();
    int b = DOCS.length;
    int t = 4;
    double[] x = new double[b * t * V]; // (B, T, V) one-hot, padding id 0 past each length
    int[] lengths = new int[b];
    for (int r = 0; r < b; r++) {
      lengths[r] = DOCS[r].length;
      for (int s = 0; s < t; s++) {
        x[(r * t + s) * V + (s < DOCS[r].length ? DOCS[r][s] : 0)] = 1;
      }
    }
    SequenceBatch batch = SequenceBatch.of(x, b, t, V).withLengths(lengths);
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(K);
    DoubleSupplier loss = () -> ce.value(model.forward(batch, Mode.TRAINING), LABELS);
    Parameters p = model.parameters();
    p.zeroGrad();
    double[] logits = model.forward(batch, Mode.TRAINING);
    double[] d = new double[logits.length];
    ce.gradient(logits, LABELS, d);
    model.backward(d);
    GradientCheckTest.assertMatches(cell + (bidirectional ? " bidirectional" : "")
        + " classifier parameters", p.grad().clone(), p.data(), loss,
        GradientCheckTest.epsFor(cell));
  }
}

package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lstmlab.f64.loss.TokenCrossEntropy;
import org.lstmlab.f64.nn.CellType;
import org.lstmlab.f64.nn.Mode;
import org.lstmlab.f64.nn.Parameters;
import org.lstmlab.f64.nn.SequenceBatch;
import org.lstmlab.f64.nn.SequenceModel;

/**
 * Central-difference checks, in double (the twin, see {@link GradientCheckTest}), of the language
 * model's training step: one-hot tokens → two-layer stack → head to V logits at every step →
 * token cross-entropy, over the two chunks of truncated BPTT that {@code LanguageModel} runs.
 *
 * <p>The second chunk starts from the state the first ended in, held constant (detached): its
 * gradient must be the derivative of its own loss with that state fixed. The check perturbs each
 * parameter, reruns the second chunk from the first chunk's unperturbed final state, and compares;
 * a backward that started the second chunk from zeros, or let gradient leak into the first chunk,
 * would differ by order 1.
 */
class LanguageModelGradientCheckTest {

  private static final int V = 6; // ids 0 (padding, never in the text) .. 5
  private static final int B = 2;
  private static final int WINDOW = 3;

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"LSTM", "GRU", "RNN_TANH"})
  void twoChunks_matchCentralDifferences(CellType cell) {
    SequenceModel model = SequenceModel.builder(cell, V, 4).layers(2).outputSize(V)
        .outputs(SequenceModel.Outputs.ALL).seed(11).build();
    SplittableRandom rng = new SplittableRandom(17 + cell.ordinal());
    int n = 2 * WINDOW; // steps per stream: two chunks
    int[] ids = new int[B * n + 1];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 1 + rng.nextInt(V - 1);
    }
    TokenCrossEntropy ce = new TokenCrossEntropy(V, 0);
    Parameters p = model.parameters();
    double[] h = null;
    double[] c = null;
    for (int chunk = 0; chunk < 2; chunk++) {
      int start = chunk * WINDOW;
      double[] x = new double[B * WINDOW * V]; // (B, T, V) one-hot
      int[] target = new int[B * WINDOW]; // (B, T)
      for (int b = 0; b < B; b++) {
        for (int t = 0; t < WINDOW; t++) {
          x[(b * WINDOW + t) * V + ids[b * n + start + t]] = 1;
          target[b * WINDOW + t] = ids[b * n + start + t + 1];
        }
      }
      SequenceBatch batch = SequenceBatch.of(x, B, WINDOW, V).withInitialState(h, c);
      DoubleSupplier loss = () -> ce.value(model.forward(batch, Mode.TRAINING), target);
      p.zeroGrad();
      double[] logits = model.forward(batch, Mode.TRAINING);
      double[] dLogits = new double[logits.length];
      ce.gradient(logits, target, dLogits);
      model.backward(dLogits);
      double[] grad = p.grad().clone();
      double[] hN = model.finalHidden();
      double[] cN = cell.hasCellState() ? model.finalCell() : null;
      GradientCheckTest.assertMatches("chunk " + (chunk + 1) + " parameters", grad, p.data(),
          loss, 1e-3, 1e-6, 1e-3);
      if (chunk == 1) {
        // The carried state mattered: from zeros the second chunk's gradient is another.
        SequenceBatch cold = SequenceBatch.of(x, B, WINDOW, V);
        p.zeroGrad();
        double[] l0 = model.forward(cold, Mode.TRAINING);
        double[] d0 = new double[l0.length];
        ce.gradient(l0, target, d0);
        model.backward(d0);
        double diff = 0;
        for (int i = 0; i < grad.length; i++) {
          diff = Math.max(diff, Math.abs(grad[i] - p.grad()[i]));
        }
        assertThat(diff).as("gradient from the carried state against zeros").isGreaterThan(1e-3);
      }
      h = hN;
      c = cN;
    }
  }
}

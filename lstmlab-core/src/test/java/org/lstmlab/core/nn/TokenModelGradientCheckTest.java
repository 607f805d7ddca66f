package org.lstmlab.core.nn;

import static org.lstmlab.core.nn.GradientCheckTest.assertModelMatches;
import static org.lstmlab.core.nn.GradientCheckTest.epsFor;
import static org.lstmlab.core.nn.GradientCheckTest.gaussian;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlab.f64.nn.CellType;
import org.lstmlab.f64.nn.SequenceBatch;
import org.lstmlab.f64.nn.SequenceModel;

/**
 * Central-difference gradient checks, in double precision on the generated twin (see {@link
 * GradientCheckTest} for the method and its tolerance), of token models: an embedding (V, E) with
 * a padding row → a stack (two layers with dropout 0.3 between them) → a head on the last states
 * or every step, MSE loss. Every parameter is
 * perturbed, embedding.weight included: rows read by real steps must match, the padding row (read
 * only at padded steps here) and unread rows must have gradient 0 both ways.
 */
class TokenModelGradientCheckTest {

  /** Row lengths of a batch of 3 over T = 5. */
  private static final int[] LENGTHS = {3, 5, 1};

  private static final int PAD = 0;

  static Stream<Arguments> models() {
    List<Arguments> cases = new ArrayList<>();
    for (CellType cell : CellType.values()) {
      cases.add(Arguments.of(cell, 1, false));
      cases.add(Arguments.of(cell, 2, true));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} layers={1} bidirectional={2}")
  @MethodSource("models")
  void backward_matchesCentralDifferences(CellType cell, int layers, boolean bidirectional) {
    int vocab = 6;
    int dim = 3;
    int steps = 5;
    int batch = 3;
    SplittableRandom rng = new SplittableRandom(900L + 13L * cell.ordinal() + layers);
    int[] ids = new int[batch * steps]; // (B, T): real steps read 1..V−2 (V−1 unread), padded PAD
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        ids[b * steps + t] = t < LENGTHS[b] ? 1 + rng.nextInt(vocab - 2) : PAD;
      }
    }
    for (SequenceModel.Outputs outputs : SequenceModel.Outputs.values()) {
      SequenceModel model = SequenceModel.builder(cell, dim, 3)
          .embedding(vocab, dim, PAD)
          .layers(layers)
          .dropout(layers > 1 ? 0.3 : 0.0)
          .bidirectional(bidirectional)
          .outputSize(2)
          .outputs(outputs)
          .seed(11)
          .build();
      SequenceBatch input = SequenceBatch.ofTokens(ids, batch, steps).withLengths(LENGTHS);
      int predLen = outputs == SequenceModel.Outputs.LAST ? batch * 2 : batch * steps * 2;
      // A floor of 1e-4 as BidirectionalGradientCheckTest's for ReLU; 1e-6 for smooth cells.
      assertModelMatches(outputs.toString(), model, input, null, gaussian(rng, predLen, 1.0),
          epsFor(cell), cell == CellType.RNN_RELU ? 1e-4 : 1e-6, 1e-3);
    }
  }
}

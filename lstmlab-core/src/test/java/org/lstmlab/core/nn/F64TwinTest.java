package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float engine against its double-precision twin (the same source, type-substituted at build
 * time), on the same parameters and inputs. The gradient checks run on the twin; this test ties
 * their result to the float code that users run. Tolerances are float rounding: outputs 1e-5
 * absolute, gradients 1e-4 relative to max(|twin|, 1e-2).
 */
class F64TwinTest {

  static Stream<Arguments> models() {
    return Stream.of(CellType.values()).flatMap(cell -> Stream.of(
        Arguments.of(cell, false, false), Arguments.of(cell, true, false),
        Arguments.of(cell, true, true)));
  }

  /** One direction, and bidirectional with full rows and with rows of different lengths. */
  @ParameterizedTest(name = "{0} bidirectional={1} lengths={2}")
  @MethodSource("models")
  void floatEngine_agreesWithDoubleTwin(CellType cell, boolean bidirectional, boolean lengths) {
    int in = 3;
    int hidden = 8;
    int layers = 2;
    int batch = 4;
    int steps = 12;
    SequenceModel m =
        SequenceModel.builder(cell, in, hidden).layers(layers).bidirectional(bidirectional)
            .outputSize(2).seed(3).build();
    org.lstmlab.f64.nn.SequenceModel d =
        org.lstmlab.f64.nn.SequenceModel.builder(
                org.lstmlab.f64.nn.CellType.valueOf(cell.name()), in, hidden)
            .layers(layers)
            .bidirectional(bidirectional)
            .outputSize(2)
            .seed(3)
            .build();
    float[] pf = m.parameters().data();
    double[] pd = d.parameters().data();
    for (int i = 0; i < pf.length; i++) {
      pd[i] = pf[i];
    }
    SplittableRandom rng = new SplittableRandom(8);
    float[] x = new float[batch * steps * in];
    double[] xd = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-2, 2);
      xd[i] = x[i];
    }
    int[] lens = lengths ? new int[] {12, 5, 1, 9} : null;
    float[] pred = m.predict(SequenceBatch.of(x, batch, steps, in).withLengths(lens));
    double[] predD = d.predict(
        org.lstmlab.f64.nn.SequenceBatch.of(xd, batch, steps, in).withLengths(lens));
    float[] dPred = new float[pred.length];
    double[] dPredD = new double[pred.length];
    for (int i = 0; i < pred.length; i++) {
      assertThat((double) pred[i]).as("pred[%d]", i).isCloseTo(predD[i], org.assertj.core.data.Offset.offset(1e-5));
      dPred[i] = (float) (i % 3 - 1);
      dPredD[i] = dPred[i];
    }
    m.parameters().zeroGrad();
    d.parameters().zeroGrad();
    float[] dx = m.backward(dPred);
    double[] dxD = d.backward(dPredD);
    assertRelative("x", dx, dxD);
    assertRelative("parameters", m.parameters().grad(), d.parameters().grad());
  }

  static void assertRelative(String what, float[] a, double[] e) {
    assertThat(a).hasSize(e.length);
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - e[i]) / Math.max(Math.abs(e[i]), 1e-2));
    }
    assertThat(worst).as(what + " worst relative difference").isLessThan(1e-4);
  }
}

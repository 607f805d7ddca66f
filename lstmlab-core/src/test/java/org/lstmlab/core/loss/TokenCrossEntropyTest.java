package org.lstmlab.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlab.core.testing.Fixture;

/**
 * {@link TokenCrossEntropy} against PyTorch's {@code F.cross_entropy(..., ignore_index=I)}
 * ({@code tools/pytorch/text_fixtures.py}), value within 1e-5 and gradients within 1e-4, and
 * against central differences.
 */
class TokenCrossEntropyTest {

  private static final Fixture FIXTURE = Fixture.load("text/cross_entropy.json");

  static Stream<String> cases() {
    return FIXTURE.child("cases").keys().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void valueAndGradient_matchPyTorch(String name) {
    Fixture c = FIXTURE.child("cases").child(name);
    float[] logits = c.floats("logits");
    int[] target = c.ints("target");
    TokenCrossEntropy loss = new TokenCrossEntropy(c.shape("logits")[1], c.integer("ignore_index"));
    float[] d = new float[logits.length];

    double value = loss.gradient(logits, target, d);

    assertThat(value).isCloseTo(c.number("value"), within(1e-5));
    assertThat(loss.value(logits, target)).isEqualTo(value);
    float[] expected = c.floats("grad");
    for (int i = 0; i < d.length; i++) {
      assertThat((double) d[i]).as("dLogits[%d]", i).isCloseTo(expected[i], within(1e-4));
    }
  }

  @Test
  void gradient_matchesCentralDifferences_zeroOnIgnoredRows() {
    int classes = 4;
    float[] logits = {0.5f, -1f, 2f, 0f, 3f, 3f, -2f, 1f, -0.5f, 0.25f, 0.75f, -3f};
    int[] target = {2, 0, 3};
    TokenCrossEntropy loss = new TokenCrossEntropy(classes, 0);
    float[] d = new float[logits.length];
    loss.gradient(logits, target, d);
    double h = 1e-2;
    for (int i = 0; i < logits.length; i++) {
      float[] p = logits.clone();
      float[] m = logits.clone();
      p[i] += (float) h;
      m[i] -= (float) h;
      double numeric = (loss.value(p, target) - loss.value(m, target)) / ((double) p[i] - m[i]);
      assertThat((double) d[i]).as("dLogits[%d]", i).isCloseTo(numeric, within(1e-4));
    }
    assertThat(new float[] {d[4], d[5], d[6], d[7]}).containsOnly(0f);
    // Two rows kept: the mean divides by 2, not 3.
    double row0 = Math.log(Math.exp(0.5) + Math.exp(-1) + Math.exp(2) + 1) - 2;
    double row2 = Math.log(Math.exp(-0.5) + Math.exp(0.25) + Math.exp(0.75) + Math.exp(-3)) + 3;
    assertThat(loss.value(logits, target)).isCloseTo((row0 + row2) / 2, within(1e-12));
  }

  @Test
  void value_badTargets_oneLineSayingWhich() {
    TokenCrossEntropy loss = new TokenCrossEntropy(3, 0);
    assertThatThrownBy(() -> loss.value(new float[6], new int[] {1, 3}))
        .hasMessage("target[1] = 3 is outside [0, 3) and is not the ignored id 0");
    assertThatThrownBy(() -> loss.value(new float[6], new int[] {0, 0}))
        .hasMessage("every target is the ignored id 0: no token to score");
    assertThatThrownBy(() -> loss.value(new float[5], new int[] {1, 2}))
        .hasMessage("logits has 5 elements; expected (N, C) = (2, 3) for 2 targets");
  }
}

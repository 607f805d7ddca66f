package org.lstmlab.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActivationsTest {

  @ParameterizedTest
  @ValueSource(floats = {-100f, -20f, -1f, 0f, 0.5f, 3f, 20f, 100f})
  void sigmoid_matchesDefinition_andNeverOverflows(float x) {
    double expected = 1.0 / (1.0 + Math.exp(-(double) x));
    assertThat((double) Activations.sigmoid(x)).isCloseTo(expected, within(1e-7));
    assertThat(Activations.sigmoid(x)).isBetween(0f, 1f);
  }

  @ParameterizedTest
  @ValueSource(floats = {-3f, -0.5f, 0f, 0.25f, 4f})
  void sigmoid_isSymmetric(float x) {
    assertThat((double) Activations.sigmoid(x) + Activations.sigmoid(-x)).isCloseTo(1.0, within(1e-7));
  }

  @ParameterizedTest
  @ValueSource(floats = {-30f, -1f, 0f, 0.5f, 30f})
  void tanh_andRelu_matchDefinitions(float x) {
    assertThat((double) Activations.tanh(x)).isCloseTo(Math.tanh(x), within(1e-7));
    assertThat(Activations.relu(x)).isEqualTo(Math.max(0f, x));
  }
}

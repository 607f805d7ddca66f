package org.lstmlab.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenSamplerTest {

  // ids: 0 pad (largest logit: must still never be drawn), 1 unk, 2, 3, 4
  private static final float[] LOGITS = {9f, 0f, (float) Math.log(2), (float) Math.log(4), 0f};

  @Test
  void probabilities_temperatureOne_softmaxWithoutPadding() {
    double[] p = new TokenSampler(1, TokenSampler.ALL, 0).probabilities(LOGITS, 0, 5);
    // exp: 1, 2, 4, 1 over 8
    assertThat(p).containsExactly(new double[] {0, 1 / 8.0, 2 / 8.0, 4 / 8.0, 1 / 8.0},
        within(1e-7));
  }

  @Test
  void probabilities_temperatureTwo_flattens_topTwo_keepsTwo() {
    double[] p = new TokenSampler(2, 2, 0).probabilities(LOGITS, 0, 5);
    // top 2 of ids 1..4: ids 3 (log 4) and 2 (log 2); exp(z / 2) = 2 and √2
    double s = 2 + Math.sqrt(2);
    assertThat(p).containsExactly(new double[] {0, 0, Math.sqrt(2) / s, 2 / s, 0}, within(1e-7));
  }

  @Test
  void probabilities_tiesAtK_allKept() {
    double[] p = new TokenSampler(1, 1, 0).probabilities(new float[] {0, 1, 1, 0}, 0, 4);
    assertThat(p).containsExactly(new double[] {0, 0.5, 0.5, 0}, within(1e-12));
  }

  @Test
  void next_temperatureZero_greedy() {
    TokenSampler s = new TokenSampler(0, TokenSampler.ALL, 1);
    assertThat(s.next(LOGITS, 0, 5)).isEqualTo(3);
    assertThat(s.next(new float[] {5, 1, 1}, 0, 3)).isEqualTo(1);
  }

  /** 40 000 seeded draws: each frequency within 4 standard errors of its probability. */
  @Test
  void next_seeded_frequenciesFollowProbabilities_andRepeat() {
    TokenSampler a = new TokenSampler(1, TokenSampler.ALL, 7);
    TokenSampler b = new TokenSampler(1, TokenSampler.ALL, 7);
    int n = 40_000;
    int[] counts = new int[5];
    for (int i = 0; i < n; i++) {
      int v = a.next(LOGITS, 0, 5);
      assertThat(b.next(LOGITS, 0, 5)).isEqualTo(v);
      counts[v]++;
    }
    double[] p = {0, 1 / 8.0, 2 / 8.0, 4 / 8.0, 1 / 8.0};
    for (int v = 0; v < 5; v++) {
      double se = Math.sqrt(p[v] * (1 - p[v]) / n);
      assertThat(counts[v] / (double) n).as("id %d", v).isCloseTo(p[v], within(4 * se + 1e-12));
    }
  }

  @Test
  void constructor_badSettings_throw() {
    assertThatThrownBy(() -> new TokenSampler(-1, 1, 0)).hasMessageContaining("temperature");
    assertThatThrownBy(() -> new TokenSampler(1, 0, 0)).hasMessage("topK must be at least 1, got 0");
  }
}

package org.lstmlab.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NaiveBayesTest {

  // Manning, Raghavan & Schütze 2008, Example 13.1. Ids: 0 pad, 1 Chinese, 2 Beijing,
  // 3 Shanghai, 4 Macao, 5 Tokyo, 6 Japan (V' = 6 words); class 0 "China", 1 "Japan".
  private static final int[][] DOCS = {{1, 2, 1}, {1, 1, 3}, {1, 4}, {5, 6, 1}};
  private static final int[] LABELS = {0, 0, 0, 1};

  @Test
  void logScores_textbookExample() {
    NaiveBayes nb = NaiveBayes.fit(DOCS, LABELS, 2, 7, 1.0);
    int[] d5 = {1, 1, 1, 5, 6};

    double[] s = nb.logScores(d5);

    // P(c|d5) ∝ 3/4 · (3/7)^3 · 1/14 · 1/14 ≈ 0.0003; P(j|d5) ∝ 1/4 · (2/9)^3 · 2/9 · 2/9 ≈ 0.0001
    assertThat(Math.exp(s[0])).isCloseTo(0.75 * Math.pow(3.0 / 7, 3) / 196, within(1e-15));
    assertThat(Math.exp(s[1])).isCloseTo(0.25 * Math.pow(2.0 / 9, 5), within(1e-15));
    assertThat(Math.exp(s[0])).isCloseTo(0.0003, within(0.00002));
    assertThat(nb.predict(d5)).isZero();
    assertThat(nb.predict(new int[] {5, 6, 0, 0})).as("padding skipped").isEqualTo(1);
  }

  @Test
  void fit_badLabel_namesPosition() {
    assertThatThrownBy(() -> NaiveBayes.fit(DOCS, new int[] {0, 0, 2, 1}, 2, 7, 1))
        .hasMessage("labels[2] = 2 is outside [0, 2)");
    assertThatThrownBy(() -> NaiveBayes.fit(new int[][] {{7}}, new int[] {0}, 2, 7, 1))
        .hasMessage("documents[0][0] = 7 is outside [0, 7)");
  }
}

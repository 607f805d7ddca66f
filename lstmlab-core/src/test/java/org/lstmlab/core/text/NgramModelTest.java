package org.lstmlab.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Baselines against values computed by hand, and their order on a real corpus. */
class NgramModelTest {

  // "abab": vocabulary <pad>=0, <unk>=1, a=2, b=3; V' = 3 tokens can follow (unk, a, b).
  private static final Vocabulary V =
      Vocabulary.build(Vocabulary.Kind.CHAR, false, "abab", 1, 10);
  private static final int[] TRAIN = V.encode("abab");

  @Test
  void unigram_laplace_handComputed() {
    NgramModel m = NgramModel.fit(TRAIN, 1, 1.0, V.size());
    int[] held = V.encode("ba");
    // P(a) = P(b) = (2 + 1) / (4 + 3) = 3/7, P(unk) = 1/7
    assertThat(m.probability(held, 0)).isCloseTo(3.0 / 7, within(1e-15));
    assertThat(m.probability(V.encode("z"), 0)).isCloseTo(1.0 / 7, within(1e-15));
    assertThat(m.bitsPerToken(held)).isCloseTo(Math.log(7.0 / 3) / Math.log(2), within(1e-12));
  }

  @Test
  void bigram_laplace_handComputed() {
    NgramModel m = NgramModel.fit(TRAIN, 2, 1.0, V.size());
    // Pairs with the padded start: (pad,a) (a,b) (b,a) (a,b); c(pad)=1, c(a)=2, c(b)=1.
    // "ba": P(b|pad) = (0+1)/(1+3) = 1/4, P(a|b) = (1+1)/(1+3) = 1/2 → (2 + 1) / 2 = 1.5 bits.
    int[] held = V.encode("ba");
    assertThat(m.probability(held, 0)).isCloseTo(0.25, within(1e-15));
    assertThat(m.probability(held, 1)).isCloseTo(0.5, within(1e-15));
    assertThat(m.bitsPerToken(held)).isCloseTo(1.5, within(1e-12));
    assertThat(m.perplexity(held)).isCloseTo(Math.sqrt(8), within(1e-12));
    // P(b|a) = (2+1)/(2+3) = 3/5
    assertThat(m.probability(V.encode("ab"), 1)).isCloseTo(0.6, within(1e-15));
  }

  @Test
  void trigram_addHalf_handComputed() {
    NgramModel m = NgramModel.fit(TRAIN, 3, 0.5, V.size());
    // Contexts: (pad,pad)→a, (pad,a)→b, (a,b)→a, (b,a)→b. "abb": P(a|pad,pad) = 1.5/2.5,
    // P(b|pad,a) = 1.5/2.5, P(b|a,b) = 0.5/2.5.
    int[] held = V.encode("abb");
    double bits = -(2 * Math.log(0.6) + Math.log(0.2)) / 3 / Math.log(2);
    assertThat(m.bitsPerToken(held)).isCloseTo(bits, within(1e-12));
  }

  @Test
  void probability_sumsToOneOverFollowers() {
    NgramModel m = NgramModel.fit(V.encode("abbaabab"), 2, 0.3, V.size());
    double sum = 0;
    for (int w = 1; w < V.size(); w++) {
      sum += m.probability(new int[] {2, w}, 1);
    }
    assertThat(sum).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void baselines_areUnigramBigramTrigram_withTheirSmoothing() {
    int[] held = V.encode("ba");
    java.util.List<NgramModel.Baseline> b = NgramModel.baselines(TRAIN, held, V.size());
    assertThat(b).extracting(NgramModel.Baseline::name)
        .containsExactly("unigram", "bigram", "trigram");
    assertThat(b.get(0).bitsPerToken()).isCloseTo(Math.log(7.0 / 3) / Math.log(2),
        within(1e-12));
    assertThat(b.get(1).bitsPerToken()).isCloseTo(1.5, within(1e-12)); // by hand, above
    assertThat(b.get(2).k()).isEqualTo(0.1);
    assertThat(b.get(2).bitsPerToken())
        .isEqualTo(NgramModel.fit(TRAIN, 3, 0.1, V.size()).bitsPerToken(held));
    assertThatThrownBy(() -> NgramModel.baselines(TRAIN, new int[0], V.size()))
        .hasMessageContaining("no held-out tokens");
  }

  @Test
  void fit_badArguments_throwNamingThem() {
    assertThatThrownBy(() -> NgramModel.fit(TRAIN, 0, 1, 4)).hasMessageContaining("order");
    assertThatThrownBy(() -> NgramModel.fit(TRAIN, 1, 0, 4)).hasMessageContaining("k must");
    assertThatThrownBy(() -> NgramModel.fit(new int[] {5}, 1, 1, 4))
        .hasMessage("ids[0] = 5 is outside [0, 4)");
    assertThatThrownBy(() -> NgramModel.fit(TRAIN, 9, 1, 1 << 20)).hasMessageContaining("long");
  }

  /**
   * On Debian's fortunes (installed by .ci/run): the bigram beats the unigram on held-out text,
   * and the trigram the bigram, by clear margins. The figures printed here are in docs/TEXT.md.
   */
  @Test
  void fortunes_higherOrder_fewerBitsPerCharacter() throws IOException {
    SmallFortunes f = SmallFortunes.load();
    Vocabulary v = f.vocabulary();
    int[] train = f.train();
    int[] held = f.held();
    double uni = NgramModel.fit(train, 1, 1, v.size()).bitsPerToken(held);
    double bi = NgramModel.fit(train, 2, 1, v.size()).bitsPerToken(held);
    double tri = NgramModel.fit(train, 3, 0.1, v.size()).bitsPerToken(held);
    System.out.printf("fortunes: %d train chars, %d held out, V=%d; bpc unigram %.4f, bigram %.4f,"
        + " trigram(k=0.1) %.4f%n", train.length, held.length, v.size(), uni, bi, tri);
    // English text: about 4.4 bits per character for letter frequencies alone [Shannon 1951].
    assertThat(uni).isBetween(4.0, 5.0);
    assertThat(bi).isLessThan(uni - 0.5);
    assertThat(tri).isLessThan(bi - 0.3);
  }
}

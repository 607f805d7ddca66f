package org.lstmlab.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

  @Test
  void build_chars_orderedByFrequencyThenToken() {
    Vocabulary v = Vocabulary.build(Vocabulary.Kind.CHAR, false, "abracadabra", 1, 100);
    // a ×5, b ×2, r ×2, c ×1, d ×1
    assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "a", "b", "r", "c", "d");
    assertThat(v.encode("bad!")).containsExactly(3, 2, 6, Vocabulary.UNK_ID);
    assertThat(v.decode(new int[] {3, 0, 4, 2, 1})).isEqualTo("bra<unk>");
  }

  @Test
  void build_minCount_cutsRareTokens() {
    Vocabulary v = Vocabulary.build(Vocabulary.Kind.CHAR, false, "abracadabra", 2, 100);
    assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "a", "b", "r");
    assertThat(v.encode("cab")).containsExactly(1, 2, 3);
  }

  @Test
  void build_maxTokens_keepsMostFrequent() {
    Vocabulary v = Vocabulary.build(Vocabulary.Kind.CHAR, false, "abracadabra", 1, 2);
    assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "a", "b");
    assertThat(v.size()).isEqualTo(4);
  }

  @Test
  void build_words_lowercased_decodeJoinsWithSpaces() {
    Vocabulary v = Vocabulary.build(Vocabulary.Kind.WORD, true, "The cat. THE dog, the end.", 1,
        100);
    assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "the", ".", ",", "cat", "dog", "end");
    assertThat(v.encode("The bird.")).containsExactly(2, 1, 3);
    assertThat(v.decode(v.encode("the cat, the dog"))).isEqualTo("the cat , the dog");
  }

  @Test
  void build_surrogatePair_isOneCharacter() {
    Vocabulary v = Vocabulary.build(Vocabulary.Kind.CHAR, false, "a\uD83D\uDE00a", 1, 10);
    assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "a", "\uD83D\uDE00");
  }

  @Test
  void of_roundTripsTokens_andChecksSpecials() {
    Vocabulary v = Vocabulary.build(Vocabulary.Kind.WORD, false, "x y y", 1, 10);
    assertThat(Vocabulary.of(v.kind(), v.lowercase(), v.tokens())).isEqualTo(v);
    assertThatThrownBy(() -> Vocabulary.of(Vocabulary.Kind.CHAR, false, List.of("a", "b")))
        .hasMessage("tokens must start with <pad>, <unk>; got [a, b]");
    assertThatThrownBy(() -> Vocabulary.of(Vocabulary.Kind.CHAR, false,
        List.of("<pad>", "<unk>", "ab"))).hasMessageContaining("must be one character");
    assertThatThrownBy(() -> Vocabulary.of(Vocabulary.Kind.CHAR, false,
        List.of("<pad>", "<unk>", "a", "a"))).hasMessage("token 'a' appears twice");
  }

  @Test
  void token_outOfRange_throwsNamingRange() {
    Vocabulary v = Vocabulary.build(Vocabulary.Kind.CHAR, false, "ab", 1, 10);
    assertThatThrownBy(() -> v.token(4)).hasMessage("token id must be in [0, 4), got 4");
  }

  @Test
  void oneHot_rowsHaveOneOneAtTheId() {
    assertThat(OneHot.encode(new int[] {2, 0, 1}, 3))
        .containsExactly(0, 0, 1, 1, 0, 0, 0, 1, 0);
    assertThatThrownBy(() -> OneHot.encode(new int[] {0, 3}, 3))
        .hasMessage("ids[1] = 3 is outside [0, 3)");
  }
}

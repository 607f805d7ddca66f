package org.lstmlab.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

  @Test
  void tokenize_wordsAndPunctuation_split() {
    assertThat(Tokenizer.words(false).tokenize("Hello, world! Don't stop (state-of-the-art) 3.14"))
        .containsExactly("Hello", ",", "world", "!", "Don't", "stop", "(", "state-of-the-art",
            ")", "3", ".", "14");
  }

  @Test
  void tokenize_lowercase_lowersAndKeepsUnicodeLetters() {
    assertThat(Tokenizer.words(true).tokenize("  Éclair—CAFÉ's\n\tnaïve  "))
        .containsExactly("éclair", "—", "café's", "naïve");
  }

  @Test
  void tokenize_trailingApostropheOrHyphen_isPunctuation() {
    assertThat(Tokenizer.words(false).tokenize("dogs' -x- --"))
        .isEqualTo(List.of("dogs", "'", "-", "x", "-", "-", "-"));
  }

  @Test
  void tokenize_emptyOrSpace_noTokens() {
    assertThat(Tokenizer.words(false).tokenize(" \n\t")).isEmpty();
  }
}

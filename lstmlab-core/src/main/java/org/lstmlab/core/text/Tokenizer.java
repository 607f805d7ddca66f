package org.lstmlab.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into words and punctuation marks, the tokens of a word-level {@link Vocabulary}.
 *
 * <p>A word is a run of letters and digits, with single inner apostrophes or hyphens kept inside
 * it ({@code don't}, {@code state-of-the-art}, {@code 42nd}); every other character that is not
 * white space is a token of its own ({@code ,} {@code .} {@code "} {@code (}). White space only
 * separates. So {@code "Hello, world!"} is {@code [Hello, ",", world, "!"]} and {@code 3.14} is
 * {@code [3, ".", 14]}: numbers are not parsed. Letters are Unicode letters ({@code \p{L}} with
 * combining marks {@code \p{M}}), digits {@code \p{N}}. With {@code lowercase}, tokens are lowered
 * with {@link Locale#ROOT}.
 *
 * <p>What it leaves out: no sentence splitting, no subwords (BPE), no special handling of URLs or
 * contractions ({@code can't} stays one word). Immutable and thread-safe.
 */
public final class Tokenizer {

  private static final Pattern TOKEN =
      Pattern.compile("[\\p{L}\\p{M}\\p{N}]+(?:['\u2019\\-][\\p{L}\\p{M}\\p{N}]+)*|[^\\s\\p{L}\\p{M}\\p{N}]");

  private final boolean lowercase;

  private Tokenizer(boolean lowercase) {
    this.lowercase = lowercase;
  }

  /** A tokenizer for words and punctuation, lowering case if {@code lowercase}. */
  public static Tokenizer words(boolean lowercase) {
    return new Tokenizer(lowercase);
  }

  /** Whether tokens are lowered. */
  public boolean lowercase() {
    return lowercase;
  }

  /**
   * The tokens of {@code text}, in order.
   *
   * @throws IllegalArgumentException if {@code text} is null
   */
  public List<String> tokenize(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text is null");
    }
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(lowercase ? text.toLowerCase(Locale.ROOT) : text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}

package org.lstmlab.core.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tokens a text model knows, each with an id: characters or words, with a padding and an
 * unknown token.
 *
 * <p>Ids: {@value #PAD_ID} is {@value #PAD}, the padding of shorter sequences in a batch (PyTorch's
 * {@code padding_idx}, {@code ignore_index}); {@value #UNK_ID} is {@value #UNK}, which every token
 * outside the vocabulary maps to; then the kept tokens by falling frequency, ties in {@link
 * String#compareTo} order, so the same text always gives the same ids. A token is kept if it
 * occurs at least {@code minCount} times, and at most {@code maxTokens} tokens are kept (the most
 * frequent), the two specials not counted.
 *
 * <p>A character vocabulary's tokens are Unicode code points (a surrogate pair is one token); a
 * word vocabulary's come from {@link Tokenizer#words}. Both can lower the case first. {@link
 * #split} → {@link #ids} is {@link #encode}; {@link #decode} joins characters as they are and words
 * with one space. Saved in a model file under the metadata key {@code vocabulary}
 * (docs/FILE-FORMAT.md; lstmlab-io's {@code VocabularyJson}). Immutable and thread-safe.
 */
public final class Vocabulary {

  /** The padding token. */
  public static final String PAD = "<pad>";

  /** The padding token's id. */
  public static final int PAD_ID = 0;

  /** The unknown token. */
  public static final String UNK = "<unk>";

  /** The unknown token's id. */
  public static final int UNK_ID = 1;

  /** What a token is. */
  public enum Kind {
    /** One Unicode code point. */
    CHAR("char"),
    /** A word or punctuation mark of {@link Tokenizer#words}. */
    WORD("word");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    /** The name in files and flags: {@code char} or {@code word}. */
    public String id() {
      return id;
    }

    /**
     * The kind named {@code id}.
     *
     * @throws IllegalArgumentException naming the valid names
     */
    public static Kind fromId(String id) {
      for (Kind k : values()) {
        if (k.id.equals(id)) {
          return k;
        }
      }
      throw new IllegalArgumentException("vocabulary kind must be char or word; got '" + id + "'");
    }
  }

  private final Kind kind;
  private final boolean lowercase;
  private final List<String> tokens; // by id, PAD and UNK first
  private final Map<String, Integer> ids;
  private final Tokenizer tokenizer;

  private Vocabulary(Kind kind, boolean lowercase, List<String> tokens) {
    this.kind = kind;
    this.lowercase = lowercase;
    this.tokens = Collections.unmodifiableList(new ArrayList<>(tokens));
    this.ids = new HashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (ids.put(tokens.get(i), i) != null) {
        throw new IllegalArgumentException("token '" + tokens.get(i) + "' appears twice");
      }
    }
    this.tokenizer = Tokenizer.words(lowercase);
  }

  /**
   * The vocabulary of {@code text}'s tokens.
   *
   * @param kind characters or words
   * @param lowercase whether to lower the case before counting (and before encoding)
   * @param minCount keep tokens that occur at least this often (≥ 1)
   * @param maxTokens keep at most this many tokens besides the two specials (≥ 1)
   * @throws IllegalArgumentException on a null argument, minCount or maxTokens &lt; 1
   */
  public static Vocabulary build(Kind kind, boolean lowercase, String text, int minCount,
      int maxTokens) {
    if (kind == null) {
      throw new IllegalArgumentException("kind is null");
    }
    if (minCount < 1) {
      throw new IllegalArgumentException("minCount must be at least 1, got " + minCount);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
    }
    Map<String, Integer> counts = new HashMap<>();
    for (String t : split(kind, lowercase, Tokenizer.words(lowercase), text)) {
      counts.merge(t, 1, Integer::sum);
    }
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
        : Integer.compare(b.getValue(), a.getValue()));
    List<String> tokens = new ArrayList<>(List.of(PAD, UNK));
    for (Map.Entry<String, Integer> e : sorted) {
      if (e.getValue() < minCount || tokens.size() - 2 >= maxTokens) {
        break;
      }
      if (!e.getKey().equals(PAD) && !e.getKey().equals(UNK)) {
        tokens.add(e.getKey());
      }
    }
    return new Vocabulary(kind, lowercase, tokens);
  }

  /**
   * A vocabulary with the given tokens by id, as a model file stores it.
   *
   * @throws IllegalArgumentException unless {@code tokens} starts with {@value #PAD}, {@value #UNK}
   *     and has no token twice
   */
  public static Vocabulary of(Kind kind, boolean lowercase, List<String> tokens) {
    if (kind == null || tokens == null) {
      throw new IllegalArgumentException("kind and tokens must not be null");
    }
    if (tokens.size() < 2 || !tokens.get(PAD_ID).equals(PAD) || !tokens.get(UNK_ID).equals(UNK)) {
      throw new IllegalArgumentException("tokens must start with " + PAD + ", " + UNK + "; got "
          + tokens.subList(0, Math.min(2, tokens.size())));
    }
    for (int i = 2; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (t == null || t.isEmpty()) {
        throw new IllegalArgumentException("token " + i + " is empty");
      }
      if (kind == Kind.CHAR && t.codePointCount(0, t.length()) != 1) {
        throw new IllegalArgumentException("token " + i + " ('" + t + "') of a char vocabulary"
            + " must be one character");
      }
    }
    return new Vocabulary(kind, lowercase, tokens);
  }

  private static List<String> split(Kind kind, boolean lowercase, Tokenizer tokenizer,
      String text) {
    if (text == null) {
      throw new IllegalArgumentException("text is null");
    }
    if (kind == Kind.WORD) {
      return tokenizer.tokenize(text);
    }
    String s = lowercase ? text.toLowerCase(Locale.ROOT) : text;
    List<String> out = new ArrayList<>(s.length());
    s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
    return out;
  }

  /** Characters or words. */
  public Kind kind() {
    return kind;
  }

  /** Whether text is lowered before it is split. */
  public boolean lowercase() {
    return lowercase;
  }

  /** V: the number of ids, the two specials included. */
  public int size() {
    return tokens.size();
  }

  /** The tokens by id, {@value #PAD} and {@value #UNK} first. */
  public List<String> tokens() {
    return tokens;
  }

  /** The id of {@code token}, {@value #UNK_ID} if it is not in the vocabulary. */
  public int id(String token) {
    return ids.getOrDefault(token, UNK_ID);
  }

  /**
   * The token of {@code id}.
   *
   * @throws IllegalArgumentException unless 0 ≤ id &lt; V
   */
  public String token(int id) {
    if (id < 0 || id >= tokens.size()) {
      throw new IllegalArgumentException("token id must be in [0, " + tokens.size() + "), got "
          + id);
    }
    return tokens.get(id);
  }

  /** {@code text}'s tokens (characters or words), before lookup. */
  public List<String> split(String text) {
    return split(kind, lowercase, tokenizer, text);
  }

  /** The ids of {@code tokens}, {@value #UNK_ID} for those outside the vocabulary. */
  public int[] ids(List<String> tokens) {
    int[] out = new int[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = id(tokens.get(i));
    }
    return out;
  }

  /** The ids of {@code text}: {@code ids(split(text))}. */
  public int[] encode(String text) {
    return ids(split(text));
  }

  /**
   * The text of {@code ids}: characters joined as they are, words with one space; padding is
   * left out, unknown tokens are {@value #UNK}.
   *
   * @throws IllegalArgumentException on an id outside [0, V)
   */
  public String decode(int[] ids) {
    StringBuilder sb = new StringBuilder();
    for (int id : ids) {
      String t = token(id);
      if (id == PAD_ID) {
        continue;
      }
      if (kind == Kind.WORD && sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(t);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vocabulary v && v.kind == kind && v.lowercase == lowercase
        && v.tokens.equals(tokens);
  }

  @Override
  public int hashCode() {
    return tokens.hashCode() * 31 + kind.hashCode() + (lowercase ? 1 : 0);
  }

  @Override
  public String toString() {
    return kind.id() + " vocabulary of " + size() + " tokens" + (lowercase ? ", lowercase" : "");
  }
}

package org.lstmlab.core.text;

import java.util.function.BooleanSupplier;
import org.lstmlab.core.loss.TokenCrossEntropy;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Checks;
import org.lstmlab.core.nn.Embedding;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.train.TrainingListener;
import org.lstmlab.core.train.TrainingLoop;
import org.lstmlab.core.train.TrainingResult;
import org.lstmlab.core.train.TruncatedBptt;

/**
 * A character or word language model: each token one-hot (V) or embedded (E) → a recurrent stack →
 * logits over the V tokens of the vocabulary at every step, trained to predict the next token with
 * softmax cross-entropy by truncated BPTT.
 *
 * <p>The network is a plain {@link SequenceModel} with O = V and {@link
 * SequenceModel.Outputs#ALL}, so it saves, loads and exports as every other model (its vocabulary
 * travels beside it in the model file). Its input is one of two:
 * <ul>
 *   <li>one-hot (the default), I = V: one-hot input times {@code weight_ih_l0} (G·H, V) picks
 *       column v, an embedding straight into the gates, which costs a (V, G·H) product per step
 *       instead of a lookup; for characters (V ≈ 100) that is a fraction of the recurrent product;
 *   <li>an embedding (V, E) without padding row ({@link SequenceModel#tokenInput()}), I = E: a
 *       lookup, then a (E, G·H) product; for words (V in the thousands) far cheaper than one-hot.
 * </ul>
 *
 * <p>Training, as PyTorch's {@code word_language_model} example does it: the text's N ids are
 * cut into B streams of n = ⌊(N − 1)/B⌋ consecutive tokens (the remainder is dropped); stream b
 * reads ids[b·n + t] and predicts ids[b·n + t + 1]. Each update takes the next {@code window}
 * steps of all streams from the state the previous chunk ended in (carried as values, so gradients
 * stop at chunk borders) through {@link TruncatedBptt}, the one training loop. The loss is the mean
 * cross-entropy in nats over the chunk's B·len targets.
 *
 * <p>Scoring ({@link #evaluate}) reads every token of a held-out text, each predicted from the
 * tokens before it, as {@link NgramModel#bitsPerToken} does: the text is cut into S streams of
 * ⌈N/S⌉ tokens, each starting from zero state with {@link Vocabulary#PAD_ID} as its input (the
 * start-of-text mark; its targets past the end are the padding id, which counts for nothing).
 * Sampling ({@link #sample}) starts the same way: the padding id, then the prompt, then one drawn
 * token at a time fed back.
 *
 * <p>Leaves out weight tying (the head's weight shared with the embedding).
 */
public final class LanguageModel {

  /** Hidden units of a language model's layers unless told (the CLI's --hidden). */
  public static final int DEFAULT_HIDDEN = 128;

  /** Steps per truncated-BPTT chunk unless told (--window). */
  public static final int DEFAULT_WINDOW = 64;

  /** Parallel streams, the batch, unless told (--batch-size). */
  public static final int DEFAULT_STREAMS = 32;

  /** Passes over the training text unless told (--epochs). */
  public static final int DEFAULT_EPOCHS = 10;

  /** Adam's learning rate for language models unless told (--lr). */
  public static final double DEFAULT_LR = 0.002;

  /** The largest global gradient norm unless told (--clip): recurrent nets on text spike. */
  public static final double DEFAULT_CLIP = 1;

  /** The vocabulary's frequency cut-off unless told (--min-count). */
  public static final int DEFAULT_MIN_COUNT = 1;

  /** The vocabulary's size limit, besides the two specials, unless told (--max-tokens). */
  public static final int DEFAULT_MAX_TOKENS = 10_000;

  /** Streams over which {@link #evaluate} spreads a held-out text. */
  public static final int EVAL_STREAMS = 16;

  private final SequenceModel model;
  private final Vocabulary vocabulary;
  private final int vocab; // V

  /**
   * A language model over {@code model}.
   *
   * @param model a model with O = V, {@link SequenceModel.Outputs#ALL}, one direction, and I = V
   *     (one-hot) or an embedding of V tokens
   * @throws IllegalArgumentException if the model does not fit the vocabulary
   */
  public LanguageModel(SequenceModel model, Vocabulary vocabulary) {
    if (model == null || vocabulary == null) {
      throw new IllegalArgumentException("model and vocabulary must not be null");
    }
    int v = vocabulary.size();
    int reads = model.tokenInput() ? model.embedding().num() : model.inputSize();
    if (reads != v || model.outputSize() != v
        || model.outputs() != SequenceModel.Outputs.ALL || model.bidirectional()) {
      throw new IllegalArgumentException("a language model over " + v + " tokens needs"
          + " input_size = output_size = " + v + " (or an embedding of " + v + " tokens), outputs"
          + " all and one direction; the model has "
          + (model.tokenInput() ? "an embedding of " + reads + " tokens" : "input_size " + reads)
          + ", output_size " + model.outputSize()
          + ", outputs " + model.outputs().name().toLowerCase(java.util.Locale.ROOT)
          + (model.bidirectional() ? ", bidirectional" : ""));
    }
    this.model = model;
    this.vocabulary = vocabulary;
    this.vocab = v;
  }

  /**
   * A builder for the network of a language model over {@code vocabulary} with one-hot input: I =
   * O = V, ALL.
   */
  public static SequenceModel.Builder builder(CellType cell, Vocabulary vocabulary, int hidden) {
    return builder(cell, vocabulary, hidden, 0);
  }

  /**
   * A builder for the network of a language model over {@code vocabulary}: O = V, ALL, and an
   * embedding (V, E) without padding row whose vectors are the stack's input (I = E), or one-hot
   * input (I = V) if {@code embedding} is 0.
   *
   * @param embedding E, values per token vector, or 0 for one-hot input
   * @throws IllegalArgumentException if {@code embedding} is negative
   */
  public static SequenceModel.Builder builder(CellType cell, Vocabulary vocabulary, int hidden,
      int embedding) {
    if (embedding < 0) {
      throw new IllegalArgumentException("embedding must be >= 0 (0 = one-hot), got " + embedding);
    }
    int v = vocabulary.size();
    SequenceModel.Builder b = SequenceModel.builder(cell, embedding == 0 ? v : embedding, hidden)
        .outputSize(v)
        .outputs(SequenceModel.Outputs.ALL);
    return embedding == 0 ? b : b.embedding(v, embedding, Embedding.NO_PADDING);
  }

  /** The network. */
  public SequenceModel model() {
    return model;
  }

  /** The vocabulary. */
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /**
   * Trains on a text's ids: {@code config.epochs()} passes over B streams in chunks of {@code
   * window} steps (see the class comment).
   *
   * @param ids (N) the training text's ids, N ≥ B + 1
   * @param streams B, parallel streams (the batch)
   * @param window steps per chunk: gradients flow back at most this far
   * @param config optimizer, lr, clipping, schedule, passes and seed; its loss and batch size are
   *     not used
   * @param heldOut (M) ids scored after every pass ({@link #evaluate}, nats per token), or null
   * @param listener hears every chunk and pass, or null
   * @param cancelled polled before every chunk, or null
   * @throws IllegalArgumentException if the text is too short for B streams or an id is outside
   *     the vocabulary
   */
  public TrainingResult fit(int[] ids, int streams, int window, TrainerConfig config,
      int[] heldOut, TrainingListener listener, BooleanSupplier cancelled) {
    Checks.requirePositive("streams", streams);
    Checks.requirePositive("window", window);
    requireIds("ids", ids);
    if (heldOut != null) {
      requireIds("heldOut", heldOut);
    }
    if (ids.length < streams + 1) {
      throw new IllegalArgumentException("the text has " + ids.length + " tokens; "
          + streams + " streams need at least " + (streams + 1));
    }
    TruncatedBptt.Streams text = new TextStreams(ids, streams, this);
    return new TruncatedBptt(model, window).fit(text, config,
        heldOut == null ? null : () -> evaluate(heldOut, window).natsPerToken(), listener,
        cancelled);
  }

  /** The model's input for (B, T) ids: the ids themselves for an embedding, else one-hot. */
  private SequenceBatch input(int[] ids, int batch, int steps) {
    return model.tokenInput() ? SequenceBatch.ofTokens(ids, batch, steps)
        : SequenceBatch.of(OneHot.encode(ids, vocab), batch, steps, vocab); // (B, T, V)
  }

  /** One step of one sequence: the logits (V) after reading {@code id}. */
  private float[] step(int id) {
    return model.tokenInput() ? model.timeStep(new int[] {id})
        : model.timeStep(OneHot.encode(new int[] {id}, vocab), 1);
  }

  /** B streams of a text's ids, the model's inputs and next-token targets. */
  private static final class TextStreams implements TruncatedBptt.Streams {
    final int[] ids; // (N)
    final int batch; // B
    final int steps; // n = ⌊(N − 1)/B⌋
    final LanguageModel lm;
    final TokenCrossEntropy loss;

    TextStreams(int[] ids, int batch, LanguageModel lm) {
      this.ids = ids;
      this.batch = batch;
      this.steps = (ids.length - 1) / batch;
      this.lm = lm;
      this.loss = new TokenCrossEntropy(lm.vocab, Vocabulary.PAD_ID);
    }

    @Override
    public int batch() {
      return batch;
    }

    @Override
    public int steps() {
      return steps;
    }

    @Override
    public SequenceBatch inputs(int start, int len) {
      int[] in = new int[batch * len]; // (B, len)
      for (int b = 0; b < batch; b++) {
        System.arraycopy(ids, b * steps + start, in, b * len, len);
      }
      return lm.input(in, batch, len);
    }

    @Override
    public TrainingLoop.LossGradient loss(int start, int len) {
      int[] target = new int[batch * len]; // (B, len)
      for (int b = 0; b < batch; b++) {
        for (int t = 0; t < len; t++) {
          target[b * len + t] = ids[b * steps + start + t + 1];
        }
      }
      return (pred, dPred) -> loss.gradient(pred, target, dPred);
    }
  }

  /**
   * A held-out score.
   *
   * @param tokens N, the tokens scored
   * @param natsPerToken −(1/N) Σ ln P(w_t | w_&lt;t)
   */
  public record Score(long tokens, double natsPerToken) {
    /** Bits per token (per character for a character vocabulary): nats / ln 2. */
    public double bitsPerToken() {
      return natsPerToken / Math.log(2);
    }

    /** Perplexity: e^(nats per token) = 2^(bits per token). */
    public double perplexity() {
      return Math.exp(natsPerToken);
    }
  }

  /**
   * Scores every token of a text, each from the tokens before it (see the class comment), without
   * dropout and without changing the parameters.
   *
   * @param ids (N) ids, N ≥ 1
   * @param window steps per forward pass (memory only: the state is carried, the score does not
   *     depend on it up to float rounding)
   */
  public Score evaluate(int[] ids, int window) {
    requireIds("ids", ids);
    Checks.requirePositive("window", window);
    if (ids.length == 0) {
      throw new IllegalArgumentException("no tokens to score");
    }
    int s = Math.min(EVAL_STREAMS, ids.length);
    int m = (ids.length + s - 1) / s; // steps per stream
    TokenCrossEntropy ce = new TokenCrossEntropy(vocab, Vocabulary.PAD_ID);
    boolean lstm = model.config().cell().hasCellState();
    float[] h = null;
    float[] c = null;
    double sum = 0;
    for (int start = 0; start < m; start += window) {
      int len = Math.min(window, m - start);
      int[] in = new int[s * len]; // (S, len)
      int[] target = new int[s * len]; // (S, len)
      int kept = 0;
      for (int b = 0; b < s; b++) {
        for (int t = 0; t < len; t++) {
          int p = b * m + start + t; // the target's position in the text
          boolean first = start + t == 0 || p - 1 >= ids.length;
          in[b * len + t] = first ? Vocabulary.PAD_ID : ids[p - 1];
          target[b * len + t] = p < ids.length ? ids[p] : Vocabulary.PAD_ID;
          kept += p < ids.length ? 1 : 0;
        }
      }
      if (kept == 0) {
        break;
      }
      float[] logits = model.predict(input(in, s, len).withInitialState(h, c));
      h = model.finalHidden();
      c = lstm ? model.finalCell() : null;
      sum += ce.value(logits, target) * kept;
    }
    return new Score(ids.length, sum / ids.length);
  }

  /**
   * Continues a prompt: feeds the padding id (the start of a text) and the prompt's ids, then
   * draws {@code length} ids one at a time from {@code sampler}, each fed back. The padding id is
   * never drawn.
   *
   * @param prompt ids to start from, possibly none
   * @param length N, the ids to draw, ≥ 0
   * @return (N) the drawn ids, without the prompt
   */
  public int[] sample(int[] prompt, int length, TokenSampler sampler) {
    requireIds("prompt", prompt);
    if (length < 0 || sampler == null) {
      throw new IllegalArgumentException("length must be >= 0 and the sampler not null, got "
          + length);
    }
    model.resetState();
    float[] logits = step(Vocabulary.PAD_ID);
    for (int id : prompt) {
      logits = step(id);
    }
    int[] out = new int[length];
    for (int i = 0; i < length; i++) {
      out[i] = sampler.next(logits, 0, vocab);
      if (i + 1 < length) {
        logits = step(out[i]);
      }
    }
    model.resetState();
    return out;
  }

  /** {@link #sample(int[], int, TokenSampler)} from a prompt's text, decoded. */
  public String sample(String prompt, int length, TokenSampler sampler) {
    return vocabulary.decode(sample(vocabulary.encode(prompt), length, sampler));
  }

  private void requireIds(String name, int[] ids) {
    if (ids == null) {
      throw new IllegalArgumentException(name + " is null; expected token ids");
    }
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocab) {
        throw new IllegalArgumentException(name + "[" + i + "] = " + ids[i] + " is outside [0, "
            + vocab + ")");
      }
    }
  }
}

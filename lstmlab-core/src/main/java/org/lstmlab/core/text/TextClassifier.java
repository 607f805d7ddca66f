package org.lstmlab.core.text;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.lstmlab.core.loss.SoftmaxCrossEntropy;
import org.lstmlab.core.metrics.Classification;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Checks;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.train.EpochRules;
import org.lstmlab.core.train.StopReason;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.train.TrainingListener;
import org.lstmlab.core.train.TrainingLoop;
import org.lstmlab.core.train.TrainingResult;

/**
 * A sequence classifier over text: each document's token ids, one-hot (V) or through an embedding
 * (E values per token, padding row {@link Vocabulary#PAD_ID}) → a recurrent stack,
 * optionally bidirectional → the top layer's state after the document's last real token ({@link
 * SequenceModel.Outputs#LAST}) → a linear head to K class logits, trained with softmax
 * cross-entropy.
 *
 * <p>The network is a plain {@link SequenceModel} with I = V (one-hot) or an embedding stage, O =
 * K and outputs LAST, so it saves,
 * loads and exports as every other model; the vocabulary and the K class labels travel beside it
 * in the model file. Documents of one mini-batch are padded with {@link Vocabulary#PAD_ID} to the
 * batch's longest and carry their lengths ({@link SequenceBatch#withLengths}, PyTorch's {@code
 * pack_padded_sequence}): a padded document scores exactly as it would alone. A bidirectional
 * stack's reverse direction starts at each document's own last token. Every document is cut to its
 * first {@code maxLength} tokens; an empty document is read as one padding token.
 *
 * <p>Training runs through {@link TrainingLoop}, the one loop, as Keras' and torchtext's bucket
 * iterators do it: each epoch draws a fresh order of the training documents from the seed, sorts
 * it by length (stably, so documents of one length stay in the drawn order), cuts it into batches
 * of {@code batchSize} consecutive documents (little padding) and visits the batches in an order
 * drawn again. The loss of a batch is the mean cross-entropy of its documents, weighted by their
 * number in the epoch's mean. After each epoch the held-out documents' mean cross-entropy is the
 * validation loss of {@link EpochRules}: divergence on a NaN, early stopping with the best epoch's
 * parameters put back, as the {@code Trainer} does it.
 *
 * <p>All input encoding happens in {@link #batch}. One-hot rows times {@code weight_ih_l0} (G·H,
 * V) cost a (V, G·H) product per step, so with one-hot input a word vocabulary should be kept to a
 * few thousand tokens ({@link #DEFAULT_MAX_TOKENS}); an embedding costs a lookup and an (E, G·H)
 * product, whatever V.
 *
 * <p>Order of use: build a vocabulary on the training texts → {@link #builder} → a classifier →
 * {@link #fit} → {@link #probabilities}, {@link #predict}, {@link #evaluate}. Not thread-safe (the
 * model is not).
 */
public final class TextClassifier {

  /** Hidden units per layer unless told (the CLI's --hidden). */
  public static final int DEFAULT_HIDDEN = 64;

  /** Passes over the training documents unless told (--epochs). */
  public static final int DEFAULT_EPOCHS = 10;

  /** Documents per update unless told (--batch-size). */
  public static final int DEFAULT_BATCH_SIZE = 32;

  /** Adam's learning rate unless told (--lr). */
  public static final double DEFAULT_LR = 0.005;

  /** The largest global gradient norm unless told (--clip). */
  public static final double DEFAULT_CLIP = 1;

  /** Tokens read of each document unless told (--max-length): the rest is cut. */
  public static final int DEFAULT_MAX_LENGTH = 100;

  /** The vocabulary's frequency cut-off unless told (--min-count). */
  public static final int DEFAULT_MIN_COUNT = 2;

  /** The vocabulary's size limit unless told (--max-tokens): one-hot input costs V per step. */
  public static final int DEFAULT_MAX_TOKENS = 2000;

  /** Epochs without a lower held-out loss before stopping, unless told (--patience). */
  public static final int DEFAULT_PATIENCE = 3;

  /** Documents per forward pass when scoring (no gradients kept), at most. */
  static final int EVAL_BATCH = 256;

  /**
   * One-hot input values per scoring pass, at most (4 bytes each): 256 documents of 100 tokens
   * over 2,002 words would take 205 MB, so fewer documents go at once when V·T is large.
   */
  static final long EVAL_VALUES = 1L << 24;

  /** The naive Bayes baseline's added count (add-0.1, as docs/TEXT.md measured it). */
  public static final double BASELINE_SMOOTHING = 0.1;

  /** The naive Bayes baseline's word cut-off: lower-cased words seen at least twice. */
  public static final int BASELINE_MIN_COUNT = 2;

  private final SequenceModel model;
  private final Vocabulary vocabulary;
  private final List<String> labels;
  private final int maxLength;
  private final int vocab; // V
  private final int classes; // K
  private final SoftmaxCrossEntropy ce;

  /**
   * A classifier over {@code model}.
   *
   * @param model a model reading V tokens (I = V, or an embedding of V rows), O = K and {@link
   *     SequenceModel.Outputs#LAST}
   * @param labels the K ≥ 2 class labels, distinct; class k is {@code labels.get(k)}
   * @param maxLength tokens read of each document, ≥ 1
   * @throws IllegalArgumentException if the model does not fit the vocabulary and the labels
   */
  public TextClassifier(SequenceModel model, Vocabulary vocabulary, List<String> labels,
      int maxLength) {
    if (model == null || vocabulary == null || labels == null) {
      throw new IllegalArgumentException("model, vocabulary and labels must not be null");
    }
    Checks.requirePositive("maxLength", maxLength);
    if (labels.size() < 2 || labels.stream().distinct().count() != labels.size()) {
      throw new IllegalArgumentException("a classifier needs at least 2 distinct labels, got "
          + labels);
    }
    int v = vocabulary.size();
    int k = labels.size();
    int tokens = model.tokenInput() ? model.embedding().num() : model.inputSize(); // V read
    if (tokens != v || model.outputSize() != k
        || model.outputs() != SequenceModel.Outputs.LAST) {
      throw new IllegalArgumentException("a classifier of " + k + " classes over " + v
          + " tokens needs " + v + " input tokens, output_size " + k + " and outputs last; the"
          + " model reads " + tokens + " tokens, has output_size " + model.outputSize()
          + ", outputs " + model.outputs().name().toLowerCase(java.util.Locale.ROOT));
    }
    this.model = model;
    this.vocabulary = vocabulary;
    this.labels = List.copyOf(labels);
    this.maxLength = maxLength;
    this.vocab = v;
    this.classes = k;
    this.ce = new SoftmaxCrossEntropy(k);
  }

  /** A builder for the network of a classifier with one-hot input: I = V, O = K, outputs LAST. */
  public static SequenceModel.Builder builder(CellType cell, Vocabulary vocabulary, int classes,
      int hidden) {
    return builder(cell, vocabulary, classes, hidden, 0);
  }

  /**
   * A builder for the network of a classifier: O = K, outputs LAST, and an embedding (V, E) whose
   * padding row is {@link Vocabulary#PAD_ID} (PyTorch's {@code padding_idx}) feeding the stack (I
   * = E), or one-hot input (I = V) if {@code embedding} is 0.
   *
   * @param embedding E, values per token vector, or 0 for one-hot input
   * @throws IllegalArgumentException if {@code embedding} is negative
   */
  public static SequenceModel.Builder builder(CellType cell, Vocabulary vocabulary, int classes,
      int hidden, int embedding) {
    if (embedding < 0) {
      throw new IllegalArgumentException("embedding must be >= 0 (0 = one-hot), got " + embedding);
    }
    int v = vocabulary.size();
    SequenceModel.Builder b = SequenceModel.builder(cell, embedding == 0 ? v : embedding, hidden)
        .outputSize(classes).outputs(SequenceModel.Outputs.LAST);
    return embedding == 0 ? b : b.embedding(v, embedding, Vocabulary.PAD_ID);
  }

  /** The network. */
  public SequenceModel model() {
    return model;
  }

  /** The vocabulary. */
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** The K class labels, class k at index k. */
  public List<String> labels() {
    return labels;
  }

  /** Tokens read of each document. */
  public int maxLength() {
    return maxLength;
  }

  /** The token ids of each text, through the vocabulary. */
  public int[][] encode(List<String> texts) {
    int[][] ids = new int[texts.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = vocabulary.encode(texts.get(i));
    }
    return ids;
  }

  /**
   * The model's input for documents {@code rows} of {@code docs}: each cut to {@link #maxLength}
   * tokens (an empty one read as one padding token), padded to the longest, with lengths; ids for
   * a model with an embedding, one-hot vectors otherwise.
   * The only place where ids become model input.
   */
  SequenceBatch batch(int[][] docs, int[] rows) {
    int b = rows.length;
    int[] lengths = new int[b]; // (B)
    int steps = 1; // T
    for (int r = 0; r < b; r++) {
      lengths[r] = length(docs[rows[r]]);
      steps = Math.max(steps, lengths[r]);
    }
    int[] ids = new int[b * steps]; // (B, T), PAD_ID = 0 past each length
    for (int r = 0; r < b; r++) {
      int[] d = docs[rows[r]];
      System.arraycopy(d, 0, ids, r * steps, Math.min(d.length, lengths[r]));
    }
    SequenceBatch x = model.tokenInput() ? SequenceBatch.ofTokens(ids, b, steps)
        : SequenceBatch.of(OneHot.encode(ids, vocab), b, steps, vocab);
    return x.withLengths(lengths);
  }

  /** Tokens read of a document: at most {@link #maxLength}, at least 1 (padding if empty). */
  private int length(int[] doc) {
    return Math.max(1, Math.min(doc.length, maxLength));
  }

  /**
   * Trains on documents with their classes: {@code config.epochs()} passes of length-bucketed
   * mini-batches (see the class comment).
   *
   * @param docs the training documents' token ids, in [0, V)
   * @param labels (N) each document's class in [0, K)
   * @param heldDocs held-out documents scored after every epoch (mean cross-entropy, nats), or
   *     null for none
   * @param heldLabels their classes, or null
   * @param config optimizer, lr, clipping, schedule, epochs, batch size, shuffle, patience and
   *     seed; its loss is not used
   * @param listener hears every batch and epoch, or null
   * @param cancelled polled before every batch, or null
   * @throws IllegalArgumentException on an id or label out of range, arrays of different lengths,
   *     no training document, or patience without held-out documents
   */
  public TrainingResult fit(int[][] docs, int[] labels, int[][] heldDocs, int[] heldLabels,
      TrainerConfig config, TrainingListener listener, BooleanSupplier cancelled) {
    requireDocuments("docs", docs, labels);
    if (docs.length == 0) {
      throw new IllegalArgumentException("no training documents");
    }
    boolean held = heldDocs != null && heldDocs.length > 0;
    if (held) {
      requireDocuments("heldDocs", heldDocs, heldLabels);
    }
    if (config.patience() > 0 && !held) {
      throw new IllegalArgumentException("patience " + config.patience() + " needs held-out"
          + " documents; pass some or set patience 0");
    }
    Run run = new Run(docs, labels, held ? heldDocs : null, heldLabels, config, listener,
        cancelled);
    model.setDropoutSeed(config.seed());
    return new TrainingResult(run.loop.run(run), run.rules.bestEpoch());
  }

  /** One {@link #fit} call: epochs of length-bucketed batches, as a {@link TrainingLoop.Plan}. */
  private final class Run implements TrainingLoop.Plan {
    final int[][] docs;
    final float[] y; // (N) class indices as floats, the loss's targets
    final int[][] heldDocs;
    final int[] heldLabels;
    final TrainerConfig config;
    final TrainingLoop loop;
    final EpochRules rules;
    final SplittableRandom rng;
    final int[] order; // (N)
    int[][] batches; // this epoch's batches of document indices

    Run(int[][] docs, int[] labels, int[][] heldDocs, int[] heldLabels, TrainerConfig config,
        TrainingListener listener, BooleanSupplier cancelled) {
      this.docs = docs;
      this.y = new float[labels.length];
      for (int i = 0; i < labels.length; i++) {
        y[i] = labels[i];
      }
      this.heldDocs = heldDocs;
      this.heldLabels = heldLabels;
      this.config = config;
      this.loop = new TrainingLoop(model, config.newOptimizer(), config.clip(),
          config.schedule(), listener, cancelled);
      this.rules = new EpochRules(config.patience(), config.epochs(), model.parameters().data());
      this.rng = new SplittableRandom(config.seed());
      this.order = new int[docs.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
    }

    @Override
    public int periods() {
      return config.epochs();
    }

    /** Draws the order, buckets it by length, draws the order of the batches. */
    @Override
    public int startPeriod(int epoch) {
      if (config.shuffle()) {
        EpochRules.shuffle(order, rng);
      }
      int[] sorted = byLength(order, docs);
      int size = Math.min(config.batchSize(), sorted.length);
      int n = (sorted.length + size - 1) / size;
      int[] visit = new int[n]; // the order of the batches
      for (int i = 0; i < n; i++) {
        visit[i] = i;
      }
      if (config.shuffle()) {
        EpochRules.shuffle(visit, rng);
      }
      batches = new int[n][];
      for (int i = 0; i < n; i++) {
        int from = visit[i] * size;
        batches[i] = Arrays.copyOfRange(sorted, from, Math.min(sorted.length, from + size));
      }
      return n;
    }

    @Override
    public TrainingLoop.Batch batch(int epoch, int step) {
      int[] rows = batches[step - 1];
      float[] target = new float[rows.length]; // (B)
      for (int r = 0; r < rows.length; r++) {
        target[r] = y[rows[r]];
      }
      return new TrainingLoop.Batch(TextClassifier.this.batch(docs, rows), rows.length,
          (pred, dPred) -> ce.gradient(pred, target, dPred));
    }

    @Override
    public double evaluate(int epoch, double trainLoss, long steps) {
      return heldDocs == null ? Double.NaN : loss(heldDocs, heldLabels);
    }

    @Override
    public TrainingLoop.Stop afterPeriod(int epoch, double trainLoss, double heldOutLoss) {
      return heldDocs == null ? null : rules.afterEpoch(epoch, heldOutLoss, loop.hint());
    }

    @Override
    public String where(int epoch, int step, int of) {
      return "epoch " + epoch + ", batch " + step + (of > 0 ? " of " + of : "");
    }

    @Override
    public String finish(StopReason reason, String message) {
      return rules.finish(message);
    }
  }

  /**
   * {@code order} stably sorted by the documents' lengths as read (a counting sort: lengths are
   * at most {@link #maxLength}).
   */
  private int[] byLength(int[] order, int[][] docs) {
    int[] start = new int[maxLength + 2];
    for (int i : order) {
      start[length(docs[i]) + 1]++;
    }
    for (int l = 1; l < start.length; l++) {
      start[l] += start[l - 1];
    }
    int[] out = new int[order.length];
    for (int i : order) {
      out[start[length(docs[i])]++] = i;
    }
    return out;
  }

  /**
   * (N, K) the logits of each document, without dropout, computed in batches of similar length.
   *
   * @throws IllegalArgumentException on a null document or an id outside [0, V)
   */
  public float[] logits(int[][] docs) {
    requireDocuments("docs", docs, null);
    int n = docs.length;
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    int[] sorted = byLength(all, docs);
    float[] out = new float[n * classes];
    // T·V one-hot values, or T·E embedded ones, at most
    long perDocument = (long) maxLength * model.inputSize();
    int chunk = (int) Math.max(1, Math.min(EVAL_BATCH, EVAL_VALUES / perDocument));
    for (int from = 0; from < n; from += chunk) {
      int[] rows = Arrays.copyOfRange(sorted, from, Math.min(n, from + chunk));
      float[] z = model.predict(batch(docs, rows)); // (B, K)
      for (int r = 0; r < rows.length; r++) {
        System.arraycopy(z, r * classes, out, rows[r] * classes, classes);
      }
    }
    return out;
  }

  /** (N, K) each document's class probabilities, the softmax of its {@link #logits}. */
  public float[] probabilities(int[][] docs) {
    return docs.length == 0 ? new float[0] : ce.probabilities(logits(docs));
  }

  /** (N) each document's most probable class, the lowest on ties. */
  public int[] predict(int[][] docs) {
    return argmax(logits(docs));
  }

  /** (N) the most probable class of each row of (N, K) logits or probabilities. */
  public int[] argmax(float[] scores) {
    int[] out = new int[scores.length / classes];
    for (int i = 0; i < out.length; i++) {
      out[i] = ce.argmax(scores, i * classes);
    }
    return out;
  }

  /** The mean cross-entropy (nats) of documents against their classes. */
  public double loss(int[][] docs, int[] labels) {
    requireDocuments("docs", docs, labels);
    float[] target = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      target[i] = labels[i];
    }
    return ce.value(logits(docs), target);
  }

  /** Accuracy, macro-F1 and the confusion matrix of the predictions against {@code labels}. */
  public Classification evaluate(int[][] docs, int[] labels) {
    requireDocuments("docs", docs, labels);
    return Classification.of(labels, predict(docs), classes);
  }

  /**
   * The scores of the two baselines a sequence classifier must beat, both fit on the training
   * texts only.
   *
   * @param majority always the training texts' most frequent class
   * @param naiveBayes multinomial {@link NaiveBayes}, add-{@value #BASELINE_SMOOTHING}, over
   *     lower-cased words seen at least {@value #BASELINE_MIN_COUNT} times in the training texts,
   *     whatever the classifier's own tokens: the bag of words, which sees which words occur but
   *     not their order
   * @param words the naive Bayes vocabulary's size, the two specials included
   */
  public record Baselines(Classification majority, Classification naiveBayes, int words) {}

  /**
   * Fits the {@link Baselines} on training texts and scores them on others.
   *
   * @param classes K ≥ 2
   * @throws IllegalArgumentException on lists of different lengths, no texts, or a label outside
   *     [0, K)
   */
  public static Baselines baselines(List<String> trainTexts, int[] trainLabels,
      List<String> texts, int[] labels, int classes) {
    if (trainTexts.size() != trainLabels.length || texts.size() != labels.length
        || trainTexts.isEmpty() || texts.isEmpty()) {
      throw new IllegalArgumentException("the baselines need texts with one label each, some to"
          + " fit and some to score");
    }
    int major = Classification.majority(trainLabels, classes);
    int[] always = new int[labels.length];
    Arrays.fill(always, major);
    Vocabulary words = Vocabulary.build(Vocabulary.Kind.WORD, true,
        String.join("\n", trainTexts), BASELINE_MIN_COUNT, Integer.MAX_VALUE);
    int[][] train = new int[trainTexts.size()][];
    for (int i = 0; i < train.length; i++) {
      train[i] = words.encode(trainTexts.get(i));
    }
    NaiveBayes nb = NaiveBayes.fit(train, trainLabels, classes, words.size(),
        BASELINE_SMOOTHING);
    int[] predicted = new int[labels.length];
    for (int i = 0; i < predicted.length; i++) {
      predicted[i] = nb.predict(words.encode(texts.get(i)));
    }
    return new Baselines(Classification.of(labels, always, classes),
        Classification.of(labels, predicted, classes), words.size());
  }

  private void requireDocuments(String name, int[][] docs, int[] labels) {
    if (docs == null) {
      throw new IllegalArgumentException(name + " is null; expected token ids per document");
    }
    if (labels != null && labels.length != docs.length) {
      throw new IllegalArgumentException(name + " has " + docs.length + " documents but "
          + labels.length + " labels");
    }
    for (int d = 0; d < docs.length; d++) {
      if (docs[d] == null) {
        throw new IllegalArgumentException(name + "[" + d + "] is null");
      }
      for (int i = 0; i < docs[d].length; i++) {
        if (docs[d][i] < 0 || docs[d][i] >= vocab) {
          throw new IllegalArgumentException(name + "[" + d + "][" + i + "] = " + docs[d][i]
              + " is outside [0, " + vocab + ")");
        }
      }
      if (labels != null && (labels[d] < 0 || labels[d] >= classes)) {
        throw new IllegalArgumentException("the label of " + name + "[" + d + "] is " + labels[d]
            + ", outside [0, " + classes + ")");
      }
    }
  }
}

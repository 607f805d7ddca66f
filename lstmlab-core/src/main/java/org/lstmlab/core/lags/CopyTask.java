package org.lstmlab.core.lags;

import java.util.SplittableRandom;
import org.lstmlab.core.loss.SoftmaxCrossEntropy;
import org.lstmlab.core.nn.SequenceModel;

/**
 * The copy (memory) task: read ten symbols, wait through T blanks, then write the ten symbols back.
 *
 * <p>The standard setup of Arjovsky, Shah &amp; Bengio 2016, "Unitary Evolution Recurrent Neural
 * Networks", §4.1 (after Hochreiter &amp; Schmidhuber 1997, experiment 2): ten categories, one-hot
 * over I = 10 inputs; 0–7 are data symbols, {@link #BLANK} = 8 and {@link #DELIMITER} = 9. A
 * sequence has T + 20 steps:
 *
 * <pre>
 * input   s1 … s10   8 … 8 (T − 1)   9   8 … 8 (10)
 * target  8 … 8 (T + 10)                 s1 … s10
 * </pre>
 *
 * where s1 … s10 are drawn uniformly and independently from the data symbols 0–7. The model
 * predicts at every step (O = 10 classes, {@link SequenceModel.Outputs#ALL}); the loss is the
 * softmax cross-entropy averaged over all B·(T + 20) steps, as in the paper. y holds (B, T + 20)
 * class indices. Accuracy counts only the ten recalled steps, since every other target is a blank
 * that any model learns at once.
 *
 * <p>Baseline: the memoryless strategy predicts a blank for the first T + 10 steps (cost 0) and a
 * uniform guess over the 8 data symbols for the last 10 (cost log 8 each): cross-entropy 10 · log 8
 * / (T + 20). Its accuracy on data is that of guessing symbol 0 (the argmax of a uniform guess), ⅛
 * in expectation.
 */
public final class CopyTask implements LagTask {

  /** The name {@link LagTask#create} knows this task by. */
  public static final String NAME = "copy";

  /** Symbols to remember. */
  public static final int SEQUENCE = 10;

  /** Data symbols 0 … 7 the sequence is drawn from. */
  public static final int DATA_SYMBOLS = 8;

  /** The blank symbol. */
  public static final int BLANK = 8;

  /** The delimiter: "now write the sequence back". */
  public static final int DELIMITER = 9;

  /** Categories in the one-hot input and the output. */
  public static final int CATEGORIES = 10;

  /** The smallest T: at least the delimiter between the sequence and the recall. */
  public static final int MIN_LENGTH = 1;

  private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy(CATEGORIES);
  private final int length;
  private final int steps;

  /**
   * The copy task with a delay of {@code length} steps (sequences of T + 20 steps).
   *
   * @throws IllegalArgumentException if {@code length < 1}
   */
  public CopyTask(int length) {
    if (length < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "length must be >= " + MIN_LENGTH + " for the copy task, got " + length);
    }
    this.length = length;
    this.steps = length + 2 * SEQUENCE;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String title() {
    return "Copy memory";
  }

  @Override
  public String description() {
    return "Each sequence starts with " + SEQUENCE + " symbols drawn from " + DATA_SYMBOLS
        + ", then " + (length - 1) + " blanks and a delimiter; over the last " + SEQUENCE
        + " steps the network must write the " + SEQUENCE + " symbols back in order, after "
        + "waiting " + (length + SEQUENCE) + " steps. It answers at every one of the " + steps
        + " steps (blank until the recall): cross-entropy over all steps, accuracy over the "
        + SEQUENCE + " recalled symbols.";
  }

  @Override
  public String baselineDescription() {
    return String.format(java.util.Locale.ROOT, "A network that remembers nothing writes blanks"
        + " until the recall and then guesses among the %d symbols: cross-entropy %d \u00b7 log"
        + " %d / %d \u2248 %.3f nats, accuracy 1/%d.", DATA_SYMBOLS, SEQUENCE, DATA_SYMBOLS,
        steps, expectedBaseline().loss(), DATA_SYMBOLS);
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public int steps() {
    return steps;
  }

  @Override
  public int inputSize() {
    return CATEGORIES;
  }

  @Override
  public int outputSize() {
    return CATEGORIES;
  }

  @Override
  public SequenceModel.Outputs outputs() {
    return SequenceModel.Outputs.ALL;
  }

  @Override
  public String lossName() {
    return SoftmaxCrossEntropy.NAME;
  }

  /** The first step of the recall, T + 10 (0-based). */
  public int recallStart() {
    return steps - SEQUENCE;
  }

  @Override
  public Batch batch(int size, SplittableRandom random) {
    LagTask.requireBatchArguments(size, random);
    float[] x = new float[size * steps * CATEGORIES]; // (B, T+20, 10) one-hot
    float[] y = new float[size * steps]; // (B, T+20) class index
    int delimiterStep = SEQUENCE + length - 1;
    for (int b = 0; b < size; b++) {
      int row = b * steps;
      for (int t = 0; t < steps; t++) {
        int symbol;
        if (t < SEQUENCE) {
          symbol = random.nextInt(DATA_SYMBOLS);
          y[row + recallStart() + t] = symbol;
        } else {
          symbol = t == delimiterStep ? DELIMITER : BLANK;
        }
        x[(row + t) * CATEGORIES + symbol] = 1f;
        if (t < recallStart()) {
          y[row + t] = BLANK;
        }
      }
    }
    return new Batch(size, steps, x, y);
  }

  @Override
  public double lossAndGradient(float[] pred, Batch batch, float[] dPred) {
    return crossEntropy.gradient(pred, batch.y(), dPred);
  }

  @Override
  public Score score(float[] pred, Batch batch) {
    double loss = crossEntropy.value(pred, batch.y());
    int correct = 0;
    for (int b = 0; b < batch.size(); b++) {
      for (int t = recallStart(); t < steps; t++) {
        int r = b * steps + t;
        if (crossEntropy.argmax(pred, r * CATEGORIES) == (int) batch.y()[r]) {
          correct++;
        }
      }
    }
    return new Score(loss, (double) correct / (batch.size() * SEQUENCE));
  }

  /**
   * The memoryless strategy's score: certain blanks before the recall (cost 0), a uniform guess
   * over the data symbols during it (cost log 8, correct when the symbol is 0).
   */
  @Override
  public Score baseline(Batch batch) {
    double perRecall = Math.log(DATA_SYMBOLS);
    double loss = 0;
    int correct = 0;
    for (int b = 0; b < batch.size(); b++) {
      for (int t = 0; t < steps; t++) {
        int y = (int) batch.y()[b * steps + t];
        if (t >= recallStart()) {
          loss += y < DATA_SYMBOLS ? perRecall : Double.POSITIVE_INFINITY;
          correct += y == 0 ? 1 : 0;
        } else {
          loss += y == BLANK ? 0 : Double.POSITIVE_INFINITY;
        }
      }
    }
    return new Score(loss / ((double) batch.size() * steps), (double) correct / (batch.size() * SEQUENCE));
  }

  @Override
  public Score expectedBaseline() {
    return new Score(SEQUENCE * Math.log(DATA_SYMBOLS) / steps, 1.0 / DATA_SYMBOLS);
  }

  @Override
  public String toString() {
    return NAME + "(T=" + length + ")";
  }
}

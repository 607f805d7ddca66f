package org.lstmlab.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlab.core.loss.SoftmaxCrossEntropy;
import org.lstmlab.core.metrics.Classification;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.train.StopReason;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.train.TrainingResult;

/**
 * The text classifier: padded batches against single documents (the batching must not change
 * what the model computes), truncation, probabilities, and the behaviour that motivates it: on a
 * task decided by the order of two tokens, which a bag of words cannot see, it beats naive Bayes.
 * The gradient of the network itself is checked by central differences in {@code
 * ClassifierGradientCheckTest} (org.lstmlab.core.nn).
 */
class TextClassifierTest {

  /** Tokens a, b and six fillers c..h, after the two specials. */
  private static final Vocabulary LETTERS = Vocabulary.of(Vocabulary.Kind.WORD, false,
      List.of(Vocabulary.PAD, Vocabulary.UNK, "a", "b", "c", "d", "e", "f", "g", "h"));

  private static TextClassifier classifier(CellType cell, boolean bidirectional, int hidden,
      int maxLength, long seed) {
    return classifier(cell, bidirectional, hidden, maxLength, seed, 0);
  }

  private static TextClassifier classifier(CellType cell, boolean bidirectional, int hidden,
      int maxLength, long seed, int embedding) {
    SequenceModel net = TextClassifier.builder(cell, LETTERS, 3, hidden, embedding)
        .bidirectional(bidirectional).seed(seed).build();
    return new TextClassifier(net, LETTERS, List.of("x", "y", "z"), maxLength);
  }

  /** Loss (mean over the rows) and the gradient of {@code rows} of docs as one batch. */
  private static double lossAndGradient(TextClassifier c, int[][] docs, int[] labels, int[] rows,
      float[] grad) {
    SequenceModel m = c.model();
    m.parameters().zeroGrad();
    float[] pred = m.forward(c.batch(docs, rows), Mode.INFERENCE);
    float[] target = new float[rows.length];
    for (int r = 0; r < rows.length; r++) {
      target[r] = labels[rows[r]];
    }
    float[] d = new float[pred.length];
    double loss = new SoftmaxCrossEntropy(3).gradient(pred, target, d);
    m.backward(d);
    System.arraycopy(m.parameters().grad(), 0, grad, 0, grad.length);
    return loss;
  }

  @ParameterizedTest
  @CsvSource({"LSTM, false, 0", "LSTM, true, 0", "GRU, false, 0", "GRU, true, 0",
      "RNN_TANH, true, 0", "LSTM, true, 4", "GRU, false, 3"})
  void batch_paddedDocuments_giveTheLossAndGradientsOfSingles(CellType cell,
      boolean bidirectional, int embedding) {
    TextClassifier c = classifier(cell, bidirectional, 5, 100, 3, embedding);
    int[][] docs = {{2, 4, 5, 3, 6}, {3, 2}, {7, 8, 9}, {4}};
    int[] labels = {0, 2, 1, 2};
    int n = c.model().parameters().size();
    float[] batchGrad = new float[n];
    double batchLoss = lossAndGradient(c, docs, labels, new int[] {0, 1, 2, 3}, batchGrad);
    double sumLoss = 0;
    float[] sumGrad = new float[n];
    float[] g = new float[n];
    for (int i = 0; i < docs.length; i++) {
      sumLoss += lossAndGradient(c, docs, labels, new int[] {i}, g);
      for (int k = 0; k < n; k++) {
        sumGrad[k] += g[k];
      }
    }
    // The batch's loss is the mean of the four: four times it is the sum of the singles'.
    assertThat(4 * batchLoss).isCloseTo(sumLoss, within(1e-5));
    double worst = 0;
    for (int k = 0; k < n; k++) {
      worst = Math.max(worst, Math.abs(4 * batchGrad[k] - sumGrad[k]));
    }
    assertThat(worst).as("largest gradient difference").isLessThan(1e-5);
  }

  /**
   * An embedding whose table is the identity reads each token as its one-hot vector: with the
   * same stack and head it gives the one-hot classifier's logits, so the token path feeds the
   * stack what the one-hot path does.
   */
  @Test
  void logits_identityEmbedding_equalOneHotInput() {
    int v = LETTERS.size();
    TextClassifier oneHot = classifier(CellType.LSTM, true, 4, 100, 11);
    TextClassifier embedded = classifier(CellType.LSTM, true, 4, 100, 12, v);
    org.lstmlab.core.nn.Parameters to = embedded.model().parameters();
    int table = to.tensor("embedding.weight").offset(); // (V, V)
    for (int i = 0; i < v; i++) {
      for (int j = 0; j < v; j++) {
        to.data()[table + i * v + j] = i == j ? 1f : 0f;
      }
    }
    for (org.lstmlab.core.nn.Parameters.Tensor t : oneHot.model().parameters().tensors()) {
      System.arraycopy(oneHot.model().parameters().get(t.name()), 0, to.data(),
          to.tensor(t.name()).offset(), t.size());
    }
    int[][] docs = {{2, 4, 5, 3, 6}, {3, 2}, {7, 8, 9}, {}};
    float[] a = oneHot.logits(docs);
    float[] b = embedded.logits(docs);
    for (int i = 0; i < a.length; i++) {
      assertThat(b[i]).isCloseTo(a[i], within(1e-6f));
    }
    assertThat(embedded.model().parameters().tensor("embedding.weight").shape())
        .containsExactly(v, v);
  }

  @Test
  void logits_longDocument_isReadToMaxLengthOnly() {
    TextClassifier c = classifier(CellType.LSTM, true, 4, 3, 5);
    float[] cut = c.logits(new int[][] {{2, 3, 4}});
    float[] whole = c.logits(new int[][] {{2, 3, 4, 5, 6, 7}});
    float[] other = classifier(CellType.LSTM, true, 4, 6, 5).logits(new int[][] {{2, 3, 4, 5, 6,
        7}});
    assertThat(whole).containsExactly(cut);
    assertThat(other).isNotEqualTo(cut);
  }

  @Test
  void probabilities_documentsOfManyLengths_areSoftmaxRowsInInputOrder() {
    TextClassifier c = classifier(CellType.GRU, false, 4, 100, 7);
    int[][] docs = {{2, 3, 4, 5, 6}, {}, {7}, {8, 9}};
    float[] p = c.probabilities(docs);
    float[] z = c.logits(docs);
    for (int i = 0; i < docs.length; i++) {
      double sum = 0;
      for (int k = 0; k < 3; k++) {
        sum += p[i * 3 + k];
        // Ratios of probabilities are exp of logit differences.
        assertThat(Math.log(p[i * 3 + k] / p[i * 3])).isCloseTo(z[i * 3 + k] - z[i * 3],
            within(1e-5));
      }
      assertThat(sum).isCloseTo(1, within(1e-6));
      // Each row is its document's own, whatever order the length buckets scored them in.
      assertThat(c.logits(new int[][] {docs[i]})).containsExactly(
          java.util.Arrays.copyOfRange(z, i * 3, i * 3 + 3));
    }
    assertThat(c.predict(docs)).containsExactly(c.argmax(p));
    // An empty document reads as one padding token.
    assertThat(c.logits(new int[][] {{}})).containsExactly(c.logits(new int[][] {{0}}));
  }

  /**
   * Documents of 4 to 9 filler tokens with one a and one b at random places: class 0 if a comes
   * first, 1 if b does. Every document of a class has the same bag of a and b; the fillers are
   * drawn alike for both classes.
   */
  private static List<String> orderTask(int n, SplittableRandom rng, List<Integer> labels) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 4 + rng.nextInt(6);
      List<String> words = new ArrayList<>();
      for (int t = 0; t < len; t++) {
        words.add(String.valueOf((char) ('c' + rng.nextInt(6))));
      }
      int first = rng.nextInt(len + 1);
      int second = first + 1 + rng.nextInt(len + 1 - first);
      boolean aFirst = rng.nextBoolean();
      words.add(first, aFirst ? "a" : "b");
      words.add(second, aFirst ? "b" : "a");
      texts.add(String.join(" ", words));
      labels.add(aFirst ? 0 : 1);
    }
    return texts;
  }

  @Test
  void fit_orderOfTwoTokens_beatsNaiveBayesWhichIsAtChance() {
    SplittableRandom rng = new SplittableRandom(42);
    List<Integer> trainList = new ArrayList<>();
    List<Integer> testList = new ArrayList<>();
    List<String> train = orderTask(600, rng, trainList);
    List<String> test = orderTask(300, rng, testList);
    int[] yTrain = trainList.stream().mapToInt(Integer::intValue).toArray();
    int[] yTest = testList.stream().mapToInt(Integer::intValue).toArray();
    SequenceModel net = TextClassifier.builder(CellType.LSTM, LETTERS, 2, 16).seed(1).build();
    TextClassifier c = new TextClassifier(net, LETTERS, List.of("a first", "b first"), 100);
    TrainerConfig config = TrainerConfig.builder().epochs(25).batchSize(16).lr(0.01).clip(1)
        .seed(1).build();
    TrainingResult r = c.fit(c.encode(train), yTrain, null, null, config, null, null);
    assertThat(r.stopReason()).isEqualTo(StopReason.COMPLETED);
    Classification lstm = c.evaluate(c.encode(test), yTest);
    TextClassifier.Baselines b = TextClassifier.baselines(train, yTrain, test, yTest, 2);
    assertThat(b.naiveBayes().accuracy()).as("naive Bayes").isBetween(0.4, 0.6);
    assertThat(lstm.accuracy()).as("LSTM").isGreaterThan(0.95);
  }

  @Test
  void fit_sameSeed_givesTheSameLossesAndEarlyStopsOnHeldOutLoss() {
    SplittableRandom rng = new SplittableRandom(9);
    List<Integer> y = new ArrayList<>();
    int[][] docs = classifier(CellType.GRU, false, 4, 100, 1).encode(orderTask(120, rng, y));
    int[] labels = new int[y.size()]; // random classes: nothing to learn but noise
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rng.nextInt(2);
    }
    int[][] held = java.util.Arrays.copyOfRange(docs, 80, 120);
    int[] heldLabels = java.util.Arrays.copyOfRange(labels, 80, 120);
    int[][] train = java.util.Arrays.copyOfRange(docs, 0, 80);
    int[] trainLabels = java.util.Arrays.copyOfRange(labels, 0, 80);
    TrainerConfig config = TrainerConfig.builder().epochs(60).batchSize(8).lr(0.02).patience(3)
        .seed(4).build();
    TrainingResult[] runs = new TrainingResult[2];
    double[] after = new double[2];
    for (int i = 0; i < 2; i++) {
      TextClassifier c = new TextClassifier(TextClassifier.builder(CellType.GRU, LETTERS, 2, 16)
          .seed(2).build(), LETTERS, List.of("p", "q"), 100);
      runs[i] = c.fit(train, trainLabels, held, heldLabels, config, null, null);
      after[i] = c.loss(held, heldLabels);
    }
    assertThat(runs[1].trainLoss()).containsExactly(runs[0].trainLoss());
    TrainingResult r = runs[0];
    // Random classes: the model learns the 80 training documents by heart, the held-out loss
    // turns up and the run stops early, with the best epoch's parameters put back.
    assertThat(r.stopReason()).isEqualTo(StopReason.EARLY_STOPPED);
    assertThat(r.epochs()).isLessThan(60);
    assertThat(after[0]).isCloseTo(r.validationLoss()[r.bestEpoch() - 1], within(1e-6));
  }

  @Test
  void constructor_modelOfOtherSizes_isRefusedNamingThem() {
    SequenceModel net = SequenceModel.builder(CellType.LSTM, 10, 4).outputSize(2).build();
    assertThatThrownBy(() -> new TextClassifier(net, LETTERS, List.of("x", "y", "z"), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("output_size 3").hasMessageContaining("output_size 2");
    assertThatThrownBy(() -> classifier(CellType.LSTM, false, 4, 10, 1)
        .fit(new int[][] {{2, 10}}, new int[] {0}, null, null, TrainerConfig.builder().build(),
            null, null))
        .hasMessageContaining("docs[0][1] = 10 is outside [0, 10)");
  }
}

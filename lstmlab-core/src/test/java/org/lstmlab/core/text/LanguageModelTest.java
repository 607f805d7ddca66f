package org.lstmlab.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Parameters;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.testing.Fixture;
import org.lstmlab.core.train.StopReason;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.train.TrainingListener;
import org.lstmlab.core.train.TrainingResult;

/** The language model against PyTorch, against scores computed by hand, and its sampling. */
class LanguageModelTest {

  /** Ids 0 (padding) and 1 (unknown), then five characters: V = 7, as the fixture's. */
  private static final Vocabulary SEVEN =
      Vocabulary.of(Vocabulary.Kind.CHAR, false, List.of("<pad>", "<unk>", "a", "b", "c", "d",
          "e"));

  /**
   * One pass of truncated BPTT (B = 2 streams, window 3, two chunks, SGD) against
   * tools/pytorch/language_model_fixtures.py: each chunk's loss (1e-5), each chunk's gradient
   * (1e-4, read in the listener, after the step and before the next zeroing) and the final
   * parameters.
   */
  @ParameterizedTest
  @ValueSource(strings = {"lstm_l2", "gru_l1", "lstm_l1_embedding4"})
  void fit_twoChunks_matchesPyTorch(String name) {
    Fixture f = Fixture.load("text/language_model.json").child("cases").child(name);
    SequenceModel net = LanguageModel.builder(CellType.fromId(f.text("cell")), SEVEN,
        f.integer("hidden"), f.integer("embedding")).layers(f.integer("layers")).build();
    assertThat(net.tokenInput()).isEqualTo(f.integer("embedding") > 0);
    Parameters p = net.parameters();
    Fixture initial = f.child("initial");
    for (String key : initial.keys()) {
      p.set(key, initial.floats(key));
    }
    LanguageModel lm = new LanguageModel(net, SEVEN);
    List<Double> losses = new ArrayList<>();
    List<float[]> grads = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onEpochEnd(int epoch, double trainLoss, double heldOut, double lr, long ms) {}

      @Override
      public void onBatchEnd(int epoch, int batch, int batches, double loss) {
        losses.add(loss);
        grads.add(p.grad().clone());
      }
    };
    TrainerConfig config = TrainerConfig.builder().optimizer("sgd").lr(f.number("lr")).epochs(1)
        .build();
    TrainingResult r = lm.fit(f.ints("ids"), f.integer("streams"), f.integer("window"), config,
        null, listener, null);

    assertThat(r.stopReason()).isEqualTo(StopReason.COMPLETED);
    assertThat(losses).hasSize(2);
    for (int k = 0; k < 2; k++) {
      Fixture chunk = f.child("chunks").child(String.valueOf(k + 1));
      assertThat(losses.get(k)).as("chunk %d loss", k + 1)
          .isCloseTo(chunk.number("loss"), within(1e-5));
      Fixture grad = chunk.child("grad");
      for (Parameters.Tensor t : p.tensors()) {
        float[] expected = grad.floats(t.name());
        for (int i = 0; i < t.size(); i++) {
          assertThat((double) grads.get(k)[t.offset() + i]).as("chunk %d %s[%d]", k + 1,
              t.name(), i).isCloseTo(expected[i], within(1e-4));
        }
      }
    }
    Fixture last = f.child("final");
    for (Parameters.Tensor t : p.tensors()) {
      float[] expected = last.floats(t.name());
      float[] actual = p.get(t.name());
      for (int i = 0; i < t.size(); i++) {
        assertThat((double) actual[i]).as("final %s[%d]", t.name(), i)
            .isCloseTo(expected[i], within(1e-5));
      }
    }
  }

  /**
   * Up to 16 tokens, every token is the first of its stream: each is predicted from zero state
   * with the padding id as input, so the score is −mean ln softmax(net(pad))[id], by hand.
   */
  @Test
  void evaluate_shortText_scoresEachTokenFromTheStart() {
    SequenceModel net = LanguageModel.builder(CellType.LSTM, SEVEN, 4).seed(3).build();
    LanguageModel lm = new LanguageModel(net, SEVEN);
    int[] ids = {2, 3, 3, 6, 1};
    float[] logits = net.predict(SequenceBatch.of(OneHot.encode(new int[] {0}, 7), 1, 1, 7));
    double max = Double.NEGATIVE_INFINITY;
    for (float z : logits) {
      max = Math.max(max, z);
    }
    double sumExp = 0;
    for (float z : logits) {
      sumExp += Math.exp(z - max);
    }
    double nats = 0;
    for (int id : ids) {
      nats -= logits[id] - max - Math.log(sumExp);
    }
    nats /= ids.length;
    LanguageModel.Score s = lm.evaluate(ids, 3);
    assertThat(s.tokens()).isEqualTo(5);
    assertThat(s.natsPerToken()).isCloseTo(nats, within(1e-6));
    assertThat(s.bitsPerToken()).isCloseTo(nats / Math.log(2), within(1e-6));
    assertThat(s.perplexity()).isCloseTo(Math.exp(nats), within(1e-5));
  }

  /** The window only bounds memory: the state is carried, so the score does not change. */
  @Test
  void evaluate_window_doesNotChangeTheScore() {
    SequenceModel net = LanguageModel.builder(CellType.GRU, SEVEN, 6).seed(4).build();
    LanguageModel lm = new LanguageModel(net, SEVEN);
    SplittableRandom rng = new SplittableRandom(5);
    int[] ids = new int[203];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 1 + rng.nextInt(6);
    }
    double whole = lm.evaluate(ids, 1000).natsPerToken();
    assertThat(lm.evaluate(ids, 1).natsPerToken()).isCloseTo(whole, within(1e-6));
    assertThat(lm.evaluate(ids, 5).natsPerToken()).isCloseTo(whole, within(1e-6));
    // Uniform logits would score ln 6.. ln 7; an untrained net is near that.
    assertThat(whole).isBetween(1.0, 3.0);
  }

  @Test
  void sample_seeded_reproducibleAndGreedyAtTemperatureZero() {
    SequenceModel net = LanguageModel.builder(CellType.LSTM, SEVEN, 8).seed(6).build();
    LanguageModel lm = new LanguageModel(net, SEVEN);
    String a = lm.sample("ab", 20, new TokenSampler(1.0, TokenSampler.ALL, 42));
    String b = lm.sample("ab", 20, new TokenSampler(1.0, TokenSampler.ALL, 42));
    assertThat(a).isEqualTo(b).isNotEqualTo(lm.sample("ab", 20,
        new TokenSampler(1.0, TokenSampler.ALL, 43)));
    // Greedy: each id is the argmax of the logits after pad, prompt and the ids before it.
    int[] greedy = lm.sample(new int[] {2, 3}, 6, new TokenSampler(0, TokenSampler.ALL, 1));
    List<Integer> context = new ArrayList<>(List.of(0, 2, 3));
    for (int g : greedy) {
      int[] in = context.stream().mapToInt(Integer::intValue).toArray();
      float[] out = net.predict(SequenceBatch.of(OneHot.encode(in, 7), 1, in.length, 7));
      int best = 1;
      for (int v = 2; v < 7; v++) {
        if (out[(in.length - 1) * 7 + v] > out[(in.length - 1) * 7 + best]) {
          best = v;
        }
      }
      assertThat(g).isEqualTo(best);
      context.add(g);
    }
    assertThat(lm.sample("", 0, new TokenSampler(1, 1, 1))).isEmpty();
  }

  /**
   * An embedding whose table is the identity (E = V) in front of the same stack and head is the
   * one-hot model: the same score and the same samples, through the token path (ofTokens,
   * timeStep(int[])) instead of one-hot vectors.
   */
  @Test
  void evaluateAndSample_identityEmbedding_equalOneHot() {
    int v = SEVEN.size();
    SequenceModel oneHot = LanguageModel.builder(CellType.GRU, SEVEN, 6).seed(8).build();
    SequenceModel embedded = LanguageModel.builder(CellType.GRU, SEVEN, 6, v).seed(8).build();
    float[] identity = new float[v * v];
    for (int i = 0; i < v; i++) {
      identity[i * v + i] = 1f;
    }
    embedded.parameters().set("embedding.weight", identity);
    for (Parameters.Tensor t : oneHot.parameters().tensors()) {
      embedded.parameters().set(t.name(), oneHot.parameters().get(t.name()));
    }
    LanguageModel a = new LanguageModel(oneHot, SEVEN);
    LanguageModel b = new LanguageModel(embedded, SEVEN);
    int[] ids = {2, 3, 4, 2, 6, 5, 3, 3, 2, 4, 6, 1, 2, 5, 5, 3, 4, 2, 6, 3};
    assertThat(b.evaluate(ids, 3).natsPerToken())
        .isCloseTo(a.evaluate(ids, 3).natsPerToken(), within(1e-6));
    assertThat(b.sample(new int[] {2, 3}, 12, new TokenSampler(1.0, TokenSampler.ALL, 5)))
        .containsExactly(a.sample(new int[] {2, 3}, 12, new TokenSampler(1.0, TokenSampler.ALL, 5)));
  }

  @Test
  void builder_negativeEmbedding_refused() {
    assertThatThrownBy(() -> LanguageModel.builder(CellType.GRU, SEVEN, 6, -1))
        .hasMessage("embedding must be >= 0 (0 = one-hot), got -1");
  }

  @Test
  void constructor_modelOfAnotherShape_refused() {
    SequenceModel series = SequenceModel.builder(CellType.LSTM, 1, 4).build();
    assertThatThrownBy(() -> new LanguageModel(series, SEVEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input_size = output_size = 7");
  }

  @Test
  void fit_textShorterThanStreams_refused() {
    LanguageModel lm = new LanguageModel(LanguageModel.builder(CellType.LSTM, SEVEN, 4).build(),
        SEVEN);
    assertThatThrownBy(() -> lm.fit(new int[] {2, 3}, 4, 3, TrainerConfig.builder().build(),
        null, null, null)).hasMessageContaining("4 streams need at least 5");
    assertThatThrownBy(() -> lm.fit(new int[] {2, 9, 3, 4, 5, 6}, 1, 3,
        TrainerConfig.builder().build(), null, null, null)).hasMessageContaining("ids[1] = 9");
  }
}

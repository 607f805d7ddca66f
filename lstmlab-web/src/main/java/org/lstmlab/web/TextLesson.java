package org.lstmlab.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.text.LanguageModel;
import org.lstmlab.core.text.NgramModel;
import org.lstmlab.core.text.OneHot;
import org.lstmlab.core.text.TokenSampler;
import org.lstmlab.core.text.TokenVectors;
import org.lstmlab.core.text.Vocabulary;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.train.TrainingListener;
import org.lstmlab.core.train.TrainingResult;
import org.lstmlab.io.FortuneFile;
import org.lstmlab.io.TextCorpus;

/**
 * The Text page: a small character-level LSTM {@link LanguageModel} trained live on a fortune file
 * or a pasted text, scored after every pass in held-out bits per character against the unigram,
 * bigram and trigram baselines ({@link NgramModel#baselines}), with a seeded sample from a prompt
 * after every pass; and what one-hot input means for the first layer, in numbers read from the
 * live model: the weight count against an embedding's, the check that one-hot times {@code
 * weight_ih_l0} is a column lookup, and each probe character's nearest neighbours by the cosine
 * of those columns ({@link TokenVectors}), before and after training.
 *
 * <p>The text is the first {@value Limits#MAX_TEXT_CHARS} characters of a fortune file (its texts,
 * each ending with a line break, without the {@code %} lines) or the pasted text; its last 10 %
 * is held out ({@link TextCorpus#of}); the vocabulary is every character of the training part.
 *
 * <p>Lifecycle: {@link Settings#from} → {@link Plan#of} (reads and checks, 400 on bad input) →
 * {@link Run#train} on the jobs' pool → {@link #sample} from the kept model on request.
 */
final class TextLesson {

  private TextLesson() {}

  /** Where the page's fortune files come from. */
  static final Path FORTUNES = FortuneFile.DEBIAN;

  /** The file the page starts with: computer jokes, a familiar vocabulary. */
  static final String DEFAULT_FILE = "computers";

  /** The fraction held out, as the CLI's default. */
  static final double HELD_OUT = TextCorpus.DEFAULT_HELD_OUT;

  /** The input encodings the server can train ({@link #network} builds them). */
  static final List<String> INPUTS = List.of("one_hot", "embedding");

  /** E of the embedding the page compares one-hot input with, and trains with input embedding. */
  static final int EMBEDDING_DIM = 16;

  /** Characters drawn per sample. */
  static final int SAMPLE_LENGTH = 160;

  /** The prompt unless told. */
  static final String DEFAULT_PROMPT = "The ";

  /** Characters whose nearest neighbours the page shows, those of them in the vocabulary. */
  static final List<String> PROBES = List.of("a", "o", "A", "T", ".", "1");

  /** Neighbours shown per probe. */
  static final int NEIGHBOURS = 3;

  /** The character whose one-hot input the page follows into the gates. */
  static final String LOOKUP_PROBE = "e";

  /** The page's one model: a one-layer LSTM (G = 4). */
  static final CellType CELL = CellType.LSTM;

  /**
   * The fortune files the page offers: regular files without a dot in their name (so not the
   * {@code .dat} indexes) of at least {@value Limits#MIN_TEXT_CHARS} bytes, in name order; none
   * if the fortunes package is not installed.
   */
  static List<String> files() {
    if (!Files.isDirectory(FORTUNES)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(FORTUNES)) {
      return s.filter(p -> !p.getFileName().toString().contains(".") && Files.isRegularFile(p))
          .filter(p -> {
            try {
              return Files.size(p) >= Limits.MIN_TEXT_CHARS;
            } catch (IOException e) {
              return false;
            }
          })
          .map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * What the page sends.
   *
   * @param file a fortune file's name from {@link #files}, or null with {@code text}
   * @param text a pasted text, or null with {@code file}
   * @param input {@code one_hot} ({@link #INPUTS})
   * @param hidden H
   * @param window T, steps per truncated-BPTT chunk
   * @param batchSize B, parallel streams
   * @param epochs passes over the training text
   * @param lr Adam's learning rate
   * @param temperature the samples' temperature (0: always the likeliest character)
   * @param prompt the samples' start
   * @param seed the initial weights' and the samples' seed
   */
  record Settings(String file, String text, String input, int hidden, int window, int batchSize,
      int epochs, double lr, double temperature, String prompt, long seed) {

    static Settings from(Params p) {
      List<String> names = new ArrayList<>(List.of("file", "text", "input", "prompt"));
      Fields.TEXT.forEach(f -> names.add(f.name()));
      p.requireOnly(names);
      String text = p.raw("text");
      String file = p.string("file", null);
      if (text != null && text.isEmpty()) {
        text = null;
      }
      if (text != null && file != null) {
        throw ApiError.badRequest("send a fortune file or a text, not both");
      }
      if (text != null) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Limits.MAX_TEXT_BYTES) {
          throw new ApiError(413, "the text is too large: " + bytes + " bytes, at most "
              + Limits.MAX_TEXT_BYTES);
        }
        if (text.length() < Limits.MIN_TEXT_CHARS) {
          throw ApiError.badRequest("the text has " + text.length() + " characters; at least "
              + Limits.MIN_TEXT_CHARS + " are needed (a tenth is held out)");
        }
      } else {
        List<String> files = files();
        if (files.isEmpty()) {
          throw ApiError.badRequest("this machine has no fortune files (" + FORTUNES
              + ", Debian's fortunes package); paste a text instead");
        }
        file = file == null ? (files.contains(DEFAULT_FILE) ? DEFAULT_FILE : files.get(0)) : file;
        if (!files.contains(file)) {
          throw ApiError.badRequest("file must be one of the fortune files " + files + ", got '"
              + Params.shorten(file) + "'");
        }
      }
      String input = p.string("input", INPUTS.get(0)).toLowerCase(Locale.ROOT);
      if (!INPUTS.contains(input)) {
        throw ApiError.badRequest("input must be one of " + INPUTS + ", got '"
            + Params.shorten(input) + "'");
      }
      String prompt = readPrompt(p);
      return new Settings(file, text, input, Fields.TEXT_HIDDEN.readInt(p),
          Fields.TEXT_WINDOW.readInt(p), Fields.TEXT_BATCH_SIZE.readInt(p),
          Fields.TEXT_EPOCHS.readInt(p), Fields.TEXT_LR.readDouble(p),
          Fields.TEMPERATURE.readDouble(p), prompt, Fields.TEXT_SEED.readSeed(p));
    }

    /** What the page calls the text: the file's name, or "your text". */
    String source() {
      return file != null ? file : "your text";
    }

    /** The trainer's settings: Adam, gradients clipped at the library's default, no shuffle. */
    TrainerConfig config() {
      return TrainerConfig.builder().epochs(epochs).batchSize(batchSize).shuffle(false).lr(lr)
          .clip(LanguageModel.DEFAULT_CLIP).seed(seed).build();
    }

    TokenSampler sampler() {
      return new TokenSampler(temperature, TokenSampler.ALL, seed);
    }
  }

  /**
   * The network of a run, built in this one place: the page's LSTM over the vocabulary's one-hot
   * input, or over an embedding of {@value #EMBEDDING_DIM} dims.
   */
  static LanguageModel network(Settings s, Vocabulary v) {
    SequenceModel net = LanguageModel.builder(CELL, v, s.hidden(),
        s.input().equals("embedding") ? EMBEDDING_DIM : 0).seed(s.seed()).build();
    return new LanguageModel(net, v);
  }

  /**
   * The text read, split and encoded, and the baselines' scores, before any training.
   *
   * @param description one line for people: what was read and how it was split
   * @param characters the characters read (at most {@value Limits#MAX_TEXT_CHARS})
   */
  record Plan(Vocabulary vocabulary, int[] train, int[] heldOut, String description,
      int characters, List<NgramModel.Baseline> baselines) {

    /** @throws ApiError 400 if the text is too short for the streams or cannot be read */
    static Plan of(Settings s) {
      String text = s.text() != null ? s.text() : read(s.file());
      int total = text.length();
      String used = text.substring(0, Math.min(total, Limits.MAX_TEXT_CHARS));
      TextCorpus corpus = TextCorpus.of(used, HELD_OUT, s.source());
      Vocabulary v = Vocabulary.build(Vocabulary.Kind.CHAR, false, corpus.train(),
          LanguageModel.DEFAULT_MIN_COUNT, LanguageModel.DEFAULT_MAX_TOKENS);
      int[] train = v.encode(corpus.train());
      int[] held = v.encode(corpus.heldOut());
      if (train.length < 2 * s.batchSize() || held.length == 0) {
        throw ApiError.badRequest("the text has " + used.length() + " characters: too few for "
            + s.batchSize() + " streams (batch_size) and a held-out tenth; lower batch_size or"
            + " use a longer text");
      }
      String description = used.length() < total
          ? String.format(Locale.ROOT, "%s: the first %,d of %,d characters; the last %s held"
              + " out", s.source(), used.length(), total, "10 %")
          : corpus.description();
      return new Plan(v, train, held, description, used.length(),
          NgramModel.baselines(train, held, v.size()));
    }

    /** Passes × training characters × G·H·(V + H): the run's size against the budget. */
    double work(Settings s) {
      return (double) s.epochs() * train.length * CELL.gates() * s.hidden()
          * (vocabulary.size() + s.hidden());
    }

    /** @throws ApiError 400 naming the product if the run is beyond {@link Limits#MAX_TEXT_WORK} */
    void requireBudget(Settings s) {
      double work = work(s);
      if (work > Limits.MAX_TEXT_WORK) {
        throw ApiError.badRequest(String.format(Locale.ROOT,
            "this run is too large: epochs × training characters × 4·hidden·(vocabulary +"
                + " hidden) = %d × %d × %d·(%d + %d) = %.3g, at most %.0e (about a minute);"
                + " lower epochs or hidden, or use a shorter text", s.epochs(), train.length,
            4 * s.hidden(), vocabulary.size(), s.hidden(), work, (double) Limits.MAX_TEXT_WORK));
      }
    }
  }

  /** A fortune file's texts, each ending with a line break. */
  private static String read(String file) {
    try {
      StringBuilder sb = new StringBuilder();
      for (String t : FortuneFile.read(FORTUNES.resolve(file))) {
        sb.append(t).append('\n');
      }
      return sb.toString();
    } catch (IOException | RuntimeException e) {
      throw ApiError.badRequest(file + ": " + e.getMessage());
    }
  }

  /**
   * What one-hot input means for this model, in numbers read from it: the first layer's input
   * weights against an embedding's of {@value #EMBEDDING_DIM} dims (for this vocabulary and for a
   * word vocabulary of {@link LanguageModel#DEFAULT_MAX_TOKENS}), the lookup check, and the probe
   * characters' nearest neighbours.
   */
  static Map<String, Object> encoding(LanguageModel lm) {
    SequenceModel net = lm.model();
    int v = lm.vocabulary().size();
    int gh = net.parameters().tensor(TokenVectors.FIRST_INPUT_WEIGHT).shape()[0]; // G·H
    int e = EMBEDDING_DIM;
    int words = LanguageModel.DEFAULT_MAX_TOKENS + 2;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vocabulary", v);
    m.put("gates_times_hidden", gh);
    m.put("embedding_dim", e);
    m.put("input", net.tokenInput() ? "embedding" : "one_hot");
    m.put("one_hot_weights", (long) gh * v);
    m.put("embedding_weights", (long) v * e + (long) gh * e);
    m.put("word_vocabulary", words);
    m.put("word_one_hot_weights", (long) gh * words);
    m.put("word_embedding_weights", (long) words * e + (long) gh * e);
    m.put("parameters", net.parameters().size());
    m.put("lookup", lookup(lm));
    m.put("neighbours", neighbours(lm));
    return m;
  }

  /**
   * The input as a lookup, checked on the model's own forward: the LSTM's gates after one step of
   * {@value #LOOKUP_PROBE} from zero state, against the gates computed from what the token adds to
   * them alone ({@link TokenVectors#ofGateInput}: column {@value #LOOKUP_PROBE} of {@code
   * weight_ih_l0} with one-hot input, {@code weight_ih_l0} times the token's embedding row with an
   * embedding) and the biases: σ for i, f, o and tanh for g of (vector + b_ih + b_hh).
   */
  static Map<String, Object> lookup(LanguageModel lm) {
    Vocabulary v = lm.vocabulary();
    int id = v.id(LOOKUP_PROBE);
    SequenceModel net = lm.model();
    int gh = net.parameters().tensor(TokenVectors.FIRST_INPUT_WEIGHT).shape()[0];
    int h = gh / CELL.gates();
    double[] column = TokenVectors.ofGateInput(net).vector(id); // (G·H)
    float[] bIh = net.parameters().get("rnn.bias_ih_l0");
    float[] bHh = net.parameters().get("rnn.bias_hh_l0");
    float[] gates;
    synchronized (lm) {
      net.predict(net.tokenInput() ? SequenceBatch.ofTokens(new int[] {id}, 1, 1)
          : SequenceBatch.of(OneHot.encode(new int[] {id}, v.size()), 1, 1, v.size()));
      gates = net.gateActivations(0); // (1, 1, G·H), gates i, f, g, o
    }
    double worst = 0;
    double[] fromColumn = new double[gh];
    for (int r = 0; r < gh; r++) {
      double z = column[r] + bIh[r] + bHh[r];
      boolean g = r >= 2 * h && r < 3 * h;
      fromColumn[r] = g ? Math.tanh(z) : 1 / (1 + Math.exp(-z));
      worst = Math.max(worst, Math.abs(fromColumn[r] - gates[r]));
    }
    int shown = Math.min(4, h);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("token", LOOKUP_PROBE);
    m.put("id", id);
    m.put("column", Json.nums(java.util.Arrays.copyOf(column, shown)));
    m.put("input_gate_from_column", Json.nums(java.util.Arrays.copyOf(fromColumn, shown)));
    m.put("input_gate_from_forward", Json.nums(java.util.Arrays.copyOf(gates, shown)));
    m.put("max_difference", worst);
    return m;
  }

  /** Each probe character in the vocabulary with its nearest characters by cosine. */
  static List<Map<String, Object>> neighbours(LanguageModel lm) {
    Vocabulary v = lm.vocabulary();
    TokenVectors t = TokenVectors.of(lm.model());
    List<Map<String, Object>> out = new ArrayList<>();
    for (String probe : PROBES) {
      int id = v.id(probe);
      if (id == Vocabulary.UNK_ID) {
        continue;
      }
      List<Map<String, Object>> near = new ArrayList<>();
      for (TokenVectors.Neighbour n : t.nearest(id, NEIGHBOURS)) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("token", v.token(n.id()));
        e.put("cosine", Json.num(n.cosine()));
        near.add(e);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("token", probe);
      m.put("nearest", near);
      out.add(m);
    }
    return out;
  }

  /** A sample of {@value #SAMPLE_LENGTH} characters from the settings' prompt. */
  static String sample(LanguageModel lm, String prompt, TokenSampler sampler) {
    synchronized (lm) { // sampling carries the model's state from step to step
      return lm.sample(prompt, SAMPLE_LENGTH, sampler);
    }
  }

  /** The start event: the text, the vocabulary, the baselines and the untrained model's numbers. */
  static Map<String, Object> startEvent(Settings s, Plan plan, LanguageModel untrained) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", s.source());
    m.put("description", plan.description());
    m.put("characters", plan.characters());
    m.put("train_characters", plan.train().length);
    m.put("held_out_characters", plan.heldOut().length);
    m.put("tokens", plan.vocabulary().tokens());
    List<Map<String, Object>> b = new ArrayList<>();
    for (NgramModel.Baseline base : plan.baselines()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", base.name());
      e.put("order", base.order());
      e.put("k", base.k());
      e.put("bits_per_char", Json.num(base.bitsPerToken()));
      b.add(e);
    }
    m.put("baselines", b);
    m.put("input", s.input());
    m.put("hidden", s.hidden());
    m.put("window", s.window());
    m.put("batch_size", s.batchSize());
    m.put("epochs", s.epochs());
    m.put("lr", s.lr());
    m.put("temperature", s.temperature());
    m.put("prompt", s.prompt());
    m.put("seed", s.seed());
    m.put("held_out_bits", Json.num(untrained.evaluate(plan.heldOut(), s.window())
        .bitsPerToken()));
    m.put("sample", sample(untrained, s.prompt(), s.sampler()));
    m.put("encoding", encoding(untrained));
    return m;
  }

  /** The trained model a job keeps, for {@link #sample} requests. */
  record Trained(LanguageModel model) {}

  /** The kept model's name in its job. */
  static final String KEPT = "model";

  /**
   * A sample from a job's trained model: {@code prompt}, {@code temperature} and {@code seed} as
   * the run's fields.
   */
  static Map<String, Object> sample(Trained t, Params p) {
    p.requireOnly(List.of("prompt", Fields.TEMPERATURE.name(), Fields.TEXT_SEED.name()));
    String prompt = readPrompt(p);
    double temperature = Fields.TEMPERATURE.readDouble(p);
    long seed = Fields.TEXT_SEED.readSeed(p);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("prompt", prompt);
    m.put("temperature", temperature);
    m.put("seed", seed);
    m.put("sample", sample(t.model(), prompt, new TokenSampler(temperature, TokenSampler.ALL,
        seed)));
    return m;
  }

  /**
   * The request's {@code prompt}, or {@link #DEFAULT_PROMPT}.
   *
   * @throws ApiError 400 if it is longer than {@link Limits#MAX_PROMPT_CHARS}
   */
  static String readPrompt(Params p) {
    String prompt = p.raw("prompt");
    prompt = prompt == null ? DEFAULT_PROMPT : prompt;
    if (prompt.length() > Limits.MAX_PROMPT_CHARS) {
      throw ApiError.badRequest("prompt has " + prompt.length() + " characters, at most "
          + Limits.MAX_PROMPT_CHARS);
    }
    return prompt;
  }

  /** One job's training: an {@code epoch} event per pass with its sample, then {@code model}. */
  static final class Run {
    final TrainingJob job;
    final Settings settings;
    final Plan plan;
    final LanguageModel lm;

    Run(TrainingJob job, Settings settings, Plan plan, LanguageModel lm) {
      this.job = job;
      this.settings = settings;
      this.plan = plan;
      this.lm = lm;
    }

    void train() {
      job.running();
      Map<String, Object> e = new LinkedHashMap<>();
      String status = "FAILED";
      try {
        TrainingListener listener = (epoch, trainLoss, heldOut, lr, elapsedMillis) -> {
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("epoch", epoch);
          p.put("train_bits", Json.num(trainLoss / Math.log(2)));
          p.put("held_out_bits", Json.num(heldOut / Math.log(2)));
          p.put("elapsed_millis", elapsedMillis);
          // The same seed every pass: the samples differ only by what the model has learned.
          p.put("sample", sample(lm, settings.prompt(), settings.sampler()));
          job.publish("epoch", Json.write(p));
        };
        TrainingResult r;
        synchronized (lm) {
          r = lm.fit(plan.train(), settings.batchSize(), settings.window(), settings.config(),
              plan.heldOut(), listener, job::cancelled);
        }
        e.put("stop_reason", r.stopReason().name());
        e.put("message", r.message());
        e.put("epochs", r.epochs());
        e.put("elapsed_millis", r.elapsedMillis());
        if (!r.diverged() && r.epochs() > 0) {
          double[] held = r.validationLoss();
          double bits = held[held.length - 1] / Math.log(2);
          e.put("held_out_bits", Json.num(bits));
          Map<String, Object> beats = new LinkedHashMap<>();
          plan.baselines().forEach(b -> beats.put(b.name(), bits < b.bitsPerToken()));
          e.put("beats", beats);
          e.put("encoding", encoding(lm));
          job.keep(KEPT, new Trained(lm));
          e.put("sample_url", "/api/text/" + job.id + "/sample");
        }
        status = r.stopReason().name();
      } catch (RuntimeException ex) {
        e.put("stop_reason", "FAILED");
        e.put("message", String.valueOf(ex.getMessage()));
      } finally {
        job.publish("model", Json.write(e));
        TrainingJobs.finish(job, Map.of("lstm", status));
      }
    }
  }
}

package org.lstmlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.text.LanguageModel;
import org.lstmlab.core.text.NgramModel;
import org.lstmlab.core.text.TokenSampler;
import org.lstmlab.core.text.Vocabulary;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.train.TrainingResult;
import org.lstmlab.io.ModelFile;
import org.lstmlab.io.ModelSpec;
import org.lstmlab.io.OutputTransaction;
import org.lstmlab.io.TextCorpus;
import org.lstmlab.io.TextModelFile;
import org.lstmlab.io.TextRun;
import org.lstmlab.report.CurveChart;
import org.lstmlab.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab text train|sample|evaluate}: the library's character or word {@link
 * LanguageModel} from the command line. A thin shell: {@link TextCorpus} reads and splits the
 * text, the library builds the vocabulary, trains, scores and samples, {@link TextModelFile}
 * saves the model with its vocabulary and its {@link TextRun} record.
 *
 * <p>Scores are in bits per token (per character for {@code --level char}) and perplexity on
 * held-out text, next to the unigram, bigram and trigram baselines ({@link
 * NgramModel#baselines}) fit on the same training text. {@code evaluate} fits them again from the
 * training data the record names, if that file is still there and unchanged (its CRC-32 is
 * recorded); otherwise it says so and scores the model alone.
 */
@Command(
    name = "text",
    mixinStandardHelpOptions = true,
    description = "Character and word language models: train on a text, sample from a prompt,"
        + " score held-out text in bits per character against n-gram baselines.",
    subcommands = {TextCommand.Train.class, TextCommand.Sample.class,
        TextCommand.Evaluate.class})
final class TextCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The unit of a score: "char" or "word". */
  private static String unit(Vocabulary v) {
    return v.kind().id();
  }

  /** Prints the model's score and the baselines', one line each, and adds them to {@code json}. */
  private static void scores(PrintWriter text, ObjectNode json, Vocabulary v,
      LanguageModel.Score score, List<NgramModel.Baseline> baselines) {
    String unit = unit(v);
    text.printf(Locale.ROOT, "  %-8s %7.4f bits/%s  perplexity %9.3f%n", "model",
        score.bitsPerToken(), unit, score.perplexity());
    ObjectNode s = json.putObject("held_out");
    s.put("tokens", score.tokens());
    Json.number(s, "bits_per_token", score.bitsPerToken());
    Json.number(s, "perplexity", score.perplexity());
    ObjectNode b = json.putObject("baselines");
    for (NgramModel.Baseline base : baselines) {
      text.printf(Locale.ROOT, "  %-8s %7.4f bits/%s  perplexity %9.3f  (add-%s)%n",
          base.name(), base.bitsPerToken(), unit, Math.pow(2, base.bitsPerToken()),
          base.k() == Math.rint(base.k()) ? Long.toString((long) base.k())
              : Double.toString(base.k()));
      Json.number(b, base.name(), base.bitsPerToken());
    }
  }

  /** {@code lstmlab text train}. */
  @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Train a language model on a text file (or a directory of fortune files)"
          + " by truncated BPTT and save it with its vocabulary.")
  static final class Train implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE|DIR", required = true,
        description = "A UTF-8 text file, or a directory of fortune files (texts between %"
            + " lines).")
    Path data;

    @Option(names = "--out", paramLabel = "MODEL", required = true,
        description = "The model file to write (.safetensors); replaced whole or left as it"
            + " was.")
    Path out;

    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "char",
        description = "char or word tokens (default: ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--lowercase", description = "Lower the case before counting and encoding.")
    boolean lowercase;

    @Option(names = "--min-count", paramLabel = "N",
        defaultValue = "" + LanguageModel.DEFAULT_MIN_COUNT,
        description = "Keep tokens seen at least N times in the training text; the rest become"
            + " <unk> (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--max-tokens", paramLabel = "N",
        defaultValue = "" + LanguageModel.DEFAULT_MAX_TOKENS,
        description = "Keep at most the N most frequent tokens (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--held-out", paramLabel = "FRACTION",
        defaultValue = "" + TextCorpus.DEFAULT_HELD_OUT,
        description = "Held out for scoring: the file's last FRACTION of characters, or every"
            + " round(1/FRACTION)-th fortune of a directory (default: ${DEFAULT-VALUE}).")
    double heldOut;

    @Option(names = "--cell", paramLabel = "CELL", defaultValue = "lstm",
        description = "lstm, gru, rnn or rnn_relu (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "" + LanguageModel.DEFAULT_HIDDEN,
        description = "Hidden units per layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "1",
        description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--embedding", paramLabel = "E", defaultValue = "0",
        description = "Read each token as a learned vector of E values (an embedding) instead of"
            + " one-hot; 0 = one-hot (default: ${DEFAULT-VALUE}).")
    int embedding;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
        description = "Dropout between stacked layers in training (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--window", paramLabel = "T", defaultValue = "" + LanguageModel.DEFAULT_WINDOW,
        description = "Steps per truncated-BPTT chunk: gradients reach this far back; the state"
            + " is carried further (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--batch-size", paramLabel = "B",
        defaultValue = "" + LanguageModel.DEFAULT_STREAMS,
        description = "Parallel streams the text is cut into (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + LanguageModel.DEFAULT_EPOCHS,
        description = "Passes over the training text (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "" + LanguageModel.DEFAULT_LR,
        description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--clip", paramLabel = "NORM", defaultValue = "" + LanguageModel.DEFAULT_CLIP,
        description = "Clip the global gradient norm to this; 0 = off (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
        description = "Seed of the initial weights and dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--print-every", paramLabel = "N", defaultValue = "1",
        description = "Print the losses every N passes, and after the last"
            + " (default: ${DEFAULT-VALUE}).")
    int printEvery;

    @Option(names = "--report", paramLabel = "DIR",
        description = "Also write report.html (the learning curves in bits per token against the"
            + " baselines, the scores, the settings) and report.png (the curves) into this"
            + " directory.")
    Path report;

    @Option(names = "--json",
        description = "Print one JSON object (settings, training, scores) instead of the text.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      Vocabulary.Kind kind = Vocabulary.Kind.fromId(Flags.oneOf(spec, "--level", level,
          List.of("char", "word")));
      Flags.oneOf(spec, "--cell", cell, PipelineFlags.CELLS);
      Flags.range(spec, "--min-count", minCount, 1, Integer.MAX_VALUE);
      Flags.range(spec, "--max-tokens", maxTokens, 1, 1_000_000);
      if (!(heldOut >= 0 && heldOut <= 0.5)) {
        throw Flags.usage(spec, "--held-out must be in [0, 0.5], got " + heldOut);
      }
      Flags.range(spec, "--hidden", hidden, 1, Flags.MAX_SIZE);
      Flags.range(spec, "--layers", layers, 1, 100);
      Flags.range(spec, "--embedding", embedding, 0, Flags.MAX_SIZE);
      Flags.fraction(spec, "--dropout", dropout);
      Flags.range(spec, "--window", window, 1, Flags.MAX_SIZE);
      Flags.range(spec, "--batch-size", batchSize, 1, 100_000);
      Flags.range(spec, "--epochs", epochs, 1, 1_000_000);
      Flags.positive(spec, "--lr", lr);
      Flags.nonNegative(spec, "--clip", clip);
      Flags.range(spec, "--print-every", printEvery, 1, 1_000_000);
      Flags.output(spec, "--out", out, data);
      if (report != null) {
        ReportFiles.check(report);
      }
      PrintWriter stdout = spec.commandLine().getOut();
      PrintWriter text = json ? new PrintWriter(Writer.nullWriter()) : stdout;

      TextCorpus corpus = TextCorpus.read(data, heldOut);
      Vocabulary v = Vocabulary.build(kind, lowercase, corpus.train(), minCount, maxTokens);
      int[] train = v.encode(corpus.train());
      int[] held = v.encode(corpus.heldOut());
      if (train.length < batchSize + 1) {
        throw new CommandFailure(data + ": the training text has " + train.length + " "
            + kind.id() + " tokens; --batch-size " + batchSize + " needs at least "
            + (batchSize + 1));
      }
      Flags.modelSize(spec, cell, embedding > 0 ? embedding : v.size(), hidden, layers, v.size());
      text.println(corpus.description());
      text.printf(Locale.ROOT, "Vocabulary: %,d %s tokens with <pad> and <unk>; %,d training"
          + " tokens, %,d held out%n", v.size(), kind.id(), train.length, held.length);

      SequenceModel net = LanguageModel.builder(CellType.fromId(cell), v, hidden, embedding)
          .layers(layers).dropout(dropout).seed(seed).build();
      LanguageModel lm = new LanguageModel(net, v);
      TrainerConfig config = TrainerConfig.builder().epochs(epochs).batchSize(batchSize)
          .shuffle(false).lr(lr).clip(clip).seed(seed).build();
      text.printf(Locale.ROOT, "Model: %s, %s, hidden %d, %d layer%s, %,d parameters; %d streams,"
              + " window %d, adam lr %s, clip %s (losses in nats per token)%n", cell,
          embedding > 0 ? "embedding " + embedding : "one-hot input", hidden, layers,
          layers == 1 ? "" : "s", net.parameters().size(), batchSize, window, lr, clip);
      text.flush();
      LossPrinter printer = new LossPrinter(text, printEvery, epochs,
          !json && LossPrinter.onTerminal());
      TrainingResult r = lm.fit(train, batchSize, window, config, held.length > 0 ? held : null,
          printer, null);
      if (r.diverged()) {
        throw new CommandFailure(data + ": " + r.message() + "; " + out + " not written");
      }
      text.printf(Locale.ROOT, "%s in %d ms%n", r.message(), r.elapsedMillis());

      Map<String, Object> result = new LinkedHashMap<>();
      result.put("epochs", r.epochs());
      result.put("stop", r.stopReason().name().toLowerCase(Locale.ROOT));
      result.put("train_ms", r.elapsedMillis());
      result.put("train_loss", r.trainLoss());
      ObjectNode root = Json.object();
      List<NgramModel.Baseline> baselines = List.of();
      if (held.length > 0) {
        // The last pass's held-out score is the saved model's: fit scored it with evaluate.
        double[] perPass = r.validationLoss();
        LanguageModel.Score score = new LanguageModel.Score(held.length,
            perPass[perPass.length - 1]);
        baselines = NgramModel.baselines(train, held, v.size());
        result.put("held_out_loss", r.validationLoss());
        result.put("held_out_bits_per_token", score.bitsPerToken());
        text.printf(Locale.ROOT, "%nHeld-out text, %,d %s tokens (baselines fit on the same"
            + " training text):%n", held.length, kind.id());
        scores(text, root, v, score, baselines);
      }
      TextRun run = new TextRun(data.toString(), heldOut, corpus.train().length(),
          TextRun.crc32(corpus.train()), minCount, maxTokens, config, result);
      ModelSpec ms = ModelSpec.builder(net).window(window).horizon(1).config(run.toJson())
          .build();
      Path[] files;
      try (OutputTransaction tx = OutputTransaction.begin()) { // the model and its report, or neither
        ModelFile.save(tx, out, net, TextModelFile.withVocabulary(ms, v));
        files = report == null ? null
            : ReportFiles.stage(tx, report(v, r, baselines, run, net, window), report);
        tx.commit();
      }
      text.println();
      text.println("Model: " + out);
      if (files != null) {
        text.println("Report: " + files[0]);
        text.println("Chart:  " + files[1]);
      }
      text.flush();
      if (json) {
        root.put("data", data.toString());
        root.put("model_file", out.toString());
        root.set("record", run.toJson());
        if (report != null) {
          ReportFiles.putJson(root, files);
        }
        Json.print(stdout, root);
      }
      return Main.OK;
    }
  }

  /**
   * The report of a training run: the training and held-out loss per pass in bits per token, the
   * baselines as dashed lines, the scores and the settings.
   */
  static Report report(Vocabulary v, TrainingResult r, List<NgramModel.Baseline> baselines,
      TextRun run, SequenceModel net, int window) {
    String unit = "bits per " + unit(v);
    int n = r.epochs();
    double[] passes = new double[n];
    double[] train = new double[n];
    double[] held = new double[n];
    for (int i = 0; i < n; i++) {
      passes[i] = i + 1;
      train[i] = r.trainLoss()[i] / Math.log(2);
      held[i] = r.validationLoss()[i] / Math.log(2);
    }
    CurveChart.Builder curves = CurveChart.builder("Learning curves", "pass", unit)
        .curve("train", passes, train);
    if (!baselines.isEmpty()) {
      curves.curve("held out", passes, held);
      baselines.forEach(b -> curves.reference(b.name(), b.bitsPerToken()));
    }
    String cell = net.config().cell().id().toUpperCase(Locale.ROOT);
    Report.Builder b = Report.builder(cell + " " + unit(v) + " language model on "
            + Path.of(run.data()).getFileName())
        .description(String.format(Locale.ROOT, "Truncated BPTT: %d streams, window %d, %d"
                + " passes; scored on the held-out text in %s against n-gram baselines fit on the"
                + " same training text.", run.training().batchSize(), window, n, unit))
        .chart(curves.build());
    if (!baselines.isEmpty()) {
      b.metric(cell, "held out", Map.of(unit,
          ((Number) run.result().get("held_out_bits_per_token")).doubleValue()));
      for (NgramModel.Baseline base : baselines) {
        b.metric(base.name() + " (add-" + base.k() + ")", "held out",
            Map.of(unit, base.bitsPerToken()));
      }
    }
    run.toJson().fields().forEachRemaining(e -> b.config(e.getKey(),
        e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    b.note(r.message());
    return b.build();
  }

  /** A text model file's model, vocabulary and record; one line if it is not a text model. */
  private static TextModelFile.Loaded load(Path model) throws IOException {
    TextModelFile.Loaded m = TextModelFile.load(model);
    if (m.vocabulary().isEmpty()) {
      throw new CommandFailure(model + ": not a text model (it has no vocabulary); train one"
          + " with 'lstmlab text train'");
    }
    try {
      new LanguageModel(m.model(), m.vocabulary().get());
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(model + ": not a language model: " + e.getMessage(), e);
    }
    return m;
  }

  /** {@code lstmlab text sample}. */
  @Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Continue a prompt with a language model, one token at a time.")
  static final class Sample implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL", required = true,
        description = "A model file written by 'lstmlab text train'.")
    Path model;

    @Option(names = "--prompt", paramLabel = "TEXT", defaultValue = "",
        description = "The text to continue (default: none, the start of a text).")
    String prompt;

    @Option(names = "--length", paramLabel = "N", defaultValue = "200",
        description = "Tokens to draw (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0",
        description = "Divides the logits: below 1 surer, above 1 wilder, 0 always the likeliest"
            + " (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0",
        description = "Draw among the K likeliest tokens only; 0 = all (default:"
            + " ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
        description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object instead of the text.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      Flags.range(spec, "--length", length, 0, 10_000_000);
      Flags.nonNegative(spec, "--temperature", temperature);
      Flags.range(spec, "--top-k", topK, 0, Integer.MAX_VALUE);
      TextModelFile.Loaded m = load(model);
      LanguageModel lm = new LanguageModel(m.model(), m.vocabulary().get());
      String drawn = lm.sample(prompt, length,
          new TokenSampler(temperature, topK == 0 ? TokenSampler.ALL : topK, seed));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode root = Json.object();
        root.put("model_file", model.toString());
        root.put("prompt", prompt);
        root.put("sample", drawn);
        root.put("temperature", temperature);
        root.put("top_k", topK);
        root.put("seed", seed);
        Json.print(out, root);
      } else {
        String sep = lm.vocabulary().kind() == Vocabulary.Kind.WORD && !prompt.isEmpty()
            && !drawn.isEmpty() ? " " : "";
        out.println(prompt + sep + drawn);
      }
      return Main.OK;
    }
  }

  /** {@code lstmlab text evaluate}. */
  @Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Score a text with a language model in bits per token and perplexity,"
          + " against n-gram baselines fit on the model's training text.")
  static final class Evaluate implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL", required = true,
        description = "A model file written by 'lstmlab text train'.")
    Path model;

    @Option(names = "--data", paramLabel = "FILE|DIR",
        description = "The text to score, all of it (default: the held-out part of the data the"
            + " model trained on).")
    Path data;

    @Option(names = "--json", description = "Print one JSON object instead of the text.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      TextModelFile.Loaded m = load(model);
      Vocabulary v = m.vocabulary().get();
      LanguageModel lm = new LanguageModel(m.model(), v);
      TextRun run;
      try {
        run = TextRun.fromJson(m.spec().config());
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(model + ": metadata 'config': " + e.getMessage(), e);
      }
      PrintWriter stdout = spec.commandLine().getOut();
      PrintWriter text = json ? new PrintWriter(Writer.nullWriter()) : stdout;
      Optional<TextCorpus> trained = Optional.empty();
      String note = null;
      if (run == null) {
        note = "the model file has no language-model record: no baselines";
      } else {
        try {
          TextCorpus c = TextCorpus.read(Path.of(run.data()), run.heldOut());
          if (run.trainedOn(c.train())) {
            trained = Optional.of(c);
          } else {
            note = run.data() + " has changed since the model trained on it: no baselines";
          }
        } catch (IOException e) {
          note = "the training data cannot be read again (" + e.getMessage() + "): no baselines";
        }
      }
      String scored;
      String description;
      if (data != null) {
        TextCorpus c = TextCorpus.read(data, 0);
        scored = c.train();
        description = c.description().replace("; none held out", "")
            .replace("; the last 0 % held out", "");
      } else if (trained.isPresent()) {
        scored = trained.get().heldOut();
        description = trained.get().description() + "; scoring the held-out part";
      } else {
        throw new CommandFailure(model + ": give --data: " + note.replace(": no baselines", ""));
      }
      int[] ids = v.encode(scored);
      if (ids.length == 0) {
        throw new CommandFailure((data != null ? data : Path.of(run.data()))
            + ": no text to score");
      }
      LanguageModel.Score score = lm.evaluate(ids, m.spec().window());
      text.println(description);
      text.printf(Locale.ROOT, "%,d %s tokens scored%s:%n", ids.length, v.kind().id(),
          trained.isPresent() ? " (baselines fit on the model's training text)" : "");
      ObjectNode root = Json.object();
      List<NgramModel.Baseline> baselines = trained.isPresent()
          ? NgramModel.baselines(v.encode(trained.get().train()), ids, v.size()) : List.of();
      scores(text, root, v, score, baselines);
      if (note != null) {
        text.println("Note: " + note);
        root.put("note", note);
      }
      text.flush();
      if (json) {
        root.put("model_file", model.toString());
        root.put("level", v.kind().id());
        Json.print(stdout, root);
      }
      return Main.OK;
    }
  }
}

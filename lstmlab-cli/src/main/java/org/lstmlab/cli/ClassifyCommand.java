package org.lstmlab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lstmlab.core.metrics.Classification;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.text.TextClassifier;
import org.lstmlab.core.text.Vocabulary;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.train.TrainingResult;
import org.lstmlab.io.ClassifierFile;
import org.lstmlab.io.ClassifierRun;
import org.lstmlab.io.CsvWriter;
import org.lstmlab.io.LabelledTexts;
import org.lstmlab.io.OutputTransaction;
import org.lstmlab.report.CurveChart;
import org.lstmlab.report.Matrix;
import org.lstmlab.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab classify train|predict|evaluate}: the library's {@link TextClassifier} from the
 * command line. A thin shell: {@link LabelledTexts} reads and splits the texts, the library builds
 * the vocabulary, trains, predicts and scores against the majority class and naive Bayes ({@link
 * TextClassifier#baselines}), {@link ClassifierFile} saves the model with its vocabulary, labels
 * and {@link ClassifierRun} record. {@code evaluate} fits the baselines again on the training
 * texts the record names, if that file is still there and unchanged, as {@code text evaluate}
 * does.
 */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description = "Sequence classification of texts: train on a CSV (text and label columns) or"
        + " a directory of fortune files, predict class probabilities, evaluate against the"
        + " majority class and a bag-of-words naive Bayes.",
    subcommands = {ClassifyCommand.Train.class, ClassifyCommand.Predict.class,
        ClassifyCommand.Evaluate.class})
final class ClassifyCommand implements Runnable {

  /** The held-out fraction unless told (--held-out): every fifth text. */
  static final double DEFAULT_HELD_OUT = 0.2;

  /** Classes up to which the text output prints the confusion matrix. */
  static final int PRINTED_CONFUSION = 12;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Prints the model's and the baselines' accuracy and macro-F1, one line each, and the confusion
   * matrix for a few classes; adds them to {@code json}.
   */
  static void scores(PrintWriter text, ObjectNode json, List<String> labels,
      Classification model, TextClassifier.Baselines baselines) {
    text.printf(Locale.ROOT, "  %-12s accuracy %.4f  macro-F1 %.4f%n", "model", model.accuracy(),
        model.macroF1());
    put(json.putObject("model"), model);
    if (baselines != null) {
      text.printf(Locale.ROOT, "  %-12s accuracy %.4f  macro-F1 %.4f%n", "majority",
          baselines.majority().accuracy(), baselines.majority().macroF1());
      text.printf(Locale.ROOT, "  %-12s accuracy %.4f  macro-F1 %.4f  (bag of %,d words,"
              + " add-%s)%n", "naive Bayes", baselines.naiveBayes().accuracy(),
          baselines.naiveBayes().macroF1(), baselines.words(), TextClassifier.BASELINE_SMOOTHING);
      ObjectNode b = json.putObject("baselines");
      put(b.putObject("majority"), baselines.majority());
      put(b.putObject("naive_bayes"), baselines.naiveBayes());
    }
    ArrayNode names = json.putArray("labels");
    labels.forEach(names::add);
    ArrayNode rows = json.putArray("confusion");
    int k = labels.size();
    for (int a = 0; a < k; a++) {
      ArrayNode row = rows.addArray();
      for (int p = 0; p < k; p++) {
        row.add(model.count(a, p));
      }
    }
    if (k <= PRINTED_CONFUSION) {
      text.println("Confusion matrix (rows: true label, columns: predicted):");
      int w = Math.max(6, labels.stream().mapToInt(String::length).max().orElse(0) + 1);
      StringBuilder head = new StringBuilder(" ".repeat(w + 2));
      labels.forEach(l -> head.append(String.format(Locale.ROOT, "%" + w + "s", l)));
      text.println(head);
      for (int a = 0; a < k; a++) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-" + w + "s",
            labels.get(a)));
        for (int p = 0; p < k; p++) {
          line.append(String.format(Locale.ROOT, "%" + w + "d", model.count(a, p)));
        }
        text.println(line);
      }
    } else {
      text.println("Confusion matrix: " + k + " classes, in --json and --report.");
    }
  }

  private static void put(ObjectNode o, Classification c) {
    Json.number(o, "accuracy", c.accuracy());
    Json.number(o, "macro_f1", c.macroF1());
  }

  /** {@code lstmlab classify train}. */
  @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Train a sequence classifier on labelled texts and save it with its"
          + " vocabulary and labels.")
  static final class Train implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE|DIR", required = true,
        description = "A CSV file with a text and a label column, or a directory of fortune"
            + " files (each file's name is the label of its texts).")
    Path data;

    @Option(names = "--text-column", paramLabel = "NAME",
        defaultValue = LabelledTexts.DEFAULT_TEXT_COLUMN,
        description = "The CSV's text column (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--label-column", paramLabel = "NAME",
        defaultValue = LabelledTexts.DEFAULT_LABEL_COLUMN,
        description = "The CSV's label column (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--out", paramLabel = "MODEL", required = true,
        description = "The model file to write (.safetensors); replaced whole or left as it"
            + " was.")
    Path out;

    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "word",
        description = "char or word tokens (default: ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--lowercase", description = "Lower the case before counting and encoding.")
    boolean lowercase;

    @Option(names = "--min-count", paramLabel = "N",
        defaultValue = "" + TextClassifier.DEFAULT_MIN_COUNT,
        description = "Keep tokens seen at least N times in the training texts; the rest become"
            + " <unk> (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--max-tokens", paramLabel = "N",
        defaultValue = "" + TextClassifier.DEFAULT_MAX_TOKENS,
        description = "Keep at most the N most frequent tokens: one-hot input costs N per step"
            + " (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--max-length", paramLabel = "N",
        defaultValue = "" + TextClassifier.DEFAULT_MAX_LENGTH,
        description = "Read the first N tokens of each text (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--held-out", paramLabel = "FRACTION", defaultValue = "" + DEFAULT_HELD_OUT,
        description = "Hold out every round(1/FRACTION)-th text for early stopping and scores;"
            + " 0 = none (default: ${DEFAULT-VALUE}).")
    double heldOut;

    @Option(names = "--cell", paramLabel = "CELL", defaultValue = "lstm",
        description = "lstm, gru, rnn or rnn_relu (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--hidden", paramLabel = "H",
        defaultValue = "" + TextClassifier.DEFAULT_HIDDEN,
        description = "Hidden units per layer and direction (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "1",
        description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--embedding", paramLabel = "E", defaultValue = "0",
        description = "Read each token as a learned vector of E values (an embedding) instead of"
            + " one-hot; 0 = one-hot (default: ${DEFAULT-VALUE}).")
    int embedding;

    @Option(names = "--bidirectional",
        description = "Read each text both ways; the head sees both final states.")
    boolean bidirectional;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
        description = "Dropout between stacked layers in training (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--epochs", paramLabel = "N",
        defaultValue = "" + TextClassifier.DEFAULT_EPOCHS,
        description = "Passes over the training texts (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "B",
        defaultValue = "" + TextClassifier.DEFAULT_BATCH_SIZE,
        description = "Texts per update, of similar lengths (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "" + TextClassifier.DEFAULT_LR,
        description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--clip", paramLabel = "NORM", defaultValue = "" + TextClassifier.DEFAULT_CLIP,
        description = "Clip the global gradient norm to this; 0 = off (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--patience", paramLabel = "N",
        defaultValue = "" + TextClassifier.DEFAULT_PATIENCE,
        description = "Stop after N epochs without a lower held-out loss and keep the best"
            + " epoch's model; 0 = off (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
        description = "Seed of the initial weights, the batches and dropout (default:"
            + " ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--print-every", paramLabel = "N", defaultValue = "1",
        description = "Print the losses every N epochs, and after the last (default:"
            + " ${DEFAULT-VALUE}).")
    int printEvery;

    @Option(names = "--report", paramLabel = "DIR",
        description = "Also write report.html (learning curves, scores against the baselines,"
            + " the confusion matrix, the settings) and report.png into this directory.")
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
      Flags.range(spec, "--max-length", maxLength, 1, Flags.MAX_SIZE);
      if (!(heldOut >= 0 && heldOut <= 0.5)) {
        throw Flags.usage(spec, "--held-out must be in [0, 0.5], got " + heldOut);
      }
      Flags.range(spec, "--hidden", hidden, 1, Flags.MAX_SIZE);
      Flags.range(spec, "--layers", layers, 1, 100);
      Flags.range(spec, "--embedding", embedding, 0, Flags.MAX_SIZE);
      Flags.fraction(spec, "--dropout", dropout);
      Flags.range(spec, "--epochs", epochs, 1, 1_000_000);
      Flags.range(spec, "--batch-size", batchSize, 1, 100_000);
      Flags.positive(spec, "--lr", lr);
      Flags.nonNegative(spec, "--clip", clip);
      Flags.range(spec, "--patience", patience, 0, 1_000_000);
      Flags.range(spec, "--print-every", printEvery, 1, 1_000_000);
      Flags.output(spec, "--out", out, data);
      if (report != null) {
        ReportFiles.check(report);
      }
      PrintWriter stdout = spec.commandLine().getOut();
      PrintWriter text = json ? new PrintWriter(Writer.nullWriter()) : stdout;

      LabelledTexts all = LabelledTexts.read(data, textColumn, Optional.of(labelColumn));
      List<String> labels = all.classes();
      if (labels.size() < 2) {
        throw new CommandFailure(data + ": column '" + all.labelColumn() + "' holds one label ("
            + labels.get(0) + "); a classifier needs at least 2");
      }
      LabelledTexts.Split split = all.split(heldOut);
      LabelledTexts train = split.train();
      LabelledTexts held = split.heldOut();
      if (train.size() == 0) {
        throw new CommandFailure(data + ": no text left to train on after holding out every "
            + split.every() + "th; lower --held-out");
      }
      int usedPatience = held.size() == 0 ? 0 : patience;
      Vocabulary v = Vocabulary.build(kind, lowercase, String.join("\n", train.texts()),
          minCount, maxTokens);
      Flags.modelSize(spec, cell, embedding > 0 ? embedding : v.size(), hidden, layers,
          labels.size());
      SequenceModel net = TextClassifier.builder(CellType.fromId(cell), v, labels.size(), hidden,
          embedding).layers(layers).bidirectional(bidirectional).dropout(dropout).seed(seed)
          .build();
      TextClassifier classifier = new TextClassifier(net, v, labels, maxLength);
      int[][] trainIds = classifier.encode(train.texts());
      int[] trainY = train.classIndices(labels);
      int[][] heldIds = classifier.encode(held.texts());
      int[] heldY = held.hasLabels() ? held.classIndices(labels) : new int[0];
      text.println(all.description() + (split.every() == 0 ? "; none held out"
          : "; every " + split.every() + "th held out"));
      text.printf(Locale.ROOT, "%d classes; %,d texts to train, %,d held out; vocabulary %,d %s"
          + " tokens with <pad> and <unk>%n", labels.size(), train.size(), held.size(), v.size(),
          kind.id());
      TrainerConfig config = TrainerConfig.builder().epochs(epochs).batchSize(batchSize).lr(lr)
          .clip(clip).patience(usedPatience).seed(seed).build();
      text.printf(Locale.ROOT, "Model: %s%s, %s, hidden %d, %d layer%s, %,d parameters; batches"
              + " of %d, first %d tokens of each text, adam lr %s, clip %s (losses:"
              + " cross-entropy, nats)%n", bidirectional ? "bidirectional " : "", cell,
          embedding > 0 ? "embedding " + embedding : "one-hot input", hidden, layers,
          layers == 1 ? "" : "s", net.parameters().size(), batchSize, maxLength, lr, clip);
      text.flush();
      LossPrinter printer = new LossPrinter(text, printEvery, epochs,
          !json && LossPrinter.onTerminal());
      TrainingResult r = classifier.fit(trainIds, trainY, held.size() > 0 ? heldIds : null,
          heldY, config, printer, null);
      if (r.diverged()) {
        throw new CommandFailure(data + ": " + r.message() + "; " + out + " not written");
      }
      text.printf(Locale.ROOT, "%s in %d ms%n", r.message(), r.elapsedMillis());

      Map<String, Object> result = new LinkedHashMap<>();
      result.put("epochs", r.epochs());
      result.put("best_epoch", r.bestEpoch());
      result.put("stop", r.stopReason().name().toLowerCase(Locale.ROOT));
      result.put("train_ms", r.elapsedMillis());
      result.put("train_loss", r.trainLoss());
      ObjectNode root = Json.object();
      Classification scored = null;
      TextClassifier.Baselines baselines = null;
      if (held.size() > 0) {
        scored = classifier.evaluate(heldIds, heldY);
        baselines = TextClassifier.baselines(train.texts(), trainY, held.texts(), heldY,
            labels.size());
        result.put("held_out_loss", r.validationLoss());
        result.put("held_out_accuracy", scored.accuracy());
        result.put("held_out_macro_f1", scored.macroF1());
        text.printf(Locale.ROOT, "%nHeld-out texts, %,d (baselines fit on the same training"
            + " texts):%n", held.size());
        scores(text, root.putObject("held_out"), labels, scored, baselines);
      }
      ClassifierRun run = new ClassifierRun(data.toString(),
          all.labelColumn().equals(LabelledTexts.FORTUNE_LABEL) && data.toFile().isDirectory()
              ? "" : textColumn, all.labelColumn(), heldOut, train.size(), train.crc32(),
          kind.id(), lowercase, minCount, maxTokens, config, result);
      Path[] files;
      // The model and its report, or neither.
      try (OutputTransaction tx = OutputTransaction.begin()) {
        ClassifierFile.save(tx, out, classifier, run);
        files = report == null ? null
            : ReportFiles.stage(tx, report(classifier, r, scored, baselines, run), report);
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
   * The report of a training run: the training and held-out loss per epoch, the scores against
   * the baselines, the confusion matrix on the held-out texts, and the settings.
   */
  static Report report(TextClassifier c, TrainingResult r, Classification scored,
      TextClassifier.Baselines baselines, ClassifierRun run) {
    int n = r.epochs();
    double[] epochs = new double[n];
    for (int i = 0; i < n; i++) {
      epochs[i] = i + 1;
    }
    CurveChart.Builder curves = CurveChart.builder("Learning curves", "epoch",
        "cross-entropy (nats)").curve("train", epochs, r.trainLoss());
    if (scored != null) {
      curves.curve("held out", epochs, r.validationLoss());
    }
    String cell = c.model().config().cell().id().toUpperCase(Locale.ROOT);
    Report.Builder b = Report.builder((c.model().bidirectional() ? "Bidirectional " : "") + cell
            + " text classifier on " + Path.of(run.data()).getFileName())
        .description(String.format(Locale.ROOT, "%d classes from %s tokens (the first %d of each"
                + " text), %d epochs in batches of %d texts of similar length; scored on the"
                + " held-out texts against the majority class and a bag-of-words naive Bayes fit"
                + " on the same training texts.", c.labels().size(), run.level(), c.maxLength(),
            n, run.training().batchSize()))
        .chart(curves.build());
    if (scored != null) {
      b.metric(cell, "held out", Map.of("accuracy", scored.accuracy(), "macro-F1",
          scored.macroF1()));
      b.metric("majority class", "held out", Map.of("accuracy",
          baselines.majority().accuracy(), "macro-F1", baselines.majority().macroF1()));
      b.metric("naive Bayes", "held out", Map.of("accuracy", baselines.naiveBayes().accuracy(),
          "macro-F1", baselines.naiveBayes().macroF1()));
      b.higherIsBetter("macro-F1");
      b.matrix(new Matrix("Confusion matrix (held out)", c.labels(), scored.confusion()));
    }
    run.toJson().fields().forEachRemaining(e -> b.config(e.getKey(),
        e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    b.note(r.message());
    return b.build();
  }

  /** {@code lstmlab classify predict}. */
  @Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Predict the class of each text with a classifier; writes a CSV with the"
          + " predicted label and one probability column per class.")
  static final class Predict implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL", required = true,
        description = "A model file written by 'lstmlab classify train'.")
    Path model;

    @Option(names = "--data", paramLabel = "FILE|DIR", required = true,
        description = "A CSV file with a text column, or a directory of fortune files.")
    Path data;

    @Option(names = "--text-column", paramLabel = "NAME",
        defaultValue = LabelledTexts.DEFAULT_TEXT_COLUMN,
        description = "The CSV's text column (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--out", paramLabel = "CSV", required = true,
        description = "The predictions to write: row, text, predicted, then p_<label> per class;"
            + " replaced whole or left as it was.")
    Path out;

    @Option(names = "--json", description = "Print one JSON object instead of the text.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      Flags.output(spec, "--out", out, data, model);
      ClassifierFile.Loaded m = ClassifierFile.load(model);
      TextClassifier c = m.classifier();
      LabelledTexts texts = LabelledTexts.read(data, textColumn, Optional.empty());
      float[] p = c.probabilities(c.encode(texts.texts()));
      int[] predicted = c.argmax(p);
      int k = c.labels().size();
      List<String> header = new ArrayList<>(List.of("row", "text", "predicted"));
      c.labels().forEach(l -> header.add("p_" + l));
      List<List<Object>> rows = new ArrayList<>(texts.size());
      for (int i = 0; i < texts.size(); i++) {
        List<Object> row = new ArrayList<>(3 + k);
        row.add(texts.rows()[i]);
        row.add(texts.texts().get(i));
        row.add(c.labels().get(predicted[i]));
        for (int j = 0; j < k; j++) {
          row.add(String.format(Locale.ROOT, "%.6f", p[i * k + j]));
        }
        rows.add(row);
      }
      CsvWriter.write(out, header, rows);
      PrintWriter stdout = spec.commandLine().getOut();
      if (json) {
        ObjectNode root = Json.object();
        root.put("model_file", model.toString());
        root.put("data", data.toString());
        root.put("predictions", texts.size());
        root.put("out", out.toString());
        Json.print(stdout, root);
      } else {
        stdout.printf(Locale.ROOT, "%s%n%,d predictions over %d classes: %s%n",
            texts.description(), texts.size(), k, out);
        stdout.flush();
      }
      return Main.OK;
    }
  }

  /** {@code lstmlab classify evaluate}. */
  @Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Score a classifier on labelled texts (accuracy, macro-F1, confusion"
          + " matrix) against the majority class and naive Bayes fit on its training texts.")
  static final class Evaluate implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL", required = true,
        description = "A model file written by 'lstmlab classify train'.")
    Path model;

    @Option(names = "--data", paramLabel = "FILE|DIR",
        description = "Labelled texts to score, all of them (default: the held-out texts of the"
            + " data the model trained on).")
    Path data;

    @Option(names = "--text-column", paramLabel = "NAME",
        description = "The CSV's text column (default: the model's training column, else"
            + " text).")
    String textColumn;

    @Option(names = "--label-column", paramLabel = "NAME",
        description = "The CSV's label column (default: the model's training column, else"
            + " label).")
    String labelColumn;

    @Option(names = "--json", description = "Print one JSON object instead of the text.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      ClassifierFile.Loaded m = ClassifierFile.load(model);
      TextClassifier c = m.classifier();
      ClassifierRun run = m.run();
      String tc = textColumn != null ? textColumn : run != null && !run.textColumn().isEmpty()
          ? run.textColumn() : LabelledTexts.DEFAULT_TEXT_COLUMN;
      String lc = labelColumn != null ? labelColumn : run != null
          && !run.labelColumn().equals(LabelledTexts.FORTUNE_LABEL) ? run.labelColumn()
          : LabelledTexts.DEFAULT_LABEL_COLUMN;
      Optional<LabelledTexts.Split> trained = Optional.empty();
      String note = null;
      if (run == null) {
        note = "the model file has no classifier record: no baselines";
      } else {
        try {
          LabelledTexts.Split s = LabelledTexts.read(Path.of(run.data()), tc,
              Optional.of(run.labelColumn())).split(run.heldOut());
          if (run.trainedOn(s.train())) {
            trained = Optional.of(s);
          } else {
            note = run.data() + " has changed since the model trained on it: no baselines";
          }
        } catch (IOException e) {
          note = "the training data cannot be read again (" + e.getMessage() + "): no baselines";
        }
      }
      LabelledTexts scored;
      if (data != null) {
        scored = LabelledTexts.read(data, tc, Optional.of(lc));
      } else if (trained.isPresent() && trained.get().heldOut().size() > 0) {
        scored = trained.get().heldOut();
      } else {
        throw new CommandFailure(model + ": give --data: " + (note != null
            ? note.replace(": no baselines", "") : "the model trained with nothing held out"));
      }
      int[] y = scored.classIndices(c.labels());
      Classification result = c.evaluate(c.encode(scored.texts()), y);
      TextClassifier.Baselines baselines = null;
      if (trained.isPresent()) {
        LabelledTexts train = trained.get().train();
        baselines = TextClassifier.baselines(train.texts(), train.classIndices(c.labels()),
            scored.texts(), y, c.labels().size());
      }
      PrintWriter stdout = spec.commandLine().getOut();
      PrintWriter text = json ? new PrintWriter(Writer.nullWriter()) : stdout;
      text.println(scored.description() + (data == null ? "; scoring the held-out texts" : ""));
      text.printf(Locale.ROOT, "%,d texts scored%s:%n", scored.size(), baselines != null
          ? " (baselines fit on the model's training texts)" : "");
      ObjectNode root = Json.object();
      scores(text, root, c.labels(), result, baselines);
      if (note != null) {
        text.println("Note: " + note);
        root.put("note", note);
      }
      text.flush();
      if (json) {
        root.put("model_file", model.toString());
        root.put("texts", scored.size());
        Json.print(stdout, root);
      }
      return Main.OK;
    }
  }
}

package org.lstmlab.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lstmlab.core.text.TextClassifier;

/**
 * Model files of text classifiers: a {@link TextModelFile} (the model and its vocabulary) whose
 * metadata also holds the class labels under {@value #LABELS}, a JSON array of strings, class k
 * at index k, and the tokens read of each document under {@value #MAX_LENGTH}; the {@code config}
 * object is the {@link ClassifierRun} record (docs/FILE-FORMAT.md, "Text classifiers"). Stateless.
 */
public final class ClassifierFile {

  /** The metadata key of the class labels. */
  public static final String LABELS = "labels";

  /** The metadata key of the tokens read of each document. */
  public static final String MAX_LENGTH = "max_length";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ClassifierFile() {}

  /**
   * A classifier read from a file.
   *
   * @param classifier the model with its vocabulary, labels and max length
   * @param spec its spec
   * @param run its run record, or null if the file has none
   */
  public record Loaded(TextClassifier classifier, ModelSpec spec, ClassifierRun run) {}

  /**
   * Stages {@code classifier} with {@code run} as its record in {@code tx}: the file replaces
   * {@code file} when the transaction commits.
   */
  public static void save(OutputTransaction tx, Path file, TextClassifier classifier,
      ClassifierRun run) throws IOException {
    ArrayNode labels = JSON.createArrayNode();
    classifier.labels().forEach(labels::add);
    // A many-to-one model's horizon is its head's rows (ModelFile checks it): here the K classes.
    ModelSpec spec = ModelSpec.builder(classifier.model()).window(classifier.maxLength())
        .horizon(classifier.labels().size()).config(run.toJson()).build();
    Map<String, String> extra = new LinkedHashMap<>(spec.extra());
    extra.put(LABELS, labels.toString());
    extra.put(MAX_LENGTH, Integer.toString(classifier.maxLength()));
    spec = TextModelFile.withVocabulary(spec.toBuilder().extra(extra).build(),
        classifier.vocabulary());
    ModelFile.save(tx, file, classifier.model(), spec);
  }

  /**
   * Loads a classifier.
   *
   * @throws ModelFileException in one line if the file is not a text classifier's or is malformed
   */
  public static Loaded load(Path file) throws IOException {
    TextModelFile.Loaded m = TextModelFile.load(file);
    String labels = m.spec().extra().get(LABELS);
    if (m.vocabulary().isEmpty() || labels == null) {
      throw new ModelFileException(file, "not a text classifier (it has no "
          + (m.vocabulary().isEmpty() ? "vocabulary" : "class labels")
          + "); train one with 'lstmlab classify train'");
    }
    try {
      int maxLength = Integer.parseInt(m.spec().extra().getOrDefault(MAX_LENGTH,
          Integer.toString(m.spec().window())));
      TextClassifier c = new TextClassifier(m.model(), m.vocabulary().get(), parseLabels(labels),
          maxLength);
      return new Loaded(c, m.spec(), ClassifierRun.fromJson(m.spec().config()));
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(file, "not a text classifier: " + e.getMessage(), e);
    }
  }

  private static List<String> parseLabels(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("metadata '" + LABELS + "' is not JSON");
    }
    if (node == null || !node.isArray()) {
      throw new IllegalArgumentException("metadata '" + LABELS + "' must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isTextual()) {
        throw new IllegalArgumentException("metadata '" + LABELS + "' must be an array of"
            + " strings, got " + n);
      }
      out.add(n.asText());
    }
    return out;
  }
}

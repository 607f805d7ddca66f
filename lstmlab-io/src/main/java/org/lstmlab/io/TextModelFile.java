package org.lstmlab.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.text.Vocabulary;

/**
 * Model files of text models: a {@link ModelFile} whose metadata also holds the model's {@link
 * Vocabulary} under the key {@value #KEY}, so that a saved text model encodes and decodes text as
 * it did in training.
 *
 * <p>The value is one JSON object (docs/FILE-FORMAT.md, "Vocabulary"):
 *
 * <pre>{@code
 * {"kind": "char", "lowercase": false, "tokens": ["<pad>", "<unk>", "e", " ", "t", ...]}
 * }</pre>
 *
 * {@code tokens} lists every token by id, {@code <pad>} (0) and {@code <unk>} (1) first. A file
 * without the key loads with an empty vocabulary; a malformed one is refused in one line naming
 * the file and the key. Stateless.
 */
public final class TextModelFile {

  /** The metadata key of the vocabulary. */
  public static final String KEY = "vocabulary";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TextModelFile() {}

  /**
   * A text model read from a file.
   *
   * @param model the model with the file's parameters
   * @param spec its spec; {@link ModelSpec#extra()} still holds the {@value #KEY} entry
   * @param vocabulary the vocabulary, if the file has one
   */
  public record Loaded(SequenceModel model, ModelSpec spec, Optional<Vocabulary> vocabulary) {}

  /**
   * Writes {@code model}, {@code spec} and {@code vocabulary} to {@code file}, atomically.
   *
   * @throws IllegalArgumentException if {@code spec} does not describe {@code model}
   * @throws IOException if writing fails; an existing file is then unchanged
   */
  public static void save(Path file, SequenceModel model, ModelSpec spec, Vocabulary vocabulary)
      throws IOException {
    ModelFile.save(file, model, withVocabulary(spec, vocabulary));
  }

  /** {@code spec} with {@code vocabulary} as its {@value #KEY} metadata entry. */
  public static ModelSpec withVocabulary(ModelSpec spec, Vocabulary vocabulary) {
    Map<String, String> extra = new LinkedHashMap<>(spec.extra());
    extra.put(KEY, toJson(vocabulary));
    return spec.toBuilder().extra(extra).build();
  }

  /**
   * Loads a model and its vocabulary.
   *
   * @throws ModelFileException if the file, or its {@value #KEY} entry, is malformed
   */
  public static Loaded load(Path file) throws IOException {
    ModelFile.LoadedModel m = ModelFile.load(file);
    String json = m.spec().extra().get(KEY);
    if (json == null) {
      return new Loaded(m.model(), m.spec(), Optional.empty());
    }
    try {
      return new Loaded(m.model(), m.spec(), Optional.of(fromJson(json)));
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(file, "metadata '" + KEY + "': " + e.getMessage(), e);
    }
  }

  /** The vocabulary as the {@value #KEY} metadata value. */
  public static String toJson(Vocabulary v) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", v.kind().id());
    o.put("lowercase", v.lowercase());
    ArrayNode tokens = o.putArray("tokens");
    v.tokens().forEach(tokens::add);
    return o.toString();
  }

  /**
   * The vocabulary a {@value #KEY} metadata value holds.
   *
   * @throws IllegalArgumentException naming what is missing or malformed
   */
  public static Vocabulary fromJson(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("must be a JSON object");
    }
    JsonNode kind = node.get("kind");
    JsonNode lowercase = node.get("lowercase");
    JsonNode tokens = node.get("tokens");
    if (kind == null || !kind.isTextual()) {
      throw new IllegalArgumentException("'kind' must be \"char\" or \"word\"");
    }
    if (lowercase == null || !lowercase.isBoolean()) {
      throw new IllegalArgumentException("'lowercase' must be true or false");
    }
    if (tokens == null || !tokens.isArray()) {
      throw new IllegalArgumentException("'tokens' must be an array of strings");
    }
    List<String> list = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      if (!tokens.get(i).isTextual()) {
        throw new IllegalArgumentException("tokens[" + i + "] must be a string, got "
            + tokens.get(i));
      }
      list.add(tokens.get(i).asText());
    }
    return Vocabulary.of(Vocabulary.Kind.fromId(kind.asText()), lowercase.asBoolean(), list);
  }
}

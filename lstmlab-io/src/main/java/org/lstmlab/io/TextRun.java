package org.lstmlab.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import org.lstmlab.core.train.TrainerConfig;

/**
 * The run record of a language model (a text model file's {@code config} object): where its text
 * came from and how it was split, so that {@code lstmlab text evaluate} can fit the n-gram
 * baselines on the very same training text again, and how it trained.
 *
 * <pre>{@code
 * {"task": "language_model", "data": "/usr/share/games/fortunes/computers", "held_out": 0.1,
 *  "train_chars": 214183, "train_crc32": 123456789, "min_count": 1, "max_tokens": 10000,
 *  "training": {"batch_size": "32", "epochs": "10", "lr": "0.002", ...},
 *  "result": {"held_out_bits_per_token": 2.41, "train_loss": [...], "held_out_loss": [...]}}
 * }</pre>
 *
 * {@code batch_size} is the number of parallel streams and the model's {@code window} metadata the
 * truncated-BPTT length; the losses are per pass, in nats per token. Immutable.
 *
 * @param data the --data path as given
 * @param heldOut the held-out fraction of {@link TextCorpus#read}
 * @param trainChars characters of the training text
 * @param trainCrc32 CRC-32 of the training text's UTF-8 bytes: a changed file is noticed
 * @param minCount the vocabulary's frequency cut-off
 * @param maxTokens the vocabulary's size limit
 * @param training the trainer's settings
 * @param result what the run measured
 */
public record TextRun(String data, double heldOut, long trainChars, long trainCrc32, int minCount,
    int maxTokens, TrainerConfig training, Map<String, Object> result) {

  /** The value of {@code task}. */
  public static final String TASK = "language_model";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** CRC-32 of a text's UTF-8 bytes. */
  public static long crc32(String text) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  /** Whether {@code train} is the text this run trained on. */
  public boolean trainedOn(String train) {
    return train.length() == trainChars && crc32(train) == trainCrc32;
  }

  /** The record as the model file's {@code config} object. */
  public ObjectNode toJson() {
    ObjectNode c = JSON.createObjectNode();
    c.put("task", TASK);
    c.put("data", data);
    c.put("held_out", heldOut);
    c.put("train_chars", trainChars);
    c.put("train_crc32", trainCrc32);
    c.put("min_count", minCount);
    c.put("max_tokens", maxTokens);
    RunRecord.putTrainingAndResult(c, training, result);
    return c;
  }

  /**
   * The record a model file's {@code config} holds, or null if it is not a language model's.
   *
   * @throws IllegalArgumentException naming a key that is missing or malformed
   */
  public static TextRun fromJson(ObjectNode c) {
    if (c == null || !TASK.equals(c.path("task").asText())) {
      return null;
    }
    for (String key : new String[] {"data", "held_out", "train_chars", "train_crc32"}) {
      if (!c.hasNonNull(key)) {
        throw new IllegalArgumentException("config: '" + key + "' is missing");
      }
    }
    JsonNode mc = c.path("min_count");
    JsonNode mt = c.path("max_tokens");
    return new TextRun(c.get("data").asText(), c.get("held_out").asDouble(),
        c.get("train_chars").asLong(), c.get("train_crc32").asLong(), mc.asInt(1),
        mt.asInt(Integer.MAX_VALUE), TrainerConfig.fromMap(RunRecord.training(c)),
        RunRecord.textResult(c));
  }
}

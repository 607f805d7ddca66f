package org.lstmlab.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.lstmlab.core.train.TrainerConfig;

/**
 * The run record of a text classifier (its model file's {@code config} object): where its texts
 * came from and how they were split, so that {@code lstmlab classify evaluate} can fit the
 * baselines on the very same training texts again, and how it trained.
 *
 * <pre>{@code
 * {"task": "text_classifier", "data": "reviews.csv", "text_column": "text",
 *  "label_column": "label", "held_out": 0.2, "train_texts": 12174, "train_crc32": 123456789,
 *  "level": "word", "lowercase": true, "min_count": 2, "max_tokens": 2000,
 *  "training": {"batch_size": "32", "epochs": "10", "lr": "0.005", ...},
 *  "result": {"held_out_accuracy": 0.47, "train_loss": [...], "held_out_loss": [...]}}
 * }</pre>
 *
 * For a directory of fortune files {@code text_column} is empty and {@code label_column} is
 * {@code category}. Losses are per epoch, mean cross-entropy in nats. Immutable.
 *
 * @param data the --data path as given
 * @param textColumn the CSV's text column, "" for fortunes
 * @param labelColumn the CSV's label column, {@code category} for fortunes
 * @param heldOut the held-out fraction of {@link LabelledTexts#split}
 * @param trainTexts texts trained on
 * @param trainCrc32 {@link LabelledTexts#crc32} of the training texts: a changed file is noticed
 * @param level {@code char} or {@code word} tokens
 * @param lowercase whether the vocabulary lowers the case
 * @param minCount the vocabulary's frequency cut-off
 * @param maxTokens the vocabulary's size limit
 * @param training the trainer's settings
 * @param result what the run measured
 */
public record ClassifierRun(String data, String textColumn, String labelColumn, double heldOut,
    long trainTexts, long trainCrc32, String level, boolean lowercase, int minCount,
    int maxTokens, TrainerConfig training, Map<String, Object> result) {

  /** The value of {@code task}. */
  public static final String TASK = "text_classifier";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether {@code train} are the texts this run trained on. */
  public boolean trainedOn(LabelledTexts train) {
    return train.size() == trainTexts && train.crc32() == trainCrc32;
  }

  /** The record as the model file's {@code config} object. */
  public ObjectNode toJson() {
    ObjectNode c = JSON.createObjectNode();
    c.put("task", TASK);
    c.put("data", data);
    c.put("text_column", textColumn);
    c.put("label_column", labelColumn);
    c.put("held_out", heldOut);
    c.put("train_texts", trainTexts);
    c.put("train_crc32", trainCrc32);
    c.put("level", level);
    c.put("lowercase", lowercase);
    c.put("min_count", minCount);
    c.put("max_tokens", maxTokens);
    RunRecord.putTrainingAndResult(c, training, result);
    return c;
  }

  /**
   * The record a model file's {@code config} holds, or null if it is not a classifier's.
   *
   * @throws IllegalArgumentException naming a key that is missing or malformed
   */
  public static ClassifierRun fromJson(ObjectNode c) {
    if (c == null || !TASK.equals(c.path("task").asText())) {
      return null;
    }
    for (String key : new String[] {"data", "label_column", "held_out", "train_texts",
        "train_crc32"}) {
      if (!c.hasNonNull(key)) {
        throw new IllegalArgumentException("config: '" + key + "' is missing");
      }
    }
    return new ClassifierRun(c.get("data").asText(), c.path("text_column").asText(""),
        c.get("label_column").asText(), c.get("held_out").asDouble(),
        c.get("train_texts").asLong(), c.get("train_crc32").asLong(),
        c.path("level").asText("word"), c.path("lowercase").asBoolean(false),
        c.path("min_count").asInt(1), c.path("max_tokens").asInt(Integer.MAX_VALUE),
        TrainerConfig.fromMap(RunRecord.training(c)),
        RunRecord.textResult(c));
  }
}

package org.lstmlab.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.data.NotebookSeries;
import org.lstmlab.core.data.Windows;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Adam;
import org.lstmlab.core.optim.Optimizer;
import org.lstmlab.core.train.StopReason;
import org.lstmlab.core.train.Trainer;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.train.TrainingResult;

/**
 * The README's "The library in 15 lines" and the trainer example under it, compiled and run; the
 * test also checks that the README still shows exactly this code.
 */
class ReadmeLibraryExampleTest {

  @Test
  void readmeCode_trainsAndPredicts() {
    // ---- the README's code, from here ----
    Windows data = Windows.of(NotebookSeries.values(42), 10);   // x (90, 10, 1), y (90, 1)
    SequenceBatch x = data.batch();                             // B = 90 windows, T = 10, I = 1
    SequenceModel model = SequenceModel.builder(CellType.LSTM, 1, 32).seed(1).build();
    Optimizer adam = Adam.builder().lr(0.01).build();
    Mse mse = new Mse();

    // One training step on a batch of all 90 windows.
    model.parameters().zeroGrad();
    float[] pred = model.forward(x, Mode.TRAINING);                 // (B, O) = (90, 1), dropout on
    float[] dPred = new float[pred.length];
    double loss = mse.gradient(pred, data.y(), dPred);            // the loss, and dLoss/dpred
    model.backwardParameters(dPred);                                // accumulates the gradients
    adam.step(model.parameters());                                  // updates the weights

    float[] forecast = model.predict(x);                            // Mode.INFERENCE: no dropout
    // ---- to here ----
    assertThat(forecast).hasSize(90);
    // One Adam step against the gradient lowers the loss on the same batch.
    assertThat(mse.value(forecast, data.y())).isLessThan(loss);

    // ---- the README's code, from here ----
    TrainerConfig config = TrainerConfig.builder()
        .optimizer(Adam.builder().lr(0.01).build())   // typed: betas, eps, amsgrad reachable too
        .epochs(20).batchSize(1).shuffle(false).build();
    TrainingResult result = new Trainer(model, config).fit(data.batch(), data.y());
    // result.stopReason(): COMPLETED, EARLY_STOPPED, CANCELLED or DIVERGED, with result.message()
    // ---- to here ----
    assertThat(result.stopReason()).isEqualTo(StopReason.COMPLETED);
    assertThat(result.epochs()).isEqualTo(20);
    assertThat(mse.value(model.predict(x), data.y())).isLessThan(mse.value(forecast, data.y()));
  }

  @Test
  void readme_showsThisCode() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    String readme = Files.readString(root.resolve("README.md"));
    String self = Files.readString(root.resolve(
        "lstmlab-core/src/test/java/org/lstmlab/core/ReadmeLibraryExampleTest.java"));
    String marker = "<!-- compiled by lstmlab-core/src/test/java/org/lstmlab/core/"
        + "ReadmeLibraryExampleTest.java -->";
    List<String> blocks = new ArrayList<>();
    for (int at = readme.indexOf(marker); at >= 0; at = readme.indexOf(marker, at + 1)) {
      int open = readme.indexOf("```java", at) + 7;
      blocks.add(readme.substring(open, readme.indexOf("```", open)));
    }
    assertThat(blocks).hasSize(2);
    StringBuilder code = new StringBuilder();
    String from = "// ---- the README's " + "code, from here ----"; // split: not a marker itself
    for (int at = self.indexOf(from); at >= 0; at = self.indexOf(from, at + 1)) {
      code.append(self, at, self.indexOf("// ---- to " + "here ----", at)).append('\n');
    }
    String normalised = norm(code.toString());
    for (String block : blocks) {
      for (String line : block.lines().map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("// Imports") && !l.startsWith("// Sequence"))
          .toList()) {
        assertThat(normalised).as("README line: " + line).contains(norm(line));
      }
    }
  }

  private static String norm(String s) {
    return s.replaceAll("\\s+", " ");
  }
}

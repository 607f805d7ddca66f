package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;

/**
 * Issue 11, case 3: a tensor of no elements must not size the model. {@code [0, 30000000]} as
 * {@code rnn.weight_ih_l0} of an LSTM of hidden 2 used to allocate 8 × 30 000 000 floats (960 MB
 * here, 3.8 GB with hidden 8) before any shape was compared; {@code [0, 2000000000]} ended in
 * {@code ArithmeticException: integer overflow}.
 */
class ModelFileSizeTest {

  @TempDir Path dir;

  /** An LSTM file of hidden 2 whose rnn.weight_ih_l0 has the given shape and no bytes. */
  Path lstmWithInputShape(String shape) throws Exception {
    String h = "{\"__metadata__\":{\"window\":\"5\"},"
        + "\"rnn.weight_ih_l0\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,0]},"
        + "\"rnn.weight_hh_l0\":{\"dtype\":\"F32\",\"shape\":[8,2],\"data_offsets\":[0,64]},"
        + "\"rnn.bias_ih_l0\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[64,96]},"
        + "\"rnn.bias_hh_l0\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[96,128]},"
        + "\"head.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[128,136]},"
        + "\"head.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[136,140]}}";
    Path f = dir.resolve("m.safetensors");
    Files.write(f, TestFiles.safetensors(h, new byte[140]));
    return f;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "[0,30000000]   | tensor 'rnn.weight_ih_l0' has shape [0, 30000000], the model needs"
        + " [8, 30000000]",
    // 2·10⁹ floats and as many gradients, 16 GB: allocated first, they failed with OutOfMemoryError.
    "[0,250000000]  | tensor 'rnn.weight_ih_l0' has shape [0, 250000000], the model needs"
        + " [8, 250000000]",
    "[0,2000000000] | invalid model description: parameter 'rnn.weight_ih_l0' (8, 2000000000)"
        + " would hold 16,000,000,000 values, more than a Java array can (2,147,483,639)",
  })
  void load_zeroElementTensorWithAHugeDimension_failsBeforeAllocating(String shape,
      String message) throws Exception {
    Path f = lstmWithInputShape(shape);
    assertThatThrownBy(() -> ModelFile.load(f))
        .isInstanceOf(ModelFileException.class)
        .hasMessage(f + ": " + message);
  }

  @Test
  void load_horizonThatDisagreesWithTheHead_isAnError() throws Exception {
    // Issue 11, case 12: the metadata's horizon used to be ignored.
    SequenceModel net = SequenceModel.builder(CellType.LSTM, 1, 2).build();
    Path f = dir.resolve("h.safetensors");
    ModelFile.save(f, net, ModelSpec.builder(net).window(5).horizon(3).build());
    assertThatThrownBy(() -> ModelFile.load(f))
        .isInstanceOf(ModelFileException.class)
        .hasMessage(f + ": metadata 'horizon' is 3 but the 1 rows of head.weight forecast 1 value"
            + " per window");
  }
}

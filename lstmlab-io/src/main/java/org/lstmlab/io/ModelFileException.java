package org.lstmlab.io;

import java.nio.file.Path;

/**
 * A model file that cannot be read or written: a malformed safetensors layout, an unsupported
 * dtype, tensors that do not fit the model, metadata that does not parse, or non-finite values.
 * The message is one line: {@code "model.safetensors: tensor 'head.weight' has shape [2, 4], the
 * model needs [1, 4]"}.
 */
public final class ModelFileException extends FileFormatException {
  private static final long serialVersionUID = 1L;

  /**
   * @param file the model file
   * @param problem what is wrong, without the file name
   */
  public ModelFileException(Path file, String problem) {
    super(file, problem);
  }

  /** As {@link #ModelFileException(Path, String)}, keeping the lower-level cause. */
  public ModelFileException(Path file, String problem, Throwable cause) {
    super(file, problem, cause);
  }
}

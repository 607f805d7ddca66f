package org.lstmlab.core.text;

/**
 * One-hot encoding of token ids, PyTorch's {@code F.one_hot(ids, num_classes=V).float()}: row i of
 * the result is all zeros but a 1 at column {@code ids[i]}. The padding id {@value
 * Vocabulary#PAD_ID} is encoded like any other (a 1 in column 0), as PyTorch does; a model that
 * must not see padding takes lengths or a mask. Stateless.
 */
public final class OneHot {

  private OneHot() {}

  /**
   * The (N, V) one-hot rows of N ids.
   *
   * @throws IllegalArgumentException on V &lt; 1, a null array, or an id outside [0, V) (naming
   *     its position)
   */
  public static float[] encode(int[] ids, int vocabSize) {
    if (vocabSize < 1) {
      throw new IllegalArgumentException("vocabSize must be at least 1, got " + vocabSize);
    }
    if (ids == null) {
      throw new IllegalArgumentException("ids is null");
    }
    float[] out = new float[Math.multiplyExact(ids.length, vocabSize)];
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      if (id < 0 || id >= vocabSize) {
        throw new IllegalArgumentException("ids[" + i + "] = " + id + " is outside [0, "
            + vocabSize + ")");
      }
      out[i * vocabSize + id] = 1f;
    }
    return out;
  }
}

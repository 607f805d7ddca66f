package org.lstmlab.core.nn;

/**
 * A {@link SequenceModel} for inference only, over its own copy of the parameters a model had
 * when {@link SequenceModel#freeze()} made it: what DJL's predictor, an ONNX Runtime session or a
 * frozen TorchScript module is to their model, a fixed set of weights to serve predictions from.
 *
 * <p>A live model cannot assume that its weights are those of its last call: an optimizer step,
 * a load, or any write to {@link Parameters#data()} may have changed them. So at every prediction
 * it compares W_hh with the copy it packed the kernel's W_hhᵀ from, two reads of every recurrent
 * weight. No one can write this model's weights, so it packs them on its first call and never
 * compares (at the notebook's one-window prediction, LSTM hidden 100 on two threads, 0.3–0.7 µs
 * of 14–15 saved, AMD Zen 4). Its predictions are the source model's of that moment, bit for bit.
 * Freezing copies the parameter values, without gradients.
 *
 * <p>One caller at a time, as a model: it keeps workspaces between calls.
 */
public final class FrozenModel {

  private final SequenceModel model; // private: no one else reaches its parameters

  FrozenModel(SequenceModel model) {
    this.model = model;
  }

  /**
   * Inference from zero (or the batch's) initial states, as {@link SequenceModel#predict}.
   *
   * @throws IllegalArgumentException as {@link SequenceModel#forward}
   */
  public float[] predict(SequenceBatch x) {
    return model.predict(x);
  }

  /** I: input features per step (E for a token model). */
  public int inputSize() {
    return model.inputSize();
  }

  /** O: outputs of the head. */
  public int outputSize() {
    return model.outputSize();
  }

  /** Which steps the head reads. */
  public SequenceModel.Outputs outputs() {
    return model.outputs();
  }

  /** Whether the model reads token ids through an embedding. */
  public boolean tokenInput() {
    return model.tokenInput();
  }

  /** The recurrent stack's sizes. */
  public Recurrent.Config config() {
    return model.config();
  }
}

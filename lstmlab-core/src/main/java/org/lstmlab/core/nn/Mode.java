package org.lstmlab.core.nn;

/**
 * Whether a forward pass trains or infers: the one switch a forward pass has, named instead of a
 * bare boolean.
 */
public enum Mode {
  /** Dropout between layers is on (when the model has it); a backward pass may follow. */
  TRAINING,
  /** No dropout: the deterministic predictions a trained model serves. */
  INFERENCE
}

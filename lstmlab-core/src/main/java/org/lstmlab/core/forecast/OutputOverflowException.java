package org.lstmlab.core.forecast;

/**
 * A model's output cannot be turned back into the data's units: its scaler (stored with the model)
 * maps it beyond float's range. The fault lies with the model file, not the data.
 */
public final class OutputOverflowException extends IllegalArgumentException {

  OutputOverflowException(String message, Throwable cause) {
    super(message, cause);
  }
}

package org.lstmlab.core.nn;

import java.util.Locale;

/**
 * The recurrent cells, with PyTorch's gate counts and gate order.
 *
 * <p>{@code G} below is the number of gate blocks stacked in {@code weight_ih} and {@code
 * weight_hh}: 4 for the LSTM (i, f, g, o), 3 for the GRU (r, z, n), 1 for the vanilla RNN.
 */
public enum CellType {
  /** Long short-term memory [Hochreiter &amp; Schmidhuber 1997] with a forget gate [Gers et al. 2000]. */
  LSTM("lstm", 4),
  /** Gated recurrent unit [Cho et al. 2014], PyTorch's variant (reset gate applied after W_hn·h). */
  GRU("gru", 3),
  /** Elman RNN with tanh, PyTorch's {@code nn.RNN} default. */
  RNN_TANH("rnn", 1),
  /** Elman RNN with relu, PyTorch's {@code nn.RNN(nonlinearity='relu')}. */
  RNN_RELU("rnn_relu", 1);

  private final String id;
  private final int gates;

  CellType(String id, int gates) {
    this.id = id;
    this.gates = gates;
  }

  /** The name used in flags, JSON and model files: {@code lstm}, {@code gru}, {@code rnn}, {@code rnn_relu}. */
  public String id() {
    return id;
  }

  /** G: the number of gate blocks in the fused weight matrices. */
  public int gates() {
    return gates;
  }

  /** Whether the cell has a cell state c besides the hidden state h (only the LSTM). */
  public boolean hasCellState() {
    return this == LSTM;
  }

  /**
   * The cell for an id, case-insensitive; {@code rnn_tanh} is accepted for {@link #RNN_TANH}.
   *
   * @throws IllegalArgumentException naming the valid ids
   */
  public static CellType fromId(String id) {
    String s = id == null ? "" : id.toLowerCase(Locale.ROOT);
    if (s.equals("rnn_tanh")) {
      return RNN_TANH;
    }
    for (CellType c : values()) {
      if (c.id.equals(s)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "cell must be one of lstm, gru, rnn, rnn_relu; got '" + id + "'");
  }
}

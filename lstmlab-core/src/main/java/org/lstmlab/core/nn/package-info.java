/**
 * The public model API: {@link org.lstmlab.core.nn.SequenceModel} (a recurrent stack and a linear
 * head), {@link org.lstmlab.core.nn.SequenceBatch} (its input: (B, T, I) values with their shape and
 * optional initial states), {@link org.lstmlab.core.nn.Mode}, {@link org.lstmlab.core.nn.Compute}
 * (the kernel in use and its threads), {@link org.lstmlab.core.nn.Recurrent} (LSTM, GRU and RNN layers, PyTorch's parameter layout
 * and names), {@link org.lstmlab.core.nn.Linear} and {@link org.lstmlab.core.nn.Parameters} (all
 * tensors in one flat array). Arrays are flat {@code float[]} in row-major order; shapes are given
 * in the Javadoc with the letters B (batch), T (steps), I (inputs), H (hidden), L (layers), O
 * (outputs), G (gate blocks).
 */
package org.lstmlab.core.nn;

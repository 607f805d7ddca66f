/**
 * The long-time-lag tasks of the LSTM literature and a runner that trains several models on them.
 *
 * <p>Each task is a seeded generator of batches ({@link org.lstmlab.core.lags.LagTask}): the
 * adding problem ({@link org.lstmlab.core.lags.AddingProblem}, Arjovsky, Shah &amp; Bengio 2016),
 * the temporal order problem ({@link org.lstmlab.core.lags.TemporalOrder}, Hochreiter &amp;
 * Schmidhuber 1997, experiment 6a) and the copy / memory task ({@link
 * org.lstmlab.core.lags.CopyTask}, Arjovsky et al. 2016). Each knows the score of a memoryless
 * baseline, the number a model must beat to show that it bridged the lag. {@link
 * org.lstmlab.core.lags.Experiment} trains LSTM, GRU and RNN models on the same stream of batches
 * and returns learning curves on a fixed held-out set ({@link
 * org.lstmlab.core.lags.ExperimentResult}).
 *
 * <p>Arrays are flat {@code float[]} in row-major order: inputs x (B, T, I) batch-first as {@link
 * org.lstmlab.core.nn.SequenceModel} takes them.
 */
package org.lstmlab.core.lags;

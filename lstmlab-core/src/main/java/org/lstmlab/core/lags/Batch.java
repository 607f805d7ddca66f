package org.lstmlab.core.lags;

/**
 * One batch of a {@link LagTask}: B sequences of T steps and their targets.
 *
 * <p>The arrays are the task's own and are not copied; treat them as read-only.
 *
 * @param size B: sequences in the batch
 * @param steps T: time steps fed to the model ({@link LagTask#steps()})
 * @param x (B, T, I) inputs, batch-first
 * @param y targets: (B) for the adding problem (the sum) and temporal order (the class index),
 *     (B, T) class indices for the copy task
 */
public record Batch(int size, int steps, float[] x, float[] y) {}

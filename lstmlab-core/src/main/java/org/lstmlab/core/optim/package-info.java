/**
 * Optimizers, gradient clipping and learning-rate schedules, matching PyTorch 1.13.
 *
 * <p>{@link org.lstmlab.core.optim.Optimizer} is the one interface a trainer drives: {@link
 * org.lstmlab.core.optim.Sgd}, {@link org.lstmlab.core.optim.Adam}, {@link
 * org.lstmlab.core.optim.AdamW} and {@link org.lstmlab.core.optim.RmsProp} each update all of a
 * model's {@link org.lstmlab.core.nn.Parameters} in one fused loop over its flat arrays, with the
 * arithmetic of {@code torch.optim}'s single-tensor path. {@link
 * org.lstmlab.core.optim.GradientClipping} is {@code torch.nn.utils.clip_grad_norm_}; {@link
 * org.lstmlab.core.optim.LrSchedule} and its implementations give the learning rate per epoch in
 * closed form. {@link org.lstmlab.core.optim.Optimizers} finds an optimizer by name.
 *
 * <p>Left out: per-tensor parameter groups (one learning rate for the whole model), sparse
 * gradients, {@code maximize}, and schedules that depend on a validation metric.
 */
package org.lstmlab.core.optim;

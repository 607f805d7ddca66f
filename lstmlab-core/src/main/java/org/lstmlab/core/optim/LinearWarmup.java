package org.lstmlab.core.optim;

/**
 * Ramps another schedule in linearly over the first epochs: {@code lr(e) = f(e) · after.lr(e)}
 * with {@code f(e) = startFactor + (1 − startFactor) · min(e, warmupEpochs) / warmupEpochs}.
 *
 * <p>The factor grows from {@code startFactor} at epoch 0 to 1 at {@code warmupEpochs} and stays
 * 1, so from then on this is {@code after} unchanged. Around {@link ConstantLr} it is exactly
 * {@code torch.optim.lr_scheduler.LinearLR} with {@code start_factor = startFactor}, {@code
 * end_factor = 1.0} and {@code total_iters = warmupEpochs}.
 * Small early steps keep freshly initialised weights from being thrown far by large first
 * updates [Goyal et al. 2017, "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour",
 * section 2.2]; for Adam they also give the second-moment estimate time to settle [Liu et al.
 * 2020, "On the Variance of the Adaptive Learning Rate and Beyond"].
 *
 * @param after the schedule to ramp in
 * @param startFactor the fraction of {@code after}'s rate used at epoch 0, in (0, 1]
 * @param warmupEpochs the epoch from which the full rate applies, > 0
 */
public record LinearWarmup(LrSchedule after, double startFactor, int warmupEpochs)
    implements LrSchedule {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException naming the first component out of range
   */
  public LinearWarmup {
    if (after == null) {
      throw new IllegalArgumentException("after is null; expected the schedule to warm up");
    }
    if (!(startFactor > 0 && startFactor <= 1)) {
      throw new IllegalArgumentException("startFactor must be in (0, 1], got " + startFactor);
    }
    Hyper.positiveCount("warmupEpochs", warmupEpochs);
  }

  @Override
  public double lr(int epoch) {
    double ramp = (double) Math.min(Hyper.epoch(epoch), warmupEpochs) / warmupEpochs;
    return (startFactor + (1 - startFactor) * ramp) * after.lr(epoch);
  }
}

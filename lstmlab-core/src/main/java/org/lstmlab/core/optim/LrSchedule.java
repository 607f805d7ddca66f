package org.lstmlab.core.optim;

/**
 * A learning rate as a function of the epoch, in closed form.
 *
 * <p>Order of use: at the start of each epoch (counted from 0) a trainer calls {@code
 * optimizer.setLr(schedule.lr(epoch))}. Unlike PyTorch's schedulers, which update the optimizer's
 * rate step by step, a schedule here holds no state: {@code lr(e)} depends on {@code e} alone, so
 * a resumed run gets the same rates as an uninterrupted one. Implementations are immutable.
 */
public interface LrSchedule {

  /**
   * The learning rate for {@code epoch}.
   *
   * @throws IllegalArgumentException if {@code epoch < 0}
   */
  double lr(int epoch);
}

package org.lstmlab.core.optim;

import java.util.List;

/** Finds an {@link Optimizer} by the name used in configuration files and on the command line. */
public final class Optimizers {

  /** The names {@link #byName} accepts, in a stable order. */
  public static final List<String> NAMES = List.of(Sgd.NAME, Adam.NAME, AdamW.NAME, RmsProp.NAME);

  private Optimizers() {}

  /**
   * The optimizer called {@code name} with learning rate {@code lr} and every other
   * hyperparameter at its default (see each class's {@code DEFAULT_*} constants). For anything
   * else, use the class's builder.
   *
   * @param name one of {@link #NAMES}: {@code sgd}, {@code adam}, {@code adamw}, {@code rmsprop}
   * @param lr the learning rate, finite and ≥ 0
   * @throws IllegalArgumentException for any other name, or an lr out of range
   */
  public static Optimizer byName(String name, double lr) {
    return switch (String.valueOf(name)) {
      case Sgd.NAME -> Sgd.builder().lr(lr).build();
      case Adam.NAME -> Adam.builder().lr(lr).build();
      case AdamW.NAME -> AdamW.builder().lr(lr).build();
      case RmsProp.NAME -> RmsProp.builder().lr(lr).build();
      default -> throw unknown(name);
    };
  }

  /**
   * The optimizer called {@code name} with every hyperparameter at its default, the learning rate
   * included: its builder's default is the one default there is (0.001 for sgd, adam and adamw,
   * 0.01 for rmsprop, PyTorch's), whether an optimizer is built in code, named in a {@code
   * TrainerConfig} or on the command line without {@code --lr}.
   *
   * @throws IllegalArgumentException for a name not in {@link #NAMES}
   */
  public static Optimizer byName(String name) {
    return switch (String.valueOf(name)) {
      case Sgd.NAME -> Sgd.builder().build();
      case Adam.NAME -> Adam.builder().build();
      case AdamW.NAME -> AdamW.builder().build();
      case RmsProp.NAME -> RmsProp.builder().build();
      default -> throw unknown(name);
    };
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException(
        "optimizer must be one of " + NAMES + ", got '" + name + "'");
  }
}

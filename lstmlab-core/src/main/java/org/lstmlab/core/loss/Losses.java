package org.lstmlab.core.loss;

import java.util.List;

/** Finds a {@link Loss} by the name used in configuration files and on the command line. */
public final class Losses {

  /** The names {@link #byName} accepts, in a stable order. */
  public static final List<String> NAMES = List.of(Mse.NAME, Mae.NAME, Huber.NAME);

  private Losses() {}

  /**
   * The loss called {@code name}, with default hyperparameters ({@code huber} has δ =
   * {@value Huber#DEFAULT_DELTA}).
   *
   * @param name one of {@link #NAMES}: {@code mse}, {@code mae}, {@code huber}
   * @throws IllegalArgumentException for any other name
   */
  public static Loss byName(String name) {
    return switch (String.valueOf(name)) {
      case Mse.NAME -> new Mse();
      case Mae.NAME -> new Mae();
      case Huber.NAME -> new Huber();
      default -> throw new IllegalArgumentException(
          "loss must be one of " + NAMES + ", got '" + name + "'");
    };
  }
}

package org.lstmlab.core.optim;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

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

  /**
   * The optimizer that {@link Optimizer#settings()} describes: the one named by {@code optimizer},
   * with {@code lr} and every hyperparameter the map holds, the others at their defaults (so a run
   * record that kept only the name and lr, as model files written before the whole optimizer was
   * recorded do, replays as it ran). Keys
   * may be the builders' camelCase or snake_case ({@code weightDecay}, {@code weight_decay}), as a
   * model file's run record stores them; keys that belong to the training run (epochs, loss, …)
   * are ignored.
   *
   * @throws IllegalArgumentException if the name is unknown or missing, or a value is not a number
   *     (or true/false) or is out of range, naming the key
   */
  public static Optimizer fromSettings(Map<String, String> settings) {
    Settings s = new Settings(settings);
    String name = s.text("optimizer");
    if (name == null) {
      throw new IllegalArgumentException("settings have no 'optimizer'; expected one of " + NAMES);
    }
    switch (name) {
      case Sgd.NAME: {
        Sgd.Builder b = Sgd.builder();
        s.number("lr", b::lr);
        s.number("momentum", b::momentum);
        s.number("dampening", b::dampening);
        s.flag("nesterov", b::nesterov);
        s.number("weightDecay", b::weightDecay);
        return b.build();
      }
      case Adam.NAME:
        return adaptive(Adam.builder(), s);
      case AdamW.NAME:
        return adaptive(AdamW.builder(), s);
      case RmsProp.NAME: {
        RmsProp.Builder b = RmsProp.builder();
        s.number("lr", b::lr);
        s.number("alpha", b::alpha);
        s.number("eps", b::eps);
        s.number("weightDecay", b::weightDecay);
        s.number("momentum", b::momentum);
        s.flag("centered", b::centered);
        return b.build();
      }
      default:
        throw unknown(name);
    }
  }

  private static <O extends AdaptiveMoments> O adaptive(AdaptiveMoments.Builder<O, ?> b,
      Settings s) {
    s.number("lr", b::lr);
    double[] betas = {Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2};
    s.number("beta1", v -> betas[0] = v);
    s.number("beta2", v -> betas[1] = v);
    b.betas(betas[0], betas[1]);
    s.number("eps", b::eps);
    s.number("weightDecay", b::weightDecay);
    s.flag("amsgrad", b::amsgrad);
    return b.build();
  }

  /** A settings map read with keys in camelCase or snake_case. */
  private static final class Settings {
    private final Map<String, String> byKey = new HashMap<>();

    Settings(Map<String, String> settings) {
      if (settings == null) {
        throw new IllegalArgumentException("settings must not be null");
      }
      settings.forEach((k, v) -> byKey.put(normal(k), v));
    }

    private static String normal(String key) {
      return key.replace("_", "").toLowerCase(Locale.ROOT);
    }

    String text(String key) {
      return byKey.get(normal(key));
    }

    void number(String key, DoubleConsumer to) {
      String v = text(key);
      if (v != null) {
        try {
          to.accept(Double.parseDouble(v.trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("optimizer setting " + key + " = '" + v
              + "' is not a number");
        }
      }
    }

    void flag(String key, Consumer<Boolean> to) {
      String v = text(key);
      if (v != null) {
        String t = v.trim().toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
          throw new IllegalArgumentException("optimizer setting " + key + " = '" + v
              + "'; expected true or false");
        }
        to.accept(Boolean.parseBoolean(t));
      }
    }
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException(
        "optimizer must be one of " + NAMES + ", got '" + name + "'");
  }
}

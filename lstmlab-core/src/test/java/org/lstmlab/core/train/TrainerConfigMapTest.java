package org.lstmlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlab.core.optim.Adam;
import org.lstmlab.core.optim.AdamW;
import org.lstmlab.core.optim.Optimizer;
import org.lstmlab.core.optim.Optimizers;
import org.lstmlab.core.optim.RmsProp;
import org.lstmlab.core.optim.Sgd;
import org.lstmlab.core.optim.StepLr;

/** A run's whole configuration, optimizer included, is recorded as strings and replays from them. */
class TrainerConfigMapTest {

  /** Every optimizer with every hyperparameter away from its default. */
  static Stream<Optimizer> optimizers() {
    return Stream.of(
        Adam.builder().lr(0.02).betas(0.8, 0.95).eps(1e-6).weightDecay(0.01).amsgrad(true).build(),
        AdamW.builder().lr(0.003).betas(0.85, 0.9).eps(1e-7).weightDecay(0.2).build(),
        RmsProp.builder().lr(0.004).alpha(0.9).eps(1e-5).weightDecay(0.001).momentum(0.5)
            .centered(true).build(),
        Sgd.builder().lr(0.1).momentum(0.9).nesterov(true).weightDecay(0.0005).build(),
        Sgd.builder().lr(0.1).momentum(0.8).dampening(0.25).build());
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void toMap_recordsEveryHyperparameter_andFromMapRebuildsThem(Optimizer o) {
    TrainerConfig c = TrainerConfig.builder().optimizer(o).epochs(7).batchSize(16).shuffle(false)
        .loss("huber").clip(1.5).patience(3).seed(99).build();
    Map<String, String> map = c.toMap();
    assertThat(map).containsAllEntriesOf(o.settings());
    TrainerConfig replayed = TrainerConfig.fromMap(map);
    assertThat(replayed.toMap()).isEqualTo(map);
    assertThat(replayed.newOptimizer().toString()).isEqualTo(o.toString());
    assertThat(replayed.newOptimizer().getClass()).isEqualTo(o.getClass());
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void fromMap_snakeCaseKeys_asTheRunRecordStoresThem(Optimizer o) {
    Map<String, String> snake = new LinkedHashMap<>();
    TrainerConfig c = TrainerConfig.builder().optimizer(o).batchSize(4).build();
    c.toMap().forEach((k, v) -> snake.put(k.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT),
        v));
    assertThat(snake).containsKey("batch_size").containsKey("weight_decay");
    assertThat(TrainerConfig.fromMap(snake).toMap()).isEqualTo(c.toMap());
  }

  @Test
  void fromMap_onlyNameAndLr_replaysWithTheOptimizersDefaults() {
    // What model files written before the whole optimizer was recorded hold.
    Map<String, String> old = Map.of("epochs", "300", "batch_size", "32", "optimizer", "rmsprop",
        "lr", "0.001", "loss", "mse", "clip", "0.0", "patience", "10", "seed", "1",
        "shuffle", "true");
    TrainerConfig c = TrainerConfig.fromMap(old);
    RmsProp expected = RmsProp.builder().lr(0.001).build();
    assertThat(c.newOptimizer().settings()).isEqualTo(expected.settings());
    assertThat(c.newOptimizer().settings()).containsEntry("alpha", "0.99")
        .containsEntry("momentum", "0.0").containsEntry("centered", "false");
    assertThat(new int[] {c.epochs(), c.batchSize(), c.patience()}).containsExactly(300, 32, 10);
  }

  @Test
  void fromMap_badValues_nameTheKey() {
    assertThatThrownBy(() -> Optimizers.fromSettings(Map.of("optimizer", "adam", "beta1", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("optimizer setting beta1 = 'x' is not a number");
    assertThatThrownBy(() -> Optimizers.fromSettings(Map.of("optimizer", "sgd", "nesterov", "1")))
        .hasMessage("optimizer setting nesterov = '1'; expected true or false");
    assertThatThrownBy(() -> Optimizers.fromSettings(Map.of("optimizer", "adam", "beta2", "1.5")))
        .hasMessageContaining("beta2");
    assertThatThrownBy(() -> Optimizers.fromSettings(Map.of("lr", "0.1")))
        .hasMessage("settings have no 'optimizer'; expected one of [sgd, adam, adamw, rmsprop]");
    assertThatThrownBy(() -> TrainerConfig.fromMap(
        TrainerConfig.builder().schedule(new StepLr(0.1, 5, 0.5)).build().toMap()))
        .hasMessageContaining("is recorded by its description only");
  }
}

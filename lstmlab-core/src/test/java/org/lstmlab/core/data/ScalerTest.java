package org.lstmlab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scalers: the statistics they fit, what they map values to, and their metadata round trip. */
class ScalerTest {

  @Test
  void standard_textbookSeries_meanFiveStdTwo() {
    // 2,4,4,4,5,5,7,9: mean 5, population std 2 (sample std would be 2.138).
    float[] s = {2, 4, 4, 4, 5, 5, 7, 9};
    Scaler.Standard sc = (Scaler.Standard) Scaler.fit("standard", s, 1, 0, s.length);
    assertThat(sc.mean()).containsExactly(5.0);
    assertThat(sc.std()).containsExactly(2.0);
    assertThat(sc.transform(s)).containsExactly(-1.5f, -0.5f, -0.5f, -0.5f, 0f, 0f, 1f, 2f);
  }

  @Test
  void fit_trainingRowsOnly_ignoresLaterValues() {
    // The spike at the end is validation/test data: the statistics must not see it.
    float[] s = {2, 4, 4, 4, 5, 5, 7, 9, 1000, -1000};
    Scaler.Standard std = (Scaler.Standard) Scaler.fit("standard", s, 1, 0, 8);
    assertThat(std.mean()).containsExactly(5.0);
    assertThat(std.std()).containsExactly(2.0);
    Scaler.MinMax mm = (Scaler.MinMax) Scaler.fit("minmax", s, 1, 0, 8);
    assertThat(mm.min()).containsExactly(2.0);
    assertThat(mm.max()).containsExactly(9.0);
    // Values outside the training range map outside [0, 1]: no clipping, as scikit-learn.
    assertThat(mm.transform(new float[] {1000})).containsExactly((1000f - 2f) / 7f);
  }

  @Test
  void minmax_mapsTrainingRangeOntoZeroOne() {
    float[] s = {3, -1, 7, 5};
    Scaler sc = Scaler.fit("minmax", s, 1, 0, 4);
    assertThat(sc.transform(s)).containsExactly(0.5f, 0f, 1f, 0.75f);
    assertThat(sc.inverseTransform(new float[] {0.25f})).containsExactly(1f);
  }

  @Test
  void standard_twoFeatures_perColumnStatisticsAsNumpy() {
    // numpy: v = np.array([[0.5,1.25],[-2,3.75],[10,0],[7.5,-1.5]]); v.mean(0) = [4, 0.875],
    // v.std(0) (ddof=0) = [4.911720676097125, 1.9243505397925815];
    // ((v - v.mean(0)) / v.std(0)).astype(np.float32).ravel() gives the scaled values below.
    float[] v = {0.5f, 1.25f, -2f, 3.75f, 10f, 0f, 7.5f, -1.5f};
    Scaler.Standard sc = (Scaler.Standard) Scaler.fit("standard", v, 2, 0, 4);
    assertThat(sc.features()).isEqualTo(2);
    assertThat(sc.mean()).containsExactly(4.0, 0.875);
    assertThat(sc.std()[0]).isCloseTo(4.911720676097125, within(1e-15));
    assertThat(sc.std()[1]).isCloseTo(1.9243505397925815, within(1e-15));
    assertThat(sc.transform(v)).containsExactly(
        -0.712581217288971f, 0.1948709338903427f, -1.2215678691864014f, 1.4940105676651f,
        1.2215678691864014f, -0.4546988606452942f, 0.712581217288971f, -1.234182596206665f);
    // The target column alone, e.g. to inverse-transform predictions of feature 1.
    Scaler col = sc.feature(1);
    assertThat(col.features()).isEqualTo(1);
    assertThat(col.inverseTransform(new float[] {0f, 1f}))
        .containsExactly(0.875f, (float) (0.875 + 1.9243505397925815));
  }

  @ParameterizedTest
  @ValueSource(strings = {"standard", "minmax"})
  void fit_constantFeature_mapsToZeroAndBack(String name) {
    float[] s = {0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f};
    Scaler sc = Scaler.fit(name, s, 1, 0, s.length);
    float[] t = sc.transform(new float[] {0.1f, 1.1f});
    assertThat(t[0]).isEqualTo(0f); // not NaN: the divisor is 1 when the spread is 0
    assertThat(t[1]).isCloseTo(1f, within(1e-6f));
    assertThat(sc.inverseTransform(t)[0]).isEqualTo(0.1f);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "standard", "minmax"})
  void inverseTransform_undoesTransform(String name) {
    float[] s = new float[60];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) (3 + 5 * Math.sin(0.4 * i) + 0.01 * i * i);
    }
    Scaler sc = Scaler.fit(name, s, 2, 0, 20);
    float[] back = sc.inverseTransform(sc.transform(s));
    for (int i = 0; i < s.length; i++) {
      assertThat(back[i]).as("value %d", i).isCloseTo(s[i], within(2e-5f * Math.abs(s[i]) + 1e-6f));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "standard", "minmax"})
  void toMap_fromMap_roundTripsBitForBit(String name) {
    // Irrational-looking statistics: the text form must keep every bit of the doubles.
    float[] s = {0.1f, 0.7f, 0.3f, 1 / 3f, 2.718281828f, -1.41421356f};
    Scaler a = Scaler.fit(name, s, 2, 0, 3);
    Map<String, String> meta = new HashMap<>(a.toMap());
    meta.put("hidden", "24"); // other metadata of the model file is ignored
    Scaler b = Scaler.fromMap(meta);
    assertThat(b.name()).isEqualTo(name);
    assertThat(b.toMap()).isEqualTo(a.toMap());
    float[] probe = {0.5f, -7f, 3f, 1e3f};
    assertThat(b.transform(probe)).isEqualTo(a.transform(probe));
    assertThat(b.inverseTransform(probe)).isEqualTo(a.inverseTransform(probe));
  }

  @Test
  void toMap_standard_keysAndText() {
    Scaler sc = Scaler.fit("standard", new float[] {2, 4, 4, 4, 5, 5, 7, 9}, 1, 0, 8);
    assertThat(sc.toMap())
        .containsExactly(
            Map.entry("scaler", "standard"),
            Map.entry("scaler.mean", "5.0"),
            Map.entry("scaler.std", "2.0"));
    assertThat(Scaler.fit("minmax", new float[] {1, 3, 2, 8}, 2, 0, 2).toMap())
        .containsExactly(
            Map.entry("scaler", "minmax"),
            Map.entry("scaler.min", "1.0,3.0"),
            Map.entry("scaler.max", "2.0,8.0"));
    assertThat(Scaler.none().toMap()).containsExactly(Map.entry("scaler", "none"));
  }

  static Map<String, String> meta(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void fromMap_badMetadata_namesTheKey() {
    assertThatThrownBy(() -> Scaler.fromMap(meta("hidden", "3")))
        .hasMessage("scaler metadata: key 'scaler' is missing; expected one of [none, standard, minmax]");
    assertThatThrownBy(() -> Scaler.fromMap(meta("scaler", "robust")))
        .hasMessage("scaler metadata 'scaler' must be one of [none, standard, minmax], got 'robust'");
    assertThatThrownBy(() -> Scaler.fromMap(meta("scaler", "standard", "scaler.mean", "1.0")))
        .hasMessage("scaler metadata: key 'scaler.std' is missing for scaler 'standard'");
    assertThatThrownBy(
            () -> Scaler.fromMap(meta("scaler", "standard", "scaler.mean", "1.0,x", "scaler.std", "1,1")))
        .hasMessage("scaler metadata 'scaler.mean': item 1 'x' is not a finite number;"
            + " expected comma-separated numbers");
    assertThatThrownBy(
            () -> Scaler.fromMap(meta("scaler", "standard", "scaler.mean", "NaN", "scaler.std", "1")))
        .hasMessageContaining("item 0 'NaN' is not a finite number");
    assertThatThrownBy(
            () -> Scaler.fromMap(meta("scaler", "standard", "scaler.mean", "1,2", "scaler.std", "1")))
        .hasMessage("scaler metadata: 'scaler.mean' has 2 values but 'scaler.std' has 1;"
            + " expected one per feature in both");
    assertThatThrownBy(
            () -> Scaler.fromMap(meta("scaler", "standard", "scaler.mean", "1", "scaler.std", "-1")))
        .hasMessage("scaler metadata 'scaler.std': feature 0 has std -1.0; expected >= 0");
    assertThatThrownBy(
            () -> Scaler.fromMap(meta("scaler", "minmax", "scaler.min", "0,5", "scaler.max", "1,4")))
        .hasMessage("scaler metadata: feature 1 has min 5.0 > max 4.0");
  }

  @Test
  void fit_badArguments_explain() {
    float[] s = {1, 2, 3, 4};
    assertThatThrownBy(() -> Scaler.fit("zscore", s, 1, 0, 4))
        .hasMessage("scaler must be one of [none, standard, minmax], got 'zscore'");
    assertThatThrownBy(() -> Scaler.fit("standard", s, 1, 2, 2))
        .hasMessage("scaler fit rows [2, 2) must be a non-empty range within the 4 rows of the series");
    assertThatThrownBy(() -> Scaler.fit("minmax", s, 3, 0, 1))
        .hasMessage("values has 4 elements, not a multiple of the scaler's 3 features");
    assertThatThrownBy(() -> Scaler.fit("standard", new float[] {1, Float.NaN, 3}, 1, 0, 3))
        .hasMessage("cannot fit a scaler: row 1, feature 0 is NaN");
    // A NaN outside the fitted rows is not the scaler's business.
    assertThat(Scaler.fit("standard", new float[] {1, 3, Float.NaN}, 1, 0, 2).toMap())
        .containsEntry("scaler.mean", "2.0");
    Scaler two = Scaler.fit("standard", new float[] {1, 2, 3, 4}, 2, 0, 2);
    assertThatThrownBy(() -> two.transform(new float[] {1, 2, 3}))
        .hasMessage("values has 3 elements, not a multiple of the scaler's 2 features");
    assertThatThrownBy(() -> two.feature(2)).hasMessage("feature must be in [0, 2), got 2");
  }

  @Test
  void none_isIdentityCopy() {
    float[] s = {1.5f, -2f};
    float[] t = Scaler.none().transform(s);
    assertThat(t).containsExactly(1.5f, -2f).isNotSameAs(s);
    assertThat(Scaler.fit("none", s, 1, 0, 2)).isSameAs(Scaler.none());
  }
}

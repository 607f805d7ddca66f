package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lstmlab.io.TestFiles.f32;
import static org.lstmlab.io.TestFiles.safetensors;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeTensorsTest {

  @TempDir Path dir;

  @Test
  void write_thenRead_givesSameTensorsAndMetadata() throws IOException {
    Path file = dir.resolve("t.safetensors");
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("a", "1");
    meta.put("note", "héllo \"quoted\"");
    List<SafeTensors.Tensor> tensors =
        List.of(
            new SafeTensors.Tensor("w", new int[] {2, 3}, new float[] {1, -2, 3.5f, 0, -0f, 1e-30f}),
            new SafeTensors.Tensor("b", new int[] {2}, new float[] {Float.MAX_VALUE, Float.MIN_VALUE}),
            new SafeTensors.Tensor("s", new int[] {}, new float[] {7}));
    SafeTensors.write(file, meta, tensors);

    SafeTensors.Contents c = SafeTensors.read(file);
    assertThat(c.metadata()).containsExactlyEntriesOf(meta);
    assertThat(c.tensors()).containsOnlyKeys("w", "b", "s");
    for (SafeTensors.Tensor t : tensors) {
      SafeTensors.Tensor r = c.tensors().get(t.name());
      assertThat(r.shape()).isEqualTo(t.shape());
      assertThat(r.dtype()).isEqualTo("F32");
      // bit for bit, including -0
      assertThat(toBits(r.values())).isEqualTo(toBits(t.values()));
    }
  }

  @Test
  void write_layout_isLengthThenSpacePaddedJsonThenLittleEndianData() throws IOException {
    Path file = dir.resolve("t.safetensors");
    SafeTensors.write(
        file, Map.of(), List.of(new SafeTensors.Tensor("x", new int[] {2}, new float[] {1f, -2f})));
    byte[] bytes = Files.readAllBytes(file);
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    String json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    assertThat(n % 8).isZero();
    assertThat(header).isEqualTo(json + " ".repeat((int) n - json.length()));
    assertThat(bytes).hasSize(8 + (int) n + 8);
    // 1.0f = 0x3F800000, -2.0f = 0xC0000000, little-endian
    assertThat(java.util.Arrays.copyOfRange(bytes, 8 + (int) n, bytes.length))
        .containsExactly(0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0);
  }

  @Test
  void read_otherDtypes_convertsToFloat() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(8 * 2 + 2 * 5 + 2 * 2).order(ByteOrder.LITTLE_ENDIAN);
    data.putDouble(0.1).putDouble(-1e-3);
    // F16: 1.0, -2.0, 2^-24 (smallest subnormal), 65504 (largest finite), -0
    data.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x0001);
    data.putShort((short) 0x7BFF).putShort((short) 0x8000);
    // BF16: 1.5, -3.0
    data.putShort((short) 0x3FC0).putShort((short) 0xC040);
    String header =
        "{\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
            + "\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[16,26]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[26,30]}}";
    Path file = dir.resolve("mixed.safetensors");
    Files.write(file, safetensors(header, data.array()));

    SafeTensors.Contents c = SafeTensors.read(file);
    assertThat(c.tensors().get("d").values()).containsExactly((float) 0.1, (float) -1e-3);
    assertThat(c.tensors().get("h").values()).containsExactly(1f, -2f, 0x1p-24f, 65504f, -0f);
    assertThat(c.tensors().get("b").values()).containsExactly(1.5f, -3f);
    assertThat(c.tensors().get("b").dtype()).isEqualTo("BF16");
  }

  @Test
  void halfToFloat_everyBitPattern_matchesJdkFloat16ToFloat() throws Exception {
    // Float.float16ToFloat exists from Java 20 on; the build's JDK 25 run checks all 65536 values.
    Method jdk;
    try {
      jdk = Float.class.getMethod("float16ToFloat", short.class);
    } catch (NoSuchMethodException e) {
      Assumptions.abort("Float.float16ToFloat needs Java 20+");
      return;
    }
    for (int bits = 0; bits < 65536; bits++) {
      float want = (float) jdk.invoke(null, (short) bits);
      float got = SafeTensors.halfToFloat((short) bits);
      if (Float.isNaN(want)) {
        // NaN payloads may differ (the JDK sets the quiet bit); any NaN is rejected on load.
        assertThat(got).as("half 0x%04x", bits).isNaN();
        continue;
      }
      assertThat(Float.floatToRawIntBits(got))
          .as("half 0x%04x", bits)
          .isEqualTo(Float.floatToRawIntBits(want));
    }
  }

  static Stream<Arguments> malformed() {
    String ok = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    byte[] two = f32(1, 2);
    byte[] headerTooLong = safetensors(ok, two);
    headerTooLong[0] = (byte) 0xE8; // 1000, 3
    headerTooLong[1] = 3;
    byte[] huge = safetensors(ok, two);
    huge[7] = (byte) 0x80; // top bit: over 2^63 as unsigned
    return Stream.of(
        Arguments.of("too short", new byte[] {1, 2, 3, 4, 5}, "only 5 bytes"),
        Arguments.of("header longer than file", headerTooLong, "header length 1000 (the first 8"),
        Arguments.of("header length over 2^63", huge, "is larger than the"),
        Arguments.of("not json", safetensors("{\"x\": ", two), "header is not valid JSON"),
        Arguments.of("array header", safetensors("[1, 2]  ", two), "must be a JSON object"),
        Arguments.of("trailing garbage", safetensors(ok + " x", two), "header is not valid JSON"),
        Arguments.of(
            "duplicate key",
            safetensors(
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                    + "\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                two),
            "Duplicate field 'x'"),
        Arguments.of(
            "unknown dtype",
            safetensors(ok.replace("F32", "F33"), two),
            "tensor 'x' has unknown dtype 'F33'"),
        Arguments.of(
            "integer dtype",
            safetensors(ok.replace("F32", "I32"), two),
            "tensor 'x' has dtype I32; LSTM Lab reads F32, F64, F16 and BF16"),
        Arguments.of(
            "missing dtype",
            safetensors("{\"x\":{\"shape\":[2],\"data_offsets\":[0,8]}}", two),
            "tensor 'x' needs a string \"dtype\""),
        Arguments.of(
            "unknown field",
            safetensors(ok.replace("\"shape\"", "\"strides\":[1],\"shape\""), two),
            "tensor 'x' has an unknown field 'strides'"),
        Arguments.of(
            "negative dimension",
            safetensors(ok.replace("[2]", "[-2]"), two),
            "shape [-2] must hold non-negative integers"),
        Arguments.of(
            "size does not match shape",
            safetensors(ok.replace("[2]", "[3]"), two),
            "tensor 'x' shape [3] × F32 (4 bytes) needs 12 bytes, but data_offsets [0,8] span 8"),
        Arguments.of(
            "offsets reversed",
            safetensors(ok.replace("[0,8]", "[8,0]"), two),
            "data_offsets [8,0] end before they begin"),
        Arguments.of(
            "offsets past the data",
            safetensors(ok.replace("[0,8]", "[4,12]"), two),
            "tensor 'x' data_offsets [4, 12] run past the end of the 8-byte data buffer"),
        Arguments.of(
            "overlap",
            safetensors(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                two),
            "tensor 'b' data_offsets [4, 8] overlap tensor 'a' [0, 8]"),
        Arguments.of(
            "gap",
            safetensors(ok.replace("[2]", "[1]").replace("[0,8]", "[4,8]"), two),
            "bytes [0, 4) of the data buffer belong to no tensor"),
        Arguments.of(
            "trailing bytes",
            safetensors(ok.replace("[2]", "[1]").replace("[0,8]", "[0,4]"), two),
            "the tensors cover 4 of the 8 data bytes"),
        Arguments.of(
            "nan",
            safetensors(ok, f32(1, Float.NaN)),
            "tensor 'x' holds NaN at index 1; model parameters must be finite"),
        Arguments.of(
            "infinity",
            safetensors(ok, f32(Float.NEGATIVE_INFINITY, 0)),
            "tensor 'x' holds -Infinity at index 0"),
        Arguments.of(
            "f64 beyond float",
            safetensors(
                "{\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(1e300).array()),
            "value 1.0E300 at index 0 is beyond float range"),
        Arguments.of(
            "metadata not strings",
            safetensors(ok.replace("{\"x\"", "{\"__metadata__\":{\"hidden\":4},\"x\""), two),
            "__metadata__ value of 'hidden' must be a string, got number 4"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void read_malformedFile_throwsOneLineNamingFileAndProblem(String name, byte[] bytes, String problem)
      throws IOException {
    Path file = dir.resolve("bad.safetensors");
    Files.write(file, bytes);
    assertThatThrownBy(() -> SafeTensors.read(file))
        .isInstanceOf(ModelFileException.class)
        .hasMessageStartingWith(file + ": ")
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void read_missingFile_saysNoSuchFile() {
    Path file = dir.resolve("nope.safetensors");
    assertThatThrownBy(() -> SafeTensors.read(file))
        .isInstanceOf(ModelFileException.class)
        .hasMessage(file + ": no such file");
  }

  @Test
  void read_emptyTensorAndNullMetadata_isAccepted() throws IOException {
    Path file = dir.resolve("empty.safetensors");
    Files.write(
        file,
        safetensors(
            "{\"__metadata__\":null,\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[0,0]}}",
            new byte[0]));
    SafeTensors.Contents c = SafeTensors.read(file);
    assertThat(c.metadata()).isEmpty();
    assertThat(c.tensors().get("e").shape()).containsExactly(0, 3);
    assertThat(c.tensors().get("e").size()).isZero();
  }

  @Test
  void write_nonFiniteValue_throwsAndWritesNothing() {
    Path file = dir.resolve("t.safetensors");
    List<SafeTensors.Tensor> t =
        List.of(new SafeTensors.Tensor("x", new int[] {2}, new float[] {0, Float.NaN}));
    assertThatThrownBy(() -> SafeTensors.write(file, Map.of(), t))
        .isInstanceOf(ModelFileException.class)
        .hasMessage(file + ": not saved: tensor 'x' holds NaN at index 1 (did training diverge?)");
    assertThat(TestFiles.list(dir)).isEmpty();
  }

  @Test
  void tensor_valueCountNotShapeProduct_throws() {
    assertThatThrownBy(() -> new SafeTensors.Tensor("x", new int[] {2, 2}, new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tensor 'x': shape [2, 2] holds 4 values, got 3");
  }

  private static int[] toBits(float[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Float.floatToRawIntBits(v[i]);
    }
    return out;
  }
}

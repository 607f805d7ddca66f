package org.lstmlab.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Helpers for tests: raw safetensors bytes, fixtures on the class path, directory listings. */
final class TestFiles {
  static final ObjectMapper JSON = new ObjectMapper();

  private TestFiles() {}

  /** A file of 8-byte little-endian length, the header as given (no padding), then the data. */
  static byte[] safetensors(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    return b.array();
  }

  /** Little-endian float32 bytes. */
  static byte[] f32(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  /** A fixture file under src/test/resources/fixtures. */
  static Path fixture(String name) {
    try {
      return Path.of(TestFiles.class.getResource("/fixtures/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing fixture " + name, e);
    }
  }

  static JsonNode fixtureJson(String name) {
    try (InputStream in = Files.newInputStream(fixture(name))) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture tensor {"shape": [...], "data": [...]} as floats. */
  static float[] floats(JsonNode tensor) {
    JsonNode d = tensor.get("data");
    float[] out = new float[d.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) d.get(i).doubleValue();
    }
    return out;
  }

  /** The names of the files in a directory. */
  static String[] list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

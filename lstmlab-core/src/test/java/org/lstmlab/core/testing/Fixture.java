package org.lstmlab.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A JSON fixture written by a script under {@code tools/pytorch/}: tensors are objects {@code
 * {"shape": [...], "data": [...]}} with row-major data.
 */
public final class Fixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonNode root;
  private final String name;

  private Fixture(JsonNode root, String name) {
    this.root = root;
    this.name = name;
  }

  /** Loads {@code /fixtures/<path>} from the test class path. */
  public static Fixture load(String path) {
    String resource = "/fixtures/" + path;
    try (InputStream in = Fixture.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new Fixture(JSON.readTree(in), path);
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }

  /** A sub-object as a fixture of its own. */
  public Fixture child(String key) {
    return new Fixture(node(key), name + "#" + key);
  }

  public boolean has(String key) {
    return root.has(key);
  }

  public int integer(String key) {
    return node(key).asInt();
  }

  public double number(String key) {
    return node(key).asDouble();
  }

  public String text(String key) {
    return node(key).asText();
  }

  /** The field names of an object, in file order. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    return keys;
  }

  /** A tensor's flat data as floats. */
  public float[] floats(String key) {
    JsonNode data = node(key).get("data");
    float[] a = new float[data.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) data.get(i).asDouble();
    }
    return a;
  }

  /** A tensor's flat data as ints (ids stored as floats holding integers). */
  public int[] ints(String key) {
    float[] f = floats(key);
    int[] a = new int[f.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = (int) f[i];
    }
    return a;
  }

  /** A tensor's flat data as doubles. */
  public double[] doubles(String key) {
    JsonNode data = node(key).get("data");
    double[] a = new double[data.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = data.get(i).asDouble();
    }
    return a;
  }

  /** A plain JSON array of numbers. */
  public double[] array(String key) {
    JsonNode data = node(key);
    double[] a = new double[data.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = data.get(i).asDouble();
    }
    return a;
  }

  /** A tensor's shape. */
  public int[] shape(String key) {
    JsonNode s = node(key).get("shape");
    int[] a = new int[s.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = s.get(i).asInt();
    }
    return a;
  }

  private JsonNode node(String key) {
    JsonNode n = root.get(key);
    if (n == null) {
      throw new IllegalStateException(name + " has no key '" + key + "'");
    }
    return n;
  }

  @Override
  public String toString() {
    return name;
  }
}

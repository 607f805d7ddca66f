package org.lstmlab.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.SparkSession;

/**
 * Writes and reads the Spark ML side of a saved stage: {@code path/metadata/part-00000}, one line
 * of JSON in the layout of Spark's own {@code DefaultParamsWriter} (class, timestamp, sparkVersion,
 * uid, paramMap, defaultParamMap), so that a {@code PipelineModel} finds the stage's class; and the
 * library's model files under {@code path/models/}, which the CLI and the Java API load as they
 * are. Paths go through Hadoop's FileSystem, so local disks, HDFS and object stores all work.
 */
final class Persistence {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String MODELS = "models";

  private Persistence() {}

  /** Writes {@code owner}'s metadata under {@code path}. */
  static void saveMetadata(Params owner, String path, SparkSession spark) {
    ObjectNode m = JSON.createObjectNode();
    m.put("class", owner.getClass().getName());
    m.put("timestamp", System.currentTimeMillis());
    m.put("sparkVersion", spark.version());
    m.put("uid", owner.uid());
    m.set("paramMap", pairs(owner.extractParamMap().toSeq().iterator(), owner, false));
    m.set("defaultParamMap", pairs(owner.extractParamMap().toSeq().iterator(), owner, true));
    write(spark, new Path(new Path(path, "metadata"), "part-00000"),
        m.toString().getBytes(StandardCharsets.UTF_8));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ObjectNode pairs(scala.collection.Iterator<ParamPair<?>> it, Params owner,
      boolean defaults) {
    ObjectNode o = JSON.createObjectNode();
    while (it.hasNext()) {
      ParamPair<?> pp = it.next();
      Param p = pp.param();
      boolean isDefault = !owner.isSet(p);
      if (isDefault != defaults) {
        continue;
      }
      try {
        o.set(p.name(), JSON.readTree(p.jsonEncode(pp.value())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return o;
  }

  /**
   * Reads the metadata under {@code path} and sets its Params on {@code owner}.
   *
   * @throws IllegalArgumentException if the metadata is of another class
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static <T extends Params> T loadMetadata(String path, Class<T> expected, SparkSession spark,
      java.util.function.Function<String, T> create) {
    JsonNode m;
    try {
      m = JSON.readTree(read(spark, new Path(new Path(path, "metadata"), "part-00000")));
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": " + e.getMessage(), e);
    }
    String cls = m.path("class").asText();
    if (!cls.equals(expected.getName())) {
      throw new IllegalArgumentException(path + " holds a " + cls + ", not a "
          + expected.getName());
    }
    T owner = create.apply(m.path("uid").asText());
    Iterator<Map.Entry<String, JsonNode>> it = m.path("paramMap").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!owner.hasParam(e.getKey())) {
        throw new IllegalArgumentException(path + ": the saved Param '" + e.getKey() + "' is not"
            + " a Param of " + expected.getSimpleName() + " (saved by another version?); remove"
            + " it from metadata/part-00000 or save the stage again");
      }
      Param p = owner.getParam(e.getKey());
      Object value;
      try {
        value = p.jsonDecode(e.getValue().toString());
      } catch (RuntimeException bad) {
        throw new IllegalArgumentException(path + ": the saved Param '" + e.getKey() + "' has"
            + " the value " + e.getValue() + ", which is not a " + p.getClass().getSimpleName()
            + " value", bad);
      }
      owner.set(p, value);
    }
    return owner;
  }

  /** Writes {@code bytes} to {@code file}, creating its folders. */
  static void write(SparkSession spark, Path file, byte[] bytes) {
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (FSDataOutputStream out = fs.create(file, false)) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The bytes of {@code file}. */
  static byte[] read(SparkSession spark, Path file) {
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (InputStream in = fs.open(file)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The model files under {@code path/models}, by name. */
  static List<Path> modelFiles(SparkSession spark, String path) {
    Path dir = new Path(path, MODELS);
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      List<Path> out = new ArrayList<>();
      for (FileStatus s : fs.listStatus(dir)) {
        if (s.getPath().getName().endsWith(".safetensors")) {
          out.add(s.getPath());
        }
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + dir + ": " + e.getMessage(), e);
    }
  }

}

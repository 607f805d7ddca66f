package org.lstmlab.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.ParamPair;

/**
 * A run's checkpoints in {@code checkpointDir}, for both training modes: the newest state, written
 * as {@code checkpoint-NNNNNNNN} (N: syncs so far) through a {@code .tmp} file and a rename, so a
 * complete checkpoint is always there, then the older ones removed. Each carries the Params that
 * shape training and the number of training windows, and a checkpoint written with other ones is
 * refused in one line. The files are removed when the run ends.
 */
final class Checkpoints {

  /** Test hook: a run throws after this many syncs (0: never), as a lost driver would stop. */
  static volatile long failAfterSyncs;

  private static final String PREFIX = "checkpoint-";

  /** What a file holds: the state and what it was trained with. */
  record Stamped(Map<String, String> params, int windows, Serializable state)
      implements Serializable {}

  private final JavaSparkContext sc;
  private final String dir; // "" = no checkpoints
  private final int every;
  private final Map<String, String> fingerprint;
  private final int windows;

  /** The checkpoints of a run with Params {@code p} on {@code windows} training windows. */
  Checkpoints(JavaSparkContext sc, ForecastParams p, int windows) {
    this.sc = sc;
    this.dir = (String) p.getOrDefault(p.checkpointDir());
    this.every = (Integer) p.getOrDefault(p.checkpointInterval());
    this.fingerprint = fingerprint(p);
    this.windows = windows;
  }

  /** Whether the Params ask for checkpoints. */
  boolean enabled() {
    return !dir.isEmpty();
  }

  /** Syncs between two checkpoints. */
  int every() {
    return every;
  }

  /** Throws as a lost driver would stop the run, once {@link #failAfterSyncs} syncs are done. */
  static void failIfAsked(long syncs) {
    if (failAfterSyncs > 0 && syncs == failAfterSyncs) {
      throw new IllegalStateException("simulated failure after " + syncs + " syncs");
    }
  }

  /** The Params that shape training (not the checkpoint's own, not the output columns). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Map<String, String> fingerprint(ForecastParams p) {
    Map<String, String> m = new TreeMap<>();
    scala.collection.Iterator<ParamPair<?>> it = p.extractParamMap().toSeq().iterator();
    while (it.hasNext()) {
      ParamPair pp = it.next();
      String name = pp.param().name();
      if (!name.equals("checkpointDir") && !name.equals("checkpointInterval")
          && !name.equals("predictionCol") && !name.equals("forecastCol")) {
        m.put(name, pp.param().jsonEncode(pp.value()));
      }
    }
    return m;
  }

  private FileSystem fs(Path d) throws IOException {
    return d.getFileSystem(sc.hadoopConfiguration());
  }

  /** Writes {@code state} as the newest checkpoint, after {@code syncs} syncs. */
  void save(long syncs, Serializable state) {
    Path d = new Path(dir);
    String name = String.format(Locale.ROOT, PREFIX + "%08d", syncs);
    Path tmp = new Path(d, name + ".tmp");
    try {
      FileSystem fs = fs(d);
      fs.mkdirs(d);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(new Stamped(fingerprint, windows, state));
      }
      try (FSDataOutputStream out = fs.create(tmp, true)) {
        out.write(bytes.toByteArray());
      }
      if (!fs.rename(tmp, new Path(d, name))) {
        throw new IOException("rename of " + tmp + " failed");
      }
      for (FileStatus f : fs.listStatus(d)) {
        String other = f.getPath().getName();
        if (other.startsWith(PREFIX) && !other.equals(name)) {
          fs.delete(f.getPath(), false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write checkpoint " + tmp + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * The newest checkpoint's state, or null if there is none (or checkpoints are off).
   *
   * @throws IllegalArgumentException if it was written with other Params or other data, or
   *     cannot be read
   */
  <T> T load(Class<T> type) {
    if (!enabled()) {
      return null;
    }
    Path d = new Path(dir);
    Path newest = null;
    try {
      FileSystem fs = fs(d);
      if (!fs.exists(d)) {
        return null;
      }
      for (FileStatus f : fs.listStatus(d)) {
        String name = f.getPath().getName();
        if (name.startsWith(PREFIX) && !name.endsWith(".tmp")
            && (newest == null || name.compareTo(newest.getName()) > 0)) {
          newest = f.getPath();
        }
      }
      if (newest == null) {
        return null;
      }
      Stamped s;
      try (InputStream in = fs.open(newest);
          ObjectInputStream obj = new ObjectInputStream(new ByteArrayInputStream(
              in.readAllBytes()))) {
        s = (Stamped) obj.readObject();
      }
      for (Map.Entry<String, String> e : fingerprint.entrySet()) {
        String then = s.params().get(e.getKey());
        if (!e.getValue().equals(then)) {
          throw new IllegalArgumentException("checkpoint " + newest + " was written with Param "
              + e.getKey() + " = " + then + ", this fit has " + e.getValue() + "; use the same"
              + " Params to resume, or another checkpointDir");
        }
      }
      if (s.windows() != windows) {
        throw new IllegalArgumentException("checkpoint " + newest + " was written for "
            + s.windows() + " training windows, this data has " + windows + "; use the same"
            + " data to resume, or another checkpointDir");
      }
      return type.cast(s.state());
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new IllegalArgumentException("checkpoint " + (newest == null ? d : newest)
          + " cannot be read (" + e.getMessage() + "); remove it or use another checkpointDir",
          e);
    }
  }

  /** Removes the run's checkpoint files (the run ended). */
  void clear() {
    if (!enabled()) {
      return;
    }
    Path d = new Path(dir);
    try {
      FileSystem fs = fs(d);
      if (fs.exists(d)) {
        for (FileStatus f : fs.listStatus(d)) {
          if (f.getPath().getName().startsWith(PREFIX)) {
            fs.delete(f.getPath(), false);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove the checkpoints in " + d + ": "
          + e.getMessage(), e);
    }
  }
}

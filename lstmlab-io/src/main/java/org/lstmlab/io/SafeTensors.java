package org.lstmlab.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict reader and writer of the safetensors format, converting every tensor to {@code float}.
 *
 * <p>The format [1]: 8 bytes N, an unsigned little-endian 64-bit integer; N bytes of UTF-8 JSON,
 * the header, {@code {"__metadata__": {string: string}, "name": {"dtype": "F32", "shape": [...],
 * "data_offsets": [begin, end]}, ...}}; then the byte buffer, in which each tensor occupies {@code
 * [begin, end)}, row-major and little-endian. The reference implementation pads the header with
 * spaces to a multiple of 8 bytes (so the data is aligned) and requires the tensors to tile the
 * buffer exactly: no gap, no overlap, nothing after the last one. We write the same and check the
 * same, plus: no duplicate key in the header (the JSON is parsed with Jackson's duplicate
 * detection), {@code end − begin} equal to the element count × dtype size, and every value finite.
 *
 * <p>Read: F32, and F64, F16 and BF16 converted to float (F64 values beyond float's range are an
 * error, not an infinity). Write: F32 only. Every problem is a {@link ModelFileException} naming
 * the file and what is wrong. Whole files are read into memory: a tensor holds at most 2^31 − 1
 * elements, as a Java array does.
 *
 * <p>[1] https://github.com/huggingface/safetensors, section "Format".
 */
public final class SafeTensors {

  /** The reference implementation's limit on the header, 100 MB; a larger N means a wrong file. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  /** The header key of the string-to-string metadata map. */
  public static final String METADATA_KEY = "__metadata__";

  /** Bytes per element of every dtype the format defines; we read the floating ones below. */
  private static final Map<String, Integer> KNOWN_DTYPES = knownDtypes();

  private static final Set<String> READABLE = Set.of("F32", "F64", "F16", "BF16");

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private SafeTensors() {}

  /** One tensor: a name, a shape, and its values as float, row-major. Immutable. */
  public static final class Tensor {
    private final String name;
    private final String dtype;
    private final int[] shape;
    private final float[] values;

    /**
     * A tensor to write (dtype F32).
     *
     * @throws IllegalArgumentException if a dimension is negative or the value count is not the
     *     product of the shape
     */
    public Tensor(String name, int[] shape, float[] values) {
      this(name, "F32", shape, values);
    }

    private Tensor(String name, String dtype, int[] shape, float[] values) {
      long n = 1;
      for (int d : shape) {
        if (d < 0) {
          throw new IllegalArgumentException(
              "tensor '" + name + "': negative dimension in shape " + Arrays.toString(shape));
        }
        n *= d;
      }
      if (n != values.length) {
        throw new IllegalArgumentException(
            "tensor '" + name + "': shape " + Arrays.toString(shape) + " holds " + n
                + " values, got " + values.length);
      }
      this.name = name;
      this.dtype = dtype;
      this.shape = shape.clone();
      this.values = values.clone();
    }

    /** The tensor's name in the header. */
    public String name() {
      return name;
    }

    /** The dtype it had in the file (F32, F64, F16 or BF16); F32 for tensors to write. */
    public String dtype() {
      return dtype;
    }

    /** The shape (a copy); empty for a scalar. */
    public int[] shape() {
      return shape.clone();
    }

    /** The values as float, row-major (a copy). */
    public float[] values() {
      return values.clone();
    }

    /** Number of elements. */
    public int size() {
      return values.length;
    }

    @Override
    public String toString() {
      return name + " " + dtype + Arrays.toString(shape);
    }
  }

  /** What a file holds: its metadata and its tensors in the order of their data. */
  public static final class Contents {
    private final Map<String, String> metadata;
    private final Map<String, Tensor> tensors;

    Contents(Map<String, String> metadata, Map<String, Tensor> tensors) {
      this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
      this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The {@code __metadata__} map, empty when the file has none. */
    public Map<String, String> metadata() {
      return metadata;
    }

    /** Tensors by name, in the order of their bytes in the file. */
    public Map<String, Tensor> tensors() {
      return tensors;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Read

  /**
   * Reads and checks a whole file.
   *
   * @throws ModelFileException if the file is missing or breaks the format in any way listed above
   * @throws IOException if reading fails
   */
  public static Contents read(Path file) throws IOException {
    long fileSize;
    try {
      fileSize = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new ModelFileException(file, "no such file", e);
    }
    if (Files.isDirectory(file)) {
      throw new ModelFileException(file, "is a directory, not a model file");
    }
    if (fileSize < 8) {
      throw new ModelFileException(
          file,
          "only " + fileSize + " bytes; a safetensors file starts with an 8-byte header length");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer lenBuf = readFully(ch, 0, 8);
      long n = lenBuf.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      long rest = fileSize - 8;
      if (n < 0 || n > rest) {
        throw new ModelFileException(
            file,
            "header length " + Long.toUnsignedString(n) + " (the first 8 bytes) is larger than the "
                + rest + " bytes after it; is this a safetensors file?");
      }
      if (n > MAX_HEADER_BYTES) {
        throw new ModelFileException(
            file, "header length " + n + " exceeds the format's limit of " + MAX_HEADER_BYTES);
      }
      if (n < 2) {
        throw new ModelFileException(file, "header length " + n + " is too short for a JSON object");
      }
      ByteBuffer headerBuf = readFully(ch, 8, (int) n);
      JsonNode root = parseHeader(file, headerBuf.array());
      long dataLength = rest - n;
      if (dataLength > Integer.MAX_VALUE - 8) {
        throw new ModelFileException(file, "data of " + dataLength + " bytes is too large to read");
      }
      List<Entry> entries = new ArrayList<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> f : root.properties()) {
        if (f.getKey().equals(METADATA_KEY)) {
          readMetadata(file, f.getValue(), metadata);
        } else {
          entries.add(readEntry(file, f.getKey(), f.getValue()));
        }
      }
      checkOffsets(file, entries, dataLength);
      ByteBuffer data = readFully(ch, 8 + n, (int) dataLength).order(ByteOrder.LITTLE_ENDIAN);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        float[] values = decode(file, e, data);
        tensors.put(e.name, new Tensor(e.name, e.dtype, e.shape, values));
      }
      return new Contents(metadata, tensors);
    }
  }

  /** One header entry before its data is read. */
  private static final class Entry {
    final String name;
    final String dtype;
    final int[] shape;
    final int count; // product of the shape
    final long begin;
    final long end;

    Entry(String name, String dtype, int[] shape, int count, long begin, long end) {
      this.name = name;
      this.dtype = dtype;
      this.shape = shape;
      this.count = count;
      this.begin = begin;
      this.end = end;
    }
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    long pos = position;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw new IOException("file ended early at byte " + pos + " (changed while reading?)");
      }
      pos += r;
    }
    buf.flip();
    return buf;
  }

  private static JsonNode parseHeader(Path file, byte[] header) throws ModelFileException {
    JsonNode root;
    try {
      root = JSON.readTree(header);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : " at header byte " + loc.getByteOffset();
      String why = e.getOriginalMessage().split("\n", 2)[0];
      throw new ModelFileException(file, "header is not valid JSON" + where + ": " + why, e);
    } catch (IOException e) {
      throw new ModelFileException(file, "header is not valid UTF-8 JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ModelFileException(
          file, "header must be a JSON object of tensors, got " + describe(root));
    }
    return root;
  }

  private static void readMetadata(Path file, JsonNode node, Map<String, String> out)
      throws ModelFileException {
    if (node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw new ModelFileException(
          file, METADATA_KEY + " must be an object of strings, got " + describe(node));
    }
    for (Map.Entry<String, JsonNode> m : node.properties()) {
      if (!m.getValue().isTextual()) {
        throw new ModelFileException(
            file,
            METADATA_KEY + " value of '" + m.getKey() + "' must be a string, got "
                + describe(m.getValue()));
      }
      out.put(m.getKey(), m.getValue().textValue());
    }
  }

  private static Entry readEntry(Path file, String name, JsonNode node) throws ModelFileException {
    String where = "tensor '" + name + "'";
    if (!node.isObject()) {
      throw new ModelFileException(
          file, where + " must be an object with dtype, shape and data_offsets, got " + describe(node));
    }
    Iterator<String> keys = node.fieldNames();
    while (keys.hasNext()) {
      String k = keys.next();
      if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
        throw new ModelFileException(
            file, where + " has an unknown field '" + k + "'; expected dtype, shape, data_offsets");
      }
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw new ModelFileException(file, where + " needs a string \"dtype\" such as \"F32\"");
    }
    String dtype = dtypeNode.textValue();
    if (!KNOWN_DTYPES.containsKey(dtype)) {
      throw new ModelFileException(
          file, where + " has unknown dtype '" + dtype + "'; the format defines " + KNOWN_DTYPES.keySet());
    }
    if (!READABLE.contains(dtype)) {
      throw new ModelFileException(
          file, where + " has dtype " + dtype + "; LSTM Lab reads F32, F64, F16 and BF16");
    }
    JsonNode shapeNode = node.get("shape");
    if (shapeNode == null || !shapeNode.isArray()) {
      throw new ModelFileException(file, where + " needs a \"shape\" array of integers");
    }
    int[] shape = new int[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.canConvertToExactIntegral() || !d.canConvertToInt() || d.asInt() < 0) {
        throw new ModelFileException(
            file, where + " shape " + shapeNode + " must hold non-negative integers");
      }
      shape[i] = d.asInt();
      count *= shape[i];
      if (count > Integer.MAX_VALUE - 8) {
        throw new ModelFileException(file, where + " shape " + shapeNode + " is too large");
      }
    }
    JsonNode off = node.get("data_offsets");
    if (off == null
        || !off.isArray()
        || off.size() != 2
        || !isNonNegativeLong(off.get(0))
        || !isNonNegativeLong(off.get(1))) {
      throw new ModelFileException(
          file, where + " needs \"data_offsets\": [begin, end] with non-negative integers, got " + off);
    }
    long begin = off.get(0).asLong();
    long end = off.get(1).asLong();
    if (end < begin) {
      throw new ModelFileException(
          file, where + " data_offsets " + off + " end before they begin");
    }
    long bytes = count * KNOWN_DTYPES.get(dtype);
    if (end - begin != bytes) {
      throw new ModelFileException(
          file,
          where + " shape " + Arrays.toString(shape) + " × " + dtype + " (" + KNOWN_DTYPES.get(dtype)
              + " bytes) needs " + bytes + " bytes, but data_offsets " + off + " span "
              + (end - begin));
    }
    return new Entry(name, dtype, shape, (int) count, begin, end);
  }

  private static boolean isNonNegativeLong(JsonNode n) {
    return n.canConvertToExactIntegral() && n.canConvertToLong() && n.asLong() >= 0;
  }

  /** The tensors must tile [0, dataLength) exactly, as the reference implementation requires. */
  private static void checkOffsets(Path file, List<Entry> entries, long dataLength)
      throws ModelFileException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
    long expected = 0;
    Entry previous = null;
    for (Entry e : sorted) {
      if (e.end > dataLength) {
        throw new ModelFileException(
            file,
            "tensor '" + e.name + "' data_offsets [" + e.begin + ", " + e.end
                + "] run past the end of the " + dataLength + "-byte data buffer");
      }
      if (e.begin < expected) {
        throw new ModelFileException(
            file,
            "tensor '" + e.name + "' data_offsets [" + e.begin + ", " + e.end + "] overlap tensor '"
                + previous.name + "' [" + previous.begin + ", " + previous.end + "]");
      }
      if (e.begin > expected) {
        throw new ModelFileException(
            file,
            "bytes [" + expected + ", " + e.begin + ") of the data buffer belong to no tensor (gap"
                + " before tensor '" + e.name + "')");
      }
      expected = e.end;
      previous = e;
    }
    if (expected != dataLength) {
      throw new ModelFileException(
          file,
          "the tensors cover " + expected + " of the " + dataLength
              + " data bytes; the file has bytes after the last tensor");
    }
  }

  private static float[] decode(Path file, Entry e, ByteBuffer data) throws ModelFileException {
    float[] out = new float[e.count];
    int base = (int) e.begin;
    switch (e.dtype) {
      case "F32":
        for (int i = 0; i < out.length; i++) {
          out[i] = data.getFloat(base + 4 * i);
        }
        break;
      case "F64":
        for (int i = 0; i < out.length; i++) {
          double d = data.getDouble(base + 8 * i);
          out[i] = (float) d;
          if (Double.isFinite(d) && !Float.isFinite(out[i])) {
            throw new ModelFileException(
                file,
                "tensor '" + e.name + "' value " + d + " at index " + i + " is beyond float range");
          }
        }
        break;
      case "F16":
        for (int i = 0; i < out.length; i++) {
          out[i] = halfToFloat(data.getShort(base + 2 * i));
        }
        break;
      case "BF16":
        for (int i = 0; i < out.length; i++) {
          // bfloat16 is the upper half of a float32: same sign, exponent and top 7 mantissa bits.
          out[i] = Float.intBitsToFloat((data.getShort(base + 2 * i) & 0xFFFF) << 16);
        }
        break;
      default:
        throw new AssertionError(e.dtype);
    }
    for (int i = 0; i < out.length; i++) {
      if (!Float.isFinite(out[i])) {
        throw new ModelFileException(
            file,
            "tensor '" + e.name + "' holds " + out[i] + " at index " + i
                + "; model parameters must be finite");
      }
    }
    return out;
  }

  /**
   * IEEE 754 binary16 to float (Java 20's {@code Float.float16ToFloat}, which release 17 lacks):
   * 1 sign bit, 5 exponent bits with bias 15, 10 mantissa bits.
   */
  static float halfToFloat(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    if (exp == 0x1F) { // infinity or NaN
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) { // zero or subnormal: mant · 2^-24, exact in float
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  private static String describe(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    String s = n.toString();
    return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " "
        + (s.length() > 40 ? s.substring(0, 40) + "..." : s);
  }

  // ---------------------------------------------------------------------------------------------
  // Write

  /**
   * Writes tensors as F32 with the given metadata, atomically (see {@link AtomicFiles}): the data
   * follows the list's order, the header is padded with spaces to a multiple of 8 bytes.
   *
   * @param metadata written as {@code __metadata__}; omitted when empty
   * @throws ModelFileException if a value is not finite (checked before anything is written) or
   *     two tensors share a name
   * @throws IOException if writing fails; an existing file is then unchanged
   */
  public static void write(Path file, Map<String, String> metadata, List<Tensor> tensors)
      throws IOException {
    try (OutputTransaction tx = OutputTransaction.begin()) {
      stage(tx, file, metadata, tensors);
      tx.commit();
    }
  }

  /**
   * As {@link #write}, but only stages the file in {@code tx}: it replaces {@code file} when the
   * transaction commits, together with the command's other files.
   */
  public static void stage(OutputTransaction tx, Path file, Map<String, String> metadata,
      List<Tensor> tensors) throws IOException {
    ObjectNode header = JsonNodeFactory.instance.objectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject(METADATA_KEY);
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Tensor t : tensors) {
      if (t.name.equals(METADATA_KEY) || header.has(t.name)) {
        throw new ModelFileException(file, "cannot write two entries named '" + t.name + "'");
      }
      for (int i = 0; i < t.values.length; i++) {
        if (!Float.isFinite(t.values[i])) {
          throw new ModelFileException(
              file,
              "not saved: tensor '" + t.name + "' holds " + t.values[i] + " at index " + i
                  + " (did training diverge?)");
        }
      }
      ObjectNode entry = header.putObject(t.name);
      entry.put("dtype", "F32");
      ArrayNode shape = entry.putArray("shape");
      for (int d : t.shape) {
        shape.add(d);
      }
      long end = offset + 4L * t.values.length;
      entry.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    byte[] headerBytes = Arrays.copyOf(json, padded);
    Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
    tx.stage(
        file,
        out -> {
          ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
          len.putLong(padded);
          out.write(len.array());
          out.write(headerBytes);
          ByteBuffer chunk = ByteBuffer.allocate(1 << 14).order(ByteOrder.LITTLE_ENDIAN);
          for (Tensor t : tensors) {
            for (float v : t.values) {
              if (!chunk.hasRemaining()) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
              }
              chunk.putFloat(v);
            }
          }
          out.write(chunk.array(), 0, chunk.position());
        });
  }

  private static Map<String, Integer> knownDtypes() {
    // The dtypes of the format's reference implementation and their sizes in bytes.
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("BOOL", 1);
    m.put("U8", 1);
    m.put("I8", 1);
    m.put("F8_E5M2", 1);
    m.put("F8_E4M3", 1);
    m.put("I16", 2);
    m.put("U16", 2);
    m.put("F16", 2);
    m.put("BF16", 2);
    m.put("I32", 4);
    m.put("U32", 4);
    m.put("F32", 4);
    m.put("F64", 8);
    m.put("I64", 8);
    m.put("U64", 8);
    return Collections.unmodifiableMap(m);
  }
}

package org.lstmlab.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Parameters;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.io.AtomicFiles;
import org.lstmlab.io.ModelSpec;

/**
 * Writes a {@link SequenceModel} (a stacked LSTM, GRU or RNN with its linear head) as an ONNX
 * model that onnxruntime, ONNX-based servers and other frameworks run.
 *
 * <h2>The graph</h2>
 *
 * <pre>
 *   input (B, T, I) ─Transpose→ (T, B, I) ─LSTM/GRU/RNN l0→ Squeeze → … → layer L−1
 *     outputs=last: Y_h (1, B, H) ─Squeeze→ (B, H) ─Gemm(head)→ prediction (B, O)
 *     outputs=all:  Y (T, 1, B, H) ─Squeeze→ (T, B, H) ─Transpose→ (B, T, H) ─MatMul, Add→ (B, T, O)
 * </pre>
 *
 * A token model ({@link SequenceModel#tokenInput()}) reads int64 ids instead, and looks them up
 * in its embedding before the first recurrent node, as PyTorch's ONNX export of {@code
 * nn.Embedding} does:
 *
 * <pre>
 *   input (B, T) int64 ─Gather(embedding_weight (V, E), axis 0)→ (B, T, E) ─Transpose→ … as above
 * </pre>
 *
 * <p>B (dimension {@code batch}) and T ({@code steps}) are free; I, H, O are the model's. Initial
 * states are zero, as {@link SequenceModel#predict}. One ONNX recurrent node per layer (not one
 * node with {@code num_layers}, which ONNX lacks); dropout is an inference no-op and is left out.
 *
 * <h2>Bidirectional stacks</h2>
 *
 * A bidirectional model's layers are nodes with {@code direction = "bidirectional"}, whose W, R and
 * B hold the forward direction's tensors then the reverse one's ({@code *_reverse}): num_directions
 * = 2 as their first dimension. ONNX gives Y as (T, 2, B, H) and Y_h as (2, B, H); PyTorch's
 * layout, which the next layer and the head read, is (T, B, 2H) with [forward, reverse] side by
 * side:
 *
 * <pre>
 *   Y (T, 2, B, H) ─Transpose(0, 2, 1, 3)→ (T, B, 2, H) ─Reshape(0, 0, −1)→ (T, B, 2H)
 *   outputs=last: Y_h (2, B, H) ─Transpose(1, 0, 2)→ (B, 2, H) ─Reshape(0, −1)→ (B, 2H) ─Gemm→ (B, O)
 * </pre>
 *
 * The graph of {@link #toOnnx(SequenceModel, ModelSpec)} reads whole rows of T steps. That of
 * {@link #toOnnx(SequenceModel, ModelSpec, boolean) toOnnx(model, spec, true)} has a second input
 * {@value #LENGTHS} (B) int32, each row's number of real steps, passed to every recurrent node as
 * ONNX's {@code sequence_lens}: outputs past a row's length are 0, Y_h is the state at its last
 * real step, and the reverse direction starts there, which is PyTorch's {@code
 * pack_padded_sequence} and {@code SequenceBatch.withLengths}.
 *
 * <h2>Weights</h2>
 *
 * ONNX stacks gates in another order than PyTorch [ONNX operator docs, LSTM/GRU/RNN]:
 *
 * <pre>
 *   LSTM  PyTorch i, f, g, o  → ONNX i, o, f, c   (blocks 0, 3, 1, 2)
 *   GRU   PyTorch r, z, n     → ONNX z, r, h      (blocks 1, 0, 2), linear_before_reset = 1
 *   RNN   one block                                activations Tanh or Relu
 * </pre>
 *
 * {@code W} (1, G·H, I) is {@code weight_ih} reordered, {@code R} (1, G·H, H) {@code weight_hh},
 * {@code B} (1, 2·G·H) the concatenation {@code [Wb, Rb]} = [{@code bias_ih}, {@code bias_hh}],
 * each reordered. PyTorch's GRU applies the reset gate after the recurrent product, {@code n =
 * tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))}, which is ONNX's {@code linear_before_reset = 1}.
 *
 * <h2>Scaling</h2>
 *
 * The graph is the network alone, in the units it was trained in: inputs scaled, predictions
 * scaled, exactly what {@link SequenceModel#predict} takes and returns (and what the safetensors
 * file holds). Scaling is not put in the graph because a forecaster's pipeline is more than an
 * affine map (differencing, log and relative targets, one scaler per series); instead the model
 * file's whole metadata, scaler included, is copied into the ONNX {@code metadata_props} under
 * the same keys ({@code window}, {@code horizon}, {@code cell}, ..., {@code config} with {@code
 * series[i].scaler}), so a user scales as docs/FILE-FORMAT.md describes. onnxruntime shows them as
 * {@code session.get_modelmeta().custom_metadata_map}.
 *
 * <p>Written with protobuf-java and the classes that Tribuo generates from {@code onnx-ml.proto}
 * (ONNX IR version 8, default opset 17). Stateless.
 */
public final class OnnxExport {

  /** ONNX IR version written (ONNX 1.10+; onnxruntime reads it). */
  public static final long IR_VERSION = 8;

  /** The default-domain opset the graph uses (Squeeze takes its axes as an input from 13 on). */
  public static final long OPSET = 17;

  /** Name of the graph's input, (B, T, I) floats, or (B, T) int64 token ids for a token model. */
  public static final String INPUT = "input";

  /** Name of the optional second input, (B) int32 row lengths in [1, T]. */
  public static final String LENGTHS = "lengths";

  /** Name of the graph's output, (B, O) or (B, T, O). */
  public static final String OUTPUT = "prediction";

  private OnnxExport() {}

  /**
   * The ONNX model of {@code model}, described by {@code spec}, whose metadata goes into {@code
   * metadata_props}.
   *
   * @throws IllegalArgumentException if {@code spec} does not describe {@code model}
   */
  public static ModelProto toOnnx(SequenceModel model, ModelSpec spec) {
    return toOnnx(model, spec, false);
  }

  /**
   * As {@link #toOnnx(SequenceModel, ModelSpec)}, with an input {@value #LENGTHS} (B) of row
   * lengths when {@code lengths} is true (see the class comment).
   *
   * @throws IllegalArgumentException if {@code spec} does not describe {@code model}
   */
  public static ModelProto toOnnx(SequenceModel model, ModelSpec spec, boolean lengths) {
    spec.requireFits(model);
    CellType cell = spec.cell();
    int in = spec.inputSize();
    int hid = spec.hidden();
    int layers = spec.layers();
    int out = spec.outputSize();
    Parameters p = model.parameters();
    GraphProto.Builder g = GraphProto.newBuilder().setName("lstmlab_" + cell.id());
    String features = INPUT; // (B, T, I)
    if (model.tokenInput()) {
      // In the model x[b, t] = embedding.weight[ids[b, t]]: ONNX's Gather on axis 0 is that lookup.
      g.addInput(tokenInfo(INPUT, "batch", "steps"));
      g.addInitializer(floats("embedding_weight", p.get("embedding.weight"),
          model.embedding().num(), in));
      g.addNode(node("Gather", "embedding", new String[] {"embedding_weight", INPUT},
          new String[] {"x_embedded"}).addAttribute(AttributeProto.newBuilder().setName("axis")
          .setI(0).setType(AttributeProto.AttributeType.INT)));
      features = "x_embedded";
    } else {
      g.addInput(valueInfo(INPUT, "batch", "steps", in));
    }
    if (lengths) {
      g.addInput(ValueInfoProto.newBuilder().setName(LENGTHS)
          .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
              .setElemType(TensorProto.DataType.INT32.getNumber())
              .setShape(TensorShapeProto.newBuilder().addDim(
                  TensorShapeProto.Dimension.newBuilder().setDimParam("batch")))))
          .build());
    }
    g.addNode(node("Transpose", "to_time_major", new String[] {features}, new String[] {"x_tm"})
        .addAttribute(ints("perm", 1, 0, 2)));
    String x = "x_tm"; // (T, B, I or H)
    String lastH = null;
    boolean bidirectional = spec.bidirectional();
    int dirs = bidirectional ? 2 : 1;
    int width = dirs * hid; // D·H: what each layer outputs and the head reads
    if (bidirectional) {
      g.addInitializer(int64s("shape_tbw", 0, 0, -1));
    } else {
      g.addInitializer(int64s("axes1", 1));
    }
    for (int k = 0; k < layers; k++) {
      String l = "l" + k;
      int inWidth = k == 0 ? in : width;
      int[] order = gateOrder(cell);
      int gh = cell.gates() * hid;
      // Per direction d (forward, then reverse): W (G·H, In), R (G·H, H), B = [Wb, Rb] (2·G·H).
      float[] wAll = new float[dirs * gh * inWidth];
      float[] rAll = new float[dirs * gh * hid];
      float[] bAll = new float[dirs * 2 * gh];
      for (int d = 0; d < dirs; d++) {
        String suffix = k + (d == 1 ? "_reverse" : "");
        System.arraycopy(reorder(p.get("rnn.weight_ih_l" + suffix), order, hid, inWidth), 0,
            wAll, d * gh * inWidth, gh * inWidth);
        System.arraycopy(reorder(p.get("rnn.weight_hh_l" + suffix), order, hid, hid), 0,
            rAll, d * gh * hid, gh * hid);
        System.arraycopy(reorder(p.get("rnn.bias_ih_l" + suffix), order, hid, 1), 0,
            bAll, d * 2 * gh, gh);
        System.arraycopy(reorder(p.get("rnn.bias_hh_l" + suffix), order, hid, 1), 0,
            bAll, d * 2 * gh + gh, gh);
      }
      g.addInitializer(floats("W_" + l, wAll, dirs, gh, inWidth));
      g.addInitializer(floats("R_" + l, rAll, dirs, gh, hid));
      g.addInitializer(floats("B_" + l, bAll, dirs, 2 * gh));
      NodeProto.Builder n = node(onnxOp(cell), "rnn_" + l,
          lengths ? new String[] {x, "W_" + l, "R_" + l, "B_" + l, LENGTHS}
              : new String[] {x, "W_" + l, "R_" + l, "B_" + l},
          new String[] {"Y_" + l, "Yh_" + l})
          .addAttribute(AttributeProto.newBuilder().setName("hidden_size").setI(hid)
              .setType(AttributeProto.AttributeType.INT))
          .addAttribute(AttributeProto.newBuilder().setName("direction")
              .setS(ByteString.copyFromUtf8(bidirectional ? "bidirectional" : "forward"))
              .setType(AttributeProto.AttributeType.STRING));
      if (cell == CellType.GRU) {
        n.addAttribute(AttributeProto.newBuilder().setName("linear_before_reset").setI(1)
            .setType(AttributeProto.AttributeType.INT));
      }
      if (cell == CellType.RNN_TANH || cell == CellType.RNN_RELU) {
        // One activation per direction.
        AttributeProto.Builder act = AttributeProto.newBuilder().setName("activations")
            .setType(AttributeProto.AttributeType.STRINGS);
        for (int d = 0; d < dirs; d++) {
          act.addStrings(ByteString.copyFromUtf8(cell == CellType.RNN_TANH ? "Tanh" : "Relu"));
        }
        n.addAttribute(act);
      }
      g.addNode(n);
      if (bidirectional) {
        // Y (T, 2, B, H) → (T, B, 2, H) → (T, B, 2H): [forward, reverse] per step, PyTorch's.
        g.addNode(node("Transpose", "steps_dirs_" + l, new String[] {"Y_" + l},
            new String[] {"Yt_" + l}).addAttribute(ints("perm", 0, 2, 1, 3)));
        g.addNode(node("Reshape", "concat_dirs_" + l, new String[] {"Yt_" + l, "shape_tbw"},
            new String[] {"h_" + l}));
      } else {
        // Y (T, num_directions = 1, B, H) → (T, B, H), the next layer's input.
        g.addNode(node("Squeeze", "squeeze_" + l, new String[] {"Y_" + l, "axes1"},
            new String[] {"h_" + l}));
      }
      x = "h_" + l;
      lastH = "Yh_" + l;
    }
    float[] w = p.get("head.weight"); // (O, D·H)
    float[] bias = p.get("head.bias"); // (O)
    g.addInitializer(floats("head_bias", bias, out));
    if (spec.outputs() == SequenceModel.Outputs.LAST) {
      g.addInitializer(floats("head_weight", w, out, width));
      if (bidirectional) {
        // Y_h (2, B, H): the forward direction after the last step, the reverse one after step
        // 0; side by side (B, 2H) as the model's head reads them.
        g.addInitializer(int64s("shape_bw", 0, -1));
        g.addNode(node("Transpose", "batch_dirs", new String[] {lastH}, new String[] {"h_bd"})
            .addAttribute(ints("perm", 1, 0, 2)));
        g.addNode(node("Reshape", "last_states", new String[] {"h_bd", "shape_bw"},
            new String[] {"h_last"}));
      } else {
        // Y_h (1, B, H): the top layer's state at the last step.
        g.addInitializer(int64s("axes0", 0));
        g.addNode(node("Squeeze", "last_step", new String[] {lastH, "axes0"},
            new String[] {"h_last"}));
      }
      g.addNode(node("Gemm", "head", new String[] {"h_last", "head_weight", "head_bias"},
          new String[] {OUTPUT}).addAttribute(AttributeProto.newBuilder().setName("transB")
          .setI(1).setType(AttributeProto.AttributeType.INT)));
      g.addOutput(valueInfo(OUTPUT, "batch", null, out));
    } else {
      g.addInitializer(floats("head_weight_t", transpose(w, out, width), width, out));
      g.addNode(node("Transpose", "to_batch_major", new String[] {x}, new String[] {"h_bm"})
          .addAttribute(ints("perm", 1, 0, 2)));
      g.addNode(node("MatMul", "head", new String[] {"h_bm", "head_weight_t"},
          new String[] {"head_mm"}));
      g.addNode(node("Add", "head_add", new String[] {"head_mm", "head_bias"},
          new String[] {OUTPUT}));
      g.addOutput(valueInfo(OUTPUT, "batch", "steps", out));
    }
    ModelProto.Builder m = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("lstmlab")
        .setProducerVersion(version())
        .setDocString("LSTM Lab " + (bidirectional ? "bidirectional " : "") + cell.id() + " stack, "
            + layers + " layer(s), hidden " + hid
            + ", head reads " + ModelSpec.outputsId(spec.outputs()) + " step(s); inputs and"
            + " predictions in the model's scaled units (see metadata_props 'config')")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(g);
    for (Map.Entry<String, String> e : spec.toMetadata().entrySet()) {
      m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey())
          .setValue(e.getValue()));
    }
    return m.build();
  }

  /**
   * Writes the ONNX model of {@code model} to {@code file} atomically: a failure leaves an existing
   * file as it was.
   *
   * @throws IllegalArgumentException if {@code spec} does not describe {@code model}
   * @throws IOException if writing fails
   */
  public static void write(Path file, SequenceModel model, ModelSpec spec) throws IOException {
    ModelProto proto = toOnnx(model, spec); // built before anything is written
    AtomicFiles.write(file, proto::writeTo);
  }

  /** ONNX's block order given as PyTorch block indices, e.g. LSTM [i, o, f, c] = [0, 3, 1, 2]. */
  static int[] gateOrder(CellType cell) {
    switch (cell) {
      case LSTM:
        return new int[] {0, 3, 1, 2};
      case GRU:
        return new int[] {1, 0, 2};
      default:
        return new int[] {0};
    }
  }

  private static String onnxOp(CellType cell) {
    switch (cell) {
      case LSTM:
        return "LSTM";
      case GRU:
        return "GRU";
      default:
        return "RNN";
    }
  }

  /**
   * The row blocks of {@code m} (G·H, cols) in {@code order}: block j of the result is block
   * {@code order[j]} of {@code m}, each block H rows.
   */
  static float[] reorder(float[] m, int[] order, int hid, int cols) {
    float[] r = new float[m.length];
    int block = hid * cols;
    for (int j = 0; j < order.length; j++) {
      System.arraycopy(m, order[j] * block, r, j * block, block);
    }
    return r;
  }

  /** (cols, rows) from (rows, cols). */
  private static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }

  private static NodeProto.Builder node(String op, String name, String[] inputs, String[] outputs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name);
    for (String i : inputs) {
      n.addInput(i);
    }
    for (String o : outputs) {
      n.addOutput(o);
    }
    return n;
  }

  private static AttributeProto.Builder ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
        .setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a;
  }

  private static TensorProto floats(String name, float[] values, long... dims) {
    ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name)
        .setDataType(TensorProto.DataType.FLOAT.getNumber())
        .setRawData(ByteString.copyFrom(buf.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  private static TensorProto int64s(String name, long... values) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name)
        .setDataType(TensorProto.DataType.INT64.getNumber()).addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    return t.build();
  }

  /** A float tensor (B, [T,] F) with named free dimensions; {@code steps} null for rank 2. */
  private static ValueInfoProto valueInfo(String name, String batch, String steps, int features) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
    if (steps != null) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(steps));
    }
    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features));
    return ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
        .build();
  }

  /** An int64 tensor (B, T) of token ids with named free dimensions. */
  private static ValueInfoProto tokenInfo(String name, String batch, String steps) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(steps));
    return ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.INT64.getNumber()).setShape(shape)))
        .build();
  }

  private static String version() {
    String v = OnnxExport.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}

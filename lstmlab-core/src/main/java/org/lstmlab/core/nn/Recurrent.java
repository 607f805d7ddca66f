package org.lstmlab.core.nn;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.lstmlab.core.kernel.ActivationKernel;
import org.lstmlab.core.kernel.Activations;
import org.lstmlab.core.kernel.Kernels;
import org.lstmlab.core.kernel.MatMul;
import org.lstmlab.core.kernel.PackedMatrix;

/**
 * A stack of recurrent layers (LSTM, GRU or vanilla RNN), numerically PyTorch's {@code nn.LSTM},
 * {@code nn.GRU} and {@code nn.RNN} with {@code batch_first=True}.
 *
 * <p>Shapes: {@code B} batch, {@code T} time steps, {@code I} input features, {@code H} hidden
 * units, {@code L} layers, {@code G} gate blocks ({@link CellType#gates()}). Input and output are
 * batch-first, (B, T, I) and (B, T, H); states are (L, B, H) as in PyTorch.
 *
 * <h2>From the notebook's notation to PyTorch's parameters</h2>
 *
 * The notebook writes each LSTM gate as {@code W_f·[h_{t-1}, x_t] + b_f} with one matrix acting on
 * the concatenation. Split that matrix by columns, {@code W_f = [W_hf | W_if]}, and it is {@code
 * W_if·x_t + W_hf·h_{t-1} + b_f}. PyTorch stacks the four gates' pieces by rows in the order i, f,
 * g (the candidate C̃), o:
 *
 * <pre>
 *   weight_ih_l0 (4H, I) = [W_ii; W_if; W_ig; W_io]    rows [0,H) input gate, [H,2H) forget, ...
 *   weight_hh_l0 (4H, H) = [W_hi; W_hf; W_hg; W_ho]
 *   bias_ih_l0 + bias_hh_l0 (4H) = [b_i; b_f; b_g; b_o]   (two biases, only their sum matters)
 * </pre>
 *
 * so {@code W_f = [weight_hh[H:2H] | weight_ih[H:2H]]} and {@code b_f = bias_ih[H:2H] +
 * bias_hh[H:2H]}. The six equations, with σ the logistic function and ⊙ the elementwise product:
 *
 * <pre>
 *   i_t = σ(W_ii x_t + W_hi h_{t-1} + b_i)      f_t = σ(W_if x_t + W_hf h_{t-1} + b_f)
 *   g_t = tanh(W_ig x_t + W_hg h_{t-1} + b_g)   o_t = σ(W_io x_t + W_ho h_{t-1} + b_o)
 *   c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t             h_t = o_t ⊙ tanh(c_t)
 * </pre>
 *
 * The GRU uses (r, z, n): {@code n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))}, {@code
 * h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1}}. The RNN: {@code h_t = act(W_ih x_t + b_ih + W_hh h_{t-1}
 * + b_hh)}. Layer k &gt; 0 takes layer k−1's hidden states as its input, with dropout on them in
 * training when {@code dropout > 0}.
 *
 * <h2>How it is computed</h2>
 *
 * Internally everything is time-major, (T, B, ·), so that one time step is a contiguous block. Per
 * layer: the input projection of all time steps is one matrix product (T·B, I)×(I, G·H); each step
 * adds one recurrent product (B, H)×(H, G·H) and applies the gate activations in place. Forward
 * keeps exactly what backward needs: activated gates, all h and c, tanh(c). Backward runs the
 * time loop in reverse with one product per step for the gradient to h_{t−1}, then computes the
 * weight gradients and the input gradient as three large products over all T·B rows. Workspaces
 * are allocated when the batch or sequence grows and reused afterwards: nothing is allocated per
 * time step.
 *
 * <p>Lifecycle: {@link #forward} (keeps the caches) → optionally {@link #backward} (accumulates into
 * {@link Parameters#grad()} with {@code +=}). A backward refers to the latest forward. Not
 * thread-safe: use one instance per thread.
 */
public final class Recurrent {

  private final Config config;
  private final CellType cell;
  private final int inputSize; // I
  private final int hidden; // H
  private final int layers; // L
  private final int gates; // G
  private final float dropout;
  private final boolean unitForgetBias;
  private final String prefix;
  private final int[] wIh; // per layer: offset of weight_ih_l{k} (G*H, I or H)
  private final int[] wHh; // per layer: offset of weight_hh_l{k} (G*H, H)
  private final int[] bIh; // per layer: offset of bias_ih_l{k} (G*H)
  private final int[] bHh; // per layer: offset of bias_hh_l{k} (G*H)
  private final MatMul mm = Kernels.matMul();
  private final ActivationKernel act = Kernels.activations();
  private SplittableRandom dropoutRng;
  private Parameters params;

  // Workspaces: per layer, valid for the (batch, steps) of the latest forward.
  private Cache[] caches;
  private int batch; // B of the latest forward, 0 before any
  private int steps; // T of the latest forward
  private int capRows; // capacity in rows of B*T
  private int capBatch; // capacity in rows of B
  private boolean training; // the latest forward's mode
  private boolean maskActive; // whether the latest forward applied dropout
  private float[] dTop; // (T, B, H) gradient into the top layer's outputs

  /** Per-layer buffers, time-major. */
  private static final class Cache {
    float[] in; // (T, B, In) the layer's input, after dropout for k > 0
    float[] mask; // (T, B, In) dropout mask (0 or 1/(1-p)), k > 0 in training only
    float[] gates; // (T, B, G*H) activated gates
    float[] h; // (T+1, B, H) h_{-1} = h0 in slot 0, then h_0 .. h_{T-1}
    float[] c; // (T+1, B, H) as h, LSTM only
    float[] tc; // (T, B, H) tanh(c_t), LSTM only
    float[] ghn; // (T, B, H) W_hn·h_{t-1} + b_hn, GRU only
    float[] gh; // (B, G*H) the recurrent product of one step, GRU only
    float[] dG; // (T, B, G*H) gradients of the gate pre-activations, input side
    float[] dGh; // (T, B, G*H) the same, recurrent side (differs only for the GRU)
    float[] dh; // (B, H) gradient flowing to h_{t-1}
    float[] dc; // (B, H) gradient flowing to c_{t-1}
    float[] dIn; // (T, B, In) gradient of the layer's input
    PackedMatrix whhT; // W_hhᵀ (H, G*H) packed once per forward for all T recurrent products
    float[] whhSeen; // (G*H, H) W_hh as whhT was packed from it in inference, when whhSeenValid
    boolean whhSeenValid;
    PackedMatrix whh; // W_hh (G*H, H) packed once per backward
  }

  Recurrent(Config config, Parameters.Builder builder, String prefix) {
    this.config = config;
    this.cell = config.cell;
    this.inputSize = config.inputSize;
    this.hidden = config.hidden;
    this.layers = config.layers;
    this.dropout = (float) config.dropout;
    this.unitForgetBias = config.unitForgetBias;
    this.gates = cell.gates();
    this.prefix = prefix;
    wIh = new int[layers];
    wHh = new int[layers];
    bIh = new int[layers];
    bHh = new int[layers];
    int gh = Math.multiplyExact(gates, hidden);
    for (int k = 0; k < layers; k++) {
      int in = k == 0 ? inputSize : hidden;
      wIh[k] = builder.add(prefix + "weight_ih_l" + k, gh, in);
      wHh[k] = builder.add(prefix + "weight_hh_l" + k, gh, hidden);
      bIh[k] = builder.add(prefix + "bias_ih_l" + k, gh);
      bHh[k] = builder.add(prefix + "bias_hh_l" + k, gh);
    }
  }

  /**
   * A stand-alone stack with its own {@link Parameters}, initialised from {@code seed} as PyTorch
   * does (see {@link #resetParameters}); tensor names have no prefix ({@code weight_ih_l0}, ...).
   */
  public static Recurrent create(Config config, long seed) {
    Parameters.Builder b = new Parameters.Builder();
    Recurrent r = new Recurrent(config, b, "");
    r.bind(b.build(), seed);
    return r;
  }

  void bind(Parameters p, long seed) {
    this.params = p;
    resetParameters(seed);
  }

  /**
   * Re-initialises every tensor of this stack from {@code seed}: uniform(−1/√H, 1/√H), PyTorch's
   * default, then forget-gate biases b_ih = 1, b_hh = 0 if {@code unitForgetBias} (Keras' choice:
   * the cell starts out remembering [Jozefowicz et al. 2015]). Also reseeds the dropout masks.
   */
  public void resetParameters(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double bound = 1.0 / Math.sqrt(hidden);
    float[] d = params.data();
    for (int k = 0; k < layers; k++) {
      int gh = gates * hidden;
      int in = k == 0 ? inputSize : hidden;
      fillUniform(rng, bound, d, wIh[k], gh * in);
      fillUniform(rng, bound, d, wHh[k], gh * hidden);
      fillUniform(rng, bound, d, bIh[k], gh);
      fillUniform(rng, bound, d, bHh[k], gh);
      if (unitForgetBias) {
        Arrays.fill(d, bIh[k] + hidden, bIh[k] + 2 * hidden, 1f);
        Arrays.fill(d, bHh[k] + hidden, bHh[k] + 2 * hidden, 0f);
      }
    }
    dropoutRng = rng.split();
  }

  static void fillUniform(SplittableRandom rng, double bound, float[] d, int off, int n) {
    for (int i = 0; i < n; i++) {
      d[off + i] = (float) rng.nextDouble(-bound, bound);
    }
  }

  /**
   * Restarts the stream of dropout masks from {@code seed}, so that two forwards in training mode
   * draw the same masks (used by gradient checks and by replays).
   */
  public void setDropoutSeed(long seed) {
    dropoutRng = new SplittableRandom(seed);
  }

  /** The parameters this stack reads and whose gradients it accumulates. */
  public Parameters parameters() {
    return params;
  }

  /** The sizes this stack was made with. */
  public Config config() {
    return config;
  }

  /** The cell type. */
  public CellType cell() {
    return cell;
  }

  /** I: input features per step. */
  public int inputSize() {
    return inputSize;
  }

  /** H: hidden units per layer. */
  public int hidden() {
    return hidden;
  }

  /** L: number of stacked layers. */
  public int layers() {
    return layers;
  }

  /** Dropout probability on the inputs of layers 1..L−1 in training. */
  public float dropout() {
    return dropout;
  }

  /** Whether the forget-gate bias starts at 1. */
  public boolean unitForgetBias() {
    return unitForgetBias;
  }

  /**
   * Runs the stack over a batch of sequences.
   *
   * @param x (B, T, I) batch-first input, with (L, B, H) initial states or zeros
   * @param mode {@link Mode#TRAINING} applies dropout between layers, {@link Mode#INFERENCE} not
   * @return (B, T, H) the top layer's hidden state at every step; {@link #finalHidden()} and {@link
   *     #finalCell()} give the last states
   * @throws IllegalArgumentException if x's I is not {@link #inputSize()}, a state is not (L, B,
   *     H), a value is not finite, or an argument is null
   */
  public float[] forward(SequenceBatch x, Mode mode) {
    if (x == null || mode == null) {
      throw new IllegalArgumentException((x == null ? "x" : "mode") + " is null; expected a (B, T,"
          + " I=" + inputSize + ") SequenceBatch and a Mode");
    }
    if (x.features() != inputSize) {
      throw new IllegalArgumentException("x is " + x + "; this stack reads I=" + inputSize
          + " features per step");
    }
    return forward(x.values(), x.batch(), x.steps(), x.initialHidden(), x.initialCell(),
        mode == Mode.TRAINING);
  }

  /** {@link #forward(SequenceBatch, Mode)} on a flat (B, T, I) array, for this package. */
  float[] forward(float[] x, int batch, int steps, float[] h0, float[] c0, boolean training) {
    forwardInternal(x, batch, steps, h0, c0, training);
    float[] out = new float[batch * steps * hidden];
    Cache top = caches[layers - 1];
    transpose(top.h, batch * hidden, steps, batch, hidden, out);
    return out;
  }

  /** (L, B, H): each layer's hidden state after the last step of the latest forward. */
  public float[] finalHidden() {
    requireForward();
    return finalStates(true);
  }

  /**
   * (L, B, H): each layer's cell state after the last step of the latest forward.
   *
   * @throws IllegalStateException if the cell is not an LSTM
   */
  public float[] finalCell() {
    requireForward();
    if (!cell.hasCellState()) {
      throw new IllegalStateException(cell.id() + " has no cell state");
    }
    return finalStates(false);
  }

  private float[] finalStates(boolean h) {
    int bh = batch * hidden;
    float[] s = new float[layers * bh];
    for (int k = 0; k < layers; k++) {
      System.arraycopy(h ? caches[k].h : caches[k].c, steps * bh, s, k * bh, bh);
    }
    return s;
  }

  /**
   * Backpropagates through time for the latest forward and accumulates the parameter gradients.
   *
   * @param dOut (B, T, H) gradient of the loss with respect to the output, or null for zeros
   * @param dhN (L, B, H) gradient with respect to the final hidden state, or null for zeros
   * @param dcN (L, B, H) gradient with respect to the final cell state (LSTM), or null for zeros
   * @return (B, T, I) the gradient with respect to the input; {@link #initialHiddenGradient()} and
   *     {@link #initialCellGradient()} give those of h0 and c0
   */
  public float[] backward(float[] dOut, float[] dhN, float[] dcN) {
    requireForward();
    float[] top = topGradientBuffer();
    if (dOut == null) {
      Arrays.fill(top, 0, batch * steps * hidden, 0f);
    } else {
      Checks.requireLength("dOut", dOut, batch * steps * hidden, shape(batch, steps, hidden));
      transpose(dOut, 0, batch, steps, hidden, top);
    }
    backwardInternal(top, dhN, dcN);
    return inputGradient();
  }

  /** (B, T, I): the input gradient of the latest backward, batch-first. */
  float[] inputGradient() {
    float[] dx = new float[batch * steps * inputSize];
    transpose(caches[0].dIn, 0, steps, batch, inputSize, dx);
    return dx;
  }

  /** (L, B, H): gradient with respect to h0 from the latest backward. */
  public float[] initialHiddenGradient() {
    requireForward();
    return initialGradients(true);
  }

  /** (L, B, H): gradient with respect to c0 from the latest backward (LSTM only). */
  public float[] initialCellGradient() {
    requireForward();
    if (!cell.hasCellState()) {
      throw new IllegalStateException(cell.id() + " has no cell state");
    }
    return initialGradients(false);
  }

  private float[] initialGradients(boolean h) {
    int bh = batch * hidden;
    float[] s = new float[layers * bh];
    for (int k = 0; k < layers; k++) {
      System.arraycopy(h ? caches[k].dh : caches[k].dc, 0, s, k * bh, bh);
    }
    return s;
  }

  /**
   * A copy of one layer's activated gates from the latest forward, batch-first (B, T, G·H), in
   * PyTorch's gate order. For views inside the cell.
   */
  public float[] gateActivations(int layer) {
    requireForward();
    requireLayer(layer);
    int gh = gates * hidden;
    float[] out = new float[batch * steps * gh];
    transpose(caches[layer].gates, 0, steps, batch, gh, out);
    return out;
  }

  /** A copy of one layer's input from the latest forward, after dropout, (B, T, In). */
  float[] cacheInput(int layer) {
    requireForward();
    int in = layer == 0 ? inputSize : hidden;
    float[] out = new float[batch * steps * in];
    transpose(caches[layer].in, 0, steps, batch, in, out);
    return out;
  }

  /** A copy of one layer's cell states c_0..c_{T−1} from the latest forward, (B, T, H); LSTM only. */
  public float[] cellStates(int layer) {
    requireForward();
    requireLayer(layer);
    if (!cell.hasCellState()) {
      throw new IllegalStateException(cell.id() + " has no cell state");
    }
    float[] out = new float[batch * steps * hidden];
    transpose(caches[layer].c, batch * hidden, steps, batch, hidden, out);
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Package-private entry points for SequenceModel, which works on the time-major buffers directly.

  void forwardInternal(float[] x, int batch, int steps, float[] h0, float[] c0, boolean training) {
    if (params == null) {
      throw new IllegalStateException("parameters not bound");
    }
    Checks.requirePositive("batch", batch);
    Checks.requirePositive("steps", steps);
    int bh = Math.multiplyExact(batch, hidden);
    Checks.requireLength("x", x, Math.multiplyExact(Math.multiplyExact(batch, steps), inputSize),
        shape(batch, steps, inputSize));
    Checks.requireFinite("x", x);
    if (h0 != null) {
      Checks.requireLength("h0", h0, layers * bh, shape(layers, batch, hidden));
      Checks.requireFinite("h0", h0);
    }
    if (c0 != null) {
      if (!cell.hasCellState()) {
        throw new IllegalArgumentException("c0 must be null: " + cell.id() + " has no cell state");
      }
      Checks.requireLength("c0", c0, layers * bh, shape(layers, batch, hidden));
      Checks.requireFinite("c0", c0);
    }
    ensureWorkspace(batch, steps);
    this.batch = batch;
    this.steps = steps;
    this.maskActive = training && dropout > 0f && layers > 1;
    this.training = training;
    transpose(x, 0, batch, steps, inputSize, caches[0].in);
    for (int k = 0; k < layers; k++) {
      Cache ck = caches[k];
      if (k > 0) {
        int n = steps * bh;
        System.arraycopy(caches[k - 1].h, bh, ck.in, 0, n);
        if (maskActive) {
          float keep = 1f / (1f - dropout);
          for (int i = 0; i < n; i++) {
            float m = dropoutRng.nextDouble() < dropout ? 0f : keep;
            ck.mask[i] = m;
            ck.in[i] *= m;
          }
        }
      }
      if (h0 == null) {
        Arrays.fill(ck.h, 0, bh, 0f);
      } else {
        System.arraycopy(h0, k * bh, ck.h, 0, bh);
      }
      if (cell.hasCellState()) {
        if (c0 == null) {
          Arrays.fill(ck.c, 0, bh, 0f);
        } else {
          System.arraycopy(c0, k * bh, ck.c, 0, bh);
        }
      }
      layerForward(k, ck);
    }
  }

  /** The top layer's hidden states h_0..h_{T−1}, time-major, starting at {@link #topOffset()}. */
  float[] topStates() {
    return caches[layers - 1].h;
  }

  /** Offset of h_0 in {@link #topStates()}: slot 0 holds h0. */
  int topOffset() {
    return batch * hidden;
  }

  /** A (T, B, H) buffer for the gradient into the top layer, owned by this stack. */
  float[] topGradientBuffer() {
    return dTop;
  }

  void backwardInternal(float[] dTopTm, float[] dhN, float[] dcN) {
    int bh = batch * hidden;
    if (dhN != null) {
      Checks.requireLength("dhN", dhN, layers * bh, shape(layers, batch, hidden));
    }
    if (dcN != null) {
      if (!cell.hasCellState()) {
        throw new IllegalArgumentException("dcN must be null: " + cell.id() + " has no cell state");
      }
      Checks.requireLength("dcN", dcN, layers * bh, shape(layers, batch, hidden));
    }
    for (int k = layers - 1; k >= 0; k--) {
      Cache ck = caches[k];
      if (dhN == null) {
        Arrays.fill(ck.dh, 0, bh, 0f);
      } else {
        System.arraycopy(dhN, k * bh, ck.dh, 0, bh);
      }
      if (cell.hasCellState()) {
        if (dcN == null) {
          Arrays.fill(ck.dc, 0, bh, 0f);
        } else {
          System.arraycopy(dcN, k * bh, ck.dc, 0, bh);
        }
      }
      float[] dAbove = k == layers - 1 ? dTopTm : caches[k + 1].dIn;
      layerBackward(k, ck, dAbove);
    }
  }

  int batch() {
    return batch;
  }

  int steps() {
    return steps;
  }

  // ---------------------------------------------------------------------------------------------
  // One layer, and each cell's step: every backward right under its forward.

  // Letters: B batch, T steps, In the layer's input width (I for layer 0, H above), H hidden, G
  // gate blocks (4 LSTM, 3 GRU, 1 RNN). Buffers are time-major: (T, B, ·), one step a block.

  /**
   * Layer k's forward over all T steps: the input projection of every step as one product, the
   * biases, then the time loop, one {@code *Step} per step. Keeps in {@code ck} what {@link
   * #layerBackward} reads: the input (after dropout), the activated gates, every h (and c, tanh c
   * for the LSTM, W_hn·h + b_hn for the GRU).
   */
  private void layerForward(int k, Cache ck) {
    final int B = batch;
    final int T = steps;
    final int H = hidden;
    final int gh = gates * H;
    final int in = k == 0 ? inputSize : H;
    final float[] w = params.data();
    // Input projection of all steps at once: gates (T*B, G*H) = in (T*B, In) · W_ihᵀ.
    mm.gemm(false, true, T * B, gh, in, ck.in, 0, in, w, wIh[k], in, 0f, ck.gates, 0, gh);
    // Biases: the GRU keeps b_hh on the recurrent side (it sits inside r ⊙ (...)).
    boolean bothBiases = cell != CellType.GRU;
    int rowGrain = Math.max(1, MIN_RANGE / gh);
    if (split(T * B, rowGrain)) {
      mm.parallel(T * B, rowGrain, (r0, r1) -> addBiases(k, ck, bothBiases, r0, r1));
    } else {
      addBiases(k, ck, bothBiases, 0, T * B);
    }
    // The kernel prepares W_hhᵀ once for the T recurrent products (same results as unprepared).
    // Inference keeps it from call to call while W_hh is unchanged: comparing W_hh with the copy
    // it was packed from takes a few times less than packing (at one notebook window, 1×10×1,
    // packing was a quarter of the call). Training changes W_hh at every step: it packs.
    int whhSize = gh * H;
    if (training) {
      ck.whhT = mm.pack(true, H, gh, w, wHh[k], H, ck.whhT);
      ck.whhSeenValid = false;
    } else if (!ck.whhSeenValid
        || !Arrays.equals(w, wHh[k], wHh[k] + whhSize, ck.whhSeen, 0, whhSize)) {
      ck.whhT = mm.pack(true, H, gh, w, wHh[k], H, ck.whhT);
      if (ck.whhSeen == null) {
        ck.whhSeen = new float[whhSize];
      }
      System.arraycopy(w, wHh[k], ck.whhSeen, 0, whhSize);
      ck.whhSeenValid = true;
    }
    for (int t = 0; t < T; t++) {
      switch (cell) {
        case LSTM:
          lstmStep(k, ck, t);
          break;
        case GRU:
          gruStep(k, ck, t);
          break;
        default:
          rnnStep(k, ck, t);
      }
    }
  }

  /**
   * Layer k's backward, the reverse of {@link #layerForward}: the time loop from T−1 down to 0, one
   * {@code *StepBackward} per step, leaves in {@code ck.dG} (T, B, G·H) the gradients of every
   * step's gate pre-activations. In the forward pass the input side was one product over all
   * steps, gates = in·W_ihᵀ + b (T·B, G·H), so now we have, again as single products over all T·B
   * rows: dW_ih += dGᵀ·in (G·H, In), dW_hh += dGhᵀ·h_{t−1} (G·H, H), db += Σ_rows dG, and the
   * input gradient dIn = dG·W_ih (T·B, In). Layer k &gt; 0's input was h_below ⊙ mask (dropout), so
   * dIn is multiplied by the same mask before it flows to the layer below.
   *
   * @param dAbove (T, B, H) ∂L/∂h_t from above: the head's gradient for the top layer, the next
   *     layer's input gradient otherwise
   */
  private void layerBackward(int k, Cache ck, float[] dAbove) {
    final int B = batch;
    final int T = steps;
    final int H = hidden;
    final int gh = gates * H;
    final int in = k == 0 ? inputSize : H;
    final float[] w = params.data();
    final float[] gw = params.grad();
    ck.whh = mm.pack(false, B, gh, H, w, wHh[k], H, ck.whh);
    for (int t = T - 1; t >= 0; t--) {
      switch (cell) {
        case LSTM:
          lstmStepBackward(k, ck, dAbove, t);
          break;
        case GRU:
          gruStepBackward(k, ck, dAbove, t);
          break;
        default:
          rnnStepBackward(k, ck, dAbove, t);
      }
    }
    float[] dGh = cell == CellType.GRU ? ck.dGh : ck.dG;
    // Weight gradients as single products over all T*B rows.
    mm.gemm(true, false, gh, in, T * B, ck.dG, 0, gh, ck.in, 0, in, 1f, gw, wIh[k], in);
    mm.gemm(true, false, gh, H, T * B, dGh, 0, gh, ck.h, 0, H, 1f, gw, wHh[k], H);
    // Bias gradients: column sums over the T·B rows, in row order whatever the split (columns
    // apart on the kernel's threads).
    int colGrain = Math.max(16, MIN_RANGE / (T * B));
    if (split(gh, colGrain)) {
      mm.parallel(gh, colGrain, (j0, j1) -> biasGradients(k, ck, dGh, j0, j1));
    } else {
      biasGradients(k, ck, dGh, 0, gh);
    }
    // Gradient of the layer's input: dIn (T*B, In) = dG (T*B, G*H) · W_ih (G*H, In).
    mm.gemm(false, false, T * B, in, gh, ck.dG, 0, gh, w, wIh[k], in, 0f, ck.dIn, 0, in);
    if (k > 0 && maskActive) {
      for (int i = 0; i < T * B * in; i++) {
        ck.dIn[i] *= ck.mask[i];
      }
    }
  }

  /** Gates rows [r0, r1) of layer k += b_ih (+ b_hh, except for the GRU). */
  private void addBiases(int k, Cache ck, boolean bothBiases, int r0, int r1) {
    final int gh = gates * hidden;
    final float[] w = params.data();
    for (int row = r0; row < r1; row++) {
      int g = row * gh;
      for (int j = 0; j < gh; j++) {
        float b = w[bIh[k] + j];
        if (bothBiases) {
          b += w[bHh[k] + j];
        }
        ck.gates[g + j] += b;
      }
    }
  }

  /** Columns [j0, j1) of layer k's bias gradients += the column sums of dG and dGh. */
  private void biasGradients(int k, Cache ck, float[] dGh, int j0, int j1) {
    final int gh = gates * hidden;
    final int rows = steps * batch;
    final float[] gw = params.grad();
    for (int row = 0; row < rows; row++) {
      int g = row * gh;
      for (int j = j0; j < j1; j++) {
        gw[bIh[k] + j] += ck.dG[g + j];
        gw[bHh[k] + j] += dGh[g + j];
      }
    }
  }

  /**
   * Whether n items of elementwise work, in ranges of at least grain, are worth the kernel's
   * threads: below two ranges, or on one thread, the caller runs them itself, with no hand-over
   * and no lambda (the notebook's B = 1 steps).
   */
  private boolean split(int n, int grain) {
    return n >= 2 * grain && mm.threads() > 1;
  }

  /**
   * Elements of elementwise work below which a range is not given to another thread: handing it
   * over costs microseconds, about what a few thousand activations take (the notebook's B = 1,
   * 4H = 400 then runs alone; B 64, 4H 1024 splits into 16 ranges of 4 rows).
   */
  private static final int MIN_RANGE = 4096;

  // LSTM: each step's backward right under its forward.

  /**
   * LSTM step t, forward [Hochreiter &amp; Schmidhuber 1997; Gers et al. 2000]. Before it, {@code
   * ck.gates} row t holds a = x_t·W_ihᵀ + b_ih + b_hh (B, 4H); it adds h_{t−1}·W_hhᵀ, then per row
   * ({@link #lstmCells}):
   *
   * <pre>
   *   i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)      (B, 4H), in place: kept
   *   c_t = f ⊙ c_{t−1} + i ⊙ g                                 (B, H) kept in c
   *   h_t = o ⊙ tanh(c_t)                                        (B, H) tanh(c_t) kept in tc
   * </pre>
   */
  private void lstmStep(int k, Cache ck, int t) {
    final int B = batch;
    final int H = hidden;
    final int gh = 4 * H;
    final int gt = t * B * gh; // gates of step t
    final int hp = t * B * H; // h_{t-1}, c_{t-1}
    mm.gemm(false, B, ck.h, hp, H, ck.whhT, 1f, ck.gates, gt, gh);
    // The batch rows apart from each other, on the kernel's threads: the step's elementwise work
    // on one thread was a third of a training step on one (JFR), and bounded what more gained.
    int grain = Math.max(1, MIN_RANGE / gh);
    if (split(B, grain)) {
      mm.parallel(B, grain, (b0, b1) -> lstmCells(ck, t, b0, b1));
    } else {
      lstmCells(ck, t, 0, B);
    }
  }

  /** The LSTM cells of batch rows [b0, b1) at step t, after the recurrent product. */
  private void lstmCells(Cache ck, int t, int b0, int b1) {
    final int B = batch;
    final int H = hidden;
    final int gh = 4 * H;
    final int gt = t * B * gh;
    final int hp = t * B * H;
    final int hn = hp + B * H;
    float[] g = ck.gates;
    for (int b = b0; b < b1; b++) {
      int row = gt + b * gh;
      int s = b * H;
      // Gates in place, one run per activation: i and f are adjacent, then g, then o.
      act.sigmoid(g, row, 2 * H);
      act.tanh(g, row + 2 * H, H);
      act.sigmoid(g, row + 3 * H, H);
      for (int j = 0; j < H; j++) {
        float ig = g[row + j];
        float fg = g[row + H + j];
        float cg = g[row + 2 * H + j];
        ck.c[hn + s + j] = fg * ck.c[hp + s + j] + ig * cg;
      }
      act.tanh(ck.c, hn + s, ck.tc, hp + s, H);
      for (int j = 0; j < H; j++) {
        ck.h[hn + s + j] = g[row + 3 * H + j] * ck.tc[hp + s + j];
      }
    }
  }

  /**
   * LSTM step t, backward: {@link #lstmStep} read from the bottom up. Coming in: dh = ∂L/∂h_t =
   * dAbove_t + (the gradient from step t+1 through W_hh, in {@code ck.dh}), and dc = ∂L/∂c_t from
   * step t+1 (in {@code ck.dc}; zero, or dcN, at t = T−1).
   *
   * <pre>
   * In the forward pass this was h_t = o ⊙ tanh(c_t), so now we have
   *   ∂L/∂o   = dh ⊙ tanh(c_t)
   *   dc     += dh ⊙ o ⊙ (1 − tanh²(c_t))          c_t reaches L through h_t as well
   * In the forward pass this was c_t = f ⊙ c_{t−1} + i ⊙ g, so now we have
   *   ∂L/∂i = dc ⊙ g    ∂L/∂f = dc ⊙ c_{t−1}    ∂L/∂g = dc ⊙ i    ∂L/∂c_{t−1} = dc ⊙ f
   * In the forward pass this was i = σ(a_i), f, o likewise, g = tanh(a_g), and σ' = σ(1 − σ),
   * tanh' = 1 − tanh², so now we have the pre-activation gradients dG_t (B, 4H):
   *   dG_i = dc ⊙ g ⊙ i(1 − i)          dG_f = dc ⊙ c_{t−1} ⊙ f(1 − f)
   *   dG_g = dc ⊙ i ⊙ (1 − g²)          dG_o = dh ⊙ tanh(c_t) ⊙ o(1 − o)
   * In the forward pass this was a = … + h_{t−1}·W_hhᵀ, so now we have
   *   dh_{t−1} = dG_t·W_hh               (B, 4H)·(4H, H) = (B, H), into ck.dh for step t−1
   * </pre>
   *
   * The elementwise part is {@code ActivationKernel.lstmCellBackward}, the same operations in the
   * same order in every kernel ({@link #lstmCellsBackward}); the weight gradients need every
   * step's dG and are taken once, after the time loop, in {@link #layerBackward}.
   */
  private void lstmStepBackward(int k, Cache ck, float[] dAbove, int t) {
    final int B = batch;
    final int H = hidden;
    final int gh = 4 * H;
    final int gt = t * B * gh;
    // dc_t, the gate gradients dG_t and dc_{t-1} from dh_t and dc_t (see ActivationKernel), the
    // batch rows on the kernel's threads as in lstmStep
    int grain = Math.max(1, MIN_RANGE / gh);
    if (split(B, grain)) {
      mm.parallel(B, grain, (b0, b1) -> lstmCellsBackward(ck, dAbove, t, b0, b1));
    } else {
      lstmCellsBackward(ck, dAbove, t, 0, B);
    }
    // dh_{t-1} (B, H) = dG_t (B, 4H) · W_hh (4H, H)
    mm.gemm(false, B, ck.dG, gt, gh, ck.whh, 0f, ck.dh, 0, H);
  }

  /** The LSTM cells' backward of batch rows [b0, b1) at step t (see lstmStepBackward). */
  private void lstmCellsBackward(Cache ck, float[] dAbove, int t, int b0, int b1) {
    final int B = batch;
    final int H = hidden;
    final int gh = 4 * H;
    final int gt = t * B * gh;
    final int hp = t * B * H;
    for (int b = b0; b < b1; b++) {
      act.lstmCellBackward(
          ck.gates, ck.dG, gt + b * gh, ck.c, ck.tc, dAbove, hp + b * H, ck.dh, ck.dc, b * H, H);
    }
  }

  // GRU.

  /**
   * GRU step t, forward, as PyTorch's {@code nn.GRU} [Cho et al. 2014]. Before it, {@code
   * ck.gates} row t holds a = x_t·W_ihᵀ + b_ih (B, 3H), without b_hh: b_hn sits inside r ⊙ (…).
   *
   * <pre>
   *   gh  = h_{t−1}·W_hhᵀ                       (B, 3H) one product, in ck.gh
   *   r   = σ(a_r + gh_r + b_hr)    z = σ(a_z + gh_z + b_hz)
   *   ghn = gh_n + b_hn                          (B, H) kept: r multiplies it
   *   n   = tanh(a_n + r ⊙ ghn)
   *   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
   * </pre>
   */
  private void gruStep(int k, Cache ck, int t) {
    final int B = batch;
    final int H = hidden;
    final int gh = 3 * H;
    final int gt = t * B * gh;
    final int hp = t * B * H;
    final int hn = hp + B * H;
    final float[] w = params.data();
    mm.gemm(false, B, ck.h, hp, H, ck.whhT, 0f, ck.gh, 0, gh);
    float[] g = ck.gates;
    for (int b = 0; b < B; b++) {
      int row = gt + b * gh;
      int rh = b * gh;
      int s = b * H;
      // r and z: pre-activations, then one sigmoid over both.
      for (int j = 0; j < 2 * H; j++) {
        g[row + j] = g[row + j] + ck.gh[rh + j] + w[bHh[k] + j];
      }
      act.sigmoid(g, row, 2 * H);
      for (int j = 0; j < H; j++) {
        float hnj = ck.gh[rh + 2 * H + j] + w[bHh[k] + 2 * H + j];
        ck.ghn[hp + s + j] = hnj;
        g[row + 2 * H + j] = g[row + 2 * H + j] + g[row + j] * hnj;
      }
      act.tanh(g, row + 2 * H, H);
      for (int j = 0; j < H; j++) {
        float z = g[row + H + j];
        float n = g[row + 2 * H + j];
        ck.h[hn + s + j] = (1f - z) * n + z * ck.h[hp + s + j];
      }
    }
  }

  /**
   * GRU step t, backward: {@link #gruStep} read from the bottom up, with dh = ∂L/∂h_t = dAbove_t +
   * (the gradient from step t+1, in {@code ck.dh}).
   *
   * <pre>
   * In the forward pass this was h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}, so now we have
   *   ∂L/∂n = dh ⊙ (1 − z)    ∂L/∂z = dh ⊙ (h_{t−1} − n)    ∂L/∂h_{t−1} = dh ⊙ z (direct part)
   * In the forward pass this was n = tanh(a_n + r ⊙ ghn), so now we have
   *   dn = ∂L/∂n ⊙ (1 − n²)   the gradient of n's pre-activation: dG_n = dn (input side),
   *   ∂L/∂ghn = dn ⊙ r (recurrent side, dGh_n), ∂L/∂r = dn ⊙ ghn
   * In the forward pass this was r = σ(…), z = σ(…), so now we have
   *   dG_r = ∂L/∂r ⊙ r(1 − r)    dG_z = ∂L/∂z ⊙ z(1 − z)    and dGh_r = dG_r, dGh_z = dG_z
   *   (both pre-activations add the input and the recurrent products)
   * In the forward pass this was gh = h_{t−1}·W_hhᵀ, so now we have
   *   dh_{t−1} += dGh_t·W_hh             (B, 3H)·(3H, H)
   * </pre>
   *
   * dG (B, 3H) and dGh (B, 3H) differ only in the n block; layerBackward takes the input-side
   * weight gradients from dG and the recurrent ones from dGh.
   */
  private void gruStepBackward(int k, Cache ck, float[] dAbove, int t) {
    final int B = batch;
    final int H = hidden;
    final int gh = 3 * H;
    final int gt = t * B * gh;
    final int hp = t * B * H;
    float[] g = ck.gates;
    for (int b = 0; b < B; b++) {
      int row = gt + b * gh;
      int s = b * H;
      for (int j = 0; j < H; j++) {
        float r = g[row + j];
        float z = g[row + H + j];
        float n = g[row + 2 * H + j];
        float dh = dAbove[hp + s + j] + ck.dh[s + j];
        float dn = dh * (1f - z) * (1f - n * n);
        float dz = dh * (ck.h[hp + s + j] - n) * z * (1f - z);
        float dr = dn * ck.ghn[hp + s + j] * r * (1f - r);
        ck.dG[row + j] = dr;
        ck.dG[row + H + j] = dz;
        ck.dG[row + 2 * H + j] = dn;
        ck.dGh[row + j] = dr;
        ck.dGh[row + H + j] = dz;
        ck.dGh[row + 2 * H + j] = dn * r;
        ck.dh[s + j] = dh * z;
      }
    }
    // dh_{t-1} += dGh_t (B, 3H) · W_hh (3H, H)
    mm.gemm(false, B, ck.dGh, gt, gh, ck.whh, 1f, ck.dh, 0, H);
  }

  // Vanilla RNN (tanh or ReLU).

  /**
   * Vanilla RNN step t, forward (Elman 1990; PyTorch's {@code nn.RNN}). Before it, {@code ck.gates} row
   * t holds a = x_t·W_ihᵀ + b_ih + b_hh (B, H); then h_t = act(a + h_{t−1}·W_hhᵀ) with act tanh or
   * ReLU, in place: the activated "gate" is h_t itself, kept for backward.
   */
  private void rnnStep(int k, Cache ck, int t) {
    final int B = batch;
    final int H = hidden;
    final int gt = t * B * H;
    final int hp = t * B * H;
    final int hn = hp + B * H;
    mm.gemm(false, B, ck.h, hp, H, ck.whhT, 1f, ck.gates, gt, H);
    if (cell == CellType.RNN_RELU) {
      for (int i = 0; i < B * H; i++) {
        ck.gates[gt + i] = Activations.relu(ck.gates[gt + i]);
      }
    } else {
      act.tanh(ck.gates, gt, B * H);
    }
    System.arraycopy(ck.gates, gt, ck.h, hn, B * H);
  }

  /**
   * Vanilla RNN step t, backward, with dh = ∂L/∂h_t = dAbove_t + (the gradient from step t+1).
   *
   * <pre>
   * In the forward pass this was h_t = tanh(a), so now we have dG_t = dh ⊙ (1 − h_t²);
   *   for ReLU, h_t = max(a, 0), so dG_t = dh where h_t &gt; 0, else 0           (B, H)
   * In the forward pass this was a = … + h_{t−1}·W_hhᵀ, so now we have
   *   dh_{t−1} = dG_t·W_hh               (B, H)·(H, H)
   * </pre>
   */
  private void rnnStepBackward(int k, Cache ck, float[] dAbove, int t) {
    final int B = batch;
    final int H = hidden;
    final int gt = t * B * H;
    boolean relu = cell == CellType.RNN_RELU;
    for (int i = 0; i < B * H; i++) {
      float h = ck.gates[gt + i];
      float dh = dAbove[gt + i] + ck.dh[i];
      ck.dG[gt + i] = relu ? (h > 0f ? dh : 0f) : dh * (1f - h * h);
    }
    mm.gemm(false, B, ck.dG, gt, H, ck.whh, 0f, ck.dh, 0, H);
  }

  // ---------------------------------------------------------------------------------------------

  private void ensureWorkspace(int b, int t) {
    int rows = Math.multiplyExact(b, t);
    if (caches != null && rows <= capRows && b <= capBatch) {
      return;
    }
    int capR = Math.max(rows, capRows);
    int capB = Math.max(b, capBatch);
    int H = hidden;
    int gh = gates * H;
    Cache[] cs = new Cache[layers];
    for (int k = 0; k < layers; k++) {
      int in = k == 0 ? inputSize : H;
      Cache c = new Cache();
      c.in = new float[capR * in];
      c.mask = k > 0 && dropout > 0f ? new float[capR * H] : null;
      c.gates = new float[capR * gh];
      c.h = new float[(capR + capB) * H];
      c.dG = new float[capR * gh];
      c.dh = new float[capB * H];
      c.dIn = new float[capR * in];
      if (cell == CellType.LSTM) {
        c.c = new float[(capR + capB) * H];
        c.tc = new float[capR * H];
        c.dc = new float[capB * H];
      }
      if (cell == CellType.GRU) {
        c.ghn = new float[capR * H];
        c.gh = new float[capB * gh];
        c.dGh = new float[capR * gh];
      }
      cs[k] = c;
    }
    caches = cs;
    dTop = new float[capR * H];
    capRows = capR;
    capBatch = capB;
  }

  private void requireLayer(int layer) {
    if (layer < 0 || layer >= layers) {
      throw new IllegalArgumentException("layer must be in [0, " + layers + "), got " + layer);
    }
  }

  private void requireForward() {
    if (batch == 0) {
      throw new IllegalStateException("no forward pass yet");
    }
  }

  /**
   * Copies a (D0, D1, D2) block at {@code src[srcOff..]} into (D1, D0, D2) order at {@code dst[0..]}.
   */
  static void transpose(float[] src, int srcOff, int d0, int d1, int d2, float[] dst) {
    for (int a = 0; a < d0; a++) {
      for (int b = 0; b < d1; b++) {
        System.arraycopy(src, srcOff + (a * d1 + b) * d2, dst, (b * d0 + a) * d2, d2);
      }
    }
  }

  static String shape(int... dims) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      s.append(i == 0 ? "" : ", ").append(dims[i]);
    }
    return s.append(')').toString();
  }

  /**
   * The sizes of a stack; immutable. Defaults: one layer, no dropout, PyTorch's initialisation.
   */
  public static final class Config {
    final CellType cell;
    final int inputSize;
    final int hidden;
    final int layers;
    final double dropout;
    final boolean unitForgetBias;

    /**
     * @param cell the cell type
     * @param inputSize I, features per step, &gt; 0
     * @param hidden H, hidden units per layer, &gt; 0
     * @param layers L, stacked layers, &gt; 0
     * @param dropout probability in [0, 1) of zeroing an input of layers 1..L−1 in training
     * @param unitForgetBias whether the LSTM's forget-gate bias starts at 1
     */
    public Config(
        CellType cell, int inputSize, int hidden, int layers, double dropout, boolean unitForgetBias) {
      if (cell == null) {
        throw new IllegalArgumentException("cell must not be null");
      }
      this.cell = cell;
      this.inputSize = Checks.requirePositive("inputSize", inputSize);
      this.hidden = Checks.requirePositive("hidden", hidden);
      this.layers = Checks.requirePositive("layers", layers);
      if (!(dropout >= 0 && dropout < 1)) {
        throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
      }
      this.dropout = dropout;
      if (unitForgetBias && cell != CellType.LSTM) {
        throw new IllegalArgumentException(
            "unitForgetBias applies to the LSTM only, cell is " + cell.id());
      }
      this.unitForgetBias = unitForgetBias;
    }

    /** One layer, no dropout, PyTorch's initialisation. */
    public Config(CellType cell, int inputSize, int hidden) {
      this(cell, inputSize, hidden, 1, 0, false);
    }

    public CellType cell() {
      return cell;
    }

    public int inputSize() {
      return inputSize;
    }

    public int hidden() {
      return hidden;
    }

    public int layers() {
      return layers;
    }

    public double dropout() {
      return dropout;
    }

    public boolean unitForgetBias() {
      return unitForgetBias;
    }
  }
}

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
 * units, {@code L} layers, {@code G} gate blocks ({@link CellType#gates()}), {@code D} directions
 * (1, or 2 when bidirectional). Input and output are batch-first, (B, T, I) and (B, T, D·H); states
 * are (L·D, B, H) as in PyTorch, ordered layer 0 forward, layer 0 reverse, layer 1 forward, ...
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
 * <h2>Bidirectional stacks</h2>
 *
 * With {@code bidirectional} each layer has a second, reverse direction with its own parameters
 * ({@code weight_ih_l{k}_reverse}, ... as PyTorch names them) that reads the sequence from its last
 * step to its first [Schuster &amp; Paliwal 1997]. The layer's output at step t is the concatenation
 * [h_t forward, h_t reverse] (D·H features), which is what layer k+1 reads (so its W_ih is (G·H,
 * 2H)) and what the stack returns. The reverse direction is computed by the very same step code on
 * a time-reversed copy of the layer's input; its outputs and its input gradient are reversed back.
 * Its final state h_n is its state after reading step 0.
 *
 * <h2>Sequences of different lengths</h2>
 *
 * A {@link SequenceBatch} may give each row its length T_b ≤ T ({@link
 * SequenceBatch#withLengths}), with PyTorch's {@code pack_padded_sequence} semantics: the steps
 * t ≥ T_b are padding that changes neither outputs nor gradients. A row's state stops at its last
 * real step (the final state is h_{T_b−1}), its outputs at padded steps are 0 (as {@code
 * pad_packed_sequence} gives), the gradient arriving there is ignored, and the reverse direction
 * starts at step T_b−1. The forward computes padded rows like the others and then carries the state
 * over them unchanged; backward gives them zero gate gradients and carries their state gradients
 * through unchanged.
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
  private final int directions; // D: 2 when bidirectional, else 1
  private final float dropout;
  private final boolean unitForgetBias;
  private final String prefix;
  // Per layer and direction, index p = k·D + d: offsets of weight_ih_l{k}[_reverse] (G*H, I or
  // D*H), weight_hh_l{k}[_reverse] (G*H, H), bias_ih_l{k}[_reverse] and bias_hh_l{k}[_reverse] (G*H).
  private final int[] wIh;
  private final int[] wHh;
  private final int[] bIh;
  private final int[] bHh;
  private final MatMul mm = Kernels.matMul();
  private final ActivationKernel act = Kernels.activations();
  private SplittableRandom dropoutRng;
  private Parameters params;

  // Workspaces: per layer and direction (index k·D + d), valid for the (batch, steps) of the
  // latest forward.
  private Cache[] caches;
  private int[] lengths; // (B) T_b of each row in the latest forward, or null when all are T
  private int batch; // B of the latest forward, 0 before any
  private int steps; // T of the latest forward
  private int capRows; // capacity in rows of B*T
  private int capBatch; // capacity in rows of B
  private boolean training; // the latest forward's mode
  private int[] ownedSplit; // the parts' units whose rows params.setParts was given, or null
  private boolean zeroRows; // this backward in parts writes its rows of the gradients afresh
  private boolean maskActive; // whether the latest forward applied dropout
  // Whether the latest forward started from zero states (no h0 given): step 0's recurrent product
  // h0·W_hhᵀ is then zero and is not computed.
  private boolean zeroStart;
  // Whether the latest backward computed the gradients of the input and of h0 (backward), or only
  // those of the parameters (SequenceModel.backwardParameters): then layer 0's input product
  // dG·W_ih and step 0's recurrent product dG_0·W_hh, which reach nothing else, are not computed.
  private boolean stateGradients = true;
  // Whether no one can change the weights any more (fixWeights): inference then keeps what it
  // prepared from W_hh without comparing W_hh with the copy it prepared it from at every call.
  private boolean weightsFixed;
  private float[] dTop; // (T, B, D*H) gradient into the top layer's outputs
  private float[] topOut; // (T, B, D*H) the top layer's outputs, unless simple()
  private float[] keepDh; // (B, H) state gradients of ended rows, kept over a step's backward
  private float[] keepDc; // (B, H)

  /** Per-layer buffers, time-major. */
  private static final class Cache {
    float[] in; // (T, B, In) the layer's input, after dropout for k > 0; time-reversed per row
    //              for the reverse direction
    float[] mask; // (T, B, In) dropout mask (0 or 1/(1-p)), forward direction of k > 0 in training
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
    float[] dIn; // (T, B, In) gradient of the layer's input; the forward direction's holds the
    //              layer's total once both directions are done
    float[] dOut; // (T, B, H) gradient into this direction's outputs, unless simple()
    PackedMatrix whhT; // W_hhᵀ (H, G*H) packed once per forward for all T recurrent products
    PackedMatrix wihT; // W_ihᵀ (In, G*H) packed once per forward when the projection is per step
    float[] bias; // (G*H) b_ih + b_hh (b_ih alone for the GRU) of the latest forward
    // (G*H, H) W_hh as whhT was packed from it in inference, when whhSeenValid (null, unneeded,
    // when the weights are fixed)
    float[] whhSeen;
    boolean whhSeenValid;
    boolean inParts; // the latest forward's gates and cells are in the parts', not yet here
    int[] unitFrom; // (parts + 1) the first unit of each part of an inference in parts, then H
    float[][] whhRows; // per part, (G·n, H) its rows of W_hh: each gate's of its n units
    float[][] wihRows; // per part, (G·n, In) its rows of W_ih
    float[][] partBias; // per part, (G·n) its rows of the bias
    PackedMatrix[] whhParts; // per part, whhRows packed: W_hh,partᵀ (H, G·n)
    PackedMatrix[] wihParts; // per part, wihRows packed, when the projection is per step
    boolean[] partFresh; // per part, whether whhParts was packed from whhRows
    float[][] partGates; // per part, (T, B, G·n) its activated gates
    float[][] partC; // per part, (T+1, B, n) c of its units, c_{-1} first (LSTM)
    float[][] partTc; // per part, (T, B, n) tanh(c_t) of its units (LSTM)
    float[][] partGh; // per part, (B, 3n) its h_{t−1}·W_hh,partᵀ of one step (GRU)
    float[][] partGhn; // per part, (T, B, n) W_hn·h_{t−1} + b_hn of its units (GRU)
    float[][] partBhh; // per part, (3n) its rows of b_hh (GRU)
    OtherParts[] partWaits; // per part, its wait for the other parts' h_{t−1}
    volatile boolean whhDiffers; // set by whichever thread finds a difference in whhSame
    boolean partsTrained; // the latest forward was a training in parts: its backward is too
    float[][] partDG; // per part, (T, B, G·n) its gate gradients, input side
    float[][] partDGh; // per part, (T, B, 3n) the same, recurrent side (GRU)
    float[][] partDa; // per part, (T, B, n) dAbove of its units (LSTM)
    float[][] partDh; // per part, (B, n) the gradient into its units' h of the step
    float[][] partDc; // per part, (B, n) the gradient into its units' c of the step (LSTM)
    float[][][] dhParts; // [2][part] (B, H): dG_part·W_hh,part of a step, by step parity
    float[][] dInParts; // per part, (T, B, In) dG_part·W_ih,part
    PackedMatrix[] whhBack; // per part, its rows of W_hh packed for dG_part·W_hh,part
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
    this.directions = config.bidirectional ? 2 : 1;
    this.prefix = prefix;
    int n = layers * directions;
    wIh = new int[n];
    wHh = new int[n];
    bIh = new int[n];
    bHh = new int[n];
    int gh = Math.multiplyExact(gates, hidden);
    for (int k = 0; k < layers; k++) {
      int in = layerInput(k);
      for (int d = 0; d < directions; d++) {
        int p = k * directions + d;
        String suffix = k + (d == 1 ? "_reverse" : "");
        wIh[p] = builder.add(prefix + "weight_ih_l" + suffix, gh, in);
        wHh[p] = builder.add(prefix + "weight_hh_l" + suffix, gh, hidden);
        bIh[p] = builder.add(prefix + "bias_ih_l" + suffix, gh);
        bHh[p] = builder.add(prefix + "bias_hh_l" + suffix, gh);
      }
    }
  }

  /** In: the input width of layer k, I for layer 0 and D·H above. */
  private int layerInput(int k) {
    return k == 0 ? inputSize : directions * hidden;
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
   * Takes its tensors' values as they are in {@code p} (a copy's), without initialising them; the
   * dropout masks start from {@code seed}.
   */
  void attach(Parameters p, long seed) {
    this.params = p;
    setDropoutSeed(seed);
  }

  /**
   * From now on the weights never change: for a layer whose parameters nothing outside its model
   * can reach (SequenceModel.freeze), which runs inference only. Its predictions keep the packed
   * W_hhᵀ (or each part's rows of it) from the first call on, unchecked.
   */
  void fixWeights() {
    weightsFixed = true;
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
    for (int p = 0; p < layers * directions; p++) {
      int gh = gates * hidden;
      int in = layerInput(p / directions);
      fillUniform(rng, bound, d, wIh[p], gh * in);
      fillUniform(rng, bound, d, wHh[p], gh * hidden);
      fillUniform(rng, bound, d, bIh[p], gh);
      fillUniform(rng, bound, d, bHh[p], gh);
      if (unitForgetBias) {
        Arrays.fill(d, bIh[p] + hidden, bIh[p] + 2 * hidden, 1f);
        Arrays.fill(d, bHh[p] + hidden, bHh[p] + 2 * hidden, 0f);
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

  /** Whether each layer has a reverse direction as well (PyTorch's {@code bidirectional}). */
  public boolean bidirectional() {
    return directions == 2;
  }

  /** D·H: features per step of the stack's output (2H when bidirectional). */
  public int outputWidth() {
    return directions * hidden;
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
   * @param x (B, T, I) batch-first input, with (L·D, B, H) initial states or zeros, and optionally
   *     each row's length
   * @param mode {@link Mode#TRAINING} applies dropout between layers, {@link Mode#INFERENCE} not
   * @return (B, T, D·H) the top layer's hidden states at every step ([forward, reverse] when
   *     bidirectional; 0 at a row's padded steps); {@link #finalHidden()} and {@link #finalCell()}
   *     give the last states
   * @throws IllegalArgumentException if x's I is not {@link #inputSize()}, a state is not (L·D, B,
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
    forwardInternal(x.values(), x.batch(), x.steps(), x.lengths(), x.initialHidden(),
        x.initialCell(), mode == Mode.TRAINING);
    return outputs();
  }

  /** {@link #forward(SequenceBatch, Mode)} on a flat (B, T, I) array, for this package. */
  float[] forward(float[] x, int batch, int steps, float[] h0, float[] c0, boolean training) {
    forwardInternal(x, batch, steps, null, h0, c0, training);
    return outputs();
  }

  /** (B, T, D·H) the top layer's outputs of the latest forward, batch-first. */
  private float[] outputs() {
    int w = directions * hidden;
    float[] out = new float[batch * steps * w];
    transpose(topStates(), topOffset(), steps, batch, w, out);
    return out;
  }

  /**
   * (L·D, B, H): each layer's and direction's hidden state after its last step of the latest
   * forward (a row's last real step; step 0 for a reverse direction).
   */
  public float[] finalHidden() {
    requireForward();
    return finalStates(true);
  }

  /**
   * (L·D, B, H): each layer's and direction's cell state after its last step of the latest forward.
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
    float[] s = new float[layers * directions * bh];
    for (int p = 0; p < layers * directions; p++) {
      Cache ck = caches[p];
      if (!h && ck.inParts) { // c_{T−1} of each part, into place
        for (int c = 0; c + 1 < ck.unitFrom.length; c++) {
          int u = ck.unitFrom[c];
          int n = ck.unitFrom[c + 1] - u;
          for (int b = 0; b < batch; b++) {
            int to = steps * bh + b * hidden + u;
            System.arraycopy(ck.partC[c], (steps * batch + b) * n, ck.c, to, n);
          }
        }
      }
      System.arraycopy(h ? ck.h : ck.c, steps * bh, s, p * bh, bh);
    }
    return s;
  }

  /**
   * Backpropagates through time for the latest forward and accumulates the parameter gradients.
   *
   * @param dOut (B, T, D·H) gradient of the loss with respect to the output, or null for zeros
   *     (ignored at a row's padded steps)
   * @param dhN (L·D, B, H) gradient with respect to the final hidden state, or null for zeros
   * @param dcN (L·D, B, H) gradient with respect to the final cell state (LSTM), or null for zeros
   * @return (B, T, I) the gradient with respect to the input; {@link #initialHiddenGradient()} and
   *     {@link #initialCellGradient()} give those of h0 and c0
   */
  public float[] backward(float[] dOut, float[] dhN, float[] dcN) {
    requireForward();
    float[] top = topGradientBuffer();
    int w = directions * hidden;
    if (dOut == null) {
      Arrays.fill(top, 0, batch * steps * w, 0f);
    } else {
      Checks.requireShape("dOut", dOut, batch * steps * w, batch, steps, w);
      transpose(dOut, 0, batch, steps, w, top);
    }
    backwardInternal(top, dhN, dcN, true);
    return inputGradient();
  }

  /** (B, T, I): the input gradient of the latest backward, batch-first. */
  float[] inputGradient() {
    requireStateGradients("the input");
    float[] dx = new float[batch * steps * inputSize];
    transpose(caches[0].dIn, 0, steps, batch, inputSize, dx);
    return dx;
  }

  /** (L·D, B, H): gradient with respect to h0 from the latest backward. */
  public float[] initialHiddenGradient() {
    requireForward();
    requireStateGradients("h0");
    return initialGradients(true);
  }

  /** (L·D, B, H): gradient with respect to c0 from the latest backward (LSTM only). */
  public float[] initialCellGradient() {
    requireForward();
    if (!cell.hasCellState()) {
      throw new IllegalStateException(cell.id() + " has no cell state");
    }
    return initialGradients(false);
  }

  private float[] initialGradients(boolean h) {
    int bh = batch * hidden;
    float[] s = new float[layers * directions * bh];
    for (int p = 0; p < layers * directions; p++) {
      System.arraycopy(h ? caches[p].dh : caches[p].dc, 0, s, p * bh, bh);
    }
    return s;
  }

  /**
   * A copy of one layer's activated gates from the latest forward, batch-first (B, T, G·H), in
   * PyTorch's gate order. For views inside the cell; of the forward direction when bidirectional.
   */
  public float[] gateActivations(int layer) {
    requireForward();
    requireLayer(layer);
    int gh = gates * hidden;
    float[] out = new float[batch * steps * gh];
    assembleParts(caches[layer * directions]);
    transpose(caches[layer * directions].gates, 0, steps, batch, gh, out);
    return out;
  }

  /** A copy of one layer's input from the latest forward, after dropout, (B, T, In). */
  float[] cacheInput(int layer) {
    requireForward();
    int in = layerInput(layer);
    float[] out = new float[batch * steps * in];
    transpose(caches[layer * directions].in, 0, steps, batch, in, out);
    return out;
  }

  /**
   * A copy of one layer's cell states c_0..c_{T−1} from the latest forward, (B, T, H); LSTM only;
   * of the forward direction when bidirectional.
   */
  public float[] cellStates(int layer) {
    requireForward();
    requireLayer(layer);
    if (!cell.hasCellState()) {
      throw new IllegalStateException(cell.id() + " has no cell state");
    }
    float[] out = new float[batch * steps * hidden];
    assembleParts(caches[layer * directions]);
    transpose(caches[layer * directions].c, batch * hidden, steps, batch, hidden, out);
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Package-private entry points for SequenceModel, which works on the time-major buffers directly.

  void forwardInternal(float[] x, int batch, int steps, float[] h0, float[] c0, boolean training) {
    forwardInternal(x, batch, steps, null, h0, c0, training);
  }

  /**
   * The forward pass on flat arrays: x (B, T, I) batch-first, lengths (B) or null when every row
   * has T steps, states (L·D, B, H) or null for zeros.
   */
  void forwardInternal(float[] x, int batch, int steps, int[] lengths, float[] h0, float[] c0,
      boolean training) {
    if (params == null) {
      throw new IllegalStateException("parameters not bound");
    }
    Checks.requirePositive("batch", batch);
    Checks.requirePositive("steps", steps);
    int bh = Math.multiplyExact(batch, hidden);
    int states = Math.multiplyExact(layers * directions, bh);
    Checks.requireShape("x", x, Math.multiplyExact(Math.multiplyExact(batch, steps), inputSize),
        batch, steps, inputSize);
    Checks.requireFinite("x", x);
    if (h0 != null) {
      Checks.requireShape("h0", h0, states, layers * directions, batch, hidden);
      Checks.requireFinite("h0", h0);
    }
    if (c0 != null) {
      if (!cell.hasCellState()) {
        throw new IllegalArgumentException("c0 must be null: " + cell.id() + " has no cell state");
      }
      Checks.requireShape("c0", c0, states, layers * directions, batch, hidden);
      Checks.requireFinite("c0", c0);
    }
    int[] lens = SequenceBatch.checkLengths(lengths, batch, steps);
    ensureWorkspace(batch, steps);
    this.batch = batch;
    this.steps = steps;
    this.lengths = lens;
    this.maskActive = training && dropout > 0f && layers > 1;
    this.training = training;
    this.zeroStart = h0 == null;
    transpose(x, 0, batch, steps, inputSize, caches[0].in);
    for (int k = 0; k < layers; k++) {
      Cache ck = caches[k * directions];
      if (k > 0) {
        int n = steps * batch * directions * hidden;
        if (simple()) {
          System.arraycopy(caches[k - 1].h, bh, ck.in, 0, n);
        } else {
          gatherOutputs(k - 1, ck.in);
        }
        if (maskActive) {
          float keep = 1f / (1f - dropout);
          for (int i = 0; i < n; i++) {
            float m = dropoutRng.nextDouble() < dropout ? 0f : keep;
            ck.mask[i] = m;
            ck.in[i] *= m;
          }
        }
      }
      if (directions == 2) {
        reverseSteps(ck.in, layerInput(k), caches[k * directions + 1].in);
      }
      for (int d = 0; d < directions; d++) {
        int p = k * directions + d;
        Cache cp = caches[p];
        copyOrZero(h0, p * bh, cp.h, bh);
        if (cell.hasCellState()) {
          copyOrZero(c0, p * bh, cp.c, bh);
        }
        layerForward(k, p, cp);
      }
    }
    if (!simple()) {
      if (topOut == null || topOut.length < steps * batch * directions * hidden) {
        topOut = new float[capRows * directions * hidden];
      }
      gatherOutputs(layers - 1, topOut);
    }
  }

  /** dst[0, n) = src[off, off + n), or zeros when src is null (a state not given). */
  private static void copyOrZero(float[] src, int off, float[] dst, int n) {
    if (src == null) {
      Arrays.fill(dst, 0, n, 0f);
    } else {
      System.arraycopy(src, off, dst, 0, n);
    }
  }

  /**
   * Whether the latest forward was one direction over full-length rows: the top layer's outputs
   * are then its h buffer itself, and a layer's output gradient is the next layer's dIn, with no
   * copies.
   */
  private boolean simple() {
    return directions == 1 && lengths == null;
  }

  /** T_b: the number of real steps of row b in the latest forward. */
  private int length(int b) {
    return lengths == null ? steps : lengths[b];
  }

  /**
   * Layer k's outputs (T, B, D·H) time-major into dst: [forward h_t, reverse h_t] per row and step,
   * the reverse direction's h_t taken from its reversed time, 0 at padded steps.
   */
  private void gatherOutputs(int k, float[] dst) {
    final int B = batch;
    final int H = hidden;
    final int w = directions * H;
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < B; b++) {
        int o = (t * B + b) * w;
        int len = length(b);
        if (t >= len) {
          Arrays.fill(dst, o, o + w, 0f);
          continue;
        }
        System.arraycopy(caches[k * directions].h, ((t + 1) * B + b) * H, dst, o, H);
        if (directions == 2) {
          System.arraycopy(caches[k * directions + 1].h, ((len - t) * B + b) * H, dst, o + H, H);
        }
      }
    }
  }

  /**
   * The backward of {@link #gatherOutputs}: the gradient g (T, B, D·H) of layer k's outputs into
   * each direction's dOut (T, B, H), the reverse direction's in its reversed time, 0 at padded
   * steps (their outputs are the constant 0).
   */
  private void scatterGradient(int k, float[] g) {
    final int B = batch;
    final int H = hidden;
    final int w = directions * H;
    for (int d = 0; d < directions; d++) {
      Cache cp = caches[k * directions + d];
      if (cp.dOut == null || cp.dOut.length < steps * B * H) {
        cp.dOut = new float[capRows * H];
      }
      for (int s = 0; s < steps; s++) {
        for (int b = 0; b < B; b++) {
          int o = (s * B + b) * H;
          int len = length(b);
          if (s >= len) {
            Arrays.fill(cp.dOut, o, o + H, 0f);
          } else {
            int t = d == 0 ? s : len - 1 - s;
            System.arraycopy(g, (t * B + b) * w + d * H, cp.dOut, o, H);
          }
        }
      }
    }
  }

  /**
   * Row b's step t of src (T, B, w) to step T_b−1−t of dst, for t &lt; T_b; padded steps stay where
   * they are. Reversing twice gives back the original.
   */
  private void reverseSteps(float[] src, int w, float[] dst) {
    final int B = batch;
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < B; b++) {
        int len = length(b);
        int r = t < len ? len - 1 - t : t;
        System.arraycopy(src, (t * B + b) * w, dst, (r * B + b) * w, w);
      }
    }
  }

  /** dst (T, B, w) += src (T, B, w) with each row's real steps reversed (see reverseSteps). */
  private void addReversed(float[] src, int w, float[] dst) {
    final int B = batch;
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < B; b++) {
        int len = length(b);
        int r = t < len ? len - 1 - t : t;
        int so = (r * B + b) * w;
        int o = (t * B + b) * w;
        for (int j = 0; j < w; j++) {
          dst[o + j] += src[so + j];
        }
      }
    }
  }

  /**
   * The top layer's outputs of every step, (T, B, D·H) time-major, starting at {@link
   * #topOffset()}.
   */
  float[] topStates() {
    return simple() ? caches[layers - 1].h : topOut;
  }

  /** Offset of step 0 in {@link #topStates()}: in the h buffer, slot 0 holds h0. */
  int topOffset() {
    return simple() ? batch * hidden : 0;
  }

  /**
   * (B, D·H) into dst: the top layer's final hidden state of each direction, side by side, which
   * is what a many-to-one head reads: for the forward direction h at each row's last real step,
   * for the reverse direction h after it read step 0.
   */
  void lastStates(float[] dst) {
    final int B = batch;
    final int H = hidden;
    final int w = directions * H;
    for (int d = 0; d < directions; d++) {
      float[] h = caches[(layers - 1) * directions + d].h;
      for (int b = 0; b < B; b++) {
        System.arraycopy(h, (steps * B + b) * H, dst, b * w + d * H, H);
      }
    }
  }

  /**
   * dhN (L·D, B, H), or zeros when null, plus dLast (B, D·H), the gradient of {@link #lastStates},
   * added into the top layer's directions: a new array.
   */
  float[] addLastGradient(float[] dhN, float[] dLast) {
    final int B = batch;
    final int H = hidden;
    final int w = directions * H;
    float[] g = new float[layers * directions * B * H];
    if (dhN != null) {
      Checks.requireShape("dhN", dhN, g.length, layers * directions, B, H);
      System.arraycopy(dhN, 0, g, 0, g.length);
    }
    for (int d = 0; d < directions; d++) {
      int o = ((layers - 1) * directions + d) * B * H;
      for (int b = 0; b < B; b++) {
        for (int j = 0; j < H; j++) {
          g[o + b * H + j] += dLast[b * w + d * H + j];
        }
      }
    }
    return g;
  }

  /** The row lengths of the latest forward, or null when every row has T steps. */
  int[] lengths() {
    return lengths;
  }

  /** A (T, B, D·H) buffer for the gradient into the top layer, owned by this stack. */
  float[] topGradientBuffer() {
    return dTop;
  }

  /**
   * @param stateGradients whether to compute the gradients of the input and of h0 as well (see the
   *     field); false leaves them out, and {@link #inputGradient} and {@link
   *     #initialHiddenGradient} refuse until the next backward that computes them
   */
  void backwardInternal(float[] dTopTm, float[] dhN, float[] dcN, boolean stateGradients) {
    int bh = batch * hidden;
    int states = layers * directions * bh;
    if (dhN != null) {
      Checks.requireShape("dhN", dhN, states, layers * directions, batch, hidden);
    }
    if (dcN != null) {
      if (!cell.hasCellState()) {
        throw new IllegalArgumentException("dcN must be null: " + cell.id() + " has no cell state");
      }
      Checks.requireShape("dcN", dcN, states, layers * directions, batch, hidden);
    }
    this.stateGradients = stateGradients;
    // After zeroGrad, the backward in parts writes the rows that the parts own afresh, each part
    // its own rows (weightsPart); a backward of whole steps has them zeroed first.
    boolean inParts = caches[0].partsTrained;
    zeroRows = inParts && params.zeroOwed();
    if (!inParts) {
      params.payZero();
    }
    for (int k = layers - 1; k >= 0; k--) {
      for (int d = 0; d < directions; d++) {
        int p = k * directions + d;
        Cache cp = caches[p];
        copyOrZero(dhN, p * bh, cp.dh, bh);
        if (cell.hasCellState()) {
          copyOrZero(dcN, p * bh, cp.dc, bh);
        }
      }
      // The gradient of layer k's outputs (T, B, D·H): the head's for the top layer, the input
      // gradient of layer k+1 (both directions summed, dropout applied) below it.
      float[] g = k == layers - 1 ? dTopTm : caches[(k + 1) * directions].dIn;
      Cache fwd = caches[k * directions];
      if (simple()) {
        layerBackward(k, k, fwd, g);
      } else {
        scatterGradient(k, g);
        for (int d = 0; d < directions; d++) {
          int p = k * directions + d;
          layerBackward(k, p, caches[p], caches[p].dOut);
        }
      }
      if (k == 0 && !stateGradients) {
        break; // layer 0 computed no input gradient (see the field)
      }
      int in = layerInput(k);
      if (directions == 2) {
        addReversed(caches[k * directions + 1].dIn, in, fwd.dIn);
      }
      // Layer k > 0's input was h_below ⊙ mask (dropout): the same mask on its gradient.
      if (k > 0 && maskActive) {
        for (int i = 0; i < steps * batch * in; i++) {
          fwd.dIn[i] *= fwd.mask[i];
        }
      }
    }
    if (zeroRows) {
      params.zeroPaid();
      zeroRows = false;
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
  private void layerForward(int k, int p, Cache ck) {
    final int B = batch;
    final int T = steps;
    final int H = hidden;
    final int gh = gates * H;
    final int in = layerInput(k);
    final float[] w = params.data();
    // Biases: the GRU keeps b_hh on the recurrent side (it sits inside r ⊙ (...)).
    boolean bothBiases = cell != CellType.GRU;
    if (ck.bias == null) {
      ck.bias = new float[gh];
    }
    for (int j = 0; j < gh; j++) {
      ck.bias[j] = bothBiases ? w[bIh[p] + j] + w[bHh[p] + j] : w[bIh[p] + j];
    }
    // The input projection, gates (T*B, G*H) = in (T*B, In) · W_ihᵀ + bias: all steps as one
    // product while the gates fit in cache, else step by step, each step's rows right before
    // its recurrent product, which then finds them in cache instead of memory (B 64, 4H 1024, T
    // 100: 26 MB of gates, read back from memory a step at a time). The same bits either way:
    // each row of a product sums alone. The rows start as copies of the bias, and the product
    // is added to them as the kernels add a product to C: its sum from zero, then + bias, which
    // are the bits of adding the bias after the product (x + y = y + x), with no pass of its
    // own over the gates (on the B 64, T 100 batched forward such a pass took 21 µs a step
    // beside the projection's 73, and the copy with the projection 53; one thread, AMD Zen 4).
    // In the vector kernel, inputs wider than a block of its inner dimension (KC = 256) add
    // their blocks' sums to the bias one by one.
    boolean streamed = (long) T * B * gh > STREAM_GATES;
    int parts = training ? trainingParts(B) : stepParts(B);
    ck.inParts = false;
    ck.partsTrained = parts > 0 && training;
    if (parts > 0) {
      setUpParts(ck, in, parts);
      if (training) {
        ownParts(ck.unitFrom);
      }
      mm.pipeline(T, parts, (t, part, wait) -> stepPart(ck, p, in, streamed, t, part, wait));
      ck.inParts = true;
      return;
    }
    if (streamed) {
      ck.wihT = mm.pack(true, in, gh, w, wIh[p], in, ck.wihT);
    } else {
      fillBiases(ck, 0, T * B);
      mm.gemm(false, true, T * B, gh, in, ck.in, 0, in, w, wIh[p], in, 1f, ck.gates, 0, gh);
    }
    // The kernel prepares W_hhᵀ once for the T recurrent products (same results as unprepared).
    // Inference keeps it from call to call while W_hh is unchanged: comparing W_hh with the copy
    // it was packed from takes a few times less than packing (at one notebook window, 1×10×1,
    // packing was a quarter of the call). Training changes W_hh at every step: it packs.
    int whhSize = gh * H;
    if (training) {
      ck.whhT = mm.pack(true, H, gh, w, wHh[p], H, ck.whhT);
      ck.whhSeenValid = false;
    } else if (!ck.whhSeenValid || !weightsFixed && !whhSame(ck, w, wHh[p], whhSize)) {
      ck.whhT = mm.pack(true, H, gh, w, wHh[p], H, ck.whhT);
      if (!weightsFixed) {
        if (ck.whhSeen == null) {
          ck.whhSeen = new float[whhSize];
        }
        System.arraycopy(w, wHh[p], ck.whhSeen, 0, whhSize);
      }
      ck.whhSeenValid = true;
    }
    for (int t = 0; t < T; t++) {
      if (streamed) {
        fillBiases(ck, t * B, (t + 1) * B);
        mm.gemm(false, B, ck.in, t * B * in, in, ck.wihT, 1f, ck.gates, t * B * gh, gh);
      }
      switch (cell) {
        case LSTM:
          lstmStep(p, ck, t);
          break;
        case GRU:
          gruStep(p, ck, t);
          break;
        default:
          rnnStep(p, ck, t);
      }
      if (lengths != null) {
        carryEnded(ck, t);
      }
    }
  }

  /**
   * Whether W_hh (size floats at w[off]) equals the copy whhT was packed from: in halves on the
   * kernel's threads when there is enough of it. On more than one thread this serves the larger
   * products only (smaller steps run in parts, each part checking its own rows); when it served
   * the notebook's one window, the pass over 160 KB was a seventh of the predict on one core, and
   * in halves the predict took 18.0–19.7 µs at the median instead of 20.7–21.2 (AMD Zen 4).
   */
  private boolean whhSame(Cache ck, float[] w, int off, int size) {
    if (!split(size, SAME_RANGE)) {
      return Arrays.equals(w, off, off + size, ck.whhSeen, 0, size);
    }
    ck.whhDiffers = false;
    mm.parallel(size, SAME_RANGE, (from, to) -> {
      if (!Arrays.equals(w, off + from, off + to, ck.whhSeen, from, to)) {
        ck.whhDiffers = true;
      }
    });
    return !ck.whhDiffers;
  }

  /** Floats of W_hh below which whhSame compares on one thread. */
  private static final int SAME_RANGE = 16384;

  // Inference in parts: each time step split by units over the kernel's threads.

  /**
   * Into how many parts by units a layer's inference splits its time steps (see stepPart), or 0
   * to run them one product at a time: only where a step's recurrent product is too small for the
   * kernel to split well by itself, and with at least MIN_PART_UNITS units a part.
   */
  private int stepParts(int b) {
    if (mm.threads() < 2 || 2.0 * b * gates * hidden * hidden > PART_FLOPS) {
      return 0;
    }
    int parts = Math.min(mm.threads(), hidden / MIN_PART_UNITS);
    return parts >= 2 ? parts : 0;
  }

  /**
   * Into how many parts by units a layer's training splits its steps, forward and backward (see
   * layerBackwardParts), or 0 to train it whole: where inference would part it (stepParts), into
   * TRAIN_PARTS whatever the number of threads, because the recurrent gradient dh_{t−1} is summed
   * per part and then across parts, and its bits must not depend on the threads (on one, the parts
   * run one after the other); rows of different lengths train whole, and so do steps whose
   * product has less than MIN_TRAIN_PART_FLOPS.
   */
  private int trainingParts(int b) {
    double flops = 2.0 * b * gates * hidden * hidden;
    if (lengths != null || flops > PART_FLOPS || flops < MIN_TRAIN_PART_FLOPS
        || hidden / MIN_PART_UNITS < TRAIN_PARTS) {
      return 0;
    }
    return TRAIN_PARTS;
  }

  /**
   * Floating-point operations of a step's recurrent product below which training does not part
   * it: the notebook's RNN (H 100, 2·10⁴) trained in parts took as long as whole, 43–49 ms against
   * 43–46 (its two parts' products are a few hundred nanoseconds, the phases' hand-overs as much),
   * while its LSTM (8·10⁴) gained a sixth or more (AMD Zen 4, two threads, paired runs).
   */
  private static final double MIN_TRAIN_PART_FLOPS = 5e4;

  /** Whether the latest forward of layer 0 (forward direction) trained in parts: for tests. */
  boolean trainedInParts() {
    return caches != null && caches[0].partsTrained;
  }

  /**
   * Parts of a training in parts: two, as many as the machines here have cores for such small
   * steps to gain from (the notebook's H 100 window on two: see docs/BENCHMARKS.md).
   */
  private static final int TRAIN_PARTS = 2;

  /**
   * Hands each part's rows of every layer's weights and biases to its thread for the elementwise
   * passes (zeroGrad, the optimizer's update: Parameters.forEachRange), as the forward and the
   * backward in parts keep them: a part's rows of W, of their gradients and of the optimizer's
   * moments then stay in its core's cache (on two cores here, a row read by the other core's
   * pass costs more than the arithmetic on it).
   */
  private void ownParts(int[] unitFrom) {
    if (Arrays.equals(unitFrom, ownedSplit)) {
      return;
    }
    final int H = hidden;
    int parts = unitFrom.length - 1;
    int[][] ranges = new int[parts][];
    for (int c = 0; c < parts; c++) {
      int u = unitFrom[c];
      int n = unitFrom[c + 1] - u;
      int[] r = new int[layers * directions * gates * 8];
      int i = 0;
      for (int p = 0; p < layers * directions; p++) {
        int in = layerInput(p / directions);
        for (int q = 0; q < gates; q++) {
          int row = q * H + u;
          int[] starts = {wIh[p] + row * in, wHh[p] + row * H, bIh[p] + row, bHh[p] + row};
          int[] sizes = {n * in, n * H, n, n};
          for (int j = 0; j < 4; j++) {
            r[i++] = starts[j];
            r[i++] = starts[j] + sizes[j];
          }
        }
      }
      ranges[c] = r;
    }
    params.setParts(ranges);
    ownedSplit = unitFrom.clone();
  }

  /** Floating-point operations of a step's recurrent product above which steps are not parted. */
  private static final double PART_FLOPS = 2e6;

  /** The fewest units of a part (see stepParts). */
  private static final int MIN_PART_UNITS = 16;

  /**
   * The parts' workspaces, when the layer's latest inference used another number of parts or none:
   * part c has the units [u_c, u_{c+1}), u_c = c·H/parts rounded down to a multiple of 4.
   */
  private void setUpParts(Cache ck, int in, int parts) {
    if (ck.unitFrom != null && ck.unitFrom.length == parts + 1) {
      return;
    }
    final int H = hidden;
    ck.unitFrom = new int[parts + 1];
    for (int c = 0; c < parts; c++) {
      ck.unitFrom[c] = c * H / parts & ~3;
    }
    ck.unitFrom[parts] = H;
    ck.whhRows = new float[parts][];
    ck.wihRows = new float[parts][];
    ck.partBias = new float[parts][];
    ck.partGates = new float[parts][];
    ck.whhParts = new PackedMatrix[parts];
    ck.wihParts = new PackedMatrix[parts];
    ck.partFresh = new boolean[parts];
    ck.partC = new float[parts][];
    ck.partTc = new float[parts][];
    ck.partGh = new float[parts][];
    ck.partGhn = new float[parts][];
    ck.partBhh = new float[parts][];
    ck.partWaits = new OtherParts[parts];
    ck.partDG = null; // the backward's buffers follow the new split (setUpTrainingParts)
    for (int c = 0; c < parts; c++) {
      int n = ck.unitFrom[c + 1] - ck.unitFrom[c];
      ck.whhRows[c] = new float[gates * n * H];
      ck.wihRows[c] = new float[gates * n * in];
      ck.partBias[c] = new float[gates * n];
      ck.partGates[c] = new float[capRows * gates * n];
      ck.partWaits[c] = new OtherParts(c, parts);
      if (cell == CellType.LSTM) {
        ck.partC[c] = new float[(capRows + capBatch) * n];
        ck.partTc[c] = new float[capRows * n];
      }
      if (cell == CellType.GRU) {
        ck.partGh[c] = new float[capBatch * 3 * n];
        ck.partGhn[c] = new float[capRows * n];
        ck.partBhh[c] = new float[3 * n];
      }
    }
  }

  /**
   * Part {@code part} of inference step t: its units [u, u + n) of every batch row, as the step
   * computes them whole (lstmStep and lstmCells, gruStep, rnnStep) but on whichever thread runs
   * the part. The part keeps its own rows of the weights (each gate's rows of its units, in
   * PyTorch's gate order: W_part, G·n rows) and its own gates (T, B, G·n): a = bias +
   * x_t·W_ih,partᵀ (of all steps, before the first) + h_{t−1}·W_hh,partᵀ, the activations, then
   * its units' cells, whose state (c and tanh(c), the GRU's W_hn·h + b_hn) it keeps too (rows that
   * have ended keep their h and c, as carryEnded keeps them): only h_t, which every part's next
   * product reads, is written where the others read. The same bits as the
   * whole step: each gate sums alone, in the kernel's one order, on any columns, and the
   * activations and cells treat each element alone. The gates and cells are put back in their
   * places only when asked for (assembleParts).
   *
   * <p>The steps run as a pipeline ({@link MatMul#pipeline}): a part waits for the other parts of
   * step t − 1 only when its product reaches their units of h_{t−1}. Part 0, whose units come
   * first in the sum over h, adds their terms before it waits (the kernel's gemm with a split, the
   * same bits); the others wait before their product. On two cores the part that the other waits
   * for first then never waits itself, and the hand-over between the cores overlaps the product.
   */
  private void stepPart(Cache ck, int p, int in, boolean streamed, int t, int part,
      MatMul.Wait wait) {
    final int B = batch;
    final int H = hidden;
    final int u = ck.unitFrom[part];
    final int n = ck.unitFrom[part + 1] - u;
    final int w = gates * n;
    final int hp = t * B * H;
    final int hn = hp + B * H;
    float[] a = ck.partGates[part];
    float[] c = ck.partC[part];
    if (t > 0) { // its own step t − 1, in case another thread ran it
      wait.until(t - 1, part);
    }
    OtherParts others = ck.partWaits[part]; // free now: the part's step t − 1 has ended
    others.prepare(wait, t - 1);
    if (t == 0) {
      // Before the first step: the part's weights, c_{-1}, and the input projection of every
      // step at once, or, when the gates would not stay in cache, its rows of W_ih packed for
      // the projection of one step at a time (as layerForward projects: the same bits).
      preparePart(ck, p, in, part);
      for (int b = 0; c != null && b < B; b++) {
        System.arraycopy(ck.c, b * H + u, c, b * n, n);
      }
      if (streamed) {
        ck.wihParts[part] = mm.pack(true, in, w, ck.wihRows[part], 0, in, ck.wihParts[part]);
      } else {
        biasRows(ck, part, 0, steps * B);
        mm.gemm(false, true, steps * B, w, in, ck.in, 0, in, ck.wihRows[part], 0, in, 1f, a, 0,
            w);
      }
    }
    int at = t * B * w;
    if (streamed) {
      biasRows(ck, part, t * B, B);
      mm.gemm(false, B, ck.in, t * B * in, in, ck.wihParts[part], 1f, a, at, w);
    }
    if (cell == CellType.GRU) {
      others.run();
      gruPart(ck, t, part, a, at, u, n);
    } else {
      if (readsH0(t) && part == 0) {
        mm.gemm(B, ck.h, hp, H, ck.whhParts[part], ck.unitFrom[1], others, a, at, w);
      } else if (readsH0(t)) {
        others.run();
        mm.gemm(false, B, ck.h, hp, H, ck.whhParts[part], 1f, a, at, w);
      }
      if (cell == CellType.LSTM) {
        for (int b = 0; b < B; b++) {
          int r = at + b * w;
          int s = b * H + u;
          act.sigmoid(a, r, 2 * n);
          act.tanh(a, r + 2 * n, n);
          act.sigmoid(a, r + 3 * n, n);
          int sp = (t * B + b) * n;
          act.lstmCellForward(a, r, c, sp, sp + B * n, ck.partTc[part], sp, ck.h, hn + s, n);
        }
      } else { // rnnStep's activation, then h_t = the activated gate
        if (cell == CellType.RNN_RELU) {
          for (int i = at; i < at + B * n; i++) {
            a[i] = Activations.relu(a[i]);
          }
        } else {
          act.tanh(a, at, B * n);
        }
        for (int b = 0; b < B; b++) {
          System.arraycopy(a, at + b * n, ck.h, hn + b * H + u, n);
        }
      }
    }
    if (lengths != null) { // carryEnded on the part's units
      for (int b = 0; b < B; b++) {
        if (lengths[b] <= t) {
          System.arraycopy(ck.h, hp + b * H + u, ck.h, hn + b * H + u, n);
          if (c != null) {
            int sp = (t * B + b) * n;
            System.arraycopy(c, sp, c, sp + B * n, n);
          }
        }
      }
    }
  }

  /**
   * A part's wait for the other parts of the step before (none at the first step): run before its
   * product reads their units of h_{t−1}. One per part, reused at every step.
   */
  private static final class OtherParts implements Runnable {
    private final int part;
    private final int parts;
    private MatMul.Wait wait;
    private int phase;

    OtherParts(int part, int parts) {
      this.part = part;
      this.parts = parts;
    }

    void prepare(MatMul.Wait wait, int phase) {
      this.wait = wait;
      this.phase = phase;
    }

    @Override
    public void run() {
      for (int c = 0; c < parts && phase >= 0; c++) {
        if (c != part) {
          wait.until(phase, c);
        }
      }
    }
  }

  /**
   * The GRU's part of step t: gruStep's operations in its order on the part's units, the product
   * into the part's own h_{t−1}·W_hh,partᵀ, its W_hn·h + b_hn kept for the backward.
   */
  private void gruPart(Cache ck, int t, int part, float[] a, int at, int u, int n) {
    final int B = batch;
    final int H = hidden;
    final int w = 3 * n;
    final int hp = t * B * H;
    final int hn = hp + B * H;
    float[] gh = ck.partGh[part];
    float[] bhh = ck.partBhh[part];
    float[] ghn = ck.partGhn[part];
    if (readsH0(t)) {
      mm.gemm(false, B, ck.h, hp, H, ck.whhParts[part], 0f, gh, 0, w);
    } else {
      Arrays.fill(gh, 0, B * w, 0f);
    }
    for (int b = 0; b < B; b++) {
      int s = b * H + u;
      gruCells(a, at + b * w, gh, b * w, bhh, 0, ghn, (t * B + b) * n, ck.h, hp + s, hn + s, n);
    }
  }

  /** Rows [r0, r0 + rows) of a part's gates start from its bias. */
  private static void biasRows(Cache ck, int part, int r0, int rows) {
    float[] bias = ck.partBias[part];
    int w = bias.length;
    for (int r = r0; r < r0 + rows; r++) {
      System.arraycopy(bias, 0, ck.partGates[part], r * w, w);
    }
  }

  /**
   * Before a part's first step: its rows of W_hh, packed again only if they differ from the copy
   * they were packed from (in inference the weights seldom change, and comparing reads a few times
   * less than packing), and copies of its rows of W_ih and of the bias, used once a call. Each part
   * checks its own rows, on its own thread, as whhSame checks the whole matrix otherwise.
   */
  private void preparePart(Cache ck, int p, int in, int part) {
    final int H = hidden;
    final int u = ck.unitFrom[part];
    final int n = ck.unitFrom[part + 1] - u;
    final float[] w = params.data();
    if (!ck.partFresh[part]
        || !weightsFixed && !sameRows(w, wHh[p], H, u, n, ck.whhRows[part])) {
      for (int q = 0; q < gates; q++) {
        System.arraycopy(w, wHh[p] + (q * H + u) * H, ck.whhRows[part], q * n * H, n * H);
      }
      ck.whhParts[part] =
          mm.pack(true, H, gates * n, ck.whhRows[part], 0, H, ck.whhParts[part]);
      ck.partFresh[part] = true;
    }
    for (int q = 0; q < gates; q++) {
      System.arraycopy(w, wIh[p] + (q * H + u) * in, ck.wihRows[part], q * n * in, n * in);
      System.arraycopy(ck.bias, q * H + u, ck.partBias[part], q * n, n);
      if (cell == CellType.GRU) { // b_hh, which the GRU adds after the product
        System.arraycopy(w, bHh[p] + q * H + u, ck.partBhh[part], q * n, n);
      }
    }
  }

  /**
   * Whether the rows [q·H + u, q·H + u + n) of each gate q of the (G·H, len) matrix at w[off]
   * equal the part's copy, (G·n, len).
   */
  private boolean sameRows(float[] w, int off, int len, int u, int n, float[] rows) {
    final int H = hidden;
    for (int q = 0; q < gates; q++) {
      int from = off + (q * H + u) * len;
      if (!Arrays.equals(w, from, from + n * len, rows, q * n * len, (q + 1) * n * len)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Puts the gates and cell states of an inference in parts (c and tanh(c), the GRU's W_hn·h +
   * b_hn) back in the layer's arrays, where all else reads them.
   */
  private void assembleParts(Cache ck) {
    if (!ck.inParts) {
      return;
    }
    final int H = hidden;
    final int gh = gates * H;
    int rows = steps * batch;
    for (int c = 0; c + 1 < ck.unitFrom.length; c++) {
      int u = ck.unitFrom[c];
      int n = ck.unitFrom[c + 1] - u;
      for (int r = 0; r < rows; r++) {
        for (int q = 0; q < gates; q++) {
          System.arraycopy(ck.partGates[c], (r * gates + q) * n, ck.gates, r * gh + q * H + u, n);
        }
        if (cell == CellType.LSTM) {
          System.arraycopy(ck.partC[c], (batch + r) * n, ck.c, (batch + r) * H + u, n);
          System.arraycopy(ck.partTc[c], r * n, ck.tc, r * H + u, n);
        }
        if (cell == CellType.GRU) {
          System.arraycopy(ck.partGhn[c], r * n, ck.ghn, r * H + u, n);
        }
      }
    }
    ck.inParts = false;
  }

  /**
   * Rows that ended before step t (T_b ≤ t) keep their state: h_t = h_{t−1} (and c_t = c_{t−1}),
   * whatever the step computed for them, so that the final state is the one at step T_b−1.
   */
  private void carryEnded(Cache ck, int t) {
    final int B = batch;
    final int H = hidden;
    for (int b = 0; b < B; b++) {
      if (lengths[b] <= t) {
        int prev = (t * B + b) * H;
        System.arraycopy(ck.h, prev, ck.h, prev + B * H, H);
        if (ck.c != null) {
          System.arraycopy(ck.c, prev, ck.c, prev + B * H, H);
        }
      }
    }
  }

  /**
   * The backward of {@link #carryEnded} around step t's backward: rows that ended before step t
   * get zero gate gradients there, and their state gradients pass through the step unchanged
   * (kept before it in keepDh/keepDc, put back after it by {@link #restoreEnded}).
   */
  private void keepEnded(Cache ck, int t) {
    final int H = hidden;
    for (int b = 0; b < batch; b++) {
      if (lengths[b] <= t) {
        System.arraycopy(ck.dh, b * H, keepDh, b * H, H);
        if (ck.dc != null) {
          System.arraycopy(ck.dc, b * H, keepDc, b * H, H);
        }
      }
    }
  }

  /** See {@link #keepEnded}. */
  private void restoreEnded(Cache ck, int t) {
    final int B = batch;
    final int H = hidden;
    final int gh = gates * H;
    for (int b = 0; b < B; b++) {
      if (lengths[b] <= t) {
        System.arraycopy(keepDh, b * H, ck.dh, b * H, H);
        if (ck.dc != null) {
          System.arraycopy(keepDc, b * H, ck.dc, b * H, H);
        }
        int row = (t * B + b) * gh;
        Arrays.fill(ck.dG, row, row + gh, 0f);
        if (ck.dGh != null) {
          Arrays.fill(ck.dGh, row, row + gh, 0f);
        }
      }
    }
  }

  /**
   * Layer k's backward, the reverse of {@link #layerForward}: the time loop from T−1 down to 0, one
   * {@code *StepBackward} per step, leaves in {@code ck.dG} (T, B, G·H) the gradients of every
   * step's gate pre-activations. In the forward pass the input side was one product over all
   * steps, gates = in·W_ihᵀ + b (T·B, G·H), so now we have, again as single products over all T·B
   * rows: dW_ih += dGᵀ·in (G·H, In), dW_hh += dGhᵀ·h_{t−1} (G·H, H), db += Σ_rows dG, and the
   * input gradient dIn = dG·W_ih (T·B, In). The dropout mask of layer k &gt; 0's input is applied
   * by {@link #backwardInternal}, once both directions' input gradients are summed.
   *
   * @param p the index of layer k's direction, k·D + d
   * @param dAbove (T, B, H) ∂L/∂h_t from above: the head's gradient for the top layer, the next
   *     layer's input gradient otherwise
   */
  private void layerBackward(int k, int p, Cache ck, float[] dAbove) {
    final int B = batch;
    final int T = steps;
    final int H = hidden;
    final int gh = gates * H;
    final int in = layerInput(k);
    final float[] w = params.data();
    final float[] gw = params.gradForBackward();
    if (ck.partsTrained) {
      layerBackwardParts(k, p, ck, dAbove);
      return;
    }
    assembleParts(ck);
    ck.whh = mm.pack(false, B, gh, H, w, wHh[p], H, ck.whh);
    for (int t = T - 1; t >= 0; t--) {
      if (lengths != null) {
        keepEnded(ck, t);
      }
      switch (cell) {
        case LSTM:
          lstmStepBackward(p, ck, dAbove, t);
          break;
        case GRU:
          gruStepBackward(p, ck, dAbove, t);
          break;
        default:
          rnnStepBackward(p, ck, dAbove, t);
      }
      if (lengths != null) {
        restoreEnded(ck, t);
      }
    }
    float[] dGh = cell == CellType.GRU ? ck.dGh : ck.dG;
    // Weight gradients as single products over all T*B rows.
    mm.gemm(true, false, gh, in, T * B, ck.dG, 0, gh, ck.in, 0, in, 1f, gw, wIh[p], in);
    mm.gemm(true, false, gh, H, T * B, dGh, 0, gh, ck.h, 0, H, 1f, gw, wHh[p], H);
    // Bias gradients: column sums over the T·B rows, in row order whatever the split (columns
    // apart on the kernel's threads).
    int colGrain = Math.max(16, MIN_RANGE / (T * B));
    if (split(gh, colGrain)) {
      mm.parallel(gh, colGrain, (j0, j1) -> biasGradients(p, ck, dGh, j0, j1));
    } else {
      biasGradients(p, ck, dGh, 0, gh);
    }
    // Gradient of the layer's input: dIn (T*B, In) = dG (T*B, G*H) · W_ih (G*H, In).
    if (k == 0 && !stateGradients) {
      return;
    }
    mm.gemm(false, false, T * B, in, gh, ck.dG, 0, gh, w, wIh[p], in, 0f, ck.dIn, 0, in);
  }

  /**
   * Layer k's backward in parts, after a forward in parts (trainingParts): each part runs the
   * backward of its units on the thread that ran them forward, from the gates and cell states it
   * kept, as layerBackward runs the whole layer, one phase per step from T−1 down to 0, then one
   * for the weights (backStepPart, weightsPart). The recurrent gradient dh_{t−1} = dG_t·W_hh sums
   * over every part's gate rows: each part writes its share, dG_part·W_hh,part (B, H), and in the
   * next phase each reads every part's share of its own units, summed in part order. What is
   * shared between the cores at each step is that (B, H) per part, and h_{t−1}, read for the
   * weight gradients; the weight rows, their gradients, the gates and cells stay with their part.
   */
  private void layerBackwardParts(int k, int p, Cache ck, float[] dAbove) {
    final int T = steps;
    final int in = layerInput(k);
    int parts = ck.unitFrom.length - 1;
    boolean dIn = k > 0 || stateGradients;
    setUpTrainingParts(ck, in, parts, dIn);
    mm.phases(T + 1, parts, (i, part) -> {
      if (i < T) {
        backStepPart(ck, dAbove, i, part);
      } else {
        weightsPart(p, ck, in, dIn, part);
      }
    });
    if (dIn) { // dIn = dG·W_ih, summed over the parts in part order
      int n = T * batch * in;
      System.arraycopy(ck.dInParts[0], 0, ck.dIn, 0, n);
      for (int c = 1; c < parts; c++) {
        float[] d = ck.dInParts[c];
        for (int j = 0; j < n; j++) {
          ck.dIn[j] += d[j];
        }
      }
    }
  }

  /** The buffers of the backward in parts, once a layer's caches have parts. */
  private void setUpTrainingParts(Cache ck, int in, int parts, boolean dIn) {
    if (ck.partDG == null) {
      ck.partDG = new float[parts][];
      ck.partDGh = new float[parts][];
      ck.partDa = new float[parts][];
      ck.partDh = new float[parts][];
      ck.partDc = new float[parts][];
      ck.dhParts = new float[2][parts][];
      ck.dInParts = new float[parts][];
      ck.whhBack = new PackedMatrix[parts];
      for (int c = 0; c < parts; c++) {
        int n = ck.unitFrom[c + 1] - ck.unitFrom[c];
        ck.partDG[c] = new float[capRows * gates * n];
        ck.partDh[c] = new float[capBatch * n];
        if (cell == CellType.GRU) {
          ck.partDGh[c] = new float[capRows * gates * n];
        }
        if (cell == CellType.LSTM) {
          ck.partDa[c] = new float[capRows * n];
          ck.partDc[c] = new float[capBatch * n];
        }
        ck.dhParts[0][c] = new float[capBatch * hidden];
        ck.dhParts[1][c] = new float[capBatch * hidden];
      }
    }
    if (dIn && ck.dInParts[0] == null) {
      for (int c = 0; c < parts; c++) {
        ck.dInParts[c] = new float[capRows * in];
      }
    }
  }

  /**
   * Phase i of a backward in parts, step t = T−1−i, part {@code part} (units [u, u + n)): the
   * gradient into its units' h_t, dh = dAbove_t + Σ_parts dG_{t+1},part·W_hh,part (the shares
   * that the parts wrote in phase i−1; at i = 0 the given dhN), the cell's backward on its units
   * (lstmStepBackward, gruStepBackward, rnnStepBackward: the same operations), and its share of
   * dh_{t−1}. The shares go by step parity into two buffers: a part writes phase i's while the
   * others may still read phase i−1's, never one that another reads.
   */
  private void backStepPart(Cache ck, float[] dAbove, int i, int part) {
    final int B = batch;
    final int H = hidden;
    final int t = steps - 1 - i;
    final int u = ck.unitFrom[part];
    final int n = ck.unitFrom[part + 1] - u;
    final int w = gates * n;
    final int hp = t * B * H;
    final int parts = ck.unitFrom.length - 1;
    float[] dh = ck.partDh[part];
    float[] dc = ck.partDc[part];
    float[] a = ck.partGates[part];
    float[] dG = ck.partDG[part];
    if (i == 0) {
      ck.whhBack[part] = mm.pack(false, B, w, H, ck.whhRows[part], 0, H, ck.whhBack[part]);
      for (int b = 0; b < B; b++) {
        System.arraycopy(ck.dh, b * H + u, dh, b * n, n);
        if (dc != null) {
          System.arraycopy(ck.dc, b * H + u, dc, b * n, n);
        }
      }
    } else {
      sumShares(ck.dhParts[(i - 1) & 1], parts, u, n, dh, cell == CellType.GRU);
    }
    switch (cell) {
      case LSTM:
        for (int b = 0; b < B; b++) {
          int hs = (t * B + b) * n;
          System.arraycopy(dAbove, hp + b * H + u, ck.partDa[part], hs, n);
          act.lstmCellBackward(a, dG, hs * gates, ck.partC[part], ck.partTc[part],
              ck.partDa[part], hs, dh, dc, b * n, n);
        }
        break;
      case GRU:
        gruPartBackward(ck, dAbove, t, part, u, n);
        break;
      default:
        boolean relu = cell == CellType.RNN_RELU;
        for (int b = 0; b < B; b++) {
          int r = (t * B + b) * n;
          for (int j = 0; j < n; j++) {
            float h = a[r + j];
            float d = dAbove[hp + b * H + u + j] + dh[b * n + j];
            dG[r + j] = relu ? (h > 0f ? d : 0f) : d * (1f - h * h);
          }
        }
    }
    if (wantsDh(t)) {
      float[] dGh = cell == CellType.GRU ? ck.partDGh[part] : dG;
      mm.gemm(false, B, dGh, t * B * w, w, ck.whhBack[part], 0f, ck.dhParts[i & 1][part], 0, H);
    }
  }

  /**
   * dst (B, n) = the parts' shares (B, H) of units [u, u + n) summed in part order, added to dst
   * when {@code add} (the GRU's dh ⊙ z, which its whole step adds the product to).
   */
  private void sumShares(float[][] shares, int parts, int u, int n, float[] dst, boolean add) {
    final int H = hidden;
    for (int b = 0; b < batch; b++) {
      int s = b * H + u;
      int d = b * n;
      for (int j = 0; j < n; j++) {
        float sum = shares[0][s + j];
        for (int c = 1; c < parts; c++) {
          sum += shares[c][s + j];
        }
        dst[d + j] = add ? dst[d + j] + sum : sum;
      }
    }
  }

  /** gruStepBackward's elementwise part on a part's units (see backStepPart). */
  private void gruPartBackward(Cache ck, float[] dAbove, int t, int part, int u, int n) {
    final int B = batch;
    final int H = hidden;
    final int hp = t * B * H;
    float[] g = ck.partGates[part];
    float[] dG = ck.partDG[part];
    float[] dGh = ck.partDGh[part];
    float[] ghn = ck.partGhn[part];
    float[] dhp = ck.partDh[part];
    for (int b = 0; b < B; b++) {
      int row = (t * B + b) * 3 * n;
      int s = b * H + u;
      for (int j = 0; j < n; j++) {
        float r = g[row + j];
        float z = g[row + n + j];
        float nn = g[row + 2 * n + j];
        float dh = dAbove[hp + s + j] + dhp[b * n + j];
        float dn = dh * (1f - z) * (1f - nn * nn);
        float dz = dh * (ck.h[hp + s + j] - nn) * z * (1f - z);
        float dr = dn * ghn[(t * B + b) * n + j] * r * (1f - r);
        dG[row + j] = dr;
        dG[row + n + j] = dz;
        dG[row + 2 * n + j] = dn;
        dGh[row + j] = dr;
        dGh[row + n + j] = dz;
        dGh[row + 2 * n + j] = dn * r;
        dhp[b * n + j] = dh * z;
      }
    }
  }

  /**
   * The last phase of a backward in parts, per part: the gradients into its units' h0 (summed as
   * in backStepPart) and c0, its rows of dW_ih, dW_hh and the biases as layerBackward takes them
   * (products over all T·B rows, column sums in row order), and its share of the input gradient,
   * dG_part·W_ih,part (T·B, In), which layerBackwardParts sums.
   */
  private void weightsPart(int p, Cache ck, int in, boolean dIn, int part) {
    final int B = batch;
    final int T = steps;
    final int H = hidden;
    final int u = ck.unitFrom[part];
    final int n = ck.unitFrom[part + 1] - u;
    final int w = gates * n;
    final int parts = ck.unitFrom.length - 1;
    final float[] gw = params.gradForBackward();
    float[] dG = ck.partDG[part];
    float[] dGh = cell == CellType.GRU ? ck.partDGh[part] : dG;
    float[] dh = ck.partDh[part];
    if (wantsDh(0)) {
      sumShares(ck.dhParts[(T - 1) & 1], parts, u, n, dh, cell == CellType.GRU);
    }
    for (int b = 0; b < B; b++) {
      System.arraycopy(dh, b * n, ck.dh, b * H + u, n);
      if (cell == CellType.LSTM) {
        System.arraycopy(ck.partDc[part], b * n, ck.dc, b * H + u, n);
      }
    }
    int rows = T * B;
    // The part's share of zeroGrad (see Parameters.zeroGrad): the products write its rows of the
    // weight gradients (beta 0: each element the product's sum, the value 0 + sum has) instead of
    // adding to rows zeroed first, one pass over 80 KB a part less at the notebook's LSTM (its
    // four products of 52×100×10: 8.0–8.4 µs with the zeroing, 6.9 without; AMD Zen 4). The
    // bias rows are zeroed and summed into.
    float beta = zeroRows ? 0f : 1f;
    for (int q = 0; q < gates; q++) {
      int row = q * H + u;
      if (zeroRows) {
        Arrays.fill(gw, bIh[p] + row, bIh[p] + row + n, 0f);
        Arrays.fill(gw, bHh[p] + row, bHh[p] + row + n, 0f);
      }
      mm.gemm(true, false, n, in, rows, dG, q * n, w, ck.in, 0, in, beta, gw,
          wIh[p] + row * in, in);
      mm.gemm(true, false, n, H, rows, dGh, q * n, w, ck.h, 0, H, beta, gw, wHh[p] + row * H,
          H);
      biasSums(dG, dGh, q * n, w, rows, gw, bIh[p] + row, bHh[p] + row, n);
    }
    if (dIn) {
      mm.gemm(false, false, rows, in, w, dG, 0, w, ck.wihRows[part], 0, in, 0f,
          ck.dInParts[part], 0, in);
    }
  }

  /**
   * Gates rows [r0, r1) = the layer direction's bias, b_ih + b_hh (b_ih alone for the GRU), before
   * the input projection is added to them; on the kernel's threads when there is enough of it.
   */
  private void fillBiases(Cache ck, int r0, int r1) {
    final int gh = gates * hidden;
    int rowGrain = Math.max(1, MIN_RANGE / gh);
    if (split(r1 - r0, rowGrain)) {
      mm.parallel(r1 - r0, rowGrain, (a, b) -> fillBiasRows(ck, r0 + a, r0 + b));
    } else {
      fillBiasRows(ck, r0, r1);
    }
  }

  private void fillBiasRows(Cache ck, int r0, int r1) {
    final int gh = gates * hidden;
    for (int row = r0; row < r1; row++) {
      System.arraycopy(ck.bias, 0, ck.gates, row * gh, gh);
    }
  }

  /** Columns [j0, j1) of layer direction p's bias gradients += the column sums of dG and dGh. */
  private void biasGradients(int p, Cache ck, float[] dGh, int j0, int j1) {
    final int gh = gates * hidden;
    final int rows = steps * batch;
    final float[] gw = params.gradForBackward();
    biasSums(ck.dG, dGh, j0, gh, rows, gw, bIh[p] + j0, bHh[p] + j0, j1 - j0);
  }

  /**
   * gw[ih, ih + n) += the column sums of dG's rows (b_ih's gradient), gw[hh, hh + n) += those of
   * dGh's (b_hh's): in one pass over the rows when they are the same array (the LSTM and the RNN;
   * the GRU's differ).
   */
  private void biasSums(float[] dG, float[] dGh, int off, int ld, int rows, float[] gw, int ih,
      int hh, int n) {
    if (dGh == dG) {
      act.addRows(dG, off, ld, rows, gw, ih, hh, n);
    } else {
      act.addRows(dG, off, ld, rows, gw, ih, n);
      act.addRows(dGh, off, ld, rows, gw, hh, n);
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

  /**
   * Gate floats (T·B·G·H) above which a layer's input projection runs step by step (1 MiB, about
   * one core's L2: smaller gates are still in cache when the steps read them).
   */
  private static final long STREAM_GATES = 1 << 18;

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
    if (readsH0(t)) { // else h_{-1}·W_hhᵀ = 0, and a + 0 = a
      mm.gemm(false, B, ck.h, hp, H, ck.whhT, 1f, ck.gates, gt, gh);
    }
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
      act.lstmCellForward(g, row, ck.c, hp + s, hn + s, ck.tc, hp + s, ck.h, hn + s, H);
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
    // dh_{t-1} (B, H) = dG_t (B, 4H) · W_hh (4H, H); at t = 0 that is h0's gradient
    if (wantsDh(t)) {
      mm.gemm(false, B, ck.dG, gt, gh, ck.whh, 0f, ck.dh, 0, H);
    }
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
  private void gruStep(int p, Cache ck, int t) {
    final int B = batch;
    final int H = hidden;
    final int gh = 3 * H;
    final int gt = t * B * gh;
    final int hp = t * B * H;
    final int hn = hp + B * H;
    final float[] w = params.data();
    if (readsH0(t)) {
      mm.gemm(false, B, ck.h, hp, H, ck.whhT, 0f, ck.gh, 0, gh);
    } else {
      Arrays.fill(ck.gh, 0, B * gh, 0f); // h_{-1}·W_hhᵀ with h_{-1} = 0: the product's +0s
    }
    for (int b = 0; b < B; b++) {
      int s = b * H;
      gruCells(ck.gates, gt + b * gh, ck.gh, b * gh, w, bHh[p], ck.ghn, hp + s, ck.h, hp + s,
          hn + s, H);
    }
  }

  /**
   * The rest of the GRU's step for one batch row of n units, after the recurrent product: gates r,
   * z and n, n apart at g[row..] (x·W_ihᵀ + b_ih), the product's at gh[rh..], b_hh at
   * bhh[bOff..], W_hn·h + b_hn into ghn[ghnOff..], h_{t−1} at h[prev..] and h_t into h[next..].
   * gruStep runs it on all H units, a part of a step in parts (gruPart) on its own.
   */
  private void gruCells(float[] g, int row, float[] gh, int rh, float[] bhh, int bOff,
      float[] ghn, int ghnOff, float[] h, int prev, int next, int n) {
    // r and z: pre-activations, then one sigmoid over both.
    for (int j = 0; j < 2 * n; j++) {
      g[row + j] = g[row + j] + gh[rh + j] + bhh[bOff + j];
    }
    act.sigmoid(g, row, 2 * n);
    for (int j = 0; j < n; j++) {
      float hnj = gh[rh + 2 * n + j] + bhh[bOff + 2 * n + j];
      ghn[ghnOff + j] = hnj;
      g[row + 2 * n + j] = g[row + 2 * n + j] + g[row + j] * hnj;
    }
    act.tanh(g, row + 2 * n, n);
    for (int j = 0; j < n; j++) {
      float z = g[row + n + j];
      float c = g[row + 2 * n + j];
      h[next + j] = (1f - z) * c + z * h[prev + j];
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
    if (wantsDh(t)) {
      mm.gemm(false, B, ck.dGh, gt, gh, ck.whh, 1f, ck.dh, 0, H);
    }
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
    if (readsH0(t)) {
      mm.gemm(false, B, ck.h, hp, H, ck.whhT, 1f, ck.gates, gt, H);
    }
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
    if (wantsDh(t)) {
      mm.gemm(false, B, ck.dG, gt, H, ck.whh, 0f, ck.dh, 0, H);
    }
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
    Cache[] cs = new Cache[layers * directions];
    for (int p = 0; p < layers * directions; p++) {
      int k = p / directions;
      int in = layerInput(k);
      Cache c = new Cache();
      c.in = new float[capR * in];
      c.mask = k > 0 && p % directions == 0 && dropout > 0f ? new float[capR * in] : null;
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
      cs[p] = c;
    }
    caches = cs;
    dTop = new float[capR * directions * H];
    topOut = null;
    keepDh = new float[capB * H];
    keepDc = new float[capB * H];
    capRows = capR;
    capBatch = capB;
  }

  private void requireLayer(int layer) {
    if (layer < 0 || layer >= layers) {
      throw new IllegalArgumentException("layer must be in [0, " + layers + "), got " + layer);
    }
  }

  /** Whether step t's product h_{t−1}·W_hhᵀ is computed: not at t = 0 from zero states. */
  private boolean readsH0(int t) {
    return t > 0 || !zeroStart;
  }

  /**
   * Whether step t's backward computes dh_{t−1} = dG_t·W_hh: at t = 0 that is h0's gradient, left
   * out by a backward of the parameters only.
   */
  private boolean wantsDh(int t) {
    return t > 0 || stateGradients;
  }

  private void requireStateGradients(String of) {
    if (!stateGradients) {
      throw new IllegalStateException("the latest backward computed the parameters' gradients"
          + " only, not " + of + "'s: call backward for it");
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
    final boolean bidirectional;

    /**
     * @param cell the cell type
     * @param inputSize I, features per step, &gt; 0
     * @param hidden H, hidden units per layer, &gt; 0
     * @param layers L, stacked layers, &gt; 0
     * @param dropout probability in [0, 1) of zeroing an input of layers 1..L−1 in training
     * @param unitForgetBias whether the LSTM's forget-gate bias starts at 1
     * @param bidirectional whether each layer has a reverse direction as well
     */
    public Config(CellType cell, int inputSize, int hidden, int layers, double dropout,
        boolean unitForgetBias, boolean bidirectional) {
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
      this.bidirectional = bidirectional;
    }

    /** A unidirectional stack: {@code bidirectional} false. */
    public Config(
        CellType cell, int inputSize, int hidden, int layers, double dropout, boolean unitForgetBias) {
      this(cell, inputSize, hidden, layers, dropout, unitForgetBias, false);
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

    public boolean bidirectional() {
      return bidirectional;
    }
  }
}

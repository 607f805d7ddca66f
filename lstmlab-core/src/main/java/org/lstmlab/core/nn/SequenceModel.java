package org.lstmlab.core.nn;

import java.util.Arrays;

/**
 * A recurrent stack with a linear head: the model that LSTM Lab trains, saves and serves.
 *
 * <p>Its parameters are named as the {@code state_dict()} of a PyTorch module whose recurrent part
 * is called {@code rnn} and whose head is called {@code head}: {@code rnn.weight_ih_l0}, ..., {@code
 * head.weight}, {@code head.bias}. The head reads the top layer's hidden state at the last step
 * ({@link Outputs#LAST}, the notebook's many-to-one forecast) or at every step ({@link
 * Outputs#ALL}).
 *
 * <p>A bidirectional model ({@link Builder#bidirectional}) has D = 2 directions per layer, named
 * {@code rnn.weight_ih_l0_reverse}, ... as in PyTorch, and its head reads D·H = 2H features. For
 * {@link Outputs#LAST} these are what PyTorch users feed a classifier: the top layer's final
 * hidden state of both directions, {@code cat(h_n[-2], h_n[-1])}, that is the forward direction
 * after the last step and the reverse direction after step 0 (which has read the whole sequence).
 * With row lengths ({@link SequenceBatch#withLengths}) LAST reads each row's state at its own last
 * real step, and ALL gives the head's output for 0 features (its bias) at padded steps.
 *
 * <p>Input is a {@link SequenceBatch}, (B, T, I) batch-first with its shape, optional initial
 * states and optional row lengths; the model checks I against its input size and the states
 * against (L·D, B, H).
 *
 * <p>A token model ({@link Builder#embedding}) reads token ids instead, a batch of {@link
 * SequenceBatch#ofTokens} (B, T): an {@link Embedding} (V, E) turns them into (B, T, E) vectors,
 * the stack's input (its I is E), and backward accumulates the embedding's gradient (none for the
 * padding row, as PyTorch). Its parameters start with {@code embedding.weight}, the name a PyTorch
 * module with {@code self.embedding = nn.Embedding(V, E, padding_idx=P)} gives it, so its
 * state_dict loads as it is. A token model takes only token batches and a float model only float
 * batches.
 *
 * <p>Lifecycle of a training step: {@code parameters().zeroGrad()} → {@link #forward
 * forward(batch, Mode.TRAINING)} → loss gradient → {@link #backwardParameters} (accumulates the
 * parameters' gradients; {@link #backward} also returns the input's) → an optimizer's {@code step}.
 * Computing
 * gradients never changes the parameters, so gradients can be averaged across workers before they
 * are applied. Inference: {@link #predict}, or {@link #timeStep} to feed one step at a time while
 * the model carries its state (DL4J's {@code rnnTimeStep}). Not thread-safe.
 */
public final class SequenceModel {

  /** Which steps the head reads. */
  public enum Outputs {
    /** Only the last step: predictions (B, O). */
    LAST,
    /** Every step: predictions (B, T, O). */
    ALL
  }

  private final Embedding embedding; // (V, E) token ids to the stack's input; null: float input
  private final Recurrent rnn;
  private final Linear head;
  private final Parameters params;
  private final Outputs outputs;
  private final long seed;
  private final Builder spec; // a copy of the builder's settings, for freeze
  private float[] last = new float[0]; // (B, D*H) the head's input for Outputs.LAST, unless simple
  private float[] dLast = new float[0]; // (B, D*H)
  private float[] predTm = new float[0]; // (T, B, O) head output of every step, Outputs.ALL only
  private float[] dPredTm = new float[0]; // (T, B, O)
  private float[] streamH; // (L, B, H) carried hidden state of timeStep, null after reset
  private float[] streamC; // (L, B, H) carried cell state (LSTM)
  private int streamBatch;
  private boolean embedded; // whether the latest forward read tokens through the embedding

  private SequenceModel(Builder b) {
    this(b, null);
  }

  /**
   * A model as the builder says, its parameters initialised from the seed, or, given {@code
   * values}, a frozen copy's: those values, without gradients.
   */
  private SequenceModel(Builder b, float[] values) {
    Parameters.Builder pb = new Parameters.Builder();
    this.embedding = b.newEmbedding(pb);
    this.rnn = new Recurrent(b.config(), pb, "rnn.");
    this.head = new Linear(rnn.outputWidth(), Checks.requirePositive("outputSize", b.outputSize),
        pb, "head.");
    this.params = values == null ? pb.build() : pb.buildValues();
    this.outputs = b.outputs;
    this.seed = b.seed;
    this.spec = b.copy();
    if (values != null) {
      System.arraycopy(values, 0, params.data(), 0, values.length);
      rnn.attach(params, b.seed);
      head.attach(params);
      if (embedding != null) {
        embedding.attach(params);
      }
      return;
    }
    // Independent streams: the stack's parameters and dropout, the head's, the embedding's.
    rnn.bind(params, b.seed);
    head.bind(params, b.seed ^ HEAD_SEED);
    if (embedding != null) {
      embedding.bind(params, b.seed ^ EMBEDDING_SEED);
    }
  }

  private static final long HEAD_SEED = 0x9E3779B97F4A7C15L;
  private static final long EMBEDDING_SEED = 0xD1B54A32D192ED03L;

  /** A builder for a model with the given cell, input features I and hidden units H. */
  public static Builder builder(CellType cell, int inputSize, int hidden) {
    return new Builder(cell, inputSize, hidden);
  }

  /**
   * A model for inference only over a copy of this model's parameters as they are now: later
   * training of this model, or writes to its parameters, do not reach it, and nothing can change
   * its own. Its predictions are this model's now, bit for bit, and a small one is faster (see
   * {@link FrozenModel}). Costs a copy of the parameter values (no gradients), and about as long
   * as copying them.
   */
  public FrozenModel freeze() {
    SequenceModel copy = new SequenceModel(spec, params.data());
    copy.rnn.fixWeights();
    return new FrozenModel(copy);
  }

  /** The recurrent layers: for tests in this package. */
  Recurrent recurrent() {
    return rnn;
  }

  /** All trainable tensors, named as PyTorch's state_dict. */
  public Parameters parameters() {
    return params;
  }

  /**
   * The recurrent stack's sizes (cell, I, H, L, dropout, forget-gate bias, bidirectional),
   * immutable. The stack
   * itself stays inside the model: its caches are the model's, and a second user of them would
   * see them change under it.
   */
  public Recurrent.Config config() {
    return rnn.config();
  }

  /** I: input features per step of the recurrent stack; E for a token model. */
  public int inputSize() {
    return rnn.inputSize();
  }

  /**
   * The input stage (V, E) of a token model, the live layer whose weight is the model's {@code
   * embedding.weight}; null for a model that reads float features. For its sizes and padding id:
   * its forward and backward belong to the model, and a call between the model's forward and
   * backward would change the ids that backward reads.
   */
  public Embedding embedding() {
    return embedding;
  }

  /** Whether the model reads token ids ({@link SequenceBatch#ofTokens}) through an embedding. */
  public boolean tokenInput() {
    return embedding != null;
  }

  /** Whether each layer reads the sequence in both directions (D = 2). */
  public boolean bidirectional() {
    return rnn.bidirectional();
  }

  /**
   * Restarts the stream of dropout masks from {@code seed}, so that two training forwards draw the
   * same masks (the trainers do this with their seed; gradient checks and replays too).
   */
  public void setDropoutSeed(long seed) {
    rnn.setDropoutSeed(seed);
  }

  /**
   * A copy of one layer's activated gates from the latest forward, (B, T, G·H) in PyTorch's gate
   * order (i, f, g, o for the LSTM): for views inside the cell; the forward direction's when
   * bidirectional.
   *
   * @throws IllegalArgumentException if {@code layer} is not in [0, L)
   * @throws IllegalStateException before any forward
   */
  public float[] gateActivations(int layer) {
    return rnn.gateActivations(layer);
  }

  /**
   * A copy of one layer's cell states c_0..c_{T−1} from the latest forward, (B, T, H); the forward
   * direction's when bidirectional.
   *
   * @throws IllegalArgumentException if {@code layer} is not in [0, L)
   * @throws IllegalStateException before any forward, or if the cell is not an LSTM
   */
  public float[] cellStates(int layer) {
    return rnn.cellStates(layer);
  }

  /** Which steps the head reads. */
  public Outputs outputs() {
    return outputs;
  }

  /** O: outputs per prediction. */
  public int outputSize() {
    return head.outputSize();
  }

  /** The seed the parameters were initialised from. */
  public long seed() {
    return seed;
  }

  /** Re-initialises all parameters and the dropout stream from {@code seed}. */
  public void resetParameters(long seed) {
    rnn.resetParameters(seed);
    head.resetParameters(seed ^ HEAD_SEED);
    if (embedding != null) {
      embedding.resetParameters(seed ^ EMBEDDING_SEED);
    }
  }

  /**
   * Runs the model on a batch of sequences.
   *
   * @param x (B, T, I) batch-first input, or (B, T) token ids for a token model, with (L·D, B, H)
   *     initial states or zeros and optionally each row's length
   * @param mode {@link Mode#TRAINING} applies dropout between layers, {@link Mode#INFERENCE} not
   * @return predictions (B, O) for {@link Outputs#LAST}, (B, T, O) for {@link Outputs#ALL}
   * @throws IllegalArgumentException if x's I is not the model's input size, x holds tokens and
   *     the model reads floats or the other way round, an id is outside [0, V), a state is not
   *     (L·D, B, H), a value is not finite, or an argument is null
   */
  public float[] forward(SequenceBatch x, Mode mode) {
    requireInput(x, mode);
    float[] in = embedding == null ? x.values() : embedding.forward(x.tokens()); // (B, T, I)
    float[] pred = forward(in, x.batch(), x.steps(), x.lengths(), x.initialHidden(),
        x.initialCell(), mode == Mode.TRAINING);
    embedded = embedding != null;
    return pred;
  }

  /**
   * Inference from zero (or the batch's) initial states without dropout: {@code forward(x,
   * Mode.INFERENCE)}.
   */
  public float[] predict(SequenceBatch x) {
    return forward(x, Mode.INFERENCE);
  }

  private void requireInput(SequenceBatch x, Mode mode) {
    if (x == null) {
      throw new IllegalArgumentException("x is null; expected a (B, T, I=" + rnn.inputSize()
          + ") SequenceBatch");
    }
    if (mode == null) {
      throw new IllegalArgumentException("mode is null; expected TRAINING or INFERENCE");
    }
    if (embedding != null && x.tokens() == null) {
      throw new IllegalArgumentException("x is " + x + " of float features; this model reads"
          + " token ids through an embedding of " + embedding.num() + " tokens: give it"
          + " SequenceBatch.ofTokens (B, T)");
    }
    if (embedding == null && x.tokens() != null) {
      throw new IllegalArgumentException("x is " + x + "; this model has no embedding and reads"
          + " I=" + rnn.inputSize() + " float features per step: give it SequenceBatch.of"
          + " (B, T, I)");
    }
    if (embedding == null && x.features() != rnn.inputSize()) {
      throw new IllegalArgumentException("x is " + x + "; this model reads I=" + rnn.inputSize()
          + " features per step");
    }
  }

  /**
   * The hot path behind {@link #forward(SequenceBatch, Mode)}, on a flat array: package-private so
   * that the public calls carry their shapes.
   *
   * @param x (B, T, I) batch-first input
   * @param h0 (L, B, H) initial hidden state, or null for zeros
   * @param c0 (L, B, H) initial cell state (LSTM), or null for zeros
   * @param training whether dropout is active
   */
  float[] forward(float[] x, int batch, int steps, float[] h0, float[] c0, boolean training) {
    return forward(x, batch, steps, null, h0, c0, training);
  }

  /** As above, with lengths (B) or null for all T. */
  float[] forward(float[] x, int batch, int steps, int[] lengths, float[] h0, float[] c0,
      boolean training) {
    embedded = false;
    rnn.forwardInternal(x, batch, steps, lengths, h0, c0, training);
    int o = head.outputSize();
    int hid = rnn.hidden();
    float[] top = rnn.topStates();
    if (outputs == Outputs.LAST) {
      float[] pred = new float[batch * o];
      if (readsLastStep()) {
        head.forward(top, steps * batch * hid, batch, pred, 0);
      } else {
        int w = rnn.outputWidth();
        if (last.length < batch * w) {
          last = new float[batch * w];
          dLast = new float[batch * w];
        }
        rnn.lastStates(last);
        head.forward(last, 0, batch, pred, 0);
      }
      return pred;
    }
    int rows = batch * steps;
    if (predTm.length < rows * o) {
      predTm = new float[rows * o];
    }
    head.forward(top, rnn.topOffset(), rows, predTm, 0);
    float[] pred = new float[rows * o];
    Recurrent.transpose(predTm, 0, steps, batch, o, pred);
    return pred;
  }

  /**
   * Whether {@link Outputs#LAST}'s input is the top layer's output at step T−1 in place: one
   * direction, every row full length (then h_n is that output). Otherwise it is gathered from the
   * final states into {@code last}.
   */
  private boolean readsLastStep() {
    return !rnn.bidirectional() && rnn.lengths() == null;
  }

  /** {@link #backward(float[], float[], float[], float[])} with no other gradient than dPred. */
  public float[] backward(float[] dPred) {
    return backward(dPred, null, null, null);
  }

  /**
   * Backpropagates through the head and through time for the latest forward, accumulating every
   * parameter gradient.
   *
   * @param dPred gradient of the loss with respect to the predictions, shaped as forward returned
   * @param dHidden (B, T, D·H) a further gradient with respect to the top layer's hidden states
   *     (from a regulariser or an auxiliary loss on {@link #hiddenStates()}), or null
   * @param dhN (L·D, B, H) gradient with respect to the final hidden state, or null
   * @param dcN (L·D, B, H) gradient with respect to the final cell state (LSTM), or null
   * @return (B, T, I) the gradient with respect to the input; for a token model, with respect to
   *     the embedded vectors (B, T, E), which the embedding's weight gradient has taken in
   */
  public float[] backward(float[] dPred, float[] dHidden, float[] dhN, float[] dcN) {
    return backward(dPred, dHidden, dhN, dcN, true);
  }

  /**
   * {@link #backward(float[])} for training: accumulates every parameter gradient, as backward
   * does, and leaves out what an optimizer step does not read, the gradients of the input and of
   * the initial hidden state (the input's is kept for a token model: the embedding's gradient is
   * made from it). It skips the products that only they need, layer 0's dG·W_ih over all steps
   * and each layer's dG_0·W_hh at step 0 (at the notebook's I = 1, T = 10, the first alone was
   * 9.5% of an LSTM training step's samples). Until the next {@link #backward}, {@link
   * #initialHiddenGradient} refuses.
   *
   * @param dPred gradient of the loss with respect to the predictions, shaped as forward returned
   */
  public void backwardParameters(float[] dPred) {
    backward(dPred, null, null, null, embedded);
  }

  /** The backward pass; returns the input's gradient (B, T, I) when it was computed, else null. */
  private float[] backward(float[] dPred, float[] dHidden, float[] dhN, float[] dcN,
      boolean stateGradients) {
    int batch = rnn.batch();
    int steps = rnn.steps();
    if (batch == 0) {
      throw new IllegalStateException("no forward pass yet");
    }
    int o = head.outputSize();
    int hid = rnn.outputWidth();
    float[] top = rnn.topStates();
    float[] dTop = rnn.topGradientBuffer();
    if (outputs == Outputs.LAST && readsLastStep()) {
      Checks.requireShape("dPred", dPred, batch * o, batch, o);
      Arrays.fill(dTop, 0, (steps - 1) * batch * hid, 0f);
      head.backward(top, steps * batch * hid, batch, dPred, 0, dTop, (steps - 1) * batch * hid);
    } else if (outputs == Outputs.LAST) {
      // The head read the final states: its gradient joins dhN, the outputs get none from it.
      Checks.requireShape("dPred", dPred, batch * o, batch, o);
      Arrays.fill(dTop, 0, steps * batch * hid, 0f);
      head.backward(last, 0, batch, dPred, 0, dLast, 0);
      dhN = rnn.addLastGradient(dhN, dLast);
    } else {
      int rows = batch * steps;
      Checks.requireShape("dPred", dPred, rows * o, batch, steps, o);
      if (dPredTm.length < rows * o) {
        dPredTm = new float[rows * o];
      }
      Recurrent.transpose(dPred, 0, batch, steps, o, dPredTm);
      head.backward(top, rnn.topOffset(), rows, dPredTm, 0, dTop, 0);
    }
    if (dHidden != null) {
      Checks.requireShape("dHidden", dHidden, batch * steps * hid, batch, steps, hid);
      for (int b = 0; b < batch; b++) {
        for (int t = 0; t < steps; t++) {
          int src = (b * steps + t) * hid;
          int dst = (t * batch + b) * hid;
          for (int j = 0; j < hid; j++) {
            dTop[dst + j] += dHidden[src + j];
          }
        }
      }
    }
    rnn.backwardInternal(dTop, dhN, dcN, stateGradients);
    if (!stateGradients) {
      return null;
    }
    float[] dx = rnn.inputGradient(); // (B, T, I)
    if (embedded) {
      // In the forward pass x[b, t] = weight[ids[b, t]]: the rows read take dx (Embedding).
      embedding.backward(dx);
    }
    return dx;
  }

  /**
   * (B, T, D·H) the top layer's hidden states at every step of the latest forward ([forward,
   * reverse] when bidirectional, 0 at padded steps): PyTorch's {@code out}.
   */
  public float[] hiddenStates() {
    int batch = rnn.batch();
    int steps = rnn.steps();
    if (batch == 0) {
      throw new IllegalStateException("no forward pass yet");
    }
    int w = rnn.outputWidth();
    float[] out = new float[batch * steps * w];
    Recurrent.transpose(rnn.topStates(), rnn.topOffset(), steps, batch, w, out);
    return out;
  }

  /** (L·D, B, H) hidden state after the latest forward: PyTorch's {@code h_n}. */
  public float[] finalHidden() {
    return rnn.finalHidden();
  }

  /** (L·D, B, H) cell state after the latest forward (LSTM only). */
  public float[] finalCell() {
    return rnn.finalCell();
  }

  /** (L·D, B, H) gradient with respect to h0 from the latest backward. */
  public float[] initialHiddenGradient() {
    return rnn.initialHiddenGradient();
  }

  /** (L·D, B, H) gradient with respect to c0 from the latest backward (LSTM only). */
  public float[] initialCellGradient() {
    return rnn.initialCellGradient();
  }

  /**
   * Feeds one time step and returns the head's output for it, carrying (h, c) to the next call.
   * Feeding a sequence step by step gives the same predictions as {@link #forward} on the whole
   * sequence. The state starts at zero and after {@link #resetState()}; a change of batch size
   * also starts from zero.
   *
   * @param x (B, I) one step of input
   * @return (B, O) the prediction after this step
   * @throws IllegalStateException if the model is bidirectional: its reverse direction needs the
   *     whole sequence
   */
  public float[] timeStep(float[] x, int batch) {
    if (embedding != null) {
      throw new IllegalArgumentException("this model reads token ids through an embedding;"
          + " feed it timeStep(int[] ids)");
    }
    return step(x, batch);
  }

  /**
   * {@link #timeStep(float[], int)} for a token model: one id per sequence, embedded.
   *
   * @param ids (B) one step of token ids in [0, V)
   * @return (B, O) the prediction after this step
   * @throws IllegalArgumentException if the model has no embedding or an id is out of range
   */
  public float[] timeStep(int[] ids) {
    if (embedding == null) {
      throw new IllegalArgumentException("this model has no embedding and reads I="
          + rnn.inputSize() + " float features; feed it timeStep(float[], batch)");
    }
    if (ids == null || ids.length == 0) {
      throw new IllegalArgumentException("ids must hold one token id per sequence, B > 0");
    }
    return step(embedding.forward(ids), ids.length);
  }

  private float[] step(float[] x, int batch) {
    if (rnn.bidirectional()) {
      throw new IllegalStateException("timeStep needs a unidirectional model: a bidirectional one"
          + " reads each sequence from its end as well; use forward on the whole sequence");
    }
    Checks.requirePositive("batch", batch);
    if (streamH == null || streamBatch != batch) {
      resetState();
      streamBatch = batch;
    }
    rnn.forwardInternal(x, batch, 1, streamH, streamC, false);
    embedded = false;
    streamH = rnn.finalHidden();
    streamC = rnn.cell().hasCellState() ? rnn.finalCell() : null;
    float[] pred = new float[batch * head.outputSize()];
    head.forward(rnn.topStates(), rnn.topOffset(), batch, pred, 0);
    return pred;
  }

  /** Forgets the state carried by {@link #timeStep}. */
  public void resetState() {
    streamH = null;
    streamC = null;
    streamBatch = 0;
  }

  /** Builds a {@link SequenceModel}; every default is set here and only here. */
  public static final class Builder {
    private final CellType cell;
    private final int inputSize;
    private final int hidden;
    private int layers = 1;
    private double dropout = 0;
    private int outputSize = 1;
    private Outputs outputs = Outputs.LAST;
    private boolean unitForgetBias = false;
    private boolean bidirectional = false;
    private long seed = 0;
    private int embeddingVocab = 0; // V; 0: no embedding, float input
    private int embeddingDim = 0; // E
    private int paddingIdx = Embedding.NO_PADDING;

    private Builder(CellType cell, int inputSize, int hidden) {
      this.cell = cell;
      this.inputSize = inputSize;
      this.hidden = hidden;
    }

    /** L: stacked recurrent layers (default 1). */
    public Builder layers(int layers) {
      this.layers = layers;
      return this;
    }

    /** Dropout between recurrent layers in training (default 0). */
    public Builder dropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    /** O: outputs of the head (default 1). */
    public Builder outputSize(int outputSize) {
      this.outputSize = outputSize;
      return this;
    }

    /** Which steps the head reads (default {@link Outputs#LAST}). */
    public Builder outputs(Outputs outputs) {
      this.outputs = outputs;
      return this;
    }

    /** Start the LSTM's forget-gate bias at 1 (default false, as PyTorch). */
    public Builder unitForgetBias(boolean unitForgetBias) {
      this.unitForgetBias = unitForgetBias;
      return this;
    }

    /**
     * Give each layer a reverse direction as well, as PyTorch's {@code bidirectional=True}
     * (default false): outputs of 2H features, parameters {@code ..._reverse}.
     */
    public Builder bidirectional(boolean bidirectional) {
      this.bidirectional = bidirectional;
      return this;
    }

    /**
     * Read token ids through an embedding of {@code vocabSize} vectors of {@code dim} values
     * (default none: float features), PyTorch's {@code nn.Embedding(V, E, padding_idx)}, whose
     * vectors are the stack's input: the builder's input size must be E, as in {@code
     * builder(cell, E, H).embedding(V, E, pad)}.
     *
     * @param paddingIdx the padding id in [−V, V), or {@link Embedding#NO_PADDING}
     */
    public Builder embedding(int vocabSize, int dim, int paddingIdx) {
      this.embeddingVocab = Checks.requirePositive("embedding vocabSize", vocabSize);
      this.embeddingDim = Checks.requirePositive("embedding dim", dim);
      this.paddingIdx = paddingIdx;
      return this;
    }

    /** A builder with the same settings. */
    private Builder copy() {
      Builder b = new Builder(cell, inputSize, hidden);
      b.layers = layers;
      b.dropout = dropout;
      b.outputSize = outputSize;
      b.outputs = outputs;
      b.unitForgetBias = unitForgetBias;
      b.bidirectional = bidirectional;
      b.seed = seed;
      b.embeddingVocab = embeddingVocab;
      b.embeddingDim = embeddingDim;
      b.paddingIdx = paddingIdx;
      return b;
    }

    /** The embedding registered first in {@code pb}, or null without one. */
    private Embedding newEmbedding(Parameters.Builder pb) {
      if (embeddingVocab == 0) {
        return null;
      }
      if (embeddingDim != inputSize) {
        throw new IllegalArgumentException("the embedding's dim E=" + embeddingDim
            + " must equal the builder's input size I=" + inputSize
            + ": the embedded vectors are the stack's input");
      }
      return new Embedding(embeddingVocab, embeddingDim, paddingIdx, pb, "embedding.");
    }

    private Recurrent.Config config() {
      return new Recurrent.Config(
          cell, inputSize, hidden, layers, dropout, unitForgetBias, bidirectional);
    }

    /** Seed of the initial parameters and of the dropout masks (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The shapes of the model's parameters, by name in PyTorch's order, without allocating them:
     * what a file must hold for this model, checked before a large model is built.
     *
     * @throws IllegalArgumentException on sizes ≤ 0 or a parameter too large for an array
     */
    public java.util.Map<String, int[]> parameterShapes() {
      Parameters.Builder pb = new Parameters.Builder();
      newEmbedding(pb);
      Recurrent r = new Recurrent(config(), pb, "rnn.");
      new Linear(r.outputWidth(), Checks.requirePositive("outputSize", outputSize), pb, "head.");
      return pb.shapes();
    }

    /**
     * The model, initialised from the seed.
     *
     * @throws IllegalArgumentException on sizes ≤ 0, dropout outside [0, 1) or a null argument
     */
    public SequenceModel build() {
      if (outputs == null) {
        throw new IllegalArgumentException("outputs must not be null");
      }
      return new SequenceModel(this);
    }
  }
}

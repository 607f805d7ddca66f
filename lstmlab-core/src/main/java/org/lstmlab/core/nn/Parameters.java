package org.lstmlab.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lstmlab.core.kernel.Kernels;
import org.lstmlab.core.kernel.MatMul;

/**
 * All trainable tensors of a model in one flat {@code float[]}, with their gradients in a second.
 *
 * <p>Each tensor is a named slice ({@code rnn.weight_ih_l0}, {@code head.bias}, ...) with a shape,
 * stored row-major as PyTorch stores it. Keeping everything in one array lets an optimizer update
 * all parameters in one fused loop and lets a later distributed trainer average the gradients of
 * several machines as one vector.
 *
 * <p>Lifecycle: layers register their tensors through {@link Builder} once; afterwards the set of
 * tensors is fixed. {@link #zeroGrad()} → forward/backward (accumulate into {@link #grad()}) →
 * optimizer step (reads {@link #grad()}, writes {@link #data()}).
 */
public final class Parameters {

  /** One named tensor: a slice {@code [offset, offset + size)} of the flat arrays. */
  public static final class Tensor {
    private final String name;
    private final int[] shape;
    private final int offset;
    private final int size;

    Tensor(String name, int[] shape, int offset) {
      this.name = name;
      this.shape = shape.clone();
      this.offset = offset;
      long[] dims = new long[shape.length];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = shape[i];
      }
      this.size = Sizes.elements("parameter '" + name + "'", dims);
    }

    /** The tensor's name, as in PyTorch's {@code state_dict()}. */
    public String name() {
      return name;
    }

    /** The tensor's shape (a copy). */
    public int[] shape() {
      return shape.clone();
    }

    /** Where the tensor starts in {@link Parameters#data()} and {@link Parameters#grad()}. */
    public int offset() {
      return offset;
    }

    /** Number of elements. */
    public int size() {
      return size;
    }

    @Override
    public String toString() {
      return name + Arrays.toString(shape);
    }
  }

  private final float[] data;
  private final float[] grad;
  private final Map<String, Tensor> byName;
  private final List<Tensor> tensors;
  private volatile int[][] parts; // see setParts; null: one range on the caller
  private int[][] owned; // per part, the ranges setParts was given
  private int[] rest; // the ranges no part has, as pairs [from, to)
  private volatile boolean zeroOwed; // the parts' ranges of grad are owed a zeroGrad

  private Parameters(List<Tensor> tensors, int total, boolean gradients) {
    Sizes.requireMemory(String.format(java.util.Locale.ROOT,
        gradients ? "a model of %,d parameters (values and gradients)"
            : "a model of %,d parameters (values)", total), (gradients ? 8L : 4L) * total);
    this.data = new float[total];
    this.grad = new float[gradients ? total : 0];
    this.tensors = Collections.unmodifiableList(new ArrayList<>(tensors));
    Map<String, Tensor> map = new LinkedHashMap<>();
    for (Tensor t : tensors) {
      map.put(t.name, t);
    }
    this.byName = Collections.unmodifiableMap(map);
  }

  /** The flat parameter values. Writes go straight to the model; keep them finite. */
  public float[] data() {
    return data;
  }

  /** The flat gradients, accumulated by backward passes since the last {@link #zeroGrad()}. */
  public float[] grad() {
    if (zeroOwed) {
      payZero();
    }
    return grad;
  }

  /**
   * The gradient array for a layer's backward, which writes its own tensors only: the parts'
   * ranges may still be owed the latest zeroGrad, which the backward in parts pays row by row
   * (Recurrent), and no other layer writes there.
   */
  float[] gradForBackward() {
    return grad;
  }

  /** Whether the parts' ranges of the gradients are owed the latest zeroGrad (see zeroGrad). */
  boolean zeroOwed() {
    return zeroOwed;
  }

  /** Zeroes the parts' ranges of the gradients if they are owed it. */
  void payZero() {
    int[][] own = owned;
    if (zeroOwed && own != null) {
      MatMul mm = Kernels.matMul();
      MatMul.Phase zero = (phase, part) -> {
        int[] r = own[part];
        for (int i = 0; i < r.length; i += 2) {
          Arrays.fill(grad, r[i], r[i + 1], 0f);
        }
      };
      mm.phases(1, own.length, zero);
    }
    zeroOwed = false;
  }

  /** The backward in parts has paid every part's ranges: written them, or zeroed them first. */
  void zeroPaid() {
    zeroOwed = false;
  }

  /** Total number of scalars. */
  public int size() {
    return data.length;
  }

  /** The tensors in registration order. */
  public List<Tensor> tensors() {
    return tensors;
  }

  /**
   * The tensor called {@code name}.
   *
   * @throws IllegalArgumentException if there is none
   */
  public Tensor tensor(String name) {
    Tensor t = byName.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no parameter named '" + name + "'; have " + byName.keySet());
    }
    return t;
  }

  /** Whether a tensor called {@code name} exists. */
  public boolean has(String name) {
    return byName.containsKey(name);
  }

  /** A copy of one tensor's values. */
  public float[] get(String name) {
    Tensor t = tensor(name);
    return Arrays.copyOfRange(data, t.offset, t.offset + t.size);
  }

  /** A copy of one tensor's gradient. */
  public float[] gradient(String name) {
    Tensor t = tensor(name);
    return Arrays.copyOfRange(grad(), t.offset, t.offset + t.size);
  }

  /**
   * Sets one tensor's values.
   *
   * @throws IllegalArgumentException if the length is not the tensor's size or a value is not finite
   */
  public void set(String name, float[] values) {
    Tensor t = tensor(name);
    Checks.requireLength(name, values, t.size, Arrays.toString(t.shape));
    Checks.requireFinite(name, values);
    System.arraycopy(values, 0, data, t.offset, t.size);
  }

  /** Copies all values from {@code other}, which must have the same tensors in the same order. */
  public void copyFrom(Parameters other) {
    if (!sameLayout(other)) {
      throw new IllegalArgumentException(
          "parameters: expected tensors " + tensors + ", got " + other.tensors);
    }
    Checks.requireFinite("parameters", other.data);
    System.arraycopy(other.data, 0, data, 0, data.length);
  }

  /** Whether {@code other} holds the same tensor names and shapes in the same order. */
  public boolean sameLayout(Parameters other) {
    if (other.tensors.size() != tensors.size()) {
      return false;
    }
    for (int i = 0; i < tensors.size(); i++) {
      Tensor a = tensors.get(i);
      Tensor b = other.tensors.get(i);
      if (!a.name.equals(b.name) || !Arrays.equals(a.shape, b.shape)) {
        return false;
      }
    }
    return true;
  }

  /** Sets every gradient to zero. */
  public void zeroGrad() {
    if (owned == null) {
      Arrays.fill(grad, 0f);
      return;
    }
    int[] r = rest;
    // Once a layer trains in parts, the backward in parts pays for their rows on the part's
    // thread, writing them (or zeroing them right before it adds to them); reading grad() first
    // pays the debt. That saves a hand-over between the cores at every step of training; the rest
    // is zeroed here.
    for (int i = 0; i < r.length; i += 2) {
      Arrays.fill(grad, r[i], r[i + 1], 0f);
    }
    zeroOwed = true;
  }

  /**
   * Runs an elementwise pass over the flat arrays, [0, size) in disjoint ranges: one range on the
   * caller, or, once a layer trains in parts (see {@link #setParts}) and the kernel has threads,
   * each part's ranges on the thread that the kernel gives that part in the forward and backward
   * passes, so that a part's rows of the values, gradients and an optimizer's moments stay in one
   * core's cache from the backward pass to the update. The body must treat each element alone
   * (zeroGrad, the optimizers' updates): then any split gives the bits of one pass.
   */
  public void forEachRange(Range body) {
    int[][] own = parts;
    MatMul mm = Kernels.matMul();
    if (own == null || mm.threads() < 2) {
      body.run(0, data.length);
      return;
    }
    mm.phases(1, own.length, (phase, part) -> {
      int[] r = own[part];
      for (int i = 0; i < r.length; i += 2) {
        body.run(r[i], r[i + 1]);
      }
    });
  }

  /** An elementwise pass over [from, to) of the flat arrays: see {@link #forEachRange}. */
  @FunctionalInterface
  public interface Range {
    void run(int from, int to);
  }

  /**
   * The ranges that {@link #forEachRange} runs per part: for each part, pairs [from, to) of the
   * flat arrays, disjoint across parts; whatever no part names goes to part 0, whose thread is the
   * caller's. A layer that trains in parts names each part's rows of its weights and biases.
   */
  void setParts(int[][] owned) {
    payZero();
    List<int[]> all = new ArrayList<>();
    for (int[] r : owned) {
      for (int i = 0; i < r.length; i += 2) {
        all.add(new int[] {r[i], r[i + 1]});
      }
    }
    all.sort((a, b) -> Integer.compare(a[0], b[0]));
    List<Integer> rest = new ArrayList<>();
    int at = 0;
    for (int[] r : all) {
      if (r[0] < at || r[1] < r[0] || r[1] > data.length) {
        throw new IllegalArgumentException("parts' ranges overlap or leave [0, " + data.length
            + "): " + Arrays.toString(r));
      }
      if (r[0] > at) {
        rest.add(at);
        rest.add(r[0]);
      }
      at = r[1];
    }
    if (at < data.length) {
      rest.add(at);
      rest.add(data.length);
    }
    int[] restPairs = new int[rest.size()];
    for (int i = 0; i < restPairs.length; i++) {
      restPairs[i] = rest.get(i);
    }
    int[][] p = owned.clone();
    p[0] = Arrays.copyOf(owned[0], owned[0].length + restPairs.length);
    System.arraycopy(restPairs, 0, p[0], owned[0].length, restPairs.length);
    this.owned = owned.clone();
    this.rest = restPairs;
    parts = p;
  }

  /** Collects tensors; {@link #build()} allocates the flat arrays. */
  public static final class Builder {
    private final List<Tensor> tensors = new ArrayList<>();
    private final Map<String, Tensor> names = new LinkedHashMap<>();
    private int total;

    /** Registers a tensor and returns its offset in the flat arrays. */
    public int add(String name, int... shape) {
      if (names.containsKey(name)) {
        throw new IllegalArgumentException("parameter '" + name + "' registered twice");
      }
      for (int d : shape) {
        Checks.requirePositive(name + " dimension", d);
      }
      Tensor t = new Tensor(name, shape, total);
      tensors.add(t);
      names.put(name, t);
      total = Sizes.elements("the model's parameters, with '" + name + "',", (long) total + t.size);
      return t.offset;
    }

    /** The shapes registered so far, by name, in order; nothing is allocated. */
    public Map<String, int[]> shapes() {
      Map<String, int[]> m = new LinkedHashMap<>();
      tensors.forEach(t -> m.put(t.name, t.shape.clone()));
      return m;
    }

    /** Allocates the flat arrays, all zeros. */
    public Parameters build() {
      return new Parameters(tensors, total, true);
    }

    /**
     * The parameters without gradients ({@link Parameters#grad()} is empty): for a frozen model,
     * which never runs a backward.
     */
    Parameters buildValues() {
      return new Parameters(tensors, total, false);
    }
  }
}

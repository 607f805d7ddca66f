#!/usr/bin/env python3
"""Golden fixtures for LSTM Lab's recurrent layers, computed with PyTorch.

What it writes
--------------
One compact JSON file per case into
    lstmlab-core/src/test/resources/fixtures/recurrent/{cell}_l{layers}_b{batch}.json
for cell in {lstm, gru, rnn_tanh, rnn_relu}, layers in {1, 2}, batch in {1, 4}
(16 files). Each case builds

    rnn  = nn.LSTM / nn.GRU / nn.RNN(I, H, num_layers=L, batch_first=True)
    head = nn.Linear(H, O)

with PyTorch's default initialisation, runs one forward/backward pass of

    loss = mse_loss(head(out[:, -1, :]), y)
           + sum(out * out_weight) + sum(hn * hn_weight) [+ sum(cn * cn_weight)]

(the extra weighted sums send gradient into every time step and into the
final states), and then three Adam steps (lr=0.01) from the same initial
parameters. Every tensor is stored as {"shape": [...], "data": [...]} with the
data flattened in row-major order. Numbers are float32 values written as the
exact double they convert to, so parsing them (as double or float) and
narrowing to float gives back the original float32 bit for bit.

How to run
----------
Use Debian's PyTorch (not a pyenv/virtualenv python), from the repo root:

    apt-get install -y python3-torch libopenblas0-pthread
    /usr/bin/python3 tools/pytorch/recurrent_fixtures.py

The output is deterministic: each case seeds torch from a CRC32 of its name and
the script runs single-threaded, so rerunning reproduces identical files.
"""

import copy
import json
import os
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F

# Problem sizes shared by every case.
INPUT_SIZE = 3    # I
HIDDEN = 5        # H
STEPS = 6         # T
OUTPUT_SIZE = 2   # O

CELLS = ["lstm", "gru", "rnn_tanh", "rnn_relu"]
LAYER_COUNTS = [1, 2]
BATCH_SIZES = [1, 4]

ADAM_LR = 0.01
ADAM_STEPS = 3

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(REPO_ROOT, "lstmlab-core", "src", "test", "resources",
                       "fixtures", "recurrent")


class Model(nn.Module):
    """Recurrent part plus linear head; the attribute names give the
    parameter names used in the fixtures (rnn.weight_ih_l0, head.bias, ...)."""

    def __init__(self, cell, layers):
        super().__init__()
        if cell == "lstm":
            self.rnn = nn.LSTM(INPUT_SIZE, HIDDEN, num_layers=layers, batch_first=True)
        elif cell == "gru":
            self.rnn = nn.GRU(INPUT_SIZE, HIDDEN, num_layers=layers, batch_first=True)
        elif cell in ("rnn_tanh", "rnn_relu"):
            self.rnn = nn.RNN(INPUT_SIZE, HIDDEN, num_layers=layers,
                              nonlinearity=cell[len("rnn_"):], batch_first=True)
        else:
            raise ValueError("unknown cell " + cell)
        self.head = nn.Linear(HIDDEN, OUTPUT_SIZE)


def tensor_json(t):
    """A float32 tensor as {"shape": [...], "data": [...]} (row-major).

    .tolist() turns each float32 element into the Python float (double) with
    exactly the same value, and json writes that double's shortest repr, which
    parses back to the same double and hence the same float32."""
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": t.reshape(-1).tolist()}


def compute_loss(model, is_lstm, x, h0, c0, y, out_weight, hn_weight, cn_weight):
    """Forward pass; returns (loss, out, hn, cn or None, pred)."""
    if is_lstm:
        out, (hn, cn) = model.rnn(x, (h0, c0))
    else:
        out, hn = model.rnn(x, h0)
        cn = None
    pred = model.head(out[:, -1, :])
    loss = F.mse_loss(pred, y) + (out * out_weight).sum() + (hn * hn_weight).sum()
    if is_lstm:
        loss = loss + (cn * cn_weight).sum()
    return loss, out, hn, cn, pred


def store_inputs(case, model, x, h0, c0, y, out_weight, hn_weight, cn_weight):
    """The initial parameters and the inputs of one case (c0, cn_weight None but for the LSTM)."""
    case["params"] = {n: tensor_json(p) for n, p in model.named_parameters()}
    case["x"] = tensor_json(x)
    case["h0"] = tensor_json(h0)
    if c0 is not None:
        case["c0"] = tensor_json(c0)
    case["y"] = tensor_json(y)
    case["out_weight"] = tensor_json(out_weight)
    case["hn_weight"] = tensor_json(hn_weight)
    if cn_weight is not None:
        case["cn_weight"] = tensor_json(cn_weight)


def store_results(case, model, loss, out, hn, cn, pred, x, h0, c0):
    """The outputs of one forward and the gradients of its backward (cn, c0 None but for LSTM)."""
    case["out"] = tensor_json(out)
    case["hn"] = tensor_json(hn)
    if cn is not None:
        case["cn"] = tensor_json(cn)
    case["pred"] = tensor_json(pred)
    case["loss"] = float(loss.item())
    grads = {n: tensor_json(p.grad) for n, p in model.named_parameters()}
    grads["x"] = tensor_json(x.grad)
    grads["h0"] = tensor_json(h0.grad)
    if c0 is not None:
        grads["c0"] = tensor_json(c0.grad)
    case["grads"] = grads


def make_case(cell, layers, batch):
    name = "%s_l%d_b%d" % (cell, layers, batch)
    # Stable per-case seed (Python's hash() of str is randomised per process).
    seed = zlib.crc32(name.encode("ascii")) & 0x7FFFFFFF
    torch.manual_seed(seed)
    is_lstm = cell == "lstm"

    # Parameters first (default init), then the data, all from the seeded RNG.
    model = Model(cell, layers)
    initial_model = copy.deepcopy(model)  # untouched copy for the Adam run

    x = torch.randn(batch, STEPS, INPUT_SIZE)
    h0 = torch.randn(layers, batch, HIDDEN) * 0.5
    c0 = torch.randn(layers, batch, HIDDEN) * 0.5 if is_lstm else None
    y = torch.randn(batch, OUTPUT_SIZE)
    out_weight = torch.randn(batch, STEPS, HIDDEN) * 0.1
    hn_weight = torch.randn(layers, batch, HIDDEN) * 0.1
    cn_weight = torch.randn(layers, batch, HIDDEN) * 0.1 if is_lstm else None

    x.requires_grad_(True)
    h0.requires_grad_(True)
    if is_lstm:
        c0.requires_grad_(True)

    case = {
        "cell": cell, "input_size": INPUT_SIZE, "hidden": HIDDEN, "layers": layers,
        "batch": batch, "steps": STEPS, "output_size": OUTPUT_SIZE,
        "seed": seed, "torch_version": torch.__version__,
    }
    store_inputs(case, model, x, h0, c0, y, out_weight, hn_weight, cn_weight)

    # --- One forward/backward pass -------------------------------------
    loss, out, hn, cn, pred = compute_loss(model, is_lstm, x, h0, c0, y,
                                           out_weight, hn_weight, cn_weight)
    loss.backward()
    store_results(case, model, loss, out, hn, cn, pred, x, h0, c0)

    # --- Adam from the same initial parameters -------------------------
    # The inputs are fixed data here, so pass detached copies.
    xd, h0d = x.detach(), h0.detach()
    c0d = c0.detach() if is_lstm else None
    optimizer = torch.optim.Adam(initial_model.parameters(), lr=ADAM_LR)
    losses = []
    for _ in range(ADAM_STEPS):
        optimizer.zero_grad()
        step_loss = compute_loss(initial_model, is_lstm, xd, h0d, c0d, y,
                                 out_weight, hn_weight, cn_weight)[0]
        step_loss.backward()
        losses.append(float(step_loss.item()))  # loss before this step
        optimizer.step()
    case["adam"] = {
        "lr": ADAM_LR,
        "steps": ADAM_STEPS,
        "losses": losses,
        "params": {n: tensor_json(p) for n, p in initial_model.named_parameters()},
    }
    return name, case


def write_case(name, case):
    """Writes one case as compact JSON into OUT_DIR/{name}.json."""
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, name + ".json")
    with open(path, "w", encoding="ascii") as f:
        json.dump(case, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print("wrote %s (loss %.6f)" % (os.path.relpath(path, REPO_ROOT), case["loss"]))


def main():
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    for cell in CELLS:
        for layers in LAYER_COUNTS:
            for batch in BATCH_SIZES:
                write_case(*make_case(cell, layers, batch))


if __name__ == "__main__":
    main()

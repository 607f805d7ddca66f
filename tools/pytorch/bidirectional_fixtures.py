#!/usr/bin/env python3
"""Golden fixtures for LSTM Lab's bidirectional stacks and padded (packed) batches, from PyTorch.

What it writes
--------------
One compact JSON file per case into
    lstmlab-core/src/test/resources/fixtures/recurrent/{cell}_l{layers}_{variant}.json
for cell in {lstm, gru, rnn_tanh, rnn_relu}, layers in {1, 2} and variant in
    bidi         bidirectional=True, every row T steps
    packed       one direction, rows of different lengths
    bidi_packed  bidirectional=True, rows of different lengths
(24 files). Each case builds

    rnn  = nn.LSTM / nn.GRU / nn.RNN(I, H, num_layers=L, batch_first=True, bidirectional=D == 2)
    head = nn.Linear(D * H, O)

with PyTorch's default initialisation. The rows of different lengths go through
pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False) and
pad_packed_sequence(..., total_length=T), so the outputs at padded steps are 0.
The head reads what PyTorch users feed a many-to-one head: the top layer's
final hidden state, cat(h_n[-2], h_n[-1]) when bidirectional, h_n[-1] otherwise.
One forward/backward pass of

    loss = mse_loss(head(last), y) + sum(out * out_weight) + sum(hn * hn_weight)
           [+ sum(cn * cn_weight)]

sends gradient into every step, both directions and the final states. Tensors are
stored as in recurrent_fixtures.py: {"shape": [...], "data": [...]}, row-major,
float32 values written as the exact double they widen to. Lengths are a list of
ints (absent when every row has T steps).

How to run
----------
Debian's PyTorch 1.13, from the repository root:

    /usr/bin/python3 tools/pytorch/bidirectional_fixtures.py

Deterministic: each case seeds torch from a CRC32 of its name and torch runs
single-threaded, so rerunning reproduces identical files.
"""

import os
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from recurrent_fixtures import store_inputs, store_results, write_case

INPUT_SIZE = 3    # I
HIDDEN = 5        # H
STEPS = 6         # T
BATCH = 3         # B
OUTPUT_SIZE = 2   # O
LENGTHS = [4, 6, 2]  # T_b per row, unsorted on purpose

CELLS = ["lstm", "gru", "rnn_tanh", "rnn_relu"]
LAYER_COUNTS = [1, 2]
VARIANTS = ["bidi", "packed", "bidi_packed"]



class Model(nn.Module):
    """Recurrent part plus linear head, named rnn and head as LSTM Lab's model."""

    def __init__(self, cell, layers, bidirectional):
        super().__init__()
        kw = dict(num_layers=layers, batch_first=True, bidirectional=bidirectional)
        if cell == "lstm":
            self.rnn = nn.LSTM(INPUT_SIZE, HIDDEN, **kw)
        elif cell == "gru":
            self.rnn = nn.GRU(INPUT_SIZE, HIDDEN, **kw)
        else:
            self.rnn = nn.RNN(INPUT_SIZE, HIDDEN, nonlinearity=cell[len("rnn_"):], **kw)
        d = 2 if bidirectional else 1
        self.head = nn.Linear(d * HIDDEN, OUTPUT_SIZE)


def make_case(cell, layers, variant):
    name = "%s_l%d_%s" % (cell, layers, variant)
    seed = zlib.crc32(name.encode("ascii")) & 0x7FFFFFFF
    torch.manual_seed(seed)
    is_lstm = cell == "lstm"
    bidirectional = variant.startswith("bidi")
    packed = variant.endswith("packed")
    d = 2 if bidirectional else 1

    model = Model(cell, layers, bidirectional)
    x = torch.randn(BATCH, STEPS, INPUT_SIZE)
    h0 = torch.randn(layers * d, BATCH, HIDDEN) * 0.5
    c0 = torch.randn(layers * d, BATCH, HIDDEN) * 0.5 if is_lstm else None
    y = torch.randn(BATCH, OUTPUT_SIZE)
    out_weight = torch.randn(BATCH, STEPS, d * HIDDEN) * 0.1
    hn_weight = torch.randn(layers * d, BATCH, HIDDEN) * 0.1
    cn_weight = torch.randn(layers * d, BATCH, HIDDEN) * 0.1 if is_lstm else None
    for t in (x, h0, c0):
        if t is not None:
            t.requires_grad_(True)

    case = {
        "cell": cell, "input_size": INPUT_SIZE, "hidden": HIDDEN, "layers": layers,
        "bidirectional": bidirectional, "batch": BATCH, "steps": STEPS,
        "output_size": OUTPUT_SIZE, "seed": seed, "torch_version": torch.__version__,
    }
    if packed:
        case["lengths"] = LENGTHS
    store_inputs(case, model, x, h0, c0, y, out_weight, hn_weight, cn_weight)

    state = (h0, c0) if is_lstm else h0
    if packed:
        seq = pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first=True,
                                   enforce_sorted=False)
        out, hidden = model.rnn(seq, state)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=STEPS)
    else:
        out, hidden = model.rnn(x, state)
    hn, cn = hidden if is_lstm else (hidden, None)
    last = torch.cat([hn[-2], hn[-1]], dim=1) if bidirectional else hn[-1]
    pred = model.head(last)
    loss = F.mse_loss(pred, y) + (out * out_weight).sum() + (hn * hn_weight).sum()
    if is_lstm:
        loss = loss + (cn * cn_weight).sum()
    loss.backward()
    store_results(case, model, loss, out, hn, cn, pred, x, h0, c0)
    return name, case


def main():
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    for cell in CELLS:
        for layers in LAYER_COUNTS:
            for variant in VARIANTS:
                write_case(*make_case(cell, layers, variant))


if __name__ == "__main__":
    main()

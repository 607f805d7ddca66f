#!/usr/bin/env python3
"""Golden fixtures for LSTM Lab's token models: nn.Embedding -> recurrent stack -> nn.Linear.

What it writes
--------------
One compact JSON file per case into
    lstmlab-core/src/test/resources/fixtures/recurrent/embedding_{case}.json
for the cases in CASES (cell, layers, bidirectional, outputs, padding index, packed). Each
case builds a module whose attribute names are LSTM Lab's parameter prefixes,

    embedding = nn.Embedding(V, E, padding_idx=P)
    rnn       = nn.LSTM / nn.GRU(E, H, num_layers=L, batch_first=True, bidirectional=D == 2)
    head      = nn.Linear(D * H, O)

with PyTorch's default initialisation, so its state_dict holds embedding.weight, rnn.*,
head.*. The ids (B, T) use the padding id at every padded step and at a few real steps
(so the padding row is read and must get no gradient), and repeat ids (so a row's
gradient sums several positions). Rows of different lengths go through
pack_padded_sequence(..., enforce_sorted=False) and pad_packed_sequence(total_length=T):
outputs at padded steps are 0. The head reads

    last  cat(h_n[-2], h_n[-1]) when bidirectional, h_n[-1] otherwise  -> pred (B, O)
    all   every step of the padded output                                -> pred (B, T, O)

One forward/backward pass of

    loss = mse_loss(head(...), y) + sum(out * out_weight) + sum(hn * hn_weight)
           [+ sum(cn * cn_weight)]

gives the gradient of every parameter, embedding.weight included, and of the embedded
vectors x = embedding(ids) (B, T, E), stored as grads["x"]. Tensors are stored as in
recurrent_fixtures.py ({"shape", "data"}, float32 values as the exact double they widen
to); x is the embedded input; ids and lengths are plain lists of ints; padding_idx
is absent when there is none.

How to run
----------
Debian's PyTorch 1.13, from the repository root:

    /usr/bin/python3 tools/pytorch/embedding_fixtures.py

Deterministic: each case seeds torch from a CRC32 of its name and torch runs
single-threaded, so rerunning reproduces identical files.
"""

import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from bidirectional_fixtures import BATCH, HIDDEN, LENGTHS, OUTPUT_SIZE, STEPS
from recurrent_fixtures import store_inputs, store_results, write_case

VOCAB = 7         # V
EMBED = 4         # E, the stack's input size I

# (cell, layers, bidirectional, outputs, padding_idx or None, packed)
CASES = [
    ("lstm", 1, False, "last", 0, True),
    ("lstm", 2, False, "all", 0, True),
    ("lstm", 2, True, "last", 0, True),
    ("gru", 1, False, "all", None, True),
    ("gru", 2, False, "last", 0, True),
    ("gru", 1, True, "all", 3, False),
]


def case_name(cell, layers, bidirectional, outputs, padding_idx, packed):
    return "embedding_%s_l%d%s_%s%s%s" % (
        cell, layers, "_bidi" if bidirectional else "", outputs,
        "_pad%d" % padding_idx if padding_idx is not None else "",
        "_packed" if packed else "")


class Model(nn.Module):
    """Embedding, recurrent part and linear head, named as LSTM Lab's model."""

    def __init__(self, cell, layers, bidirectional, padding_idx):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, EMBED, padding_idx=padding_idx)
        kw = dict(num_layers=layers, batch_first=True, bidirectional=bidirectional)
        self.rnn = (nn.LSTM if cell == "lstm" else nn.GRU)(EMBED, HIDDEN, **kw)
        self.head = nn.Linear((2 if bidirectional else 1) * HIDDEN, OUTPUT_SIZE)


def make_ids(padding_idx, packed):
    """(B, T) ids: random, the padding id at padded steps and at two real steps."""
    ids = torch.randint(0, VOCAB, (BATCH, STEPS))
    if padding_idx is not None:
        ids[0, 1] = padding_idx
        ids[1, 3] = padding_idx
        if packed:
            for b, n in enumerate(LENGTHS):
                ids[b, n:] = padding_idx
    ids[1, 0] = ids[1, 5]  # a repeated id at least once
    return ids


def make_case(cell, layers, bidirectional, outputs, padding_idx, packed):
    name = case_name(cell, layers, bidirectional, outputs, padding_idx, packed)
    seed = zlib.crc32(name.encode("ascii")) & 0x7FFFFFFF
    torch.manual_seed(seed)
    is_lstm = cell == "lstm"
    d = 2 if bidirectional else 1

    model = Model(cell, layers, bidirectional, padding_idx)
    ids = make_ids(padding_idx, packed)
    h0 = (torch.randn(layers * d, BATCH, HIDDEN) * 0.5).requires_grad_(True)
    c0 = (torch.randn(layers * d, BATCH, HIDDEN) * 0.5).requires_grad_(True) if is_lstm else None
    x = model.embedding(ids)  # (B, T, E)
    x.retain_grad()
    y = torch.randn(BATCH, OUTPUT_SIZE) if outputs == "last" else torch.randn(
        BATCH, STEPS, OUTPUT_SIZE)
    out_weight = torch.randn(BATCH, STEPS, d * HIDDEN) * 0.1
    hn_weight = torch.randn(layers * d, BATCH, HIDDEN) * 0.1
    cn_weight = torch.randn(layers * d, BATCH, HIDDEN) * 0.1 if is_lstm else None

    case = {
        "cell": cell, "vocab": VOCAB, "embedding_dim": EMBED, "input_size": EMBED,
        "hidden": HIDDEN, "layers": layers, "bidirectional": bidirectional,
        "outputs": outputs, "batch": BATCH, "steps": STEPS, "output_size": OUTPUT_SIZE,
        "seed": seed, "torch_version": torch.__version__,
    }
    if padding_idx is not None:
        case["padding_idx"] = padding_idx
    if packed:
        case["lengths"] = LENGTHS
    case["ids"] = ids.reshape(-1).tolist()
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
    if outputs == "last":
        pred = model.head(torch.cat([hn[-2], hn[-1]], dim=1) if bidirectional else hn[-1])
    else:
        pred = model.head(out)
    loss = F.mse_loss(pred, y) + (out * out_weight).sum() + (hn * hn_weight).sum()
    if is_lstm:
        loss = loss + (cn * cn_weight).sum()
    loss.backward()

    store_results(case, model, loss, out, hn, cn, pred, x, h0, c0)
    return name, case


def main():
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    for c in CASES:
        write_case(*make_case(*c))


if __name__ == "__main__":
    main()

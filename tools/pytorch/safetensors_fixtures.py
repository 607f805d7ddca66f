#!/usr/bin/env python3
"""Model-file fixtures for lstmlab-io: safetensors files written from PyTorch modules.

What it writes
--------------
Into lstmlab-io/src/test/resources/fixtures/, for each case a pair

    {case}.safetensors   the state_dict of a module with attributes `rnn` and `head`
    {case}.json          {"input": (B, T, I), "expected": (B, O), ...} computed by torch

    lstm_l2_nometa   nn.LSTM(2, 4, num_layers=2) + nn.Linear(4, 1), no __metadata__ at all:
                     LSTM Lab must infer every size from the tensor shapes
    gru_meta         nn.GRU(3, 5) + nn.Linear(5, 2), __metadata__ {"cell": "gru"} only
    rnn_relu_nometa  nn.RNN(2, 3, num_layers=2, nonlinearity='relu') + nn.Linear(3, 1), no
                     __metadata__: one gate block is ambiguous (tanh or relu), so the Java test
                     checks the error and then loads it with the cell given by the caller
    lstm_l2_bidi_nometa  nn.LSTM(2, 4, num_layers=2, bidirectional=True) + nn.Linear(8, 1), no
                     __metadata__: bidirectional is inferred from the *_reverse tensors
    gru_bidi_meta    nn.GRU(3, 5, bidirectional=True) + nn.Linear(10, 2), __metadata__ {"cell":
                     "gru", "bidirectional": "true"}
    gru_embedding_nometa  nn.Embedding(9, 3, padding_idx=0) + nn.GRU(3, 5) + nn.Linear(5, 2), no
                     __metadata__: a token model, V and E from embedding.weight; its "input" is
                     (B, T) token ids (floats holding integers)
    lstm_embedding_meta  nn.Embedding(6, 2, padding_idx=0) + nn.LSTM(2, 4, num_layers=2) +
                     nn.Linear(4, 1), __metadata__ {"cell": "lstm", "embedding_dim": "2",
                     "padding_idx": "0"}

A bidirectional model's head reads cat(h_n[-2], h_n[-1]), both directions' final states, as
LSTM Lab's Outputs.LAST does; a one-direction model's reads out[:, -1, :] (= h_n[-1]).

Tensors are stored as F32, data flattened row-major. In the JSON every tensor is
{"shape": [...], "data": [...]}, numbers being float32 values written as the exact double they
widen to, so narrowing to float gives back the float32 bit for bit.

The other direction (--check)
-----------------------------
    /usr/bin/python3 tools/pytorch/safetensors_fixtures.py --check FILE.safetensors FILE.json

reads a model file written by LSTM Lab (Java), builds the torch module its __metadata__
describes (with nn.Embedding when it has embedding_dim; the JSON's "input" is then token ids), loads the tensors with load_state_dict(strict=True) and compares torch's prediction on
the JSON's "input" with the JSON's "expected" (Java's prediction). It prints the largest absolute
difference and exits 1 above 1e-5.

Why the format is written by hand
---------------------------------
Debian's torch 1.13 has no safetensors support and the `safetensors` package is not installed
here, so this script writes and reads the format itself with struct + json, following the
specification (https://github.com/huggingface/safetensors#format):
    8 bytes   N, unsigned little-endian 64-bit: the header's length in bytes
    N bytes   UTF-8 JSON: {"__metadata__": {str: str}, name: {"dtype", "shape", "data_offsets"}}
              padded with spaces to a multiple of 8, as the reference implementation does
    rest      the tensors' raw little-endian bytes; data_offsets are relative to this buffer
If `safetensors` is available, safetensors.torch.save_file(sd, path, metadata=...) writes the same.

How to run
----------
From the repository root, with Debian's PyTorch (see tools/pytorch/README.md):

    /usr/bin/python3 tools/pytorch/safetensors_fixtures.py

Deterministic: fixed seeds, single-threaded; rerunning reproduces identical files.
"""

import json
import os
import struct
import sys

import torch
import torch.nn as nn

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(REPO_ROOT, "lstmlab-io", "src", "test", "resources", "fixtures")

# (case, cell, input_size I, hidden H, layers L, output_size O, metadata or None, seed,
#  bidirectional, embedding (V, padding_idx) or None: a token model whose E is I)
CASES = [
    ("lstm_l2_nometa", "lstm", 2, 4, 2, 1, None, 11, False, None),
    ("gru_meta", "gru", 3, 5, 1, 2, {"cell": "gru"}, 12, False, None),
    ("rnn_relu_nometa", "rnn_relu", 2, 3, 2, 1, None, 13, False, None),
    ("lstm_l2_bidi_nometa", "lstm", 2, 4, 2, 1, None, 14, True, None),
    ("gru_bidi_meta", "gru", 3, 5, 1, 2, {"cell": "gru", "bidirectional": "true"}, 15, True, None),
    ("gru_embedding_nometa", "gru", 3, 5, 1, 2, None, 16, False, (9, 0)),
    ("lstm_embedding_meta", "lstm", 2, 4, 2, 1,
     {"cell": "lstm", "embedding_dim": "2", "padding_idx": "0"}, 17, False, (6, 0)),
]
BATCH = 3  # B
STEPS = 7  # T


class Model(nn.Module):
    """Recurrent part `rnn` + linear head `head` on the last step, after an `embedding` of
    token ids when there is one: the names LSTM Lab uses."""

    def __init__(self, cell, input_size, hidden, layers, output_size, bidirectional=False,
                 embedding=None):
        super().__init__()
        if embedding is not None:
            vocab, padding_idx = embedding
            self.embedding = nn.Embedding(vocab, input_size, padding_idx=padding_idx)
        kw = dict(num_layers=layers, batch_first=True, bidirectional=bidirectional)
        if cell == "lstm":
            self.rnn = nn.LSTM(input_size, hidden, **kw)
        elif cell == "gru":
            self.rnn = nn.GRU(input_size, hidden, **kw)
        elif cell in ("rnn", "rnn_tanh", "rnn_relu"):
            nonlin = "relu" if cell == "rnn_relu" else "tanh"
            self.rnn = nn.RNN(input_size, hidden, nonlinearity=nonlin, **kw)
        else:
            raise ValueError("unknown cell " + cell)
        self.bidirectional = bidirectional
        self.head = nn.Linear(hidden * (2 if bidirectional else 1), output_size)

    def forward(self, x):
        if hasattr(self, "embedding"):
            x = self.embedding(x)  # (B, T) ids -> (B, T, E)
        out, hidden = self.rnn(x)
        if self.bidirectional:
            hn = hidden[0] if isinstance(hidden, tuple) else hidden
            return self.head(torch.cat([hn[-2], hn[-1]], dim=1))
        return self.head(out[:, -1, :])


# ---- the safetensors format, by hand -------------------------------------------------------

DTYPES = {"F32": ("<f4", 4), "F64": ("<f8", 8)}


def save_safetensors(path, state_dict, metadata=None):
    """Writes F32 tensors in the safetensors layout (see the module docstring)."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    chunks = []
    offset = 0
    for name, t in state_dict.items():
        raw = t.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # the reference pads the header to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)


def load_safetensors(path):
    """Reads F32/F64 tensors; returns (dict name -> tensor, metadata dict)."""
    import numpy as np
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    metadata = header.pop("__metadata__", {}) or {}
    tensors = {}
    for name, info in header.items():
        np_dtype, _ = DTYPES[info["dtype"]]
        begin, end = info["data_offsets"]
        arr = np.frombuffer(data[begin:end], dtype=np_dtype).astype(np.float32)
        tensors[name] = torch.from_numpy(arr.reshape(info["shape"]).copy())
    return tensors, metadata


# ---- fixtures ------------------------------------------------------------------------------

def tensor_json(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def write_case(case, cell, input_size, hidden, layers, output_size, metadata, seed,
               bidirectional, embedding):
    torch.manual_seed(seed)
    model = Model(cell, input_size, hidden, layers, output_size, bidirectional, embedding).eval()
    if embedding is None:
        x = torch.randn(BATCH, STEPS, input_size)
    else:
        x = torch.randint(0, embedding[0], (BATCH, STEPS))
    with torch.no_grad():
        pred = model(x)
    save_safetensors(os.path.join(OUT_DIR, case + ".safetensors"), model.state_dict(), metadata)
    doc = {
        "case": case, "cell": cell, "input_size": input_size, "hidden": hidden,
        "layers": layers, "output_size": output_size, "batch": BATCH, "steps": STEPS,
        **({"bidirectional": True} if bidirectional else {}),
        **({"vocab": embedding[0]} if embedding else {}),
        "seed": seed, "torch_version": torch.__version__,
        "input": tensor_json(x), "expected": tensor_json(pred),
    }
    with open(os.path.join(OUT_DIR, case + ".json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", case, "pred[0] =", pred[0].tolist())


def check(model_path, json_path):
    """Loads a Java-written model file into torch and compares predictions."""
    tensors, meta = load_safetensors(model_path)
    print("metadata:", json.dumps(meta, sort_keys=True))
    if meta.get("outputs", "last") != "last":
        raise SystemExit("--check handles outputs=last only")
    embedding = None
    if "embedding_dim" in meta:  # a token model: V from the rows of embedding.weight
        embedding = (tensors["embedding.weight"].shape[0],
                     int(meta["padding_idx"]) if "padding_idx" in meta else None)
    model = Model(meta["cell"], int(meta["input_size"]), int(meta["hidden"]),
                  int(meta["layers"]), int(meta["output_size"]),
                  meta.get("bidirectional", "false") == "true", embedding).eval()
    model.load_state_dict(tensors, strict=True)  # every name and shape must match torch's
    with open(json_path) as f:
        doc = json.load(f)
    x = torch.tensor(doc["input"]["data"], dtype=torch.float32).reshape(doc["input"]["shape"])
    if embedding is not None:
        x = x.long()  # token ids
    want = torch.tensor(doc["expected"]["data"], dtype=torch.float32).reshape(
        doc["expected"]["shape"])
    with torch.no_grad():
        got = model(x)
    diff = (got - want).abs().max().item()
    print("torch", torch.__version__, "loaded", len(tensors), "tensors; max |torch - java| =", diff)
    if diff > 1e-5:
        raise SystemExit(1)


def main():
    torch.set_num_threads(1)
    if len(sys.argv) == 4 and sys.argv[1] == "--check":
        check(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) != 1:
        raise SystemExit(__doc__)
    os.makedirs(OUT_DIR, exist_ok=True)
    for c in CASES:
        write_case(*c)


if __name__ == "__main__":
    main()

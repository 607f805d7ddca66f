#!/usr/bin/env python3
"""Golden fixtures for LSTM Lab's text layers: nn.Embedding (with padding_idx) and
F.cross_entropy over token ids (with ignore_index), computed with PyTorch 1.13.

What it writes
--------------
lstmlab-core/src/test/resources/fixtures/text/embedding.json
    Under "cases", keyed by name, for nn.Embedding(V = 7, E = 4, padding_idx=P) with P in
    none, 0, 3 and -2 (PyTorch counts a negative index from the end: -2 is row 5):
      "padding_idx"  P, or null
      "weight"       (V, E) the weight, set by hand to seeded normal values (the padding row is
                     NOT zeroed here, so that the forward must return it as it is and only the
                     gradient treats it specially)
      "ids"          (B = 3, T = 5) token ids, every padding id and repeated ids included
      "d_out"        (B, T, E) an upstream gradient
      "out"          (B, T, E) embedding(ids)
      "grad_weight"  (V, E) d/dweight of sum(out * d_out), by autograd
cross_entropy.json
    Under "cases": F.cross_entropy(logits (N = 12, C = 6), target (N), ignore_index=I) with mean
    reduction, for I = -100 (PyTorch's default, no target ignored) and I = 0 (the padding id, three
    targets ignored): "logits", "target" (as floats holding integers), "ignore_index", "value",
    "grad" d/dlogits.
    And "chain": Embedding(6, 6, padding_idx=0) → cross_entropy(ignore_index=0) over the ids of a
    (B = 2, T = 4) batch whose next-token targets include padding: "weight", "ids", "target",
    "value", "grad_weight" — the whole training step of a tiny bigram language model.

Every tensor is {"shape": [...], "data": [...]}, row-major; floats are float32 values written as
the exact double they widen to, so narrowing gives back the float32 bit for bit.

How to run
----------
With Debian's PyTorch (not pyenv's python3), from the repository root:

    /usr/bin/python3 tools/pytorch/text_fixtures.py

Deterministic: one seeded torch.Generator, single-threaded; rerunning writes identical files.
"""

import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 20261204
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(REPO_ROOT, "lstmlab-core", "src", "test", "resources", "fixtures", "text")


def tensor_json(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": t.reshape(-1).tolist()}


def embedding_fixtures(gen):
    V, E, B, T = 7, 4, 3, 5
    cases = {}
    for name, padding in [("no_padding", None), ("padding_0", 0), ("padding_3", 3),
                          ("padding_minus_2", -2)]:
        emb = nn.Embedding(V, E, padding_idx=padding)
        with torch.no_grad():
            emb.weight.copy_(torch.randn(V, E, generator=gen))
        ids = torch.randint(0, V, (B, T), generator=gen)
        ids[0, 0] = 0
        ids[1, 2] = 3
        ids[2, 4] = 5
        ids[2, 1] = ids[0, 3]  # a repeated id: its gradient rows add up
        d_out = torch.randn(B, T, E, generator=gen)
        out = emb(ids)
        (out * d_out).sum().backward()
        cases[name] = {"padding_idx": padding, "weight": tensor_json(emb.weight),
                       "ids": tensor_json(ids.float()), "d_out": tensor_json(d_out),
                       "out": tensor_json(out), "grad_weight": tensor_json(emb.weight.grad)}
    return {"torch_version": torch.__version__, "seed": SEED, "cases": cases}


def cross_entropy_fixtures(gen):
    N, C = 12, 6
    cases = {}
    for name, ignore in [("no_ignore", -100), ("ignore_0", 0)]:
        logits = (torch.randn(N, C, generator=gen) * 3).requires_grad_(True)
        target = torch.randint(1, C, (N,), generator=gen)
        if ignore == 0:
            target[2] = 0
            target[7] = 0
            target[11] = 0
        else:
            target[4] = 0  # class 0 is an ordinary class when nothing is ignored
        value = F.cross_entropy(logits, target, ignore_index=ignore)
        value.backward()
        cases[name] = {"logits": tensor_json(logits), "target": tensor_json(target.float()),
                       "ignore_index": ignore, "value": value.item(),
                       "grad": tensor_json(logits.grad)}

    # The chain: a bigram language model in one Embedding whose rows are logits.
    emb = nn.Embedding(C, C, padding_idx=0)
    with torch.no_grad():
        emb.weight.copy_(torch.randn(C, C, generator=gen))
    ids = torch.tensor([[2, 3, 5, 1], [4, 4, 0, 0]])
    target = torch.tensor([[3, 5, 1, 2], [4, 1, 0, 0]])
    logits = emb(ids).reshape(-1, C)
    value = F.cross_entropy(logits, target.reshape(-1), ignore_index=0)
    value.backward()
    chain = {"weight": tensor_json(emb.weight), "ids": tensor_json(ids.float()),
             "target": tensor_json(target.float()), "value": value.item(),
             "grad_weight": tensor_json(emb.weight.grad)}
    return {"torch_version": torch.__version__, "seed": SEED, "cases": cases, "chain": chain}


def write(name, content):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w", encoding="ascii") as f:
        json.dump(content, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print("wrote " + os.path.relpath(path, REPO_ROOT))


def main():
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    os.makedirs(OUT_DIR, exist_ok=True)
    gen = torch.Generator().manual_seed(SEED)
    write("embedding.json", embedding_fixtures(gen))
    write("cross_entropy.json", cross_entropy_fixtures(gen))


if __name__ == "__main__":
    main()

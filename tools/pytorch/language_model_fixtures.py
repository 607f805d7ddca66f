#!/usr/bin/env python3
"""Golden fixtures for LSTM Lab's language model (org.lstmlab.core.text.LanguageModel): one-hot
tokens -> nn.LSTM / nn.GRU -> nn.Linear to vocabulary logits at every step, trained by truncated
BPTT over two chunks with plain SGD, computed with PyTorch 1.13.

What it writes
--------------
lstmlab-core/src/test/resources/fixtures/text/language_model.json
    Under "cases", keyed by name ("lstm_l2", "gru_l1", and "lstm_l1_embedding4", whose ids go
    through an nn.Embedding(V, 4) named embedding instead of one-hot), for a vocabulary of V = 7 ids (0 is the
    padding id, never in the text), hidden H = 5, B = 2 streams, window 3:
      "cell", "layers", "embedding" (E, 0 for one-hot), "hidden", "streams", "window", "lr"
      "ids"        (N = 13) the text; each stream holds n = (N - 1) // B = 6 steps, two chunks
      "initial"    the state_dict before training: rnn.weight_ih_l0 ... head.weight, head.bias
      "chunks"     per chunk, keyed "1", "2": "loss" (mean cross-entropy over its B * window
                   targets, nats) and "grad" (every parameter's gradient, by name)
      "final"      the state_dict after both SGD steps
    Each chunk starts from the state the previous one ended in, detached (PyTorch's
    word_language_model repackage_hidden): the second chunk's gradient treats that state as a
    constant.

Every tensor is {"shape": [...], "data": [...]}, row-major float32 written as exact doubles.

How to run
----------
With Debian's PyTorch (not pyenv's python3), from the repository root:

    /usr/bin/python3 tools/pytorch/language_model_fixtures.py

Deterministic: one seeded torch.Generator, single-threaded; rerunning writes identical files.
"""

import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from text_fixtures import tensor_json

SEED = 20261205
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(REPO_ROOT, "lstmlab-core", "src", "test", "resources", "fixtures", "text")
V, H, B, WINDOW, N, LR = 7, 5, 2, 3, 13, 0.5


class CharModel(nn.Module):
    """The language model's network, named as LSTM Lab names it (rnn, head): one-hot ids (B, T)
    -> nn.LSTM / nn.GRU -> nn.Linear to V logits at every step."""

    def __init__(self, cell, vocab, hidden, layers, embedding=0):
        super().__init__()
        kind = {"lstm": nn.LSTM, "gru": nn.GRU}[cell]
        self.vocab = vocab
        if embedding:
            self.embedding = nn.Embedding(vocab, embedding)
        self.rnn = kind(embedding or vocab, hidden, num_layers=layers, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, ids, state):
        x = self.embedding(ids) if hasattr(self, "embedding") else F.one_hot(ids, self.vocab).float()
        out, state = self.rnn(x, state)
        return self.head(out), state


def detach(state):
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return state.detach()


def case(gen, cell, layers, embedding=0):
    torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=gen)))
    model = CharModel(cell, V, H, layers, embedding)
    ids = torch.randint(1, V, (N,), generator=gen)
    initial = {k: tensor_json(v) for k, v in model.state_dict().items()}
    n = (N - 1) // B
    streams = ids[: B * n + 1]
    x = torch.stack([streams[b * n: b * n + n] for b in range(B)])  # (B, n)
    y = torch.stack([streams[b * n + 1: b * n + n + 1] for b in range(B)])
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    state = None
    chunks = {}
    for start in range(0, n, WINDOW):
        state = detach(state)
        opt.zero_grad()
        logits, state = model(x[:, start:start + WINDOW], state)
        loss = F.cross_entropy(logits.reshape(-1, V), y[:, start:start + WINDOW].reshape(-1),
                               ignore_index=0)
        loss.backward()
        chunks[str(len(chunks) + 1)] = {"loss": loss.item(),
                                        "grad": {k: tensor_json(p.grad)
                                                 for k, p in model.named_parameters()}}
        opt.step()
    final = {k: tensor_json(v) for k, v in model.state_dict().items()}
    return {"cell": cell, "layers": layers, "embedding": embedding, "hidden": H, "streams": B, "window": WINDOW,
            "lr": LR, "ids": tensor_json(ids.float()), "initial": initial, "chunks": chunks,
            "final": final}


def main():
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    os.makedirs(OUT_DIR, exist_ok=True)
    gen = torch.Generator().manual_seed(SEED)
    cases = {"lstm_l2": case(gen, "lstm", 2), "gru_l1": case(gen, "gru", 1),
             "lstm_l1_embedding4": case(gen, "lstm", 1, 4)}
    path = os.path.join(OUT_DIR, "language_model.json")
    with open(path, "w", encoding="ascii") as f:
        json.dump({"torch_version": torch.__version__, "seed": SEED, "cases": cases}, f,
                  separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print("wrote " + os.path.relpath(path, REPO_ROOT))


if __name__ == "__main__":
    main()

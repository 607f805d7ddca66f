#!/usr/bin/env python3
"""The same character language model as `lstmlab text train`, in PyTorch 1.13, for the
comparison in docs/TEXT.md: held-out bits per character of LSTM Lab against PyTorch trained with
the same data, split, vocabulary rule, model, optimizer and truncated BPTT.

What it does, step for step as LSTM Lab (org.lstmlab.core.text.LanguageModel, io.TextCorpus):
  - reads FILE as UTF-8; the last --held-out fraction of characters is held out (the cut at
    round(len * (1 - f))); or reads a DIRECTORY of fortune files as io.FortuneFile does (files
    without a dot in their name, in name order; texts between "%" lines) and holds out every
    round(1 / f)-th text, each text followed by a line break;
  - vocabulary: <pad> = 0, <unk> = 1, then the training text's characters by falling count (ties
    by character); held-out characters not in it become <unk>;
  - model: one-hot (V) -> nn.LSTM/GRU(V, H, num_layers=L, batch_first=True) -> nn.Linear(H, V);
  - training: the N training ids cut into B streams of n = (N - 1) // B steps; each pass starts
    from zero state and runs chunks of --window steps, the state carried and detached
    (word_language_model's repackage_hidden); mean cross-entropy per chunk; Adam(lr), the global
    gradient norm clipped to --clip; the pass's loss is the chunk losses' mean weighted by steps;
  - scoring: the held-out ids cut into S = 16 streams of ceil(M / S) steps, each starting from
    zero state with <pad> as its first input, targets past the end ignored; every token scored.

Prints one line per pass (train loss and held-out loss in nats) and the final held-out bits per
character, with the wall time. Nothing is written. Run by hand, with Debian's PyTorch:

    /usr/bin/python3 tools/pytorch/char_lm_compare.py --data /usr/share/games/fortunes/computers \\
        --hidden 128 --epochs 10 --lr 0.005 --batch-size 16 --window 64 --seed 1
"""

import argparse
import collections
import math
import os
import re
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from language_model_fixtures import CharModel, detach

PAD, UNK = 0, 1
EVAL_STREAMS = 16


def fortunes(path):
    """The texts of one fortune file, as io.FortuneFile.read splits them."""
    with open(path, encoding="utf-8") as f:
        content = f.read()
    texts, current = [], ""
    for line in re.split(r"\r?\n", content) + ["%"]:
        if line == "%":
            if current.strip():
                texts.append(current.rstrip())
            current = ""
        else:
            current += ("\n" if current else "") + line
    return texts


def read(data, held_out):
    """The training and held-out text, as io.TextCorpus.read splits them."""
    if not os.path.isdir(data):
        with open(data, encoding="utf-8") as f:
            text = f.read()
        cut = math.floor(len(text) * (1 - held_out) + 0.5)
        return text[:cut], text[cut:]
    names = sorted(n for n in os.listdir(data)
                   if "." not in n and os.path.isfile(os.path.join(data, n)))
    texts = [t for n in names for t in fortunes(os.path.join(data, n))]
    every = round(1 / held_out) if held_out > 0 else 0
    train = "".join(t + "\n" for i, t in enumerate(texts) if not (every and i % every == every - 1))
    held = "".join(t + "\n" for i, t in enumerate(texts) if every and i % every == every - 1)
    return train, held


def vocabulary(train):
    counts = collections.Counter(train)
    tokens = ["<pad>", "<unk>"] + [c for c, _ in sorted(counts.items(), key=lambda e: (-e[1], e[0]))]
    return {t: i for i, t in enumerate(tokens)}


def evaluate(model, ids, window):
    model.eval()
    s = min(EVAL_STREAMS, len(ids))
    m = -(-len(ids) // s)
    x = torch.full((s, m), PAD, dtype=torch.long)
    y = torch.full((s, m), PAD, dtype=torch.long)
    for b in range(s):
        part = ids[b * m: (b + 1) * m]
        y[b, :len(part)] = part
        x[b, 1:len(part)] = part[:-1] if len(part) > 1 else x[b, 1:1]
    total = 0.0
    state = None
    with torch.no_grad():
        for start in range(0, m, window):
            logits, state = model(x[:, start:start + window], state)
            total += F.cross_entropy(logits.reshape(-1, model.vocab),
                                     y[:, start:start + window].reshape(-1),
                                     ignore_index=PAD, reduction="sum").item()
    model.train()
    return total / len(ids)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", required=True)
    p.add_argument("--held-out", type=float, default=0.1)
    p.add_argument("--cell", default="lstm")
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--window", type=int, default=64)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--lr", type=float, default=0.002)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)

    train_text, held_text = read(a.data, a.held_out)
    vocab = vocabulary(train_text)
    v = len(vocab)
    train = torch.tensor([vocab.get(c, UNK) for c in train_text])
    held = torch.tensor([vocab.get(c, UNK) for c in held_text])
    print(f"{a.data}: V = {v}, {len(train)} training characters, {len(held)} held out")

    model = CharModel(a.cell, v, a.hidden, a.layers)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    b = a.batch_size
    n = (len(train) - 1) // b
    x = torch.stack([train[i * n: i * n + n] for i in range(b)])
    y = torch.stack([train[i * n + 1: i * n + n + 1] for i in range(b)])
    begin = time.time()
    for epoch in range(1, a.epochs + 1):
        state = None
        total, steps = 0.0, 0
        for start in range(0, n, a.window):
            state = detach(state)
            opt.zero_grad()
            logits, state = model(x[:, start:start + a.window], state)
            length = logits.shape[1]
            loss = F.cross_entropy(logits.reshape(-1, v),
                                   y[:, start:start + a.window].reshape(-1), ignore_index=PAD)
            loss.backward()
            if a.clip > 0:
                nn.utils.clip_grad_norm_(model.parameters(), a.clip)
            opt.step()
            total += loss.item() * length
            steps += length
        held_loss = evaluate(model, held, a.window)
        print(f"epoch: {epoch:3d} mean: {total / steps:.8f}  validation: {held_loss:.8f}"
              f"  ({time.time() - begin:.0f} s)", flush=True)
    nats = evaluate(model, held, a.window)
    print(f"held-out: {nats / math.log(2):.4f} bits/char, perplexity {math.exp(nats):.3f};"
          f" {time.time() - begin:.0f} s, torch {torch.__version__}, {a.threads} threads")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""LSTM Lab's default forecasting pipeline written again in PyTorch, on the same splits, by hand.

The same steps as org.lstmlab.core.forecast with its defaults: the season from LSTM Lab's run
(12, 11, 12, 1), a window of two seasons (at least 12), each series split 80/10/10 by the windows'
targets, a standard scaler fitted on the training part, windows relative to their last value, an
nn.LSTM of 64 units with a linear head, Adam (lr 1e-3) on MSE in shuffled batches of 32, the
global gradient norm clipped at 1, early stopping on the validation loss with patience 20 (best
epoch restored) within 300 epochs, seed 42. Prints the test MSE of one-step forecasts in the
data's units, as a Markdown table row per series.

Usage: /usr/bin/python3 tools/forecast/pytorch_same_split.py   (Debian's python3-torch and
python3-statsmodels)
"""
import numpy as np
import torch
from sm_series import series

torch.set_num_threads(2)


class Net(torch.nn.Module):
    def __init__(self, hidden=64):
        super().__init__()
        self.rnn = torch.nn.LSTM(1, hidden, batch_first=True)
        self.head = torch.nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1, :])


def run(y, m, seed=42):
    n = len(y)
    w = max(12, 2 * m)
    n_test, n_val = round(0.1 * n), round(0.1 * n)
    val_end, train_end = n - n_test, n - n_test - n_val
    w = max(1, min(w, train_end // 4))
    mean, std = y[:train_end].mean(), y[:train_end].std()
    s = ((y - mean) / std).astype(np.float32)
    origins = np.arange(w - 1, n - 1)  # window ends; the target is origin + 1
    x = np.stack([s[o - w + 1:o + 1] - s[o] for o in origins])[:, :, None]
    t = np.array([s[o + 1] - s[o] for o in origins], dtype=np.float32)[:, None]
    part = origins + 1  # the target's index decides the part
    tr, va, te = part < train_end, (part >= train_end) & (part < val_end), part >= val_end
    torch.manual_seed(seed)
    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    xt, yt = torch.from_numpy(x[tr]), torch.from_numpy(t[tr])
    xv, yv = torch.from_numpy(x[va]), torch.from_numpy(t[va])
    g = torch.Generator().manual_seed(seed)
    best, best_state, since = float("inf"), None, 0
    for epoch in range(300):
        net.train()
        for idx in torch.randperm(len(xt), generator=g).split(32):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(xt[idx]), yt[idx])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
        net.eval()
        with torch.no_grad():
            v = torch.nn.functional.mse_loss(net(xv), yv).item()
        if v < best:
            best, since = v, 0
            best_state = {k: p.clone() for k, p in net.state_dict().items()}
        else:
            since += 1
            if since >= 20:
                break
    net.load_state_dict(best_state)
    with torch.no_grad():
        p = net(torch.from_numpy(x[te])).numpy()[:, 0]
    base = np.array([s[o] for o in origins[te]])
    pred = (p + base) * std + mean
    actual = y[origins[te] + 1]
    return float(np.mean((actual - pred) ** 2)), epoch + 1


def main():
    print(f"| series | PyTorch {torch.__version__} LSTM test MSE | epochs |")
    print("|---|---|---|")
    for name, (y, m) in series().items():
        mse, epochs = run(np.asarray(y, dtype=np.float64), m)
        print(f"| {name} | {mse:.4g} | {epochs} |")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Golden fixtures for LSTM Lab's optimizers, losses, gradient clipping and
learning-rate schedules, computed with PyTorch 1.13.

What it writes
--------------
Four compact JSON files into
    lstmlab-core/src/test/resources/fixtures/optim/

optimizers.json
    One parameter vector p0 (N = 7 float32 values), the gradients of the
    STEPS = 5 steps stacked as "grads" (STEPS x N), and under "cases", keyed by
    configuration name (CONFIGS), the torch optimizer, its kwargs and the
    parameters after each step stacked as "params" (STEPS x N). Before step k the script sets p.grad to
    gradient k by hand (no autograd), exactly as LSTM Lab's Parameters.grad()
    is filled before Optimizer.step. The gradients change scale from step to
    step (and step 3's is small) so that AMSGrad's running maximum differs from
    Adam's second moment; one gradient element is exactly zero.
losses.json
    Under "cases", keyed "{loss}_{pair}" (loss in mse, mae, huber_1.0,
    huber_0.5): mse_loss, l1_loss and huber_loss with mean reduction, the
    value and d(loss)/d(pred) by autograd, on a hand-picked pair whose
    differences lie below, at and above delta and include one exact zero, and
    on a seeded random pair.
clip_grad_norm.json
    torch.nn.utils.clip_grad_norm_ over two tensors (a: 3x2, b: 4): the
    gradients before, and under "cases" the returned total norm and the
    gradients after, once with max_norm 1.0 (clips) and once with max_norm
    100.0 (leaves them).
lr_schedules.json
    Under "cases", keyed by scheduler: the learning rate in effect at epochs
    0..12 from lr 0.1 for StepLR, CosineAnnealingLR and LinearLR, read from optimizer.param_groups after
    each scheduler.step(), i.e. PyTorch's own (recursive) computation.

Cases are JSON objects keyed by name, so that tests can list and look them
up. Every tensor is stored as {"shape": [...], "data": [...]} with the data
flattened in row-major order. Numbers are float32 values written as the exact
double they convert to, so parsing them and narrowing to float gives back the
original float32 bit for bit. Scalars computed in Python (learning rates) are
doubles.

How to run
----------
Use Debian's PyTorch (not a pyenv/virtualenv python), from the repo root:

    /usr/bin/python3 tools/pytorch/optim_fixtures.py

The output is deterministic: every random tensor comes from a torch.Generator
seeded with SEED and the script runs single-threaded, so rerunning reproduces
identical files.
"""

import json
import os

import torch
import torch.nn.functional as F

SEED = 20240611
N = 7          # parameter vector length
STEPS = 5      # optimizer steps, one gradient vector each
# Gradient scale per step: step 3 is small enough that Adam's exp_avg_sq
# decreases there, so AMSGrad's max_exp_avg_sq takes a different value.
GRAD_SCALES = [1.0, 0.5, 0.01, 2.0, 0.005]
BASE_LR = 0.1  # schedules start from this
EPOCHS = 13    # schedules: epochs 0..12

# (name, torch optimizer class name, constructor kwargs). Names are the
# fixture keys the Java test looks up; kwargs are passed to torch as is.
CONFIGS = [
    ("sgd_plain", "sgd", {"lr": 0.1}),
    ("sgd_momentum_dampening", "sgd", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1}),
    ("sgd_nesterov_wd", "sgd",
     {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("adam", "adam", {"lr": 0.01}),
    ("adam_wd", "adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("adam_amsgrad", "adam", {"lr": 0.01, "amsgrad": True}),
    ("adamw_wd", "adamw", {"lr": 0.01, "weight_decay": 0.1}),
    ("rmsprop", "rmsprop", {"lr": 0.01}),
    ("rmsprop_momentum_centered_wd", "rmsprop",
     {"lr": 0.01, "momentum": 0.9, "centered": True, "weight_decay": 0.01}),
]

OPTIMIZERS = {
    "sgd": torch.optim.SGD,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "rmsprop": torch.optim.RMSprop,
}

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(REPO_ROOT, "lstmlab-core", "src", "test", "resources",
                       "fixtures", "optim")


def tensor_json(t):
    """A float32 tensor as {"shape": [...], "data": [...]} (row-major).

    .tolist() turns each float32 element into the Python float (double) with
    exactly the same value, and json writes that double's shortest repr, which
    parses back to the same double and hence the same float32."""
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": t.reshape(-1).tolist()}


def optimizer_fixtures(gen):
    p0 = torch.randn(N, generator=gen)
    grads = [torch.randn(N, generator=gen) * s for s in GRAD_SCALES]
    grads[1][4] = 0.0  # an exact zero: Adam must move it by m/(sqrt(v)+eps) only
    cases = {}
    for name, kind, kwargs in CONFIGS:
        # foreach=False pins the single-tensor reference path (torch/optim/*.py
        # _single_tensor_*), which LSTM Lab reproduces.
        p = p0.clone().requires_grad_(True)
        opt = OPTIMIZERS[kind]([p], foreach=False, **kwargs)
        params = []
        for g in grads:
            p.grad = g.clone()
            opt.step()
            params.append(p.detach().clone())
        cases[name] = {"optimizer": kind, "kwargs": kwargs,
                       "params": tensor_json(torch.stack(params))}
    return {
        "torch_version": torch.__version__,
        "seed": SEED,
        "p0": tensor_json(p0),
        "grads": tensor_json(torch.stack(grads)),
        "cases": cases,
    }


def loss_case(loss, kwargs, pred, target):
    x = pred.clone().requires_grad_(True)
    if loss == "mse":
        value = F.mse_loss(x, target)
    elif loss == "mae":
        value = F.l1_loss(x, target)
    elif loss == "huber":
        value = F.huber_loss(x, target, **kwargs)
    else:
        raise ValueError("unknown loss " + loss)
    value.backward()
    return {
        "loss": loss, "kwargs": kwargs,
        "pred": tensor_json(pred), "target": tensor_json(target),
        "value": float(value.item()), "grad": tensor_json(x.grad),
    }


def loss_fixtures(gen):
    # pred - target = [2.5, -1.0, 0.3, 0.0, -0.2, -0.7, 1.4, -3.0]: below, at
    # and above delta 1.0 and 0.5, and one exact zero (l1's sign(0) = 0).
    pairs = {
        "hand": (torch.tensor([1.5, -0.25, 0.8, 2.0, -1.2, 0.3, 4.0, -3.0]),
                 torch.tensor([-1.0, 0.75, 0.5, 2.0, -1.0, 1.0, 2.6, 0.0])),
        "random": (torch.randn(3, 4, generator=gen) * 2.0,
                   torch.randn(3, 4, generator=gen)),
    }
    cases = {}
    for pair, (pred, target) in pairs.items():
        cases["mse_" + pair] = loss_case("mse", {}, pred, target)
        cases["mae_" + pair] = loss_case("mae", {}, pred, target)
        for delta in (1.0, 0.5):
            cases["huber_%s_%s" % (delta, pair)] = loss_case("huber", {"delta": delta}, pred, target)
    return {"torch_version": torch.__version__, "seed": SEED, "cases": cases}


def clip_fixtures(gen):
    a = torch.zeros(3, 2, requires_grad=True)
    b = torch.zeros(4, requires_grad=True)
    grad_a = torch.randn(3, 2, generator=gen)
    grad_b = torch.randn(4, generator=gen) * 0.5
    cases = {}
    for name, max_norm in (("clips", 1.0), ("leaves", 100.0)):
        a.grad = grad_a.clone()
        b.grad = grad_b.clone()
        total = torch.nn.utils.clip_grad_norm_([a, b], max_norm)
        cases[name] = {
            "max_norm": max_norm,
            "total_norm": float(total.item()),
            "grads_after": {"a": tensor_json(a.grad), "b": tensor_json(b.grad)},
        }
    return {
        "torch_version": torch.__version__,
        "seed": SEED,
        "grads_before": {"a": tensor_json(grad_a), "b": tensor_json(grad_b)},
        "cases": cases,
    }


def schedule_lrs(make):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=BASE_LR)
    sched = make(opt)
    lrs = []
    for _ in range(EPOCHS):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()    # no grad: a no-op, but keeps the call order torch expects
        sched.step()
    return lrs


def schedule_fixtures():
    lr_scheduler = torch.optim.lr_scheduler
    schedules = [
        ("step_lr", {"step_size": 3, "gamma": 0.5},
         lambda o: lr_scheduler.StepLR(o, step_size=3, gamma=0.5)),
        ("cosine_annealing_lr", {"T_max": 10, "eta_min": 0.001},
         lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.001)),
        ("linear_lr", {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 4},
         lambda o: lr_scheduler.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=4)),
    ]
    cases = {name: {"kwargs": kwargs, "base_lr": BASE_LR, "lr": schedule_lrs(make)}
             for name, kwargs, make in schedules}
    return {"torch_version": torch.__version__, "cases": cases}


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
    # One generator, drawn from in a fixed order: optimizers, losses, clipping.
    gen = torch.Generator().manual_seed(SEED)
    write("optimizers.json", optimizer_fixtures(gen))
    write("losses.json", loss_fixtures(gen))
    write("clip_grad_norm.json", clip_fixtures(gen))
    write("lr_schedules.json", schedule_fixtures())


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The workloads of `lstmlab bench` in whatever PyTorch this python3 has, at several thread counts,
as one JSON object: what tools/bench/devrun.sh runs on the device machine (PyTorch 2.x with MKL and
oneDNN) beside our own figures.

    python3 tools/bench/torch_bench.py --threads 1,2,4,8,16 [--quick] > torch.json

Each thread count runs in its own child process (torch.set_num_threads and OMP/MKL_NUM_THREADS,
pinned with taskset to the first T cores where taskset exists), with compare.py's workloads:
batched training step and inference at every count, the notebook and the one-window latency on 1
thread only (PyTorch is slowest there on more), SGEMM through torch.mm on 1 thread. A profile of
one batched step lists the ATen ops that ran, to show whether the oneDNN (mkldnn) RNN path did.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (the workloads, shared with the comparison on the build machine)


def mm_worker(quick):
    import torch
    out = []
    for m, n, k in compare.GEMM_SHAPES:
        a = torch.rand(m, k) * 2 - 1
        b = torch.rand(k, n) * 2 - 1
        c = torch.empty(m, n)
        out.append({"m": m, "n": n, "k": k, "threads": torch.get_num_threads(),
                    "gflops": compare.gflops(lambda: torch.mm(a, b, out=c), m, n, k, quick)})
    return out


def profile_ops():
    """ATen ops of one batched training step, by self CPU time: shows the path nn.LSTM took."""
    import torch
    from torch import nn
    lstm = nn.LSTM(32, 256, batch_first=True)
    x = torch.rand(64, 100, 32)
    for _ in range(2):
        lstm(x)[0][:, -1].sum().backward()
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        lstm(x)[0][:, -1].sum().backward()
    ops = sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)
    return [{"op": e.key, "calls": e.count, "self_cpu_us": e.self_cpu_time_total} for e in ops[:15]]


def child(threads, parts, quick):
    import torch
    torch.set_num_threads(threads)
    res = compare.torch_worker(threads, quick, parts)
    if threads == 1:
        res["mm"] = mm_worker(quick)
        res["profile"] = profile_ops()
    res["torch"] = torch.__version__
    res["mkldnn"] = torch.backends.mkldnn.is_available()
    res["mkl"] = torch.backends.mkl.is_available()
    res["num_threads"] = torch.get_num_threads()
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--parts", default="batched", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.parts.split(","), args.quick)))
        return
    out = {"runs": []}
    for t in [int(v) for v in args.threads.split(",")]:
        env = dict(os.environ)
        for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
            env[var] = str(t)
        parts = "notebook,batched,latency" if t == 1 else "batched"
        cmd = [sys.executable, os.path.abspath(__file__), "--child", str(t), "--parts", parts]
        if args.quick:
            cmd.append("--quick")
        if shutil.which("taskset") and t <= (os.cpu_count() or 1):
            cmd = ["taskset", "-c", f"0-{t - 1}"] + cmd
        start = time.time()
        res = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if res.returncode != 0:
            out["runs"].append({"threads": t, "error": res.stderr[-2000:]})
        else:
            r = json.loads(res.stdout.strip().splitlines()[-1])
            r["wall_s"] = round(time.time() - start, 1)
            out["runs"].append(r)
        print(json.dumps(out["runs"][-1])[:300], file=sys.stderr, flush=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Runs LSTM Lab's benchmarks and the same workloads in PyTorch and numpy, and writes
docs/BENCHMARKS.md.

Run by hand from the repository root, never by CI (timings, not tests):

    /usr/bin/python3 tools/bench/compare.py            # full run, a few minutes
    /usr/bin/python3 tools/bench/compare.py --quick    # fewer repetitions, noisier

Needs Debian's python3-torch (1.13) and numpy on OpenBLAS (apt-get install -y
libopenblas0-pthread). The workloads are those of `./lstmlab bench` (BenchCommand.java):

  notebook  LSTM and RNN (tanh), hidden 100, window 10, 90 windows, batch 1, Adam (lr 0.01), MSE,
            20 epochs, one update per window
  batched   one LSTM layer, input 32, hidden 256, 100 steps, batch 64, linear head on the last
            step, MSE, Adam: one training step, and one forward without gradients
  latency   one window (1, 10, 1) through the trained notebook LSTM, no gradients
  gemm      C (M, N) = A (M, K) B (K, N) in float32 through numpy (OpenBLAS SGEMM)

PyTorch and numpy run in child processes, once with 1 thread and once with 2, and the better
figure is taken.

With --libtorch (issue 12's anchor) it also builds lstmlab-bench with -Plibtorch (DJL 0.36 on
libtorch 2.7.1, CPU, MKL and oneDNN: fetched from Maven Central once, then offline, DJL's caches in
lstmlab-bench/target/djl) and runs the same workloads on libtorch's own LSTM and RNN ops
(LibtorchBench.java) at 1 thread, 2, and every thread count up to the cores, with our batched step
at the same counts, with each side's peak memory for the batched workload (the maximum resident
set of its process); a libtorch profile of one step shows whether oneDNN's mkldnn_rnn_layer ran.
Every figure is a median after warm-up runs; in the JVMs (ours, and DJL's Java side) the warm-up
goes on until the JIT has gone quiet (BenchCommand.warmUp). Everything below the marker line
of an existing BENCHMARKS.md (the hand-written analysis) is kept.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "docs", "BENCHMARKS.md")
MARKER = "<!-- Everything below this line is written by hand and kept by tools/bench/compare.py. -->"
GEMM_SHAPES = [(64, 1024, 288), (6400, 1024, 32), (1024, 1024, 1024)]


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


# ------------------------------------------------------------------------------------------------
# Child processes


def torch_worker(threads, quick, parts=("notebook", "batched", "latency")):
    """The workloads in PyTorch on `threads` threads; `parts` chooses which (the latency needs the
    notebook's trained LSTM, and trains it if the notebook is left out)."""
    import math
    import torch
    from torch import nn

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    warm, runs = (1, 1) if quick else (1, 2)
    if threads > 1:
        # PyTorch's notebook training on 2 threads is several times slower than on 1 on this
        # machine (tiny ops, OpenMP hand-offs): one untimed-warm-up-free run is enough to show it.
        warm, runs = 0, 1

    # The notebook's series: a noisy sine of 100 values (the shape is what matters for timing).
    t = torch.linspace(0, 10 * math.pi, 100)
    series = torch.sin(t) + 0.5 * torch.randn(100)
    xs = torch.stack([series[i:i + 10] for i in range(90)]).unsqueeze(-1)  # (90, 10, 1)
    ys = series[10:100].unsqueeze(-1)  # (90, 1)

    class Model(nn.Module):
        def __init__(self, rnn, hidden):
            super().__init__()
            self.rnn = rnn
            self.head = nn.Linear(hidden, 1)

        def forward(self, x):
            out, _ = self.rnn(x)
            return self.head(out[:, -1, :])

    def notebook(kind):
        start = time.perf_counter()
        rnn = nn.LSTM(1, 100, batch_first=True) if kind == "lstm" else nn.RNN(1, 100, batch_first=True)
        model = Model(rnn, 100)
        opt = torch.optim.Adam(model.parameters(), lr=0.01)
        loss_fn = nn.MSELoss()
        for _ in range(20):
            for n in range(90):
                opt.zero_grad()
                loss = loss_fn(model(xs[n:n + 1]), ys[n:n + 1])
                loss.backward()
                opt.step()
        return (time.perf_counter() - start) * 1e3, model

    def timed(fn, warm_n, run_n):
        for _ in range(warm_n):
            fn()
        return median([fn() for _ in range(run_n)])

    res = {"threads": threads}
    if "notebook" in parts:
        lstm_ms = timed(lambda: notebook("lstm")[0], warm, runs)
        rnn_ms = timed(lambda: notebook("rnn")[0], warm, runs)
        res.update(lstm_train_ms=lstm_ms, rnn_train_ms=rnn_ms, notebook_train_ms=lstm_ms + rnn_ms)
    if "latency" in parts:
        _, trained = notebook("lstm")

    model = Model(nn.LSTM(32, 256, batch_first=True), 256)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()
    x = torch.rand(64, 100, 32) * 2 - 1
    y = torch.rand(64, 1) * 2 - 1

    def step():
        start = time.perf_counter()
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return (time.perf_counter() - start) * 1e3

    def infer():
        start = time.perf_counter()
        with torch.no_grad():
            model(x)
        return (time.perf_counter() - start) * 1e3

    if "batched" in parts:
        step_runs = 5 if quick else 11
        res.update(train_step_ms=timed(step, 2, step_runs), infer_ms=timed(infer, 2, step_runs))

    if "latency" in parts:
        calls = 1000 if quick else 5000
        lat = []
        with torch.no_grad():
            for i in range(calls):
                trained(xs[i % 90:i % 90 + 1])
            for i in range(calls):
                w = xs[i % 90:i % 90 + 1]
                start = time.perf_counter_ns()
                trained(w)
                lat.append((time.perf_counter_ns() - start) / 1e3)
        lat.sort()
        res.update(p50_us=lat[len(lat) // 2], p99_us=lat[int(len(lat) * 0.99)])
    return res


def numpy_worker(threads, quick):
    # OPENBLAS_NUM_THREADS is set by the parent before numpy loads OpenBLAS.
    import numpy as np

    rng = np.random.default_rng(0)
    out = []
    for m, n, k in GEMM_SHAPES:
        a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
        b = rng.uniform(-1, 1, (k, n)).astype(np.float32)
        c = np.empty((m, n), np.float32)
        out.append({"m": m, "n": n, "k": k, "threads": threads,
                    "gflops": gflops(lambda: np.dot(a, b, out=c), m, n, k, quick)})
    return out


def gflops(product, m, n, k, quick):
    """GFLOP/s of an (M, N, K) product: the median of batches of calls, about 50 ms each."""
    product()
    start = time.perf_counter()
    product()
    first = max(time.perf_counter() - start, 1e-6)
    calls = max(1, min(10000, int(0.05 / first)))
    times = []
    for _ in range(5 if quick else 11):
        start = time.perf_counter()
        for _ in range(calls):
            product()
        times.append((time.perf_counter() - start) / calls)
    return 2.0 * m * n * k / median(times) / 1e9


def child(kind, threads, quick):
    env = dict(os.environ)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", kind, "--threads", str(threads)]
    if quick:
        cmd.append("--quick")
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------------
# The report


def machine():
    """Model name, cores, the clock the kernel reports, AVX-512, and single-precision FLOP per cycle
    per core: 64 with AVX-512 (two 16-lane FMA units), but 32 on AMD family 25 (Zen 4), which runs
    each 512-bit FMA as two 256-bit halves; None without AVX-512."""
    model, cpus, mhz, avx512 = "unknown", os.cpu_count(), None, False
    vendor, family, cpu_model = None, None, None
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("cpu MHz") and mhz is None:
                    mhz = float(line.split(":")[1])
                if line.startswith("flags") and " avx512f" in line:
                    avx512 = True
                if line.startswith("vendor_id") and vendor is None:
                    vendor = line.split(":")[1].strip()
                if line.startswith("cpu family") and family is None:
                    family = int(line.split(":")[1])
                if line.startswith("model\t") and cpu_model is None:
                    cpu_model = int(line.split(":")[1])
    except (OSError, ValueError):
        pass
    if family is not None:
        model += f" (family {family}, model {cpu_model})"
    fpc = (32 if vendor == "AuthenticAMD" and family == 25 else 64) if avx512 else None
    return model, cpus, mhz, avx512, fpc


def measured(cmd, env=None, cwd=None):
    """Runs cmd to its end and returns (stdout, the maximum resident set of the process and its
    children in MiB, from wait4's resource usage); raises CalledProcessError as subprocess.run's
    check=True does."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if p.returncode != 0:
        raise subprocess.CalledProcessError(p.returncode, cmd, stdout, stderr)
    return stdout, usage.ru_maxrss / 1024  # Linux reports KiB


def libtorch_runs(quick):
    """LibtorchBench (DJL on libtorch 2.7.1) and our batched step at 1..cores threads."""
    print("compare.py: building lstmlab-bench with -Plibtorch ...", file=sys.stderr)
    subprocess.run([os.path.join(ROOT, "mvnw"), "-q", "-Plibtorch", "-DskipTests", "package",
                    "-pl", "lstmlab-bench", "-am"], cwd=ROOT, check=True)
    bench = os.path.join(ROOT, "lstmlab-bench", "target")
    cp = os.path.join(bench, "classes") + ":" + open(os.path.join(bench, "libtorch.classpath")).read().strip()
    djl = os.path.join(bench, "djl")
    os.makedirs(djl, exist_ok=True)
    runs, ours = [], []
    for t in range(1, (os.cpu_count() or 1) + 1):
        # The notebook, the latency and SGEMM on 1 thread (libtorch is slowest on more for the
        # first two; the SGEMM target is one thread's), the batched step at every count. Past one
        # thread each side's process runs the batched workload alone, so its maximum resident set
        # is that workload's peak memory; both JVMs run the serial collector (our launcher's), so
        # that a collector's own overhead does not count against either.
        only = "notebook,batched,latency,gemm" if t == 1 else "batched"
        env = dict(os.environ, OMP_NUM_THREADS=str(t), MKL_NUM_THREADS=str(t))
        cmd = ["java", "-XX:+UseSerialGC", "-Dai.djl.offline=true", f"-DDJL_CACHE_DIR={djl}",
               f"-DENGINE_CACHE_DIR={djl}", f"-Dai.djl.pytorch.num_threads={t}",
               "-Dai.djl.pytorch.num_interop_threads=1",
               "-cp", cp, "org.lstmlab.bench.LibtorchBench", "--only", only]
        cmd += ["--quick"] if quick else []
        cmd += ["--profile", os.path.join(djl, "trace.json")] if t == 1 else []
        print(f"compare.py: libtorch 2.7.1 (DJL), {t} thread(s) ...", file=sys.stderr)
        out, rss = measured(cmd, env=env)
        runs.append(json.loads(out.strip().splitlines()[-1]))
        if t > 1:
            runs[-1]["batched"]["max_rss_mib"] = rss
        print(f"compare.py: ./lstmlab bench --only batched, {t} thread(s) ...", file=sys.stderr)
        env = dict(os.environ, JAVA_OPTS=f"-Dlstmlab.threads={t}")
        out, rss = measured([os.path.join(ROOT, "lstmlab"), "bench", "--only", "batched", "--json"]
                            + (["--quick"] if quick else []), env=env, cwd=ROOT)
        ours.append(json.loads(out.strip().splitlines()[-1]))
        ours[-1]["batched"]["max_rss_mib"] = rss
    return runs, ours


def jfr_check(quick):
    """A JFR recording of the batched step (tools/bench/StepProfile.java, after its warm-up, with
    -XX:+DebugNonSafepoints so that inlined frames are exact) on 2 threads, summarised by jfr_top.py:
    how many samples land in a bounds check or in a Vector API fallback (issue 12's JIT target);
    and the same JVM's compilation log read by inline_failures.py: which C2-compiled LSTM Lab
    methods left a hot Vector API call as a call (the boxed fallback, whether or not a sample
    caught it)."""
    import shutil
    import inline_failures
    import jfr_top
    java = shutil.which("java")
    jfr = os.path.join(os.path.dirname(os.path.realpath(java)), "jfr") if java else None
    if not java or not os.path.exists(jfr):
        return {"error": "no java with a jfr tool on the PATH"}
    jar = os.path.join(ROOT, "lstmlab-cli", "target", "lstmlab.jar")
    out = os.path.join(ROOT, "target", "stepprofile")
    os.makedirs(out, exist_ok=True)
    rec = os.path.join(out, "step.jfr")
    log = os.path.join(out, "c2.xml")
    threads, warm, runs = 2, (15 if quick else 40), (20 if quick else 60)
    print(f"compare.py: JFR of the batched step, {threads} threads ...", file=sys.stderr)
    subprocess.run(["javac", "-nowarn", "-cp", jar, "-d", out,
                    os.path.join(ROOT, "tools", "bench", "StepProfile.java")], check=True,
                   capture_output=True)
    res = subprocess.run(["java", "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC",
                          "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints",
                          "-XX:+LogCompilation", "-XX:LogFile=" + log, "-cp", jar + ":" + out, "StepProfile", str(threads), str(warm), str(runs), rec],
                         capture_output=True, text=True, check=True)
    step = json.loads(res.stdout.strip().splitlines()[-1])
    printed = subprocess.run([jfr, "print", "--stack-depth", "64", "--events", "jdk.ExecutionSample", rec],
                             capture_output=True, text=True, check=True).stdout
    samples = jfr_top.stacks(printed.splitlines())
    n, checks, fallbacks = jfr_top.counts(samples)
    version = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    top = lambda pattern: dict(jfr_top.owners(samples, pattern).most_common(4))  # noqa: E731
    with open(log, encoding="utf-8", errors="replace") as f:
        calls = inline_failures.failures(f)
    not_intrinsified = sorted({f"{owner.rsplit('.', 1)[-1]} → {callee.rsplit('.', 1)[-1]}"
                               for (owner, callee, _), (hot, _) in calls.items() if hot})
    return {"threads": threads, "steps": runs, "train_step_ms": step["train_step_ms"], "samples": n,
            "checks": checks, "fallbacks": fallbacks, "java": version,
            "check_owners": top(jfr_top.CHECK), "fallback_owners": top(jfr_top.FALLBACK),
            "not_intrinsified": not_intrinsified}


def libtorch_report(w, lab, runs, ours):
    """The libtorch section of the report, and its targets as (name, wanted, measured, met, short)."""
    one, two = runs[0], runs[1] if len(runs) > 1 else runs[0]
    best = lambda sec, key: min(r[sec][key] for r in (one, two) if sec in r)  # noqa: E731 (times)
    cell = lambda r, sec, key: f"{r[sec][key]:.4g}" if sec in r else "—"  # noqa: E731
    targets = []
    w("## Against libtorch 2.7.1 (DJL 0.36, MKL and oneDNN): issue 12's anchor")
    w("")
    w(f"libtorch ran oneDNN's fused LSTM (`mkldnn_rnn_layer` in its profile of one batched step): "
      f"{'yes' if one.get('mkldnn_rnn_layer') else '**no**'}. libtorch's best of 1 and 2 threads is compared"
      " (the notebook and the latency on 1 only: libtorch is slower on more for such small work);"
      " LSTM Lab runs on 2 (its default here). libtorch's SGEMM is DJL's `matMul` (libtorch's `mm`), which"
      " allocates its result at every call (DJL has no `out=`).")
    w("")
    w("| figure | LSTM Lab | libtorch 1 thread | libtorch 2 threads | ratio (libtorch best / LSTM Lab) | target | met |")
    w("|---|---:|---:|---:|---:|---|---|")
    for label, sec, key, target in (("notebook: LSTM training (ms)", "notebook", "lstm_train_ms", None),
                                    ("notebook: RNN training (ms)", "notebook", "rnn_train_ms", None),
                                    ("notebook: both (ms)", "notebook", "notebook_train_ms", 20),
                                    ("batched: training step (ms)", "batched", "train_step_ms", 1.5),
                                    ("batched: inference (ms)", "batched", "infer_ms", 2),
                                    ("latency: p50 (µs)", "latency", "p50_us", 10),
                                    ("latency: p99 (µs)", "latency", "p99_us", None)):
        v, b = lab[sec][key], best(sec, key)
        r = ratio(b, v)
        met = (r >= target) if target else None
        w(f"| {label} | {v:.4g} | {cell(one, sec, key)} | {cell(two, sec, key)} | {r:.2f}× | "
          + (f"≥ {target:g}× | {'yes' if met else '**no**'} |" if target else "— | |"))
        if target:
            targets.append((label.split("(")[0].strip() + " vs libtorch", f"≥ {target:g}×", f"{r:.2f}×", met,
                            None if met else f"short by a factor {target / r:.2f}"))
    w("")
    w("Batched training step B64 T100 I32 H256 and batched inference, by threads (ms), and each side's"
      " peak memory: the maximum resident set of the process that ran the batched workload alone (past"
      " one thread, where libtorch's process runs it alone; both JVMs with the serial collector):")
    w("")
    w("| threads | LSTM Lab step | libtorch step | libtorch / LSTM Lab | LSTM Lab inference | libtorch inference"
      " | LSTM Lab peak memory (MiB) | libtorch peak memory (MiB) |")
    w("|---:|---:|---:|---:|---:|---:|---:|---:|")
    falling, no_slower = True, True
    rss = lambda r: r["batched"].get("max_rss_mib")  # noqa: E731 (absent: not measured)
    mib = lambda x: "—" if x is None else f"{x:.0f}"  # noqa: E731
    memory = []  # (threads, ours, libtorch) where both processes ran the batched workload alone
    for i, (r, o) in enumerate(zip(runs, ours)):
        a, b = o["batched"]["train_step_ms"], r["batched"]["train_step_ms"]
        no_slower &= a <= b
        falling &= i == 0 or a < ours[i - 1]["batched"]["train_step_ms"]
        w(f"| {o['threads']} | {a:.4g} | {b:.4g} | {b / a:.2f}× | {o['batched']['infer_ms']:.4g} |"
          f" {r['batched']['infer_ms']:.4g} | {mib(rss(o))} | {mib(rss(r))} |")
        if rss(o) is not None and rss(r) is not None:
            memory.append((o["threads"], rss(o), rss(r)))
    targets.append(("batched step at every thread count", "no slower than libtorch", "see table", no_slower,
                    None if no_slower else "slower at some thread count"))
    targets.append(("batched step as threads are added", "time falls", "see table", falling,
                    None if falling else "rises at some thread count"))
    if memory:
        t, mine, theirs = memory[0]
        targets.append((f"batched workload's peak memory, {t} threads", "no more than libtorch's",
                        f"{mine:.0f} against {theirs:.0f} MiB", mine <= theirs,
                        None if mine <= theirs else f"{mine - theirs:.0f} MiB more"))
    w("")
    w("SGEMM on 1 thread (GFLOP/s):")
    w("")
    w("| M×N×K | LSTM Lab | libtorch `mm` (MKL) | LSTM Lab / libtorch |")
    w("|---|---:|---:|---:|")
    for e in one["gemm"]:
        mine = next(x["gflops"] for x in lab["gemm"] if (x["m"], x["n"], x["k"], x["threads"]) == (e["m"], e["n"], e["k"], 1))
        r = mine / e["gflops"]
        w(f"| {e['m']}×{e['n']}×{e['k']} | {mine:.1f} | {e['gflops']:.1f} | {r:.2f}× |")
        targets.append((f"SGEMM {e['m']}×{e['n']}×{e['k']}, 1 thread", "≥ libtorch's mm", f"{r:.2f}×", r >= 1,
                        None if r >= 1 else f"short by a factor {1 / r:.2f}"))
    w("")
    return targets


def trips(lab):
    """The round trips between two threads of LSTM Lab's JVM around each workload, as one sentence, or
    None when the bench did not give them (older builds)."""
    parts = []
    for sec in ("notebook", "batched", "latency"):
        t = lab.get(sec, {}).get("round_trip_ns")
        if t:
            parts.append(f"{sec} " + " / ".join("—" if x is None else f"{x:.0f}" for x in t))
    if not parts:
        return None
    return ("- Where LSTM Lab's two threads ran: a cache line's round trip between two threads of its JVM,"
            " before / after each workload (ns): " + "; ".join(parts) + ". About 50 ns when the host runs"
            " the two vCPUs close together, 350–420 when it runs them far apart, where the notebook and"
            " the latency take 1.6–2 times as long on two threads (one thread is then faster; see"
            " \"Where the two vCPUs run\" below).")


def load():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "unknown"


def ratio(slow, fast):
    return slow / fast if fast > 0 else float("inf")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (noisier)")
    ap.add_argument("--worker", choices=["torch", "numpy"], help=argparse.SUPPRESS)
    ap.add_argument("--threads", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--no-write", action="store_true", help="print the report instead of writing it")
    ap.add_argument("--libtorch", action="store_true",
                    help="also run the workloads on libtorch 2.7.1 through DJL (issue 12's anchor)")
    ap.add_argument("--from-raw", metavar="FILE",
                    help="write the report from the raw figures an earlier run saved, without running")
    args = ap.parse_args()
    if args.worker == "torch":
        print(json.dumps(torch_worker(args.threads, args.quick)))
        return
    if args.worker == "numpy":
        print(json.dumps(numpy_worker(args.threads, args.quick)))
        return

    raw_path = os.path.join(ROOT, "target", "bench-raw.json")
    if args.from_raw:
        with open(args.from_raw, encoding="utf-8") as f:
            raw = json.load(f)
    else:
        raw = {"load_before": load(), "started": datetime.datetime.now(datetime.timezone.utc).isoformat()}
        print("compare.py: ./lstmlab bench --json ...", file=sys.stderr)
        cmd = [os.path.join(ROOT, "lstmlab"), "bench", "--json"] + (["--quick"] if args.quick else [])
        res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if res.returncode != 0:
            sys.exit("compare.py: lstmlab bench failed:\n" + res.stderr)
        raw["lstmlab"] = json.loads(res.stdout.strip().splitlines()[-1])
        raw["pytorch"], raw["openblas"] = [], []
        for threads in (1, 2):
            print(f"compare.py: PyTorch, {threads} thread(s) ...", file=sys.stderr)
            raw["pytorch"].append(child("torch", threads, args.quick))
            print(f"compare.py: numpy SGEMM, {threads} thread(s) ...", file=sys.stderr)
            raw["openblas"].append(child("numpy", threads, args.quick))
        if args.libtorch:
            raw["libtorch"], raw["lstmlab_by_threads"] = libtorch_runs(args.quick)
        try:
            raw["jfr"] = jfr_check(args.quick)
        except (OSError, subprocess.CalledProcessError, ValueError) as e:
            raw["jfr"] = {"error": str(e).splitlines()[0]}
        raw["load_after"] = load()
        raw["quick"] = args.quick
        os.makedirs(os.path.dirname(raw_path), exist_ok=True)
        with open(raw_path, "w", encoding="utf-8") as f:
            json.dump(raw, f)
        print(f"compare.py: raw figures in {raw_path}", file=sys.stderr)
    lab, torch_runs, numpy_runs = raw["lstmlab"], raw["pytorch"], raw["openblas"]
    load_before, load_after = raw["load_before"], raw["load_after"]
    started = datetime.datetime.fromisoformat(raw["started"])
    args.quick = raw.get("quick", args.quick)

    import torch
    import numpy

    model, cpus, mhz, avx512, fpc = machine()
    peak = fpc * mhz / 1e3 if mhz and fpc else None
    best = lambda key: min(r[key] for r in torch_runs)  # noqa: E731 (times: lower is better)
    which = lambda key: min(torch_runs, key=lambda r: r[key])["threads"]  # noqa: E731

    rows = []  # (figure, lab, torch1, torch2, best, ratio, target text, met)

    def timing(label, section, key, target):
        v = lab[section][key]
        b = best(key)
        r = ratio(b, v)
        rows.append((label, v, torch_runs[0][key], torch_runs[1][key], b, r,
                     f"≥ {target:g}×" if target else "—", (r >= target) if target else None))

    timing("notebook: LSTM training (ms)", "notebook", "lstm_train_ms", None)
    timing("notebook: RNN training (ms)", "notebook", "rnn_train_ms", None)
    timing("notebook: both (ms)", "notebook", "notebook_train_ms", 20)
    timing("batched: training step (ms)", "batched", "train_step_ms", 4)
    timing("batched: inference (ms)", "batched", "infer_ms", None)
    timing("latency: p50 (µs)", "latency", "p50_us", 30)
    timing("latency: p99 (µs)", "latency", "p99_us", None)

    def g(src, m, n, k, t):
        for e in src:
            if (e["m"], e["n"], e["k"], e["threads"]) == (m, n, k, t):
                return e["gflops"]
        return float("nan")

    blas = {(e["m"], e["n"], e["k"], e["threads"]): e["gflops"] for run in numpy_runs for e in run}
    gemm_rows = []
    for m, n, k in GEMM_SHAPES:
        l1, l2 = g(lab["gemm"], m, n, k, 1), g(lab["gemm"], m, n, k, 2)
        b1, b2 = blas[(m, n, k, 1)], blas[(m, n, k, 2)]
        gemm_rows.append((m, n, k, l1, l2, b1, b2))

    lines = []
    w = lines.append
    w("# Benchmarks: LSTM Lab against PyTorch on this machine")
    w("")
    w("Written by `tools/bench/compare.py` (run by hand: `/usr/bin/python3 tools/bench/compare.py`),")
    w("which runs `./lstmlab bench --json` and the same workloads in PyTorch and numpy in one run.")
    w("Workloads: see the script's header and `lstmlab bench --help`. Every figure is a median after")
    w("warm-up (in a JVM, until the JIT has gone quiet: its compilations at most 2% of the last half")
    w("second of runs); PyTorch and OpenBLAS run once on 1 thread and once on 2, and the better is")
    w("compared.")
    w("")
    w(f"- Date: {started.strftime('%Y-%m-%d %H:%M UTC')}{' (--quick: fewer repetitions)' if args.quick else ''}")
    w(f"- Machine: {model}, {cpus} cores{', AVX-512' if avx512 else ''}"
      + (f", {mhz:.0f} MHz" if mhz else "")
      + (f"; theoretical single-precision peak {peak:.0f} GFLOP/s per core at that clock ({fpc} FLOP"
         " per cycle" + (": Zen 4 runs each 512-bit FMA as two 256-bit halves" if fpc == 32 else "")
         + ")" if peak else "")
      + (" (SGEMM above that peak: the clock the kernel reports is the base clock, and the cores"
         " ran faster)" if peak and any(r[3] > peak for r in gemm_rows) else ""))
    w(f"- Load average (1, 5, 15 min) before: {load_before}; after: {load_after} (this run's own processes"
      " included).")
    placement = trips(lab)
    if placement:
        w(placement)
    w(f"- LSTM Lab: kernel {lab['kernel']}, {lab['threads']} thread(s), Java {lab['java']}; "
      f"PyTorch {torch.__version__}, numpy {numpy.__version__} ({platform.python_implementation()} {platform.python_version()})")
    w("")
    lib_targets = []
    if raw.get("libtorch"):
        lib_targets = libtorch_report(w, lab, raw["libtorch"], raw["lstmlab_by_threads"])
        w("## Against Debian's PyTorch 1.13 (OpenBLAS): the earlier anchor")
        w("")
    w("## Training and inference")
    w("")
    w("| figure | LSTM Lab | PyTorch 1 thread | PyTorch 2 threads | ratio (PyTorch best / LSTM Lab) | target | met |")
    w("|---|---:|---:|---:|---:|---|---|")
    for label, v, t1, t2, b, r, target, met in rows:
        w(f"| {label} | {v:.4g} | {t1:.4g} | {t2:.4g} | {r:.2f}× | {target} | "
          + ("yes" if met else ("**no**" if met is not None else "")) + " |")
    w("")
    w("## SGEMM (GFLOP/s)")
    w("")
    w("| M×N×K | LSTM Lab 1 thread | LSTM Lab 2 threads | 2 threads / 1 | OpenBLAS 1 thread | OpenBLAS 2 threads | LSTM Lab / OpenBLAS (1 thread) |"
      + (" % of peak (1 thread) |" if peak else ""))
    w("|---|---:|---:|---:|---:|---:|---:|" + ("---:|" if peak else ""))
    for m, n, k, l1, l2, b1, b2 in gemm_rows:
        w(f"| {m}×{n}×{k} | {l1:.1f} | {l2:.1f} | {l2 / l1:.2f}× | {b1:.1f} | {b2:.1f} | {l1 / b1:.2f}× |"
          + (f" {100 * l1 / peak:.0f}% |" if peak else ""))
    w("")
    jfr = raw.get("jfr")
    jfr_target = []
    if jfr:
        w("## JFR of the batched step")
        w("")
        if "error" in jfr:
            w(f"Not recorded: {jfr['error']}.")
        else:
            clean = jfr["checks"] == 0 and jfr["fallbacks"] == 0
            w(f"`tools/bench/StepProfile.java` ran the batched training step on {jfr['threads']} threads"
              f" ({jfr['java']}, `-XX:+DebugNonSafepoints`, JFR's profile settings) and recorded"
              f" {jfr['steps']} steps after its warm-up ({jfr['train_step_ms']:.4g} ms a step there);"
              f" `tools/bench/jfr_top.py` counted {jfr['samples']} execution samples, {jfr['checks']}"
              f" with a bounds-check frame (`Objects.checkIndex`, `checkFromIndexSize`) on the stack and"
              f" {jfr['fallbacks']} with a frame of the Vector API's Java fallbacks (`VectorSupport`,"
              f" `ldOp`, `stOp`, `tOpTemplate` and the like).")
            for kind, key in (("bounds-check", "check_owners"), ("fallback", "fallback_owners")):
                if jfr.get(key):
                    w("")
                    w(f"The {kind} samples by the innermost LSTM Lab method on their stack: "
                      + ", ".join(f"`{f.rsplit('.', 1)[-1]}` {c}" for f, c in jfr[key].items()) + ".")
            if "not_intrinsified" in jfr:
                calls = jfr["not_intrinsified"]
                w("")
                w("The same JVM's C2 compilation log (`-XX:+LogCompilation`, read by"
                  " `tools/bench/inline_failures.py`): "
                  + (f"{len(calls)} hot Vector API call(s) that C2-compiled LSTM Lab methods left as"
                     " calls, running the boxed fallback: " + ", ".join(f"`{c}`" for c in calls)
                     if calls else "no C2-compiled LSTM Lab method left a hot Vector API call as a"
                     " call: every one was inlined and intrinsified") + ".")
            jfr_target.append(("JFR of the batched step", "no samples in bounds checks or fallbacks",
                               f"{jfr['checks']} and {jfr['fallbacks']} of {jfr['samples']}", clean,
                               None if clean else "see the section on JFR"))
        w("")
    w("## Targets")
    w("")
    targets = []
    for label, v, t1, t2, b, r, target, met in rows:
        if met is not None:
            targets.append((label.split(":")[0] + " " + label.split(":")[1].split("(")[0].strip(),
                            target + (" lower than" if "latency" in label else " faster than")
                            + " PyTorch's best", f"{r:.2f}×", met,
                            None if met else f"short by a factor {float(target[2:-1]) / r:.2f}"))
    for m, n, k, l1, l2, b1, b2 in gemm_rows:
        r = l1 / b1
        targets.append((f"SGEMM {m}×{n}×{k}, 1 thread", "≥ 2× OpenBLAS", f"{r:.2f}×", r >= 2,
                        None if r >= 2 else f"short by a factor {2 / r:.2f}"))
        r2 = l2 / l1
        targets.append((f"SGEMM {m}×{n}×{k}, 2 threads / 1", "≥ 1.8×", f"{r2:.2f}×", r2 >= 1.8,
                        None if r2 >= 1.8 else f"short by a factor {1.8 / r2:.2f}"))
    if peak:
        l1 = gemm_rows[2][3]
        targets.append(("SGEMM 1024³, 1 thread", "≥ 60% of peak", f"{100 * l1 / peak:.0f}%",
                        l1 >= 0.6 * peak, None if l1 >= 0.6 * peak else f"short by {60 - 100 * l1 / peak:.0f} points"))
    w("| target | wanted | measured | met |")
    w("|---|---|---|---|")
    for name, wanted, got, met, short in lib_targets + jfr_target + targets:
        w(f"| {name} | {wanted} | {got} | {'yes' if met else '**no**, ' + short} |")
    w("")
    w("Raw figures (JSON), for the record:")
    w("")
    w("```json")
    w(json.dumps({"lstmlab": lab, "pytorch": torch_runs, "openblas": numpy_runs,
                  "libtorch": raw.get("libtorch"), "lstmlab_by_threads": raw.get("lstmlab_by_threads"),
                  "jfr": raw.get("jfr")},
                 indent=None))
    w("```")
    w("")
    w(MARKER)
    kept = ""
    if os.path.exists(OUT):
        text = open(OUT, encoding="utf-8").read()
        if MARKER in text:
            kept = text.split(MARKER, 1)[1]
    report = "\n".join(lines) + (kept if kept else "\n")
    if args.no_write:
        print(report)
    else:
        with open(OUT, "w", encoding="utf-8") as f:
            f.write(report)
        print(f"compare.py: wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()

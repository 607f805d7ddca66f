#!/bin/bash
# One shot on the device machine (16 Intel cores, PyTorch 2.x in its python3, no Java, no network):
# our `lstmlab bench` workloads and the same in PyTorch at 1, 2, 4, 8, 16 threads, a JFR profile
# of the batched step on 2 threads, C2's compilation log of it (any Vector API call left to the
# boxed fallback) and SGEMM on 256-bit vectors. Prepared here by tools/bench/devrun-prepare.sh,
# which puts this script, a jlink'd JRE 17, the jar and the helpers in one folder; results go to
# $OUT as a few small files. THREADS (default "1 2 4 8 16") and QUICK=1 (fewer repetitions) for
# a local test.
set -u
D="$(cd "$(dirname "$0")" && pwd)"
O="${OUT:-/tmp/devrun-out}"
mkdir -p "$O"
J="$D/jre/bin/java"
THREADS="${THREADS:-1 2 4 8 16}"
QUICK="${QUICK:-}"
q=(); [ -n "$QUICK" ] && q=(--quick)
LOG="$O/log.txt"
say() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$LOG"; }

# CPUs for N threads, one per physical core first (so that 2 threads never share a core's two
# hyperthreads while other cores idle), then the second hyperthreads.
cpus() {
  lscpu -p=CPU,CORE,SOCKET 2>/dev/null | grep -v '^#' | sort -t, -k3,3n -k2,2n -k1,1n \
    | awk -F, '!seen[$3","$2]++ {print $1; next} {rest[++n]=$1} END {for (i=1;i<=n;i++) print rest[i]}' \
    | head -n "$1" | paste -sd, -
}
pin() { # pin N command...: taskset to N CPUs when taskset exists and N is at most the CPUs
  local n="$1"; shift
  if command -v taskset >/dev/null && [ "$n" -le "$(nproc)" ]; then taskset -c "$(cpus "$n")" "$@"; else "$@"; fi
}

{
  date -u '+date: %Y-%m-%d %H:%M UTC'
  lscpu
  echo; echo "nproc: $(nproc)"; free -g | head -2
  echo; "$J" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -E ' (UseAVX|MaxVectorSize|UseSuperWord) '
  "$J" -XX:UseAVX=3 -XX:MaxVectorSize=64 -XX:+PrintFlagsFinal -version 2>/dev/null \
    | grep -E ' (UseAVX|MaxVectorSize) ' | sed 's/^/with flags: /'
  "$J" -version 2>&1
  python3 -c 'import torch; print("torch", torch.__version__, "mkldnn", torch.backends.mkldnn.is_available(), "mkl", torch.backends.mkl.is_available()); print(torch.__config__.show())' 2>&1 | head -30
} > "$O/machine.txt" 2>&1
say "machine: $(grep -m1 'Model name' "$O/machine.txt")"

AVX=(-XX:UseAVX=3 -XX:MaxVectorSize=64)
# The launcher's flags (./lstmlab, which this folder does not carry): the serial collector, and
# C2's whole-method compilations first; its -XX:CICompilerCount=4 applies below 8 CPUs only.
BASE=(-XX:+UseSerialGC -XX:Tier4BackEdgeThreshold=150000 --add-modules jdk.incubator.vector)
run_ours() { # threads flags... -- args...
  local t="$1"; shift
  pin "$t" "$J" "${BASE[@]}" "$@" 2>>"$LOG"
}

# 1. Everything on 2 threads (notebook, batched, latency, SGEMM on 1 and 2 threads).
say "ours: full bench, 2 threads"
run_ours 2 "${AVX[@]}" -Dlstmlab.threads=2 -jar "$D/lstmlab.jar" bench --json "${q[@]}" \
  | sed 's/^{/{"run":"full-t2-avx512",/' >> "$O/ours.jsonl"
# 2. The batched step and inference at every thread count; on 1 thread also the notebook and latency.
for t in $THREADS; do
  only=batched; [ "$t" = 1 ] && only=batched,notebook,latency
  say "ours: $only, $t thread(s)"
  run_ours "$t" "${AVX[@]}" -Dlstmlab.threads="$t" -jar "$D/lstmlab.jar" bench --only "$only" --json "${q[@]}" \
    | sed "s/^{/{\"run\":\"t$t-avx512\",/" >> "$O/ours.jsonl"
done
say "ours: batched, 2 threads, the JVM's default flags"
run_ours 2 -Dlstmlab.threads=2 -jar "$D/lstmlab.jar" bench --only batched --json "${q[@]}" \
  | sed 's/^{/{"run":"t2-default-flags",/' >> "$O/ours.jsonl"

# 3. JFR of the batched step on 2 threads, after warm-up, summarised here; the same JVM's
# compilation log says whether C2 left any Vector API call of the kernels un-intrinsified (the
# boxed fallback of the 4 December run's tile4r), read by inline_failures.py (as compare.py does).
say "ours: JFR and C2's compilation log of the batched step, 2 threads"
run_ours 2 "${AVX[@]}" -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
  -XX:+LogCompilation -XX:LogFile=/tmp/c2.xml \
  -cp "$D/lstmlab.jar:$D/classes" StepProfile 2 40 40 /tmp/step.jfr > "$O/jfr-top.txt"
"$D/jre/bin/jfr" summary /tmp/step.jfr 2>&1 | head -12 >> "$O/jfr-top.txt"
"$D/jre/bin/jfr" print --stack-depth 64 --events jdk.ExecutionSample /tmp/step.jfr \
  | python3 "$D/tools/jfr_top.py" >> "$O/jfr-top.txt" 2>&1
python3 "$D/tools/inline_failures.py" /tmp/c2.xml > "$O/inlining.txt" 2>&1
say "$(sed -n 1,4p "$O/jfr-top.txt" | tr '\n' ' ')"
say "$(tail -1 "$O/inlining.txt")"

# 3b. SGEMM on 256-bit vectors (8 lanes): a 64-byte load from a Java array crosses a cache line
# unless the array happens to start on one, and 32-byte loads do half as often; Intel cores pay
# for split loads where AMD's hardly do. Per-core GFLOP/s near the 512-bit figure here would
# point at the splits (or the 512-bit clock), far below at the micro-kernel itself.
say "ours: SGEMM on 256-bit vectors"
run_ours 2 -XX:UseAVX=3 -XX:MaxVectorSize=32 -Dlstmlab.threads=2 -jar "$D/lstmlab.jar" \
  bench --only gemm --json "${q[@]}" \
  | sed 's/^{/{"run":"gemm-avx512-256bit",/' >> "$O/ours.jsonl"

# 4. PyTorch, same workloads, same thread counts.
say "PyTorch: $(echo $THREADS | tr ' ' ,) threads"
PYTHONUNBUFFERED=1 python3 "$D/tools/torch_bench.py" --threads "$(echo $THREADS | tr ' ' ,)" "${q[@]}" \
  > "$O/torch.json" 2>>"$LOG"
say "done"
# A short table last, for the reply's tail.
python3 - "$O" <<'PY'
import json, sys, os
o = sys.argv[1]
ours = [json.loads(l) for l in open(os.path.join(o, "ours.jsonl")) if l.strip()]
torch = json.load(open(os.path.join(o, "torch.json")))["runs"]
for r in ours:
    print("ours ", r.get("run"), r.get("batched"), r.get("notebook"), r.get("latency"), r.get("gemm"))
for r in torch:
    print("torch", {k: (round(v, 2) if isinstance(v, float) else v) for k, v in r.items() if k not in ("profile",)})
PY

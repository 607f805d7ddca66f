#!/usr/bin/env bash
# Builds an instrumented copy of LSTM Lab: every chunk of a phased task (MatMul.phases and
# MatMul.pipeline: a recurrent layer's steps in parts, the optimizers' updates by part) records
# its start and end (System.nanoTime) and its thread into per-thread, preallocated logs
# (PhaseLog), about 0.1 µs a chunk. Never commit the instrumented sources: the copy is a scratch worktree.
#
#   tools/bench/phaselog/build.sh [COMMIT] [JAR]     # defaults: HEAD, /tmp/phaselog.jar
set -euo pipefail
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
commit=${1:-HEAD}
jar=${2:-/tmp/phaselog.jar}
wt=$(mktemp -d /tmp/phaselog-wt.XXXXXX)
git -C "$root" worktree add -q --detach "$wt" "$commit"
trap 'git -C "$root" worktree remove --force "$wt"' EXIT
python3 "$root/tools/bench/phaselog/instrument.py" "$wt"
(cd "$wt" && ./mvnw -o -q -pl lstmlab-cli -am package -DskipTests -Dfuzz.skip -Dcheckstyle.skip)
cp "$wt/lstmlab-cli/target/lstmlab.jar" "$jar"
echo "instrumented jar: $jar"

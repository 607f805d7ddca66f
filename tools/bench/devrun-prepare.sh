#!/bin/bash
# Puts what tools/bench/devrun.sh needs into one folder DIR (default .devrun), for a machine with
# no Java: a jlink'd JRE 17 (only the modules the bench needs), the jar, StepProfile compiled, the
# Python helpers and devrun.sh as DIR/run.sh. Build the jar first (./mvnw -DskipTests package).
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$root/.devrun}"
rm -rf "$dir"
mkdir -p "$dir/classes" "$dir/tools"
jlink --add-modules java.base,jdk.incubator.vector,jdk.jfr,java.management,jdk.management,java.logging,jdk.unsupported \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$dir/jre"
cp "$root/lstmlab-cli/target/lstmlab.jar" "$dir/"
javac --release 17 -cp "$dir/lstmlab.jar" -d "$dir/classes" "$root/tools/bench/StepProfile.java"
cp "$root/tools/bench/compare.py" "$root/tools/bench/torch_bench.py" "$root/tools/bench/jfr_top.py" \
  "$root/tools/bench/inline_failures.py" "$dir/tools/"
cp "$root/tools/bench/devrun.sh" "$dir/run.sh"
chmod +x "$dir/run.sh"
du -sh "$dir"

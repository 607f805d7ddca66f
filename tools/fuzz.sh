#!/usr/bin/env bash
# A long fuzzing run by hand, with Jazzer's own driver (CI fuzzes each target for seconds only):
#
#   tools/fuzz.sh csv|safetensors|quiz [SECONDS]     (default 600)
#
# The corpus grows in target/fuzz-corpus-TARGET (seeded from the fuzz test's inputs directory);
# a finding is written to target/fuzz-findings-TARGET/crash-* and ends the run with a non-zero
# status. Add the crash file to the inputs directory once fixed: ./mvnw verify replays it.
# The last lines printed are libFuzzer's final statistics (stat::number_of_executed_units …).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: tools/fuzz.sh csv|safetensors|quiz [SECONDS]}
seconds=${2:-600}
case "$target" in
  csv|safetensors)
    module=lstmlab-io
    class="org.lstmlab.io.ReaderFuzzTest\$$( [ "$target" = csv ] && echo Csv || echo Safetensors)"
    inputs=lstmlab-io/src/test/resources/org/lstmlab/io/ReaderFuzzTestInputs/$target ;;
  quiz)
    module=lstmlab-web
    class='org.lstmlab.web.quiz.QuizFuzzTest$Target'
    inputs=lstmlab-web/src/test/resources/org/lstmlab/web/quiz/QuizFuzzTestInputs/quiz ;;
  *) echo "unknown target '$target'; the targets are csv, safetensors, quiz" >&2; exit 2 ;;
esac
# Compiles the module and what it needs, and writes its test class path (no install).
./mvnw -q test-compile dependency:build-classpath -pl "$module" -am -Dfuzz.skip \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz.classpath >/dev/null
cp="$module/target/test-classes:$module/target/classes:lstmlab-core/target/classes"
cp="$cp:$(cat "$module/target/fuzz.classpath")"
corpus="$module/target/fuzz-corpus-$target"
findings="$module/target/fuzz-findings-$target"
mkdir -p "$corpus" "$findings"
# A bounded heap, and libFuzzer's own RSS limit off (a JVM's RSS is its heap, not a leak), as the
# JUnit integration does.
exec java -Xmx1g -cp "$cp" com.code_intelligence.jazzer.Jazzer --target_class="$class" \
  --instrumentation_includes='org.lstmlab.**' \
  -max_total_time="$seconds" -rss_limit_mb=0 -print_final_stats=1 -artifact_prefix="$findings/" \
  "$corpus" "$inputs"

#!/usr/bin/env bash
# Runs each libFuzzer target (build/fuzz, from `tools/build.sh --fuzz`) on a scratch copy of its
# seed corpus in tests/fuzz/corpus, for SECONDS (default 60) or, with RUNS=N, for N executions.
# Any crash, leak, sanitizer report or timeout fails the run; its input is kept in build/fuzz/crashes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-60}
limit=(-max_total_time="$seconds")
[ -n "${RUNS:-}" ] && limit=(-runs="$RUNS")
mkdir -p build/fuzz/crashes
failed=0
passed=0
for target in table model format safetensors words packed; do
  work=$(mktemp -d)
  cp tests/fuzz/corpus/"$target"/* "$work"/
  log=build/fuzz/fuzz_$target.log
  if build/fuzz/fuzz_$target "$work" "${limit[@]}" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
       -artifact_prefix=build/fuzz/crashes/"$target"- >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    echo "fuzz_$target: $runs executions, 0 crashes"
    passed=$((passed + 1))
  else
    echo "fuzz_$target: FAILED (see $log and build/fuzz/crashes/)"
    tail -40 "$log"
    failed=$((failed + 1))
  fi
  rm -rf "$work"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

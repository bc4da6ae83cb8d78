#!/usr/bin/env bash
# `npm test`: every stage in order, from set-up to fuzzing. Each stage's time is printed when it
# ends, and all of them at the end (also when a stage fails, which stops the run).
set -euo pipefail
cd "$(dirname "$0")/.."
times=()
started=$SECONDS
report() {
  local status=$?
  echo "npm test, stage times (wall clock):"
  printf '  %s\n' "${times[@]}"
  printf '  %-7s %4d s%s\n' total $((SECONDS - started)) "$([ "$status" = 0 ] || echo ", FAILED")"
}
trap report EXIT
stage() {
  local name=$1 start=$SECONDS
  shift
  echo "== $name: $*"
  "$@"
  times+=("$(printf '%-7s %4d s' "$name" $((SECONDS - start)))")
  echo "== $name: $((SECONDS - start)) s"
}
stage setup bash tools/setup.sh --browser
stage format npm run format:check
stage build bash tools/build.sh --fuzz
stage core npm run test:core
stage node npm run test:node
stage web npm run test:web
stage fuzz npm run test:fuzz

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
  printf '  %-8s %4d s%s\n' total $((SECONDS - started)) "$([ "$status" = 0 ] || echo ", FAILED")"
}
trap report EXIT
stage() {
  local name=$1 start=$SECONDS
  shift
  echo "== $name: $*"
  "$@"
  times+=("$(printf '%-8s %4d s' "$name" $((SECONDS - start)))")
  echo "== $name: $((SECONDS - start)) s"
}
stage setup bash tools/setup.sh --tools
# The browsers (Chromium, Firefox, WebKit, Xvfb, fonts: about 4 min of apt on a new machine,
# most of it download and unpacking) install in the background while the build and the tests
# before them run, and are waited for before the first browser stage.
engines_pid=""
if [ -n "$(bash tools/setup.sh --engines --list)" ]; then
  [ "$(id -u)" -eq 0 ] || sudo -v # asked here: a password prompt cannot be answered in the background
  mkdir -p build
  bash tools/setup.sh --engines >build/setup-engines.log 2>&1 &
  engines_pid=$!
  echo "== browsers: installing in the background (build/setup-engines.log)"
fi
browsers_installed() {
  [ -z "$engines_pid" ] && return
  wait "$engines_pid" || {
    cat build/setup-engines.log
    return 1
  }
}
stage format npm run format:check
stage build bash tools/build.sh --fuzz
stage core npm run test:core
stage node npm run test:node
# The browser tests, one stage an engine: the Chromium suite is every other file in tests/web/.
engines=(tests/web/firefox.test.mjs tests/web/webkit.test.mjs tests/web/scalar.test.mjs)
mapfile -t chromium < <(ls tests/web/*.test.mjs | grep -vxF -f <(printf '%s\n' "${engines[@]}"))
# Two files at a time: a file spends part of its time waiting on its browser (measured: 435 s one
# at a time, 381 s two at a time, all 113 tests passing).
stage browsers browsers_installed
stage chromium node --test --test-concurrency=2 "${chromium[@]}"
stage firefox node --test tests/web/firefox.test.mjs
stage webkit node --test tests/web/webkit.test.mjs
stage scalar node --test tests/web/scalar.test.mjs
stage fuzz npm run test:fuzz

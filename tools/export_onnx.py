#!/usr/bin/python3
"""Exports the bench's models to ONNX with PyTorch, and PyTorch's own results to check every
contender against.  Run with Debian's PyTorch:  /usr/bin/python3 tools/export_onnx.py

For each case of bench/cases.json: torch.manual_seed(0), the module (so the weights are
Recur's seed-0 weights), torch.onnx.export to bench/models/<name>.onnx, and in
bench/models/reference.json 64 sampled values of h_n[-1] for the formula input
    x[b, t, i] = ((131*b + 71*t + 29*i + 7) % 97 - 48) / 64     (batch-first indices)
at positions b = 37k mod batch, u = 11k mod hidden_size, k = 0..63.
"""
import json
import pathlib
import warnings

import numpy as np
import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "models"


def formula_x(batch, seq_len, input_size):
    b, t, i = np.meshgrid(np.arange(batch), np.arange(seq_len), np.arange(input_size), indexing="ij")
    return torch.from_numpy((((131 * b + 71 * t + 29 * i + 7) % 97 - 48) / 64).astype(np.float32))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    cases = json.loads((ROOT / "bench" / "cases.json").read_text())
    reference = {}
    for c in cases:
        torch.manual_seed(0)
        cls = torch.nn.LSTM if c["mode"] == "LSTM" else torch.nn.RNN
        model = cls(c["input_size"], c["hidden_size"], c["num_layers"], batch_first=c["batch_first"]).eval()
        x = formula_x(c["batch"], c["seq_len"], c["input_size"])
        if not c["batch_first"]:
            x = x.transpose(0, 1).contiguous()
        names = ["output", "h_n", "c_n"] if c["mode"] == "LSTM" else ["output", "h_n"]
        torch.onnx.export(model, (x,), str(OUT / (c["name"] + ".onnx")), input_names=["x"], output_names=names,
                          opset_version=14)
        with torch.no_grad():
            h_last = model(x)[1]
            h_last = (h_last[0] if c["mode"] == "LSTM" else h_last)[-1]
        B, H = c["batch"], c["hidden_size"]
        positions = [((37 * k) % B, (11 * k) % H) for k in range(64)]
        reference[c["name"]] = {"positions": positions, "values": [float(h_last[b, u]) for b, u in positions]}
        print("exported", c["name"])
    (OUT / "reference.json").write_text(json.dumps(reference) + "\n")


if __name__ == "__main__":
    main()

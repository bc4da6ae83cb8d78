#!/usr/bin/python3
"""Writes tests/fixtures/packed/*.json: sentences of different lengths, packed by PyTorch itself.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 tools/make_packed_fixtures.py

Each case is what a learner writes for sentences of different lengths:

    torch.manual_seed(seed); rnn = nn.LSTM(...); head = nn.Linear(h width, 2)
    packed = pack_padded_sequence(x, lengths, batch_first=..., enforce_sorted=False)
    out, h_n = rnn(packed)                    # (out, (h_n, c_n)) for LSTM
    output, _ = pad_packed_sequence(out, batch_first=..., total_length=T)

with x padded (the padding steps hold non-zero values on purpose: they must not count) and
lengths unsorted, including 1 and T. Stored: config, seed, lengths, x, the state_dict, output,
h_n, c_n; and for the training check, CrossEntropyLoss(head(h_n[-1]), y) and the gradient of
every parameter (the model's and head.weight, head.bias) and of x.
"""
import json
import pathlib

import numpy as np
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "packed"


def tensor_json(t):
    a = t.detach().contiguous().numpy().astype(np.float32)
    return {"shape": list(a.shape), "data": [float(np.format_float_positional(v, unique=True, trim="-"))
                                             for v in a.reshape(-1)]}


def build(mode, input_size, hidden_size, num_layers, batch_first, bidirectional, seed, proj_size=0):
    torch.manual_seed(seed)
    kw = dict(num_layers=num_layers, batch_first=batch_first, bidirectional=bidirectional)
    if mode == "LSTM":
        model = torch.nn.LSTM(input_size, hidden_size, proj_size=proj_size, **kw)
    elif mode == "GRU":
        model = torch.nn.GRU(input_size, hidden_size, **kw)
    else:
        model = torch.nn.RNN(input_size, hidden_size, nonlinearity=mode == "RNN_RELU" and "relu" or "tanh", **kw)
    head = torch.nn.Linear(proj_size or hidden_size, 2)
    return model, head


def build_module_only(mode, input_size, hidden_size, num_layers, batch_first, bidirectional, proj_size=0):
    kw = dict(num_layers=num_layers, batch_first=batch_first, bidirectional=bidirectional)
    if mode == "LSTM":
        return torch.nn.LSTM(input_size, hidden_size, proj_size=proj_size, **kw)
    if mode == "GRU":
        return torch.nn.GRU(input_size, hidden_size, **kw)
    return torch.nn.RNN(input_size, hidden_size, nonlinearity=mode == "RNN_RELU" and "relu" or "tanh", **kw)


def case(name, mode, num_layers, bidirectional, batch_first, lengths, h0=False, proj_size=0, seed=0):
    B, T, I, H = len(lengths), max(lengths), 3, 4
    model, head = build(mode, I, H, num_layers, batch_first, bidirectional, seed, proj_size)
    g = torch.Generator().manual_seed(1000 + seed)
    x_bf = torch.rand(B, T, I, generator=g) * 2 - 1  # padding steps too: they must be ignored
    x = (x_bf if batch_first else x_bf.transpose(0, 1).contiguous()).requires_grad_(True)
    D, R = (2 if bidirectional else 1), (proj_size or H)
    states = None
    h0_t = c0_t = None
    if h0:
        h0_t = (torch.rand(num_layers * D, B, R, generator=g) - 0.5)
        if mode == "LSTM":
            c0_t = (torch.rand(num_layers * D, B, H, generator=g) - 0.5)
            states = (h0_t, c0_t)
        else:
            states = h0_t
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False)
    out, hidden = model(packed, states)
    output, _ = pad_packed_sequence(out, batch_first=batch_first, total_length=T)
    h_n, c_n = hidden if mode == "LSTM" else (hidden, None)
    y = torch.tensor([(3 * b + 1) % 2 for b in range(B)])
    loss = torch.nn.functional.cross_entropy(head(h_n[-1]), y)
    params = list(model.named_parameters()) + [("head." + k, v) for k, v in head.named_parameters()]
    grads = torch.autograd.grad(loss, [p for _, p in params] + [x])
    config = dict(mode=mode, input_size=I, hidden_size=H, num_layers=num_layers, bias=True, batch_first=batch_first,
                  nonlinearity="relu" if mode == "RNN_RELU" else "tanh", bidirectional=bidirectional,
                  proj_size=proj_size, seed=seed)
    cat = None
    if bidirectional:
        # The other common head: torch.cat((h_n[-2], h_n[-1]), dim=1), nn.Linear(2 * h width, 2)
        # drawn right after the module under the same seed.
        model2, _ = build(mode, I, H, num_layers, batch_first, bidirectional, seed, proj_size)
        torch.manual_seed(seed)
        build_again = build(mode, I, H, num_layers, batch_first, bidirectional, seed, proj_size)[0]
        assert all(torch.equal(a, b) for a, b in zip(model2.parameters(), build_again.parameters()))
        torch.manual_seed(seed)
        _ = build_module_only(mode, I, H, num_layers, batch_first, bidirectional, proj_size)
        head_cat = torch.nn.Linear(2 * (proj_size or H), 2)
        out2, hidden2 = model2(pack_padded_sequence(x, torch.tensor(lengths), batch_first=batch_first,
                                                    enforce_sorted=False), states)
        h2 = hidden2[0] if mode == "LSTM" else hidden2
        loss2 = torch.nn.functional.cross_entropy(head_cat(torch.cat((h2[-2], h2[-1]), dim=1)), y)
        params2 = list(model2.named_parameters()) + [("head." + k, v) for k, v in head_cat.named_parameters()]
        grads2 = torch.autograd.grad(loss2, [p for _, p in params2])
        cat = {"loss": float(loss2), "head": {k: tensor_json(v) for k, v in head_cat.state_dict().items()},
               "grads": {k: tensor_json(g2) for (k, _), g2 in zip(params2, grads2)}}
    doc = {
        "name": name,
        "torch_version": torch.__version__,
        "config": config,
        "lengths": lengths,
        "x": tensor_json(x),
        "h0": tensor_json(h0_t) if h0_t is not None else None,
        "c0": tensor_json(c0_t) if c0_t is not None else None,
        "state_dict": {k: tensor_json(v) for k, v in model.state_dict().items()},
        "output": tensor_json(output),
        "h_n": tensor_json(h_n),
        "c_n": tensor_json(c_n) if c_n is not None else None,
        "y": y.tolist(),
        "loss": float(loss),
        "grads": {k: tensor_json(gr) for (k, _), gr in zip(params, grads[:-1])},
        "d_x": tensor_json(grads[-1]),
        "cat": cat,
    }
    (OUT / (name + ".json")).write_text(json.dumps(doc, separators=(",", ":")) + "\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    seed = 0
    # Unsorted, with the shortest (1) and the longest (T = 5) sentence.
    lengths = [3, 5, 1, 4]
    for mode in ["RNN_TANH", "LSTM", "GRU"]:
        for layers in [1, 2, 3]:
            for bi in [False, True]:
                for bf in [True, False]:
                    name = "%s_l%d%s_%s" % (mode.lower(), layers, "_bi" if bi else "", "bf" if bf else "sf")
                    case(name, mode, layers, bi, bf, lengths, h0=(layers == 2), seed=seed)
                    seed += 1
    case("rnn_relu_l2_bi_bf", "RNN_RELU", 2, True, True, [2, 1, 5, 5], seed=seed)
    case("lstm_proj_l2_bi_sf", "LSTM", 2, True, False, [1, 4, 2], h0=True, proj_size=2, seed=seed + 1)
    case("gru_all_full_bf", "GRU", 1, True, True, [5, 5], seed=seed + 2)  # lengths all T: as unpacked
    case("lstm_single_sentence_bf", "LSTM", 2, True, True, [1], seed=seed + 3)


if __name__ == "__main__":
    main()

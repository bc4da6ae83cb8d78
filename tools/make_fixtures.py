#!/usr/bin/python3
"""Writes tests/fixtures/*.json: reference tensors computed by PyTorch itself.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 tools/make_fixtures.py

Also tests/fixtures/print/printed.json: PyTorch's own str(t) of tensors in every print style.

Every case's weights are what `torch.manual_seed(seed)` followed by constructing the module
gives, so the fixtures also pin Recur's seeded init to PyTorch's. Small cases store x, the
state_dict and every output element. The notebook-shape cases (x of 128x28x12) store no x:
it is the formula below, exact in float32 everywhere, and their weights are the seed's;
they keep h_n/c_n whole and `output` for a few sentences (`output_rows`) to stay small.

    x[b, t, i] = ((131*b + 71*t + 29*i + 7) % 97 - 48) / 64        (batch_first layout)
"""
import json
import pathlib
import re

import numpy as np
import torch

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures"

# The notebook's table, exactly as the page opens on it (one definition: web/notebook.mjs).
NOTEBOOK_TABLE = re.search(r"`([^`]*)`", (OUT.parent.parent / "web" / "notebook.mjs").read_text()).group(1)


def table_x():
    """The notebook table as [batch, seq_len, input_size]."""
    rows = [l.strip("|").split("|") for l in NOTEBOOK_TABLE.splitlines()[2:]]
    return torch.tensor([[[float(b) for b in cell.strip()] for cell in row[:3]] for row in rows])


def formula_x(batch, seq_len, input_size):
    b, t, i = np.meshgrid(np.arange(batch), np.arange(seq_len), np.arange(input_size), indexing="ij")
    return torch.from_numpy((((131 * b + 71 * t + 29 * i + 7) % 97 - 48) / 64).astype(np.float32))


def tensor_json(t):
    a = t.detach().contiguous().numpy().astype(np.float32)
    # Non-finite values as the strings "nan", "inf", "-inf" (JSON has no spelling for them).
    data = ",".join(np.format_float_positional(v, unique=True, trim="-") if np.isfinite(v) else '"%s"' % v
                    for v in a.reshape(-1))
    return '{"shape":%s,"data":[%s]}' % (json.dumps(list(a.shape)), data)


def build(mode, input_size, hidden_size, num_layers, bias, batch_first, nonlinearity, seed, out_features=None,
          proj_size=0, bidirectional=False):
    """The module as torch.manual_seed(seed) + construction gives it; with out_features, also the
    notebook's Linear head constructed right after it: (module, head)."""
    torch.manual_seed(seed)
    if mode == "LSTM":
        model = torch.nn.LSTM(input_size, hidden_size, num_layers, bias=bias, batch_first=batch_first,
                              proj_size=proj_size, bidirectional=bidirectional)
    elif mode == "GRU":
        model = torch.nn.GRU(input_size, hidden_size, num_layers, bias=bias, batch_first=batch_first,
                             bidirectional=bidirectional)
    else:
        model = torch.nn.RNN(input_size, hidden_size, num_layers, nonlinearity=nonlinearity, bias=bias,
                             batch_first=batch_first, bidirectional=bidirectional)
    if out_features is None:
        return model
    return model, torch.nn.Linear(proj_size or hidden_size, out_features)


def step_by_step(model, mode, x_tm, h0, c0, every_h=None):
    """Every layer's every step recomputed from the state_dict, one step at a time, as the
    equations in PyTorch's docs write them: [num_layers * directions, seq_len, batch, n] tensors,
    row k * D + d for layer k, direction d (the reverse direction runs from the last step, and
    its values are stored at their own time step). With a list `every_h`, also appends
    (row, t, h_t) for each step: the graph's own tensors, for autograd.grad."""
    sd = model.state_dict()
    T, B, _ = x_tm.shape
    L, H, D = model.num_layers, model.hidden_size, 2 if model.bidirectional else 1
    R = getattr(model, "proj_size", 0) or H  # the width of h
    G = {"LSTM": 4, "GRU": 3}.get(mode, 1) * H
    names = ["input_term", "hidden_term", "preactivation", "h"] + {"LSTM": ["gates", "c"], "GRU": ["gates"]}.get(mode, [])
    rec = {n: [] for n in names}
    layer_in = x_tm
    for k in range(L):
        outputs = []
        for d in range(D):
            sfx = "_l%d%s" % (k, "_reverse" if d else "")
            w_ih, w_hh = sd["weight_ih" + sfx], sd["weight_hh" + sfx]
            b_ih = sd.get("bias_ih" + sfx, torch.zeros(G))
            b_hh = sd.get("bias_hh" + sfx, torch.zeros(G))
            row = k * D + d
            h = h0[row] if h0 is not None else torch.zeros(B, R)
            c = c0[row] if c0 is not None else torch.zeros(B, H)
            steps = {n: [None] * T for n in names}
            for t in (reversed(range(T)) if d else range(T)):
                input_term = layer_in[t] @ w_ih.T + b_ih
                hidden_term = h @ w_hh.T + b_hh
                pre = input_term + hidden_term
                if mode == "GRU":
                    ir, iz, in_ = input_term.chunk(3, 1)
                    hr, hz, hn = hidden_term.chunk(3, 1)
                    r, z = torch.sigmoid(ir + hr), torch.sigmoid(iz + hz)
                    n_in = in_ + r * hn
                    n = torch.tanh(n_in)
                    h = (1 - z) * n + z * h
                    pre = torch.cat([ir + hr, iz + hz, n_in], 1)
                    steps["gates"][t] = torch.cat([r, z, n], 1)
                elif mode == "LSTM":
                    i, f, g, o = pre.chunk(4, 1)
                    i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
                    c = f * c + i * g
                    h = o * torch.tanh(c)
                    if R != H:
                        h = h @ sd["weight_hr" + sfx].T
                    steps["gates"][t] = torch.cat([i, f, g, o], 1)
                    steps["c"][t] = c
                else:
                    h = torch.tanh(pre) if model.nonlinearity == "tanh" else torch.relu(pre)
                steps["input_term"][t] = input_term
                steps["hidden_term"][t] = hidden_term
                steps["preactivation"][t] = pre
                steps["h"][t] = h
                if every_h is not None:
                    every_h.append((row, t, h))
            for n in names:
                rec[n].append(torch.stack(steps[n]))
            outputs.append(torch.stack(steps["h"]))
        layer_in = torch.cat(outputs, 2)  # [T, B, D * R]: both directions side by side
    return {n: torch.stack(v) for n, v in rec.items()}


def poison_weights(model, poison):
    with torch.no_grad():
        for key, values in (poison or {}).items():
            flat = getattr(model, key).view(-1)
            for index, value in values.items():
                flat[index] = value


def case(name, description, mode, x_bf, hidden_size, num_layers=1, bias=True, batch_first=True,
         nonlinearity="tanh", seed=0, with_h0=False, table=None, formula=False, rand_seed=None, output_rows=None,
         poison=None, out_features=2, unbatched=False, proj_size=0, bidirectional=False):
    """x_bf is [batch, seq_len, input_size]; the case's own layout follows batch_first.
    poison: {state_dict key: {flat index: value}} written into the weights after seeding.
    x is stored unless formula (the formula above) or rand_seed (torch.manual_seed(rand_seed);
    torch.rand(x's shape), the playground's random input) says how to make it.
    Small cases also store every step's intermediates, recomputed step by step; every case
    stores the Linear(hidden_size, out_features) head on h_n[-1]: logits and softmax.
    unbatched: x_bf holds one sentence, given to PyTorch as 2-D [seq_len, input_size] (h0/c0 as
    [num_layers, hidden_size]), the outputs coming back without a batch dimension."""
    batch, seq_len, input_size = x_bf.shape
    config = dict(mode=mode, input_size=input_size, hidden_size=hidden_size, num_layers=num_layers,
                  bias=bias, batch_first=batch_first, nonlinearity=nonlinearity, proj_size=proj_size,
                  bidirectional=bidirectional)
    model, head = build(mode, input_size, hidden_size, num_layers, bias, batch_first, nonlinearity, seed,
                        out_features, proj_size, bidirectional)
    model.eval()
    poison_weights(model, poison)
    x = x_bf[0] if unbatched else x_bf if batch_first else x_bf.transpose(0, 1).contiguous()
    g = torch.Generator().manual_seed(1000 + seed)
    h0 = c0 = None
    if with_h0:
        width = proj_size or hidden_size  # h is proj_size wide with a projection, c never
        rows = num_layers * (2 if bidirectional else 1)
        h0 = torch.rand(*((rows, width) if unbatched else (rows, batch, width)), generator=g) * 2 - 1
        state = (rows, hidden_size) if unbatched else (rows, batch, hidden_size)
        c0 = torch.rand(*state, generator=g) * 2 - 1 if mode == "LSTM" else None
    with torch.no_grad():
        if mode == "LSTM":
            output, (h_n, c_n) = model(x, (h0, c0) if with_h0 else None)
        else:  # RNN and GRU
            output, h_n = model(x, h0)
            c_n = None

        # The other layout gives the same numbers, transposed: the tests rely on it.
        other = build(mode, input_size, hidden_size, num_layers, bias, not batch_first, nonlinearity, seed,
                      proj_size=proj_size, bidirectional=bidirectional).eval()
        poison_weights(other, poison)
        x_other = x if unbatched else x.transpose(0, 1).contiguous()  # unbatched: batch_first changes nothing
        out_other = other(x_other, ((h0, c0) if mode == "LSTM" else h0) if with_h0 else None)[0]
        assert torch.equal((out_other if unbatched else out_other.transpose(0, 1)).nan_to_num(7), output.nan_to_num(7)), name
        # The notebook's point: the last time step of output is the last layer of h_n.
        # (Bidirectional: the forward half of the last step is the last layer's forward row.)
        last = output[:, -1] if batch_first and not unbatched else output[-1]
        width = proj_size or hidden_size
        top = h_n[-2] if bidirectional else h_n[-1]
        assert torch.equal(last[..., :width].nan_to_num(7), top.nan_to_num(7)), name

        logits = head(h_n[-1:] if unbatched else h_n[-1])  # unbatched: one sentence, [1, out_features]
        probabilities = torch.softmax(logits, dim=-1)
        small = not formula and rand_seed is None
        if unbatched:  # step by step as a batch of one: [num_layers, seq_len, 1, n]
            steps = step_by_step(model, mode, x.unsqueeze(1), None if h0 is None else h0.unsqueeze(1),
                                 None if c0 is None else c0.unsqueeze(1))
        else:
            steps = step_by_step(model, mode, x if not batch_first else x.transpose(0, 1), h0, c0) if small else None
        if steps is not None:  # the recomputation is the module's forward, step by step
            top = torch.cat(list(steps["h"][-(2 if bidirectional else 1):]), 2)  # the last layer's directions, [T, B, D*R]
            top = top[:, 0] if unbatched else top.transpose(0, 1) if batch_first else top
            assert torch.allclose(top, output, atol=1e-6, equal_nan=True), name

    parts = ['"name":%s' % json.dumps(name), '"description":%s' % json.dumps(description), '"unbatched":%s' % json.dumps(unbatched),
             '"torch_version":%s' % json.dumps(torch.__version__), '"config":%s' % json.dumps(config),
             '"seed":%d' % seed, '"weights_modified":%s' % json.dumps(poison is not None)]
    if table is not None:
        parts.append('"table":%s' % json.dumps(table))
    if formula:
        parts.append('"x_formula":"((131*b + 71*t + 29*i + 7) %% 97 - 48) / 64","x_shape":%s'
                     % json.dumps(list(x.shape)))
    elif rand_seed is not None:
        flat = x.reshape(-1)
        parts.append('"x_rand_seed":%d,"x_shape":%s,"x_first":%s,"x_last":%s' % (
            rand_seed, json.dumps(list(x.shape)), tensor_json(flat[:16]), tensor_json(flat[-16:])))
    else:
        parts.append('"x":' + tensor_json(x))
        parts.append('"state_dict":{%s}' % ",".join('"%s":%s' % (k, tensor_json(v))
                                                     for k, v in model.state_dict().items()))
    parts.append('"h0":' + (tensor_json(h0) if h0 is not None else "null"))
    parts.append('"c0":' + (tensor_json(c0) if c0 is not None else "null"))
    if output_rows is not None:
        rows = output[output_rows] if batch_first else output[:, output_rows]
        parts.append('"output_rows":%s' % json.dumps(output_rows))
        parts.append('"output":' + tensor_json(rows))
    else:
        parts.append('"output":' + tensor_json(output))
    parts.append('"h_n":' + tensor_json(h_n))
    parts.append('"c_n":' + (tensor_json(c_n) if c_n is not None else "null"))
    parts.append('"head":{"out_features":%d,"state_dict":{"weight":%s,"bias":%s},"logits":%s,"probabilities":%s}' % (
        out_features, tensor_json(head.weight), tensor_json(head.bias), tensor_json(logits), tensor_json(probabilities)))
    # str() of every result, exactly as PyTorch prints it (the page's print() view is compared to it).
    printed = {"output": str(output), "h_n": str(h_n), "logits": str(logits)}
    if c_n is not None:
        printed["c_n"] = str(c_n)
    parts.append('"printed":' + json.dumps(printed))
    if steps is not None:
        parts.append('"intermediates":{%s}' % ",".join('"%s":%s' % (k, tensor_json(v)) for k, v in steps.items()))
    (OUT / (name + ".json")).write_text("{" + ",\n".join(parts) + "}\n")
    print("wrote", name)


def combinations(g):
    """Every option against every other: mode x bidirectional x proj_size x layers x batch_first x
    h0 (64 small cases, tests/fixtures/combo_*.json), their sizes cycling through the odd ones
    (hidden 1, 5, 7, 33; seq_len 1..4; batch 1..3) and one in four with saturating inputs."""
    import itertools
    n = 0
    for mode, bidirectional, proj, layers, batch_first, with_h0 in itertools.product(
            ["RNN", "LSTM", "GRU"], [False, True], [0, 1], [1, 2], [True, False], [False, True]):
        if proj and mode != "LSTM":
            continue
        hidden = [1, 5, 7, 33][n % 4]
        if proj and hidden == 1:
            hidden = 5  # proj_size must be smaller than hidden_size
        proj_size = max(1, hidden // 3) if proj else 0
        seq_len, batch, input_size = 1 + n % 4, 1 + n % 3, [1, 3, 4][n % 3]
        scale = 40 if n % 4 == 3 else 2
        x = (torch.rand(batch, seq_len, input_size, generator=g) * 2 - 1) * scale
        flags = "%s%s%s_l%d_%s%s" % (mode.lower(), "_bi" if bidirectional else "", "_proj" if proj_size else "",
                                    layers, "bf" if batch_first else "sf", "_h0" if with_h0 else "")
        case("combo_" + flags, "Combination %d: %s hidden %d proj %d, %d layers, bidirectional %s, x %s, |x| <= %d"
             % (n, mode, hidden, proj_size, layers, bidirectional, list(x.shape), scale),
             mode, x, hidden, num_layers=layers, batch_first=batch_first, seed=100 + n, with_h0=with_h0,
             nonlinearity="relu" if n % 5 == 2 else "tanh", bias=n % 6 != 4, bidirectional=bidirectional,
             proj_size=proj_size)
        n += 1


def write_safetensors(path, tensors, dtype="F32"):
    """The .safetensors format by hand (Debian has no python3-safetensors): an 8-byte little-endian
    header length, the JSON header (compact, in state_dict order, padded with spaces to a multiple
    of 8 bytes, as the safetensors library does), then the raw little-endian data."""
    torch_dtype = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}[dtype]
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().to(torch_dtype).contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()  # little-endian here
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    path.write_bytes(len(text).to_bytes(8, "little") + text + b"".join(blobs))


def read_safetensors(path):
    """Reads what write_safetensors wrote (F32 only) back into torch tensors."""
    raw = path.read_bytes()
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    return {k: torch.frombuffer(bytearray(data[v["data_offsets"][0]:v["data_offsets"][1]]), dtype=torch.float32).reshape(v["shape"])
            for k, v in header.items() if k != "__metadata__"}


def trained_weights():
    """tests/fixtures/weights/: a tiny LSTM (3 -> 8) with a Linear head, trained 40 Adam steps on
    the notebook table's labels, its state_dict as JSON ({name: {shape, data}}, the README's
    snippet) and as .safetensors in float32, float16 and bfloat16, and what PyTorch computes with
    each on the notebook table."""
    out = OUT / "weights"
    out.mkdir(exist_ok=True)
    torch.manual_seed(3)
    lstm, head = torch.nn.LSTM(3, 8, batch_first=True), torch.nn.Linear(8, 2)
    x, y = table_x(), torch.tensor([1, 0, 1, 1, 0, 0])
    optimizer = torch.optim.Adam(list(lstm.parameters()) + list(head.parameters()), lr=0.05)
    losses = []
    for _ in range(40):
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(head(lstm(x)[1][0][-1]), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    sd = lstm.state_dict()
    (out / "trained_lstm.json").write_text("{" + ",".join('"%s":%s' % (k, tensor_json(v)) for k, v in sd.items()) + "}\n")
    write_safetensors(out / "trained_lstm.safetensors", sd)
    write_safetensors(out / "trained_lstm_f16.safetensors", sd, "F16")
    write_safetensors(out / "trained_lstm_bf16.safetensors", sd, "BF16")
    back = read_safetensors(out / "trained_lstm.safetensors")  # the file loads back into PyTorch
    assert all(torch.equal(back[k], v) for k, v in sd.items())
    # The JSON format (what Recur's "Save .json" writes) loads back through torch.tensor, exactly.
    loaded = json.loads((out / "trained_lstm.json").read_text())
    again = torch.nn.LSTM(3, 8, batch_first=True)
    again.load_state_dict({k: torch.tensor(v["data"], dtype=torch.float32).reshape(v["shape"]) for k, v in loaded.items()})
    assert all(torch.equal(again.state_dict()[k], v) for k, v in sd.items())
    expected = {"config": dict(mode="LSTM", input_size=3, hidden_size=8, num_layers=1, bias=True, batch_first=True),
                "losses": [losses[0], losses[-1]]}
    parts = []
    for name, cast in [("f32", torch.float32), ("f16", torch.float16), ("bf16", torch.bfloat16)]:
        model = torch.nn.LSTM(3, 8, batch_first=True)
        model.load_state_dict({k: v.to(cast).float() for k, v in sd.items()})
        with torch.no_grad():
            output, (h_n, c_n) = model(x)
        parts.append('"%s":{"state_dict":{%s},"output":%s,"h_n":%s,"c_n":%s}' % (
            name, ",".join('"%s":%s' % (k, tensor_json(v.to(cast).float())) for k, v in sd.items()),
            tensor_json(output), tensor_json(h_n), tensor_json(c_n)))
    (out / "trained_lstm_expected.json").write_text(
        "{" + ",".join(['"config":%s' % json.dumps(expected["config"]), '"losses":%s' % json.dumps(expected["losses"])] + parts) + "}\n")
    print("wrote weights/ (loss %.4f -> %.4f)" % (losses[0], losses[-1]))


def print_cases():
    """tests/fixtures/print/printed.json: str(t) as PyTorch prints it, for the tensor formatter.
    A tensor is stored whole, or as the formula x (then only its shape is stored)."""
    g = torch.Generator().manual_seed(11)
    cases = [
        ("table x (integer style)", table_x(), False),
        ("hidden state", torch.rand(1, 6, 4, generator=g) * 2 - 1, False),
        ("wide vector wraps at 80 columns", torch.rand(100, generator=g) * 2 - 1, False),
        ("scientific: tiny values", torch.tensor([1e-5, 0.5, -0.25, 3e-6]), False),
        ("scientific: large ratio", torch.tensor([[1000.5, 0.25], [-0.5, 2.0]]), False),
        ("integer style, scientific", torch.tensor([1.0, 2e9, -3.0]), False),
        ("nan, inf and negative zero", torch.tensor([float("nan"), float("inf"), -float("inf"), -0.0, 0.5]), False),
        ("all zeros", torch.zeros(2, 3), False),
        ("scalar", torch.tensor(0.123456), False),
        ("summarized 2-D", formula_x(1, 40, 50)[0], True),
        ("summarized notebook x", formula_x(128, 28, 12), True),
    ]
    entries = []
    for name, t, formula in cases:
        entry = '{"name":%s,"text":%s,' % (json.dumps(name), json.dumps(str(t)))
        entry += ('"formula_shape":%s}' % json.dumps(list(t.shape))) if formula else ('"tensor":%s}' % tensor_json(t))
        entries.append(entry)
    (OUT / "print").mkdir(exist_ok=True)
    (OUT / "print" / "printed.json").write_text("[" + ",\n".join(entries) + "]\n")
    print("wrote print/printed.json")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    print_cases()
    trained_weights()
    tx = table_x()
    g = torch.Generator().manual_seed(7)
    case("rnn_table", "The notebook table, nn.RNN(3, 4, batch_first=True)", "RNN", tx, 4, table=NOTEBOOK_TABLE)
    case("lstm_table", "The notebook table, nn.LSTM(3, 4, batch_first=True)", "LSTM", tx, 4, table=NOTEBOOK_TABLE)
    case("rnn_relu_3_layers_h0", "RNN relu, 3 layers, hidden 5, seq-first, random h0", "RNN", tx, 5,
         num_layers=3, batch_first=False, nonlinearity="relu", seed=1, with_h0=True, table=NOTEBOOK_TABLE)
    case("lstm_no_bias_h0_c0", "LSTM 2 layers, hidden 3, bias=False, random h0 and c0", "LSTM", tx, 3,
         num_layers=2, bias=False, seed=2, with_h0=True, table=NOTEBOOK_TABLE)
    case("rnn_odd_sizes_one_step", "RNN tanh, input 7, hidden 33, 2 layers, no bias, seq_len 1, batch 1",
         "RNN", torch.rand(1, 1, 7, generator=g) * 2 - 1, 33, num_layers=2, bias=False,
         batch_first=False, seed=3)
    case("lstm_saturating", "LSTM input 5, hidden 7, 2 layers, |x| up to 30 (saturated gates)",
         "LSTM", torch.rand(3, 4, 5, generator=g) * 60 - 30, 7, num_layers=2, seed=4294967295, with_h0=True)
    case("rnn_hidden_1", "RNN tanh, hidden 1, seq_len 9 (the smallest state)", "RNN",
         torch.rand(2, 9, 2, generator=g) * 4 - 2, 1, seed=5)
    special = torch.tensor([[[float("nan"), 0.0], [1.0, 0.0]], [[float("inf"), 0.0], [0.0, 1.0]],
                            [[-float("inf"), 1.0], [0.5, 0.5]], [[float("inf"), -float("inf")], [1.0, 1.0]],
                            [[0.25, -0.5], [1.0, 0.0]]])
    case("lstm_nan_inf_inputs", "LSTM with NaN, +inf and -inf in x: which outputs turn NaN, which saturate",
         "LSTM", special, 3, seed=6)
    case("rnn_relu_nan_inf_weights", "RNN relu, 2 layers, with NaN and inf written into the weights",
         "RNN", special, 3, num_layers=2, nonlinearity="relu", seed=8,
         poison={"weight_hh_l0": {4: float("inf")}, "weight_ih_l1": {0: float("nan")}, "bias_hh_l1": {2: -float("inf")}})
    nx = formula_x(128, 28, 12)
    case("gru_table", "The notebook table, nn.GRU(3, 4, batch_first=True)", "GRU", tx, 4, table=NOTEBOOK_TABLE)
    case("gru_no_bias_3_layers_h0", "GRU hidden 5, 3 layers, bias=False, seq-first, random h0", "GRU", tx, 5,
         num_layers=3, bias=False, batch_first=False, seed=9, with_h0=True, table=NOTEBOOK_TABLE)
    case("gru_saturating_odd", "GRU input 7, hidden 33, 2 layers, |x| up to 30, random h0", "GRU",
         torch.rand(3, 5, 7, generator=g) * 60 - 30, 33, num_layers=2, seed=10, with_h0=True)
    case("lstm_unbatched_h0", "LSTM 2 layers, hidden 3, one sentence as 2-D x [seq_len, input_size], 2-D h0 and c0",
         "LSTM", tx[3:4], 3, num_layers=2, seed=11, with_h0=True, unbatched=True, table=None)
    case("gru_unbatched", "GRU hidden 5, one sentence as 2-D x, batch_first=False", "GRU", tx[4:5], 5,
         batch_first=False, seed=12, unbatched=True)
    case("rnn_relu_unbatched_h0", "RNN relu, hidden 4, one sentence as 2-D x, 2-D h0, batch_first=True", "RNN",
         tx[0:1], 4, nonlinearity="relu", seed=13, with_h0=True, unbatched=True)
    case("lstm_proj_table", "The notebook table, nn.LSTM(3, 5, proj_size=2, batch_first=True)", "LSTM", tx, 5,
         table=NOTEBOOK_TABLE, seed=14, proj_size=2)
    case("lstm_proj_2_layers_h0", "LSTM hidden 7, proj_size 3, 2 layers, no bias, seq-first, random h0 [2, B, 3] and c0",
         "LSTM", tx, 7, num_layers=2, bias=False, batch_first=False, seed=15, with_h0=True, table=NOTEBOOK_TABLE,
         proj_size=3)
    case("lstm_proj_odd_unbatched", "LSTM input 7, hidden 33, proj_size 1, 3 layers, one sentence (2-D), |x| up to 10",
         "LSTM", torch.rand(1, 6, 7, generator=g) * 20 - 10, 33, num_layers=3, seed=16, with_h0=True, unbatched=True,
         proj_size=1)
    case("lstm_bidirectional_table", "The notebook table, nn.LSTM(3, 4, bidirectional=True, batch_first=True)", "LSTM", tx,
         4, table=NOTEBOOK_TABLE, seed=17, bidirectional=True)
    case("gru_bidirectional_2_layers_h0", "GRU hidden 5, 2 layers, bidirectional, seq-first, random h0 [4, B, 5]", "GRU", tx, 5,
         num_layers=2, batch_first=False, seed=18, with_h0=True, table=NOTEBOOK_TABLE, bidirectional=True)
    case("rnn_relu_bidirectional_3_layers_no_bias", "RNN relu, hidden 3, 3 layers, bidirectional, no bias", "RNN", tx, 3,
         num_layers=3, bias=False, nonlinearity="relu", seed=19, table=NOTEBOOK_TABLE, bidirectional=True)
    case("lstm_bidirectional_proj_unbatched", "LSTM hidden 6, proj_size 2, 2 layers, bidirectional, one 2-D sentence, h0 and c0",
         "LSTM", tx[5:6], 6, num_layers=2, seed=20, with_h0=True, unbatched=True, proj_size=2, bidirectional=True)
    combinations(torch.Generator().manual_seed(21))
    case("rnn_notebook_shape", "The notebook's x of 128x28x12, nn.RNN(12, 64, num_layers=2), h0 zeros",
         "RNN", nx, 64, num_layers=2, formula=True, output_rows=[0, 37, 127], out_features=10)
    case("lstm_notebook_shape", "The notebook's x of 128x28x12, nn.LSTM(12, 64, num_layers=1)",
         "LSTM", nx, 64, num_layers=1, batch_first=False, formula=True, output_rows=[0, 37, 127], out_features=10)
    # The playground's "notebook, random input" preset: x = torch.rand(128, 28, 12) after
    # torch.manual_seed(0), as the notebook draws it, and its Linear(64 -> 10).
    torch.manual_seed(0)
    rx = torch.rand(128, 28, 12)
    case("rnn_notebook_random", "The notebook's example: x = torch.rand(128, 28, 12), nn.RNN(12, 64, 2), Linear(64, 10)",
         "RNN", rx, 64, num_layers=2, rand_seed=0, output_rows=[0, 64, 127], out_features=10)


if __name__ == "__main__":
    main()

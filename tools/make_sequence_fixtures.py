#!/usr/bin/python3
"""Writes tests/fixtures/sequence/*.json: per-step (many-to-many) training computed by PyTorch autograd.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 tools/make_sequence_fixtures.py

Each case is the loop Recur's SequenceTrainer runs (createTrainer(model, {per_step: true})), in PyTorch:

    torch.manual_seed(seed); rnn = nn.RNN/LSTM/GRU(...); head = nn.Linear(h width, classes)
    output, h = rnn(x, h0); logits = head(output)
    loss = nn.CrossEntropyLoss()(logits.reshape(-1, classes), y.reshape(-1))   # mean over every step

x is one-hot (a character model's input), y the class of every step. It stores the loss and the
gradient of every parameter (state_dict names, then head.weight, head.bias), of x, h0 and c0, the
states h_n / c_n the chunk ends in, then `steps` optimizer steps (zero_grad, backward,
clip_grad_norm_ when max_grad_norm > 0, step) cycling through the chunks. Stateful cases start
from a state carried from a previous chunk (h_n of a forward on another chunk, detached) and carry
h.detach() from each step's chunk into the next, back to zeros when the chunks start over
("reset"), as truncated backpropagation through time does.
"""
import json

import torch

from make_fixtures import OUT, build, tensor_json
from make_training_fixtures import optimizer_for

SEQUENCE = OUT / "sequence"


def one_hot(ids, classes):
    return torch.nn.functional.one_hot(ids, classes).float()


def run(model, head, mode, x, state):
    output, state = model(x, state)
    return head(output), state


def detach(state):
    if state is None:
        return None
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


def case(name, description, mode, classes, batch, seq_len, hidden_size, num_layers=1, batch_first=True,
         nonlinearity="tanh", bias=True, seed=0, proj_size=0, stateful=False, unbatched=False, chunks=3,
         optimizer=None, max_grad_norm=0.0, steps=20):
    optimizer = optimizer or {"kind": "adam", "lr": 0.01}
    model, head = build(mode, classes, hidden_size, num_layers, bias, batch_first, nonlinearity, seed, classes,
                        proj_size)
    g = torch.Generator().manual_seed(seed + 2000)
    layout = (lambda ids: ids) if batch_first else (lambda ids: ids.transpose(0, 1).contiguous())
    data = []
    for _ in range(chunks + 1):  # the first is the "previous chunk" a stateful case starts after
        ids = torch.randint(0, classes, (batch, seq_len + 1), generator=g)
        x_ids, y_ids = layout(ids[:, :-1]), layout(ids[:, 1:])
        if unbatched:
            x_ids, y_ids = x_ids[0] if batch_first else x_ids[:, 0], y_ids[0] if batch_first else y_ids[:, 0]
        data.append((one_hot(x_ids, classes), y_ids))
    previous, data = data[0], data[1:]
    state0 = None
    if stateful:
        with torch.no_grad():
            state0 = detach(model(previous[0])[1])
    x, y = data[0]
    x = x.clone().requires_grad_()
    leaves = []
    if state0 is not None:
        if mode == "LSTM":
            state0 = tuple(s.clone().requires_grad_() for s in state0)
            leaves = list(state0)
        else:
            state0 = state0.clone().requires_grad_()
            leaves = [state0]
    logits, state_n = run(model, head, mode, x, state0)
    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, classes), y.reshape(-1))
    loss.backward()
    grads = {n: p.grad.clone() for n, p in model.named_parameters()}
    grads.update({"head." + n: p.grad.clone() for n, p in head.named_parameters()})
    h_n = state_n[0] if mode == "LSTM" else state_n
    c_n = state_n[1] if mode == "LSTM" else None
    start = {n: v.clone() for n, v in model.state_dict().items()}
    head_start = {n: v.clone() for n, v in head.state_dict().items()}

    params = list(model.parameters()) + list(head.parameters())
    for p in params:
        p.grad = None
    opt = optimizer_for(params, optimizer)
    losses, schedule = [], []
    state = detach(state0)
    for s in range(steps):
        i = s % chunks
        reset = stateful and s > 0 and i == 0
        if reset or not stateful:
            state = None
        schedule.append({"chunk": i, "reset": reset})
        cx, cy = data[i]
        opt.zero_grad()
        logits, new_state = run(model, head, mode, cx, state)
        step_loss = torch.nn.functional.cross_entropy(logits.reshape(-1, classes), cy.reshape(-1))
        step_loss.backward()
        if max_grad_norm > 0:
            torch.nn.utils.clip_grad_norm_(params, max_grad_norm)
        opt.step()
        losses.append(step_loss.item())
        state = detach(new_state)  # truncated BPTT: the next chunk starts here, with no graph behind it

    def tensors(d):
        return "{%s}" % ",".join('"%s":%s' % (k, tensor_json(v)) for k, v in d.items())

    def ids_json(t):
        return '{"shape":%s,"data":%s}' % (json.dumps(list(t.shape)), json.dumps(t.reshape(-1).tolist()))

    config = {"mode": mode, "input_size": classes, "hidden_size": hidden_size, "num_layers": num_layers,
              "bias": bias, "batch_first": batch_first, "nonlinearity": nonlinearity, "proj_size": proj_size,
              "bidirectional": False}
    h0 = leaves[0] if leaves else None
    c0 = leaves[1] if len(leaves) > 1 else None
    fields = [
        ("name", json.dumps(name)), ("description", json.dumps(description)),
        ("torch_version", json.dumps(torch.__version__)), ("config", json.dumps(config)), ("seed", str(seed)),
        ("out_features", str(classes)), ("stateful", json.dumps(stateful)), ("unbatched", json.dumps(unbatched)),
        ("optimizer", json.dumps(optimizer)), ("max_grad_norm", repr(float(max_grad_norm))),
        ("chunks", "[%s]" % ",".join('{"x":%s,"y":%s}' % (tensor_json(cx), ids_json(cy)) for cx, cy in data)),
        ("h0", tensor_json(h0) if h0 is not None else "null"),
        ("c0", tensor_json(c0) if c0 is not None else "null"),
        ("state_dict", tensors(start)), ("head_state_dict", tensors(head_start)),
        ("loss", repr(loss.item())), ("gradients", tensors(grads)), ("d_x", tensor_json(x.grad)),
        ("d_h0", tensor_json(h0.grad) if h0 is not None else "null"),
        ("d_c0", tensor_json(c0.grad) if c0 is not None else "null"),
        ("h_n", tensor_json(h_n)), ("c_n", tensor_json(c_n) if c_n is not None else "null"),
        ("steps", str(steps)), ("schedule", json.dumps(schedule)), ("losses", json.dumps(losses)),
        ("after", tensors(model.state_dict())), ("head_after", tensors(head.state_dict())),
    ]
    SEQUENCE.mkdir(parents=True, exist_ok=True)
    (SEQUENCE / (name + ".json")).write_text("{%s}\n" % ",\n".join('"%s":%s' % kv for kv in fields))


def main():
    torch.set_num_threads(1)
    for mode in ["RNN", "LSTM", "GRU"]:
        m = mode.lower()
        case(m + "_chars", "%s: 7 characters, batch 3, seq_len 5, hidden 6, Adam lr 0.02" % mode, mode, 7, 3, 5, 6,
             seed=1, optimizer={"kind": "adam", "lr": 0.02})
        case(m + "_chars_stateful", "%s: as %s_chars, stateful: h0 carried (detached) from a previous chunk and "
             "from chunk to chunk" % (mode, m), mode, 7, 3, 5, 6, seed=1, stateful=True,
             optimizer={"kind": "adam", "lr": 0.02})
        case(m + "_seq_first_2_layers_stateful_sgd_clip", "%s: seq-first, 2 layers, 11 classes, stateful, SGD momentum, "
             "clip 0.5" % mode, mode, 11, 4, 6, 5, num_layers=2, batch_first=False, seed=2, stateful=True,
             optimizer={"kind": "sgd", "lr": 0.5, "momentum": 0.9}, max_grad_norm=0.5)
    case("lstm_proj_stateful", "LSTM hidden 8, proj_size 3, 5 classes, stateful, Adam weight_decay", "LSTM", 5, 2, 7,
         8, seed=3, proj_size=3, stateful=True, optimizer={"kind": "adam", "lr": 0.03, "weight_decay": 0.01})
    case("gru_unbatched_stateful", "GRU, one sentence as 2-D x and y [seq_len], stateful", "GRU", 6, 1, 9, 5,
         seed=4, stateful=True, unbatched=True, optimizer={"kind": "adam", "lr": 0.05})
    case("rnn_relu_no_bias_65_chars", "RNN relu, bias=False, 65 classes (a character vocabulary), hidden 16, batch 4, "
         "seq_len 8", "RNN", 65, 4, 8, 16, nonlinearity="relu", bias=False, seed=5,
         optimizer={"kind": "adam", "lr": 0.01})
    case("lstm_65_chars_stateful", "LSTM hidden 16, 65 classes, batch 4, seq_len 8, stateful, clip 1.0", "LSTM", 65, 4,
         8, 16, seed=6, stateful=True, optimizer={"kind": "adam", "lr": 0.01}, max_grad_norm=1.0)


if __name__ == "__main__":
    main()

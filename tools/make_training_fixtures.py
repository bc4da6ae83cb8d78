#!/usr/bin/python3
"""Writes tests/fixtures/training/*.json: gradients and optimizer runs computed by PyTorch autograd.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 tools/make_training_fixtures.py

Each case is the loop Recur's Trainer runs, in PyTorch:

    torch.manual_seed(seed); rnn = nn.RNN/LSTM/GRU(...); head = nn.Linear(h width, out_features)
    h_n = rnn(x, h0)[1] (LSTM: [1][0]); loss = nn.CrossEntropyLoss()(head(h_n[-1]), y)

It stores the loss, the gradient of every parameter (state_dict names, then head.weight and
head.bias), of x, h0 and c0 (with no h0 given, the gradient of the zeros PyTorch starts from),
||dL/dh_t|| for every layer, direction, step and sentence (autograd.grad on the step-by-step
recomputation of make_fixtures.py), then `steps` optimizer steps from the same start (zero_grad,
backward, clip_grad_norm_ when max_grad_norm > 0, step): every step's loss and the parameters
after the last.
"""
import itertools
import json

import torch

from make_fixtures import OUT, build, step_by_step, table_x, tensor_json

TRAINING = OUT / "training"
LABELS = [1, 0, 1, 1, 0, 0]  # the notebook table's y column


def optimizer_for(params, o):
    if o["kind"] == "sgd":
        return torch.optim.SGD(params, lr=o["lr"], momentum=o.get("momentum", 0), dampening=o.get("dampening", 0),
                               weight_decay=o.get("weight_decay", 0), nesterov=o.get("nesterov", False))
    return torch.optim.Adam(params, lr=o["lr"], betas=(o.get("beta1", 0.9), o.get("beta2", 0.999)),
                            eps=o.get("eps", 1e-8), weight_decay=o.get("weight_decay", 0))


def loss_of(model, head, mode, x, y, h0, c0):
    state = (h0, c0) if mode == "LSTM" else h0
    h_n = model(x, state)[1]
    if mode == "LSTM":
        h_n = h_n[0]
    return torch.nn.functional.cross_entropy(head(h_n[-1]), y)


def hidden_norms(model, head, mode, x_tm, y, h0, c0):
    """||dL/dh_t|| [L*D, T, B]: every step's h of the step-by-step recomputation, differentiated."""
    every_h = []
    # h0 requiring grad puts every h_t in the graph (the state_dict's tensors are detached).
    h0 = h0.clone().requires_grad_()
    rec = step_by_step(model, mode, x_tm, h0, c0, every_h)
    S, T = rec["h"].shape[0], rec["h"].shape[1]
    top = rec["h"][S - 1][0 if model.bidirectional else T - 1]  # h_n[-1]
    loss = torch.nn.functional.cross_entropy(head(top), y)
    grads = torch.autograd.grad(loss, [h for _, _, h in every_h])
    norms = torch.zeros(S, T, x_tm.shape[1])
    for (row, t, _), g in zip(every_h, grads):
        norms[row, t] = g.norm(dim=1)
    return loss, norms


def case(name, description, mode, x_bf, y, hidden_size, num_layers=1, bias=True, batch_first=True,
         nonlinearity="tanh", seed=0, proj_size=0, bidirectional=False, with_h0=False, unbatched=False,
         out_features=2, optimizer=None, max_grad_norm=0.0, steps=20):
    optimizer = optimizer or {"kind": "adam", "lr": 0.01}
    B, T, I = x_bf.shape
    model, head = build(mode, I, hidden_size, num_layers, bias, batch_first, nonlinearity, seed, out_features,
                        proj_size, bidirectional)
    S, R = num_layers * (2 if bidirectional else 1), proj_size or hidden_size
    g = torch.Generator().manual_seed(seed + 1000)
    h0 = torch.rand(S, B, R, generator=g) * 2 - 1 if with_h0 else torch.zeros(S, B, R)
    c0 = (torch.rand(S, B, hidden_size, generator=g) * 2 - 1 if with_h0 else torch.zeros(S, B, hidden_size)) \
        if mode == "LSTM" else None
    y = torch.tensor(y)
    x_tm = x_bf.transpose(0, 1).contiguous()
    norms_loss, norms = hidden_norms(model, head, mode, x_tm, y, h0, c0)
    # The case's own layout: unbatched cases drop the batch of one.
    x = x_bf[0] if unbatched else (x_bf if batch_first else x_tm)
    hx = h0[:, 0] if unbatched else h0
    cx = (c0[:, 0] if unbatched else c0) if c0 is not None else None
    y_case = y[0] if unbatched else y
    x, hx = x.clone().requires_grad_(), hx.clone().requires_grad_()
    if cx is not None:
        cx = cx.clone().requires_grad_()
    loss = loss_of(model, head, mode, x, y_case, hx, cx)
    loss.backward()
    assert abs(loss.item() - norms_loss.item()) < 1e-5, (name, loss.item(), norms_loss.item())
    grads = {n: p.grad.clone() for n, p in model.named_parameters()}
    grads.update({"head." + n: p.grad.clone() for n, p in head.named_parameters()})
    start = {n: v.clone() for n, v in model.state_dict().items()}
    head_start = {n: v.clone() for n, v in head.state_dict().items()}

    params = list(model.parameters()) + list(head.parameters())
    for p in params:
        p.grad = None
    opt = optimizer_for(params, optimizer)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        step_loss = loss_of(model, head, mode, x.detach(), y_case, hx.detach(), cx.detach() if cx is not None else None)
        step_loss.backward()
        if max_grad_norm > 0:
            torch.nn.utils.clip_grad_norm_(params, max_grad_norm)
        opt.step()
        losses.append(step_loss.item())

    def tensors(d):
        return "{%s}" % ",".join('"%s":%s' % (k, tensor_json(v)) for k, v in d.items())

    config = {"mode": mode, "input_size": I, "hidden_size": hidden_size, "num_layers": num_layers, "bias": bias,
              "batch_first": batch_first, "nonlinearity": nonlinearity, "proj_size": proj_size,
              "bidirectional": bidirectional}
    fields = [
        ("name", json.dumps(name)), ("description", json.dumps(description)),
        ("torch_version", json.dumps(torch.__version__)), ("config", json.dumps(config)), ("seed", str(seed)),
        ("unbatched", json.dumps(unbatched)), ("out_features", str(out_features)),
        ("optimizer", json.dumps(optimizer)), ("max_grad_norm", repr(float(max_grad_norm))),
        ("x", tensor_json(x)), ("y", json.dumps(y_case.reshape(-1).tolist())),
        ("h0", tensor_json(hx) if with_h0 else "null"),
        ("c0", tensor_json(cx) if with_h0 and cx is not None else "null"),
        ("state_dict", tensors(start)), ("head_state_dict", tensors(head_start)),
        ("loss", repr(loss.item())), ("gradients", tensors(grads)),
        ("d_x", tensor_json(x.grad)), ("d_h0", tensor_json(hx.grad)),
        ("d_c0", tensor_json(cx.grad) if cx is not None else "null"),
        ("hidden_norms", tensor_json(norms)),
        ("steps", str(steps)), ("losses", json.dumps(losses)),
        ("after", tensors(model.state_dict())), ("head_after", tensors(head.state_dict())),
    ]
    TRAINING.mkdir(parents=True, exist_ok=True)
    (TRAINING / (name + ".json")).write_text("{%s}\n" % ",\n".join('"%s":%s' % kv for kv in fields))


def main():
    torch.set_num_threads(1)
    tx = table_x()
    g = torch.Generator().manual_seed(31)
    case("rnn_table_adam", "The notebook table and its y, nn.RNN(3, 4) + Linear(4, 2), Adam lr 0.05", "RNN", tx,
         LABELS, 4, optimizer={"kind": "adam", "lr": 0.05})
    case("lstm_table_adam", "The notebook table and its y, nn.LSTM(3, 4) + Linear(4, 2), Adam lr 0.05", "LSTM", tx,
         LABELS, 4, optimizer={"kind": "adam", "lr": 0.05})
    case("gru_table_sgd_momentum", "The notebook table, nn.GRU(3, 4), SGD lr 0.5 momentum 0.9", "GRU", tx, LABELS, 4,
         optimizer={"kind": "sgd", "lr": 0.5, "momentum": 0.9}, seed=1)
    case("rnn_relu_2_layers_h0_nesterov", "RNN relu, 2 layers, seq-first, random h0, SGD nesterov, weight_decay",
         "RNN", tx, LABELS, 5, num_layers=2, batch_first=False, nonlinearity="relu", seed=2, with_h0=True,
         optimizer={"kind": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.001})
    case("lstm_bi_proj_2_layers_h0_clip", "LSTM hidden 5, proj_size 2, 2 layers, bidirectional, h0 and c0, Adam "
         "with weight_decay, clip_grad_norm_ 0.5", "LSTM", tx, LABELS, 5, num_layers=2, seed=3, proj_size=2,
         bidirectional=True, with_h0=True, optimizer={"kind": "adam", "lr": 0.02, "weight_decay": 0.01},
         max_grad_norm=0.5)
    case("gru_bi_2_layers_h0_dampening", "GRU hidden 5, 2 layers, bidirectional, seq-first, h0, SGD momentum 0.5 "
         "dampening 0.1", "GRU", tx, LABELS, 5, num_layers=2, batch_first=False, seed=4, bidirectional=True,
         with_h0=True, optimizer={"kind": "sgd", "lr": 0.3, "momentum": 0.5, "dampening": 0.1})
    case("rnn_bi_3_layers_no_bias", "RNN tanh hidden 3, 3 layers, bidirectional, bias=False, Adam betas (0.8, 0.99) "
         "eps 1e-6", "RNN", tx, LABELS, 3, num_layers=3, bias=False, seed=5, bidirectional=True,
         optimizer={"kind": "adam", "lr": 0.03, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6})
    case("lstm_no_bias_h0_c0_sgd", "LSTM hidden 3, 2 layers, bias=False, h0 and c0, plain SGD lr 1", "LSTM", tx,
         LABELS, 3, num_layers=2, bias=False, seed=6, with_h0=True, optimizer={"kind": "sgd", "lr": 1.0})
    case("lstm_unbatched_h0", "LSTM hidden 4, one sentence as 2-D x with 2-D h0 and c0, Adam", "LSTM", tx[3:4],
         [1], 4, seed=7, with_h0=True, unbatched=True, optimizer={"kind": "adam", "lr": 0.05})
    case("gru_saturating_4_classes", "GRU input 5, hidden 7, |x| up to 20, 4 classes, Adam, clip 1.0", "GRU",
         torch.rand(4, 3, 5, generator=g) * 40 - 20, [0, 3, 2, 1], 7, seed=8, out_features=4,
         optimizer={"kind": "adam", "lr": 0.01}, max_grad_norm=1.0)
    case("rnn_long_sequence", "RNN tanh hidden 8, seq_len 12: the gradient shrinks back through time, SGD",
         "RNN", torch.rand(4, 12, 3, generator=g).round(), [0, 1, 1, 0], 8, seed=9,
         optimizer={"kind": "sgd", "lr": 0.2})
    case("lstm_proj_odd_3_classes", "LSTM input 7, hidden 33, proj_size 1, 3 classes, Adam", "LSTM",
         torch.rand(3, 4, 7, generator=g) * 2 - 1, [2, 0, 1], 33, seed=10, proj_size=1, out_features=3,
         optimizer={"kind": "adam", "lr": 0.01})
    # mode x bidirectional x layers, alternating layout, h0, optimizer and odd sizes.
    for n, (mode, bidirectional, layers) in enumerate(itertools.product(["RNN", "LSTM", "GRU"], [False, True], [1, 2])):
        B, T, I, H = 1 + n % 3, 1 + n % 4, [2, 3, 4][n % 3], [1, 5, 6, 2][n % 4]
        x = torch.rand(B, T, I, generator=g) * 4 - 2
        y = [int(v) for v in torch.randint(0, 3, (B,), generator=g)]
        opt = [{"kind": "sgd", "lr": 0.1, "momentum": 0.9}, {"kind": "adam", "lr": 0.02, "weight_decay": 0.01},
               {"kind": "sgd", "lr": 0.05, "weight_decay": 0.01}][n % 3]
        flags = "%s%s_l%d" % (mode.lower(), "_bi" if bidirectional else "", layers)
        case("combo_" + flags, "Combination %d: %s hidden %d, %d layers, bidirectional %s, x %s, %s" %
             (n, mode, H, layers, bidirectional, [B, T, I], opt["kind"]), mode, x, y, H, num_layers=layers,
             batch_first=n % 2 == 0, nonlinearity="relu" if n % 5 == 3 else "tanh", bias=n % 4 != 2,
             seed=40 + n, bidirectional=bidirectional, with_h0=n % 3 == 1, out_features=3, optimizer=opt,
             max_grad_norm=0.3 if n % 4 == 1 else 0.0)


if __name__ == "__main__":
    main()

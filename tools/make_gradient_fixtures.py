#!/usr/bin/python3
"""Writes tests/fixtures/gradients/*.json: backward, cross-entropy and optimizer values computed by PyTorch.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 tools/make_gradient_fixtures.py

- backward_*.json: a module's gradients (every parameter, x, h0, c0) for given gradients of output,
  h_n and c_n, i.e. of the loss sum(output * d_output) + sum(h_n * d_h_n) + sum(c_n * d_c_n):
  a loss on every step of output, as a per-step head gives, with or without h_n's and c_n's.
- cross_entropy.json: nn.CrossEntropyLoss() (mean) and its gradient on logits of every scale.
- optimizer_*.json: torch.optim.SGD / Adam on one parameter tensor fed a fixed sequence of
  gradients: the parameter after every step.
"""
import json

import torch

from make_fixtures import OUT, build, tensor_json

GRADIENTS = OUT / "gradients"


def write(name, fields):
    GRADIENTS.mkdir(parents=True, exist_ok=True)
    (GRADIENTS / (name + ".json")).write_text("{%s}\n" % ",\n".join('"%s":%s' % kv for kv in fields))


def tensors(d):
    return "{%s}" % ",".join('"%s":%s' % (k, tensor_json(v)) for k, v in d.items())


def backward_case(name, description, mode, B, T, I, H, num_layers=1, batch_first=True, bidirectional=False,
                  proj_size=0, nonlinearity="tanh", bias=True, seed=0, d_h_n=True, d_c_n=True, h0=True):
    model = build(mode, I, H, num_layers, bias, batch_first, nonlinearity, seed, proj_size=proj_size,
                  bidirectional=bidirectional)
    S, R = num_layers * (2 if bidirectional else 1), proj_size or H
    g = torch.Generator().manual_seed(seed + 500)
    x = (torch.rand((B, T, I) if batch_first else (T, B, I), generator=g) * 4 - 2).requires_grad_()
    hx = (torch.rand(S, B, R, generator=g) * 2 - 1 if h0 else torch.zeros(S, B, R)).requires_grad_()
    cx = (torch.rand(S, B, H, generator=g) * 2 - 1 if h0 else torch.zeros(S, B, H)).requires_grad_() \
        if mode == "LSTM" else None
    output, state = model(x, (hx, cx) if mode == "LSTM" else hx)
    h_n, c_n = state if mode == "LSTM" else (state, None)
    d_output = torch.rand(output.shape, generator=g) * 2 - 1
    gh = torch.rand(h_n.shape, generator=g) * 2 - 1 if d_h_n else None
    gc = torch.rand(c_n.shape, generator=g) * 2 - 1 if (d_c_n and c_n is not None) else None
    loss = (output * d_output).sum()
    if gh is not None:
        loss = loss + (h_n * gh).sum()
    if gc is not None:
        loss = loss + (c_n * gc).sum()
    loss.backward()
    config = {"mode": mode, "input_size": I, "hidden_size": H, "num_layers": num_layers, "bias": bias,
              "batch_first": batch_first, "nonlinearity": nonlinearity, "proj_size": proj_size,
              "bidirectional": bidirectional}
    write(name, [
        ("name", json.dumps(name)), ("description", json.dumps(description)),
        ("torch_version", json.dumps(torch.__version__)), ("config", json.dumps(config)), ("seed", str(seed)),
        ("x", tensor_json(x)), ("h0", tensor_json(hx) if h0 else "null"),
        ("c0", tensor_json(cx) if h0 and cx is not None else "null"),
        ("d_output", tensor_json(d_output)), ("d_h_n", tensor_json(gh) if gh is not None else "null"),
        ("d_c_n", tensor_json(gc) if gc is not None else "null"),
        ("gradients", tensors({n: p.grad for n, p in model.named_parameters()})),
        ("d_x", tensor_json(x.grad)), ("d_h0", tensor_json(hx.grad)),
        ("d_c0", tensor_json(cx.grad) if cx is not None else "null"),
    ])


def cross_entropy_case():
    g = torch.Generator().manual_seed(77)
    # Logits of every scale: near 0, ordinary, and large enough that a naive exp would overflow.
    logits = torch.cat([torch.rand(3, 5, generator=g) * 0.01, torch.rand(3, 5, generator=g) * 8 - 4,
                        torch.rand(2, 5, generator=g) * 200 - 100]).requires_grad_()
    labels = torch.tensor([0, 4, 2, 1, 3, 0, 4, 2])
    loss = torch.nn.CrossEntropyLoss()(logits, labels)
    loss.backward()
    write("cross_entropy", [
        ("description", json.dumps("nn.CrossEntropyLoss() on 8 rows of 5 logits, |logits| from 0.01 to 100")),
        ("torch_version", json.dumps(torch.__version__)), ("logits", tensor_json(logits)),
        ("labels", json.dumps(labels.tolist())), ("loss", repr(loss.item())), ("d_logits", tensor_json(logits.grad)),
    ])


def optimizer_case(name, options, steps=6):
    g = torch.Generator().manual_seed(len(name))
    start = torch.rand(3, 7, generator=g) * 2 - 1
    grads = [torch.rand(3, 7, generator=g) * 2 - 1 for _ in range(steps)]
    p = torch.nn.Parameter(start.clone())
    o = dict(options)
    kind = o.pop("kind")
    if kind == "sgd":
        opt = torch.optim.SGD([p], **o)
    else:
        betas = (o.pop("beta1", 0.9), o.pop("beta2", 0.999))
        opt = torch.optim.Adam([p], betas=betas, **o)
    after = []
    for gr in grads:
        p.grad = gr.clone()
        opt.step()
        after.append(p.detach().clone())
    write("optimizer_" + name, [
        ("options", json.dumps(options)), ("torch_version", json.dumps(torch.__version__)),
        ("start", tensor_json(start)), ("gradients", "[%s]" % ",".join(tensor_json(t) for t in grads)),
        ("after", "[%s]" % ",".join(tensor_json(t) for t in after)),
    ])


def main():
    torch.set_num_threads(1)
    backward_case("backward_lstm_every_step", "LSTM(3, 5): a loss on every step of output only (a per-step head)",
                  "LSTM", 4, 6, 3, 5, d_h_n=False, d_c_n=False, h0=False)
    backward_case("backward_lstm_bi_proj", "LSTM(4, 6, proj_size 3, 2 layers, bidirectional), seq-first, h0/c0: "
                  "gradients of output, h_n and c_n", "LSTM", 3, 5, 4, 6, num_layers=2, batch_first=False,
                  bidirectional=True, proj_size=3, seed=1)
    backward_case("backward_gru_bi", "GRU(3, 7, 2 layers, bidirectional), h0: gradients of output and h_n", "GRU",
                  3, 4, 3, 7, num_layers=2, bidirectional=True, seed=2)
    backward_case("backward_rnn_relu", "RNN relu (5, 9, 2 layers), seq-first, no bias: output's gradient only",
                  "RNN", 2, 7, 5, 9, num_layers=2, batch_first=False, nonlinearity="relu", bias=False, seed=3,
                  d_h_n=False)
    backward_case("backward_rnn_tanh_h_n", "RNN tanh (2, 17), h0: gradients of output and h_n", "RNN", 5, 3, 2,
                  17, seed=4)
    cross_entropy_case()
    optimizer_case("sgd", {"kind": "sgd", "lr": 0.1})
    optimizer_case("sgd_momentum_dampening_decay", {"kind": "sgd", "lr": 0.05, "momentum": 0.9, "dampening": 0.2,
                                                    "weight_decay": 0.01})
    optimizer_case("sgd_nesterov", {"kind": "sgd", "lr": 0.2, "momentum": 0.8, "nesterov": True})
    optimizer_case("adam", {"kind": "adam", "lr": 0.01})
    optimizer_case("adam_betas_eps_decay", {"kind": "adam", "lr": 0.3, "beta1": 0.5, "beta2": 0.9, "eps": 0.1,
                                            "weight_decay": 0.05})


if __name__ == "__main__":
    main()

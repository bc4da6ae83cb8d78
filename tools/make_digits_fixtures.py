#!/usr/bin/python3
"""Writes tests/fixtures/digits/: mini-batch training on MNIST digits, computed by PyTorch.

Run after the build (it reads dist/digits.bin, tools/make_digits.mjs) with Debian's PyTorch:
    /usr/bin/python3 tools/make_digits_fixtures.py

subset.bin is a digits file (the same format) of the first 256 training digits: 192 to train on,
64 to evaluate. training.json is the digits mode's loop on them, the page's defaults:

    torch.manual_seed(0); lstm = nn.LSTM(28, 64, batch_first=True); head = nn.Linear(64, 10)
    opt = torch.optim.Adam([*lstm.parameters(), *head.parameters()], lr=0.01)
    g = torch.Generator().manual_seed(0)
    for each epoch: order = torch.randperm(192, generator=g); batches of 64 in that order
        loss = cross_entropy(head(lstm(x)[1][0][-1]), y); zero_grad, backward, step

for 20 steps (6 epochs and 2 batches: the generator runs on across epochs). It stores every
step's batch indices and loss, every gradient at the first and the last step, the parameters
after the 20 steps, and the trained model's loss, predictions and probabilities on the 64
held-out digits (torch.no_grad()). order.json holds torch.randperm(8000) of epochs 0 and 1 with
seed 0: the page's batch order over the training digits.

scheduled.json is the same loop with the page's lr schedule: Adam lr 0.02 and
torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4), scheduler.step() after each epoch, so
the 20 steps see six lrs, falling to 0 at epoch 4 and rising again after (every step's loss and
lr, the parameters after). lr.json holds the lr CosineAnnealingLR sets after each of 3 * T_max + 2
scheduler steps for several T_max and eta_min, as strings of Python's repr (exact doubles; the
C++ tests' JSON reader reads an array of numbers as float32).
"""
import json
import pathlib
import struct

import torch

from make_fixtures import OUT, tensor_json

ROOT = pathlib.Path(__file__).resolve().parent.parent
DIGITS = OUT / "digits"
TRAIN, HELD_OUT, BATCH, STEPS, LR, SEED = 192, 64, 64, 20, 0.01, 0
# The page's defaults since the lr schedule (README, "The digits"): Adam lr 0.02, cosine to 0.
SCHEDULED_LR, SCHEDULED_T_MAX = 0.02, 4


def read_digits(path):
    raw = path.read_bytes()
    assert raw[:4] == b"RDG1"
    count, train = struct.unpack_from("<II", raw, 4)
    rows, cols = raw[12], raw[13]
    labels = torch.tensor(list(raw[16:16 + count]), dtype=torch.int64)
    pixels = torch.frombuffer(bytearray(raw[16 + count:]), dtype=torch.uint8).reshape(count, rows, cols)
    return raw, count, train, labels, pixels


def train_steps(x_all, y_all, lr, t_max=None):
    """The digits mode's loop on the subset: STEPS steps; per step its batch, loss and lr."""
    torch.manual_seed(SEED)
    lstm = torch.nn.LSTM(28, 64, batch_first=True)
    head = torch.nn.Linear(64, 10)
    params = [*lstm.parameters(), *head.parameters()]
    names = [k for k, _ in lstm.named_parameters()] + ["head.weight", "head.bias"]
    opt = torch.optim.Adam(params, lr=lr)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=t_max) if t_max else None
    g = torch.Generator().manual_seed(SEED)
    steps, order = [], []
    while len(steps) < STEPS:
        if not order:
            if scheduler and steps:
                scheduler.step()  # after each epoch, as the PyTorch loop does
            order = torch.randperm(TRAIN, generator=g).tolist()
        idx, order = order[:BATCH], order[BATCH:]
        logits = head(lstm(x_all[idx])[1][0][-1])
        loss = torch.nn.functional.cross_entropy(logits, y_all[idx])
        opt.zero_grad()
        loss.backward()
        step = {"indices": idx, "loss": loss.item(), "lr": opt.param_groups[0]["lr"]}
        if len(steps) in (0, STEPS - 1):
            step["grads"] = {k: p.grad.clone() for k, p in zip(names, params)}
        steps.append(step)
        opt.step()
    return lstm, head, steps, {k: p for k, p in zip(names, params)}


def grads_json(gr):
    return "{%s}" % ",".join('"%s":%s' % (k, tensor_json(v)) for k, v in gr.items())


def steps_json(steps):
    return ",".join('{"indices":%s,"loss":%r,"lr":%r%s}' % (
        json.dumps(s["indices"]), s["loss"], s["lr"], ',"grads":' + grads_json(s["grads"]) if "grads" in s else "")
        for s in steps)


def scheduler_lrs():
    """CosineAnnealingLR's lr after each scheduler.step(), as PyTorch sets it."""
    cases = []
    for t_max, eta_min, lr in [(1, 0, 0.02), (2, 0, 0.02), (3, 0, 0.01), (4, 0, 0.02), (7, 0.001, 0.05),
                               (10, 0, 0.02), (10, 0, 0.001), (100, 0, 0.02)]:
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=t_max, eta_min=eta_min)
        lrs = [opt.param_groups[0]["lr"]]
        for _ in range(3 * t_max + 2):
            opt.step()
            scheduler.step()
            lrs.append(opt.param_groups[0]["lr"])
        cases.append('{"lr":%r,"T_max":%d,"eta_min":%r,"lrs":[%s]}' % (lr, t_max, eta_min, ",".join('"%r"' % v for v in lrs)))
    return '{"cases":[%s]}\n' % ",\n".join(cases)


def main():
    torch.set_num_threads(1)
    raw, count, train, labels, pixels = read_digits(ROOT / "dist" / "digits.bin")
    n = TRAIN + HELD_OUT
    DIGITS.mkdir(parents=True, exist_ok=True)
    header = b"RDG1" + struct.pack("<II", n, TRAIN) + bytes([28, 28, 0, 0])
    (DIGITS / "subset.bin").write_bytes(header + raw[16:16 + n] + raw[16 + count:16 + count + n * 784])

    x_all = pixels[:n].float() / 255
    y_all = labels[:n]
    lstm, head, steps, parameters = train_steps(x_all, y_all, LR)
    with torch.no_grad():
        held = list(range(TRAIN, n))
        logits = head(lstm(x_all[held])[1][0][-1])
        evaluation = {"loss": torch.nn.functional.cross_entropy(logits, y_all[held]).item(),
                      "predicted": logits.argmax(1).tolist(),
                      "probabilities": torch.softmax(logits, 1)}
    parts = ['"description":%s' % json.dumps(__doc__.strip()),
             '"train":%d,"held_out":%d,"batch_size":%d,"lr":%s,"seed":%d' % (TRAIN, HELD_OUT, BATCH, LR, SEED),
             '"steps":[%s]' % steps_json(steps),
             '"parameters":%s' % grads_json(parameters),
             '"evaluation":{"loss":%r,"predicted":%s,"probabilities":%s}' % (
                 evaluation["loss"], json.dumps(evaluation["predicted"]), tensor_json(evaluation["probabilities"]))]
    (DIGITS / "training.json").write_text("{%s}\n" % ",".join(parts))

    _, _, steps, parameters = train_steps(x_all, y_all, SCHEDULED_LR, SCHEDULED_T_MAX)
    for step in steps:
        step.pop("grads", None)  # the losses and the parameters after say enough here
    (DIGITS / "scheduled.json").write_text("{%s}\n" % ",".join([
        '"train":%d,"batch_size":%d,"lr":%r,"T_max":%d,"seed":%d' % (TRAIN, BATCH, SCHEDULED_LR, SCHEDULED_T_MAX, SEED),
        '"steps":[%s]' % steps_json(steps),
        '"parameters":%s' % grads_json(parameters)]))
    (DIGITS / "lr.json").write_text(scheduler_lrs())

    g = torch.Generator().manual_seed(SEED)
    epochs = [torch.randperm(train, generator=g).tolist() for _ in range(2)]
    (DIGITS / "order.json").write_text(json.dumps({"n": train, "seed": SEED, "epochs": epochs}) + "\n")


if __name__ == "__main__":
    main()

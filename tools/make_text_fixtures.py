#!/usr/bin/python3
"""Writes tests/fixtures/text/*.json: a character model trained and sampled by PyTorch.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 tools/make_text_fixtures.py

Each case takes one of the sample texts written for Recur (web/texts/en.txt, zh.txt), cuts it as
recur.textDataset does (core/include/recur/text.hpp), trains a seeded model with a Linear head on
every step for `steps` Adam steps, stateful or not, records every training loss and the
validation loss after them, then writes with the trained model as recur's sampler does
(core/include/recur/sampler.hpp): greedy, and drawn with temperature and top-k from seeded
torch.rand draws, and the top 5 next characters after each character of a prime.
"""
import json
import pathlib

import torch
import torch.nn.functional as F

from make_fixtures import OUT, build, tensor_json

TEXTS = pathlib.Path(__file__).resolve().parent.parent / "web" / "texts"


def dataset(text, seq_len, batch):
    chars = sorted(set(text))
    stoi = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([stoi[c] for c in text])
    n_val = len(data) // 10
    train, val = data[:len(data) - n_val], data[len(data) - n_val:]
    chunks = (len(train) - 1) // (batch * seq_len)
    L = chunks * seq_len
    xs, ys = train[:batch * L].view(batch, L), train[1:batch * L + 1].view(batch, L)
    m = (len(val) - 1) // seq_len
    xv, yv = val[:m * seq_len].view(m, seq_len), val[1:m * seq_len + 1].view(m, seq_len)
    return chars, xs, ys, xv, yv, chunks


def sample(model, head, prime, length, temperature, top_k, seed, V):
    g = torch.Generator().manual_seed(seed)
    out, h = model(F.one_hot(torch.tensor(prime), V).float()[None])
    logits = head(out[0, -1])
    written = []
    for _ in range(length):
        if temperature == 0:
            i = int(torch.argmax(logits))
        else:
            l = logits.double() / temperature
            if 0 < top_k < len(l):
                l[l < torch.topk(l, top_k).values[-1]] = -float("inf")
            cdf = torch.cumsum(torch.softmax(l, 0), 0)
            u = torch.rand(1, generator=g).item()
            i = min(int((cdf <= u).sum()), len(l) - 1)
        written.append(i)
        out, h = model(F.one_hot(torch.tensor([[i]]), V).float(), h)
        logits = head(out[0, -1])
    return written


def case(name, description, text_file, mode, hidden_size, seq_len, batch, steps, lr, seed, stateful, prime,
         samples):
    text = (TEXTS / text_file).read_text(encoding="utf-8")
    chars, xs, ys, xv, yv, chunks = dataset(text, seq_len, batch)
    V = len(chars)
    model, head = build(mode, V, hidden_size, 1, True, True, "tanh", seed, V)
    params = list(model.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=lr)
    losses, h = [], None
    for step in range(steps):
        i = step % chunks
        if not stateful or i == 0:
            h = None
        x = F.one_hot(xs[:, i * seq_len:(i + 1) * seq_len], V).float()
        y = ys[:, i * seq_len:(i + 1) * seq_len]
        out, h = model(x, h)
        loss = F.cross_entropy(head(out).reshape(-1, V), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        h = tuple(s.detach() for s in h) if isinstance(h, tuple) else h.detach()
    with torch.no_grad():
        out, _ = model(F.one_hot(xv, V).float())
        val_loss = F.cross_entropy(head(out).reshape(-1, V), yv.reshape(-1)).item()
        prime_ids = [chars.index(c) for c in prime]
        written = [dict(s, ids=sample(model, head, prime_ids, s["length"], s["temperature"], s["top_k"], s["seed"], V))
                   for s in samples]
        for s in written:
            s["text"] = "".join(chars[i] for i in s["ids"])
        out, _ = model(F.one_hot(torch.tensor(prime_ids), V).float()[None])
        p = torch.softmax(head(out[0]), -1)
        top = torch.topk(p, 5, dim=-1)

    def tensors(d):
        return "{%s}" % ",".join('"%s":%s' % (k, tensor_json(v)) for k, v in d.items())

    config = {"mode": mode, "input_size": V, "hidden_size": hidden_size, "num_layers": 1, "bias": True,
              "batch_first": True, "nonlinearity": "tanh", "proj_size": 0, "bidirectional": False}
    fields = [
        ("name", json.dumps(name)), ("description", json.dumps(description)),
        ("torch_version", json.dumps(torch.__version__)), ("text_file", json.dumps(text_file)),
        ("vocabulary", json.dumps(chars, ensure_ascii=False)), ("seq_len", str(seq_len)), ("batch", str(batch)),
        ("chunks", str(chunks)), ("validation_rows", str(xv.shape[0])),
        ("first_chunk_x", json.dumps(xs[:, :seq_len].reshape(-1).tolist())),
        ("first_chunk_y", json.dumps(ys[:, :seq_len].reshape(-1).tolist())),
        ("last_chunk_y", json.dumps(ys[:, (chunks - 1) * seq_len:].reshape(-1).tolist())),
        ("validation_y", json.dumps(yv.reshape(-1).tolist())),
        ("config", json.dumps(config)), ("seed", str(seed)), ("lr", repr(lr)), ("stateful", json.dumps(stateful)),
        ("steps", str(steps)), ("losses", json.dumps(losses)), ("validation_loss", repr(val_loss)),
        ("after", tensors(model.state_dict())), ("head_after", tensors(head.state_dict())),
        ("prime", json.dumps(prime, ensure_ascii=False)), ("samples", json.dumps(written, ensure_ascii=False)),
        ("top5", json.dumps(top.indices.reshape(-1).tolist())), ("top5_probabilities", tensor_json(top.values)),
    ]
    (OUT / "text").mkdir(parents=True, exist_ok=True)
    (OUT / "text" / (name + ".json")).write_text("{%s}\n" % ",\n".join('"%s":%s' % kv for kv in fields),
                                                 encoding="utf-8")


SAMPLES = [
    {"length": 120, "temperature": 0, "top_k": 0, "seed": 0},
    {"length": 200, "temperature": 1.0, "top_k": 0, "seed": 1},
    {"length": 200, "temperature": 0.7, "top_k": 5, "seed": 2},
    {"length": 150, "temperature": 1.5, "top_k": 0, "seed": 3},
]


def main():
    torch.set_num_threads(1)
    case("english_lstm_stateful", "web/texts/en.txt, nn.LSTM hidden 48, seq_len 32, batch 8, 40 Adam steps lr 0.01, "
         "stateful", "en.txt", "LSTM", 48, 32, 8, 40, 0.01, 0, True, "The river ", SAMPLES)
    case("english_gru", "web/texts/en.txt, nn.GRU hidden 32, seq_len 16, batch 16, 30 Adam steps lr 0.02", "en.txt",
         "GRU", 32, 16, 16, 30, 0.02, 1, False, "and the ", SAMPLES)
    case("chinese_rnn_stateful", "web/texts/zh.txt (Chinese), nn.RNN hidden 40, seq_len 16, batch 4, 30 Adam steps "
         "lr 0.01, stateful", "zh.txt", "RNN", 40, 16, 4, 30, 0.01, 2, True, "河水", SAMPLES)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes tests/fixtures/embedding/*.json: words through nn.Embedding, packed, trained by PyTorch.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 tools/make_embedding_fixtures.py

Each case is the module the page's code panel writes for a table of words,

    torch.manual_seed(seed)
    model = Words()    # self.embedding = nn.Embedding(V, E, padding_idx=0); self.rnn = nn.GRU(E, H, ...);
                       # self.head = nn.Linear(h width, C), constructed in that order
    logits = model(ids, lengths)    # embedding -> pack_padded_sequence(enforce_sorted=False) -> rnn -> head(h_n[-1])

trained for 20 steps of torch.optim.Adam on CrossEntropyLoss. Stored: the seeded state_dict (the
embedding's normal_ draws included: both of PyTorch's paths, fewer than 16 values and 16 or
more), ids (0 = <pad> past each length), lengths, y, and for every step the loss and the
gradient of every parameter before the update, then the trained state_dict.
"""
import json
import pathlib

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "embedding"
STEPS = 20


class Words(nn.Module):
    def __init__(self, mode, V, E, H, layers, bidirectional, batch_first, classes):
        super().__init__()
        self.mode, self.batch_first = mode, batch_first
        self.embedding = nn.Embedding(V, E, padding_idx=0)
        kw = dict(num_layers=layers, batch_first=batch_first, bidirectional=bidirectional)
        self.rnn = {"LSTM": nn.LSTM, "GRU": nn.GRU, "RNN": nn.RNN}[mode](E, H, **kw)
        self.head = nn.Linear(H, classes)

    def forward(self, ids, lengths):
        x = self.embedding(ids)
        packed = pack_padded_sequence(x, lengths, batch_first=self.batch_first, enforce_sorted=False)
        _, hidden = self.rnn(packed)
        h_n = hidden[0] if self.mode == "LSTM" else hidden
        return self.head(h_n[-1])


def tensor_json(t):
    a = t.detach().contiguous().numpy().astype(np.float32)
    return {"shape": list(a.shape), "data": [float(np.format_float_positional(v, unique=True, trim="-"))
                                             for v in a.reshape(-1)]}


def case(name, mode, V, E, H, layers, bidirectional, batch_first, sentences, y, seed, lr=0.05):
    torch.manual_seed(seed)
    model = Words(mode, V, E, H, layers, bidirectional, batch_first, 2)
    seeded = {k: tensor_json(v) for k, v in model.state_dict().items()}
    lengths = [len(s) for s in sentences]
    T = max(lengths)
    ids_bf = torch.tensor([s + [0] * (T - len(s)) for s in sentences])
    ids = ids_bf if batch_first else ids_bf.t().contiguous()
    labels = torch.tensor(y)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    steps = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(ids, torch.tensor(lengths)), labels)
        loss.backward()
        steps.append({"loss": float(loss), "grads": {k: tensor_json(p.grad) for k, p in model.named_parameters()}})
        optimizer.step()
    doc = {
        "name": name,
        "torch_version": torch.__version__,
        "config": dict(mode=mode, input_size=E, hidden_size=H, num_layers=layers, batch_first=batch_first,
                       bidirectional=bidirectional, num_embeddings=V, seed=seed),
        "optimizer": {"optimizer": "adam", "lr": lr, "out_features": 2},
        "ids": {"shape": list(ids.shape), "data": ids.reshape(-1).tolist()},
        "lengths": lengths,
        "y": y,
        "seeded": seeded,
        "steps": steps,
        "trained": {k: tensor_json(v) for k, v in model.state_dict().items()},
    }
    (OUT / (name + ".json")).write_text(json.dumps(doc, separators=(",", ":")) + "\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    # "i love you" / "you love me" / "i hate you" / "we like it", ids by first appearance after <pad>.
    words = [[1, 2, 3], [3, 2, 4], [1, 5, 3, 6], [7], [7, 8, 6, 2, 1]]
    y = [1, 1, 0, 0, 1]
    case("gru_words_bf", "GRU", 9, 4, 5, 1, False, True, words, y, seed=0)
    case("lstm_words_bi_sf", "LSTM", 9, 4, 5, 2, True, False, words, y, seed=1)
    case("rnn_words_l2_bf", "RNN", 9, 3, 4, 2, False, True, words, y, seed=2)
    case("gru_words_bi_l2_sf", "GRU", 9, 6, 3, 2, True, False, words, y, seed=3)
    # Four tokens (<pad> and three words) of 3: 12 values, PyTorch's other normal_ path.
    case("lstm_small_vocabulary_bf", "LSTM", 4, 3, 4, 1, True, True, [[1, 2, 3], [3, 1], [2]], [0, 1, 1], seed=4)
    case("gru_odd_vocabulary_bf", "GRU", 5, 3, 4, 1, False, True, [[1, 2], [4, 3, 1]], [1, 0], seed=5)


if __name__ == "__main__":
    main()

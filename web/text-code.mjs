// The PyTorch script the text card's code panel shows: the whole run (vocabulary, chunks, model,
// training loop, validation loss, sampler) written out, so that PyTorch reproduces the page's
// losses and, from the same weights, its samples. Each line is what core/include/recur/text.hpp,
// sequence_trainer.hpp and sampler.hpp document. Only text is made here.

const py = (s) => JSON.stringify(s); // a JSON string is a Python str literal (\n, \", \uXXXX)

/** settings: { text, mode, hidden_size, seq_len, batch, lr, seed, stateful, steps, prime, temperature, top_k, sample_seed, length } */
export function textScript(s) {
  const state = s.mode === 'LSTM' ? 'tuple(t.detach() for t in h)' : 'h.detach()';
  return `import torch
import torch.nn.functional as F

torch.set_num_threads(1)
text = ${py(s.text)}

# The vocabulary: every character once, by code point; the last tenth held out.
chars = sorted(set(text))
V = len(chars)
data = torch.tensor([chars.index(c) for c in text])
n_val = len(data) // 10
train, val = data[:len(data) - n_val], data[len(data) - n_val:]

# ${s.batch} streams side by side, read ${s.seq_len} characters at a time: chunk i + 1 of a row continues chunk i.
seq_len, batch = ${s.seq_len}, ${s.batch}
chunks = (len(train) - 1) // (batch * seq_len)
L = chunks * seq_len
xs, ys = train[:batch * L].view(batch, L), train[1:batch * L + 1].view(batch, L)
m = (len(val) - 1) // seq_len
xv, yv = val[:m * seq_len].view(m, seq_len), val[1:m * seq_len + 1].view(m, seq_len)

torch.manual_seed(${s.seed})
rnn = torch.nn.${s.mode}(V, ${s.hidden_size}, batch_first=True)
head = torch.nn.Linear(${s.hidden_size}, V)  # on every step of output
opt = torch.optim.Adam([*rnn.parameters(), *head.parameters()], lr=${s.lr})

def validation_loss():
    with torch.no_grad():
        out, _ = rnn(F.one_hot(xv, V).float())
        return F.cross_entropy(head(out).reshape(-1, V), yv.reshape(-1)).item()

h = None
for step in range(${s.steps}):
    i = step % chunks
    if ${s.stateful ? 'i == 0' : 'True'}:
        h = None  # ${s.stateful ? 'stateful: zeros at the start of each pass over the text' : 'every chunk starts from zeros'}
    out, h = rnn(F.one_hot(xs[:, i * seq_len:(i + 1) * seq_len], V).float(), h)
    loss = F.cross_entropy(head(out).reshape(-1, V), ys[:, i * seq_len:(i + 1) * seq_len].reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    h = ${state}  # truncated backpropagation through time
    print(step + 1, round(loss.item(), 4))
print("validation", round(validation_loss(), 4))

# Writing: greedy at temperature 0, else inverse CDF on torch.rand draws.
def sample(prime, length, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        out, h = rnn(F.one_hot(torch.tensor([chars.index(c) for c in prime]), V).float()[None])
        logits = head(out[0, -1])
        written = ""
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
            written += chars[i]
            out, h = rnn(F.one_hot(torch.tensor([[i]]), V).float(), h)
            logits = head(out[0, -1])
    return written

print(sample(${py(s.prime)}, ${s.length}, ${s.temperature}, ${s.top_k}, ${s.sample_seed}))
`;
}

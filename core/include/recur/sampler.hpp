#pragma once
// Writing with a trained character model, one character at a time, as the generated PyTorch
// script does it (so PyTorch, given the same weights, writes the same text):
//
//   g = torch.Generator().manual_seed(seed)
//   out, h = rnn(one_hot(prime)[None])                   # batch of one, from a zero state
//   logits = head(out[0, -1])
//   for _ in range(length):
//       if temperature == 0:
//           i = int(torch.argmax(logits))                 # greedy: the first largest
//       else:
//           l = logits.double() / temperature
//           if 0 < top_k < len(l):
//               l[l < torch.topk(l, top_k).values[-1]] = -inf     # ties with the k-th stay
//           cdf = torch.cumsum(torch.softmax(l, 0), 0)
//           u = torch.rand(1, generator=g).item()          # one float32 draw a character
//           i = min(int((cdf <= u).sum()), len(l) - 1)     # inverse CDF
//       out, h = rnn(one_hot(i)[None, None], h); logits = head(out[0, -1])
//
// The model reads one-hot characters (input_size = the head's out_features = the vocabulary).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "recur/linear.hpp"
#include "recur/model.hpp"

namespace recur {

inline constexpr std::size_t max_sample_length = 100000;

struct SampleOptions {
  std::size_t length = 200;
  double temperature = 1.0;  // 0: greedy
  std::size_t top_k = 0;     // 0: every character
  std::uint64_t seed = 0;
};

// The `length` characters written after `prime` (at least one character), as vocabulary indices.
std::vector<std::int32_t> sample(const Model& model, const Linear& head,
                                 const std::vector<std::int32_t>& prime, const SampleOptions& options);

// What the model predicts after every character of `ids` (from a zero state): the k most likely
// next characters and their probabilities, [len, k] each (most likely first, ties by index),
// and the forward's record of every step (for colouring the text by a unit or a gate).
struct NextCharacters {
  std::vector<std::int32_t> top;  // [len * k]
  Tensor probabilities;           // [len, k]
  ForwardResult forward;          // x was [len, 1, V] seq-first or [1, len, V] batch-first
};
NextCharacters next_characters(const Model& model, const Linear& head, const std::vector<std::int32_t>& ids,
                               std::size_t k);

}  // namespace recur

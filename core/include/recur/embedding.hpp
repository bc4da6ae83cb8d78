#pragma once
// nn.Embedding(num_embeddings, embedding_dim, padding_idx=0) in front of the recurrent layer:
// token ids in, their rows of `embedding.weight` out; row 0 is the padding token's, zero and
// never trained (PyTorch gives it no gradient).
//
// Initialised as PyTorch's reset_parameters does: weight.normal_() from the generator (see
// TorchGenerator::normal), then row padding_idx filled with zeros.

#include <cstddef>
#include <vector>

#include "recur/init.hpp"
#include "recur/tensor.hpp"

namespace recur {

// The padding token's id and row, as the generated module's nn.Embedding(..., padding_idx=0).
inline constexpr std::size_t padding_idx = 0;

// nn.Embedding's weight [num_embeddings, embedding_dim], drawn from `generator`.
Tensor embedding_weight(std::size_t num_embeddings, std::size_t embedding_dim, TorchGenerator& generator);

// weight[ids]: ids of any shape (each an integer 0 .. num_embeddings - 1, stored as floats),
// the result ids' shape + [embedding_dim]. Throws recur::Error naming the first id that is not
// one, e.g. "x[1, 2] is 7: a token id is an integer from 0 to 5 (num_embeddings = 6)".
Tensor embed(const Tensor& weight, const Tensor& ids);

// The weight's gradient from d_embedded (ids' shape + [embedding_dim]): each row the sum of its
// tokens' gradients, the padding row zero.
Tensor embedding_gradient(const Tensor& weight, const Tensor& ids, const Tensor& d_embedded);

}  // namespace recur

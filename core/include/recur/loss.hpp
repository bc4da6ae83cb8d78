#pragma once
// nn.CrossEntropyLoss() (mean reduction) on a batch of logits, and its gradient.

#include <cstdint>
#include <vector>

#include "recur/tensor.hpp"

namespace recur {

struct CrossEntropy {
  float loss;       // mean over the batch of logsumexp(logits[b]) - logits[b][labels[b]]
  Tensor d_logits;  // (softmax(logits) - onehot(labels)) / batch, [batch, classes]
};

// logits [batch, classes]; labels one class index per row. Throws recur::Error naming the
// first sentence whose label is not a class, or a count that does not match.
CrossEntropy cross_entropy(const Tensor& logits, const std::vector<std::int32_t>& labels);

}  // namespace recur

#include "recur/loss.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "recur/error.hpp"
#include "recur/format.hpp"

namespace recur {

CrossEntropy cross_entropy(const Tensor& logits, const std::vector<std::int32_t>& labels) {
  if (logits.dimension() != 2)
    throw Error("cross_entropy: logits must be [batch, classes], got " + format_dims(shape_of(logits)));
  const std::size_t B = logits.shape()[0], C = logits.shape()[1];
  if (labels.size() != B)
    throw Error("cross_entropy: " + std::to_string(labels.size()) + " labels for " + std::to_string(B) +
                " sentences");
  for (std::size_t b = 0; b < B; ++b)
    if (labels[b] < 0 || static_cast<std::size_t>(labels[b]) >= C)
      throw Error("label " + std::to_string(labels[b]) + " of sentence " + std::to_string(b + 1) +
                  " is not a class of a head with out_features = " + std::to_string(C) + " (classes 0 to " +
                  std::to_string(C - 1) + ")");
  CrossEntropy r{0.0f, Tensor::from_shape({B, C})};
  // softmax(logits), computed as recur::softmax does, and from its very sum log_softmax then
  // nll_loss: log p = x - max - log(sum exp(x - max)), summed, then / B. One exp a logit.
  float total = 0;
  for (std::size_t b = 0; b < B; ++b) {
    const float* row = logits.data() + b * C;
    float* d = r.d_logits.data() + b * C;
    const float top = *std::max_element(row, row + C);
    float sum = 0;
    for (std::size_t j = 0; j < C; ++j) sum += (d[j] = std::exp(row[j] - top));
    for (std::size_t j = 0; j < C; ++j) d[j] /= sum;
    total += -(row[labels[b]] - top - std::log(sum));
    d[labels[b]] -= 1;
    for (std::size_t j = 0; j < C; ++j) d[j] /= static_cast<float>(B);
  }
  r.loss = total / static_cast<float>(B);
  return r;
}

}  // namespace recur

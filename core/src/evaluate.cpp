#include "recur/evaluate.hpp"

#include <algorithm>
#include <string>

#include "recur/error.hpp"
#include "recur/loss.hpp"

namespace recur {

Evaluation evaluate(const Model& model, const Linear& head, const Tensor& x,
                    const std::vector<std::int32_t>& labels) {
  if (x.dimension() != 3) throw Error("evaluate needs a batch: x must be 3-D");
  if (head.in_features() != output_size(model.config()))
    throw Error("the head reads h_n[-1] of " + std::to_string(output_size(model.config())) +
                " values, but has in_features = " + std::to_string(head.in_features()));
  const ForwardResult forward = model.forward(x);
  const std::size_t S = forward.h_n.shape()[0], B = forward.h_n.shape()[1], R = forward.h_n.shape()[2];
  if (labels.size() != B)
    throw Error("y has " + std::to_string(labels.size()) + " labels but x has " + std::to_string(B) +
                " samples: one label per sample");
  Tensor top = Tensor::from_shape({B, R});  // h_n[-1]
  std::copy_n(forward.h_n.data() + (S - 1) * B * R, B * R, top.data());
  LinearResult result = head.forward(top);
  Evaluation e;
  e.loss = cross_entropy(result.logits, labels).loss;
  for (std::size_t b = 0; b < B; ++b) e.correct += result.predicted[b] == labels[b] ? 1 : 0;
  e.predicted = std::move(result.predicted);
  e.probabilities = std::move(result.probabilities);
  return e;
}

}  // namespace recur

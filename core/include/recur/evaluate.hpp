#pragma once
// The trained classifier read without training it: head(h_n[-1]) of a batch, forward only, with
// the loss PyTorch's `nn.CrossEntropyLoss()(logits, y)` gives under torch.no_grad() (the test
// loss and accuracy of a training run). h_n[-1] as the trainer reads it (trainer.hpp).

#include <cstdint>
#include <vector>

#include "recur/linear.hpp"
#include "recur/model.hpp"

namespace recur {

struct Evaluation {
  float loss = 0;                       // mean cross-entropy over the batch
  std::size_t correct = 0;              // how many predicted == label
  std::vector<std::int32_t> predicted;  // argmax per sample
  Tensor probabilities;                 // softmax of the logits, [batch, out_features]
};

// x batched as Model::forward takes it (3-D), one label per sample.
Evaluation evaluate(const Model& model, const Linear& head, const Tensor& x,
                    const std::vector<std::int32_t>& labels);

}  // namespace recur

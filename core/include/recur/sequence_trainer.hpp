#pragma once
// Training a recurrent model with a Linear head on every step of its output (many-to-many: a
// character-level language model, a tagger), as the PyTorch loop
//
//   output, h = rnn(x, h0); logits = head(output)            # [batch, seq_len, classes]
//   loss = nn.CrossEntropyLoss()(logits.reshape(-1, classes), y.reshape(-1))   # mean, all steps
//   optimizer.zero_grad(); loss.backward(); clip_grad_norm_(params, max_norm); optimizer.step()
//
// does, with params = [*model.parameters(), *head.parameters()]. Stateful training (truncated
// backpropagation through time) passes the previous chunk's h_n / c_n as h0 / c0: a copy, so
// nothing flows back into the chunk before, exactly as h.detach() in PyTorch.
//
// A class of its own beside Trainer (the head on h_n[-1]), so neither path changes the other.
// A bidirectional model is refused: its reverse direction has read the step it is asked to predict.

#include <cstdint>
#include <optional>
#include <vector>

#include "recur/backward.hpp"
#include "recur/linear.hpp"
#include "recur/model.hpp"
#include "recur/optimizer.hpp"

namespace recur {

struct SequenceTrainingStep {
  float loss = 0;                       // before the update: the mean over every step of every sentence
  std::vector<std::int32_t> predicted;  // the head's class at every step, in y's layout
  // Gradients by the model's state_dict names, then "head.weight" and "head.bias" (unclipped).
  StateDict gradients;
  std::optional<Tensor> x;   // dL/dx in x's shape (loss_and_grad; a step skips it)
  Tensor h0;                 // dL/dh0 in h0's shape
  std::optional<Tensor> c0;  // LSTM
  Tensor hidden_norms;       // ||dL/dh_t||, [num_layers, seq_len, batch]
  float gradient_norm = 0;   // the joint 2-norm of the parameters' gradients
  Tensor h_n;                // the states the chunk ended in, before the update: the next chunk's h0
  std::optional<Tensor> c_n;
};

class SequenceTrainer {
 public:
  // Trains `model` in place (it must outlive the trainer) and `head`. max_grad_norm > 0 clips.
  SequenceTrainer(Model& model, Linear head, const OptimizerOptions& options, double max_grad_norm = 0);

  const Model& model() const { return model_; }
  const Linear& head() const { return head_; }
  Linear& head() { return head_; }
  const Optimizer& optimizer() const { return optimizer_; }
  Optimizer& optimizer() { return optimizer_; }  // set_lr between epochs

  // x as Model::forward takes it; targets (the class of every step) shaped like x without its
  // last dimension: [batch, seq_len] with batch_first, else [seq_len, batch]; [seq_len] for a
  // 2-D x. h0/c0 optional.
  SequenceTrainingStep loss_and_grad(const Tensor& x, const std::vector<std::int32_t>& targets,
                                     const Shape& target_shape, const Tensor* h0 = nullptr,
                                     const Tensor* c0 = nullptr,
                                     InputGradient input_gradient = InputGradient::wanted) const;

  // loss_and_grad without dL/dx, clipping, one optimizer update of the model and the head.
  SequenceTrainingStep step(const Tensor& x, const std::vector<std::int32_t>& targets,
                            const Shape& target_shape, const Tensor* h0 = nullptr,
                            const Tensor* c0 = nullptr);

 private:
  Model& model_;
  Linear head_;
  Optimizer optimizer_;
  double max_grad_norm_;
};

// The head on every row of a [rows, in_features] tensor, as one matrix product (the forward's
// GEMM kernel): logits [rows, out_features]. Linear::forward computes the same values one dot
// product at a time, which is the slow part when rows = batch * seq_len.
Tensor linear_rows(const Linear& head, const Tensor& x);

}  // namespace recur

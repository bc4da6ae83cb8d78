#pragma once
// Training a recurrent model and its Linear head on labelled sentences, as the PyTorch loop
//
//   logits = head(h_n[-1]); loss = nn.CrossEntropyLoss()(logits, y)
//   optimizer.zero_grad(); loss.backward(); clip_grad_norm_(params, max_norm); optimizer.step()
//
// does, with params = [*model.parameters(), *head.parameters()]. h_n[-1] is the top layer's last
// state: output[:, -1] for one direction (the notebook's point), the reverse direction's final
// state (at t = 0) for a bidirectional model. Dropout is not applied (eval-mode forward).

#include <cstdint>
#include <optional>
#include <vector>

#include "recur/backward.hpp"
#include "recur/linear.hpp"
#include "recur/model.hpp"
#include "recur/optimizer.hpp"

namespace recur {

// What the head reads: h_n[-1] (the top layer's last row: for a bidirectional model its reverse
// direction), or, for a bidirectional model, torch.cat((h_n[-2], h_n[-1]), dim=1), both
// directions of the top layer (the common practice), 2 x the h width.
enum class HeadInput { last, cat };

// The head's in_features for this model and input (throws unless cat is for a bidirectional model).
std::size_t head_features(const ModelConfig& config, HeadInput input);

// A 2-D tensor as a batch of one at `axis` (PyTorch's unbatched input); null stays null: how
// both trainers take an unbatched x, h0 and c0.
std::optional<Tensor> batch_of_one(const Tensor* t, std::size_t axis);

// One optimizer step on `model` and `head` from `gradients` (the model's state_dict entries, then
// the head's, in that order), clipped first by clip_grad_norm when max_grad_norm > 0: the update
// both trainers (on h_n[-1], and per step) make after their backward.
void apply_gradients(Model& model, Linear& head, Optimizer& optimizer, StateDict gradients,
                     double max_grad_norm);

struct TrainingStep {
  float loss = 0;                       // before the update
  std::vector<std::int32_t> predicted;  // the head's class per sentence, before the update
  // Gradients by the model's state_dict names, then "head.weight" and "head.bias" (unclipped).
  StateDict gradients;
  std::optional<Tensor> x;   // dL/dx in x's shape (loss_and_grad; a step skips it)
  Tensor h0;                 // dL/dh0 in h0's shape
  std::optional<Tensor> c0;  // LSTM
  Tensor hidden_norms;       // ||dL/dh_t||, [num_layers * directions, seq_len, batch]
  float gradient_norm = 0;   // the joint 2-norm of the parameters' gradients
};

class Trainer {
 public:
  // Trains `model` in place (it must outlive the trainer) and `head`. max_grad_norm > 0 clips.
  Trainer(Model& model, Linear head, const OptimizerOptions& options, double max_grad_norm = 0,
          HeadInput input = HeadInput::last);

  const Linear& head() const { return head_; }
  Linear& head() { return head_; }
  const Optimizer& optimizer() const { return optimizer_; }
  Optimizer& optimizer() { return optimizer_; }  // set_lr between epochs

  // x as Model::forward takes it (a 2-D x is one sentence, with one label); h0/c0 optional;
  // lengths (optional) packs the batch as Model::forward does, so h_n[-1] is each sentence's
  // state at its own last step.
  TrainingStep loss_and_grad(const Tensor& x, const std::vector<std::int32_t>& labels,
                             const Tensor* h0 = nullptr, const Tensor* c0 = nullptr,
                             const Lengths* lengths = nullptr,
                             InputGradient input_gradient = InputGradient::wanted) const;

  // loss_and_grad without dL/dx, clipping, one optimizer update of the model and the head.
  TrainingStep step(const Tensor& x, const std::vector<std::int32_t>& labels, const Tensor* h0 = nullptr,
                    const Tensor* c0 = nullptr, const Lengths* lengths = nullptr);

 private:
  // loss_and_grad from features (token ids already looked up).
  TrainingStep features_loss_and_grad(const Tensor& x, const std::vector<std::int32_t>& labels,
                                      const Tensor* h0, const Tensor* c0, const Lengths* lengths,
                                      InputGradient input_gradient) const;

  Model& model_;
  Linear head_;
  Optimizer optimizer_;
  double max_grad_norm_;
  HeadInput input_;
};

}  // namespace recur

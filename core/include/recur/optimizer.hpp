#pragma once
// torch.optim.SGD and torch.optim.Adam with PyTorch 1.13's update rules, defaults and checks,
// and torch.nn.utils.clip_grad_norm_.

#include <cstddef>
#include <string>
#include <vector>

#include "recur/tensor.hpp"

namespace recur {

struct OptimizerOptions {
  enum class Kind { sgd, adam } kind = Kind::adam;
  double lr = 1e-3;
  double weight_decay = 0;
  // SGD
  double momentum = 0;
  double dampening = 0;
  bool nesterov = false;
  // Adam
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
};

// "sgd" or "adam" (any case); throws recur::Error naming both.
OptimizerOptions::Kind parse_optimizer(const std::string& name);

class Optimizer {
 public:
  // Checks the options as PyTorch's constructors do ("Invalid learning rate: -1", ...).
  explicit Optimizer(const OptimizerOptions& options);

  const OptimizerOptions& options() const { return options_; }
  std::size_t steps() const { return steps_; }

  // The learning rate of the steps to come, as `param_groups[0]['lr'] = lr` sets it (what an lr
  // scheduler does between epochs); checked as the constructor checks it.
  void set_lr(double lr);

  // One update of every parameter from its gradient, in a fixed order (the state of parameter
  // i, momentum or Adam's moments, is kept for the i-th parameter of every call).
  void step(const std::vector<Tensor*>& parameters, const std::vector<const Tensor*>& gradients);

 private:
  OptimizerOptions options_;
  std::size_t steps_ = 0;
  // Momentum buffers (SGD) or exp_avg, exp_avg_sq (Adam); plain vectors: this is all element-wise.
  std::vector<std::vector<float>> first_, second_;
};

// Scales the gradients in place so their joint 2-norm is at most max_norm, as
// clip_grad_norm_(parameters, max_norm) does (coefficient max_norm / (norm + 1e-6), at most 1).
// Returns the norm before clipping.
float clip_grad_norm(const std::vector<Tensor*>& gradients, double max_norm);

}  // namespace recur

#pragma once
// The options objects of createModel and createTrainer, with PyTorch's argument names, checked
// before the core sees them: an unknown name is refused and listed with the known ones, a
// missing required one is named, and each value must have its type. Ranges are the core's.

#include <emscripten/val.h>

#include <cstddef>
#include <cstdint>

#include "recur/config.hpp"
#include "recur/optimizer.hpp"

namespace recur::js {

struct ModelOptions {
  ModelConfig config;
  std::uint64_t seed = 0;
};

// createModel({mode, input_size, hidden_size, num_layers, bias, batch_first, nonlinearity,
// dropout, bidirectional, proj_size, seed}).
ModelOptions to_model_options(const emscripten::val& options);

struct TrainerOptions {
  OptimizerOptions optimizer;
  std::size_t out_features = 0;
  std::uint64_t seed = 0;  // the model's: the head is drawn after it
  double max_grad_norm = 0;
};

// createTrainer's {out_features, optimizer, lr, momentum, dampening, weight_decay, nesterov,
// betas, eps, max_grad_norm, seed}, and the model's seed.
TrainerOptions to_trainer_options(const emscripten::val& options, const emscripten::val& seed);

}  // namespace recur::js

#pragma once
// The options objects of the JS API (parseTable, forward, createModel, createTrainer, ...), with
// PyTorch's argument names, checked
// before the core sees them: an unknown name is refused and listed with the known ones, a
// missing required one is named, and each value must have its type. Ranges are the core's.

#include <emscripten/val.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "recur/config.hpp"
#include "recur/lr_scheduler.hpp"
#include "recur/model.hpp"
#include "recur/optimizer.hpp"
#include "recur/sampler.hpp"
#include "recur/trainer.hpp"

namespace recur::js {

// Every key of `options` must be one of `names`, or a RecurError names it and lists them:
// "createModel: unknown option 'hiden_size' (options: mode, input_size, ...)".
void check_option_names(const emscripten::val& options, const std::vector<std::string>& names,
                        const std::string& where);

// `v` as a double, or a RecurError "<what> must be a finite number, got Infinity" (or the type).
double finite_number(const emscripten::val& v, const std::string& what);

struct TableOptions {
  bool batch_first = false;
  std::string tokens = "bits";  // 'bits', 'words', 'characters' or 'auto'
  bool one_hot = true;          // false: a table of words leaves x out (nn.Embedding reads its ids)
};

// parseTable's optional {batch_first, tokens, one_hot}.
TableOptions to_table_options(const emscripten::val& options);

// What forward, lossAndGrad and step take besides x (and y): each refuses a name it does not
// know (`names`, `where` the function's name in errors).
struct CallOptions {
  std::optional<Tensor> h0, c0;
  bool intermediates = false;
  std::optional<Lengths> lengths;
};

CallOptions to_call_options(const emscripten::val& options, const std::vector<std::string>& names,
                            const std::string& where);

struct ModelOptions {
  ModelConfig config;
  std::uint64_t seed = 0;
};

// createModel's options: the fields of config_fields (config_fields.hpp), checked and converted
// row by row.
ModelOptions to_model_options(const emscripten::val& options);

struct TrainerOptions {
  OptimizerOptions optimizer;
  std::size_t out_features = 0;
  double max_grad_norm = 0;
  HeadInput input = HeadInput::last;  // head_input: 'last' (h_n[-1]) or 'cat'
};

// createTrainer's {out_features, optimizer, lr, momentum, dampening, weight_decay, nesterov,
// betas, eps, max_grad_norm, head_input}; the head is drawn after the model, under the model's
// seed.
TrainerOptions to_trainer_options(const emscripten::val& options);

struct CosineAnnealingOptions {
  double lr = 0;  // the optimizer's: the first epoch's
  std::size_t t_max = 0;
  double eta_min = 0;
};

// cosineAnnealingLR's {lr, T_max, eta_min} (lr and T_max required), as CosineAnnealingLR's.
CosineAnnealingOptions to_cosine_annealing_options(const emscripten::val& options);

// head_input: 'last' (h_n[-1], the default) or 'cat'; `where` names the function in errors.
HeadInput to_head_input(const emscripten::val& options, const std::string& where);

// createHead's optional {head_input}.
HeadInput to_head_options(const emscripten::val& options);

struct TextOptions {
  std::size_t seq_len = 0, batch = 0;
  bool batch_first = false;
};

// textDataset's {seq_len, batch, batch_first} (seq_len and batch required).
TextOptions to_text_options(const emscripten::val& options);

// sample's {length, temperature, top_k, seed}: 200 characters at temperature 1 from every
// character, seed 0, by default.
SampleOptions to_sample_options(const emscripten::val& options);

}  // namespace recur::js

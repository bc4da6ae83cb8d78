#include "js_options.hpp"

#include <cmath>
#include <string>

#include "js_convert.hpp"
#include "recur/error.hpp"
#include "recur/linear.hpp"

namespace recur::js {

namespace {

// Sizes the core checks against its own, smaller limits (config.hpp): this bound only keeps the
// number an integer a size_t holds, so the core's message is the one a learner sees.
constexpr double max_option_size = 1e9;

const char* const model_option_names[] = {"mode",          "input_size",  "hidden_size",  "num_layers",
                                          "bias",          "batch_first", "nonlinearity", "dropout",
                                          "bidirectional", "proj_size",   "seed"};

const char* const trainer_option_names[] = {"out_features", "optimizer",     "lr",       "momentum",
                                            "dampening",    "weight_decay",  "nesterov", "betas",
                                            "eps",          "max_grad_norm", "seed"};

// Every key of `options` must be one of `names`, or a RecurError names it and lists them:
// "createModel: unknown option 'hiden_size' (options: mode, input_size, ...)".
template <std::size_t N>
void check_option_names(const val& options, const char* const (&names)[N], const std::string& where) {
  const val keys = val::global("Object").call<val>("keys", options);
  for (std::size_t i = 0, n = keys["length"].as<std::size_t>(); i < n; ++i) {
    const std::string key = keys[i].as<std::string>();
    bool known = false;
    for (const char* name : names) known = known || key == name;
    if (!known) {
      std::string list;
      for (const char* name : names) list += (list.empty() ? "" : ", ") + std::string(name);
      throw Error(where + ": unknown option '" + key + "' (options: " + list + ")");
    }
  }
}

bool option_bool(const val& options, const char* key, bool fallback) {
  const val v = options[key];
  if (v.isUndefined()) return fallback;
  if (!v.isTrue() && !v.isFalse())
    throw Error(std::string(key) + " must be true or false, got " + type_of(v));
  return v.isTrue();
}

std::string option_string(const val& options, const char* key, const std::string& fallback) {
  const val v = options[key];
  if (v.isUndefined()) return fallback;
  if (!v.isString()) throw Error(std::string(key) + " must be a string, got " + type_of(v));
  return v.as<std::string>();
}

double option_number(const val& options, const char* key, double fallback) {
  const val v = options[key];
  if (v.isUndefined()) return fallback;
  if (!v.isNumber() || !std::isfinite(v.as<double>()))
    throw Error(std::string("createTrainer: ") + key + " must be a finite number, got " +
                (v.isNumber() ? v.call<std::string>("toString") : type_of(v)));
  return v.as<double>();
}

}  // namespace

ModelOptions to_model_options(const val& options) {
  if (!is_record(options))
    throw Error("createModel needs a config object such as {mode: 'LSTM', input_size: 3, hidden_size: 4}");
  check_option_names(options, model_option_names, "createModel");
  if (options["mode"].isUndefined()) throw Error("createModel: mode is required: 'RNN', 'LSTM' or 'GRU'");
  if (options["input_size"].isUndefined()) throw Error("createModel: input_size is required");
  if (options["hidden_size"].isUndefined()) throw Error("createModel: hidden_size is required");
  ModelOptions o;
  ModelConfig& c = o.config;
  c.mode = parse_mode(option_string(options, "mode", ""), option_string(options, "nonlinearity", "tanh"));
  c.input_size = to_size(options["input_size"], "input_size", max_option_size);
  c.hidden_size = to_size(options["hidden_size"], "hidden_size", max_option_size);
  if (!options["num_layers"].isUndefined())
    c.num_layers = to_size(options["num_layers"], "num_layers", max_option_size);
  c.bias = option_bool(options, "bias", true);
  c.batch_first = option_bool(options, "batch_first", false);
  if (!options["seed"].isUndefined()) o.seed = to_seed(options["seed"]);
  // The core checks the range; here only that it is a number at all.
  const val dropout = options["dropout"];
  if (!dropout.isUndefined()) {
    if (!dropout.isNumber())
      throw Error(
          "dropout should be a number in range [0, 1] representing the probability of an element being "
          "zeroed");
    c.dropout = dropout.as<double>();
  }
  c.bidirectional = option_bool(options, "bidirectional", false);
  if (!options["proj_size"].isUndefined())
    c.proj_size = to_size(options["proj_size"], "proj_size", max_option_size);
  return o;
}

TrainerOptions to_trainer_options(const val& options, const val& seed) {
  if (!is_record(options))
    throw Error("createTrainer needs options such as {out_features: 2, optimizer: 'adam', lr: 0.01}");
  check_option_names(options, trainer_option_names, "createTrainer");
  if (options["out_features"].isUndefined())
    throw Error("createTrainer: out_features is required (the number of classes of y)");
  TrainerOptions t;
  OptimizerOptions& o = t.optimizer;
  o.kind = parse_optimizer(option_string(options, "optimizer", "adam"));
  if (o.kind == OptimizerOptions::Kind::sgd && options["lr"].isUndefined())
    throw Error("createTrainer: lr is required for SGD (torch.optim.SGD has no default)");
  o.lr = option_number(options, "lr", 1e-3);
  o.weight_decay = option_number(options, "weight_decay", 0);
  o.momentum = option_number(options, "momentum", 0);
  o.dampening = option_number(options, "dampening", 0);
  o.nesterov = option_bool(options, "nesterov", false);
  o.eps = option_number(options, "eps", 1e-8);
  const val betas = options["betas"];
  if (!betas.isUndefined()) {
    if (!is_array(betas) || betas["length"].as<std::size_t>() != 2 || !betas[0].isNumber() ||
        !betas[1].isNumber())
      throw Error("createTrainer: betas must be two numbers such as [0.9, 0.999], got " + type_of(betas));
    o.beta1 = betas[0].as<double>();
    o.beta2 = betas[1].as<double>();
  }
  // In the order the checks have always run: out_features, the seed, then max_grad_norm.
  t.out_features = to_size(options["out_features"], "out_features", double(max_out_features));
  t.seed = to_seed(seed);
  t.max_grad_norm = option_number(options, "max_grad_norm", 0);
  return t;
}

namespace {

const char* const text_option_names[] = {"seq_len", "batch", "batch_first"};
const char* const sample_option_names[] = {"length", "temperature", "top_k", "seed"};

}  // namespace

TextOptions to_text_options(const val& options) {
  if (!is_record(options))
    throw Error("textDataset needs options such as {seq_len: 64, batch: 32, batch_first: true}, got " +
                type_of(options));
  check_option_names(options, text_option_names, "textDataset");
  if (options["seq_len"].isUndefined()) throw Error("textDataset: seq_len is required");
  if (options["batch"].isUndefined()) throw Error("textDataset: batch is required");
  TextOptions t;
  t.seq_len = to_size(options["seq_len"], "seq_len", max_option_size);
  t.batch = to_size(options["batch"], "batch", max_option_size);
  t.batch_first = option_bool(options, "batch_first", false);
  return t;
}

SampleOptions to_sample_options(const val& options) {
  SampleOptions s;
  if (options.isUndefined() || options.isNull()) return s;
  if (!is_record(options))
    throw Error("sample: options must be an object {length, temperature, top_k, seed}, got " +
                type_of(options));
  check_option_names(options, sample_option_names, "sample");
  if (!options["length"].isUndefined()) s.length = to_size(options["length"], "length", max_option_size);
  const val temperature = options["temperature"];
  if (!temperature.isUndefined()) {
    if (!temperature.isNumber() || !(temperature.as<double>() >= 0) ||
        !std::isfinite(temperature.as<double>()))
      throw Error(
          "sample: temperature must be 0 (greedy) or a positive number, got " +
          (temperature.isNumber() ? temperature.call<std::string>("toString") : type_of(temperature)));
    s.temperature = temperature.as<double>();
  }
  if (!options["top_k"].isUndefined()) s.top_k = to_size(options["top_k"], "top_k", max_option_size);
  if (!options["seed"].isUndefined()) s.seed = to_seed(options["seed"]);
  return s;
}

}  // namespace recur::js

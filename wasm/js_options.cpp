#include "js_options.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "js_convert.hpp"
#include "recur/config_fields.hpp"
#include "recur/error.hpp"
#include "recur/linear.hpp"

namespace recur::js {

namespace {

// Sizes the core checks against its own, smaller limits (config.hpp): this bound only keeps the
// number an integer a size_t holds, so the core's message is the one a learner sees.
constexpr double max_option_size = 1e9;

// per_step is read (and taken out) by recur.mjs before these options come here; it is listed so
// that a refusal names every option createTrainer takes.
const std::vector<std::string> trainer_option_names = {
    "out_features", "optimizer", "lr",  "momentum",      "dampening",  "weight_decay",
    "nesterov",     "betas",     "eps", "max_grad_norm", "head_input", "per_step"};

// The names of config_fields, in its order.
std::vector<std::string> model_option_names() {
  std::vector<std::string> names;
  for (const ConfigField& f : config_fields) names.push_back(f.name);
  return names;
}

// `prefix` names the function in the message where the option's name alone would not say it
// ("parseTable: "); createModel's and createTrainer's messages are the option's own.
bool option_bool(const val& options, const char* key, bool fallback, const std::string& prefix = "") {
  const val v = options[key];
  if (v.isUndefined()) return fallback;
  if (!v.isTrue() && !v.isFalse()) throw Error(prefix + key + " must be true or false, got " + type_of(v));
  return v.isTrue();
}

std::string option_string(const val& options, const char* key, const std::string& fallback,
                          const std::string& prefix = "") {
  const val v = options[key];
  if (v.isUndefined()) return fallback;
  if (!v.isString()) throw Error(prefix + key + " must be a string, got " + type_of(v));
  return v.as<std::string>();
}

double option_number(const val& options, const char* key, double fallback,
                     const char* where = "createTrainer") {
  const val v = options[key];
  if (v.isUndefined()) return fallback;
  return finite_number(v, std::string(where) + ": " + key);
}

}  // namespace

double finite_number(const val& v, const std::string& what) {
  if (!v.isNumber() || !std::isfinite(v.as<double>()))
    throw Error(what + " must be a finite number, got " +
                (v.isNumber() ? v.call<std::string>("toString") : type_of(v)));
  return v.as<double>();
}

void check_option_names(const val& options, const std::vector<std::string>& names, const std::string& where) {
  const val keys = val::global("Object").call<val>("keys", options);
  for (std::size_t i = 0, n = keys["length"].as<std::size_t>(); i < n; ++i) {
    const std::string key = keys[i].as<std::string>();
    bool known = false;
    for (const std::string& name : names) known = known || key == name;
    if (!known) {
      std::string list;
      for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
      throw Error(where + ": unknown option '" + key + "' (options: " + list + ")");
    }
  }
}

ModelOptions to_model_options(const val& options) {
  if (!is_record(options))
    throw Error("createModel needs a config object such as {mode: 'LSTM', input_size: 3, hidden_size: 4}");
  check_option_names(options, model_option_names(), "createModel");
  for (const ConfigField& f : config_fields)
    if (f.required && options[f.name].isUndefined())
      throw Error(std::string("createModel: ") + f.name + " is required" +
                  (*f.note ? std::string(": ") + f.note : ""));
  ModelOptions o;
  ModelConfig& c = o.config;
  for (const ConfigField& f : config_fields) {
    const val v = options[f.name];
    switch (f.kind) {
      case FieldKind::mode:  // with its nonlinearity, which only 'RNN' reads
        c.mode =
            parse_mode(option_string(options, f.name, ""), option_string(options, "nonlinearity", "tanh"));
        break;
      case FieldKind::nonlinearity:
        break;
      case FieldKind::size:
        if (!v.isUndefined()) c.*f.size = to_size(v, f.name, max_option_size);
        break;
      case FieldKind::flag:
        c.*f.flag = option_bool(options, f.name, c.*f.flag);
        break;
      case FieldKind::number:  // the core checks the range; here only that it is a number at all
        if (!v.isUndefined()) {
          if (!v.isNumber()) throw Error(range_error(f));
          c.*f.number = v.as<double>();
        }
        break;
      case FieldKind::seed:
        if (!v.isUndefined()) o.seed = to_seed(v);
        break;
    }
  }
  return o;
}

TrainerOptions to_trainer_options(const val& options) {
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
  t.out_features = to_size(options["out_features"], "out_features", double(max_out_features));
  t.max_grad_norm = option_number(options, "max_grad_norm", 0);
  t.input = to_head_input(options, "createTrainer");
  return t;
}

CosineAnnealingOptions to_cosine_annealing_options(const val& options) {
  if (!is_record(options))
    throw Error("cosineAnnealingLR needs options such as {lr: 0.02, T_max: 10}, got " + type_of(options));
  check_option_names(options, {"lr", "T_max", "eta_min"}, "cosineAnnealingLR");
  if (options["lr"].isUndefined() || options["T_max"].isUndefined())
    throw Error("cosineAnnealingLR: lr (the optimizer's) and T_max (epochs to the lowest lr) are required");
  CosineAnnealingOptions o;
  o.lr = option_number(options, "lr", 0, "cosineAnnealingLR");
  o.t_max = to_size(options["T_max"], "cosineAnnealingLR: T_max", double(max_scheduler_epochs));
  o.eta_min = option_number(options, "eta_min", 0, "cosineAnnealingLR");
  return o;
}

HeadInput to_head_input(const val& options, const std::string& where) {
  const std::string input = option_string(options, "head_input", "last");
  if (input != "last" && input != "cat")
    throw Error(where +
                ": head_input must be 'last' (h_n[-1]) or 'cat' (torch.cat((h_n[-2], h_n[-1]), dim=1)), "
                "got '" +
                input + "'");
  return input == "cat" ? HeadInput::cat : HeadInput::last;
}

HeadInput to_head_options(const val& options) {
  if (options.isUndefined()) return HeadInput::last;
  if (!is_record(options))
    throw Error("createHead: options must be an object such as {head_input: 'cat'}, got " + type_of(options));
  check_option_names(options, {"head_input"}, "createHead");
  return to_head_input(options, "createHead");
}

TableOptions to_table_options(const val& options) {
  TableOptions t;
  if (options.isUndefined() || options.isNull()) return t;
  check_option_names(options, {"batch_first", "tokens", "one_hot"}, "parseTable");
  t.one_hot = option_bool(options, "one_hot", t.one_hot, "parseTable: ");
  t.batch_first = option_bool(options, "batch_first", t.batch_first, "parseTable: ");
  t.tokens = option_string(options, "tokens", t.tokens, "parseTable: ");
  if (t.tokens != "bits" && t.tokens != "words" && t.tokens != "characters" && t.tokens != "auto")
    throw Error("parseTable: tokens must be 'bits', 'words', 'characters' or 'auto', got '" + t.tokens + "'");
  return t;
}

CallOptions to_call_options(const val& options, const std::vector<std::string>& names,
                            const std::string& where) {
  CallOptions o;
  if (options.isUndefined() || options.isNull()) return o;
  check_option_names(options, names, where);
  o.h0 = to_optional_tensor(options["h0"], "h0");
  o.c0 = to_optional_tensor(options["c0"], "c0");
  o.intermediates = option_bool(options, "intermediates", false, where + ": ");
  const val lengths = options["lengths"];
  if (!lengths.isUndefined() && !lengths.isNull()) o.lengths = to_lengths(lengths);
  return o;
}

namespace {

const std::vector<std::string> text_option_names = {"seq_len", "batch", "batch_first"};
const std::vector<std::string> sample_option_names = {"length", "temperature", "top_k", "seed"};

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

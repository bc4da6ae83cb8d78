// Embind bindings: JS values in, core calls, JS values out, C++ errors out as RecurError.
// Conversion and type checks only; every number is computed by the core.

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "recur/config.hpp"
#include "recur/error.hpp"
#include "recur/format.hpp"
#include "recur/init.hpp"
#include "recur/kernels/simd.hpp"
#include "recur/linear.hpp"
#include "recur/safetensors.hpp"
#include "recur/model.hpp"
#include "recur/table.hpp"
#include "recur/trainer.hpp"

using emscripten::val;

namespace {

// RecurError is the JS class recur.mjs hands to the module as Module.RecurError.
val recur_error(const std::string& message) {
  return val::module_property("RecurError").new_(message);
}

// Runs f, turning any C++ exception into a thrown RecurError. The JS error is thrown only
// after the catch block has ended, so every C++ destructor has run by then.
template <class F>
auto guarded(F&& f) -> decltype(f()) {
  std::optional<val> error;
  try {
    return f();
  } catch (const recur::TableError& e) {
    error = recur_error(e.what());
    error->set("row", e.row());
    error->set("line", e.line());
    error->set("column", e.column());
  } catch (const std::bad_alloc&) {
    error = recur_error("out of memory: the WebAssembly heap cannot hold a tensor this large");
  } catch (const std::exception& e) {
    error = recur_error(e.what());
  }
  error->throw_();
}

bool is_array(const val& v) {
  return val::global("Array").call<bool>("isArray", v);
}

// typeof v === 'object' and not null (arrays included).
bool is_object(const val& v) {
  return !v.isNull() && v.typeOf().as<std::string>() == "object";
}

std::string type_of(const val& v) {
  if (v.isNull()) return "null";
  if (is_array(v)) return "an array";
  return v.typeOf().as<std::string>();
}

// A non-negative integer from a JS number, or an error naming `what`.
std::size_t to_size(const val& v, const std::string& what, double maximum) {
  if (!v.isNumber()) throw recur::Error(what + " must be an integer, got " + type_of(v));
  const double d = v.as<double>();
  if (!std::isfinite(d) || d != std::floor(d))
    throw recur::Error(what + " must be an integer, got " + v.call<std::string>("toString"));
  if (d < 0) throw recur::Error(what + " must not be negative, got " + v.call<std::string>("toString"));
  if (d > maximum)
    throw recur::Error(what + " is " + v.call<std::string>("toString") + ", more than the maximum " +
                       val(maximum).call<std::string>("toString"));
  return static_cast<std::size_t>(d);
}

bool is_array_like(const val& v) {
  return is_array(v) || val::global("ArrayBuffer").call<bool>("isView", v);
}

// {data: Float32Array | number[], shape: number[]} -> Tensor (one bulk copy).
recur::Tensor to_tensor(const val& v, const std::string& what) {
  const std::string usage = what + " must be a tensor {data: Float32Array, shape: number[]}";
  if (!is_object(v) || is_array(v)) throw recur::Error(usage + ", got " + type_of(v));
  const val shape_js = v["shape"], data = v["data"];
  if (!is_array(shape_js)) throw recur::Error(usage + ": shape is missing or not an array");
  if (!is_array_like(data) || data.instanceof (val::global("BigInt64Array")) || data.instanceof
      (val::global("BigUint64Array")))
    throw recur::Error(usage + ": data is missing or not an array of numbers");
  const std::size_t rank = shape_js["length"].as<std::size_t>();
  if (rank > 8)
    throw recur::Error(what + ": shape has " + std::to_string(rank) + " dimensions, at most 8 are supported");
  recur::Shape shape;
  double count = 1;
  for (std::size_t i = 0; i < rank; ++i) {
    shape.push_back(
        to_size(shape_js[i], what + ".shape[" + std::to_string(i) + "]", double(recur::max_tensor_elements)));
    count *= static_cast<double>(shape.back());
  }
  if (count > double(recur::max_tensor_elements))
    throw recur::Error(what + ": shape " + recur::format_dims(shape) + " has more than the maximum " +
                       std::to_string(recur::max_tensor_elements) + " elements");
  const std::size_t length = data["length"].as<std::size_t>();
  if (length != static_cast<std::size_t>(count))
    throw recur::Error(what + ": data has " + std::to_string(length) + " elements but shape " +
                       recur::format_dims(shape) + " needs " +
                       std::to_string(static_cast<std::size_t>(count)));
  recur::Tensor t = recur::Tensor::from_shape(shape);  // allocate before taking any memory view
  if (length) val(emscripten::typed_memory_view(length, t.data())).call<void>("set", data);
  return t;
}

std::optional<recur::Tensor> to_optional_tensor(const val& v, const std::string& what) {
  if (v.isNull() || v.isUndefined()) return std::nullopt;
  return to_tensor(v, what);
}

val to_js(const recur::Tensor& t) {
  val shape = val::array();
  for (std::size_t d : t.shape()) shape.call<void>("push", d);
  val out = val::object();
  out.set("data", val::global("Float32Array").new_(emscripten::typed_memory_view(t.size(), t.data())));
  out.set("shape", shape);
  return out;
}

// --- parseTable -------------------------------------------------------------------------

val parse_table(const std::string& text, bool batch_first) {
  return guarded([&] {
    const recur::Table table = recur::parse_table(text, batch_first);
    val out = val::object();
    out.set("x", to_js(table.x));
    if (table.has_labels) {
      out.set("y",
              val::global("Int32Array").new_(emscripten::typed_memory_view(table.y.size(), table.y.data())));
    } else {
      out.set("y", val::null());
    }
    out.set("batch", table.batch);
    out.set("seq_len", table.seq_len);
    out.set("input_size", table.input_size);
    out.set("batch_first", batch_first);
    return out;
  });
}

// --- createModel: PyTorch's argument names, checked before the core sees them --------------

const char* const option_names[] = {"mode",          "input_size",  "hidden_size",  "num_layers",
                                    "bias",          "batch_first", "nonlinearity", "dropout",
                                    "bidirectional", "proj_size",   "seed"};

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
      throw recur::Error(where + ": unknown option '" + key + "' (options: " + list + ")");
    }
  }
}

bool option_bool(const val& config, const char* key, bool fallback) {
  const val v = config[key];
  if (v.isUndefined()) return fallback;
  if (!v.isTrue() && !v.isFalse())
    throw recur::Error(std::string(key) + " must be true or false, got " + type_of(v));
  return v.isTrue();
}

std::string option_string(const val& config, const char* key, const std::string& fallback) {
  const val v = config[key];
  if (v.isUndefined()) return fallback;
  if (!v.isString()) throw recur::Error(std::string(key) + " must be a string, got " + type_of(v));
  return v.as<std::string>();
}

struct ModelOptions {
  recur::ModelConfig config;
  std::uint64_t seed = 0;
};

ModelOptions to_options(const val& config) {
  if (!is_object(config) || is_array(config))
    throw recur::Error(
        "createModel needs a config object such as {mode: 'LSTM', input_size: 3, hidden_size: 4}");
  check_option_names(config, option_names, "createModel");
  if (config["mode"].isUndefined()) throw recur::Error("createModel: mode is required: 'RNN', 'LSTM' or 'GRU'");
  if (config["input_size"].isUndefined()) throw recur::Error("createModel: input_size is required");
  if (config["hidden_size"].isUndefined()) throw recur::Error("createModel: hidden_size is required");
  ModelOptions o;
  recur::ModelConfig& c = o.config;
  c.mode =
      recur::parse_mode(option_string(config, "mode", ""), option_string(config, "nonlinearity", "tanh"));
  c.input_size = to_size(config["input_size"], "input_size", 1e9);
  c.hidden_size = to_size(config["hidden_size"], "hidden_size", 1e9);
  if (!config["num_layers"].isUndefined()) c.num_layers = to_size(config["num_layers"], "num_layers", 1e9);
  c.bias = option_bool(config, "bias", true);
  c.batch_first = option_bool(config, "batch_first", false);
  if (!config["seed"].isUndefined()) o.seed = to_size(config["seed"], "seed", 4294967295.0);
  // The core checks the range; here only that it is a number at all.
  const val dropout = config["dropout"];
  if (!dropout.isUndefined()) {
    if (!dropout.isNumber())
      throw recur::Error(
          "dropout should be a number in range [0, 1] representing the probability of an element being zeroed");
    c.dropout = dropout.as<double>();
  }
  c.bidirectional = option_bool(config, "bidirectional", false);
  if (!config["proj_size"].isUndefined()) c.proj_size = to_size(config["proj_size"], "proj_size", 1e9);
  return o;
}

std::unique_ptr<recur::Model> create_model(const val& config) {
  return guarded([&] {
    const ModelOptions o = to_options(config);
    return std::make_unique<recur::Model>(o.config, o.seed);
  });
}

val model_config(const recur::Model& model) {
  const recur::ModelConfig& c = model.config();
  val out = val::object();
  out.set("mode", recur::mode_name(c.mode));
  out.set("input_size", c.input_size);
  out.set("hidden_size", c.hidden_size);
  out.set("num_layers", c.num_layers);
  out.set("bias", c.bias);
  out.set("batch_first", c.batch_first);
  out.set("nonlinearity", std::string(c.mode == recur::Mode::rnn_relu ? "relu" : "tanh"));
  out.set("dropout", c.dropout);
  out.set("proj_size", c.proj_size);
  out.set("bidirectional", c.bidirectional);
  return out;
}

val model_warnings(const recur::Model& model) {
  val out = val::array();
  for (const auto& w : recur::warnings(model.config())) out.call<void>("push", w);
  return out;
}

val to_js(const std::optional<recur::Tensor>& t) {
  return t ? to_js(*t) : val::null();
}

val forward(const recur::Model& model, const val& x, const val& h0, const val& c0, bool intermediates) {
  return guarded([&] {
    const recur::Tensor input = to_tensor(x, "x");
    const auto h = to_optional_tensor(h0, "h0");
    const auto c = to_optional_tensor(c0, "c0");
    const recur::ForwardResult r = model.forward(input, h ? &*h : nullptr, c ? &*c : nullptr, intermediates);
    val out = val::object();
    out.set("output", to_js(r.output));
    out.set("h_n", to_js(r.h_n));
    out.set("c_n", to_js(r.c_n));
    if (r.intermediates) {
      const recur::Intermediates& m = *r.intermediates;
      val steps = val::object();
      steps.set("input_term", to_js(m.input_term));
      steps.set("hidden_term", to_js(m.hidden_term));
      steps.set("preactivation", to_js(m.preactivation));
      steps.set("gates", to_js(m.gates));
      steps.set("h", to_js(m.h));
      steps.set("c", to_js(m.c));
      out.set("intermediates", steps);
    }
    return out;
  });
}


// {name: {data, shape}} -> StateDict, in the object's key order.
recur::StateDict to_state_dict(const val& dict, const std::string& where) {
  if (!is_object(dict) || is_array(dict))
    throw recur::Error(where + " needs an object {name: {data, shape}}, got " + type_of(dict));
  const val keys = val::global("Object").call<val>("keys", dict);
  recur::StateDict entries;
  for (std::size_t i = 0, n = keys["length"].as<std::size_t>(); i < n; ++i) {
    const std::string key = keys[i].as<std::string>();
    entries.push_back({key, to_tensor(dict[key], key)});
  }
  return entries;
}

val to_js(const recur::StateDict& dict) {
  val out = val::object();
  for (const auto& p : dict) out.set(p.name, to_js(p.value));
  return out;
}

template <class Module>
val state_dict(const Module& module) {
  return guarded([&] { return to_js(module.state_dict()); });
}

template <class Module>
void load_state_dict(Module& module, const val& dict) {
  guarded([&] { module.load_state_dict(to_state_dict(dict, "loadStateDict")); });
}

// --- weights files ------------------------------------------------------------------------

val read_safetensors(const val& bytes) {
  return guarded([&] {
    if (!bytes.instanceof(val::global("Uint8Array")))
      throw recur::Error("readSafetensors needs the file's bytes as a Uint8Array, got " + type_of(bytes));
    std::vector<std::uint8_t> data(bytes["length"].as<std::size_t>());
    if (!data.empty()) val(emscripten::typed_memory_view(data.size(), data.data())).call<void>("set", bytes);
    return to_js(recur::read_safetensors(data.data(), data.size()));
  });
}

val write_safetensors(const val& dict) {
  return guarded([&] {
    const std::vector<std::uint8_t> bytes = recur::write_safetensors(to_state_dict(dict, "writeSafetensors"));
    return val::global("Uint8Array").new_(emscripten::typed_memory_view(bytes.size(), bytes.data()));
  });
}

val infer_config(const val& dict) {
  return guarded([&] {
    const recur::ModelConfig c = recur::infer_config(to_state_dict(dict, "inferConfig"));
    val out = val::object();
    out.set("mode", recur::module_name(c.mode));  // 'RNN', 'LSTM' or 'GRU'
    out.set("input_size", c.input_size);
    out.set("hidden_size", c.hidden_size);
    out.set("num_layers", c.num_layers);
    out.set("bias", c.bias);
    out.set("bidirectional", c.bidirectional);
    out.set("proj_size", c.proj_size);
    return out;
  });
}

// --- the Linear head ----------------------------------------------------------------------

std::unique_ptr<recur::Linear> create_head(const recur::Model& model, const val& seed, const val& out_features) {
  return guarded([&] {
    return std::make_unique<recur::Linear>(recur::Linear::after(
        model.config(), to_size(seed, "seed", 4294967295.0),
        to_size(out_features, "out_features", double(recur::max_out_features))));
  });
}

val linear_forward(const recur::Linear& head, const val& x) {
  return guarded([&] {
    const recur::LinearResult r = head.forward(to_tensor(x, "x"));
    val out = val::object();
    out.set("logits", to_js(r.logits));
    out.set("probabilities", to_js(r.probabilities));
    out.set("predicted",
            val::global("Int32Array").new_(emscripten::typed_memory_view(r.predicted.size(), r.predicted.data())));
    return out;
  });
}

// --- training -----------------------------------------------------------------------------

const char* const trainer_option_names[] = {"out_features", "optimizer",   "lr",  "momentum",     "dampening",
                                            "weight_decay", "nesterov",    "betas", "eps", "max_grad_norm",
                                            "seed"};

double option_number(const val& options, const char* key, double fallback) {
  const val v = options[key];
  if (v.isUndefined()) return fallback;
  if (!v.isNumber() || !std::isfinite(v.as<double>()))
    throw recur::Error(std::string("createTrainer: ") + key + " must be a finite number, got " +
                       (v.isNumber() ? v.call<std::string>("toString") : type_of(v)));
  return v.as<double>();
}

std::unique_ptr<recur::Trainer> create_trainer(recur::Model& model, const val& options, const val& seed) {
  return guarded([&] {
    if (!is_object(options) || is_array(options))
      throw recur::Error("createTrainer needs options such as {out_features: 2, optimizer: 'adam', lr: 0.01}");
    check_option_names(options, trainer_option_names, "createTrainer");
    if (options["out_features"].isUndefined())
      throw recur::Error("createTrainer: out_features is required (the number of classes of y)");
    recur::OptimizerOptions o;
    o.kind = recur::parse_optimizer(option_string(options, "optimizer", "adam"));
    const bool sgd = o.kind == recur::OptimizerOptions::Kind::sgd;
    if (sgd && options["lr"].isUndefined())
      throw recur::Error("createTrainer: lr is required for SGD (torch.optim.SGD has no default)");
    o.lr = option_number(options, "lr", 1e-3);
    o.weight_decay = option_number(options, "weight_decay", 0);
    o.momentum = option_number(options, "momentum", 0);
    o.dampening = option_number(options, "dampening", 0);
    o.nesterov = option_bool(options, "nesterov", false);
    o.eps = option_number(options, "eps", 1e-8);
    const val betas = options["betas"];
    if (!betas.isUndefined()) {
      if (!is_array(betas) || betas["length"].as<std::size_t>() != 2 || !betas[0].isNumber() || !betas[1].isNumber())
        throw recur::Error("createTrainer: betas must be two numbers such as [0.9, 0.999], got " + type_of(betas));
      o.beta1 = betas[0].as<double>();
      o.beta2 = betas[1].as<double>();
    }
    const std::size_t out_features = to_size(options["out_features"], "out_features", double(recur::max_out_features));
    return std::make_unique<recur::Trainer>(
        model, recur::Linear::after(model.config(), to_size(seed, "seed", 4294967295.0), out_features), o,
        option_number(options, "max_grad_norm", 0));
  });
}

// y: an Int32Array, an array of integers, or one integer (an unbatched sentence's label).
std::vector<std::int32_t> to_labels(const val& y) {
  std::vector<std::int32_t> labels;
  if (y.isNumber()) {
    labels.push_back(static_cast<std::int32_t>(to_size(y, "y", 2147483647.0)));
    return labels;
  }
  if (!is_array(y) && !y.instanceof(val::global("Int32Array")))
    throw recur::Error("y must be the class of each sentence: an Int32Array or an array of integers, got " + type_of(y));
  for (std::size_t i = 0, n = y["length"].as<std::size_t>(); i < n; ++i)
    labels.push_back(static_cast<std::int32_t>(to_size(y[i], "y[" + std::to_string(i) + "]", 2147483647.0)));
  return labels;
}

val to_js(const recur::TrainingStep& s) {
  val out = val::object();
  out.set("loss", s.loss);
  out.set("predicted", val::global("Int32Array").new_(emscripten::typed_memory_view(s.predicted.size(), s.predicted.data())));
  out.set("grads", to_js(s.gradients));
  val inputs = val::object();
  inputs.set("x", to_js(s.x));
  inputs.set("h0", to_js(s.h0));
  inputs.set("c0", to_js(s.c0));
  out.set("inputGrads", inputs);
  out.set("hiddenGradNorms", to_js(s.hidden_norms));
  out.set("gradNorm", s.gradient_norm);
  return out;
}

template <class Step>
val training_call(const val& x, const val& y, const val& h0, const val& c0, Step step) {
  return guarded([&] {
    const recur::Tensor input = to_tensor(x, "x");
    const auto h = to_optional_tensor(h0, "h0");
    const auto c = to_optional_tensor(c0, "c0");
    return to_js(step(input, to_labels(y), h ? &*h : nullptr, c ? &*c : nullptr));
  });
}

val trainer_loss_and_grad(const recur::Trainer& trainer, const val& x, const val& y, const val& h0, const val& c0) {
  return training_call(x, y, h0, c0, [&](auto&&... a) { return trainer.loss_and_grad(a...); });
}

val trainer_step(recur::Trainer& trainer, const val& x, const val& y, const val& h0, const val& c0) {
  return training_call(x, y, h0, c0, [&](auto&&... a) { return trainer.step(a...); });
}

val trainer_head_state_dict(const recur::Trainer& trainer) {
  return state_dict(trainer.head());
}

void trainer_load_head_state_dict(recur::Trainer& trainer, const val& dict) {
  load_state_dict(trainer.head(), dict);
}

std::size_t trainer_steps(const recur::Trainer& trainer) {
  return trainer.optimizer().steps();
}

val random_tensor(const val& shape, const val& seed) {
  return guarded([&] {
    if (!is_array(shape)) throw recur::Error("rand needs a shape: an array of sizes such as [128, 28, 12]");
    recur::Shape s;
    double count = 1;
    for (std::size_t i = 0, n = shape["length"].as<std::size_t>(); i < n; ++i) {
      s.push_back(to_size(shape[i], "rand: shape[" + std::to_string(i) + "]", double(recur::max_tensor_elements)));
      count *= double(s.back());
    }
    if (count > double(recur::max_tensor_elements))
      throw recur::Error("rand: shape " + recur::format_dims(s) + " has more than the maximum " +
                         std::to_string(recur::max_tensor_elements) + " elements");
    return to_js(recur::rand(s, to_size(seed, "seed", 4294967295.0)));
  });
}

std::string format_shape(const val& shape) {
  return guarded([&] {
    if (!is_array(shape)) throw recur::Error("formatShape needs an array of sizes");
    recur::Shape s;
    for (std::size_t i = 0, n = shape["length"].as<std::size_t>(); i < n; ++i)
      s.push_back(to_size(shape[i], "shape[" + std::to_string(i) + "]", 1e15));
    return recur::format_shape(s);
  });
}

std::string format_tensor(const val& t) {
  return guarded([&] { return recur::format_tensor(to_tensor(t, "formatTensor")); });
}

// The documented limits (config.hpp, table.hpp), so JS can check sizes before copying anything.
val limits() {
  val out = val::object();
  out.set("max_table_text", double(recur::max_table_text));
  out.set("max_input_size", double(recur::max_input_size));
  out.set("max_hidden_size", double(recur::max_hidden_size));
  out.set("max_num_layers", double(recur::max_num_layers));
  out.set("max_parameters", double(recur::max_parameters));
  out.set("max_tensor_elements", double(recur::max_tensor_elements));
  out.set("max_out_features", double(recur::max_out_features));
  return out;
}

std::string simd_arch() {
  return recur::kernels::simd_arch_name();
}

}  // namespace

EMSCRIPTEN_BINDINGS(recur) {
  emscripten::function("parseTable", &parse_table);
  emscripten::function("createModel", &create_model);
  emscripten::function("formatShape", &format_shape);
  emscripten::function("formatTensor", &format_tensor);
  emscripten::function("simdArch", &simd_arch);
  emscripten::function("limits", &limits);
  emscripten::function("rand", &random_tensor);
  emscripten::function("createHead", &create_head);
  emscripten::function("readSafetensors", &read_safetensors);
  emscripten::function("writeSafetensors", &write_safetensors);
  emscripten::function("inferConfig", &infer_config);
  emscripten::function("createTrainer", &create_trainer);
  emscripten::class_<recur::Model>("Model")
      .function("config", &model_config)
      .function("warnings", &model_warnings)
      .function("forward", &forward)
      .function("stateDict", &state_dict<recur::Model>)
      .function("loadStateDict", &load_state_dict<recur::Model>);
  emscripten::class_<recur::Linear>("Linear")
      .function("forward", &linear_forward)
      .function("stateDict", &state_dict<recur::Linear>)
      .function("loadStateDict", &load_state_dict<recur::Linear>)
      .function("inFeatures", &recur::Linear::in_features)
      .function("outFeatures", &recur::Linear::out_features);
  emscripten::class_<recur::Trainer>("Trainer")
      .function("lossAndGrad", &trainer_loss_and_grad)
      .function("step", &trainer_step)
      .function("headStateDict", &trainer_head_state_dict)
      .function("loadHeadStateDict", &trainer_load_head_state_dict)
      .function("steps", &trainer_steps);
}

#include "js_results.hpp"

#include <string>

#include "js_convert.hpp"

namespace recur::js {

val to_js(const Table& table, bool batch_first) {
  val out = val::object();
  out.set("x", to_js(table.x));
  out.set("y", table.has_labels ? to_js(table.y) : val::null());
  out.set("batch", table.batch);
  out.set("seq_len", table.seq_len);
  out.set("input_size", table.input_size);
  out.set("batch_first", batch_first);
  return out;
}

val to_js(const ForwardResult& result) {
  val out = val::object();
  out.set("output", to_js(result.output));
  out.set("h_n", to_js(result.h_n));
  out.set("c_n", to_js(result.c_n));
  if (result.intermediates) {
    const Intermediates& m = *result.intermediates;
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
}

val to_js(const LinearResult& result) {
  val out = val::object();
  out.set("logits", to_js(result.logits));
  out.set("probabilities", to_js(result.probabilities));
  out.set("predicted", to_js(result.predicted));
  return out;
}

val to_js(const TrainingStep& step) {
  val out = val::object();
  out.set("loss", step.loss);
  out.set("predicted", to_js(step.predicted));
  out.set("grads", to_js(step.gradients));
  val inputs = val::object();
  inputs.set("x", to_js(step.x));
  inputs.set("h0", to_js(step.h0));
  inputs.set("c0", to_js(step.c0));
  out.set("inputGrads", inputs);
  out.set("hiddenGradNorms", to_js(step.hidden_norms));
  out.set("gradNorm", step.gradient_norm);
  return out;
}

val to_js(const SequenceTrainingStep& step) {
  val out = val::object();
  out.set("loss", step.loss);
  out.set("predicted", to_js(step.predicted));
  out.set("grads", to_js(step.gradients));
  val inputs = val::object();
  inputs.set("x", to_js(step.x));
  inputs.set("h0", to_js(step.h0));
  inputs.set("c0", to_js(step.c0));
  out.set("inputGrads", inputs);
  out.set("hiddenGradNorms", to_js(step.hidden_norms));
  out.set("gradNorm", step.gradient_norm);
  out.set("h_n", to_js(step.h_n));
  out.set("c_n", to_js(step.c_n));
  return out;
}

namespace {

val targets_to_js(const std::vector<std::int32_t>& data, const Shape& shape) {
  val out = val::object();
  out.set("data", to_js(data));
  val s = val::array();
  for (std::size_t d : shape) s.call<void>("push", d);
  out.set("shape", s);
  return out;
}

}  // namespace

val to_js(const TextChunk& chunk) {
  val out = val::object();
  out.set("x", to_js(chunk.x));
  out.set("y", targets_to_js(chunk.y, chunk.y_shape));
  return out;
}

val to_js(const NextCharacters& next) {
  val out = to_js(next.forward);
  const std::size_t k = next.probabilities.shape()[1];
  out.set("top", targets_to_js(next.top, {next.top.size() / k, k}));
  out.set("probabilities", to_js(next.probabilities));
  return out;
}

namespace {

// What every configuration object starts with, in createModel's order: {mode, input_size,
// hidden_size, num_layers, bias}, with `mode` as the caller names it.
val config_object(const std::string& mode, const ModelConfig& c) {
  val out = val::object();
  out.set("mode", mode);
  out.set("input_size", c.input_size);
  out.set("hidden_size", c.hidden_size);
  out.set("num_layers", c.num_layers);
  out.set("bias", c.bias);
  return out;
}

}  // namespace

val model_config_to_js(const ModelConfig& c) {
  val out = config_object(mode_name(c.mode), c);
  out.set("batch_first", c.batch_first);
  out.set("nonlinearity", std::string(c.mode == Mode::rnn_relu ? "relu" : "tanh"));
  out.set("dropout", c.dropout);
  out.set("proj_size", c.proj_size);
  out.set("bidirectional", c.bidirectional);
  return out;
}

val inferred_config_to_js(const ModelConfig& c) {
  val out = config_object(module_name(c.mode), c);
  out.set("bidirectional", c.bidirectional);
  out.set("proj_size", c.proj_size);
  return out;
}

}  // namespace recur::js

#include "js_results.hpp"

#include <string>

#include "js_convert.hpp"
#include "recur/config_fields.hpp"

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

val to_js(const WordTable& table, bool batch_first, const std::string& tokens, bool with_one_hot) {
  val out = val::object();
  out.set("tokens", tokens);
  out.set("x", with_one_hot ? to_js(one_hot(table.ids, table.vocabulary.size())) : val::null());
  out.set("ids", to_js(table.ids));
  std::vector<std::int32_t> lengths(table.lengths.begin(), table.lengths.end());
  out.set("lengths", to_js(lengths));
  val vocabulary = val::array(), counts = val::array();
  for (std::size_t i = 0; i < table.vocabulary.size(); ++i) {
    vocabulary.call<void>("push", table.vocabulary[i]);
    counts.call<void>("push", double(table.counts[i]));
  }
  out.set("vocabulary", vocabulary);
  out.set("counts", counts);
  out.set("y", table.has_labels ? to_js(table.y) : val::null());
  out.set("batch", table.batch);
  out.set("seq_len", table.seq_len);
  out.set("input_size", table.vocabulary.size());
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

val to_js(const ForwardShapes& shapes) {
  val out = val::object();
  out.set("output", shape_to_js(shapes.output));
  out.set("h_n", shape_to_js(shapes.h_n));
  out.set("c_n", shapes.c_n ? shape_to_js(*shapes.c_n) : val::null());
  return out;
}

val to_js(const LinearResult& result) {
  val out = val::object();
  out.set("logits", to_js(result.logits));
  out.set("probabilities", to_js(result.probabilities));
  out.set("predicted", to_js(result.predicted));
  return out;
}

namespace {

// What a step of either trainer (on h_n[-1], or per step) reports alike.
template <class Step>
val training_step(const Step& step) {
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

}  // namespace

val to_js(const TrainingStep& step) {
  return training_step(step);
}

val to_js(const SequenceTrainingStep& step) {
  val out = training_step(step);
  out.set("h_n", to_js(step.h_n));
  out.set("c_n", to_js(step.c_n));
  return out;
}

namespace {

val targets_to_js(const std::vector<std::int32_t>& data, const Shape& shape) {
  val out = val::object();
  out.set("data", to_js(data));
  out.set("shape", shape_to_js(shape));
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

// A config object of the fields `which` selects, in the table's order, each as createModel takes
// it (the mode in PyTorch's spelling: 'RNN_TANH', 'RNN_RELU', 'LSTM', 'GRU').
template <class Which>
val config_object(const ModelConfig& c, Which which) {
  val out = val::object();
  for (const ConfigField& f : config_fields) {
    if (!which(f)) continue;
    switch (f.kind) {
      case FieldKind::mode:
        out.set(f.name, mode_name(c.mode));
        break;
      case FieldKind::nonlinearity:
        out.set(f.name, std::string(c.mode == Mode::rnn_relu ? "relu" : "tanh"));
        break;
      case FieldKind::size:
        out.set(f.name, c.*f.size);
        break;
      case FieldKind::flag:
        out.set(f.name, c.*f.flag);
        break;
      case FieldKind::number:
        out.set(f.name, c.*f.number);
        break;
      case FieldKind::seed:  // the model's (Model.seed), not its configuration's
        break;
    }
  }
  return out;
}

const char* kind_name(FieldKind kind) {
  switch (kind) {
    case FieldKind::mode:
      return "mode";
    case FieldKind::nonlinearity:
      return "nonlinearity";
    case FieldKind::size:
      return "size";
    case FieldKind::flag:
      return "flag";
    case FieldKind::number:
      return "number";
    case FieldKind::seed:
      return "seed";
  }
  return "?";
}

}  // namespace

val model_config_to_js(const ModelConfig& c) {
  return config_object(c, [](const ConfigField&) { return true; });
}

val inferred_config_to_js(const ModelConfig& c) {
  return config_object(c, [](const ConfigField& f) { return f.inferred; });
}

val config_fields_to_js() {
  const ModelConfig defaults;
  const val defaults_js = model_config_to_js(defaults);
  val out = val::array();
  for (const ConfigField& f : config_fields) {
    val row = val::object();
    row.set("name", std::string(f.name));
    row.set("kind", std::string(kind_name(f.kind)));
    row.set("required", f.required);
    row.set("inferred", f.inferred);
    row.set("type", std::string(f.type));
    if (f.kind == FieldKind::size || f.kind == FieldKind::number) {
      row.set("minimum", f.minimum);
      row.set("maximum", f.maximum);
    }
    row.set("default", f.required ? val::null() : f.kind == FieldKind::seed ? val(0) : defaults_js[f.name]);
    out.call<void>("push", row);
  }
  return out;
}

val text_info_to_js(const TextDataset& d, bool batch_first) {
  val vocabulary = val::array();
  for (char32_t c : d.vocabulary()) vocabulary.call<void>("push", utf8_string({c}));
  val out = val::object();
  out.set("vocabulary", vocabulary);
  out.set("seq_len", d.seq_len());
  out.set("batch", d.batch());
  out.set("batch_first", batch_first);
  out.set("characters", d.characters());
  out.set("train_characters", d.train_characters());
  out.set("chunks", d.chunks());
  out.set("validation_rows", d.validation_rows());
  return out;
}

val limits_to_js() {
  val out = val::object();
  out.set("max_table_text", double(max_table_text));
  out.set("max_input_size", double(max_input_size));
  out.set("max_hidden_size", double(max_hidden_size));
  out.set("max_num_layers", double(max_num_layers));
  out.set("max_num_embeddings", double(max_num_embeddings));
  out.set("max_parameters", double(max_parameters));
  out.set("max_tensor_elements", double(max_tensor_elements));
  out.set("max_out_features", double(max_out_features));
  out.set("max_text_characters", double(max_text_characters));
  out.set("max_text_vocabulary", double(max_text_vocabulary));
  out.set("max_sample_length", double(max_sample_length));
  return out;
}

}  // namespace recur::js

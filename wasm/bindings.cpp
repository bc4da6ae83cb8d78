// Embind bindings: the adapters between the JS API (wasm/recur.mjs) and the core. Each one
// converts its arguments (js_convert.hpp, js_options.hpp), calls the core, converts the result
// back (js_results.hpp), and hands C++ errors back as a RecurError for recur.mjs to throw.
// No numerics here.

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "guarded.hpp"
#include "js_convert.hpp"
#include "js_options.hpp"
#include "js_results.hpp"
#include "recur/config.hpp"
#include "recur/error.hpp"
#include "recur/format.hpp"
#include "recur/init.hpp"
#include "recur/kernels/simd.hpp"
#include "recur/linear.hpp"
#include "recur/lr_scheduler.hpp"
#include "recur/model.hpp"
#include "recur/safetensors.hpp"
#include "recur/sampler.hpp"
#include "recur/sequence_trainer.hpp"
#include "recur/table.hpp"
#include "recur/text.hpp"
#include "recur/trainer.hpp"
#include "recur/words.hpp"

using emscripten::val;
using namespace recur::js;

namespace {

// An optional h0 or c0 as the core takes it: null when not given.
const recur::Tensor* pointer(const std::optional<recur::Tensor>& t) {
  return t ? &*t : nullptr;
}

// --- tables and models ----------------------------------------------------------------------

// parseTable(utf8, {batch_first, tokens, one_hot}) (the text as UTF-8 bytes): tokens 'bits' (the default: a
// bit table, as always), 'words', 'characters' (one token a character, as Chinese is often typed) or 'auto'
// (bits when the first sentence's cells are 0/1 strings, else words). one_hot: false leaves a table of words'
// x out (null): a model with nn.Embedding reads its ids, and x would be batch x seq_len x V.
val parse_table(const val& utf8, const val& options) {
  return guarded([&] {
    const std::string text = utf8_text(utf8, "parseTable");
    const TableOptions o = to_table_options(options);
    const std::string tokens = o.tokens == "auto" ? (recur::is_bit_table(text) ? "bits" : "words") : o.tokens;
    if (tokens == "bits") return to_js(recur::parse_table(text, o.batch_first), o.batch_first);
    const recur::WordTable words = recur::parse_words(
        text, o.batch_first, tokens == "words" ? recur::TokenMode::words : recur::TokenMode::characters);
    return to_js(words, o.batch_first, tokens, o.one_hot);
  });
}

std::unique_ptr<recur::Model> create_model(const val& config) {
  return guarded([&] {
    const ModelOptions o = to_model_options(config);
    return std::make_unique<recur::Model>(o.config, o.seed);
  });
}

val model_config(const recur::Model& model) {
  return model_config_to_js(model.config());
}

double model_seed(const recur::Model& model) {
  return double(model.seed());
}

val model_warnings(const recur::Model& model) {
  val out = val::array();
  for (const auto& w : recur::warnings(model.config())) out.call<void>("push", w);
  return out;
}

val forward(const recur::Model& model, const val& x, const val& options) {
  return guarded([&] {
    const recur::Tensor input = to_tensor(x, "x");
    const CallOptions o = to_call_options(options, {"h0", "c0", "lengths", "intermediates"}, "forward");
    return to_js(model.forward(input, pointer(o.h0), pointer(o.c0), o.intermediates,
                               o.lengths ? &*o.lengths : nullptr));
  });
}

val output_shapes(const recur::Model& model, const val& shape) {
  return guarded([&] {
    if (!is_array(shape))
      throw recur::Error("outputShapes: shape must be an array of sizes, got " + type_of(shape));
    return to_js(model.output_shapes(to_tensor_shape(shape, "shape", "outputShapes")));
  });
}

template <class Module>
val state_dict(const Module& module) {
  return guarded([&] { return to_js(module.state_dict()); });
}

template <class Module>
void load_state_dict(Module& module, const val& dict) {
  guarded([&] { module.load_state_dict(to_state_dict(dict, "loadStateDict")); });
}

// --- weights files --------------------------------------------------------------------------

val read_safetensors(const val& bytes) {
  return guarded([&] {
    const std::vector<std::uint8_t> data = to_bytes(bytes, "readSafetensors");
    return to_js(recur::read_safetensors(data.data(), data.size()));
  });
}

val write_safetensors(const val& dict) {
  return guarded([&] { return to_js(recur::write_safetensors(to_state_dict(dict, "writeSafetensors"))); });
}

val infer_config(const val& dict) {
  return guarded(
      [&] { return inferred_config_to_js(recur::infer_config(to_state_dict(dict, "inferConfig"))); });
}

// --- the Linear head and training -----------------------------------------------------------

std::unique_ptr<recur::Linear> create_head(const recur::Model& model, const val& out_features,
                                           const val& options) {
  return guarded([&] {
    const std::size_t out = to_size(out_features, "out_features", double(recur::max_out_features));
    return std::make_unique<recur::Linear>(
        recur::Linear::after(model, out, recur::head_features(model.config(), to_head_options(options))));
  });
}

val linear_forward(const recur::Linear& head, const val& x) {
  return guarded([&] { return to_js(head.forward(to_tensor(x, "x"))); });
}

std::unique_ptr<recur::Trainer> create_trainer(recur::Model& model, const val& options) {
  return guarded([&] {
    const TrainerOptions o = to_trainer_options(options);
    return std::make_unique<recur::Trainer>(
        model, recur::Linear::after(model, o.out_features, recur::head_features(model.config(), o.input)),
        o.optimizer, o.max_grad_norm, o.input);
  });
}

// How a training call's result reaches JavaScript: whole (lossAndGrad, stepAndGrad), or just the
// loss (step), which then builds none of the gradients' arrays.
const auto whole = [](const auto& r) { return to_js(r); };
const auto loss_only = [](const auto& r) { return val(r.loss); };

template <class Step, class Report>
val training_call(const val& x, const val& y, const val& options, const std::string& where, Step step,
                  Report report) {
  return guarded([&] {
    const recur::Tensor input = to_tensor(x, "x");
    const std::vector<std::int32_t> labels = to_labels(y);
    const CallOptions o = to_call_options(options, {"h0", "c0", "lengths"}, where);
    return report(step(input, labels, pointer(o.h0), pointer(o.c0), o.lengths ? &*o.lengths : nullptr));
  });
}

val trainer_loss_and_grad(const recur::Trainer& trainer, const val& x, const val& y, const val& options) {
  return training_call(
      x, y, options, "lossAndGrad", [&](auto&&... a) { return trainer.loss_and_grad(a...); }, whole);
}

val trainer_step(recur::Trainer& trainer, const val& x, const val& y, const val& options) {
  return training_call(
      x, y, options, "step", [&](auto&&... a) { return trainer.step(a...); }, whole);
}

val trainer_step_loss(recur::Trainer& trainer, const val& x, const val& y, const val& options) {
  return training_call(
      x, y, options, "step", [&](auto&&... a) { return trainer.step(a...); }, loss_only);
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

double cosine_annealing_lr(const val& options, const val& epoch) {
  return guarded([&] {
    const CosineAnnealingOptions o = to_cosine_annealing_options(options);
    return recur::cosine_annealing_lr(
        o.lr, o.t_max, to_size(epoch, "cosineAnnealingLR: epoch", double(recur::max_scheduler_epochs)),
        o.eta_min);
  });
}

// optimizer.param_groups[0]['lr'] of either trainer: read, and set between epochs.
template <class T>
double trainer_lr(const T& trainer) {
  return trainer.optimizer().options().lr;
}

template <class T>
void trainer_set_lr(T& trainer, const val& lr) {
  guarded([&] {
    // Finite, as createTrainer's lr must be (a NaN or an infinite lr would fill the weights with NaN).
    trainer.optimizer().set_lr(finite_number(lr, "trainer.lr"));
  });
}

// --- per-step training: createTrainer(model, {per_step: true, ...}) -------------------------

std::unique_ptr<recur::SequenceTrainer> create_sequence_trainer(recur::Model& model, const val& options) {
  return guarded([&] {
    const TrainerOptions o = to_trainer_options(options);
    // The per-step head reads every step of output, never h_n: head_input has no meaning here.
    if (o.input != recur::HeadInput::last)
      throw recur::Error(
          "createTrainer: head_input is for the head on h_n; a per_step head reads every step of output");
    return std::make_unique<recur::SequenceTrainer>(model, recur::Linear::after(model, o.out_features),
                                                    o.optimizer, o.max_grad_norm);
  });
}

template <class Step, class Report>
val sequence_call(const val& x, const val& y, const val& h0, const val& c0, Step step, Report report) {
  return guarded([&] {
    const recur::Tensor input = to_tensor(x, "x");
    const Targets targets = to_targets(y);
    const auto h = to_optional_tensor(h0, "h0");
    const auto c = to_optional_tensor(c0, "c0");
    return report(step(input, targets.data, targets.shape, pointer(h), pointer(c)));
  });
}

val sequence_loss_and_grad(const recur::SequenceTrainer& trainer, const val& x, const val& y, const val& h0,
                           const val& c0) {
  return sequence_call(
      x, y, h0, c0, [&](auto&&... a) { return trainer.loss_and_grad(a...); }, whole);
}

val sequence_step(recur::SequenceTrainer& trainer, const val& x, const val& y, const val& h0, const val& c0) {
  return sequence_call(
      x, y, h0, c0, [&](auto&&... a) { return trainer.step(a...); }, whole);
}

val sequence_step_loss(recur::SequenceTrainer& trainer, const val& x, const val& y, const val& h0,
                       const val& c0) {
  return sequence_call(
      x, y, h0, c0, [&](auto&&... a) { return trainer.step(a...); }, loss_only);
}

val sequence_head_state_dict(const recur::SequenceTrainer& trainer) {
  return state_dict(trainer.head());
}

void sequence_load_head_state_dict(recur::SequenceTrainer& trainer, const val& dict) {
  load_state_dict(trainer.head(), dict);
}

std::size_t sequence_steps(const recur::SequenceTrainer& trainer) {
  return trainer.optimizer().steps();
}

val sequence_sample(const recur::SequenceTrainer& trainer, const val& prime, const val& options) {
  return guarded([&] {
    const std::vector<std::int32_t> ids = to_ids(prime, "prime");
    return to_js(recur::sample(trainer.model(), trainer.head(), ids, to_sample_options(options)));
  });
}

val sequence_next_characters(const recur::SequenceTrainer& trainer, const val& ids, const val& k) {
  return guarded([&] {
    const std::vector<std::int32_t> text = to_ids(ids, "ids");
    const std::size_t top = k.isUndefined() ? 5 : to_size(k, "k", double(recur::max_text_vocabulary));
    return to_js(recur::next_characters(trainer.model(), trainer.head(), text, top));
  });
}

// --- text: textDataset(text, {seq_len, batch, batch_first}) ---------------------------------

struct TextDatasetHandle {
  recur::TextDataset dataset;
  bool batch_first;
};

std::unique_ptr<TextDatasetHandle> create_text_dataset(const std::string& text, const val& options) {
  return guarded([&] {
    const TextOptions o = to_text_options(options);
    return std::make_unique<TextDatasetHandle>(
        TextDatasetHandle{recur::TextDataset(text, o.seq_len, o.batch), o.batch_first});
  });
}

val text_info(const TextDatasetHandle& h) {
  return text_info_to_js(h.dataset, h.batch_first);
}

val text_chunk(const TextDatasetHandle& h, const val& i) {
  return guarded([&] { return to_js(h.dataset.chunk(to_size(i, "chunk", 1e15), h.batch_first)); });
}

val text_validation(const TextDatasetHandle& h) {
  return guarded([&] { return to_js(h.dataset.validation(h.batch_first)); });
}

val text_encode(const TextDatasetHandle& h, const std::string& text) {
  return guarded([&] { return to_js(h.dataset.encode(text)); });
}

std::string text_decode(const TextDatasetHandle& h, const val& ids) {
  return guarded([&] { return h.dataset.decode(to_ids(ids, "ids")); });
}

// --- tensors and text -----------------------------------------------------------------------

val random_tensor(const val& shape, const val& seed) {
  return guarded([&] {
    if (!is_array(shape)) throw recur::Error("rand needs a shape: an array of sizes such as [128, 28, 12]");
    const recur::Shape s = to_tensor_shape(shape, "rand: shape", "rand");  // checked before the seed
    return to_js(recur::rand(s, to_seed(seed)));
  });
}

// formatShape only prints: any size below 2^53, where a JS number stops being exact.
constexpr double max_printed_size = 1e15;

std::string format_shape(const val& shape) {
  return guarded([&] {
    if (!is_array(shape)) throw recur::Error("formatShape needs an array of sizes");
    return recur::format_shape(to_shape(shape, "shape", max_printed_size));
  });
}

std::string format_tensor(const val& t) {
  return guarded([&] { return recur::format_tensor(to_tensor(t, "formatTensor")); });
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
  emscripten::function("limits", &limits_to_js);
  emscripten::function("configFields", &config_fields_to_js);
  emscripten::function("rand", &random_tensor);
  emscripten::function("createHead", &create_head);
  emscripten::function("readSafetensors", &read_safetensors);
  emscripten::function("writeSafetensors", &write_safetensors);
  emscripten::function("inferConfig", &infer_config);
  emscripten::function("createTrainer", &create_trainer);
  emscripten::class_<recur::Model>("Model")
      .function("config", &model_config)
      .function("seed", &model_seed)
      .function("warnings", &model_warnings)
      .function("forward", &forward)
      .function("outputShapes", &output_shapes)
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
      .function("stepLoss", &trainer_step_loss)
      .function("headStateDict", &trainer_head_state_dict)
      .function("loadHeadStateDict", &trainer_load_head_state_dict)
      .function("steps", &trainer_steps)
      .function("lr", &trainer_lr<recur::Trainer>)
      .function("setLr", &trainer_set_lr<recur::Trainer>);
  emscripten::function("cosineAnnealingLR", &cosine_annealing_lr);
  emscripten::function("createSequenceTrainer", &create_sequence_trainer);
  emscripten::class_<recur::SequenceTrainer>("SequenceTrainer")
      .function("lossAndGrad", &sequence_loss_and_grad)
      .function("step", &sequence_step)
      .function("stepLoss", &sequence_step_loss)
      .function("headStateDict", &sequence_head_state_dict)
      .function("loadHeadStateDict", &sequence_load_head_state_dict)
      .function("steps", &sequence_steps)
      .function("lr", &trainer_lr<recur::SequenceTrainer>)
      .function("setLr", &trainer_set_lr<recur::SequenceTrainer>)
      .function("sample", &sequence_sample)
      .function("nextCharacters", &sequence_next_characters);
  emscripten::function("textDataset", &create_text_dataset);
  emscripten::class_<TextDatasetHandle>("TextDataset")
      .function("info", &text_info)
      .function("chunk", &text_chunk)
      .function("validation", &text_validation)
      .function("encode", &text_encode)
      .function("decode", &text_decode);
}

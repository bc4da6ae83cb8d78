#pragma once
// The core's results as the plain JS objects the API documents (wasm/recur.d.mts): PyTorch's
// names for fields, tensors as {data, shape} copies the JS side owns.

#include <emscripten/val.h>

#include "recur/config.hpp"
#include "recur/linear.hpp"
#include "recur/model.hpp"
#include "recur/sampler.hpp"
#include "recur/sequence_trainer.hpp"
#include "recur/table.hpp"
#include "recur/text.hpp"
#include "recur/trainer.hpp"
#include "recur/words.hpp"

namespace recur::js {

// {x, y (Int32Array or null), batch, seq_len, input_size, batch_first}.
emscripten::val to_js(const Table& table, bool batch_first);
// {tokens, x (one-hot; null unless with_one_hot), ids, lengths, vocabulary, counts, y, batch, seq_len,
// input_size (the vocabulary's size), batch_first}.
emscripten::val to_js(const WordTable& table, bool batch_first, const std::string& tokens, bool with_one_hot);

// {output, h_n, c_n (or null)}, and with them `intermediates` when recorded.
emscripten::val to_js(const ForwardResult& result);

// {output, h_n, c_n}: each a shape (number[]); c_n null but for LSTM.
emscripten::val to_js(const ForwardShapes& shapes);

// {logits, probabilities, predicted}.
emscripten::val to_js(const LinearResult& result);

// {loss, predicted, grads, inputGrads: {x, h0, c0}, hiddenGradNorms, gradNorm}.
emscripten::val to_js(const TrainingStep& step);
// The same for a per-step trainer, with predicted in y's layout and the states the chunk ended
// in, {h_n, c_n}, to carry into the next chunk.
emscripten::val to_js(const SequenceTrainingStep& step);
// {x, y: {data, shape}}: a chunk of text, one-hot x and the next character of every step.
emscripten::val to_js(const TextChunk& chunk);
// {top: {data: Int32Array, shape: [len, k]}, probabilities [len, k], output, h_n, c_n, intermediates}.
emscripten::val to_js(const NextCharacters& next);

// A model's createModel options, completed with their defaults, the mode in PyTorch's spelling
// ('RNN_TANH', 'RNN_RELU', 'LSTM', 'GRU'); the seed is the model's own (Model.seed).
emscripten::val model_config_to_js(const ModelConfig& config);

// The fields a state_dict's keys and shapes tell (config_fields' `inferred`), spelled as
// model_config_to_js spells them. An RNN's nonlinearity cannot be told: its mode is 'RNN_TANH',
// PyTorch's default.
emscripten::val inferred_config_to_js(const ModelConfig& config);

// config_fields as JS rows {name, kind, required, inferred, type, minimum, maximum, default}.
emscripten::val config_fields_to_js();

// textDataset's info(): {vocabulary (one string a character), seq_len, batch, batch_first,
// characters, train_characters, chunks, validation_rows}.
emscripten::val text_info_to_js(const TextDataset& dataset, bool batch_first);

// recur.limits: the documented limits (config.hpp, table.hpp, text.hpp, sampler.hpp), so JS can
// check sizes before copying anything.
emscripten::val limits_to_js();

}  // namespace recur::js

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

namespace recur::js {

// {x, y (Int32Array or null), batch, seq_len, input_size, batch_first}.
emscripten::val to_js(const Table& table, bool batch_first);

// {output, h_n, c_n (or null)}, and with them `intermediates` when recorded.
emscripten::val to_js(const ForwardResult& result);

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

// A model's createModel options, completed with their defaults.
emscripten::val model_config_to_js(const ModelConfig& config);

// What a state_dict tells of its model: the class name ('RNN', 'LSTM' or 'GRU') and the sizes
// and flags its keys and shapes show (not batch_first, dropout or an RNN's nonlinearity).
emscripten::val inferred_config_to_js(const ModelConfig& config);

}  // namespace recur::js

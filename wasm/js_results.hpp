#pragma once
// The core's results as the plain JS objects the API documents (wasm/recur.d.mts): PyTorch's
// names for fields, tensors as {data, shape} copies the JS side owns.

#include <emscripten/val.h>

#include "recur/config.hpp"
#include "recur/linear.hpp"
#include "recur/model.hpp"
#include "recur/table.hpp"
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

// A model's createModel options, completed with their defaults.
emscripten::val model_config_to_js(const ModelConfig& config);

// What a state_dict tells of its model: the class name ('RNN', 'LSTM' or 'GRU') and the sizes
// and flags its keys and shapes show (not batch_first, dropout or an RNN's nonlinearity).
emscripten::val inferred_config_to_js(const ModelConfig& config);

}  // namespace recur::js

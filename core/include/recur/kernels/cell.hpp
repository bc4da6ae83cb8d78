#pragma once
// The element-wise half of a recurrent step: gate pre-activations in, new state out.
// Vectorized with xsimd; PyTorch's equations, gate order i, f, g, o for LSTM.

#include <cstddef>

namespace recur::kernels {

// h = tanh(pre) (RNN_TANH), in place over n values.
void tanh_inplace(float* values, std::size_t n);

// h = max(pre, 0) (RNN_RELU), in place; NaN stays NaN as in torch.relu.
void relu_inplace(float* values, std::size_t n);

// gates = [i | f | g | o] pre-activations, each of n values:
//   c = sigmoid(f) * c + sigmoid(i) * tanh(g);   h = sigmoid(o) * tanh(c)
void lstm_cell(const float* gates, float* c, float* h, std::size_t n);

// The four gates lstm_cell applies, for display: out = [sigmoid(i) | sigmoid(f) | tanh(g) |
// sigmoid(o)], each element computed exactly as lstm_cell computes it.
void lstm_gates(const float* gates, float* out, std::size_t n);

}  // namespace recur::kernels

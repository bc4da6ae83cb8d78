#pragma once
// The element-wise half of a recurrent step: gate pre-activations in, new state out.
// Vectorized with xsimd; PyTorch's equations, gate order i, f, g, o for LSTM and r, z, n for GRU.

#include <cstddef>

namespace recur::kernels {

// h = tanh(pre) (RNN_TANH), in place over n values.
void tanh_inplace(float* values, std::size_t n);

// h = max(pre, 0) (RNN_RELU), in place; NaN stays NaN as in torch.relu.
void relu_inplace(float* values, std::size_t n);

// gates = [i | f | g | o] pre-activations, each of n values:
//   c = sigmoid(f) * c + sigmoid(i) * tanh(g);   h = sigmoid(o) * tanh(c)
void lstm_cell(const float* gates, float* c, float* h, std::size_t n);

// gx = W_ih x + b_ih and gh = W_hh h + b_hh, each [r | z | n] of n values (PyTorch's GRU: the
// reset gate scales the recurrent term of n after its bias):
//   r = sigmoid(gx_r + gh_r);  z = sigmoid(gx_z + gh_z);  n = tanh(gx_n + r * gh_n)
//   h = (h - n) * z + n        (aten's order of operations for (1 - z) * n + z * h)
// With `record` (3n values) also the gates r, z, n and, in pre (3n), what each σ/tanh read.
void gru_cell(const float* gx, const float* gh, float* h, std::size_t n, float* record = nullptr,
              float* pre = nullptr);

// The four gates lstm_cell applies, for display: out = [sigmoid(i) | sigmoid(f) | tanh(g) |
// sigmoid(o)], each element computed exactly as lstm_cell computes it.
void lstm_gates(const float* gates, float* out, std::size_t n);

}  // namespace recur::kernels

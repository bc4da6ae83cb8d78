#pragma once
// Backpropagation through time for nn.RNN / nn.LSTM / nn.GRU: the gradients autograd gives for
// every parameter, the input and h0/c0, from the gradients of output, h_n and c_n.
//
// It reads the forward's own recorded steps (Model::forward with intermediates), walks each
// layer from the top down and each direction against its own order of time, and keeps dropout
// out as the forward does (eval mode): the gradients are those of the forward Recur computes.

#include <optional>

#include "recur/model.hpp"

namespace recur {

struct ModelGradients {
  StateDict parameters;      // one entry per state_dict key, same names and shapes
  std::optional<Tensor> x;   // dL/dx, x's shape; none when InputGradient::skipped
  Tensor h0;                 // dL/dh0, [num_layers * directions, batch, h width]
  std::optional<Tensor> c0;  // LSTM: dL/dc0
  // ||dL/dh_t||_2 over the units of each layer, direction, step and sentence, dL/dh_t being
  // everything h_t feeds (the layer above or the loss, and the next step): [L*D, seq_len, batch].
  Tensor hidden_norms;
};

// `forward` must be model.forward(x, h0, c0, Record::for_backward, lengths) (or Record::steps)
// for the same x, h0, c0, lengths (3-D: a batch). Each of d_output, d_h_n, d_c_n has the shape of
// what it is the gradient of, or is null for zero. With lengths (packed), a step past a
// sentence's length is no step of it: its output's gradient is dropped (pad_packed_sequence's
// padding is a constant), its state's gradient passes through unchanged, and it adds nothing
// to any weight's, the input's or (hidden_norms) dL/dh_t.
// dL/dx costs one more product as large as the forward's input projection, and an optimizer
// step does not use it (x is data; PyTorch computes no gradient for a tensor that does not
// require one): InputGradient::skipped leaves it out.
enum class InputGradient { wanted, skipped };

ModelGradients backward(const Model& model, const Tensor& x, const Tensor* h0, const Tensor* c0,
                        const ForwardResult& forward, const Tensor* d_output, const Tensor* d_h_n,
                        const Tensor* d_c_n, const Lengths* lengths = nullptr,
                        InputGradient input_gradient = InputGradient::wanted);

}  // namespace recur

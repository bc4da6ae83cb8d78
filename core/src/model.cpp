#include "recur/model.hpp"

#include <algorithm>
#include <cstring>

#include "recur/embedding.hpp"
#include "recur/error.hpp"
#include "recur/format.hpp"
#include "recur/init.hpp"
#include "recur/kernels/cell.hpp"
#include "recur/kernels/gemm.hpp"
#include "recur/kernels/one_hot.hpp"

namespace recur {
namespace {

// PyTorch's wording: "Expected hidden size (2, 6, 4), got [1, 6, 4]".
void check_state(const Tensor* state, const char* what, const Shape& expected) {
  if (state == nullptr) return;
  const Shape got = shape_of(*state);
  if (got != expected) {
    std::string e = "(";
    for (std::size_t i = 0; i < expected.size(); ++i) e += (i ? ", " : "") + std::to_string(expected[i]);
    throw Error(std::string("Expected ") + what + " size " + e + "), got " + format_dims(got));
  }
}

// "_l1" or "_l1_reverse": the state_dict suffix of layer k, direction d.
std::string suffix(std::size_t k, std::size_t d) {
  return "_l" + std::to_string(k) + (d ? "_reverse" : "");
}

}  // namespace

Model::Model(const ModelConfig& config, std::uint64_t seed) : config_(config), seed_(seed) {
  validate(config_);
  TorchGenerator generator(seed);
  params_ = initial_parameters(config_, generator);
  pack();
}

StateDict initial_parameters(const ModelConfig& config, TorchGenerator& generator) {
  StateDict params;
  const float bound = init_bound(config.hidden_size);
  for (auto& spec : parameter_specs(config)) {
    if (spec.name == "embedding.weight") {  // constructed first, as the generated module's __init__ does
      params.push_back({spec.name, embedding_weight(spec.shape[0], spec.shape[1], generator)});
      continue;
    }
    Tensor value = Tensor::from_shape(spec.shape);
    for (float& v : value) v = generator.uniform(-bound, bound);
    params.push_back({spec.name, std::move(value)});
  }
  return params;
}

Tensor Model::embedded(const Tensor& ids) const {
  if (!config_.num_embeddings) return ids;
  output_shapes(shape_of(ids));
  return embed(*find_parameter(params_, "embedding.weight"), ids);
}

ForwardResult Model::forward(const Tensor& x, const Tensor* h0, const Tensor* c0, Record what,
                             const Lengths* lengths) const {
  if (config_.num_embeddings) return forward_features(embedded(x), h0, c0, what, lengths);
  return forward_features(x, h0, c0, what, lengths);
}

void Model::load_state_dict(const StateDict& entries) {
  check_state_dict(parameter_specs(config_), entries, module_name(config_.mode));
  for (auto& p : params_) p.value = *find_parameter(entries, p.name);
  pack();
}

void Model::pack() {
  const std::size_t rows = gate_count(config_.mode) * config_.hidden_size;
  packed_.clear();
  for (std::size_t k = 0; k < config_.num_layers; ++k) {
    for (std::size_t d = 0; d < directions(config_); ++d) {
      const std::string l = suffix(k, d);
      const Tensor& w_ih = *find_parameter(params_, recurrent_prefix(config_) + "weight_ih" + l);
      const Tensor& w_hh = *find_parameter(params_, recurrent_prefix(config_) + "weight_hh" + l);
      PackedLayer layer{kernels::PackedMatrix(w_ih.data(), rows, w_ih.shape()[1]),
                        kernels::PackedMatrix(w_hh.data(), rows, w_hh.shape()[1]),
                        padded_bias("bias_ih", k, d),
                        {},
                        {}};
      layer.w_ih_finite = kernels::all_finite(layer.w_ih);
      if (config_.proj_size) {
        const Tensor& w_hr = *find_parameter(params_, recurrent_prefix(config_) + "weight_hr" + l);
        layer.w_hr = kernels::PackedMatrix(w_hr.data(), config_.proj_size, config_.hidden_size);
      }
      if (config_.mode == Mode::gru) {
        // GRU's reset gate scales W_hn h + b_hn, so b_hh stays on the recurrent side.
        layer.hidden_bias = padded_bias("bias_hh", k, d);
      } else {
        // The other cells add both biases to the input projection once.
        const std::vector<float> b_hh = padded_bias("bias_hh", k, d);
        for (std::size_t j = 0; j < rows; ++j) layer.bias[j] += b_hh[j];
      }
      packed_.push_back(std::move(layer));
    }
  }
}

// PyTorch's unbatched input: x [seq_len, input_size] is one sentence; h0/c0 are [num_layers,
// hidden_size]; output [seq_len, hidden_size] and h_n/c_n [num_layers, hidden_size] come back
// without the batch dimension (intermediates keep it, of size 1). In row-major memory the batch
// of one is only a reshape.
void Model::check_lengths(const Lengths& lengths, std::size_t batch, std::size_t seq_len) {
  if (lengths.size() != batch)
    throw Error("lengths has " + std::to_string(lengths.size()) + " entries but x has " +
                std::to_string(batch) + " sentences: one length a sentence");
  for (std::size_t b = 0; b < batch; ++b) {
    if (lengths[b] == 0)
      throw Error(
          "lengths[" + std::to_string(b) +
          "] is 0: Length of all samples has to be greater than 0 (a sentence has at least one step)");
    if (lengths[b] > seq_len)
      throw Error("lengths[" + std::to_string(b) + "] is " + std::to_string(lengths[b]) +
                  ", more than x's seq_len " + std::to_string(seq_len) +
                  " (x is padded to the longest sentence)");
  }
}

ForwardResult Model::forward_unbatched(const Tensor& x, const Tensor* h0, const Tensor* c0, Record what,
                                       const Lengths* lengths) const {
  const bool lstm = config_.mode == Mode::lstm;
  for (const Tensor* s : {h0, c0})
    if (s != nullptr && s->dimension() != 2)
      throw Error(std::string("For unbatched 2-D input, hx") + (lstm ? " and cx" : "") +
                  " should also be 2-D but got " + std::to_string(s->dimension()) + "-D tensor");
  const std::size_t L = config_.num_layers * directions(config_), H = config_.hidden_size,
                    R = output_size(config_);
  check_state(h0, "hidden", {L, R});
  if (c0 != nullptr && !lstm)
    throw Error("c0 is only for LSTM: an " + module_name(config_.mode) + " has no cell state");
  check_state(c0, "cell", {L, H});
  const std::size_t T = x.shape()[0], I = x.shape()[1];
  const auto with_batch = [](const Tensor* s, const Shape& shape) {
    std::optional<Tensor> t;
    if (s != nullptr) (t = *s)->reshape(shape);
    return t;
  };
  Tensor xb = x;
  xb.reshape(config_.batch_first ? Shape{1, T, I} : Shape{T, 1, I});
  const auto hb = with_batch(h0, {L, 1, R}), cb = with_batch(c0, {L, 1, H});
  ForwardResult r = forward_features(xb, hb ? &*hb : nullptr, cb ? &*cb : nullptr, what, lengths);
  r.output.reshape({T, directions(config_) * R});
  r.h_n.reshape({L, R});
  if (r.c_n) r.c_n->reshape({L, H});
  return r;
}

std::vector<float> Model::padded_bias(const std::string& name, std::size_t layer,
                                      std::size_t direction) const {
  std::vector<float> bias(kernels::padded(gate_count(config_.mode) * config_.hidden_size), 0.0f);
  if (config_.bias) {
    const Tensor& b = *find_parameter(params_, recurrent_prefix(config_) + name + suffix(layer, direction));
    std::copy(b.begin(), b.end(), bias.begin());
  }
  return bias;
}

ForwardShapes Model::output_shapes(const Shape& x) const {
  if (!config_.num_embeddings) return feature_shapes(x);
  if (x.size() != 1 && x.size() != 2)
    throw Error("with an embedding, x holds token ids: " +
                std::string(config_.batch_first ? "[batch, seq_len]" : "[seq_len, batch]") +
                " or one sentence [seq_len], got shape " + format_dims(x));
  Shape features = x;
  features.push_back(config_.input_size);  // each id's row of embedding.weight
  return feature_shapes(features);
}

ForwardShapes Model::feature_shapes(const Shape& x) const {
  const std::size_t H = config_.hidden_size, L = config_.num_layers, G = gate_count(config_.mode) * H;
  const std::size_t R = output_size(config_), D = directions(config_), O = D * R, S = L * D;
  const bool lstm = config_.mode == Mode::lstm;
  if (x.size() == 2) {  // one sentence, unbatched: a batch of one without its batch dimension
    feature_shapes(config_.batch_first ? Shape{1, x[0], x[1]} : Shape{x[0], 1, x[1]});  // its checks
    return {{x[0], O}, {S, R}, lstm ? std::optional<Shape>(Shape{S, H}) : std::nullopt};
  }
  if (x.size() != 3)
    throw Error(
        "input must have 3 dimensions " +
        std::string(config_.batch_first ? "[batch, seq_len, input_size]" : "[seq_len, batch, input_size]") +
        " or 2 (one sentence, [seq_len, input_size]), got " + std::to_string(x.size()) + " with shape " +
        format_dims(x));
  if (x[2] != config_.input_size)
    throw Error("input.size(-1) must be equal to input_size. Expected " + std::to_string(config_.input_size) +
                ", got " + std::to_string(x[2]));
  const std::size_t B = config_.batch_first ? x[0] : x[1], T = config_.batch_first ? x[1] : x[0];
  if (B == 0 || T == 0)
    throw Error("input has shape " + format_dims(x) + ": batch and seq_len must be at least 1");
  // Everything a forward allocates, counted in 64 bits before any of it is allocated.
  const std::uint64_t steps = std::uint64_t{B} * T;
  if (steps * kernels::padded(G) > max_tensor_elements || steps * O > max_tensor_elements)
    throw Error("a forward on input of shape " + format_dims(x) + " needs " +
                std::to_string(steps * kernels::padded(G)) + " gate values, more than the maximum " +
                std::to_string(max_tensor_elements) + ": use fewer sentences or time steps");
  return {config_.batch_first ? Shape{B, T, O} : Shape{T, B, O},
          {S, B, R},
          lstm ? std::optional<Shape>(Shape{S, B, H}) : std::nullopt};
}

ForwardResult Model::forward_features(const Tensor& x, const Tensor* h0, const Tensor* c0, Record what,
                                      const Lengths* lengths) const {
  const bool lstm = config_.mode == Mode::lstm, gru = config_.mode == Mode::gru;
  const bool intermediates = what != Record::nothing, display = what == Record::steps;
  if (x.dimension() == 2) return forward_unbatched(x, h0, c0, what, lengths);
  const ForwardShapes shapes = feature_shapes(shape_of(x));  // what output_shapes says it returns
  const auto batched_state = [](const Tensor* s) { return s == nullptr || s->dimension() == 3; };
  if (!batched_state(h0) || !batched_state(c0))
    throw Error(std::string("For batched 3-D input, hx") + (lstm ? " and cx" : "") +
                " should also be 3-D but got " + std::to_string((!batched_state(h0) ? h0 : c0)->dimension()) +
                "-D tensor");
  const std::size_t B = config_.batch_first ? x.shape()[0] : x.shape()[1];
  const std::size_t T = config_.batch_first ? x.shape()[1] : x.shape()[0];
  if (lengths != nullptr) check_lengths(*lengths, B, T);
  // Sentence b takes part in step t when t < lengths[b]; the others keep their state.
  const auto active = [&](std::size_t b, std::size_t t) { return lengths == nullptr || t < (*lengths)[b]; };
  const bool packed = lengths != nullptr &&
                      std::any_of(lengths->begin(), lengths->end(), [&](std::size_t n) { return n < T; });
  // h_t is R wide (proj_size, or hidden_size without projection); c_t and the gates use H. A
  // layer has D directions; its output, the next layer's input, is D * R wide. State rows
  // (h_n, c_n, recorded steps) are indexed by S = k * D + d.
  const std::size_t H = config_.hidden_size, L = config_.num_layers, G = gate_count(config_.mode) * H;
  const std::size_t R = output_size(config_), D = directions(config_), O = D * R, S = L * D;
  const std::uint64_t steps = std::uint64_t{B} * T;
  if (intermediates && steps * S * G > max_tensor_elements)
    throw Error("recording every step of input of shape " + format_dims(shape_of(x)) + " needs " +
                std::to_string(steps * S * G) + " values a tensor, more than the maximum " +
                std::to_string(max_tensor_elements) +
                ": forward without intermediates, or on fewer sentences");
  check_state(h0, "hidden", {S, B, R});
  if (c0 != nullptr && !lstm)
    throw Error("c0 is only for LSTM: an " + module_name(config_.mode) + " has no cell state");
  check_state(c0, "cell", {S, B, H});

  // Inside, layers hand each other time-major [T, B, O] buffers: step t is one block. A row
  // of gates is padded to whole kernel panels (Gp >= G columns).
  ForwardResult result;
  result.h_n = h0 ? *h0 : Tensor(xt::zeros<float>(shapes.h_n));
  if (lstm) result.c_n = c0 ? *c0 : Tensor(xt::zeros<float>(*shapes.c_n));
  result.output = Tensor::from_shape(shapes.output);
  const std::size_t Gp = kernels::padded(G);
  Tensor gates = Tensor::from_shape({T * B * Gp});  // uninitialized: every element is written first
  // Hidden layers' outputs: layer k reads buffers[(k - 1) % 2] and writes buffers[k % 2] (both
  // directions read the whole input before either writes its output).
  Tensor buffers[2] = {L > 1 ? Tensor::from_shape({T, B, O}) : Tensor(),
                       L > 2 ? Tensor::from_shape({T, B, O}) : Tensor()};
  // With a projection the cell writes o * tanh(c) (H wide) here, and W_hr maps it to h (R wide).
  Tensor unprojected = config_.proj_size ? Tensor::from_shape({B * H}) : Tensor();
  Tensor projected = config_.proj_size ? Tensor::from_shape({B * kernels::padded(R)}) : Tensor();

  // A one-hot x (a character model's) is projected by lookups, the GEMM's floats bit for bit.
  const auto one_hot = kernels::one_hot_columns(x.data(), B * T, config_.input_size);
  // out[t, b] = bias + input[t, b] W_ih^T for every step of layer k, direction d, at once.
  auto project = [&](std::size_t k, std::size_t d, const float* bias, float* out) {
    const kernels::PackedMatrix& w_ih = packed_[k * D + d].w_ih;
    if (k == 0 && one_hot && packed_[k * D + d].w_ih_finite) {
      // One row of x at a time, in x's order: [B, T] or [T, B].
      const std::int32_t* columns = one_hot->data();
      for (std::size_t i = 0; i < B * T; ++i) {
        const std::size_t t = config_.batch_first ? i % T : i / B, b = config_.batch_first ? i / T : i % B;
        kernels::one_hot_bias(1, columns + i, w_ih, bias, out + (t * B + b) * Gp, Gp);
      }
    } else if (k == 0 && config_.batch_first) {
      // x is [B, T, I]: one GEMM per sentence writes its T rows B*Gp apart, no transpose.
      const std::size_t I = config_.input_size;
      for (std::size_t b = 0; b < B; ++b)
        kernels::gemm_bias(T, x.data() + b * T * I, I, w_ih, bias, out + b * Gp, B * Gp);
    } else {
      kernels::gemm_bias(T * B, k == 0 ? x.data() : buffers[(k - 1) % 2].data(),
                         k == 0 ? config_.input_size : O, w_ih, bias, out, Gp);
    }
  };

  Intermediates* record = nullptr;
  Tensor scratch;  // padded gate rows of a term being recorded
  if (intermediates) {
    record = &result.intermediates.emplace();
    record->one_hot = one_hot;
    record->preactivation = Tensor::from_shape({S, T, B, G});
    if (display || gru) {
      record->input_term = Tensor::from_shape({S, T, B, G});
      record->hidden_term = Tensor::from_shape({S, T, B, G});
    }
    if ((display && lstm) || gru) record->gates = Tensor::from_shape({S, T, B, G});
    record->h = Tensor::from_shape({S, T, B, R});
    if (lstm) record->c = Tensor::from_shape({S, T, B, H});
    if (display && !gru) scratch = Tensor::from_shape({T * B * Gp});
  }
  Tensor recurrent = gru ? Tensor::from_shape({B * Gp}) : Tensor();  // GRU: W_hh h + b_hh of a step
  // Packed: the state of the sentences a step skips, put back after the step's batched update.
  std::vector<float> kept_h(packed ? B * R : 0), kept_c(packed && lstm ? B * H : 0);
  // Copies `rows` padded gate rows into a recorded [S, T, B, G] tensor from row `at` on.
  // Unpadded rows (G a whole number of panels) are one block: one copy, not one a row (in wasm
  // each copy of 512 bytes or more is a call out to JavaScript).
  auto keep = [&](Tensor& to, std::size_t at, const float* from, std::size_t rows) {
    if (G == Gp) {
      std::memcpy(to.data() + at * G, from, rows * G * sizeof(float));
      return;
    }
    for (std::size_t r = 0; r < rows; ++r)
      std::memcpy(to.data() + (at + r) * G, from + r * Gp, G * sizeof(float));
  };

  for (std::size_t k = 0; k < L; ++k) {
    const bool last = k + 1 == L;
    for (std::size_t d = 0; d < D; ++d) {
      const std::size_t row = k * D + d;  // this direction's row of h_n, c_n and the records
      const PackedLayer& layer = packed_[row];
      project(k, d, layer.bias.data(), gates.data());  // input W_ih^T + b_ih + b_hh (GRU: + b_ih only)
      std::vector<float> b_hh;
      if (record && gru) {
        keep(record->input_term, row * T * B, gates.data(), T * B);  // exactly what the cell reads
      } else if (record && display) {                                // the two terms apart, for display only
        project(k, d, padded_bias("bias_ih", k, d).data(), scratch.data());
        keep(record->input_term, row * T * B, scratch.data(), T * B);
        b_hh = padded_bias("bias_hh", k, d);
      }

      float* h = result.h_n.data() + row * B * R;  // h_{t-1}, updated in place to h_t
      float* c = lstm ? result.c_n->data() + row * B * H : nullptr;
      for (std::size_t step = 0; step < T; ++step) {
        const std::size_t t = d ? T - 1 - step : step;  // the reverse direction starts at the end
        float* g = gates.data() + t * B * Gp;
        const std::size_t at = (row * T + t) * B;  // the step's first row in a recorded tensor
        if (packed) {
          std::copy_n(h, B * R, kept_h.begin());
          if (lstm) std::copy_n(c, B * H, kept_c.begin());
        }
        if (gru) {
          // The reset gate scales W_hn h + b_hn: the recurrent term is computed apart, not
          // accumulated into the input term.
          float* gh = recurrent.data();
          kernels::gemm_bias(B, h, R, layer.w_hh, layer.hidden_bias.data(), gh, Gp);
          if (record) keep(record->hidden_term, at, gh, B);
          for (std::size_t b = 0; b < B; ++b)
            kernels::gru_cell(g + b * Gp, gh + b * Gp, h + b * R, H,
                              record ? record->gates->data() + (at + b) * G : nullptr,
                              record ? record->preactivation.data() + (at + b) * G : nullptr);
        } else {
          if (record && display) {
            kernels::gemm_bias(B, h, R, layer.w_hh, b_hh.data(), scratch.data(), Gp);
            keep(record->hidden_term, at, scratch.data(), B);
          }
          kernels::gemm_accumulate(B, h, R, layer.w_hh, g, Gp);  // gates += h_{t-1} W_hh^T
          if (record) keep(record->preactivation, at, g, B);
          if (lstm) {
            if (config_.proj_size) {
              // h_t = W_hr (o * tanh(c_t)): the cell writes the H values, one GEMM projects them.
              float* full = unprojected.data();
              for (std::size_t b = 0; b < B; ++b) kernels::lstm_cell(g + b * Gp, c + b * H, full + b * H, H);
              const std::size_t Rp = kernels::padded(R);
              std::fill(projected.begin(), projected.end(), 0.0f);
              kernels::gemm_accumulate(B, full, H, layer.w_hr, projected.data(), Rp);
              for (std::size_t b = 0; b < B; ++b)
                std::memcpy(h + b * R, projected.data() + b * Rp, R * sizeof(float));
            } else {
              for (std::size_t b = 0; b < B; ++b) kernels::lstm_cell(g + b * Gp, c + b * H, h + b * H, H);
            }
            if (record) {
              if (display)
                for (std::size_t b = 0; b < B; ++b)
                  kernels::lstm_gates(g + b * Gp, record->gates->data() + (at + b) * G, H);
              std::memcpy(record->c->data() + at * H, c, B * H * sizeof(float));
            }
          } else {
            if (config_.mode == Mode::rnn_tanh)
              kernels::tanh_inplace(g, B * Gp);
            else
              kernels::relu_inplace(g, B * Gp);
            for (std::size_t b = 0; b < B; ++b) std::memcpy(h + b * H, g + b * Gp, H * sizeof(float));
          }
        }
        if (packed)
          for (std::size_t b = 0; b < B; ++b)
            if (!active(b, t)) {  // not a step of sentence b: its state stays, as if never run
              std::copy_n(kept_h.begin() + b * R, R, h + b * R);
              if (lstm) {
                std::copy_n(kept_c.begin() + b * H, H, c + b * H);
                if (record) std::copy_n(c + b * H, H, record->c->data() + (at + b) * H);
              }
            }
        if (record) std::memcpy(record->h.data() + at * R, h, B * R * sizeof(float));
        // This direction's h_t is columns d*R .. d*R+R of step t's output row (O wide); zero
        // past a sentence's length, as pad_packed_sequence pads.
        for (std::size_t b = 0; b < B; ++b) {
          float* to = !last                 ? buffers[k % 2].data() + (t * B + b) * O
                      : config_.batch_first ? result.output.data() + (b * T + t) * O
                                            : result.output.data() + (t * B + b) * O;
          if (active(b, t))
            std::memcpy(to + d * R, h + b * R, R * sizeof(float));
          else
            std::fill_n(to + d * R, R, 0.0f);
        }
      }
    }
  }
  return result;
}

}  // namespace recur

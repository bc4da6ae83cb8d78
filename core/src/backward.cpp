#include "recur/backward.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <string>

#include "recur/error.hpp"
#include "recur/format.hpp"
#include "recur/kernels/gemm.hpp"
#include "recur/kernels/one_hot.hpp"
#include "recur/kernels/simd.hpp"

namespace recur {
namespace {

using kernels::lanes;
using kernels::packed_rhs;
using kernels::PackedMatrix;
using kernels::padded;
using kernels::vfloat;

// The activations recomputed from the recorded pre-activations in full precision (xsimd's exp
// and tanh, within an ulp or two of std::exp and std::tanh), as PyTorch computes them: the
// forward's fast approximations agree to 1e-6 but flatten to exactly 0 or 1 in the tails, where
// a saturated gate's derivative (tiny, yet what Adam's step normalizes) must stay as small as
// PyTorch's, not become 0.
vfloat sigmoid(vfloat x) {
  const vfloat one(1.0f);
  return one / (one + xsimd::exp(-x));
}

vfloat tanh(vfloat x) {
  return xsimd::tanh(x);
}

// out = f(in) over n values a vector at a time; the last partial vector goes through padded
// copies, so every element gets the same arithmetic wherever it sits. A null output is not
// wanted (not stored).
template <std::size_t In, std::size_t Out, class F>
void map_lanes(std::size_t n, const std::array<const float*, In>& in, const std::array<float*, Out>& out,
               F f) {
  std::array<vfloat, In> v;
  std::size_t j = 0;
  for (; j + lanes <= n; j += lanes) {
    for (std::size_t i = 0; i < In; ++i) v[i] = vfloat::load_unaligned(in[i] + j);
    const std::array<vfloat, Out> r = f(v);
    for (std::size_t o = 0; o < Out; ++o)
      if (out[o]) r[o].store_unaligned(out[o] + j);
  }
  if (j == n) return;
  alignas(64) float buffer[lanes] = {};
  for (std::size_t i = 0; i < In; ++i) {
    std::copy(in[i] + j, in[i] + n, buffer);
    v[i] = vfloat::load_aligned(buffer);
  }
  const std::array<vfloat, Out> r = f(v);
  for (std::size_t o = 0; o < Out; ++o)
    if (out[o]) {
      r[o].store_aligned(buffer);
      std::copy(buffer, buffer + (n - j), out[o] + j);
    }
}

// out[j] += sum over rows of a [rows x n] (row stride lda), each column summed in row order: a
// bias's gradient. Four vectors (a cache line) a pass, so each row's line is read once a pass.
void add_column_sums(std::size_t rows, std::size_t n, const float* a, std::size_t lda, float* out) {
  std::size_t j = 0;
  for (; j + 4 * lanes <= n; j += 4 * lanes) {
    vfloat sum[4];
    for (std::size_t v = 0; v < 4; ++v) sum[v] = vfloat::load_unaligned(out + j + v * lanes);
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t v = 0; v < 4; ++v) sum[v] += vfloat::load_unaligned(a + r * lda + j + v * lanes);
    for (std::size_t v = 0; v < 4; ++v) sum[v].store_unaligned(out + j + v * lanes);
  }
  for (; j + lanes <= n; j += lanes) {
    vfloat sum = vfloat::load_unaligned(out + j);
    for (std::size_t r = 0; r < rows; ++r) sum += vfloat::load_unaligned(a + r * lda + j);
    sum.store_unaligned(out + j);
  }
  for (; j < n; ++j)
    for (std::size_t r = 0; r < rows; ++r) out[j] += a[r * lda + j];
}

// grad [m x n] += A^T B, A^T given as A's rows [k x m] (stride lda), B packed by packed_rhs: a
// weight's gradient from every step at once. The kernel writes whole panels (`wide`).
void add_weight_gradient(std::size_t m, const float* a, std::size_t lda, const PackedMatrix& b, float* grad,
                         std::vector<float>& wide) {
  const std::size_t n = b.n(), np = b.padded_n();
  wide.assign(m * np, 0.0f);
  kernels::gemm_accumulate_transposed(m, a, lda, b, wide.data(), np);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j) grad[i * n + j] += wide[i * np + j];
}

void check_gradient(const Tensor* g, const Tensor& of, const char* what) {
  if (g != nullptr && shape_of(*g) != shape_of(of))
    throw Error(std::string("the gradient of ") + what + " must have " + what + "'s shape " +
                format_dims(shape_of(of)) + ", got " + format_dims(shape_of(*g)));
}

Tensor& entry(StateDict& dict, const std::string& name) {
  for (auto& p : dict)
    if (p.name == name) return p.value;
  throw Error("no parameter " + name);  // unreachable: the names come from parameter_specs
}

}  // namespace

ModelGradients backward(const Model& model, const Tensor& x, const Tensor* h0, const Tensor* c0,
                        const ForwardResult& forward, const Tensor* d_output, const Tensor* d_h_n,
                        const Tensor* d_c_n, const Lengths* lengths, InputGradient input_gradient) {
  const ModelConfig& config = model.config();
  if (!forward.intermediates || x.dimension() != 3)
    throw Error("backward needs a batched (3-D) input and its forward with intermediates");
  check_gradient(d_output, forward.output, "output");
  check_gradient(d_h_n, forward.h_n, "h_n");
  if (d_c_n != nullptr) {
    if (!forward.c_n) throw Error("c_n's gradient is only for LSTM");
    check_gradient(d_c_n, *forward.c_n, "c_n");
  }
  const Intermediates& rec = *forward.intermediates;
  const bool lstm = config.mode == Mode::lstm, gru = config.mode == Mode::gru;
  const std::size_t B = config.batch_first ? x.shape()[0] : x.shape()[1];
  const std::size_t T = config.batch_first ? x.shape()[1] : x.shape()[0];
  const std::size_t H = config.hidden_size, L = config.num_layers, G = gate_count(config.mode) * H;
  const std::size_t R = output_size(config), D = directions(config), O = D * R, S = L * D, TB = T * B;
  // Rows of the buffers the GEMM writes are padded to whole panels: dh and dh_{t-1} (Rp), the
  // projection's dm (Hp), and dY, the gradient of a layer's output (Op; the layer below's
  // output is the input of this one, so dY of the layer below is this layer's d_input).
  const std::size_t Rp = padded(R), Hp = padded(H), Op = padded(O), I0p = padded(config.input_size);
  if (lengths != nullptr) Model::check_lengths(*lengths, B, T);
  const auto active = [&](std::size_t b, std::size_t t) { return lengths == nullptr || t < (*lengths)[b]; };

  ModelGradients grads;
  for (auto& spec : parameter_specs(config))
    grads.parameters.push_back({spec.name, xt::zeros<float>(spec.shape)});
  grads.h0 = xt::zeros<float>({S, B, R});
  if (lstm) grads.c0 = xt::zeros<float>({S, B, H});
  grads.hidden_norms = xt::zeros<float>({S, T, B});

  // dY, time-major [T, B, Op]: first the loss's gradient of output (none: the top layer's dh
  // gets nothing from above, only from h_n).
  std::vector<float> dy(d_output ? TB * Op : 0);
  if (d_output != nullptr)
    for (std::size_t t = 0; t < T; ++t)
      for (std::size_t b = 0; b < B; ++b)
        std::copy_n(d_output->data() + (config.batch_first ? b * T + t : t * B + b) * O, O,
                    dy.data() + (t * B + b) * Op);

  // Everything the step loop touches, allocated once: it allocates nothing.
  const std::vector<float> zeros(std::max({B * std::max(R, H), padded(G), Rp, Hp, Op, I0p}), 0.0f);
  std::vector<float> dh(B * Rp), dh_prev(B * Rp), dc(lstm ? B * H : 0), dm(config.proj_size ? B * Hp : 0);
  std::vector<float> d_input, wide;
  // Packed: dL/dh and dL/dc of the sentences a step skips, which pass through it unchanged.
  std::vector<float> kept_dh(lengths ? B * Rp : 0), kept_dc(lengths && lstm ? B * H : 0);
  // Every element of these is written before it is read: no zeroing.
  const std::unique_ptr<float[]> da_x(new float[TB * G]), da_h(gru ? new float[TB * G] : nullptr);
  std::vector<float> m(config.proj_size ? TB * H : 0), dh_all(config.proj_size ? TB * Rp : 0);
  // A one-hot x (a character model's, as the forward found it): W_ih's gradient by adds, each
  // row's 1 listed in step order (t, b), the order in which the GEMM would sum the rows.
  std::optional<std::vector<std::int32_t>> one_hot = rec.one_hot;
  if (one_hot && config.batch_first) {
    std::vector<std::int32_t> step_order(TB);
    for (std::size_t t = 0; t < T; ++t)
      for (std::size_t b = 0; b < B; ++b) step_order[t * B + b] = (*one_hot)[b * T + t];
    one_hot = std::move(step_order);
  }
  for (std::size_t k = L; k-- > 0;) {
    const std::size_t I = k == 0 ? config.input_size : O, Ip = k == 0 ? I0p : Op;
    // dL/dx is one more GEMM, which a training step does not need (x is data, not a parameter).
    const bool want_d_input = k > 0 || input_gradient == InputGradient::wanted;
    // The layer's input, one row a step (t, b), as the right-hand side of W_ih's gradient: x, or
    // both directions of the layer below. Packed when first needed: a one-hot x may not need it.
    PackedMatrix input;
    const auto pack_input = [&] {
      input = PackedMatrix(I, TB);
      std::vector<float> row(I);
      for (std::size_t t = 0; t < T; ++t)
        for (std::size_t b = 0; b < B; ++b) {
          if (k == 0) {
            input.set_transposed_rows(t * B + b, x.data() + (config.batch_first ? b * T + t : t * B + b) * I,
                                      1);
          } else {
            for (std::size_t d = 0; d < D; ++d)
              std::copy_n(rec.h.data() + ((((k - 1) * D + d) * T + t) * B + b) * R, R, row.data() + d * R);
            input.set_transposed_rows(t * B + b, row.data(), 1);
          }
        }
    };
    if (want_d_input) d_input.assign(TB * Ip, 0.0f);  // the next dY: [T, B, Ip]

    const std::string p = recurrent_prefix(config);
    for (std::size_t d = 0; d < D; ++d) {
      const std::size_t row = k * D + d;
      const std::string l = "_l" + std::to_string(k) + (d ? "_reverse" : "");
      const float* w_ih = find_parameter(model.state_dict(), p + "weight_ih" + l)->data();
      const float* w_hh = find_parameter(model.state_dict(), p + "weight_hh" + l)->data();
      const float* w_hr =
          config.proj_size ? find_parameter(model.state_dict(), p + "weight_hr" + l)->data() : nullptr;
      const PackedMatrix hh = packed_rhs(w_hh, G, R);  // dh_{t-1} += dA_h W_hh, every step
      const PackedMatrix hr = w_hr ? packed_rhs(w_hr, R, H) : PackedMatrix();  // dm = dh W_hr
      const auto recorded = [&](const Tensor& t, std::size_t step, std::size_t width) {
        return t.data() + (row * T + step) * B * width;
      };
      // Step t's h_{t-1} and c_{t-1}: the recorded step before in the direction's order, or
      // h0/c0 (zeros if none) at its first step.
      const auto before = [&](std::size_t t) { return d ? t + 1 : t - 1; };
      const auto first = [&](std::size_t t) { return d ? t == T - 1 : t == 0; };
      const auto h_prev = [&](std::size_t t) {
        return !first(t) ? recorded(rec.h, before(t), R) : h0 ? h0->data() + row * B * R : zeros.data();
      };
      const auto c_prev = [&](std::size_t t) {
        return !first(t) ? recorded(*rec.c, before(t), H) : c0 ? c0->data() + row * B * H : zeros.data();
      };
      // Gradients of the affine terms, [T*B, G] each: dA_x of W_ih x + b_ih, dA_h of
      // W_hh h + b_hh (the same but for GRU's n, whose recurrent term the reset gate scales).
      float* const ax_all = da_x.get();
      float* const ah_all = gru ? da_h.get() : da_x.get();

      std::fill(dh.begin(), dh.end(), 0.0f);
      if (d_h_n)
        for (std::size_t b = 0; b < B; ++b)
          std::copy_n(d_h_n->data() + (row * B + b) * R, R, dh.data() + b * Rp);
      if (lstm) {
        if (d_c_n)
          std::copy_n(d_c_n->data() + row * B * H, B * H, dc.data());
        else
          std::fill(dc.begin(), dc.end(), 0.0f);
      }
      for (std::size_t step = T; step-- > 0;) {
        const std::size_t t = d ? T - 1 - step : step;  // back through the direction's own order
        // dL/dh_t: what came back from step t+1, plus what the layer above or the loss sends.
        for (std::size_t b = 0; b < B; ++b) {
          float* g = dh.data() + b * Rp;
          if (!active(b, t)) {
            grads.hidden_norms.data()[(row * T + t) * B + b] = 0;  // no h_t of sentence b
            continue;
          }
          if (!dy.empty()) {
            const float* up = dy.data() + (t * B + b) * Op + d * R;
            for (std::size_t j = 0; j < R; ++j) g[j] += up[j];
          }
          // Summed in double, as PyTorch's CPU norm accumulates float: a float square of a
          // gradient below ~1e-23 underflows to 0, and a learned run's early steps get less.
          double norm = 0;
          for (std::size_t j = 0; j < R; ++j) norm += static_cast<double>(g[j]) * g[j];
          grads.hidden_norms.data()[(row * T + t) * B + b] = static_cast<float>(std::sqrt(norm));
        }
        float* ax = ax_all + t * B * G;
        float* ah = ah_all + t * B * G;
        const float* pre = recorded(rec.preactivation, t, G);
        if (lengths) {
          std::copy(dh.begin(), dh.end(), kept_dh.begin());
          if (lstm) std::copy(dc.begin(), dc.end(), kept_dc.begin());
        }
        if (lstm) {
          const float* c = recorded(*rec.c, t, H);
          const float* cp = c_prev(t);
          // dL/dm for m = o * tanh(c): dh itself, or with a projection h = W_hr m, dh W_hr.
          const float* dmv = dh.data();
          std::size_t dm_stride = Rp;
          if (w_hr) {
            std::copy(dh.begin(), dh.end(), dh_all.begin() + t * B * Rp);
            kernels::gemm_bias(B, dh.data(), Rp, hr, zeros.data(), dm.data(), Hp);
            dmv = dm.data();
            dm_stride = Hp;
          }
          for (std::size_t b = 0; b < B; ++b) {
            const float* pb = pre + b * G;
            float* a = ax + b * G;
            float* dcb = dc.data() + b * H;
            map_lanes<8, 6>(
                H, {pb, pb + H, pb + 2 * H, pb + 3 * H, c + b * H, cp + b * H, dmv + b * dm_stride, dcb},
                {a, a + H, a + 2 * H, a + 3 * H, dcb, w_hr ? m.data() + (t * B + b) * H : nullptr},
                [](const std::array<vfloat, 8>& v) {
                  const vfloat one(1.0f);
                  const vfloat i = sigmoid(v[0]), f = sigmoid(v[1]), g = tanh(v[2]), o = sigmoid(v[3]);
                  const vfloat tc = tanh(v[4]), cp = v[5], dm = v[6];
                  const vfloat dc = v[7] + dm * o * (one - tc * tc);
                  return std::array<vfloat, 6>{dc * g * (one - i) * i,
                                               dc * cp * (one - f) * f,
                                               dc * i * (one - g * g),
                                               dm * tc * (one - o) * o,
                                               dc * f,
                                               o * tc};
                });
          }
        } else if (gru) {
          const float* gh = recorded(rec.hidden_term, t, G);
          const float* hp = h_prev(t);
          for (std::size_t b = 0; b < B; ++b) {
            const float* pb = pre + b * G;
            float* a = ax + b * G;
            float* a2 = ah + b * G;
            // h_{t-1} also reaches h_t directly, through z: that part of dh_{t-1} first.
            map_lanes<6, 6>(H, {pb, pb + H, pb + 2 * H, gh + b * G + 2 * H, hp + b * R, dh.data() + b * Rp},
                            {a, a + H, a + 2 * H, a2 + 2 * H, dh_prev.data() + b * Rp, nullptr},
                            [](const std::array<vfloat, 6>& v) {
                              const vfloat one(1.0f);
                              const vfloat r = sigmoid(v[0]), z = sigmoid(v[1]), n = tanh(v[2]), g = v[5];
                              const vfloat dn = g * (one - z) * (one - n * n);
                              const vfloat dr = dn * v[3] * (one - r) * r;
                              const vfloat dz = g * (v[4] - n) * (one - z) * z;
                              return std::array<vfloat, 6>{dr, dz, dn, dn * r, g * z, vfloat(0.0f)};
                            });
            std::copy_n(a, 2 * H, a2);  // r and z enter both terms alike
          }
        } else {
          const bool relu = config.mode == Mode::rnn_relu;
          for (std::size_t b = 0; b < B; ++b)  // G = H
            map_lanes<2, 1>(
                H, {pre + b * G, dh.data() + b * Rp}, {ax + b * G}, [relu](const std::array<vfloat, 2>& v) {
                  if (relu)
                    return std::array<vfloat, 1>{xsimd::select(v[0] > vfloat(0.0f), v[1], vfloat(0.0f))};
                  const vfloat y = tanh(v[0]);
                  return std::array<vfloat, 1>{v[1] * (vfloat(1.0f) - y * y)};
                });
        }
        // Through W_hh to h_{t-1} (GRU: onto the direct part above).
        if (lengths)
          for (std::size_t b = 0; b < B; ++b)
            if (!active(b, t)) {  // no step of sentence b: nothing to any weight, the state's gradient passes
              std::fill_n(ax + b * G, G, 0.0f);
              if (gru) std::fill_n(ah + b * G, G, 0.0f);
              if (w_hr) std::fill_n(dh_all.begin() + (t * B + b) * Rp, Rp, 0.0f);
              if (lstm) std::copy_n(kept_dc.begin() + b * H, H, dc.begin() + b * H);
            }
        if (gru)
          kernels::gemm_accumulate(B, ah, G, hh, dh_prev.data(), Rp);
        else
          kernels::gemm_bias(B, ah, G, hh, zeros.data(), dh_prev.data(), Rp);
        if (lengths)
          for (std::size_t b = 0; b < B; ++b)
            if (!active(b, t)) std::copy_n(kept_dh.begin() + b * Rp, Rp, dh_prev.begin() + b * Rp);
        dh.swap(dh_prev);
      }
      for (std::size_t b = 0; b < B; ++b)
        std::copy_n(dh.data() + b * Rp, R, grads.h0.data() + (row * B + b) * R);
      if (lstm) std::copy(dc.begin(), dc.end(), grads.c0->data() + row * B * H);

      // Every step's share of the weights at once: dW = dA^T [input or h_{t-1}], one GEMM each.
      PackedMatrix hidden(R, TB);
      for (std::size_t t = 0; t < T; ++t) hidden.set_transposed_rows(t * B, h_prev(t), B);
      float* const d_w_ih = entry(grads.parameters, p + "weight_ih" + l).data();
      if (k > 0 || !one_hot || !kernels::add_one_hot_gradient(TB, ax_all, G, G, one_hot->data(), I, d_w_ih)) {
        if (input.n() == 0) pack_input();
        add_weight_gradient(G, ax_all, G, input, d_w_ih, wide);
      }
      add_weight_gradient(G, ah_all, G, hidden, entry(grads.parameters, p + "weight_hh" + l).data(), wide);
      if (config.bias) {
        float* const d_b_ih = entry(grads.parameters, p + "bias_ih" + l).data();
        float* const d_b_hh = entry(grads.parameters, p + "bias_hh" + l).data();
        add_column_sums(TB, G, ax_all, G, d_b_ih);
        if (gru)
          add_column_sums(TB, G, ah_all, G, d_b_hh);
        else  // both terms have the one gradient dA: the same sums
          std::copy_n(d_b_ih, G, d_b_hh);
      }
      if (w_hr)
        add_weight_gradient(R, dh_all.data(), Rp, packed_rhs(m.data(), TB, H),
                            entry(grads.parameters, p + "weight_hr" + l).data(), wide);
      // The input's gradient, both directions summed: dA_x W_ih.
      if (want_d_input) kernels::gemm_accumulate(TB, ax_all, G, packed_rhs(w_ih, G, I), d_input.data(), Ip);
    }
    if (k > 0) {
      dy.swap(d_input);  // Ip = Op
    } else if (want_d_input) {
      grads.x = Tensor::from_shape(shape_of(x));
      for (std::size_t t = 0; t < T; ++t)
        for (std::size_t b = 0; b < B; ++b)
          std::copy_n(d_input.data() + (t * B + b) * Ip, I,
                      grads.x->data() + (config.batch_first ? b * T + t : t * B + b) * I);
    }
  }
  return grads;
}

}  // namespace recur

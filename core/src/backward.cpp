#include "recur/backward.hpp"

#include <cmath>
#include <string>

#include "recur/error.hpp"
#include "recur/format.hpp"
#include "recur/kernels/gemm.hpp"

namespace recur {
namespace {

// The products run on the forward's GEMM kernel, which computes C += A W^T with W packed once:
// a product A B is that with W = B^T. B [k x n], row-major, packed as that W.
kernels::PackedMatrix packed_rhs(const float* b, std::size_t k, std::size_t n) {
  std::vector<float> w(n * k);
  for (std::size_t p = 0; p < k; ++p)
    for (std::size_t j = 0; j < n; ++j) w[j * k + p] = b[p * n + j];
  return kernels::PackedMatrix(w.data(), n, k);
}

// C[m x n] += A[m x k] B, B packed by packed_rhs. The kernel writes whole panels, so it works in
// `wide` (m rows of padded(n)), which is then added to C.
void add_product(std::size_t m, const float* a, const kernels::PackedMatrix& b, float* c, std::vector<float>& wide) {
  const std::size_t n = b.n(), np = b.padded_n();
  wide.assign(m * np, 0.0f);
  kernels::gemm_accumulate(m, a, b.k(), b, wide.data(), np);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j) c[i * n + j] += wide[i * np + j];
}

// C[m x n] += A^T B with A [k x m] and B [k x n]: a weight's gradient from every step at once.
void add_transposed_product(std::size_t m, std::size_t k, std::size_t n, const float* a, const float* b, float* c,
                            std::vector<float>& wide) {
  std::vector<float> at(m * k);
  for (std::size_t p = 0; p < k; ++p)
    for (std::size_t i = 0; i < m; ++i) at[i * k + p] = a[p * m + i];
  add_product(m, at.data(), packed_rhs(b, k, n), c, wide);
}

// out[j] += sum over rows of a [rows x n]: a bias's gradient.
void add_column_sums(std::size_t rows, std::size_t n, const float* a, float* out) {
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t j = 0; j < n; ++j) out[j] += a[r * n + j];
}

void check_gradient(const Tensor* g, const Tensor& of, const char* what) {
  if (g != nullptr && shape_of(*g) != shape_of(of))
    throw Error(std::string("the gradient of ") + what + " must have " + what + "'s shape " +
                format_dims(shape_of(of)) + ", got " + format_dims(shape_of(*g)));
}

// The activations recomputed from the recorded pre-activations in full precision, as PyTorch
// computes them: the forward's fast approximations agree to 1e-6 but flatten to exactly 0 or 1
// in the tails, where a saturated gate's derivative (tiny, yet what Adam's step normalizes)
// must stay as small as PyTorch's, not become 0.
float sigmoid(float x) {
  return 1.0f / (1.0f + std::exp(-x));
}

Tensor& entry(StateDict& dict, const std::string& name) {
  for (auto& p : dict)
    if (p.name == name) return p.value;
  throw Error("no parameter " + name);  // unreachable: the names come from parameter_specs
}

}  // namespace

ModelGradients backward(const Model& model, const Tensor& x, const Tensor* h0, const Tensor* c0,
                        const ForwardResult& forward, const Tensor* d_output, const Tensor* d_h_n,
                        const Tensor* d_c_n) {
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

  ModelGradients grads;
  for (auto& spec : parameter_specs(config)) grads.parameters.push_back({spec.name, xt::zeros<float>(spec.shape)});
  grads.h0 = xt::zeros<float>({S, B, R});
  if (lstm) grads.c0 = xt::zeros<float>({S, B, H});
  grads.hidden_norms = xt::zeros<float>({S, T, B});

  // dY: the gradient of the current layer's output, time-major [T, B, O]; first the loss's.
  Tensor dy = xt::zeros<float>({T, B, O});
  if (d_output != nullptr)
    for (std::size_t t = 0; t < T; ++t)
      for (std::size_t b = 0; b < B; ++b)
        std::copy_n(d_output->data() + (config.batch_first ? b * T + t : t * B + b) * O, O, dy.data() + (t * B + b) * O);

  std::vector<float> dh(B * R), dc(lstm ? B * H : 0), dm(B * H), dh_prev(B * R), wide;
  for (std::size_t k = L; k-- > 0;) {
    // The layer's input, time-major [T*B, I]: x, or both directions of the layer below.
    const std::size_t I = k == 0 ? config.input_size : O;
    Tensor input = Tensor::from_shape({TB, I});
    for (std::size_t t = 0; t < T; ++t)
      for (std::size_t b = 0; b < B; ++b) {
        float* to = input.data() + (t * B + b) * I;
        if (k == 0)
          std::copy_n(x.data() + (config.batch_first ? b * T + t : t * B + b) * I, I, to);
        else
          for (std::size_t d = 0; d < D; ++d)
            std::copy_n(rec.h.data() + ((((k - 1) * D + d) * T + t) * B + b) * R, R, to + d * R);
      }
    Tensor d_input = xt::zeros<float>({TB, I});

    for (std::size_t d = 0; d < D; ++d) {
      const std::size_t row = k * D + d;
      const std::string l = "_l" + std::to_string(k) + (d ? "_reverse" : "");
      const float* w_ih = find_parameter(model.state_dict(), "weight_ih" + l)->data();
      const float* w_hh = find_parameter(model.state_dict(), "weight_hh" + l)->data();
      const float* w_hr = config.proj_size ? find_parameter(model.state_dict(), "weight_hr" + l)->data() : nullptr;
      const kernels::PackedMatrix hh = packed_rhs(w_hh, G, R);  // dh_{t-1} += dA_h W_hh, every step
      const kernels::PackedMatrix hr = w_hr ? packed_rhs(w_hr, R, H) : kernels::PackedMatrix();
      const auto recorded = [&](const Tensor& t, std::size_t step, std::size_t width) {
        return t.data() + (row * T + step) * B * width;
      };
      // Each step's h_{t-1} (and c_{t-1}), [T*B, R]: h0 at the direction's first step.
      Tensor h_prev = Tensor::from_shape({TB, R}), c_prev = lstm ? Tensor::from_shape({TB, H}) : Tensor();
      for (std::size_t t = 0; t < T; ++t) {
        const bool first = d ? t == T - 1 : t == 0;
        const std::size_t before = d ? t + 1 : t - 1;
        const float* hp = first ? (h0 ? h0->data() + row * B * R : nullptr) : recorded(rec.h, before, R);
        if (hp) std::copy_n(hp, B * R, h_prev.data() + t * B * R);
        else std::fill_n(h_prev.data() + t * B * R, B * R, 0.0f);
        if (lstm) {
          const float* cp = first ? (c0 ? c0->data() + row * B * H : nullptr) : recorded(*rec.c, before, H);
          if (cp) std::copy_n(cp, B * H, c_prev.data() + t * B * H);
          else std::fill_n(c_prev.data() + t * B * H, B * H, 0.0f);
        }
      }
      // Gradients of the affine terms: dA_x of W_ih x + b_ih, dA_h of W_hh h + b_hh (the same
      // but for GRU's n, whose recurrent term the reset gate scales).
      Tensor da_x = Tensor::from_shape({TB, G});
      Tensor da_h = gru ? Tensor::from_shape({TB, G}) : Tensor();
      Tensor& da_hidden = gru ? da_h : da_x;
      // With a projection: m_t = o * tanh(c_t) and dL/dh_t, for weight_hr's gradient.
      Tensor m = w_hr ? Tensor::from_shape({TB, H}) : Tensor(), dh_all = w_hr ? Tensor::from_shape({TB, R}) : Tensor();

      for (std::size_t b = 0; b < B * R; ++b) dh[b] = d_h_n ? d_h_n->data()[row * B * R + b] : 0.0f;
      for (std::size_t b = 0; b < dc.size(); ++b) dc[b] = d_c_n ? d_c_n->data()[row * B * H + b] : 0.0f;
      for (std::size_t step = T; step-- > 0;) {
        const std::size_t t = d ? T - 1 - step : step;  // back through the direction's own order
        for (std::size_t b = 0; b < B; ++b) {
          float norm = 0;
          for (std::size_t j = 0; j < R; ++j) {
            float& g = dh[b * R + j];
            g += dy.data()[(t * B + b) * O + d * R + j];
            norm += g * g;
          }
          grads.hidden_norms.data()[(row * T + t) * B + b] = std::sqrt(norm);
        }
        float* ax = da_x.data() + t * B * G;
        float* ah = da_hidden.data() + t * B * G;
        std::fill(dh_prev.begin(), dh_prev.end(), 0.0f);
        const float* pre = recorded(rec.preactivation, t, G);
        if (lstm) {
          const float* c = recorded(*rec.c, t, H);
          const float* cp = c_prev.data() + t * B * H;
          if (w_hr) {
            std::copy_n(dh.data(), B * R, dh_all.data() + t * B * R);
            std::fill(dm.begin(), dm.end(), 0.0f);
            add_product(B, dh.data(), hr, dm.data(), wide);
          } else {
            std::copy_n(dh.data(), B * H, dm.data());
          }
          for (std::size_t b = 0; b < B; ++b)
            for (std::size_t j = 0; j < H; ++j) {
              const float* pb = pre + b * G;
              const float i = sigmoid(pb[j]), f = sigmoid(pb[H + j]), g = std::tanh(pb[2 * H + j]),
                          o = sigmoid(pb[3 * H + j]);
              const float tc = std::tanh(c[b * H + j]), dmv = dm[b * H + j];
              const float dcv = dc[b * H + j] + dmv * o * (1 - tc * tc);
              float* a = ax + b * G;
              a[j] = dcv * g * (1 - i) * i;
              a[H + j] = dcv * cp[b * H + j] * (1 - f) * f;
              a[2 * H + j] = dcv * i * (1 - g * g);
              a[3 * H + j] = dmv * tc * (1 - o) * o;
              dc[b * H + j] = dcv * f;
              if (w_hr) m.data()[(t * B + b) * H + j] = o * tc;
            }
        } else if (gru) {
          const float* gh = recorded(rec.hidden_term, t, G);
          const float* hp = h_prev.data() + t * B * R;
          for (std::size_t b = 0; b < B; ++b)
            for (std::size_t j = 0; j < H; ++j) {
              const float* pb = pre + b * G;
              const float r = sigmoid(pb[j]), z = sigmoid(pb[H + j]), n = std::tanh(pb[2 * H + j]), g = dh[b * H + j];
              const float dn = g * (1 - z) * (1 - n * n);
              const float dr = dn * gh[b * G + 2 * H + j] * (1 - r) * r;
              const float dz = g * (hp[b * H + j] - n) * (1 - z) * z;
              ax[b * G + j] = ah[b * G + j] = dr;
              ax[b * G + H + j] = ah[b * G + H + j] = dz;
              ax[b * G + 2 * H + j] = dn;
              ah[b * G + 2 * H + j] = dn * r;
              dh_prev[b * H + j] = g * z;  // h_{t-1} also reaches h_t directly, through z
            }
        } else {
          for (std::size_t j = 0; j < B * H; ++j) {
            const float a = pre[j], y = std::tanh(a);  // G = H: the rows are unpadded
            ax[j] = config.mode == Mode::rnn_tanh ? dh[j] * (1 - y * y) : (a > 0 ? dh[j] : 0.0f);
          }
        }
        add_product(B, ah, hh, dh_prev.data(), wide);  // through W_hh to h_{t-1}
        dh.swap(dh_prev);
      }
      std::copy(dh.begin(), dh.end(), grads.h0.data() + row * B * R);
      if (lstm) std::copy(dc.begin(), dc.end(), grads.c0->data() + row * B * H);

      // Every step's share of the weights at once.
      add_transposed_product(G, TB, I, da_x.data(), input.data(), entry(grads.parameters, "weight_ih" + l).data(), wide);
      add_transposed_product(G, TB, R, da_hidden.data(), h_prev.data(), entry(grads.parameters, "weight_hh" + l).data(), wide);
      if (config.bias) {
        add_column_sums(TB, G, da_x.data(), entry(grads.parameters, "bias_ih" + l).data());
        add_column_sums(TB, G, da_hidden.data(), entry(grads.parameters, "bias_hh" + l).data());
      }
      if (w_hr) add_transposed_product(R, TB, H, dh_all.data(), m.data(), entry(grads.parameters, "weight_hr" + l).data(), wide);
      add_product(TB, da_x.data(), packed_rhs(w_ih, G, I), d_input.data(), wide);
    }
    if (k > 0) {
      dy = std::move(d_input);
      dy.reshape({T, B, O});
    } else {
      grads.x = Tensor::from_shape(shape_of(x));
      for (std::size_t t = 0; t < T; ++t)
        for (std::size_t b = 0; b < B; ++b)
          std::copy_n(d_input.data() + (t * B + b) * I, I,
                      grads.x.data() + (config.batch_first ? b * T + t : t * B + b) * I);
    }
  }
  return grads;
}

}  // namespace recur

#include "recur/kernels/cell.hpp"

#include <algorithm>

#include "recur/kernels/activations.hpp"

namespace recur::kernels {
namespace {

// Applies f to n floats a vector at a time; the tail goes through a padded vector too, so
// every element gets exactly the same arithmetic wherever it sits.
template <class F>
void map_inplace(float* values, std::size_t n, F f) {
  std::size_t j = 0;
  for (; j + lanes <= n; j += lanes) f(vfloat::load_unaligned(values + j)).store_unaligned(values + j);
  if (j < n) {
    alignas(64) float tail[lanes] = {};
    std::copy(values + j, values + n, tail);
    f(vfloat::load_unaligned(tail)).store_unaligned(tail);
    std::copy(tail, tail + (n - j), values + j);
  }
}

void lstm_lanes(const float* gi, const float* gf, const float* gg, const float* go, float* c, float* h) {
  const vfloat i = sigmoid_fast(vfloat::load_unaligned(gi));
  const vfloat f = sigmoid_fast(vfloat::load_unaligned(gf));
  const vfloat g = tanh_fast(vfloat::load_unaligned(gg));
  const vfloat o = sigmoid_fast(vfloat::load_unaligned(go));
  const vfloat c_new = f * vfloat::load_unaligned(c) + i * g;
  c_new.store_unaligned(c);
  (o * tanh_fast(c_new)).store_unaligned(h);
}

// One vector of GRU units; gate k of each operand at +k*n.
void gru_lanes(const float* gx, const float* gh, std::size_t n, float* h, float* record, float* pre) {
  const vfloat r_in = vfloat::load_unaligned(gx) + vfloat::load_unaligned(gh);
  const vfloat z_in = vfloat::load_unaligned(gx + n) + vfloat::load_unaligned(gh + n);
  const vfloat r = sigmoid_fast(r_in), z = sigmoid_fast(z_in);
  const vfloat n_in = vfloat::load_unaligned(gx + 2 * n) + r * vfloat::load_unaligned(gh + 2 * n);
  const vfloat g = tanh_fast(n_in);
  const vfloat hv = vfloat::load_unaligned(h);
  ((hv - g) * z + g).store_unaligned(h);
  if (record) {
    r.store_unaligned(record);
    z.store_unaligned(record + n);
    g.store_unaligned(record + 2 * n);
    r_in.store_unaligned(pre);
    z_in.store_unaligned(pre + n);
    n_in.store_unaligned(pre + 2 * n);
  }
}

}  // namespace

void tanh_inplace(float* values, std::size_t n) {
  map_inplace(values, n, tanh_fast);
}

void relu_inplace(float* values, std::size_t n) {
  // x < 0 ? 0 : x keeps NaN (the comparison is false), as torch.relu does.
  map_inplace(values, n, [](vfloat x) { return xsimd::select(x < vfloat(0.0f), vfloat(0.0f), x); });
}

void lstm_cell(const float* gates, float* c, float* h, std::size_t n) {
  std::size_t j = 0;
  for (; j + lanes <= n; j += lanes)
    lstm_lanes(gates + j, gates + n + j, gates + 2 * n + j, gates + 3 * n + j, c + j, h + j);
  if (j < n) {
    // Pad the last partial vector of each gate, c and h.
    alignas(64) float buf[6][lanes] = {};
    const std::size_t rest = n - j;
    for (int g = 0; g < 4; ++g) std::copy(gates + g * n + j, gates + g * n + n, buf[g]);
    std::copy(c + j, c + n, buf[4]);
    lstm_lanes(buf[0], buf[1], buf[2], buf[3], buf[4], buf[5]);
    std::copy(buf[4], buf[4] + rest, c + j);
    std::copy(buf[5], buf[5] + rest, h + j);
  }
}

void gru_cell(const float* gx, const float* gh, float* h, std::size_t n, float* record, float* pre) {
  std::size_t j = 0;
  for (; j + lanes <= n; j += lanes)
    gru_lanes(gx + j, gh + j, n, h + j, record ? record + j : nullptr, pre ? pre + j : nullptr);
  if (j < n) {
    // Pad the last partial vector of each gate and of h (gate k at k * lanes).
    const std::size_t rest = n - j;
    alignas(64) float x[3 * lanes] = {}, hh[3 * lanes] = {}, state[lanes] = {}, rec[3 * lanes], in[3 * lanes];
    for (std::size_t k = 0; k < 3; ++k) {
      std::copy(gx + k * n + j, gx + k * n + n, x + k * lanes);
      std::copy(gh + k * n + j, gh + k * n + n, hh + k * lanes);
    }
    std::copy(h + j, h + n, state);
    gru_lanes(x, hh, lanes, state, rec, in);
    std::copy(state, state + rest, h + j);
    for (std::size_t k = 0; record && k < 3; ++k) {
      std::copy(rec + k * lanes, rec + k * lanes + rest, record + k * n + j);
      std::copy(in + k * lanes, in + k * lanes + rest, pre + k * n + j);
    }
  }
}

void lstm_gates(const float* gates, float* out, std::size_t n) {
  std::copy(gates, gates + 4 * n, out);
  map_inplace(out, n, sigmoid_fast);
  map_inplace(out + n, n, sigmoid_fast);
  map_inplace(out + 2 * n, n, tanh_fast);
  map_inplace(out + 3 * n, n, sigmoid_fast);
}

}  // namespace recur::kernels

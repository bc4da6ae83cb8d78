#include "recur/kernels/cell.hpp"

#include <cmath>

#include <xsimd/xsimd.hpp>

namespace recur::kernels {
namespace {

using batch = xsimd::batch<float>;
constexpr std::size_t width = batch::size;

template <class T>
T sigmoid(const T& x) {
  return T(1.0f) / (T(1.0f) + xsimd::exp(-x));
}

float sigmoid_scalar(float x) { return 1.0f / (1.0f + std::exp(-x)); }

}  // namespace

void tanh_inplace(float* values, std::size_t n) {
  std::size_t j = 0;
  for (; j + width <= n; j += width) xsimd::tanh(batch::load_unaligned(values + j)).store_unaligned(values + j);
  for (; j < n; ++j) values[j] = std::tanh(values[j]);
}

void relu_inplace(float* values, std::size_t n) {
  // x < 0 ? 0 : x keeps NaN (the comparison is false), as torch.relu does.
  std::size_t j = 0;
  for (; j + width <= n; j += width) {
    const batch x = batch::load_unaligned(values + j);
    xsimd::select(x < batch(0.0f), batch(0.0f), x).store_unaligned(values + j);
  }
  for (; j < n; ++j) values[j] = values[j] < 0.0f ? 0.0f : values[j];
}

void lstm_cell(const float* gates, float* c, float* h, std::size_t n) {
  const float* gi = gates;
  const float* gf = gates + n;
  const float* gg = gates + 2 * n;
  const float* go = gates + 3 * n;
  std::size_t j = 0;
  for (; j + width <= n; j += width) {
    const batch i = sigmoid(batch::load_unaligned(gi + j));
    const batch f = sigmoid(batch::load_unaligned(gf + j));
    const batch g = xsimd::tanh(batch::load_unaligned(gg + j));
    const batch o = sigmoid(batch::load_unaligned(go + j));
    const batch c_new = f * batch::load_unaligned(c + j) + i * g;
    c_new.store_unaligned(c + j);
    (o * xsimd::tanh(c_new)).store_unaligned(h + j);
  }
  for (; j < n; ++j) {
    const float c_new = sigmoid_scalar(gf[j]) * c[j] + sigmoid_scalar(gi[j]) * std::tanh(gg[j]);
    c[j] = c_new;
    h[j] = sigmoid_scalar(go[j]) * std::tanh(c_new);
  }
}

}  // namespace recur::kernels

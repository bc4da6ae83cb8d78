#include "recur/kernels/cell.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace {
double sigmoid(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}
std::vector<float> sweep(std::size_t n, float lo, float hi) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = lo + (hi - lo) * static_cast<float>(i) / static_cast<float>(n - 1);
  return v;
}
}  // namespace

TEST_CASE("tanh_inplace is within 1e-6 of tanh everywhere, saturating included") {
  auto v = sweep(1001, -40.0f, 40.0f);  // 1001: a SIMD body and a scalar tail
  const auto x = v;
  recur::kernels::tanh_inplace(v.data(), v.size());
  for (std::size_t i = 0; i < v.size(); ++i) CHECK(std::fabs(v[i] - std::tanh(double(x[i]))) < 1e-6);
}

TEST_CASE("relu_inplace clamps negatives and keeps NaN") {
  std::vector<float> v = {-2, -0.5f, 0, 0.5f, 3, -1, std::numeric_limits<float>::quiet_NaN(), 9, -9};
  recur::kernels::relu_inplace(v.data(), v.size());
  const float expected[] = {0, 0, 0, 0.5f, 3, 0};
  for (int i = 0; i < 6; ++i) CHECK(v[i] == expected[i]);
  CHECK(std::isnan(v[6]));
  CHECK(v[7] == 9);
  CHECK(v[8] == 0);
}

TEST_CASE("lstm_cell follows PyTorch's equations with gates i, f, g, o") {
  for (std::size_t n : {1, 4, 5, 8, 13}) {
    std::vector<float> gates(4 * n), c(n), h(n);
    for (std::size_t k = 0; k < gates.size(); ++k) gates[k] = std::sin(1.3f * k) * 12.0f;
    for (std::size_t j = 0; j < n; ++j) c[j] = std::cos(0.9f * j) * 3.0f;
    const auto c_old = c;
    recur::kernels::lstm_cell(gates.data(), c.data(), h.data(), n);
    for (std::size_t j = 0; j < n; ++j) {
      const double i = sigmoid(gates[j]), f = sigmoid(gates[n + j]);
      const double g = std::tanh(double(gates[2 * n + j])), o = sigmoid(gates[3 * n + j]);
      const double c_new = f * c_old[j] + i * g;
      CHECK(std::fabs(c[j] - c_new) < 1e-6);
      CHECK(std::fabs(h[j] - o * std::tanh(c_new)) < 1e-6);
    }
  }
}

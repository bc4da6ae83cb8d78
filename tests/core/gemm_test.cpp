#include "recur/kernels/gemm.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

using namespace recur::kernels;

TEST_CASE("gemm_accumulate adds A * W^T to C for every size around the panel width") {
  for (std::size_t m : {1, 2, 3, 4, 5, 9}) {
    for (std::size_t n : {1, 3, 4, 7, 8, 9, 16, 17, 33, 70}) {
      for (std::size_t k : {1, 2, 5, 12}) {
        CAPTURE(m);
        CAPTURE(n);
        CAPTURE(k);
        const std::size_t ldc = padded(n) + 3;  // any stride of at least padded(n) works
        std::vector<float> a(m * k), w(n * k), c(m * ldc), expected(m * ldc);
        for (std::size_t i = 0; i < a.size(); ++i) a[i] = std::sin(0.7f * i + 0.1f);
        for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::cos(0.3f * i);
        for (std::size_t i = 0; i < c.size(); ++i) c[i] = expected[i] = 0.25f * i;
        for (std::size_t i = 0; i < m; ++i)
          for (std::size_t j = 0; j < n; ++j)
            for (std::size_t p = 0; p < k; ++p) expected[i * ldc + j] += a[i * k + p] * w[j * k + p];
        const PackedMatrix packed(w.data(), n, k);
        CHECK(packed.padded_n() % panel_width == 0);
        gemm_accumulate(m, a.data(), k, packed, c.data(), ldc);
        for (std::size_t i = 0; i < m; ++i) {
          for (std::size_t j = 0; j < n; ++j)
            CHECK(c[i * ldc + j] == doctest::Approx(expected[i * ldc + j]).epsilon(1e-6));
          for (std::size_t j = padded(n); j < ldc; ++j)
            CHECK(c[i * ldc + j] == expected[i * ldc + j]);  // untouched
        }
      }
    }
  }
}

TEST_CASE("gemm_accumulate honours the row stride of A") {
  // A is the left 2 x 2 block of a 2 x 3 buffer; W is the identity.
  const float a[] = {1, 2, 99, 3, 4, 99};
  const float w[] = {1, 0, 0, 1};
  const PackedMatrix packed(w, 2, 2);
  std::vector<float> c(2 * packed.padded_n(), 1.0f);
  gemm_accumulate(2, a, 3, packed, c.data(), packed.padded_n());
  CHECK(c[0] == 2);
  CHECK(c[1] == 3);
  CHECK(c[packed.padded_n()] == 4);
  CHECK(c[packed.padded_n() + 1] == 5);
  CHECK(c[2] == 1);  // padding columns get W's zero padding: unchanged
}

TEST_CASE("gemm_bias writes bias + A * W^T without reading C") {
  const float a[] = {1, 2, 3, 4};        // 2 x 2
  const float w[] = {1, 0, 1, 1, 0, 2};  // 3 x 2
  const PackedMatrix packed(w, 3, 2);
  std::vector<float> bias(packed.padded_n(), 0.0f);
  bias[0] = 10;
  bias[1] = 20;
  bias[2] = 30;
  std::vector<float> c(2 * packed.padded_n(), std::numeric_limits<float>::quiet_NaN());
  gemm_bias(2, a, 2, packed, bias.data(), c.data(), packed.padded_n());
  const std::size_t ld = packed.padded_n();
  CHECK(c[0] == 11);
  CHECK(c[1] == 23);
  CHECK(c[2] == 34);
  CHECK(c[ld + 0] == 13);
  CHECK(c[ld + 1] == 27);
  CHECK(c[ld + 2] == 38);
}

TEST_CASE("a matrix packed row by row has zeros in its padding, and every other value from its rows") {
  // PackedMatrix(n, k) leaves its storage unwritten but for the padding: filled by every row,
  // nothing of it may stay unwritten.
  for (std::size_t n : {3, 8, 13}) {
    CAPTURE(n);
    const std::size_t k = 4;
    std::vector<float> b(k * n);  // B [k x n], packed as W^T
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = 1.0f + static_cast<float>(i);
    const PackedMatrix w = packed_rhs(b.data(), k, n);
    for (std::size_t p = 0; p < w.padded_n() / panel_width; ++p)
      for (std::size_t row = 0; row < k; ++row)
        for (std::size_t c = 0; c < panel_width; ++c) {
          const std::size_t j = p * panel_width + c;
          CHECK(w.panel(p)[row * panel_width + c] == (j < n ? b[row * n + j] : 0.0f));
        }
  }
}

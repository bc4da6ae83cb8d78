#include "recur/kernels/one_hot.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "recur/kernels/gemm.hpp"

using namespace recur::kernels;

namespace {

// Bit equality: the lookups must give the GEMM's very floats, not merely close ones.
bool same_bits(float a, float b) {
  return std::memcmp(&a, &b, sizeof a) == 0 || (a == 0.0f && b == 0.0f);  // the sign of a zero aside
}

// rows x width, row r one-hot at (r * 7) % width, every fifth row all zeros.
std::vector<float> one_hot_rows(std::size_t rows, std::size_t width, std::vector<std::int32_t>& columns) {
  std::vector<float> a(rows * width, 0.0f);
  columns.assign(rows, -1);
  for (std::size_t r = 0; r < rows; ++r)
    if (r % 5 != 4) {
      columns[r] = static_cast<std::int32_t>((r * 7) % width);
      a[r * width + columns[r]] = 1.0f;
    }
  return a;
}

}  // namespace

TEST_CASE("one_hot_columns finds each row's 1, -1 for zeros, and refuses anything else") {
  const float a[] = {0, 1, 0, 0, 0, 0, 1, 0, 0};
  const auto columns = one_hot_columns(a, 3, 3);
  REQUIRE(columns);
  CHECK(*columns == std::vector<std::int32_t>{1, -1, 0});
  const float two[] = {1, 1, 0};
  CHECK_FALSE(one_hot_columns(two, 1, 3));
  const float half[] = {0, 0.5f, 0};
  CHECK_FALSE(one_hot_columns(half, 1, 3));
  const float minus[] = {-1, 0, 0};
  CHECK_FALSE(one_hot_columns(minus, 1, 3));
  const float nan[] = {std::numeric_limits<float>::quiet_NaN(), 0, 0};
  CHECK_FALSE(one_hot_columns(nan, 1, 3));
}

TEST_CASE("one_hot_bias gives gemm_bias's floats bit for bit") {
  for (std::size_t n : {1, 7, 8, 33, 260}) {
    for (std::size_t k : {1, 3, 65}) {
      CAPTURE(n);
      CAPTURE(k);
      const std::size_t m = 23, ldc = padded(n) + 8;
      std::vector<std::int32_t> columns;
      const std::vector<float> a = one_hot_rows(m, k, columns);
      std::vector<float> w(n * k), bias(padded(n), 0.0f);
      for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::sin(1.3f * i + 0.2f) * 3.0f;
      for (std::size_t j = 0; j < n; ++j) bias[j] = std::cos(0.9f * j) / 7.0f;
      const PackedMatrix packed(w.data(), n, k);
      REQUIRE(all_finite(packed));
      std::vector<float> expected(m * ldc, 5.0f), got(m * ldc, 5.0f);
      gemm_bias(m, a.data(), k, packed, bias.data(), expected.data(), ldc);
      one_hot_bias(m, columns.data(), packed, bias.data(), got.data(), ldc);
      for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        CHECK(same_bits(got[i], expected[i]));
      }
    }
  }
}

TEST_CASE("all_finite sees an inf or a NaN anywhere in the weights") {
  std::vector<float> w(10 * 3, 0.5f);
  CHECK(all_finite(PackedMatrix(w.data(), 10, 3)));
  w[29] = std::numeric_limits<float>::infinity();
  CHECK_FALSE(all_finite(PackedMatrix(w.data(), 10, 3)));
  w[29] = std::numeric_limits<float>::quiet_NaN();
  CHECK_FALSE(all_finite(PackedMatrix(w.data(), 10, 3)));
}

TEST_CASE("add_one_hot_gradient gives the transposed GEMM's floats bit for bit") {
  for (std::size_t n : {1, 9, 512}) {
    for (std::size_t k : {1, 4, 65}) {
      CAPTURE(n);
      CAPTURE(k);
      const std::size_t rows = 700;  // more than one of the GEMM's k blocks
      std::vector<std::int32_t> columns;
      const std::vector<float> x = one_hot_rows(rows, k, columns);
      const std::size_t lda = n + 3;
      std::vector<float> a(rows * lda);
      for (std::size_t i = 0; i < a.size(); ++i) a[i] = std::sin(0.37f * i) * 1e-3f;
      // What backward did before: wide = A^T X through the GEMM, then grad += wide.
      const PackedMatrix input = packed_rhs(x.data(), rows, k);
      std::vector<float> wide(n * input.padded_n(), 0.0f), expected(n * k, 0.25f), got(n * k, 0.25f);
      gemm_accumulate_transposed(n, a.data(), lda, input, wide.data(), input.padded_n());
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < k; ++c) expected[i * k + c] += wide[i * input.padded_n() + c];
      REQUIRE(add_one_hot_gradient(rows, a.data(), lda, n, columns.data(), k, got.data()));
      for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        CHECK(same_bits(got[i], expected[i]));
      }
    }
  }
}

TEST_CASE("add_one_hot_gradient refuses a non-finite gradient, even on a row of zeros") {
  const std::int32_t columns[] = {0, -1};
  const float inf = std::numeric_limits<float>::infinity();
  for (std::size_t bad : {0, 1}) {
    CAPTURE(bad);
    float a[] = {1, 2, 3, 4};
    a[bad * 2] = inf;
    float grad[] = {7, 7, 7, 7};
    CHECK_FALSE(add_one_hot_gradient(2, a, 2, 2, columns, 2, grad));
    for (float g : grad) CHECK(g == 7);  // untouched
  }
}

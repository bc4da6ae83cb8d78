#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "recur/kernels/gemm.hpp"

TEST_CASE("gemm_accumulate adds A*B to C for every size around the SIMD width") {
  for (std::size_t m : {1, 3, 8}) {
    for (std::size_t n : {1, 3, 4, 7, 8, 9, 16, 17, 33}) {
      for (std::size_t k : {1, 2, 5, 12}) {
        std::vector<float> a(m * k), b(k * n), c(m * n), expected(m * n);
        for (std::size_t i = 0; i < a.size(); ++i) a[i] = std::sin(0.7f * i + 0.1f);
        for (std::size_t i = 0; i < b.size(); ++i) b[i] = std::cos(0.3f * i);
        for (std::size_t i = 0; i < c.size(); ++i) c[i] = expected[i] = 0.25f * i;
        for (std::size_t i = 0; i < m; ++i)
          for (std::size_t j = 0; j < n; ++j)
            for (std::size_t p = 0; p < k; ++p) expected[i * n + j] += a[i * k + p] * b[p * n + j];
        recur::kernels::gemm_accumulate(m, n, k, a.data(), k, b.data(), n, c.data(), n);
        for (std::size_t i = 0; i < c.size(); ++i)
          CHECK(c[i] == doctest::Approx(expected[i]).epsilon(1e-6));
      }
    }
  }
}

TEST_CASE("gemm_accumulate honours leading dimensions") {
  // A is the left 2x2 block of a 2x3 buffer, C the right 2x2 block of a 2x4 buffer.
  const float a[] = {1, 2, 99, 3, 4, 99};
  const float b[] = {1, 0, 0, 1};
  float c[] = {7, 7, 0, 0, 7, 7, 0, 0};
  recur::kernels::gemm_accumulate(2, 2, 2, a, 3, b, 2, c + 2, 4);
  const float expected[] = {7, 7, 1, 2, 7, 7, 3, 4};
  for (int i = 0; i < 8; ++i) CHECK(c[i] == expected[i]);
}

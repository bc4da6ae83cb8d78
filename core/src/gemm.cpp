#include "recur/kernels/gemm.hpp"

#include <xsimd/xsimd.hpp>

namespace recur::kernels {

void gemm_accumulate(std::size_t m, std::size_t n, std::size_t k, const float* a, std::size_t lda,
                     const float* b, std::size_t ldb, float* c, std::size_t ldc) {
  using batch = xsimd::batch<float>;
  constexpr std::size_t width = batch::size;
  const std::size_t n_vec = n - n % width;
  for (std::size_t i = 0; i < m; ++i) {
    const float* a_row = a + i * lda;
    float* c_row = c + i * ldc;
    // Columns in SIMD batches: each accumulator lives in a register across the whole k loop.
    for (std::size_t j = 0; j < n_vec; j += width) {
      batch acc = batch::load_unaligned(c_row + j);
      for (std::size_t p = 0; p < k; ++p)
        acc = xsimd::fma(batch(a_row[p]), batch::load_unaligned(b + p * ldb + j), acc);
      acc.store_unaligned(c_row + j);
    }
    for (std::size_t j = n_vec; j < n; ++j) {
      float acc = c_row[j];
      for (std::size_t p = 0; p < k; ++p) acc += a_row[p] * b[p * ldb + j];
      c_row[j] = acc;
    }
  }
}

}  // namespace recur::kernels

#pragma once
// C[m x n] += A[m x k] * B[k x n], all row-major with leading dimensions (row strides).
// B is a weight matrix transposed once at load (W^T), so the inner loop runs along
// contiguous rows of B and C, one xsimd batch of columns at a time.

#include <cstddef>

namespace recur::kernels {

void gemm_accumulate(std::size_t m, std::size_t n, std::size_t k, const float* a, std::size_t lda,
                     const float* b, std::size_t ldb, float* c, std::size_t ldc);

}  // namespace recur::kernels

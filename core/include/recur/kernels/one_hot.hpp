#pragma once
// Products with one-hot rows as lookups. A row of A that is all zeros but one 1 picks one row of
// W^T: bias + A W^T is bias plus that row, and A's share of a gradient X^T A is A's row added to
// one row of the sum. A character model's input is one-hot, so its input projection and the
// gradient of W_ih, two of a training step's six large products, become copies and adds.
//
// The results are the GEMM's to the bit. The GEMM starts from bias (or 0) and adds, in order of
// the rows, each 1 * w (exactly w) and each 0 * w (exactly 0 when w is finite; x + 0 = x). Where
// that does not hold, a non-finite weight or gradient (0 * inf is NaN), the callers keep the GEMM.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "recur/kernels/gemm.hpp"

namespace recur::kernels {

// For each of `rows` rows of `width` values, the column of its single 1, or -1 for a row of
// zeros; nullopt as soon as a value is neither 0 nor 1 or a row holds two 1s.
std::optional<std::vector<std::int32_t>> one_hot_columns(const float* a, std::size_t rows, std::size_t width);

// Whether every value of w is finite: then the lookups equal the products.
bool all_finite(const PackedMatrix& w);

// gemm_bias for A given by its one-hot columns: C[m x padded_n] = bias + A W^T, row r of C being
// bias plus column columns[r] of W (bias alone for -1).
void one_hot_bias(std::size_t m, const std::int32_t* columns, const PackedMatrix& w, const float* bias,
                  float* c, std::size_t ldc);

// grad [n x k] += A^T X for A [rows x n] (row stride lda) and X [rows x k] given by its one-hot
// columns: a weight's gradient from every step at once, as add_weight_gradient's GEMM sums it.
// Returns false, grad untouched, when a sum is not finite: then A holds an inf or a NaN, whose
// products with X's zeros the GEMM turns into NaN where these sums would not.
bool add_one_hot_gradient(std::size_t rows, const float* a, std::size_t lda, std::size_t n,
                          const std::int32_t* columns, std::size_t k, float* grad);

}  // namespace recur::kernels

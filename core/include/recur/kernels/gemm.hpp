#pragma once
// C += A * W^T, the one matrix product of a recurrent layer, with W in PyTorch's weight layout
// ([n x k]: one row per gate unit) packed once, when the weights are loaded.
//
// Packing lays W^T out as panels of `panel_width` columns, each a contiguous [k x panel_width]
// block, zero-padded to a whole panel: the kernel then streams B sequentially and needs no
// column tails. C therefore has padded_n() columns (its row stride must be at least that).

#include <cstddef>
#include <new>
#include <utility>
#include <vector>

#include "recur/kernels/simd.hpp"

namespace recur::kernels {

inline constexpr std::size_t panel_width = 2 * lanes;

// Columns of C once n is rounded up to whole panels.
inline constexpr std::size_t padded(std::size_t n) {
  return (n + panel_width - 1) / panel_width * panel_width;
}

// xsimd's 64-byte aligned allocator, except that a vector sized without a value leaves its floats
// unwritten: zeroing a megabyte that is written next (a step's hidden states, packed for a
// weight's gradient) was a few per cent of a training step.
template <class T>
struct unwritten_allocator : xsimd::aligned_allocator<T, 64> {
  template <class U>
  struct rebind {
    using other = unwritten_allocator<U>;
  };
  unwritten_allocator() = default;
  template <class U>
  unwritten_allocator(const unwritten_allocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... A>
  void construct(U* p, A&&... a) {
    ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
  }
};
template <class T, class U>
bool operator==(const unwritten_allocator<T>&, const unwritten_allocator<U>&) {
  return true;
}
template <class T, class U>
bool operator!=(const unwritten_allocator<T>&, const unwritten_allocator<U>&) {
  return false;
}

class PackedMatrix {
 public:
  PackedMatrix() = default;
  // w is row-major [n x k].
  PackedMatrix(const float* w, std::size_t n, std::size_t k);
  // W [n x k], to be filled from W^T with set_transposed_rows, every one of its k rows (only
  // the padding past n starts zeroed: the rest is unwritten until then).
  PackedMatrix(std::size_t n, std::size_t k);

  // Rows first .. first + count of W^T ([k x n], row-major, n values a row). A product A B is
  // C += A W^T with W^T = B, so a right-hand side B packs row by row as it is stored.
  void set_transposed_rows(std::size_t first, const float* rows, std::size_t count);

  std::size_t n() const { return n_; }
  std::size_t k() const { return k_; }
  std::size_t padded_n() const { return padded(n_); }
  const float* panel(std::size_t p) const { return data_.data() + p * k_ * panel_width; }

 private:
  std::size_t n_ = 0, k_ = 0;
  std::vector<float, unwritten_allocator<float>> data_;
};

// B [k x n], row-major, packed as the right-hand side of a product A B on these kernels
// (C += A W^T with W^T = B, packed row by row as it is stored).
PackedMatrix packed_rhs(const float* b, std::size_t k, std::size_t n);

// C[m x padded_n] += A[m x k] * W^T; A and C row-major with row strides lda and ldc.
void gemm_accumulate(std::size_t m, const float* a, std::size_t lda, const PackedMatrix& w, float* c,
                     std::size_t ldc);

// C[m x padded_n] = bias + A[m x k] * W^T, bias of padded_n values broadcast to every row: the
// input projection, which thus never reads C.
void gemm_bias(std::size_t m, const float* a, std::size_t lda, const PackedMatrix& w, const float* bias,
               float* c, std::size_t ldc);

// C[m x padded_n] += A^T * W^T with A stored as its transpose, row-major [k x m] with row stride
// lda: a weight's gradient summed over every step at once (A^T = the steps' gate gradients,
// one row a step; W^T = what the weight multiplied, one row a step).
void gemm_accumulate_transposed(std::size_t m, const float* a, std::size_t lda, const PackedMatrix& w,
                                float* c, std::size_t ldc);

}  // namespace recur::kernels

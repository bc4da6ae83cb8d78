#include "recur/kernels/gemm.hpp"

#include <algorithm>

namespace recur::kernels {

PackedMatrix::PackedMatrix(const float* w, std::size_t n, std::size_t k)
    : n_(n), k_(k), data_(padded(n) * k, 0.0f) {
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t p = 0; p < k; ++p)
      data_[(j / panel_width) * k * panel_width + p * panel_width + j % panel_width] = w[j * k + p];
}

PackedMatrix::PackedMatrix(std::size_t n, std::size_t k) : n_(n), k_(k), data_(padded(n) * k) {
  if (n % panel_width != 0)  // the last panel's padding columns, which no row fills
    for (std::size_t p = 0; p < k; ++p)
      std::fill_n(data_.data() + (n / panel_width) * k * panel_width + p * panel_width + n % panel_width,
                  panel_width - n % panel_width, 0.0f);
}

void PackedMatrix::set_transposed_rows(std::size_t first, const float* rows, std::size_t count) {
  // A whole panel's row is two vectors, moved as such: a copy call for 8 floats cost more than
  // the copy (packing a step's hidden states is 32 768 of them).
  const std::size_t whole = n_ - n_ % panel_width;
  for (std::size_t r = 0; r < count; ++r) {
    const float* row = rows + r * n_;
    float* to = data_.data() + (first + r) * panel_width;
    for (std::size_t j0 = 0; j0 < whole; j0 += panel_width)
      for (std::size_t v = 0; v < panel_width; v += lanes)
        vfloat::load_unaligned(row + j0 + v).store_unaligned(to + j0 * k_ + v);
    if (whole < n_) std::copy(row + whole, row + n_, to + whole * k_);
  }
}

namespace {

constexpr std::size_t vectors_per_panel = panel_width / lanes;
// 4 x 2 vectors in wasm (V8 spills wider tiles); 6 x 2 with AVX2's 16 registers.
#if defined(__wasm__)
constexpr std::size_t rows_per_tile = 4;
#else
constexpr std::size_t rows_per_tile = 6;
#endif

// A register tile of R rows x P consecutive panels of C: R*2P accumulators stay in registers
// for the whole k loop; per k it loads one row of each panel of W^T and broadcasts R values
// of A. P = 1 is the main tile (measured in V8, wasm SIMD128 on x86: 4 x 2 runs fastest, about
// 29 GFLOP/s; wider tiles spill); P > 1 serves the last rows, and all of them at batch 1 (a
// matrix-vector product), where one broadcast then feeds 2P multiply-adds instead of 2.
// `b` is the first panel; with `bias` set, the accumulators start from it instead of from C.
// Kept out of line so each tile shape gets its own register allocation.
// With `Transposed`, A is stored as its transpose: a[p * lda + r] is A's row r, column p.
template <std::size_t R, std::size_t P, bool Transposed = false>
__attribute__((noinline)) void tile(std::size_t k, const float* a, std::size_t lda, const float* b,
                                    const float* bias, float* c, std::size_t ldc) {
  constexpr std::size_t V = P * vectors_per_panel;
  const std::size_t panel_stride = k * panel_width;
  vfloat acc[R][V];
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t v = 0; v < V; ++v)
      acc[r][v] = vfloat::load_unaligned(bias ? bias + v * lanes : c + r * ldc + v * lanes);
  for (std::size_t p = 0; p < k; ++p) {
    vfloat bv[V];
    for (std::size_t q = 0; q < P; ++q)
      for (std::size_t v = 0; v < vectors_per_panel; ++v)
        bv[q * vectors_per_panel + v] =
            vfloat::load_unaligned(b + q * panel_stride + p * panel_width + v * lanes);
    for (std::size_t r = 0; r < R; ++r) {
      const vfloat ar(Transposed ? a[p * lda + r] : a[r * lda + p]);
      for (std::size_t v = 0; v < V; ++v) acc[r][v] = xsimd::fma(ar, bv[v], acc[r][v]);
    }
  }
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t v = 0; v < V; ++v) acc[r][v].store_unaligned(c + r * ldc + v * lanes);
}

// The last 1..3 (or 1..5) rows across all panels: four panels at a time for one row, two for
// two, then one panel at a time with a tile of exactly `rows` rows.
void tail_rows(std::size_t rows, std::size_t k, const float* a, std::size_t lda, const PackedMatrix& w,
               const float* bias, float* c, std::size_t ldc) {
  const std::size_t panels = w.padded_n() / panel_width;
  const auto bias_at = [&](std::size_t p) { return bias ? bias + p * panel_width : nullptr; };
  std::size_t p = 0;
  if (rows == 1)
    for (; p + 4 <= panels; p += 4) tile<1, 4>(k, a, lda, w.panel(p), bias_at(p), c + p * panel_width, ldc);
  if (rows == 2)
    for (; p + 2 <= panels; p += 2) tile<2, 2>(k, a, lda, w.panel(p), bias_at(p), c + p * panel_width, ldc);
  using Tile =
      void (*)(std::size_t, const float*, std::size_t, const float*, const float*, float*, std::size_t);
  constexpr Tile tiles[] = {nullptr, tile<1, 1>, tile<2, 1>, tile<3, 1>, tile<4, 1>, tile<5, 1>};
  for (; p < panels; ++p) tiles[rows](k, a, lda, w.panel(p), bias_at(p), c + p * panel_width, ldc);
}

void gemm(std::size_t m, const float* a, std::size_t lda, const PackedMatrix& w, const float* bias, float* c,
          std::size_t ldc) {
  const std::size_t k = w.k();
  // Panels outside, rows inside: one panel of W^T (k x panel_width) stays in L1 while all of A
  // streams past it.
  for (std::size_t p = 0; p * panel_width < w.n(); ++p) {
    const float* b = w.panel(p);
    const float* bp = bias ? bias + p * panel_width : nullptr;
    float* cp = c + p * panel_width;
    for (std::size_t i = 0; i + rows_per_tile <= m; i += rows_per_tile)
      tile<rows_per_tile, 1>(k, a + i * lda, lda, b, bp, cp + i * ldc, ldc);
  }
  const std::size_t done = m - m % rows_per_tile;
  if (done < m) tail_rows(m - done, k, a + done * lda, lda, w, bias, c + done * ldc, ldc);
}

}  // namespace

void gemm_accumulate_transposed(std::size_t m, const float* a, std::size_t lda, const PackedMatrix& w,
                                float* c, std::size_t ldc) {
  // k is every step of every sentence (thousands): blocks of k keep a block of each panel of W^T
  // in L1 and the block of A^T it meets in L2 while all the row tiles pass over them.
  constexpr std::size_t k_block = 256;
  using Tile =
      void (*)(std::size_t, const float*, std::size_t, const float*, const float*, float*, std::size_t);
  constexpr Tile tails[] = {nullptr,          tile<1, 1, true>, tile<2, 1, true>,
                            tile<3, 1, true>, tile<4, 1, true>, tile<5, 1, true>};
  const std::size_t k = w.k(), done = m - m % rows_per_tile;
  for (std::size_t p0 = 0; p0 < k; p0 += k_block) {
    const std::size_t kc = std::min(k_block, k - p0);
    const float* ap = a + p0 * lda;
    for (std::size_t p = 0; p * panel_width < w.n(); ++p) {
      const float* b = w.panel(p) + p0 * panel_width;
      float* cp = c + p * panel_width;
      for (std::size_t i = 0; i < done; i += rows_per_tile)
        tile<rows_per_tile, 1, true>(kc, ap + i, lda, b, nullptr, cp + i * ldc, ldc);
      if (done < m) tails[m - done](kc, ap + done, lda, b, nullptr, cp + done * ldc, ldc);
    }
  }
}

void gemm_accumulate(std::size_t m, const float* a, std::size_t lda, const PackedMatrix& w, float* c,
                     std::size_t ldc) {
  gemm(m, a, lda, w, nullptr, c, ldc);
}

void gemm_bias(std::size_t m, const float* a, std::size_t lda, const PackedMatrix& w, const float* bias,
               float* c, std::size_t ldc) {
  gemm(m, a, lda, w, bias, c, ldc);
}

PackedMatrix packed_rhs(const float* b, std::size_t k, std::size_t n) {
  PackedMatrix w(n, k);
  w.set_transposed_rows(0, b, k);
  return w;
}

}  // namespace recur::kernels

#include "recur/kernels/gemm.hpp"

namespace recur::kernels {
namespace {

constexpr std::size_t vectors_per_panel = panel_width / lanes;
// 4 x 2 vectors in wasm (V8 spills wider tiles); 6 x 2 with AVX2's 16 registers.
#if defined(__wasm__)
constexpr std::size_t rows_per_tile = 4;
#else
constexpr std::size_t rows_per_tile = 6;
#endif

// A register tile of R rows x one panel of C: R*2 accumulators stay in registers for the
// whole k loop; per k it loads one panel row of W^T and broadcasts R values of A. Measured
// in V8 (wasm SIMD128 on x86): 4 x 2 runs fastest (about 29 GFLOP/s); wider tiles spill.
// Kept out of line so each tile size gets its own register allocation.
// With `bias` set, the accumulators start from it instead of from C.
template <std::size_t R>
__attribute__((noinline)) void tile(std::size_t k, const float* a, std::size_t lda, const float* b,
                                    const float* bias, float* c, std::size_t ldc) {
  vfloat acc[R][vectors_per_panel];
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t v = 0; v < vectors_per_panel; ++v)
      acc[r][v] = vfloat::load_unaligned(bias ? bias + v * lanes : c + r * ldc + v * lanes);
  for (std::size_t p = 0; p < k; ++p) {
    vfloat bv[vectors_per_panel];
    for (std::size_t v = 0; v < vectors_per_panel; ++v)
      bv[v] = vfloat::load_unaligned(b + p * panel_width + v * lanes);
    for (std::size_t r = 0; r < R; ++r) {
      const vfloat ar(a[r * lda + p]);
      for (std::size_t v = 0; v < vectors_per_panel; ++v) acc[r][v] = xsimd::fma(ar, bv[v], acc[r][v]);
    }
  }
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t v = 0; v < vectors_per_panel; ++v) acc[r][v].store_unaligned(c + r * ldc + v * lanes);
}

// R rows x P panels at once, for the last rows of C (and all of them when there are fewer
// than a full tile, as with batch 1, where the product is a matrix-vector one): one broadcast
// of A then feeds 2P multiply-adds instead of 2.
template <std::size_t R, std::size_t P>
__attribute__((noinline)) void wide_tile(std::size_t k, const float* a, std::size_t lda,
                                         const PackedMatrix& w, std::size_t panel, const float* bias,
                                         float* c, std::size_t ldc) {
  constexpr std::size_t V = P * vectors_per_panel;
  const std::size_t panel_stride = k * panel_width;
  const float* b = w.panel(panel);
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
      const vfloat ar(a[r * lda + p]);
      for (std::size_t v = 0; v < V; ++v) acc[r][v] = xsimd::fma(ar, bv[v], acc[r][v]);
    }
  }
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t v = 0; v < V; ++v) acc[r][v].store_unaligned(c + r * ldc + v * lanes);
}

// The last 1..3 (or 1..5) rows across all panels: four panels at a time for one row, two for two.
void tail_rows(std::size_t rows, std::size_t k, const float* a, std::size_t lda, const PackedMatrix& w,
               const float* bias, float* c, std::size_t ldc) {
  const std::size_t panels = w.padded_n() / panel_width;
  std::size_t p = 0;
  if (rows == 1)
    for (; p + 4 <= panels; p += 4)
      wide_tile<1, 4>(k, a, lda, w, p, bias ? bias + p * panel_width : nullptr, c + p * panel_width, ldc);
  if (rows == 2)
    for (; p + 2 <= panels; p += 2)
      wide_tile<2, 2>(k, a, lda, w, p, bias ? bias + p * panel_width : nullptr, c + p * panel_width, ldc);
  // The rest one panel at a time, with a tile of exactly `rows` rows.
  using Tile =
      void (*)(std::size_t, const float*, std::size_t, const float*, const float*, float*, std::size_t);
  constexpr Tile tiles[] = {nullptr, tile<1>, tile<2>, tile<3>, tile<4>, tile<5>};
  for (; p < panels; ++p)
    tiles[rows](k, a, lda, w.panel(p), bias ? bias + p * panel_width : nullptr, c + p * panel_width, ldc);
}

}  // namespace

PackedMatrix::PackedMatrix(const float* w, std::size_t n, std::size_t k)
    : n_(n), k_(k), data_(padded(n) * k, 0.0f) {
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t p = 0; p < k; ++p)
      data_[(j / panel_width) * k * panel_width + p * panel_width + j % panel_width] = w[j * k + p];
}

namespace {

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
      tile<rows_per_tile>(k, a + i * lda, lda, b, bp, cp + i * ldc, ldc);
  }
  const std::size_t done = m - m % rows_per_tile;
  if (done < m) tail_rows(m - done, k, a + done * lda, lda, w, bias, c + done * ldc, ldc);
}

}  // namespace

void gemm_accumulate(std::size_t m, const float* a, std::size_t lda, const PackedMatrix& w, float* c,
                     std::size_t ldc) {
  gemm(m, a, lda, w, nullptr, c, ldc);
}

void gemm_bias(std::size_t m, const float* a, std::size_t lda, const PackedMatrix& w, const float* bias,
               float* c, std::size_t ldc) {
  gemm(m, a, lda, w, bias, c, ldc);
}

}  // namespace recur::kernels

#include "recur/kernels/one_hot.hpp"

#include <algorithm>
#include <cmath>

namespace recur::kernels {

std::optional<std::vector<std::int32_t>> one_hot_columns(const float* a, std::size_t rows,
                                                         std::size_t width) {
  // Filled as it goes: most inputs are refused within their first rows (a random x at its first
  // value), and a refusal should not have written a whole list first.
  std::vector<std::int32_t> columns;
  columns.reserve(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    const float* row = a + r * width;
    std::int32_t column = -1;
    for (std::size_t j = 0; j < width; ++j) {
      if (row[j] == 0.0f) continue;
      if (row[j] != 1.0f || column != -1) return std::nullopt;
      column = static_cast<std::int32_t>(j);
    }
    columns.push_back(column);
  }
  return columns;
}

bool all_finite(const PackedMatrix& w) {
  const float* v = w.panel(0);
  return std::all_of(v, v + w.padded_n() * w.k(), [](float x) { return std::isfinite(x); });
}

void one_hot_bias(std::size_t m, const std::int32_t* columns, const PackedMatrix& w, const float* bias,
                  float* c, std::size_t ldc) {
  const std::size_t panels = w.padded_n() / panel_width;
  for (std::size_t r = 0; r < m; ++r) {
    float* out = c + r * ldc;
    if (columns[r] < 0) {
      std::copy_n(bias, w.padded_n(), out);
      continue;
    }
    // Column j of W is row j of W^T: panel_width values in each panel.
    const std::size_t at = static_cast<std::size_t>(columns[r]) * panel_width;
    for (std::size_t p = 0; p < panels; ++p)
      for (std::size_t v = 0; v < panel_width; v += lanes)
        (vfloat::load_unaligned(bias + p * panel_width + v) + vfloat::load_unaligned(w.panel(p) + at + v))
            .store_unaligned(out + p * panel_width + v);
  }
}

bool add_one_hot_gradient(std::size_t rows, const float* a, std::size_t lda, std::size_t n,
                          const std::int32_t* columns, std::size_t k, float* grad) {
  // sums[c] is the sum of A's rows whose 1 is in column c, in order; the rows of zeros go to
  // sums[k], which nothing reads but the finiteness check (the GEMM reads those rows too).
  std::vector<float> sums((k + 1) * n, 0.0f);
  for (std::size_t r = 0; r < rows; ++r) {
    float* s = sums.data() + (columns[r] < 0 ? k : static_cast<std::size_t>(columns[r])) * n;
    const float* row = a + r * lda;
    std::size_t j = 0;
    for (; j + lanes <= n; j += lanes)
      (vfloat::load_unaligned(s + j) + vfloat::load_unaligned(row + j)).store_unaligned(s + j);
    for (; j < n; ++j) s[j] += row[j];
  }
  if (!std::all_of(sums.begin(), sums.end(), [](float x) { return std::isfinite(x); })) return false;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < k; ++c) grad[i * k + c] += sums[c * n + i];
  return true;
}

}  // namespace recur::kernels

#include "recur/digit_image.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "recur/error.hpp"

namespace recur {
namespace {

constexpr std::size_t grid = 28, box = 20;

// Resamples n source cells onto m target cells of equal total length: target cell k covers
// source [k n / m, (k + 1) n / m), and takes the mean of what it covers, weighting the cells it
// covers in part by the part (area averaging: anti-aliased, no cell skipped).
struct Span {
  std::size_t first;
  std::vector<double> weights;
};

std::vector<Span> spans(std::size_t n, std::size_t m) {
  std::vector<Span> out(m);
  const double scale = static_cast<double>(n) / static_cast<double>(m);
  for (std::size_t k = 0; k < m; ++k) {
    const double a = k * scale, b = (k + 1) * scale;
    Span& s = out[k];
    s.first = static_cast<std::size_t>(std::floor(a));
    for (std::size_t j = s.first; j < n && static_cast<double>(j) < b; ++j) {
      const double overlap = std::min(b, j + 1.0) - std::max(a, static_cast<double>(j));
      s.weights.push_back(overlap / scale);
    }
  }
  return out;
}

}  // namespace

Tensor mnist_digit(const std::uint8_t* ink, std::size_t height, std::size_t width) {
  if (height == 0 || width == 0) throw Error("a drawing needs a width and a height of at least 1 pixel");
  Tensor out = xt::zeros<float>({grid, grid});
  std::size_t top = height, bottom = 0, left = width, right = 0;  // the ink's bounding box, inclusive
  for (std::size_t y = 0; y < height; ++y)
    for (std::size_t x = 0; x < width; ++x)
      if (ink[y * width + x] != 0) {
        top = std::min(top, y), bottom = std::max(bottom, y);
        left = std::min(left, x), right = std::max(right, x);
      }
  if (top > bottom) return out;
  const std::size_t h = bottom - top + 1, w = right - left + 1;
  // The longer side becomes 20 pixels, the other keeps the ratio (at least 1 pixel).
  const double scale = static_cast<double>(box) / static_cast<double>(std::max(h, w));
  const std::size_t oh = std::clamp<std::size_t>(static_cast<std::size_t>(std::lround(h * scale)), 1, box);
  const std::size_t ow = std::clamp<std::size_t>(static_cast<std::size_t>(std::lround(w * scale)), 1, box);
  const auto rows = spans(h, oh), cols = spans(w, ow);
  // Columns first (h x ow), then rows (oh x ow), in double.
  std::vector<double> narrow(h * ow, 0.0), small(oh * ow, 0.0);
  for (std::size_t y = 0; y < h; ++y)
    for (std::size_t k = 0; k < ow; ++k) {
      double sum = 0;
      for (std::size_t j = 0; j < cols[k].weights.size(); ++j)
        sum += cols[k].weights[j] * ink[(top + y) * width + left + cols[k].first + j];
      narrow[y * ow + k] = sum / 255.0;
    }
  double mass = 0, cy = 0, cx = 0;
  for (std::size_t k = 0; k < oh; ++k)
    for (std::size_t x = 0; x < ow; ++x) {
      double sum = 0;
      for (std::size_t j = 0; j < rows[k].weights.size(); ++j)
        sum += rows[k].weights[j] * narrow[(rows[k].first + j) * ow + x];
      small[k * ow + x] = sum;
      mass += sum, cy += sum * (k + 0.5), cx += sum * (x + 0.5);
    }
  // The centre of mass (pixel centres at +0.5) moved to the grid's centre, 14, by a whole-pixel
  // shift that keeps the 20x20 box inside the grid.
  const auto offset = [&](double centre, std::size_t size) {
    const long at = std::lround(grid / 2.0 - centre / mass);
    return static_cast<std::size_t>(std::clamp<long>(at, 0, static_cast<long>(grid - size)));
  };
  const std::size_t oy = offset(cy, oh), ox = offset(cx, ow);
  for (std::size_t y = 0; y < oh; ++y)
    for (std::size_t x = 0; x < ow; ++x)
      out(oy + y, ox + x) = static_cast<float>(std::min(1.0, small[y * ow + x]));
  return out;
}

}  // namespace recur

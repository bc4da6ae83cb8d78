#pragma once
// Tensors are float32, row-major, of any rank: PyTorch's default layout, so a state_dict
// entry or a forward result maps onto {data, shape} without reordering.

#include <cstddef>
#include <vector>
#include <xtensor/xarray.hpp>

namespace recur {

using Tensor = xt::xarray<float>;
using Shape = std::vector<std::size_t>;

inline Shape shape_of(const Tensor& t) {
  return Shape(t.shape().begin(), t.shape().end());
}

}  // namespace recur

#include "recur/tensor.hpp"

#include <doctest/doctest.h>

#include <type_traits>

using recur::Shape;
using recur::Tensor;

TEST_CASE("a Tensor is float32, row-major, with PyTorch's contiguous strides") {
  static_assert(std::is_same_v<Tensor::value_type, float>);
  const Tensor t = Tensor::from_shape({2, 3, 4});
  CHECK(t.layout() == xt::layout_type::row_major);
  // torch.empty(2, 3, 4).stride() == (12, 4, 1)
  CHECK(Shape(t.strides().begin(), t.strides().end()) == Shape{12, 4, 1});
}

TEST_CASE("element [i, j, k] sits at i*J*K + j*K + k, so {data, shape} maps without reordering") {
  Tensor t = Tensor::from_shape({2, 3, 4});
  for (std::size_t n = 0; n < t.size(); ++n) t.data()[n] = float(n);
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t j = 0; j < 3; ++j)
      for (std::size_t k = 0; k < 4; ++k) CHECK(t(i, j, k) == float(i * 12 + j * 4 + k));
  // A reshape is PyTorch's view of the same flat data: t.view(6, 4)[4, 1] is t[1, 1, 1].
  t.reshape({6, 4});
  CHECK(t(4, 1) == float(1 * 12 + 1 * 4 + 1));
}

TEST_CASE("shape_of gives the sizes in order, for every rank PyTorch allows, empty ones included") {
  CHECK(recur::shape_of(Tensor::from_shape({})) == Shape{});
  CHECK(recur::shape_of(Tensor::from_shape({5})) == Shape{5});
  CHECK(recur::shape_of(Tensor::from_shape({128, 28, 64})) == Shape{128, 28, 64});
  CHECK(recur::shape_of(Tensor::from_shape({2, 0, 3})) == Shape{2, 0, 3});
  CHECK(Tensor::from_shape({}).size() == 1);  // a 0-d tensor holds one value, as torch.tensor(1.)
  CHECK(Tensor::from_shape({2, 0, 3}).size() == 0);
}

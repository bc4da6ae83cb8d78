#pragma once
// Text for shapes, the way PyTorch prints them.

#include <string>

#include "recur/tensor.hpp"

namespace recur {

// "[6, 3, 4]", as in PyTorch's error messages.
std::string format_dims(const Shape& shape);

// "torch.Size([6, 3, 4])", as print(t.shape) shows it.
std::string format_shape(const Shape& shape);

}  // namespace recur

#pragma once
// Text for shapes and tensors, exactly the way PyTorch prints them.

#include <string>

#include "recur/tensor.hpp"

namespace recur {

// "[6, 3, 4]", as in PyTorch's error messages.
std::string format_dims(const Shape& shape);

// "torch.Size([6, 3, 4])", as print(t.shape) shows it.
std::string format_shape(const Shape& shape);

// str(t) for a float32 tensor with PyTorch's default print options (torch/_tensor_str.py:
// precision 4, threshold 1000 elements before summarizing with 3 edge items, line width 80):
// "tensor([[ 0.1120, -0.1544], ...])", switching to scientific notation or integer style
// ("1.") by PyTorch's rules, and right-aligning every element to the widest.
std::string format_tensor(const Tensor& t);

}  // namespace recur

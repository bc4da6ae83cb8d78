#include "recur/format.hpp"

namespace recur {

std::string format_dims(const Shape& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

std::string format_shape(const Shape& shape) { return "torch.Size(" + format_dims(shape) + ")"; }

}  // namespace recur

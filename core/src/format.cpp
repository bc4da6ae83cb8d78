#include "recur/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace recur {
namespace {

// PyTorch's default print options.
constexpr std::size_t precision = 4, threshold = 1000, edgeitems = 3, linewidth = 80;

std::string printf_string(const char* format, int digits, double v) {
  char buffer[512];  // %.0f of the largest float has 39 digits
  std::snprintf(buffer, sizeof buffer, format, digits, v);
  return buffer;
}

// Python's '{:.4f}' / '{:.4e}' / '{:.0f}' (precision 4) of a float, with Python's spelling of non-finite
// values.
std::string python_format(double v, char style) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  const int digits = style == 'i' ? 0 : static_cast<int>(precision);
  return printf_string(style == 'e' ? "%.*e" : "%.*f", digits, v);
}

// torch._tensor_str._Formatter: decides the style and the width from the (summarized) values.
class Formatter {
 public:
  explicit Formatter(const std::vector<float>& values) {
    std::vector<double> finite;
    for (float v : values)
      if (std::isfinite(v) && v != 0.0f) finite.push_back(v);
    if (finite.empty()) return;
    double lo = INFINITY, hi = 0;
    for (double v : finite) {
      lo = std::min(lo, std::fabs(v));
      hi = std::max(hi, std::fabs(v));
      int_mode_ = int_mode_ && v == std::ceil(v);
    }
    if (int_mode_) {
      sci_mode_ = hi / lo > 1000.0 || hi > 1e8;
      for (double v : finite)
        width_ = std::max(width_, python_format(v, sci_mode_ ? 'e' : 'i').size() + (sci_mode_ ? 0 : 1));
    } else {
      sci_mode_ = hi / lo > 1000.0 || hi > 1e8 || lo < 1e-4;
      for (double v : finite) width_ = std::max(width_, python_format(v, sci_mode_ ? 'e' : 'f').size());
    }
  }

  std::size_t width() const { return width_; }

  std::string format(float value) const {
    const double v = value;
    std::string s;
    if (sci_mode_) {
      s = python_format(v, 'e');
    } else if (int_mode_) {
      s = python_format(v, 'i');
      if (std::isfinite(v)) s += '.';
    } else {
      s = python_format(v, 'f');
    }
    return s.size() < width_ ? std::string(width_ - s.size(), ' ') + s : s;
  }

 private:
  bool int_mode_ = true, sci_mode_ = false;
  std::size_t width_ = 1;
};

// A row-major view of a sub-tensor: its data and shape.
struct View {
  const float* data;
  Shape shape;
  std::size_t size() const {
    std::size_t n = 1;
    for (auto d : shape) n *= d;
    return n;
  }
  View operator[](std::size_t i) const {
    View sub{data, Shape(shape.begin() + 1, shape.end())};
    sub.data += i * sub.size();
    return sub;
  }
};

// get_summarized_data: the values the formatter measures when the tensor is summarized.
void summarized_values(const View& v, bool summarize, std::vector<float>& out) {
  if (v.shape.empty()) {
    out.push_back(*v.data);
    return;
  }
  const std::size_t n = v.shape[0];
  const bool cut = summarize && n > 2 * edgeitems;
  for (std::size_t i = 0; i < n; ++i) {
    if (cut && i == edgeitems) i = n - edgeitems;
    if (v.shape.size() == 1)
      out.push_back(v.data[i]);
    else
      summarized_values(v[i], summarize, out);
  }
}

std::string vector_str(const View& v, std::size_t indent, bool summarize, const Formatter& f) {
  const std::size_t element_length = f.width() + 2;
  const std::size_t per_line =
      std::max<std::size_t>(1, (linewidth - std::min(linewidth, indent)) / element_length);
  std::vector<std::string> data;
  const std::size_t n = v.shape[0];
  if (summarize && n > 2 * edgeitems) {
    for (std::size_t i = 0; i < edgeitems; ++i) data.push_back(f.format(v.data[i]));
    data.push_back(" ...");
    for (std::size_t i = n - edgeitems; i < n; ++i) data.push_back(f.format(v.data[i]));
  } else {
    for (std::size_t i = 0; i < n; ++i) data.push_back(f.format(v.data[i]));
  }
  std::string s = "[";
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (i) s += i % per_line == 0 ? ",\n" + std::string(indent + 1, ' ') : ", ";
    s += data[i];
  }
  return s + "]";
}

std::string tensor_str(const View& v, std::size_t indent, bool summarize, const Formatter& f) {
  const std::size_t dim = v.shape.size();
  if (dim == 0) return f.format(*v.data);
  if (dim == 1) return vector_str(v, indent, summarize, f);
  std::vector<std::string> slices;
  const std::size_t n = v.shape[0];
  for (std::size_t i = 0; i < n; ++i) {
    if (summarize && n > 2 * edgeitems && i == edgeitems) {
      slices.push_back("...");
      i = n - edgeitems;
    }
    slices.push_back(tensor_str(v[i], indent + 1, summarize, f));
  }
  const std::string separator = "," + std::string(dim - 1, '\n') + std::string(indent + 1, ' ');
  std::string s = "[";
  for (std::size_t i = 0; i < slices.size(); ++i) s += (i ? separator : "") + slices[i];
  return s + "]";
}

}  // namespace

std::string format_dims(const Shape& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

std::string format_shape(const Shape& shape) {
  return "torch.Size(" + format_dims(shape) + ")";
}

std::string format_tensor(const Tensor& t) {
  const View view{t.data(), shape_of(t)};
  if (view.size() == 0) {
    if (view.shape.size() == 1) return "tensor([])";
    std::string dims;
    for (std::size_t i = 0; i < view.shape.size(); ++i)
      dims += (i ? ", " : "") + std::to_string(view.shape[i]);
    return "tensor([], size=(" + dims + "))";
  }
  const bool summarize = view.size() > threshold;
  std::vector<float> values;
  summarized_values(view, summarize, values);
  const Formatter formatter(values);
  return "tensor(" + tensor_str(view, 7, summarize, formatter) + ")";
}

}  // namespace recur

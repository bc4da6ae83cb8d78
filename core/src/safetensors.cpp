#include "recur/safetensors.hpp"

#include <cstring>
#include <string>

#include "recur/config.hpp"
#include "recur/error.hpp"
#include "recur/format.hpp"

namespace recur {
namespace {

// A strict reader for the header's small JSON dialect: objects, strings, arrays of integers.
class Header {
 public:
  explicit Header(const std::string& text) : s_(text) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw Error("safetensors header: " + what + " at byte " + std::to_string(i_ + 8));
  }
  void space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  bool eat(char c) {
    space();
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }
  std::string string() {
    expect('"');
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') {
        if (++i_ >= s_.size()) break;
        const char e = s_[i_];
        if (e == 'u') fail("\\u escapes are not supported in names");
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      } else {
        out += s_[i_];
      }
      ++i_;
    }
    if (i_ >= s_.size()) fail("unterminated string");
    ++i_;
    return out;
  }
  std::uint64_t integer() {
    space();
    const std::size_t start = i_;
    std::uint64_t v = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
      if (v > (std::uint64_t{1} << 52)) fail("number too large");
      v = v * 10 + static_cast<std::uint64_t>(s_[i_++] - '0');
    }
    if (i_ == start) fail("expected a non-negative integer");
    return v;
  }
  std::vector<std::uint64_t> integers() {
    std::vector<std::uint64_t> out;
    expect('[');
    if (eat(']')) return out;
    do {
      out.push_back(integer());
      if (out.size() > 8) fail("more than 8 numbers in an array");
    } while (eat(','));
    expect(']');
    return out;
  }
  // Skips a value of __metadata__ (an object of strings).
  void skip_metadata() {
    expect('{');
    if (eat('}')) return;
    do {
      string();
      expect(':');
      string();
    } while (eat(','));
    expect('}');
  }
  bool done() {
    space();
    return i_ == s_.size();
  }

 private:
  const std::string& s_;
  std::size_t i_ = 0;
};

struct Entry {
  std::string name, dtype;
  Shape shape;
  std::uint64_t begin = 0, end = 0;
};

std::uint16_t load16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

}  // namespace

float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = (h & 0x8000u) << 16, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ffu;
  std::uint32_t bits;
  if (exponent == 0x1f) {
    bits = sign | 0x7f800000u | (mantissa << 13);  // inf, NaN
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;  // +-0
  } else {
    // Subnormal half: normalize it into a float32 normal.
    std::uint32_t e = 113, m = mantissa;
    while ((m & 0x400u) == 0) {
      m <<= 1;
      --e;
    }
    bits = sign | (e << 23) | ((m & 0x3ffu) << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

float bfloat16_to_float(std::uint16_t b) {
  const std::uint32_t bits = std::uint32_t{b} << 16;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

StateDict read_safetensors(const std::uint8_t* bytes, std::size_t size) {
  if (size < 8)
    throw Error("safetensors: the file has " + std::to_string(size) +
                " bytes, fewer than the 8 of its header length");
  std::uint64_t n = 0;
  for (int k = 7; k >= 0; --k) n = (n << 8) | bytes[k];
  if (n > max_safetensors_header)
    throw Error("safetensors: header length " + std::to_string(n) +
                " is more than the format's maximum 100000000");
  if (n > size - 8)
    throw Error("safetensors: header length " + std::to_string(n) + " runs past the end of the file (" +
                std::to_string(size) + " bytes)");
  const std::string text(reinterpret_cast<const char*>(bytes) + 8, n);
  const std::uint64_t data_size = size - 8 - n;
  const std::uint8_t* data = bytes + 8 + n;

  Header h(text);
  std::vector<Entry> entries;
  h.expect('{');
  if (!h.eat('}')) {
    do {
      const std::string name = h.string();
      h.expect(':');
      if (name == "__metadata__") {
        h.skip_metadata();
        continue;
      }
      Entry e;
      e.name = name;
      bool has_dtype = false, has_shape = false, has_offsets = false;
      h.expect('{');
      do {
        const std::string key = h.string();
        h.expect(':');
        if (key == "dtype") {
          e.dtype = h.string();
          has_dtype = true;
        } else if (key == "shape") {
          for (std::uint64_t d : h.integers()) e.shape.push_back(static_cast<std::size_t>(d));
          has_shape = true;
        } else if (key == "data_offsets") {
          const auto o = h.integers();
          if (o.size() != 2) h.fail("data_offsets of '" + name + "' must be [begin, end]");
          e.begin = o[0];
          e.end = o[1];
          has_offsets = true;
        } else {
          h.fail("unknown field '" + key + "' in '" + name + "'");
        }
      } while (h.eat(','));
      h.expect('}');
      if (!has_dtype || !has_shape || !has_offsets)
        h.fail("'" + name + "' needs dtype, shape and data_offsets");
      entries.push_back(std::move(e));
    } while (h.eat(','));
    h.expect('}');
  }
  if (!h.done()) h.fail("text after the header's object");

  StateDict out;
  for (const Entry& e : entries) {
    const std::size_t width = e.dtype == "F32" ? 4 : (e.dtype == "F16" || e.dtype == "BF16") ? 2 : 0;
    if (width == 0)
      throw Error("safetensors: '" + e.name + "' has dtype " + e.dtype + "; Recur reads F32, F16 and BF16");
    std::uint64_t count = 1;
    for (std::size_t d : e.shape) {
      count *= d;
      if (count > max_tensor_elements)
        throw Error("safetensors: '" + e.name + "' of shape " + format_dims(e.shape) +
                    " has more than the maximum " + std::to_string(max_tensor_elements) + " elements");
    }
    if (e.end < e.begin || e.end > data_size)
      throw Error("safetensors: '" + e.name + "' has data_offsets [" + std::to_string(e.begin) + ", " +
                  std::to_string(e.end) + "] outside the " + std::to_string(data_size) + " data bytes");
    if (e.end - e.begin != count * width)
      throw Error("safetensors: '" + e.name + "' is " + e.dtype + " of shape " + format_dims(e.shape) + ", " +
                  std::to_string(count * width) + " bytes, but its data_offsets span " +
                  std::to_string(e.end - e.begin));
    Tensor t = Tensor::from_shape(e.shape);
    const std::uint8_t* p = data + e.begin;
    for (std::size_t k = 0; k < count; ++k) {
      if (width == 4) {
        std::uint32_t bits = 0;
        for (int b = 3; b >= 0; --b) bits = (bits << 8) | p[4 * k + b];
        std::memcpy(t.data() + k, &bits, 4);
      } else {
        const std::uint16_t bits = load16(p + 2 * k);
        t.data()[k] = e.dtype == "F16" ? half_to_float(bits) : bfloat16_to_float(bits);
      }
    }
    out.push_back({e.name, std::move(t)});
  }
  return out;
}

std::vector<std::uint8_t> write_safetensors(const StateDict& dict) {
  std::string header = "{";
  std::uint64_t offset = 0;
  for (const auto& p : dict) {
    if (p.name.find_first_of("\"\\") != std::string::npos)
      throw Error("safetensors: cannot write the name '" + p.name + "'");
    std::string shape;
    for (std::size_t d : p.value.shape()) shape += (shape.empty() ? "" : ",") + std::to_string(d);
    const std::uint64_t bytes = std::uint64_t{p.value.size()} * 4;
    header += (header.size() > 1 ? "," : "") + std::string("\"") + p.name +
              "\":{\"dtype\":\"F32\",\"shape\":[" + shape + "],\"data_offsets\":[" + std::to_string(offset) +
              "," + std::to_string(offset + bytes) + "]}";
    offset += bytes;
  }
  header += "}";
  header.append((8 - header.size() % 8) % 8, ' ');  // the data starts 8-byte aligned
  std::vector<std::uint8_t> out(8 + header.size() + offset);
  const std::uint64_t n = header.size();
  for (int k = 0; k < 8; ++k) out[k] = static_cast<std::uint8_t>(n >> (8 * k));
  std::memcpy(out.data() + 8, header.data(), header.size());
  std::uint8_t* data = out.data() + 8 + header.size();
  for (const auto& p : dict)
    for (float v : p.value) {
      std::uint32_t bits;
      std::memcpy(&bits, &v, 4);
      for (int b = 0; b < 4; ++b) *data++ = static_cast<std::uint8_t>(bits >> (8 * b));
    }
  return out;
}

}  // namespace recur

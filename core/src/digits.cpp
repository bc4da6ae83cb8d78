#include "recur/digits.hpp"

#include <cstring>
#include <string>
#include <vector>

#include "recur/error.hpp"

namespace recur {
namespace {

std::uint32_t u32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
         std::uint32_t(p[3]) << 24;
}

}  // namespace

DigitsFile read_digits(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t header = 16;
  if (size < header || std::memcmp(data, "RDG1", 4) != 0)
    throw Error("not a digits file: it does not start with 'RDG1' and a 16-byte header");
  const std::size_t count = u32(data + 4), train = u32(data + 8), rows = data[12], cols = data[13];
  if (rows == 0 || cols == 0) throw Error("digits file: rows and cols (bytes 12, 13) must be at least 1");
  if (train > count)
    throw Error("digits file: train (" + std::to_string(train) + ") is more than count (" +
                std::to_string(count) + ")");
  const std::size_t pixels = count * rows * cols;
  if (size != header + count + pixels)
    throw Error("digits file: " + std::to_string(count) + " digits of " + std::to_string(rows) + "x" +
                std::to_string(cols) + " need " + std::to_string(header + count + pixels) +
                " bytes, the file has " + std::to_string(size));
  std::vector<std::int32_t> labels(count);
  for (std::size_t i = 0; i < count; ++i) {
    labels[i] = data[header + i];
    if (labels[i] > 9)
      throw Error("digits file: digit " + std::to_string(i) + " (byte " + std::to_string(header + i) +
                  ") has label " + std::to_string(labels[i]) + ", not 0..9");
  }
  std::vector<std::uint8_t> bytes(data + header + count, data + size);
  return {Dataset(std::move(bytes), std::move(labels), rows, cols), train};
}

}  // namespace recur

#pragma once
// The digits file tools/make_digits.mjs writes (dist/digits.bin: MNIST digits as uint8, README
// "The digits (MNIST)"), little-endian:
//   'RDG1', uint32 count, uint32 train, uint8 rows, uint8 cols, 2 zero bytes,
//   count labels (uint8, 0..9), count * rows * cols pixels (uint8, row-major).
// Digits [0, train) are the training set, [train, count) the test set.

#include <cstddef>
#include <cstdint>

#include "recur/dataset.hpp"

namespace recur {

struct DigitsFile {
  Dataset digits;     // every digit, a row a time step: seq_len = rows, input_size = cols
  std::size_t train;  // how many of them, from the first, are the training set
};

// Throws recur::Error saying what is wrong (magic, sizes, a label past 9) and at which byte.
DigitsFile read_digits(const std::uint8_t* data, std::size_t size);

}  // namespace recur

#pragma once
// A drawn digit made to look like an MNIST digit, as MNIST's were made from NIST's: the ink's
// bounding box scaled (keeping its aspect ratio) so its longer side is 20 pixels, anti-aliased
// by averaging the area each new pixel covers, then placed in a 28x28 grid so that its centre
// of mass falls on the grid's centre. A model trained on MNIST then reads a drawn digit as it
// reads the test digits.

#include <cstddef>
#include <cstdint>

#include "recur/tensor.hpp"

namespace recur {

// ink: height * width bytes, row-major, 0 = paper, 255 = full ink (a canvas's alpha channel).
// Returns [28, 28] in [0, 1]; all zeros when there is no ink.
Tensor mnist_digit(const std::uint8_t* ink, std::size_t height, std::size_t width);

}  // namespace recur

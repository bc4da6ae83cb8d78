// A drawn digit made to look like an MNIST digit (digit_image.hpp): the ink's box scaled to 20
// pixels and centred by its centre of mass in 28 x 28. Hand values, no PyTorch fixture: MNIST's
// preprocessing is not a torch function, so the cases are shapes whose result follows from the
// geometry (a solid block, lines that do not divide evenly, no ink).
#include "recur/digit_image.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "recur/error.hpp"

using namespace recur;

TEST_CASE("mnist_digit: the ink's box scaled to 20 pixels and centred by its centre of mass") {
  // A solid 100 x 50 block (rows x columns) in a corner of a 280 x 280 pad: 20 x 10 of full ink,
  // its centre of mass moved to (14, 14): rows 4..23, columns 9..18.
  std::vector<std::uint8_t> pad(280 * 280, 0);
  for (std::size_t y = 3; y < 103; ++y)
    for (std::size_t x = 200; x < 250; ++x) pad[y * 280 + x] = 255;
  const Tensor d = mnist_digit(pad.data(), 280, 280);
  CHECK(shape_of(d) == Shape{28, 28});
  for (std::size_t y = 0; y < 28; ++y)
    for (std::size_t x = 0; x < 28; ++x) {
      CAPTURE(y);
      CAPTURE(x);
      CHECK(d(y, x) == ((y >= 4 && y < 24 && x >= 9 && x < 19) ? 1.0f : 0.0f));
    }
  // A box that does not divide evenly: 30 pixels onto 20, each new pixel averaging 1.5 old ones,
  // so a one-pixel line keeps 2/3 of its ink in its new pixel (anti-aliased, not dropped) and the
  // total ink scales with the area. Lines at columns 0, 15, 29 land on columns 0, 10, 19 of the
  // 20x20 box, whose centre of mass (10.17, 10) moves it 4 right and 4 down.
  std::vector<std::uint8_t> line(30 * 30, 0);
  for (std::size_t y = 0; y < 30; ++y) line[y * 30] = line[y * 30 + 15] = line[y * 30 + 29] = 255;
  const Tensor l = mnist_digit(line.data(), 30, 30);
  CHECK(l(14, 4) == doctest::Approx(2.0 / 3.0));
  CHECK(l(4, 14) == doctest::Approx(2.0 / 3.0));
  CHECK(l(23, 23) == doctest::Approx(2.0 / 3.0));
  CHECK(l(14, 5) == 0.0f);
  float ink = 0;
  for (float v : l) ink += v;
  CHECK(ink == doctest::Approx(3 * 30 * (20.0 / 30.0) * (20.0 / 30.0)).epsilon(1e-5));    // area is conserved
  CHECK(xt::amax(mnist_digit(std::vector<std::uint8_t>(16, 0).data(), 4, 4))() == 0.0f);  // no ink: blank
  CHECK_THROWS_AS(mnist_digit(pad.data(), 0, 10), Error);
}

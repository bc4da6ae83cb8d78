// Mini-batches of a Dataset (dataset.hpp) on the digits fixture (tests/fixtures/digits/subset.bin,
// MNIST's first 256 training digits): x is byte / 255 in either layout, PyTorch's
// `pixels.float() / 255` checked by hand against the dataset's own bytes, the labels in the same
// order, and what it refuses.
#include "recur/dataset.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "fixture.hpp"
#include "recur/error.hpp"

using namespace recur;

TEST_CASE("dataset: batches are byte / 255 in either layout, their labels in the same order") {
  const DigitsFile file = fixture::digits_subset();
  const Tensor bf = file.digits.batch({5, 0});
  CHECK(shape_of(bf) == Shape{2, 28, 28});
  const Tensor sf = file.digits.batch({5, 0}, false);
  CHECK(shape_of(sf) == Shape{28, 2, 28});
  float largest = 0;
  for (std::size_t t = 0; t < 28; ++t)
    for (std::size_t i = 0; i < 28; ++i) {
      const std::uint8_t byte = file.digits.bytes()[5 * 784 + t * 28 + i];
      CHECK(bf(0, t, i) == static_cast<float>(byte) / 255.0f);
      CHECK(bf(1, t, i) == static_cast<float>(file.digits.bytes()[t * 28 + i]) / 255.0f);  // digit 0
      CHECK(sf(t, 0, i) == bf(0, t, i));
      CHECK(sf(t, 1, i) == bf(1, t, i));
      largest = std::max(largest, bf(0, t, i));
    }
  CHECK(largest == 1.0f);  // MNIST's strokes reach 255
  CHECK(file.digits.batch_labels({5, 0}) ==
        std::vector<std::int32_t>{file.digits.labels()[5], file.digits.labels()[0]});
  CHECK_THROWS_WITH_AS(file.digits.batch({256}),
                       doctest::Contains("sample index 256 is past the dataset's 256"), Error);
}

TEST_CASE("dataset: bytes that do not fill the samples are refused") {
  CHECK_THROWS_WITH_AS(Dataset({1, 2, 3}, {0}, 2, 2), doctest::Contains("needs 4 bytes, got 3"), Error);
}

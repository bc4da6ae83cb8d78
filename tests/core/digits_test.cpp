// The digits file (digits.hpp, tools/make_digits.mjs's format): read_digits on the fixture's
// subset (tests/fixtures/digits/subset.bin, MNIST's first 256 training digits, written by
// tools/make_digits_fixtures.py) against the file's own bytes, and a damaged file refused with
// what is wrong. Batches of the digits: dataset_test.cpp; training on them: trainer_test.cpp.
#include "recur/digits.hpp"

#include <doctest/doctest.h>

#include "fixture.hpp"
#include "recur/error.hpp"

using namespace recur;

TEST_CASE("digits: the file's header, labels and pixels") {
  const auto bytes = fixture::bytes("digits/subset.bin");
  const DigitsFile file = read_digits(bytes.data(), bytes.size());
  CHECK(file.digits.size() == 256);
  CHECK(file.train == 192);
  CHECK(file.digits.seq_len() == 28);
  CHECK(file.digits.input_size() == 28);
  // After the 16-byte header: the 256 labels, then the 256 x 28 x 28 pixels, kept as they are.
  CHECK(file.digits.labels() == std::vector<std::int32_t>(bytes.begin() + 16, bytes.begin() + 16 + 256));
  CHECK(file.digits.bytes() == std::vector<std::uint8_t>(bytes.begin() + 16 + 256, bytes.end()));
}

TEST_CASE("digits: a damaged file is refused with what is wrong") {
  auto bytes = fixture::bytes("digits/subset.bin");
  CHECK_THROWS_WITH_AS(read_digits(bytes.data(), 10), doctest::Contains("'RDG1'"), Error);
  CHECK_THROWS_WITH_AS(read_digits(bytes.data(), bytes.size() - 1), doctest::Contains("the file has"), Error);
  bytes[16 + 3] = 12;
  CHECK_THROWS_WITH_AS(read_digits(bytes.data(), bytes.size()),
                       doctest::Contains("digit 3 (byte 19) has label 12"), Error);
  bytes[16 + 3] = 1;
  bytes[9] = 0xFF;  // train = 65 472 of 256
  CHECK_THROWS_WITH_AS(read_digits(bytes.data(), bytes.size()), doctest::Contains("is more than count"),
                       Error);
}

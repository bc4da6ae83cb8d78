// torch.randperm (randperm.hpp) against PyTorch (tests/fixtures/digits/order.json,
// tools/make_digits_fixtures.py): the page's batch order over the 8000 training digits, epochs 0
// and 1 with seed 0, element for element; a generator running on across calls; empty and
// one-element orders.
#include "recur/randperm.hpp"

#include <doctest/doctest.h>

#include "fixture.hpp"

using namespace recur;

TEST_CASE("randperm: torch.randperm(8000, generator=g) of the first two epochs, element for element") {
  const fixture::Json j = fixture::read("digits/order.json");
  const auto n = static_cast<std::size_t>(j["n"].number);
  REQUIRE(j["epochs"].items.size() == 2);
  for (std::size_t e = 0; e < 2; ++e) {
    CAPTURE(e);
    CHECK(epoch_order(n, 0, e) == fixture::indices(j["epochs"].items[e]));
  }
  TorchGenerator g(0);
  const auto first = randperm(n, g), second = randperm(n, g);  // a generator runs on across calls
  CHECK(first == epoch_order(n, 0, 0));
  CHECK(second == epoch_order(n, 0, 1));
  CHECK(epoch_order(0, 0, 3).empty());
  CHECK(epoch_order(1, 7, 3) == std::vector<std::size_t>{0});
}

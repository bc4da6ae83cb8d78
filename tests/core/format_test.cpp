#include <doctest/doctest.h>

#include "recur/format.hpp"

TEST_CASE("shapes print as PyTorch prints them") {
  CHECK(recur::format_shape({6, 3, 4}) == "torch.Size([6, 3, 4])");
  CHECK(recur::format_shape({128, 28, 64}) == "torch.Size([128, 28, 64])");
  CHECK(recur::format_shape({}) == "torch.Size([])");
  CHECK(recur::format_dims({2, 6, 4}) == "[2, 6, 4]");
}

#include "recur/format.hpp"

#include <doctest/doctest.h>

#include "fixture.hpp"

TEST_CASE("shapes print as PyTorch prints them") {
  CHECK(recur::format_shape({6, 3, 4}) == "torch.Size([6, 3, 4])");
  CHECK(recur::format_shape({128, 28, 64}) == "torch.Size([128, 28, 64])");
  CHECK(recur::format_shape({}) == "torch.Size([])");
  CHECK(recur::format_dims({2, 6, 4}) == "[2, 6, 4]");
}

TEST_CASE("tensors print exactly as PyTorch's str(t), in every style") {
  const auto cases = fixture::read("print/printed.json");
  REQUIRE(cases.items.size() >= 10);
  for (const auto& c : cases.items) {
    CAPTURE(c["name"].string);
    recur::Tensor t;
    if (c.fields.count("formula_shape")) {
      const auto& s = c["formula_shape"].numbers;
      t = fixture::formula_x(static_cast<std::size_t>(s.size() == 3 ? s[0] : 1),
                             static_cast<std::size_t>(s[s.size() - 2]), static_cast<std::size_t>(s.back()));
      if (s.size() == 2) t.reshape({static_cast<std::size_t>(s[0]), static_cast<std::size_t>(s[1])});
    } else {
      t = fixture::tensor(c["tensor"]);
    }
    CHECK(recur::format_tensor(t) == c["text"].string);
  }
}

TEST_CASE("small and empty tensors") {
  const recur::Tensor h = xt::xarray<float>({{{0.5f, -0.25f}}});
  CHECK(recur::format_tensor(h) == "tensor([[[ 0.5000, -0.2500]]])");
  const recur::Tensor empty = recur::Tensor::from_shape({0});
  CHECK(recur::format_tensor(empty) == "tensor([])");
}

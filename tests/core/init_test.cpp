#include "recur/init.hpp"

#include <doctest/doctest.h>

#include "fixture.hpp"
#include "recur/model.hpp"

using namespace recur;

TEST_CASE("TorchGenerator draws what torch.manual_seed(0); nn.LSTM(3, 4) draws first") {
  // torch.manual_seed(0); nn.LSTM(3, 4).weight_ih_l0[0] (PyTorch 1.13)
  TorchGenerator generator(0);
  const float bound = init_bound(4);
  CHECK(bound == 0.5f);
  CHECK(generator.uniform(-bound, bound) == -0.003743410110473633f);
  CHECK(generator.uniform(-bound, bound) == 0.26822179555892944f);
  CHECK(generator.uniform(-bound, bound) == -0.4115225672721863f);
}

TEST_CASE("init_bound is 1/sqrt(hidden_size) rounded once to float") {
  CHECK(init_bound(1) == 1.0f);
  CHECK(init_bound(64) == 0.125f);
  CHECK(init_bound(3) == static_cast<float>(1.0 / std::sqrt(3.0)));
}

TEST_CASE("seeded weights equal PyTorch's for every fixture, bit for bit") {
  int compared = 0;
  for (const auto& name : fixture::case_names()) {
    const auto c = fixture::load(name);
    if (!c.has_state_dict || c.weights_modified) continue;
    CAPTURE(name);
    const Model model(c.config, c.seed);
    REQUIRE(model.state_dict().size() == c.state_dict.size());
    for (const auto& p : model.state_dict()) {
      CAPTURE(p.name);
      const auto it = std::find_if(c.state_dict.begin(), c.state_dict.end(),
                                   [&](const Parameter& q) { return q.name == p.name; });
      REQUIRE(it != c.state_dict.end());
      CHECK(p.value == it->value);
      ++compared;
    }
  }
  CHECK(compared >= 20);
}

TEST_CASE("rand is torch.manual_seed(s); torch.rand(shape), bit for bit") {
  int compared = 0;
  for (const auto& name : fixture::case_names()) {
    const auto c = fixture::load(name);
    if (!c.x_rand_seed) continue;
    CAPTURE(name);
    const Tensor x = rand(shape_of(c.x), *c.x_rand_seed);
    const std::size_t n = x.size();
    for (std::size_t k = 0; k < 16; ++k) {
      CHECK(x.data()[k] == c.x_first(k));
      CHECK(x.data()[n - 16 + k] == c.x_last(k));
      compared += 2;
    }
  }
  CHECK(compared == 32);
}

#include "recur/state_dict.hpp"

#include <doctest/doctest.h>

using namespace recur;

TEST_CASE("parameter_specs lists PyTorch's keys and shapes in state_dict order") {
  ModelConfig c;
  c.mode = Mode::lstm;
  c.input_size = 3;
  c.hidden_size = 4;
  c.num_layers = 2;
  const auto specs = parameter_specs(c);
  REQUIRE(specs.size() == 8);
  CHECK(specs[0].name == "weight_ih_l0");
  CHECK(specs[0].shape == Shape{16, 3});
  CHECK(specs[1].name == "weight_hh_l0");
  CHECK(specs[1].shape == Shape{16, 4});
  CHECK(specs[2].name == "bias_ih_l0");
  CHECK(specs[2].shape == Shape{16});
  CHECK(specs[3].name == "bias_hh_l0");
  CHECK(specs[4].name == "weight_ih_l1");
  CHECK(specs[4].shape == Shape{16, 4});  // layer 1 reads layer 0's hidden state
  CHECK(specs[7].name == "bias_hh_l1");
}

TEST_CASE("parameter_specs without bias has only weights; RNN has one gate") {
  ModelConfig c;
  c.mode = Mode::rnn_relu;
  c.input_size = 12;
  c.hidden_size = 64;
  c.bias = false;
  const auto specs = parameter_specs(c);
  REQUIRE(specs.size() == 2);
  CHECK(specs[0].shape == Shape{64, 12});
  CHECK(specs[1].shape == Shape{64, 64});
}

#include "recur/config.hpp"

#include <doctest/doctest.h>

#include "fixture.hpp"
#include "recur/error.hpp"

using namespace recur;

TEST_CASE("parse_mode takes PyTorch's spellings and the friendly ones") {
  CHECK(parse_mode("LSTM") == Mode::lstm);
  CHECK(parse_mode("RNN") == Mode::rnn_tanh);
  CHECK(parse_mode("RNN", "relu") == Mode::rnn_relu);
  CHECK(parse_mode("RNN_TANH", "relu") == Mode::rnn_tanh);  // the explicit mode wins, as in nn.RNNBase
  CHECK(parse_mode("RNN_RELU") == Mode::rnn_relu);
  CHECK(mode_name(Mode::rnn_relu) == "RNN_RELU");
  CHECK(module_name(Mode::rnn_relu) == "RNN");
  CHECK(module_name(Mode::lstm) == "LSTM");
  CHECK(gate_count(Mode::lstm) == 4);
  CHECK(gate_count(Mode::rnn_tanh) == 1);
  CHECK(parse_mode("GRU") == Mode::gru);
  CHECK(mode_name(Mode::gru) == "GRU");
  CHECK(module_name(Mode::gru) == "GRU");
  CHECK(gate_count(Mode::gru) == 3);
  // nn.GRU(3, 4): weight_ih [12, 3], weight_hh [12, 4], two biases of 12.
  CHECK(parameter_count(fixture::config(Mode::gru, 3, 4)) == 108);
}

TEST_CASE("parse_mode rejects unknown modes and nonlinearities by name") {
  CHECK_THROWS_WITH_AS(parse_mode("rnn"),
                       "unknown mode 'rnn': use 'RNN', 'LSTM', 'GRU', 'RNN_TANH' or 'RNN_RELU'", Error);
  CHECK_THROWS_WITH_AS(parse_mode("RNN", "sigmoid"),
                       "Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.", Error);
}

TEST_CASE("validate names the size that is wrong") {
  ModelConfig c;
  c.input_size = 3;
  c.hidden_size = 4;
  CHECK_NOTHROW(validate(c));
  c.hidden_size = 0;
  CHECK_THROWS_WITH_AS(validate(c), "hidden_size must be a positive integer, got 0", Error);
  c.hidden_size = max_hidden_size + 1;
  CHECK_THROWS_WITH_AS(validate(c), "hidden_size is 4097, more than the maximum 4096", Error);
  c.hidden_size = 4;
  c.num_layers = 0;
  CHECK_THROWS_WITH_AS(validate(c), "num_layers must be a positive integer, got 0", Error);
  c.num_layers = 1;
  c.input_size = 0;
  CHECK_THROWS_WITH_AS(validate(c), "input_size must be a positive integer, got 0", Error);
}

TEST_CASE("dropout is checked like PyTorch's and warned about with one layer") {
  ModelConfig c = fixture::config(Mode::lstm, 3, 4);
  c.dropout = 1.5;
  CHECK_THROWS_WITH_AS(
      validate(c),
      "dropout should be a number in range [0, 1] representing the probability of an element being zeroed",
      Error);
  c.dropout = 0.1;
  CHECK_NOTHROW(validate(c));
  REQUIRE(warnings(c).size() == 1);
  // Python's repr of the float: 0.1, not 0.10000000000000001.
  CHECK(warnings(c)[0] ==
        "dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects "
        "num_layers "
        "greater than 1, but got dropout=0.1 and num_layers=1");
  c.dropout = 1;
  CHECK(warnings(c)[0].find("got dropout=1.0 and") != std::string::npos);
  c.num_layers = 2;
  CHECK(warnings(c).empty());
}

TEST_CASE("proj_size: LSTM only, smaller than hidden_size, and counted") {
  ModelConfig c = fixture::config(Mode::lstm, 3, 5);
  c.proj_size = 2;
  CHECK_NOTHROW(validate(c));
  CHECK(output_size(c) == 2);
  // nn.LSTM(3, 5, proj_size=2): weight_ih [20, 3], weight_hh [20, 2], biases 2 x 20, weight_hr [2, 5].
  CHECK(parameter_count(c) == 60 + 40 + 40 + 10);
  c.proj_size = 5;
  CHECK_THROWS_WITH_AS(validate(c),
                       "proj_size has to be smaller than hidden_size (proj_size=5, hidden_size=5)", Error);
  c.proj_size = 2;
  c.mode = Mode::gru;
  CHECK_THROWS_WITH_AS(validate(c), "proj_size argument is only supported for LSTM, not RNN or GRU", Error);
}

#include "recur/error.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "fixture.hpp"
#include "recur/config.hpp"
#include "recur/linear.hpp"
#include "recur/model.hpp"
#include "recur/optimizer.hpp"
#include "recur/safetensors.hpp"
#include "recur/table.hpp"

namespace {

// The message of the recur::Error that f throws, or "" if it throws nothing. Any other
// exception escapes, and doctest fails the test case with it.
template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const recur::Error& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("recur::Error is a std::runtime_error that keeps its message") {
  static_assert(std::is_base_of_v<std::runtime_error, recur::Error>);
  static_assert(std::is_base_of_v<recur::Error, recur::TableError>);  // one catch serves every layer
  try {
    throw recur::Error("hidden_size must be a positive integer, got 0");
  } catch (const std::exception& e) {
    CHECK(std::string(e.what()) == "hidden_size must be a positive integer, got 0");
  }
}

TEST_CASE("every kind of user mistake reaches the caller as a recur::Error naming it") {
  // One mistake for each part of the core a user's input reaches; each message names the value.
  CHECK(contains(error_of([] { recur::parse_mode("LSMT", "tanh"); }), "'LSMT'"));
  CHECK(contains(error_of([] { recur::Model(fixture::config(recur::Mode::lstm, 3, 0), 0); }),
                 "hidden_size must be a positive integer, got 0"));
  CHECK(contains(error_of([] { recur::parse_table("x1 | x2\n01 | 012\n", true); }),
                 "row 1 (line 2), column x2: '012'"));
  CHECK(contains(error_of([] { recur::parse_optimizer("adamw"); }), "adamw"));
  CHECK(contains(error_of([] { recur::Linear::after(fixture::config(recur::Mode::gru, 3, 4), 0, 0); }),
                 "out_features must be between 1 and 4096, got 0"));
  const std::uint8_t three_bytes[] = {1, 2, 3};
  CHECK(contains(error_of([&] { recur::read_safetensors(three_bytes, 3); }), "3 bytes"));

  recur::Model model(fixture::config(recur::Mode::rnn_tanh, 3, 4), 0);
  CHECK(contains(error_of([&] { model.load_state_dict({}); }),
                 "Missing key(s) in state_dict: \"weight_ih_l0\""));
  const recur::Tensor five_wide = recur::Tensor::from_shape({1, 2, 5});  // input_size is 3
  CHECK(contains(error_of([&] { model.forward(five_wide); }), "Expected 3, got 5"));
  CHECK(contains(error_of([] { recur::infer_config({}); }), "weight_ih_l0"));
}

// The configuration's field table (config_fields.hpp): each size and number row's range is the one
// validate() enforces (its messages built from the row), find_config_field and range_error. Hand
// values, no fixture: the table is Recur's own; its messages are PyTorch's words, which
// config_test.cpp checks on validate() itself.
#include "recur/config_fields.hpp"

#include <doctest/doctest.h>

#include "fixture.hpp"
#include "recur/error.hpp"

using namespace recur;

TEST_CASE("the field table: each size and number row's range is what validate checks") {
  const ModelConfig ok = fixture::config(Mode::lstm, 3, 4);
  CHECK_NOTHROW(validate(ok));
  std::size_t rows = 0;
  for (const ConfigField& f : config_fields) {
    ModelConfig c = ok;
    if (f.kind == FieldKind::size && f.minimum >= 1) {
      const std::string too_big = std::string(f.name) + " is " + std::to_string(std::size_t(f.maximum) + 1) +
                                  ", more than the maximum " + std::to_string(std::size_t(f.maximum));
      c.*f.size = static_cast<std::size_t>(f.maximum) + 1;
      CHECK_THROWS_WITH_AS(validate(c), too_big.c_str(), Error);
      c.*f.size = 0;
      CHECK_THROWS_WITH_AS(validate(c), (std::string(f.name) + " must be a positive integer, got 0").c_str(),
                           Error);
      ++rows;
    } else if (f.kind == FieldKind::number) {
      c.*f.number = f.maximum + 1;
      CHECK_THROWS_WITH_AS(validate(c), range_error(f).c_str(), Error);
      ++rows;
    }
  }
  CHECK(rows == 4);  // input_size, hidden_size, num_layers, dropout
  CHECK(find_config_field("proj_size")->size == &ModelConfig::proj_size);
  CHECK(find_config_field("proj") == nullptr);
  CHECK(range_error(*find_config_field("dropout")) ==
        "dropout should be a number in range [0, 1] representing the probability of an element being zeroed");
}

#pragma once
// The configuration's fields, one row each, in createModel's order: the one place that says a
// field's name (PyTorch's argument name), its kind, whether createModel requires it, its range,
// the ModelConfig member it sets, whether a state_dict's keys tell it, and its type in the JS
// API (wasm/recur.d.mts). Its default is the member's initialiser in ModelConfig.
//
// What reads it: validate() (sizes and numbers in range), createModel's options (known names,
// required ones, each value's type, the member it sets: wasm/js_options.cpp), Model.config and
// inferConfig (wasm/js_results.cpp), recur.configFields (the CLI's options) and the type check
// of recur.d.mts (tests/node). A new field is a member of ModelConfig and a row here.

#include <cstddef>
#include <cstdint>
#include <string>

#include "recur/config.hpp"

namespace recur {

enum class FieldKind {
  mode,          // 'RNN', 'LSTM', 'GRU' or PyTorch's 'RNN_TANH', 'RNN_RELU' -> ModelConfig::mode
  nonlinearity,  // 'tanh' or 'relu', for 'RNN' -> ModelConfig::mode
  size,          // a non-negative integer -> a std::size_t member
  flag,          // true or false -> a bool member
  number,        // a finite number -> a double member
  seed,          // torch.manual_seed's argument: the Model's, not its ModelConfig's
};

struct ConfigField {
  const char* name;
  FieldKind kind;
  bool required;  // createModel refuses a config without it
  bool inferred;  // read off a state_dict's keys and shapes (inferConfig reports it)
  std::size_t ModelConfig::*size;
  bool ModelConfig::*flag;
  double ModelConfig::*number;
  // size: the smallest and largest accepted (validate's message names them); number: the range.
  double minimum;
  double maximum;
  const char* type;  // its TypeScript type in recur.d.mts's ModelConfig
  // number: what the value means, ending its range error (PyTorch's words); mode: what it takes,
  // ending the error for a config without it.
  const char* note;
};

namespace field {
constexpr ConfigField mode(const char* name, bool required, bool inferred, const char* type,
                           const char* note) {
  return {name, FieldKind::mode, required, inferred, nullptr, nullptr, nullptr, 0, 0, type, note};
}
constexpr ConfigField nonlinearity(const char* name) {
  return {name, FieldKind::nonlinearity, false, false, nullptr, nullptr, nullptr, 0,
          0,    "'tanh' | 'relu'",       ""};
}
constexpr ConfigField size(const char* name, std::size_t ModelConfig::*member, bool required, bool inferred,
                           std::size_t minimum, std::size_t maximum) {
  return {name,    FieldKind::size, required,        inferred, member, nullptr,
          nullptr, double(minimum), double(maximum), "number", ""};
}
constexpr ConfigField flag(const char* name, bool ModelConfig::*member, bool inferred) {
  return {name, FieldKind::flag, false, inferred, nullptr, member, nullptr, 0, 0, "boolean", ""};
}
constexpr ConfigField number(const char* name, double ModelConfig::*member, double minimum, double maximum,
                             const char* note) {
  return {name, FieldKind::number, false, false, nullptr, nullptr, member, minimum, maximum, "number", note};
}
constexpr ConfigField seed(const char* name) {
  return {name, FieldKind::seed, false, false, nullptr, nullptr, nullptr, 0, 4294967295.0, "number", ""};
}
}  // namespace field

// proj_size's range is relative to hidden_size and the mode, checked by validate() itself.
inline constexpr ConfigField config_fields[] = {
    field::mode("mode", true, true, "Mode", "'RNN', 'LSTM' or 'GRU'"),
    field::size("input_size", &ModelConfig::input_size, true, true, 1, max_input_size),
    field::size("hidden_size", &ModelConfig::hidden_size, true, true, 1, max_hidden_size),
    field::size("num_layers", &ModelConfig::num_layers, false, true, 1, max_num_layers),
    field::flag("bias", &ModelConfig::bias, true),
    field::flag("batch_first", &ModelConfig::batch_first, false),
    field::nonlinearity("nonlinearity"),
    field::number("dropout", &ModelConfig::dropout, 0, 1,
                  "representing the probability of an element being zeroed"),
    field::flag("bidirectional", &ModelConfig::bidirectional, true),
    field::size("proj_size", &ModelConfig::proj_size, false, true, 0, max_hidden_size),
    field::size("num_embeddings", &ModelConfig::num_embeddings, false, true, 0, max_num_embeddings),
    field::seed("seed"),
};

// "dropout should be a number in range [0, 1] representing the probability of an element being
// zeroed": PyTorch's words for a number field out of range (or not a number at all).
std::string range_error(const ConfigField& field);

// The row called `name`, or null.
inline const ConfigField* find_config_field(const char* name) {
  for (const ConfigField& f : config_fields) {
    const char *a = f.name, *b = name;
    while (*a && *a == *b) ++a, ++b;
    if (*a == *b) return &f;
  }
  return nullptr;
}

}  // namespace recur

#include "recur/config.hpp"

#include <cstdio>
#include <cstdlib>

#include "recur/config_fields.hpp"
#include "recur/error.hpp"

namespace recur {

Mode parse_mode(std::string_view mode, std::string_view nonlinearity) {
  if (mode == "LSTM") return Mode::lstm;
  if (mode == "RNN_TANH") return Mode::rnn_tanh;
  if (mode == "RNN_RELU") return Mode::rnn_relu;
  if (mode == "RNN") {
    if (nonlinearity == "tanh") return Mode::rnn_tanh;
    if (nonlinearity == "relu") return Mode::rnn_relu;
    throw Error("Unknown nonlinearity '" + std::string(nonlinearity) + "'. Select from 'tanh' or 'relu'.");
  }
  if (mode == "GRU") return Mode::gru;
  throw Error("unknown mode '" + std::string(mode) + "': use 'RNN', 'LSTM', 'GRU', 'RNN_TANH' or 'RNN_RELU'");
}

std::string mode_name(Mode mode) {
  switch (mode) {
    case Mode::rnn_tanh:
      return "RNN_TANH";
    case Mode::rnn_relu:
      return "RNN_RELU";
    case Mode::lstm:
      return "LSTM";
    case Mode::gru:
      return "GRU";
  }
  return "?";
}

std::string module_name(Mode mode) {
  return mode == Mode::lstm || mode == Mode::gru ? mode_name(mode) : "RNN";
}

std::size_t gate_count(Mode mode) {
  return mode == Mode::lstm ? 4 : mode == Mode::gru ? 3 : 1;
}

namespace {

void check_size(const char* name, std::size_t value, std::size_t maximum) {
  if (value == 0) throw Error(std::string(name) + " must be a positive integer, got 0");
  if (value > maximum)
    throw Error(std::string(name) + " is " + std::to_string(value) + ", more than the maximum " +
                std::to_string(maximum));
}

// A double as Python's repr writes it: the fewest digits that read back to the same value.
std::string python_repr(double v) {
  char text[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, v);
    if (std::strtod(text, nullptr) == v) break;
  }
  std::string s = text;
  if (s.find_first_of(".en") == std::string::npos) s += ".0";  // 1 -> 1.0, as a Python float
  return s;
}

}  // namespace

std::uint64_t parameter_count(const ModelConfig& config) {
  const std::uint64_t G = gate_count(config.mode), H = config.hidden_size, L = config.num_layers;
  const std::uint64_t P = config.proj_size, R = P ? P : H, D = directions(config);
  const std::uint64_t per_direction = (config.bias ? 2 * G * H : 0) + P * H;  // biases, weight_hr
  // Layer 0 reads input_size features, the others the layer below's h of every direction.
  return std::uint64_t{config.num_embeddings} * config.input_size +  // embedding.weight
         D * (G * H * (config.input_size + R) + per_direction) +
         (L - 1) * D * (G * H * (D * R + R) + per_direction);
}

std::string range_error(const ConfigField& field) {
  const auto bound = [](double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);  // 1.000000 -> 1.
    if (s.back() == '.') s.pop_back();
    return s;
  };
  return std::string(field.name) + " should be a number in range [" + bound(field.minimum) + ", " +
         bound(field.maximum) + "] " + field.note;
}

void validate(const ModelConfig& config) {
  // The table's ranges: numbers first, then the sizes that must be positive, in the table's order.
  for (const ConfigField& f : config_fields)
    if (f.kind == FieldKind::number) {
      const double v = config.*f.number;
      if (!(v >= f.minimum && v <= f.maximum)) throw Error(range_error(f));
    }
  for (const ConfigField& f : config_fields)
    if (f.kind == FieldKind::size && f.minimum >= 1)
      check_size(f.name, config.*f.size, static_cast<std::size_t>(f.maximum));
  // proj_size's range depends on hidden_size and the mode.
  if (config.proj_size >= config.hidden_size && config.proj_size > 0)
    throw Error(
        "proj_size has to be smaller than hidden_size (proj_size=" + std::to_string(config.proj_size) +
        ", hidden_size=" + std::to_string(config.hidden_size) + ")");
  if (config.proj_size > 0 && config.mode != Mode::lstm)
    throw Error("proj_size argument is only supported for LSTM, not RNN or GRU");
  for (const ConfigField& f : config_fields)  // the sizes that may be 0: their maxima
    if (f.kind == FieldKind::size && f.minimum < 1 && config.*f.size > f.maximum)
      throw Error(std::string(f.name) + " is " + std::to_string(config.*f.size) + ", more than the maximum " +
                  std::to_string(static_cast<std::size_t>(f.maximum)));
  const std::uint64_t count = parameter_count(config);
  if (count > max_parameters)
    throw Error("the model would have " + std::to_string(count) + " parameters, more than the maximum " +
                std::to_string(max_parameters) + ": use a smaller hidden_size or fewer layers");
}

std::vector<std::string> warnings(const ModelConfig& config) {
  std::vector<std::string> out;
  if (config.dropout > 0 && config.num_layers == 1)
    out.push_back(
        "dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects "
        "num_layers greater than 1, but got dropout=" +
        python_repr(config.dropout) + " and num_layers=1");
  return out;
}

}  // namespace recur

#pragma once
// A model's configuration, with PyTorch's argument names and PyTorch's checks.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace recur {

// The recurrent cells PyTorch calls RNN_TANH, RNN_RELU and LSTM (nn.RNNBase's `mode`).
enum class Mode { rnn_tanh, rnn_relu, lstm };

struct ModelConfig {
  Mode mode = Mode::lstm;
  std::size_t input_size = 0;
  std::size_t hidden_size = 0;
  std::size_t num_layers = 1;
  bool bias = true;
  bool batch_first = false;
};

// Largest sizes a model accepts: large enough for every tutorial shape (the notebook's is
// 12 -> 64), small enough that weights and a forward's workspace fit the WASM heap.
inline constexpr std::size_t max_input_size = 4096;
inline constexpr std::size_t max_hidden_size = 4096;
inline constexpr std::size_t max_num_layers = 64;

// 'RNN' + nonlinearity 'tanh'/'relu', or PyTorch's own 'RNN_TANH', 'RNN_RELU', 'LSTM'.
// Throws recur::Error naming the accepted spellings.
Mode parse_mode(std::string_view mode, std::string_view nonlinearity = "tanh");

// PyTorch's name for a mode: "RNN_TANH", "RNN_RELU", "LSTM".
std::string mode_name(Mode mode);

// The class a learner writes in PyTorch: "RNN" or "LSTM".
std::string module_name(Mode mode);

// Gates per cell: 1 for RNN, 4 for LSTM (i, f, g, o stacked in PyTorch's order).
std::size_t gate_count(Mode mode);

// Throws recur::Error if a size is zero or past its maximum.
void validate(const ModelConfig& config);

}  // namespace recur

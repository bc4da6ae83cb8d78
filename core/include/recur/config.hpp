#pragma once
// A model's configuration, with PyTorch's argument names and PyTorch's checks.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace recur {

// The recurrent cells PyTorch calls RNN_TANH, RNN_RELU, LSTM and GRU (nn.RNNBase's `mode`).
enum class Mode { rnn_tanh, rnn_relu, lstm, gru };

struct ModelConfig {
  Mode mode = Mode::lstm;
  std::size_t input_size = 0;
  std::size_t hidden_size = 0;
  std::size_t num_layers = 1;
  bool bias = true;
  bool batch_first = false;
  // Checked like PyTorch's (0 <= dropout <= 1) and kept, but the forward is PyTorch's eval-mode
  // forward, which applies no dropout.
  double dropout = 0;
  // LSTM only: h_t = W_hr (o_t * tanh(c_t)) of proj_size values (0: no projection).
  std::size_t proj_size = 0;
  // A second direction per layer runs from the last step to the first with its own
  // `_reverse` weights; output concatenates both directions' h_t, h_n has a row each.
  bool bidirectional = false;
  // Token ids in, as nn.Embedding(num_embeddings, input_size, padding_idx=0) in front of the
  // recurrent layer (embedding.hpp); 0: no embedding, x holds input_size features a step.
  std::size_t num_embeddings = 0;
};

inline std::size_t directions(const ModelConfig& config) {
  return config.bidirectional ? 2 : 1;
}

// The width of h_t, output and h_n: proj_size when set, else hidden_size (PyTorch's
// real_hidden_size). c_t and c_n keep hidden_size.
inline std::size_t output_size(const ModelConfig& config) {
  return config.proj_size ? config.proj_size : config.hidden_size;
}

// Limits, checked before anything is allocated. Large enough for every tutorial shape (the
// notebook's is 128 x 28 x 12 -> 64) and far beyond; small enough that the weights (kept twice:
// as given and packed), a forward's workspace and its results fit the 2 GiB WASM heap together.
inline constexpr std::size_t max_input_size = 4096;
inline constexpr std::size_t max_hidden_size = 4096;
inline constexpr std::size_t max_num_layers = 64;
inline constexpr std::size_t max_num_embeddings = 65536;  // a vocabulary's size, <pad> included
inline constexpr std::uint64_t max_parameters = std::uint64_t{1} << 25;       // 32 Mi floats = 128 MiB
inline constexpr std::uint64_t max_tensor_elements = std::uint64_t{1} << 26;  // 64 Mi floats = 256 MiB

// 'RNN' + nonlinearity 'tanh'/'relu', or PyTorch's own 'RNN_TANH', 'RNN_RELU', 'LSTM', 'GRU'.
// Throws recur::Error naming the accepted spellings.
Mode parse_mode(std::string_view mode, std::string_view nonlinearity = "tanh");

// PyTorch's name for a mode: "RNN_TANH", "RNN_RELU", "LSTM", "GRU".
std::string mode_name(Mode mode);

// The class a learner writes in PyTorch: "RNN", "LSTM" or "GRU".
std::string module_name(Mode mode);

// Gates per cell: 1 for RNN, 4 for LSTM (i, f, g, o), 3 for GRU (r, z, n), stacked in PyTorch's order.
std::size_t gate_count(Mode mode);

// How many weights and biases the model has (64-bit: it is checked before it can overflow).
std::uint64_t parameter_count(const ModelConfig& config);

// Throws recur::Error if a size is zero or past its maximum, the model has more than
// max_parameters parameters, dropout is outside [0, 1], or proj_size is not smaller than
// hidden_size or set for RNN/GRU.
void validate(const ModelConfig& config);

// What PyTorch warns about when it constructs this module (UserWarning texts), e.g. a non-zero
// dropout with a single layer.
std::vector<std::string> warnings(const ModelConfig& config);

}  // namespace recur

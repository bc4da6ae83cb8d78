#pragma once
// Reads the PyTorch fixtures in tests/fixtures (written by tools/make_fixtures.py).
// A small JSON reader is enough: the files hold objects, arrays, strings, numbers, bools, null.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "recur/config.hpp"
#include "recur/digits.hpp"
#include "recur/state_dict.hpp"
#include "recur/tensor.hpp"
#include "recur/text.hpp"

namespace fixture {

struct Json {
  enum class Kind { null, boolean, number, string, array, object } kind = Kind::null;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<float> numbers;  // an array of numbers, parsed straight to float32
  std::vector<Json> items;
  std::map<std::string, Json> fields;

  const Json& operator[](const std::string& key) const;
  bool is_null() const { return kind == Kind::null; }
};

Json parse_json(const std::string& text);

struct Case {
  std::string name;
  bool unbatched = false;  // x is one sentence, 2-D; h0/c0, output, h_n, c_n have no batch dimension
  recur::ModelConfig config;
  std::uint64_t seed = 0;
  std::string table;  // the table text, when the case starts from one
  recur::Tensor x;    // in the case's own layout (config.batch_first)
  bool has_state_dict = false;
  bool weights_modified = false;  // NaN/inf written into the seeded weights: not PyTorch's init
  recur::StateDict state_dict;
  std::unique_ptr<recur::Tensor> h0, c0;
  std::vector<std::size_t> output_rows;  // when set, `output` holds only these sentences
  recur::Tensor output, h_n, c_n;
  // The Linear(hidden_size, out_features) head on h_n[-1], seeded right after the module.
  std::size_t out_features = 0;
  recur::StateDict head_state_dict;  // weight, bias
  recur::Tensor logits, probabilities;
  // Small cases: every step recomputed by PyTorch (names as in recur::Intermediates).
  std::map<std::string, recur::Tensor> intermediates;
  // Random-input cases: x is torch.rand(x's shape) after torch.manual_seed(x_rand_seed).
  std::optional<std::uint64_t> x_rand_seed;
  recur::Tensor x_first, x_last;  // x's first and last 16 values, as PyTorch drew them
};

// The fixture file's parsed JSON (path relative to tests/fixtures).
Json read(const std::string& path);

// A fixture file's bytes (path relative to tests/fixtures).
std::vector<std::uint8_t> bytes(const std::string& path);

// The digits fixture, digits/subset.bin (MNIST's first 256 training digits, 192 to train on), read.
recur::DigitsFile digits_subset();

// A text the page ships (web/texts/<file>), whole: what the text fixtures were computed on.
std::string sample_text(const std::string& file);
// A text fixture's dataset (tests/fixtures/text): its text_file cut by its seq_len and batch.
recur::TextDataset text_dataset(const Json& j);

// An array of whole numbers: as class ids / vocabulary ids, and as sample indices.
std::vector<std::int32_t> ints(const Json& j);
std::vector<std::size_t> indices(const Json& j);

// A tensor stored as {shape, data}; optional_tensor: null for JSON null.
recur::Tensor tensor(const Json& j);
std::unique_ptr<recur::Tensor> optional_tensor(const Json& j);

// Every *.json fixture in tests/fixtures (or a folder of it), sorted by name, without ".json".
std::vector<std::string> case_names(const std::string& folder = "");

// A fixture's "config" object, and a {name: {shape, data}} object as a state_dict.
recur::ModelConfig model_config(const Json& config);
recur::StateDict state_dict(const Json& entries);
Case load(const std::string& name);

// x of the notebook-shape cases: ((131 b + 71 t + 29 i + 7) % 97 - 48) / 64, [batch, seq, input].
recur::Tensor formula_x(std::size_t batch, std::size_t seq_len, std::size_t input_size);

// A configuration in one line: config(Mode::lstm, 3, 4) is nn.LSTM(3, 4).
inline recur::ModelConfig config(recur::Mode mode, std::size_t input_size, std::size_t hidden_size,
                                 std::size_t num_layers = 1, bool batch_first = false) {
  recur::ModelConfig c;
  c.mode = mode;
  c.input_size = input_size;
  c.hidden_size = hidden_size;
  c.num_layers = num_layers;
  c.batch_first = batch_first;
  return c;
}

// Largest |a - b| over all elements; shapes must agree (else +inf).
float max_abs_error(const recur::Tensor& a, const recur::Tensor& b);

// A gradient's error relative to its scale: max |a - b| over the largest |b| of the tensor
// (max |a - b| when b is all zeros); shapes must agree (else +inf).
double relative_error(const recur::Tensor& a, const recur::Tensor& b);

// A parameter after training: max |a - b| / max(1, |b|), elementwise; shapes must agree (else +inf).
double parameter_error(const recur::Tensor& a, const recur::Tensor& b);

}  // namespace fixture

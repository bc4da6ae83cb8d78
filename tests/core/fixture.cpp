#include "fixture.hpp"

#include <dirent.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <xtensor/xmanipulation.hpp>

#include "recur/init.hpp"

namespace fixture {
namespace {

class Parser {
 public:
  explicit Parser(const std::string& text) : s_(text) {}

  Json value() {
    skip();
    Json j;
    const char c = peek();
    if (c == '{') {
      j.kind = Json::Kind::object;
      ++i_;
      if (skip(), peek() == '}') return ++i_, j;
      for (;;) {
        skip();
        std::string key = str();
        skip(), expect(':');
        j.fields[key] = value();
        skip();
        if (peek() == ',') {
          ++i_;
          continue;
        }
        expect('}');
        return j;
      }
    }
    if (c == '[') {
      j.kind = Json::Kind::array;
      ++i_;
      if (skip(), peek() == ']') return ++i_, j;
      for (;;) {
        skip();
        const char d = peek();
        if (d == '-' || (d >= '0' && d <= '9')) {
          j.numbers.push_back(number());
        } else {
          Json item = value();
          // Non-finite tensor elements are written as the strings "nan", "inf", "-inf".
          if (item.string == "nan")
            j.numbers.push_back(std::numeric_limits<float>::quiet_NaN());
          else if (item.string == "inf")
            j.numbers.push_back(std::numeric_limits<float>::infinity());
          else if (item.string == "-inf")
            j.numbers.push_back(-std::numeric_limits<float>::infinity());
          else
            j.items.push_back(std::move(item));
        }
        skip();
        if (peek() == ',') {
          ++i_;
          continue;
        }
        expect(']');
        return j;
      }
    }
    if (c == '"') {
      j.kind = Json::Kind::string;
      j.string = str();
      return j;
    }
    if (s_.compare(i_, 4, "true") == 0) {
      i_ += 4;
      j.kind = Json::Kind::boolean;
      j.boolean = true;
      return j;
    }
    if (s_.compare(i_, 5, "false") == 0) {
      i_ += 5;
      j.kind = Json::Kind::boolean;
      return j;
    }
    if (s_.compare(i_, 4, "null") == 0) {
      i_ += 4;
      return j;
    }
    j.kind = Json::Kind::number;
    const char* begin = s_.c_str() + i_;
    char* end = nullptr;
    j.number = std::strtod(begin, &end);
    if (end == begin) throw std::runtime_error("fixture JSON: bad value at " + std::to_string(i_));
    i_ += static_cast<std::size_t>(end - begin);
    return j;
  }

 private:
  // strtof rounds the decimal straight to float32, as PyTorch's value was.
  float number() {
    const char* begin = s_.c_str() + i_;
    char* end = nullptr;
    const float v = std::strtof(begin, &end);
    if (end == begin) throw std::runtime_error("fixture JSON: bad number at " + std::to_string(i_));
    i_ += static_cast<std::size_t>(end - begin);
    return v;
  }
  std::string str() {
    expect('"');
    std::string out;
    while (peek() != '"') {
      char c = s_[i_++];
      if (c == '\\') {
        const char e = s_[i_++];
        c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
      }
      out += c;
    }
    ++i_;
    return out;
  }
  void skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void expect(char c) {
    if (peek() != c)
      throw std::runtime_error(std::string("fixture JSON: expected '") + c + "' at " + std::to_string(i_));
    ++i_;
  }

  const std::string& s_;
  std::size_t i_ = 0;
};

}  // namespace

recur::Tensor tensor(const Json& j) {
  recur::Shape shape;
  for (float d : j["shape"].numbers) shape.push_back(static_cast<std::size_t>(d));
  recur::Tensor t = recur::Tensor::from_shape(shape);
  const auto& data = j["data"].numbers;
  if (data.size() != t.size()) throw std::runtime_error("fixture tensor: data does not fit its shape");
  std::copy(data.begin(), data.end(), t.begin());
  return t;
}

std::unique_ptr<recur::Tensor> optional_tensor(const Json& j) {
  return j.is_null() ? nullptr : std::make_unique<recur::Tensor>(tensor(j));
}

Json read(const std::string& path) {
  std::ifstream in(std::string(RECUR_FIXTURES) + "/" + path);
  if (!in) throw std::runtime_error("cannot open fixture " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_json(buffer.str());
}

std::vector<std::uint8_t> bytes(const std::string& path) {
  std::ifstream in(std::string(RECUR_FIXTURES) + "/" + path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + path);
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

recur::DigitsFile digits_subset() {
  const auto b = bytes("digits/subset.bin");
  return recur::read_digits(b.data(), b.size());
}

std::string sample_text(const std::string& file) {
  std::ifstream in(std::string(RECUR_FIXTURES) + "/../../web/texts/" + file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open web/texts/" + file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

recur::TextDataset text_dataset(const Json& j) {
  return recur::TextDataset(sample_text(j["text_file"].string), static_cast<std::size_t>(j["seq_len"].number),
                            static_cast<std::size_t>(j["batch"].number));
}

std::vector<std::int32_t> ints(const Json& j) {
  std::vector<std::int32_t> out;
  for (float v : j.numbers) out.push_back(static_cast<std::int32_t>(v));
  return out;
}

std::vector<std::size_t> indices(const Json& j) {
  std::vector<std::size_t> out;
  for (float v : j.numbers) out.push_back(static_cast<std::size_t>(v));
  return out;
}

const Json& Json::operator[](const std::string& key) const {
  auto it = fields.find(key);
  if (it == fields.end()) throw std::runtime_error("fixture JSON: no field '" + key + "'");
  return it->second;
}

Json parse_json(const std::string& text) {
  return Parser(text).value();
}

std::vector<std::string> case_names(const std::string& folder) {
  std::vector<std::string> names;
  if (DIR* dir = opendir((std::string(RECUR_FIXTURES) + "/" + folder).c_str())) {
    while (dirent* e = readdir(dir)) {
      const std::string f = e->d_name;
      if (f.size() > 5 && f.compare(f.size() - 5, 5, ".json") == 0)
        names.push_back(f.substr(0, f.size() - 5));
    }
    closedir(dir);
  }
  std::sort(names.begin(), names.end());
  return names;
}

recur::ModelConfig model_config(const Json& cfg) {
  recur::ModelConfig c;
  c.mode = recur::parse_mode(cfg["mode"].string, cfg["nonlinearity"].string);
  c.input_size = static_cast<std::size_t>(cfg["input_size"].number);
  c.hidden_size = static_cast<std::size_t>(cfg["hidden_size"].number);
  c.num_layers = static_cast<std::size_t>(cfg["num_layers"].number);
  c.bias = cfg["bias"].boolean;
  c.batch_first = cfg["batch_first"].boolean;
  c.proj_size = static_cast<std::size_t>(cfg["proj_size"].number);
  c.bidirectional = cfg["bidirectional"].boolean;
  return c;
}

recur::StateDict state_dict(const Json& j) {
  recur::StateDict d;
  for (const auto& [key, value] : j.fields) d.push_back({key, tensor(value)});
  return d;
}

Case load(const std::string& name) {
  const Json j = read(name + ".json");

  Case c;
  c.name = name;
  c.config = model_config(j["config"]);
  c.seed = static_cast<std::uint64_t>(j["seed"].number);
  c.weights_modified = j["weights_modified"].boolean;
  c.unbatched = j["unbatched"].boolean;
  if (j.fields.count("table")) c.table = j["table"].string;
  if (j.fields.count("x")) {
    c.x = tensor(j["x"]);
  } else if (j.fields.count("x_rand_seed")) {
    c.x_rand_seed = static_cast<std::uint64_t>(j["x_rand_seed"].number);
    recur::Shape s;
    for (const auto& d : j["x_shape"].numbers) s.push_back(static_cast<std::size_t>(d));
    c.x = recur::rand(s, *c.x_rand_seed);
    c.x_first = tensor(j["x_first"]);
    c.x_last = tensor(j["x_last"]);
  } else {
    std::vector<std::size_t> s;
    for (const auto& d : j["x_shape"].numbers) s.push_back(static_cast<std::size_t>(d));
    const bool bf = c.config.batch_first;
    c.x = formula_x(bf ? s[0] : s[1], bf ? s[1] : s[0], s[2]);
    if (!bf) c.x = xt::transpose(c.x, {1, 0, 2});
  }
  if (j.fields.count("state_dict")) {
    c.has_state_dict = true;
    c.state_dict = state_dict(j["state_dict"]);
  }
  c.h0 = optional_tensor(j["h0"]);
  c.c0 = optional_tensor(j["c0"]);
  if (j.fields.count("output_rows"))
    for (float r : j["output_rows"].numbers) c.output_rows.push_back(static_cast<std::size_t>(r));
  c.output = tensor(j["output"]);
  c.h_n = tensor(j["h_n"]);
  if (!j["c_n"].is_null()) c.c_n = tensor(j["c_n"]);
  const Json& head = j["head"];
  c.out_features = static_cast<std::size_t>(head["out_features"].number);
  c.head_state_dict = state_dict(head["state_dict"]);
  c.logits = tensor(head["logits"]);
  c.probabilities = tensor(head["probabilities"]);
  if (j.fields.count("intermediates"))
    for (const auto& [key, value] : j["intermediates"].fields) c.intermediates[key] = tensor(value);
  return c;
}

recur::Tensor formula_x(std::size_t batch, std::size_t seq_len, std::size_t input_size) {
  recur::Tensor x = recur::Tensor::from_shape({batch, seq_len, input_size});
  for (std::size_t b = 0; b < batch; ++b)
    for (std::size_t t = 0; t < seq_len; ++t)
      for (std::size_t i = 0; i < input_size; ++i)
        x(b, t, i) = static_cast<float>(static_cast<long>((131 * b + 71 * t + 29 * i + 7) % 97) - 48) / 64.0f;
  return x;
}

float max_abs_error(const recur::Tensor& a, const recur::Tensor& b) {
  if (a.shape() != b.shape()) return std::numeric_limits<float>::infinity();
  float worst = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const float x = a.data()[k], y = b.data()[k];
    if (std::isnan(x) && std::isnan(y)) continue;
    if (x == y) continue;  // equal infinities
    worst = std::max(worst, std::isnan(x - y) ? std::numeric_limits<float>::infinity() : std::fabs(x - y));
  }
  return worst;
}

double relative_error(const recur::Tensor& a, const recur::Tensor& b) {
  if (a.shape() != b.shape()) return std::numeric_limits<double>::infinity();
  double top = 0, err = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    top = std::max(top, static_cast<double>(std::fabs(b.data()[i])));
    err = std::max(err, static_cast<double>(std::fabs(a.data()[i] - b.data()[i])));
  }
  return top == 0 ? err : err / top;
}

double parameter_error(const recur::Tensor& a, const recur::Tensor& b) {
  if (a.shape() != b.shape()) return std::numeric_limits<double>::infinity();
  double err = 0;
  for (std::size_t i = 0; i < b.size(); ++i)
    err = std::max(err, std::fabs(a.data()[i] - b.data()[i]) /
                            std::max(1.0, std::fabs(static_cast<double>(b.data()[i]))));
  return err;
}

}  // namespace fixture

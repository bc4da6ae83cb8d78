#include "recur/safetensors.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "fixture.hpp"
#include "recur/error.hpp"
#include "recur/model.hpp"
#include "recur/table.hpp"

using namespace recur;

namespace {

StateDict dict_of(const fixture::Json& j) {
  StateDict d;
  for (const auto& [key, value] : j.fields) d.push_back({key, fixture::tensor(value)});
  return d;
}

void check_same(const StateDict& got, const StateDict& want) {
  REQUIRE(got.size() == want.size());
  for (const auto& p : want) {
    CAPTURE(p.name);
    const Tensor* t = find_parameter(got, p.name);
    REQUIRE(t != nullptr);
    CHECK(*t == p.value);
  }
}

}  // namespace

TEST_CASE("a state_dict PyTorch wrote as .safetensors reads back exactly, and writes back byte for byte") {
  const auto file = fixture::bytes("weights/trained_lstm.safetensors");
  const StateDict read = read_safetensors(file.data(), file.size());
  check_same(read, dict_of(fixture::read("weights/trained_lstm.json")));
  CHECK(read[0].name == "weight_ih_l0");  // in the file's order
  // Recur's writer produces the very bytes of the Python writer, whose file PyTorch loads back
  // (checked in tools/make_fixtures.py).
  CHECK(write_safetensors(read) == file);
}

TEST_CASE("float16 and bfloat16 files convert to exactly PyTorch's .float() values") {
  const auto expected = fixture::read("weights/trained_lstm_expected.json");
  for (const char* kind : {"f16", "bf16"}) {
    CAPTURE(kind);
    const auto file = fixture::bytes(std::string("weights/trained_lstm_") + kind + ".safetensors");
    check_same(read_safetensors(file.data(), file.size()), dict_of(expected[kind]["state_dict"]));
  }
  CHECK(half_to_float(0x3c00) == 1.0f);
  CHECK(half_to_float(0x0001) == std::ldexp(1.0f, -24));  // the smallest subnormal
  CHECK(half_to_float(0x7bff) == 65504.0f);
  CHECK(std::isinf(half_to_float(0xfc00)));
  CHECK(std::isnan(half_to_float(0x7e00)));
  CHECK(std::signbit(half_to_float(0x8000)));
  CHECK(bfloat16_to_float(0x3f80) == 1.0f);
}

TEST_CASE("the trained LSTM, loaded from each file, reproduces PyTorch's outputs on the notebook table") {
  const auto expected = fixture::read("weights/trained_lstm_expected.json");
  const Table table = parse_table(fixture::read("rnn_table.json")["table"].string, true);
  for (const char* kind : {"f32", "f16", "bf16"}) {
    CAPTURE(kind);
    const std::string name =
        std::string(kind) == "f32" ? "trained_lstm" : std::string("trained_lstm_") + kind;
    const auto file = fixture::bytes("weights/" + name + ".safetensors");
    const StateDict dict = read_safetensors(file.data(), file.size());
    const ModelConfig config = infer_config(dict);  // nn.LSTM(3, 8), read off the keys
    CHECK(config.mode == Mode::lstm);
    CHECK(config.input_size == 3);
    CHECK(config.hidden_size == 8);
    CHECK(config.num_layers == 1);
    CHECK(config.bias);
    CHECK_FALSE(config.bidirectional);
    ModelConfig bf = config;
    bf.batch_first = true;
    Model model(bf, 0);
    model.load_state_dict(dict);
    const ForwardResult r = model.forward(table.x);
    CHECK(fixture::max_abs_error(r.output, fixture::tensor(expected[kind]["output"])) <= 1e-5f);
    CHECK(fixture::max_abs_error(r.h_n, fixture::tensor(expected[kind]["h_n"])) <= 1e-5f);
    CHECK(fixture::max_abs_error(r.c_n.value(), fixture::tensor(expected[kind]["c_n"])) <= 1e-5f);
  }
}

TEST_CASE("infer_config reads every option off the keys, and says why a dict fits none") {
  for (const auto& name : fixture::case_names()) {
    const auto c = fixture::load(name);
    if (!c.has_state_dict) continue;
    CAPTURE(name);
    const ModelConfig got = infer_config(c.state_dict);
    CHECK(got.mode ==
          (c.config.mode == Mode::rnn_relu ? Mode::rnn_tanh : c.config.mode));  // relu cannot be told
    CHECK(got.input_size == c.config.input_size);
    CHECK(got.hidden_size == c.config.hidden_size);
    CHECK(got.num_layers == c.config.num_layers);
    CHECK(got.bias == c.config.bias);
    CHECK(got.bidirectional == c.config.bidirectional);
    CHECK(got.proj_size == c.config.proj_size);
  }
  CHECK_THROWS_WITH_AS(infer_config({}), doctest::Contains("it needs 2-D weight_ih_l0 and weight_hh_l0"),
                       Error);
  StateDict odd = {{"weight_ih_l0", xt::zeros<float>({10, 3})}, {"weight_hh_l0", xt::zeros<float>({10, 5})}};
  CHECK_THROWS_WITH_AS(
      infer_config(odd),
      "weight_ih_l0 has 10 rows: not 1, 3 or 4 times hidden_size 5 (nn.RNN, nn.GRU, nn.LSTM)", Error);
}

TEST_CASE("malformed .safetensors files are refused with what and where") {
  auto file = fixture::bytes("weights/trained_lstm.safetensors");
  CHECK_THROWS_WITH_AS(read_safetensors(file.data(), 5),
                       doctest::Contains("fewer than the 8 of its header length"), Error);
  CHECK_THROWS_WITH_AS(read_safetensors(file.data(), 200), doctest::Contains("runs past the end of the file"),
                       Error);
  CHECK_THROWS_WITH_AS(read_safetensors(file.data(), file.size() - 4), doctest::Contains("outside the"),
                       Error);  // the last tensor is cut short
  auto bad = file;
  const std::string header(bad.begin() + 8, bad.begin() + 8 + 64);
  const auto at = header.find("F32");
  REQUIRE(at != std::string::npos);
  std::memcpy(bad.data() + 8 + at, "I64", 3);
  CHECK_THROWS_WITH_AS(read_safetensors(bad.data(), bad.size()),
                       "safetensors: 'weight_ih_l0' has dtype I64; Recur reads F32, F16 and BF16", Error);
  bad = file;
  bad[8] = '[';
  CHECK_THROWS_WITH_AS(read_safetensors(bad.data(), bad.size()), "safetensors header: expected '{' at byte 8",
                       Error);
}

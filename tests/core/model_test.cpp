#include "recur/model.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xview.hpp>

#include "fixture.hpp"
#include "recur/error.hpp"
#include "recur/format.hpp"
#include "recur/table.hpp"

using namespace recur;

namespace {

constexpr float tolerance = 1e-5f;

// Runs one fixture in the given layout and returns the worst error over output, h_n, c_n.
float run_case(const fixture::Case& c, bool batch_first) {
  ModelConfig config = c.config;
  config.batch_first = batch_first;
  Model model(config, c.seed);
  if (c.has_state_dict) model.load_state_dict(c.state_dict);
  // An unbatched (2-D) input reads the same whatever batch_first says.
  const bool flip = batch_first != c.config.batch_first && !c.unbatched;
  Tensor x = flip ? Tensor(xt::transpose(c.x, {1, 0, 2})) : c.x;
  if (!c.table.empty()) {
    const Table table = parse_table(c.table, batch_first);
    CHECK(table.x == x);  // the parser reads the table into exactly PyTorch's x
    x = table.x;
  }
  const ForwardResult r = model.forward(x, c.h0.get(), c.c0.get());

  // Bring output to the fixture's layout, then to its stored rows.
  Tensor output = flip ? Tensor(xt::transpose(r.output, {1, 0, 2})) : r.output;
  if (!c.output_rows.empty()) {
    const auto rows = xt::keep(c.output_rows);
    output =
        c.config.batch_first ? Tensor(xt::view(output, rows)) : Tensor(xt::view(output, xt::all(), rows));
  }
  float worst = fixture::max_abs_error(output, c.output);
  worst = std::max(worst, fixture::max_abs_error(r.h_n, c.h_n));
  if (c.config.mode == Mode::lstm)
    worst = std::max(worst, fixture::max_abs_error(r.c_n.value(), c.c_n));
  else
    CHECK_FALSE(r.c_n.has_value());

  // The notebook's point: output's last step is h_n's last layer, exactly (bidirectional: the
  // forward half of the last step is the last layer's forward row, h_n[-2]).
  const bool time_second = batch_first && !c.unbatched;
  const std::size_t T = time_second ? r.output.shape()[1] : r.output.shape()[0];
  const std::size_t R = output_size(config), rows = r.h_n.shape()[0];
  Tensor last =
      time_second ? Tensor(xt::view(r.output, xt::all(), T - 1)) : Tensor(xt::view(r.output, T - 1));
  last = last.dimension() == 1 ? Tensor(xt::view(last, xt::range(0, R)))
                               : Tensor(xt::view(last, xt::all(), xt::range(0, R)));
  const std::size_t top = config.bidirectional ? rows - 2 : rows - 1;
  CHECK(fixture::max_abs_error(last, Tensor(xt::view(r.h_n, top))) == 0.0f);  // NaN matches NaN
  return worst;
}

Model small_lstm() {
  ModelConfig c;
  c.mode = Mode::lstm;
  c.input_size = 3;
  c.hidden_size = 4;
  c.batch_first = true;
  return Model(c, 0);
}

}  // namespace

TEST_CASE("every fixture matches PyTorch within 1e-5, in both layouts") {
  const auto names = fixture::case_names();
  REQUIRE(names.size() >= 9);
  float worst = 0;
  for (const auto& name : names) {
    CAPTURE(name);
    const auto c = fixture::load(name);
    for (bool batch_first : {true, false}) {
      CAPTURE(batch_first);
      const float error = run_case(c, batch_first);
      CHECK(error <= tolerance);
      worst = std::max(worst, error);
    }
  }
  MESSAGE("worst abs error over all fixtures: " << worst);
}

TEST_CASE("forward returns PyTorch's shapes") {
  ModelConfig c;
  c.mode = Mode::rnn_tanh;
  c.input_size = 12;
  c.hidden_size = 64;
  c.num_layers = 2;
  c.batch_first = true;
  const Model rnn(c, 0);
  const Tensor x = xt::zeros<float>({128, 28, 12});
  auto r = rnn.forward(x);
  CHECK(shape_of(r.output) == Shape{128, 28, 64});
  CHECK(shape_of(r.h_n) == Shape{2, 128, 64});
  CHECK_FALSE(r.c_n.has_value());

  c.mode = Mode::lstm;
  c.num_layers = 1;
  c.batch_first = false;
  const Model lstm(c, 0);
  const Tensor xs = xt::zeros<float>({28, 128, 12});
  r = lstm.forward(xs);
  CHECK(shape_of(r.output) == Shape{28, 128, 64});
  CHECK(shape_of(r.h_n) == Shape{1, 128, 64});  // batch_first never moves h_n
  CHECK(shape_of(r.c_n.value()) == Shape{1, 128, 64});
}

TEST_CASE("forward rejects bad inputs with PyTorch's messages") {
  const Model m = small_lstm();
  CHECK_THROWS_WITH_AS(m.forward(xt::zeros<float>({6, 3, 4})),
                       "input.size(-1) must be equal to input_size. Expected 3, got 4", Error);
  CHECK_THROWS_WITH_AS(m.forward(xt::zeros<float>({3, 3, 3, 1})),
                       "input must have 3 dimensions [batch, seq_len, input_size] or 2 (one sentence, "
                       "[seq_len, input_size]), got 4 with shape [3, 3, 3, 1]",
                       Error);
  // Unbatched input wants unbatched states, and the other way round, in PyTorch's words.
  const Tensor h0_2d = xt::zeros<float>({1, 4}), h0_3d = xt::zeros<float>({1, 1, 4});
  CHECK_THROWS_WITH_AS(m.forward(xt::zeros<float>({5, 3}), &h0_3d),
                       "For unbatched 2-D input, hx and cx should also be 2-D but got 3-D tensor", Error);
  CHECK_THROWS_WITH_AS(m.forward(xt::zeros<float>({1, 5, 3}), &h0_2d),
                       "For batched 3-D input, hx and cx should also be 3-D but got 2-D tensor", Error);
  const Tensor h0_wide = xt::zeros<float>({2, 4});
  CHECK_THROWS_WITH_AS(m.forward(xt::zeros<float>({5, 3}), &h0_wide),
                       "Expected hidden size (1, 4), got [2, 4]", Error);
  const ForwardResult one = m.forward(xt::zeros<float>({5, 3}), &h0_2d);
  CHECK(shape_of(one.output) == Shape{5, 4});
  CHECK(shape_of(one.h_n) == Shape{1, 4});
  CHECK(shape_of(one.c_n.value()) == Shape{1, 4});
  CHECK_THROWS_WITH_AS(m.forward(xt::zeros<float>({0, 3, 3})),
                       "input has shape [0, 3, 3]: batch and seq_len must be at least 1", Error);
  const Tensor x = xt::zeros<float>({6, 3, 3});
  const Tensor bad_h0 = xt::zeros<float>({2, 6, 4});
  CHECK_THROWS_WITH_AS(m.forward(x, &bad_h0), "Expected hidden size (1, 6, 4), got [2, 6, 4]", Error);
  const Tensor h0 = xt::zeros<float>({1, 6, 4});
  const Tensor bad_c0 = xt::zeros<float>({1, 5, 4});
  CHECK_THROWS_WITH_AS(m.forward(x, &h0, &bad_c0), "Expected cell size (1, 6, 4), got [1, 5, 4]", Error);

  ModelConfig rc;
  rc.mode = Mode::rnn_tanh;
  rc.input_size = 3;
  rc.hidden_size = 4;
  const Model rnn(rc, 0);
  const Tensor xs = xt::zeros<float>({3, 6, 3});
  CHECK_THROWS_WITH_AS(rnn.forward(xs, nullptr, &h0), "c0 is only for LSTM: an RNN has no cell state", Error);
}

TEST_CASE("output_shapes are forward's shapes, and refuse what forward refuses, without a forward") {
  // The error text of f(), or "" when it returns.
  const auto refusal = [](auto f) -> std::string {
    try {
      f();
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  };
  int compared = 0;
  for (const Mode mode : {Mode::rnn_tanh, Mode::lstm, Mode::gru})
    for (const bool batch_first : {false, true})
      for (const bool bidirectional : {false, true})
        for (const std::size_t layers : {1, 2})
          for (const std::size_t proj : {0, 2})
            for (const std::size_t vocabulary : {0, 6}) {
              if (proj && mode != Mode::lstm) continue;
              ModelConfig c;
              c.mode = mode;
              c.input_size = 3;
              c.hidden_size = 4;
              c.num_layers = layers;
              c.batch_first = batch_first;
              c.bidirectional = bidirectional;
              c.proj_size = proj;
              c.num_embeddings = vocabulary;
              const Model m(c, 0);
              // Token ids with an embedding ([B, T], [T]), else features ([B, T, I], [T, I]);
              // then shapes forward refuses: a wrong width, no steps, too many dimensions.
              const std::vector<Shape> shapes =
                  vocabulary ? std::vector<Shape>{{5, 2}, {2, 5}, {7}, {0, 2}, {2, 0}, {2, 2, 2}, {}}
                             : std::vector<Shape>{{5, 2, 3}, {2, 5, 3}, {7, 3},       {5, 2, 4},
                                                  {7, 2},    {0, 2, 3}, {1, 2, 3, 1}, {3}};
              for (const Shape& shape : shapes) {
                CAPTURE(format_dims(shape));
                CAPTURE(compared);
                Tensor x = Tensor::from_shape(shape);
                std::fill(x.begin(), x.end(), 0.0f);  // token id 0 (the padding row), or a zero input
                const std::string error = refusal([&] { m.forward(x); });
                CHECK(refusal([&] { m.output_shapes(shape); }) == error);
                if (!error.empty()) continue;
                const ForwardResult r = m.forward(x);
                const ForwardShapes s = m.output_shapes(shape);
                CHECK(s.output == shape_of(r.output));
                CHECK(s.h_n == shape_of(r.h_n));
                CHECK(s.c_n.has_value() == r.c_n.has_value());
                if (r.c_n) CHECK(*s.c_n == shape_of(*r.c_n));
                ++compared;
              }
            }
  CHECK(compared == 64 * 3);  // 64 models, three shapes each that run
}

TEST_CASE("load_state_dict is strict and names every bad key with both shapes") {
  Model m = small_lstm();
  const StateDict before = m.state_dict();
  StateDict dict = before;
  dict.erase(dict.begin() + 3);                                 // bias_hh_l0 missing
  dict[0].value = xt::zeros<float>({16, 4});                    // weight_ih_l0 misshapen
  dict.push_back({"weight_ih_l1", xt::zeros<float>({16, 4})});  // unexpected
  CHECK_THROWS_WITH_AS(
      m.load_state_dict(dict),
      "Error(s) in loading state_dict for LSTM:\n"
      "\tMissing key(s) in state_dict: \"bias_hh_l0\".\n"
      "\tUnexpected key(s) in state_dict: \"weight_ih_l1\".\n"
      "\tsize mismatch for weight_ih_l0: copying a param with shape [16, 4] from checkpoint, "
      "the shape in current model is [16, 3].",
      Error);
  for (std::size_t k = 0; k < before.size(); ++k) CHECK(m.state_dict()[k].value == before[k].value);

  StateDict twice = before;
  twice.push_back(before[0]);
  CHECK_THROWS_WITH_AS(
      m.load_state_dict(twice),
      "Error(s) in loading state_dict for LSTM:\n\tUnexpected key(s) in state_dict: \"weight_ih_l0\".",
      Error);
}

TEST_CASE("loaded weights are the ones forward uses") {
  Model m = small_lstm();
  StateDict dict = m.state_dict();
  for (auto& p : dict) p.value.fill(0.0f);
  dict[2].value(8) = 1.0f;  // bias_ih_l0, gate g unit 0: c = sigmoid(0) * tanh(1)
  m.load_state_dict(dict);
  const auto r = m.forward(xt::ones<float>({1, 1, 3}));
  const float c = 0.5f * std::tanh(1.0f);
  CHECK(r.c_n.value()(0, 0, 0) == doctest::Approx(c).epsilon(1e-6));
  CHECK(r.h_n(0, 0, 0) == doctest::Approx(0.5f * std::tanh(c)).epsilon(1e-6));
  CHECK(r.h_n(0, 0, 1) == 0.0f);
}

TEST_CASE("a one-hot x with an infinite weight elsewhere gives NaN, as the product 0 * inf does") {
  // The one-hot lookup must not skip what PyTorch's product computes: x one-hot at column 0,
  // an inf in column 2 of W_ih.
  Model m = small_lstm();
  StateDict dict = m.state_dict();
  dict[0].value(0, 2) = std::numeric_limits<float>::infinity();  // weight_ih_l0
  m.load_state_dict(dict);
  Tensor x = xt::zeros<float>({1, 2, 3});
  x(0, 0, 0) = x(0, 1, 0) = 1.0f;
  const auto r = m.forward(x);
  CHECK(std::isnan(r.output(0, 0, 0)));
  CHECK(std::isnan(r.h_n(0, 0, 0)));
}

TEST_CASE("intermediates are PyTorch's, recomputed step by step, in both layouts") {
  int compared = 0;
  float worst = 0;
  for (const auto& name : fixture::case_names()) {
    const auto c = fixture::load(name);
    if (c.intermediates.empty()) continue;
    CAPTURE(name);
    for (bool batch_first : {true, false}) {
      CAPTURE(batch_first);
      ModelConfig config = c.config;
      config.batch_first = batch_first;
      Model model(config, c.seed);
      if (c.has_state_dict) model.load_state_dict(c.state_dict);
      const Tensor x =
          batch_first == c.config.batch_first || c.unbatched ? c.x : Tensor(xt::transpose(c.x, {1, 0, 2}));
      const ForwardResult plain = model.forward(x, c.h0.get(), c.c0.get());
      const ForwardResult r = model.forward(x, c.h0.get(), c.c0.get(), true);
      REQUIRE(r.intermediates.has_value());
      CHECK_FALSE(plain.intermediates.has_value());
      // Recording changes nothing: the same bits as the fast path (NaN matches NaN).
      CHECK(fixture::max_abs_error(r.output, plain.output) == 0.0f);
      CHECK(fixture::max_abs_error(r.h_n, plain.h_n) == 0.0f);
      const Intermediates& m = *r.intermediates;
      const std::pair<const char*, const Tensor*> fields[] = {{"input_term", &m.input_term},
                                                              {"hidden_term", &m.hidden_term},
                                                              {"preactivation", &m.preactivation},
                                                              {"h", &m.h},
                                                              {"gates", m.gates ? &*m.gates : nullptr},
                                                              {"c", m.c ? &*m.c : nullptr}};
      for (const auto& field : fields) {
        const std::string key = field.first;  // not a structured binding: CAPTURE takes it in a lambda
        const Tensor* tensor = field.second;
        CAPTURE(key);
        REQUIRE((tensor != nullptr) == (c.intermediates.count(key) == 1));
        if (!tensor) continue;
        const float error = fixture::max_abs_error(*tensor, c.intermediates.at(key));
        CHECK(error <= tolerance);
        worst = std::max(worst, error);
        ++compared;
      }
      // The last row's final h is h_n[-1], bit for bit (a reverse direction ends at t = 0;
      // unbatched, h_n has no batch dimension).
      const std::size_t S = m.h.shape()[0], T = m.h.shape()[1];
      Tensor top = xt::view(m.h, S - 1, config.bidirectional ? 0 : T - 1);
      if (c.unbatched) top.reshape({output_size(config)});
      CHECK(fixture::max_abs_error(top, Tensor(xt::view(r.h_n, S - 1))) == 0.0f);
    }
  }
  CHECK(compared >= 40);
  MESSAGE("worst abs error over all intermediates: " << worst);
}

TEST_CASE("recording intermediates is refused past the tensor limit, before allocating") {
  const Model m(fixture::config(Mode::lstm, 1, 1024, 2), 0);
  const Tensor x = xt::zeros<float>({8192, 2, 1});  // 2 layers x 16384 steps x 4096 gates = 2^27
  CHECK_THROWS_WITH_AS(
      m.forward(x, nullptr, nullptr, true),
      doctest::Contains("recording every step of input of shape [8192, 2, 1] needs 134217728"), Error);
}

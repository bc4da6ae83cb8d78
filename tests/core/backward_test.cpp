// backward() against PyTorch autograd (tests/fixtures/gradients/backward_*.json, made by
// tools/make_gradient_fixtures.py): given gradients of output (a loss on every step, as a
// per-step head gives), h_n and c_n, every parameter's gradient and those of x, h0 and c0.
#include "recur/backward.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "fixture.hpp"
#include "recur/error.hpp"

using namespace recur;

namespace {

// The largest |value| of a tensor: a gradient's errors are measured against its own scale.
double largest(const Tensor& t) {
  double top = 0;
  for (float v : t) top = std::max(top, static_cast<double>(std::fabs(v)));
  return top;
}

void check_close(const Tensor& ours, const Tensor& theirs, const std::string& what) {
  CAPTURE(what);
  REQUIRE(shape_of(ours) == shape_of(theirs));
  CHECK(fixture::max_abs_error(ours, theirs) <= 1e-4 * std::max(1e-6, largest(theirs)));
}

}  // namespace

TEST_CASE("backward: the gradients of output, h_n and c_n give PyTorch autograd's gradients") {
  std::vector<std::string> names;
  for (const auto& n : fixture::case_names("gradients"))
    if (n.rfind("backward_", 0) == 0) names.push_back(n);
  REQUIRE(names.size() >= 5);
  for (const auto& name : names) {
    CAPTURE(name);
    const fixture::Json j = fixture::read("gradients/" + name + ".json");
    const Model model(fixture::model_config(j["config"]), static_cast<std::uint64_t>(j["seed"].number));
    const Tensor x = fixture::tensor(j["x"]);
    const auto h0 = fixture::optional_tensor(j["h0"]), c0 = fixture::optional_tensor(j["c0"]);
    const Tensor d_output = fixture::tensor(j["d_output"]);
    const auto d_h_n = fixture::optional_tensor(j["d_h_n"]), d_c_n = fixture::optional_tensor(j["d_c_n"]);
    for (Record record : {Record::for_backward, Record::steps}) {
      const ForwardResult forward = model.forward(x, h0.get(), c0.get(), record);
      const ModelGradients g =
          backward(model, x, h0.get(), c0.get(), forward, &d_output, d_h_n.get(), d_c_n.get());
      CHECK(g.parameters.size() == j["gradients"].fields.size());
      for (const auto& p : g.parameters)
        check_close(p.value, fixture::tensor(j["gradients"][p.name]), p.name);
      check_close(*g.x, fixture::tensor(j["d_x"]), "x");
      check_close(g.h0, fixture::tensor(j["d_h0"]), "h0");
      if (!j["d_c0"].is_null()) check_close(*g.c0, fixture::tensor(j["d_c0"]), "c0");
    }
  }
}

TEST_CASE("backward without dL/dx gives the same parameter gradients, to the bit, one-hot x or not") {
  for (bool one_hot : {false, true}) {
    CAPTURE(one_hot);
    ModelConfig c = fixture::config(Mode::gru, 4, 6, 2, true);
    const Model model(c, 3);
    Tensor x = fixture::formula_x(3, 5, 4);
    if (one_hot) {
      x.fill(0.0f);
      for (std::size_t b = 0; b < 3; ++b)
        for (std::size_t t = 0; t < 5; ++t) x(b, t, (b + 2 * t) % 4) = 1.0f;
    }
    const ForwardResult f = model.forward(x, nullptr, nullptr, Record::for_backward);
    const Tensor d_output = xt::ones<float>(shape_of(f.output));
    const ModelGradients all = backward(model, x, nullptr, nullptr, f, &d_output, nullptr, nullptr);
    const ModelGradients some =
        backward(model, x, nullptr, nullptr, f, &d_output, nullptr, nullptr, nullptr, InputGradient::skipped);
    REQUIRE(all.x);
    CHECK_FALSE(some.x);
    REQUIRE(all.parameters.size() == some.parameters.size());
    for (std::size_t i = 0; i < all.parameters.size(); ++i) {
      CAPTURE(all.parameters[i].name);
      CHECK(all.parameters[i].value == some.parameters[i].value);
    }
    CHECK(all.h0 == some.h0);
  }
}

TEST_CASE("backward: no gradient in gives zero gradients, and ||dL/dh_t|| is the norm of what reaches h_t") {
  ModelConfig c = fixture::config(Mode::lstm, 3, 5, 1, true);
  const Model model(c, 1);
  const Tensor x = fixture::formula_x(2, 4, 3);
  const ForwardResult f = model.forward(x, nullptr, nullptr, Record::for_backward);
  const ModelGradients none = backward(model, x, nullptr, nullptr, f, nullptr, nullptr, nullptr);
  for (const auto& p : none.parameters) CHECK(largest(p.value) == 0.0);
  CHECK(largest(*none.x) == 0.0);
  // A gradient on the last step's output only: dL/dh_T is that gradient itself.
  Tensor d_output = xt::zeros<float>(shape_of(f.output));
  for (std::size_t b = 0; b < 2; ++b)
    for (std::size_t j = 0; j < 5; ++j)
      d_output(b, 3, j) = static_cast<float>(b + 1) * (j % 2 ? 0.6f : -0.8f);
  const ModelGradients last = backward(model, x, nullptr, nullptr, f, &d_output, nullptr, nullptr);
  const double norm1 = std::sqrt(3 * 0.64 + 2 * 0.36);
  CHECK(last.hidden_norms(0, 3, 0) == doctest::Approx(norm1).epsilon(1e-6));
  CHECK(last.hidden_norms(0, 3, 1) == doctest::Approx(2 * norm1).epsilon(1e-6));
  CHECK(last.hidden_norms(0, 2, 0) > 0);
  // A gradient far below float's square root of its smallest number keeps a norm: its square
  // underflows in float (1e-30 squared is 0 there), not in the double the norm is summed in.
  d_output.fill(0);
  d_output(0, 3, 0) = 3e-30f;
  d_output(0, 3, 1) = 4e-30f;
  const ModelGradients tiny = backward(model, x, nullptr, nullptr, f, &d_output, nullptr, nullptr);
  CHECK(tiny.hidden_norms(0, 3, 0) == doctest::Approx(5e-30).epsilon(1e-6));
  CHECK(tiny.hidden_norms(0, 0, 0) > 0);
}

TEST_CASE("backward: wrongly shaped gradients and a forward without records are named") {
  const Model lstm(fixture::config(Mode::lstm, 3, 4, 1, true), 0);
  const Tensor x = fixture::formula_x(2, 3, 3);
  const ForwardResult f = lstm.forward(x, nullptr, nullptr, Record::for_backward);
  const Tensor wrong = xt::zeros<float>({2, 3, 5});
  CHECK_THROWS_WITH_AS(backward(lstm, x, nullptr, nullptr, f, &wrong, nullptr, nullptr),
                       "the gradient of output must have output's shape [2, 3, 4], got [2, 3, 5]", Error);
  CHECK_THROWS_WITH_AS(backward(lstm, x, nullptr, nullptr, f, nullptr, &wrong, nullptr),
                       doctest::Contains("the gradient of h_n must have h_n's shape"), Error);
  CHECK_THROWS_WITH_AS(backward(lstm, x, nullptr, nullptr, lstm.forward(x), nullptr, nullptr, nullptr),
                       doctest::Contains("forward with intermediates"), Error);
  const Model gru(fixture::config(Mode::gru, 3, 4, 1, true), 0);
  const ForwardResult g = gru.forward(x, nullptr, nullptr, Record::for_backward);
  const Tensor d_c = xt::zeros<float>({1, 2, 4});
  CHECK_THROWS_WITH_AS(backward(gru, x, nullptr, nullptr, g, nullptr, nullptr, &d_c),
                       "c_n's gradient is only for LSTM", Error);
}

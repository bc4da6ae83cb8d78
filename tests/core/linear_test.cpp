#include "recur/linear.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <xtensor/xreducer.hpp>
#include <xtensor/xview.hpp>

#include "fixture.hpp"
#include "recur/error.hpp"

using namespace recur;

TEST_CASE("the head is nn.Linear constructed after the module under the same seed, bit for bit") {
  int compared = 0;
  for (const auto& name : fixture::case_names()) {
    const auto c = fixture::load(name);
    CAPTURE(name);
    const Linear head = Linear::after(c.config, c.seed, c.out_features);
    REQUIRE(head.state_dict().size() == 2);
    CHECK(head.state_dict()[0].name == "weight");
    CHECK(head.state_dict()[1].name == "bias");
    for (const auto& p : head.state_dict()) {
      CAPTURE(p.name);
      CHECK(p.value == *find_parameter(c.head_state_dict, p.name));
      ++compared;
    }
  }
  CHECK(compared >= 24);
}

TEST_CASE("logits, softmax and the predicted class match PyTorch on h_n[-1]") {
  float worst = 0;
  for (const auto& name : fixture::case_names()) {
    const auto c = fixture::load(name);
    CAPTURE(name);
    Tensor last = xt::view(c.h_n, c.h_n.shape()[0] - 1);  // PyTorch's own h_n[-1]: tests the head alone
    if (c.unbatched) last.reshape({1, output_size(c.config)});
    TorchGenerator any(0);
    Linear head(output_size(c.config), c.out_features, any);
    head.load_state_dict(c.head_state_dict);
    const LinearResult r = head.forward(last);
    worst = std::max({worst, fixture::max_abs_error(r.logits, c.logits),
                      fixture::max_abs_error(r.probabilities, c.probabilities)});
    REQUIRE(r.predicted.size() == last.shape()[0]);
    for (std::size_t b = 0; b < r.predicted.size(); ++b) {
      const auto row = xt::view(c.logits, b);
      if (std::isnan(row(0))) continue;  // every logit is NaN: no class is meaningful
      CHECK(c.logits(b, r.predicted[b]) == xt::amax(row)());
    }
  }
  CHECK(worst <= 1e-5f);
  MESSAGE("worst abs error over logits and probabilities: " << worst);
}

TEST_CASE("softmax rows sum to one and survive large logits") {
  const Tensor logits = {{1000.0f, 1000.0f, -1000.0f}, {0.0f, std::log(3.0f), 0.0f}};
  const Tensor p = softmax(logits);
  CHECK(p(0, 0) == 0.5f);
  CHECK(p(0, 2) == 0.0f);
  CHECK(p(1, 1) == doctest::Approx(0.6).epsilon(1e-6));
  CHECK(p(1, 0) + p(1, 1) + p(1, 2) == doctest::Approx(1.0).epsilon(1e-6));
}

TEST_CASE("the head checks its sizes, its input and its state_dict") {
  const ModelConfig c = fixture::config(Mode::rnn_tanh, 3, 4);
  CHECK_THROWS_WITH_AS(Linear::after(c, 0, 0), "Linear: out_features must be between 1 and 4096, got 0",
                       Error);
  Linear head = Linear::after(c, 0, 2);
  CHECK_THROWS_WITH_AS(head.forward(xt::zeros<float>({6, 5})), "Linear: input must be [batch, 4], got [6, 5]",
                       Error);
  StateDict bad = head.state_dict();
  bad[0].value = xt::zeros<float>({3, 4});
  CHECK_THROWS_WITH_AS(
      head.load_state_dict(bad),
      "Error(s) in loading state_dict for Linear:\n\tsize mismatch for weight: copying a param "
      "with shape [3, 4] from checkpoint, the shape in current model is [2, 4].",
      Error);
}

TEST_CASE("a model keeps its seed, and the head drawn after it continues that seed") {
  const ModelConfig c = fixture::config(Mode::gru, 3, 4);
  const Model model(c, 42);
  CHECK(model.seed() == 42);
  const Linear head = Linear::after(model, 2);
  const Linear same = Linear::after(c, 42, 2);
  const Tensor& a = *find_parameter(head.state_dict(), "weight");
  const Tensor& b = *find_parameter(same.state_dict(), "weight");
  CHECK(std::equal(a.begin(), a.end(), b.begin()));
}

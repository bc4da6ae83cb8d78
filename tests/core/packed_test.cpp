// Sentences of different lengths, packed: Model::forward and backward with lengths against
// PyTorch's pack_padded_sequence(enforce_sorted=False) -> module -> pad_packed_sequence
// (tests/fixtures/packed, written by tools/make_packed_fixtures.py).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "fixture.hpp"
#include "recur/backward.hpp"
#include "recur/error.hpp"
#include "recur/trainer.hpp"

using namespace recur;

namespace {

struct PackedCase {
  std::string name;
  ModelConfig config;
  std::uint64_t seed;
  Lengths lengths;
  Tensor x;
  std::unique_ptr<Tensor> h0, c0;
  StateDict state_dict;
  Tensor output, h_n;
  std::unique_ptr<Tensor> c_n;
  std::vector<std::int32_t> y;
  float loss;
  StateDict grads;
  Tensor d_x;
  // Bidirectional cases: the head on torch.cat((h_n[-2], h_n[-1]), dim=1).
  bool has_cat = false;
  float cat_loss = 0;
  StateDict cat_grads;
};

PackedCase load(const std::string& name) {
  const fixture::Json j = fixture::read("packed/" + name + ".json");
  PackedCase c;
  c.name = name;
  c.config = fixture::model_config(j["config"]);
  c.seed = static_cast<std::uint64_t>(j["config"]["seed"].number);
  for (float v : j["lengths"].numbers) c.lengths.push_back(static_cast<std::size_t>(v));
  c.x = fixture::tensor(j["x"]);
  c.h0 = fixture::optional_tensor(j["h0"]);
  c.c0 = fixture::optional_tensor(j["c0"]);
  c.state_dict = fixture::state_dict(j["state_dict"]);
  c.output = fixture::tensor(j["output"]);
  c.h_n = fixture::tensor(j["h_n"]);
  c.c_n = fixture::optional_tensor(j["c_n"]);
  for (float v : j["y"].numbers) c.y.push_back(static_cast<std::int32_t>(v));
  c.loss = static_cast<float>(j["loss"].number);
  c.grads = fixture::state_dict(j["grads"]);
  c.d_x = fixture::tensor(j["d_x"]);
  if (!j["cat"].is_null()) {
    c.has_cat = true;
    c.cat_loss = static_cast<float>(j["cat"]["loss"].number);
    c.cat_grads = fixture::state_dict(j["cat"]["grads"]);
  }
  return c;
}

}  // namespace

TEST_CASE("packed forward equals PyTorch's pack_padded_sequence -> module -> pad_packed_sequence") {
  const auto names = fixture::case_names("packed");
  REQUIRE(names.size() >= 40);
  for (const auto& name : names) {
    CAPTURE(name);
    const PackedCase c = load(name);
    const Model model(c.config, c.seed);
    // The seeded weights are PyTorch's, bit for bit.
    for (const auto& p : c.state_dict)
      CHECK(fixture::max_abs_error(*find_parameter(model.state_dict(), p.name), p.value) == 0);
    const ForwardResult r = model.forward(c.x, c.h0.get(), c.c0.get(), false, &c.lengths);
    CHECK(fixture::max_abs_error(r.output, c.output) <= 1e-5f);
    CHECK(fixture::max_abs_error(r.h_n, c.h_n) <= 1e-5f);
    if (c.c_n) CHECK(fixture::max_abs_error(*r.c_n, *c.c_n) <= 1e-5f);
    // Recording every step changes nothing.
    const ForwardResult recorded = model.forward(c.x, c.h0.get(), c.c0.get(), true, &c.lengths);
    CHECK(fixture::max_abs_error(recorded.output, r.output) == 0);
    CHECK(fixture::max_abs_error(recorded.h_n, r.h_n) == 0);
  }
}

TEST_CASE("packed training: loss and every gradient as PyTorch's autograd through the packed module") {
  for (const auto& name : fixture::case_names("packed")) {
    CAPTURE(name);
    const PackedCase c = load(name);
    Model model(c.config, c.seed);
    const Trainer trainer(model, Linear::after(model, 2), OptimizerOptions{});
    const TrainingStep s = trainer.loss_and_grad(c.x, c.y, c.h0.get(), c.c0.get(), &c.lengths);
    CHECK(std::abs(s.loss - c.loss) <= 1e-5f);
    for (const auto& g : c.grads) {
      CAPTURE(g.name);
      const Tensor* got = find_parameter(s.gradients, g.name);
      REQUIRE(got != nullptr);
      CHECK(fixture::max_abs_error(*got, g.value) <= 1e-4f);
    }
    CHECK(fixture::max_abs_error(*s.x, c.d_x) <= 1e-4f);
    if (!c.has_cat) {
      CHECK_THROWS_WITH_AS(head_features(c.config, HeadInput::cat),
                           doctest::Contains("it needs bidirectional=True"), Error);
      continue;
    }
    const Trainer cat(model, Linear::after(model, 2, head_features(c.config, HeadInput::cat)),
                      OptimizerOptions{}, 0, HeadInput::cat);
    const TrainingStep t = cat.loss_and_grad(c.x, c.y, c.h0.get(), c.c0.get(), &c.lengths);
    CHECK(std::abs(t.loss - c.cat_loss) <= 1e-5f);
    for (const auto& g : c.cat_grads) {
      CAPTURE(g.name);
      const Tensor* got = find_parameter(t.gradients, g.name);
      REQUIRE(got != nullptr);
      CHECK(fixture::max_abs_error(*got, g.value) <= 1e-4f);
    }
  }
}

TEST_CASE("lengths are checked: one a sentence, each 1 .. seq_len") {
  const Model model(fixture::config(Mode::gru, 3, 4, 1, true), 0);
  const Tensor x = xt::zeros<float>({2, 3, 3});
  Lengths wrong = {3};
  CHECK_THROWS_WITH_AS(model.forward(x, nullptr, nullptr, false, &wrong),
                       "lengths has 1 entries but x has 2 sentences: one length a sentence", Error);
  wrong = {3, 0};
  CHECK_THROWS_WITH_AS(model.forward(x, nullptr, nullptr, false, &wrong),
                       doctest::Contains("lengths[1] is 0"), Error);
  wrong = {4, 1};
  CHECK_THROWS_WITH_AS(model.forward(x, nullptr, nullptr, false, &wrong),
                       "lengths[0] is 4, more than x's seq_len 3 (x is padded to the longest sentence)",
                       Error);
  // Every sentence at full length is the unpacked forward, bit for bit.
  const Tensor x2 = fixture::formula_x(2, 3, 3);
  const Lengths full = {3, 3};
  CHECK(fixture::max_abs_error(model.forward(x2, nullptr, nullptr, false, &full).output,
                               model.forward(x2).output) == 0);
}

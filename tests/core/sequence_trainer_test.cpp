// Per-step (many-to-many) training against PyTorch autograd (tests/fixtures/sequence,
// tools/make_sequence_fixtures.py): the loss over every step, every gradient, the states a chunk
// ends in, and 20 optimizer steps, stateful (h carried from chunk to chunk) and not.
#include "recur/sequence_trainer.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "fixture.hpp"
#include "recur/error.hpp"
#include "recur/optimizer.hpp"

using namespace recur;
using fixture::parameter_error;
using fixture::relative_error;

namespace {

struct Targets {
  std::vector<std::int32_t> data;
  Shape shape;
};

Targets targets(const fixture::Json& j) {
  Targets t;
  for (float v : j["data"].numbers) t.data.push_back(static_cast<std::int32_t>(v));
  for (float v : j["shape"].numbers) t.shape.push_back(static_cast<std::size_t>(v));
  return t;
}

}  // namespace

// optimizer_test.cpp: a fixture's "optimizer" object as options.
OptimizerOptions optimizer_options(const fixture::Json& j);

TEST_CASE("per-step training: loss, gradients, states and 20 optimizer steps equal PyTorch's") {
  const auto names = fixture::case_names("sequence");
  REQUIRE(names.size() >= 11);
  double worst_gradient = 0, worst_parameter = 0, worst_loss = 0;
  for (const auto& name : names) {
    CAPTURE(name);
    const fixture::Json j = fixture::read("sequence/" + name + ".json");
    const ModelConfig config = fixture::model_config(j["config"]);
    const auto seed = static_cast<std::uint64_t>(j["seed"].number);
    Model model(config, seed);
    for (const auto& p : fixture::state_dict(j["state_dict"]))
      CHECK(fixture::max_abs_error(*find_parameter(model.state_dict(), p.name), p.value) == 0.0f);
    Linear head = Linear::after(config, seed, static_cast<std::size_t>(j["out_features"].number));
    for (const auto& p : fixture::state_dict(j["head_state_dict"]))
      CHECK(fixture::max_abs_error(*find_parameter(head.state_dict(), p.name), p.value) == 0.0f);
    SequenceTrainer trainer(model, head, optimizer_options(j["optimizer"]), j["max_grad_norm"].number);

    std::vector<Tensor> xs;
    std::vector<Targets> ys;
    for (const auto& chunk : j["chunks"].items) {
      xs.push_back(fixture::tensor(chunk["x"]));
      ys.push_back(targets(chunk["y"]));
    }
    const auto h0 = fixture::optional_tensor(j["h0"]), c0 = fixture::optional_tensor(j["c0"]);
    const SequenceTrainingStep s = trainer.loss_and_grad(xs[0], ys[0].data, ys[0].shape, h0.get(), c0.get());
    CHECK(std::fabs(s.loss - j["loss"].number) <= 1e-5 * std::max(1.0, j["loss"].number));
    const auto gradient = [&](const Tensor& ours, const fixture::Json& theirs, const std::string& what) {
      CAPTURE(what);
      const double e = relative_error(ours, fixture::tensor(theirs));
      CHECK(e <= 1e-4);
      worst_gradient = std::max(worst_gradient, e);
    };
    CHECK(s.gradients.size() == j["gradients"].fields.size());
    for (const auto& p : s.gradients) gradient(p.value, j["gradients"][p.name], p.name);
    REQUIRE(s.x);
    gradient(*s.x, j["d_x"], "x");
    if (!j["d_h0"].is_null()) gradient(s.h0, j["d_h0"], "h0");
    if (!j["d_c0"].is_null()) gradient(*s.c0, j["d_c0"], "c0");
    CHECK(fixture::max_abs_error(s.h_n, fixture::tensor(j["h_n"])) <= 1e-5);
    if (!j["c_n"].is_null()) CHECK(fixture::max_abs_error(*s.c_n, fixture::tensor(j["c_n"])) <= 1e-5);

    // The loop: each step's chunk, its state the last step's h_n (a copy: detached), or zeros.
    const auto& losses = j["losses"].numbers;
    const auto& schedule = j["schedule"].items;
    REQUIRE(losses.size() == schedule.size());
    const bool stateful = j["stateful"].boolean;
    std::optional<Tensor> h = h0 ? std::optional<Tensor>(*h0) : std::nullopt;
    std::optional<Tensor> c = c0 ? std::optional<Tensor>(*c0) : std::nullopt;
    for (std::size_t i = 0; i < losses.size(); ++i) {
      CAPTURE(i);
      const auto k = static_cast<std::size_t>(schedule[i]["chunk"].number);
      if (!stateful || schedule[i]["reset"].boolean) h.reset(), c.reset();
      const SequenceTrainingStep r =
          trainer.step(xs[k], ys[k].data, ys[k].shape, h ? &*h : nullptr, c ? &*c : nullptr);
      CHECK(std::fabs(r.loss - losses[i]) <= 1e-4 * std::max(1.0f, std::fabs(losses[i])));
      worst_loss = std::max(worst_loss, static_cast<double>(std::fabs(r.loss - losses[i])));
      h = r.h_n;
      c = r.c_n;
    }
    CHECK(trainer.optimizer().steps() == losses.size());
    for (const auto& p : fixture::state_dict(j["after"])) {
      CAPTURE(p.name);
      const double e = parameter_error(*find_parameter(model.state_dict(), p.name), p.value);
      CHECK(e <= 1e-4);
      worst_parameter = std::max(worst_parameter, e);
    }
    for (const auto& p : fixture::state_dict(j["head_after"])) {
      CAPTURE(p.name);
      const double e = parameter_error(*find_parameter(trainer.head().state_dict(), p.name), p.value);
      CHECK(e <= 1e-4);
      worst_parameter = std::max(worst_parameter, e);
    }
  }
  MESSAGE("per-step: worst gradient error (relative to the tensor's largest element): "
          << worst_gradient << "; worst loss error over the steps: " << worst_loss
          << "; worst parameter error after them: " << worst_parameter);
}

TEST_CASE("per-step training: the head on every row equals Linear::forward") {
  TorchGenerator generator(3);
  const Linear head(37, 11, generator);
  const Tensor x = fixture::formula_x(1, 29, 37);
  Tensor rows = x;
  rows.reshape({29, 37});
  const Tensor fast = linear_rows(head, rows);
  CHECK(fixture::max_abs_error(fast, head.forward(rows).logits) <= 1e-5);
}

TEST_CASE("per-step training: wrong shapes, classes and models are named") {
  Model model(fixture::config(Mode::gru, 3, 4, 1, true), 0);
  const Tensor x = xt::zeros<float>({2, 3, 3});
  SequenceTrainer trainer(model, Linear::after(model.config(), 0, 3), OptimizerOptions{});
  CHECK_THROWS_WITH_AS(trainer.step(x, {0, 1, 2, 0, 1, 2}, {3, 2}),
                       doctest::Contains("y must have x's shape without its last dimension: [2, 3] (batch, "
                                         "seq_len), got [3, 2]"),
                       Error);
  CHECK_THROWS_WITH_AS(trainer.step(x, {0, 1, 2, 0, 1}, {2, 3}), doctest::Contains("y has 5 values"), Error);
  CHECK_THROWS_WITH_AS(trainer.step(x, {0, 1, 2, 0, 3, 2}, {2, 3}),
                       doctest::Contains("y[1][1] (sentence 2, step 2) = 3 is not a class of a head with "
                                         "out_features = 3 (classes 0 to 2)"),
                       Error);
  CHECK(trainer.optimizer().steps() == 0);  // nothing was updated by a failed step
  CHECK(trainer.step(x, {0, 1, 2, 0, 1, 2}, {2, 3}).loss > 0);

  Model seq_first(fixture::config(Mode::lstm, 3, 4, 1, false), 0);
  SequenceTrainer t2(seq_first, Linear::after(seq_first.config(), 0, 3), OptimizerOptions{});
  CHECK_THROWS_WITH_AS(t2.loss_and_grad(x, {0, 1, 2, 0, -1, 2}, {2, 3}),
                       doctest::Contains("y[1][1] (sentence 2, step 2) = -1"), Error);
  CHECK_THROWS_WITH_AS(t2.loss_and_grad(x, {0, 1, 2, 0, 1, 2}, {6}),
                       doctest::Contains("[2, 3] (seq_len, batch), got [6]"), Error);

  ModelConfig bi = fixture::config(Mode::lstm, 3, 4, 1, true);
  bi.bidirectional = true;
  Model bidirectional(bi, 0);
  CHECK_THROWS_WITH_AS(SequenceTrainer(bidirectional, Linear::after(bi, 0, 3), OptimizerOptions{}),
                       doctest::Contains("bidirectional: false"), Error);
}

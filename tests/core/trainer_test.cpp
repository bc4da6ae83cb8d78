// Training against PyTorch autograd (tests/fixtures/training, tools/make_training_fixtures.py):
// the loss, every gradient, the gradient-through-time norms, and 20 optimizer steps; and
// mini-batch training on MNIST digits (tests/fixtures/digits, tools/make_digits_fixtures.py):
// 20 Adam steps of batch 64 in torch.randperm's order, every loss, the gradients, the parameters,
// the held-out evaluation.
#include "recur/trainer.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "fixture.hpp"
#include "recur/error.hpp"
#include "recur/evaluate.hpp"
#include "recur/lr_scheduler.hpp"
#include "recur/optimizer.hpp"
#include "recur/randperm.hpp"

using namespace recur;
using fixture::parameter_error;
using fixture::relative_error;

// optimizer_test.cpp: a fixture's "optimizer" object as options.
OptimizerOptions optimizer_options(const fixture::Json& j);
// evaluate_test.cpp: evaluate() on the digits fixture's held-out digits equals PyTorch's.
void check_held_out_evaluation(const Model& model, const Linear& head, const DigitsFile& file,
                               const fixture::Json& j);

TEST_CASE("training: gradients and 20 optimizer steps equal PyTorch's on every training fixture") {
  const auto names = fixture::case_names("training");
  REQUIRE(names.size() >= 20);
  double worst_gradient = 0, worst_parameter = 0;
  for (const auto& name : names) {
    CAPTURE(name);
    const fixture::Json j = fixture::read("training/" + name + ".json");
    const ModelConfig config = fixture::model_config(j["config"]);
    const auto seed = static_cast<std::uint64_t>(j["seed"].number);
    Model model(config, seed);
    // The fixture's weights are the seed's: Recur's init and PyTorch's agree, module and head.
    for (const auto& p : fixture::state_dict(j["state_dict"]))
      CHECK(fixture::max_abs_error(*find_parameter(model.state_dict(), p.name), p.value) == 0.0f);
    Linear head = Linear::after(config, seed, static_cast<std::size_t>(j["out_features"].number));
    for (const auto& p : fixture::state_dict(j["head_state_dict"]))
      CHECK(fixture::max_abs_error(*find_parameter(head.state_dict(), p.name), p.value) == 0.0f);
    Trainer trainer(model, head, optimizer_options(j["optimizer"]), j["max_grad_norm"].number);

    const Tensor x = fixture::tensor(j["x"]);
    std::vector<std::int32_t> y;
    for (float v : j["y"].numbers) y.push_back(static_cast<std::int32_t>(v));
    const auto h0 = fixture::optional_tensor(j["h0"]), c0 = fixture::optional_tensor(j["c0"]);
    const TrainingStep s = trainer.loss_and_grad(x, y, h0.get(), c0.get());
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
    gradient(s.h0, j["d_h0"], "h0");
    if (!j["d_c0"].is_null()) gradient(*s.c0, j["d_c0"], "c0");
    gradient(s.hidden_norms, j["hidden_norms"], "hidden_norms");

    const auto& losses = j["losses"].numbers;
    REQUIRE(losses.size() == static_cast<std::size_t>(j["steps"].number));
    for (std::size_t i = 0; i < losses.size(); ++i) {
      CAPTURE(i);
      const float loss = trainer.step(x, y, h0.get(), c0.get()).loss;
      CHECK(std::fabs(loss - losses[i]) <= 1e-4 * std::max(1.0f, std::fabs(losses[i])));
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
  MESSAGE("worst gradient error (relative to the tensor's largest element): "
          << worst_gradient << "; worst parameter error after the steps: " << worst_parameter);
}

// The model's and the head's parameters against a fixture's (head entries named "head.*"),
// each within 1e-4; returns the worst error.
static double check_parameters(const Model& model, const Trainer& trainer, const fixture::Json& parameters) {
  double worst = 0;
  for (const auto& p : fixture::state_dict(parameters)) {
    CAPTURE(p.name);
    const bool in_head = p.name.rfind("head.", 0) == 0;
    const StateDict& dict = in_head ? trainer.head().state_dict() : model.state_dict();
    const double e = parameter_error(*find_parameter(dict, in_head ? p.name.substr(5) : p.name), p.value);
    CHECK(e <= 1e-4);
    worst = std::max(worst, e);
  }
  return worst;
}

TEST_CASE(
    "digits: 20 Adam steps of batch 64 in randperm's order equal PyTorch's, then the held-out evaluation") {
  const DigitsFile file = fixture::digits_subset();
  const fixture::Json j = fixture::read("digits/training.json");
  const auto train = static_cast<std::size_t>(j["train"].number),
             batch = static_cast<std::size_t>(j["batch_size"].number);
  Model model(fixture::config(Mode::lstm, 28, 64, 1, true), 0);
  OptimizerOptions adam;
  adam.lr = j["lr"].number;
  Trainer trainer(model, Linear::after(model.config(), 0, 10), adam);
  double worst_loss = 0, worst_gradient = 0;
  std::vector<std::size_t> order;
  std::size_t epoch = 0;
  for (std::size_t s = 0; s < j["steps"].items.size(); ++s) {
    CAPTURE(s);
    const fixture::Json& step = j["steps"].items[s];
    if (order.empty()) order = epoch_order(train, 0, epoch++);
    const std::vector<std::size_t> indices(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(batch));
    order.erase(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(batch));
    REQUIRE(indices == fixture::indices(step["indices"]));
    const TrainingStep r = trainer.step(file.digits.batch(indices), file.digits.batch_labels(indices));
    const double loss_error = std::fabs(r.loss - step["loss"].number);
    CHECK(loss_error <= 1e-4);
    worst_loss = std::max(worst_loss, loss_error);
    if (step.fields.count("grads") != 0) {
      CHECK(r.gradients.size() == step["grads"].fields.size());
      for (const auto& p : r.gradients) {
        CAPTURE(p.name);
        const double e = relative_error(p.value, fixture::tensor(step["grads"][p.name]));
        CHECK(e <= 1e-4);
        worst_gradient = std::max(worst_gradient, e);
      }
    }
  }
  CHECK(trainer.optimizer().steps() == 20);
  const double worst_parameter = check_parameters(model, trainer, j["parameters"]);
  check_held_out_evaluation(model, trainer.head(), file, j);
  MESSAGE("digits: worst loss error " << worst_loss << ", gradient " << worst_gradient << ", parameter "
                                      << worst_parameter);
}

TEST_CASE("digits: 20 Adam steps under CosineAnnealingLR, the lr set at each epoch, equal PyTorch's") {
  const DigitsFile file = fixture::digits_subset();
  const fixture::Json j = fixture::read("digits/scheduled.json");
  const auto train = static_cast<std::size_t>(j["train"].number),
             batch = static_cast<std::size_t>(j["batch_size"].number),
             t_max = static_cast<std::size_t>(j["T_max"].number);
  Model model(fixture::config(Mode::lstm, 28, 64, 1, true), 0);
  OptimizerOptions adam;
  adam.lr = j["lr"].number;
  Trainer trainer(model, Linear::after(model.config(), 0, 10), adam);
  std::vector<std::size_t> order;
  std::size_t epoch = 0;
  double worst_loss = 0;
  for (std::size_t s = 0; s < j["steps"].items.size(); ++s) {
    CAPTURE(s);
    const fixture::Json& step = j["steps"].items[s];
    if (order.empty()) {
      trainer.optimizer().set_lr(cosine_annealing_lr(adam.lr, t_max, epoch));  // scheduler.step()
      order = epoch_order(train, 0, epoch++);
    }
    CHECK(trainer.optimizer().options().lr == step["lr"].number);
    const std::vector<std::size_t> indices(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(batch));
    order.erase(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(batch));
    const double e =
        std::fabs(trainer.step(file.digits.batch(indices), file.digits.batch_labels(indices)).loss -
                  step["loss"].number);
    CHECK(e <= 1e-4);
    worst_loss = std::max(worst_loss, e);
  }
  CHECK(epoch == 7);  // 20 steps of 3 a epoch: the lr fell to 0 at epoch 4 and rose again
  const double worst_parameter = check_parameters(model, trainer, j["parameters"]);
  MESSAGE("digits, scheduled: worst loss error " << worst_loss << ", parameter " << worst_parameter);
}

TEST_CASE("training: the notebook table's labels are learned to 100 % accuracy") {
  // x1 x2 x3 of the notebook's six sentences and their y, as the page opens on them.
  const Tensor x = {{{0, 0, 1}, {0, 1, 0}, {1, 0, 0}}, {{1, 0, 0}, {1, 1, 1}, {0, 0, 0}},
                    {{0, 0, 1}, {0, 1, 0}, {1, 0, 0}}, {{1, 0, 0}, {0, 0, 0}, {1, 1, 1}},
                    {{1, 1, 1}, {0, 1, 0}, {1, 0, 0}}, {{1, 0, 0}, {0, 1, 0}, {0, 0, 0}}};
  const std::vector<std::int32_t> y = {1, 0, 1, 1, 0, 0};
  for (Mode mode : {Mode::rnn_tanh, Mode::lstm, Mode::gru}) {
    CAPTURE(mode_name(mode));
    Model model(fixture::config(mode, 3, 4, 1, true), 0);
    OptimizerOptions adam;
    adam.lr = 0.05;
    Trainer trainer(model, Linear::after(model.config(), 0, 2), adam);
    const float first = trainer.step(x, y).loss;
    for (int i = 0; i < 150; ++i) trainer.step(x, y);
    const TrainingStep last = trainer.loss_and_grad(x, y);
    CHECK(last.loss < first / 10);
    CHECK(last.predicted == y);
  }
}

TEST_CASE("training: bad labels, shapes and heads are named") {
  Model model(fixture::config(Mode::lstm, 3, 4, 1, true), 0);
  const Tensor x = xt::zeros<float>({2, 3, 3});
  Trainer trainer(model, Linear::after(model.config(), 0, 2), OptimizerOptions{});
  CHECK_THROWS_WITH_AS(trainer.step(x, {0, 2}), doctest::Contains("label 2 of sentence 2"), Error);
  CHECK_THROWS_WITH_AS(trainer.step(x, {0}), doctest::Contains("y has 1 labels but x has 2 sentences"),
                       Error);
  CHECK_THROWS_WITH_AS(trainer.step(xt::zeros<float>({2, 3, 4}), {0, 1}), doctest::Contains("input_size"),
                       Error);
  CHECK(trainer.optimizer().steps() == 0);  // nothing was updated by a failed step
  CHECK(trainer.step(x, {0, 1}).loss > 0);  // and the trainer still works
  CHECK_THROWS_WITH_AS(Trainer(model, Linear::after(model.config(), 0, 2), OptimizerOptions{}, -1),
                       doctest::Contains("max_grad_norm"), Error);
  TorchGenerator generator(0);
  CHECK_THROWS_WITH_AS(Trainer(model, Linear(5, 2, generator), OptimizerOptions{}),
                       doctest::Contains("in_features = 5"), Error);
}

TEST_CASE("Record::for_backward keeps what backward reads, bit for bit, and skips the display terms") {
  for (Mode mode : {Mode::rnn_relu, Mode::lstm, Mode::gru}) {
    CAPTURE(mode_name(mode));
    ModelConfig c = fixture::config(mode, 3, 5, 2, true);
    c.bidirectional = true;
    const Model model(c, 3);
    const Tensor x = fixture::formula_x(4, 6, 3);
    const ForwardResult all = model.forward(x, nullptr, nullptr, Record::steps);
    const ForwardResult lean = model.forward(x, nullptr, nullptr, Record::for_backward);
    CHECK(fixture::max_abs_error(all.output, lean.output) == 0.0f);
    const Intermediates &a = *all.intermediates, &b = *lean.intermediates;
    CHECK(fixture::max_abs_error(a.h, b.h) == 0.0f);
    CHECK(fixture::max_abs_error(a.preactivation, b.preactivation) == 0.0f);
    if (mode == Mode::lstm) CHECK(fixture::max_abs_error(*a.c, *b.c) == 0.0f);
    if (mode == Mode::gru) {
      CHECK(fixture::max_abs_error(a.hidden_term, b.hidden_term) == 0.0f);
      CHECK(fixture::max_abs_error(*a.gates, *b.gates) == 0.0f);
    } else {
      CHECK(b.input_term.dimension() == 0);  // default-constructed: not recorded
      CHECK_FALSE(b.gates.has_value());
    }
  }
}

// torch.optim.SGD / Adam against PyTorch (tests/fixtures/gradients/optimizer_*.json, made by
// tools/make_gradient_fixtures.py): one parameter tensor fed the same gradients, after every
// step; clip_grad_norm; the options' checks in PyTorch's words.
#include "recur/optimizer.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "fixture.hpp"
#include "recur/error.hpp"

using namespace recur;

// A fixture's optimizer object ({"kind": "adam", "lr": 0.01, ...}) as options; the training
// fixtures' trainer_test.cpp reads theirs with it too.
OptimizerOptions optimizer_options(const fixture::Json& j) {
  OptimizerOptions o;
  o.kind = parse_optimizer(j["kind"].string);
  o.lr = j["lr"].number;
  const auto number = [&](const char* key, double fallback) {
    return j.fields.count(key) ? j[key].number : fallback;
  };
  o.momentum = number("momentum", 0);
  o.dampening = number("dampening", 0);
  o.weight_decay = number("weight_decay", 0);
  o.nesterov = j.fields.count("nesterov") && j["nesterov"].boolean;
  o.beta1 = number("beta1", 0.9);
  o.beta2 = number("beta2", 0.999);
  o.eps = number("eps", 1e-8);
  return o;
}

TEST_CASE("optimizer: SGD (momentum, dampening, nesterov, weight_decay) and Adam step as PyTorch's do") {
  std::vector<std::string> names;
  for (const auto& n : fixture::case_names("gradients"))
    if (n.rfind("optimizer_", 0) == 0) names.push_back(n);
  REQUIRE(names.size() >= 5);
  for (const auto& name : names) {
    CAPTURE(name);
    const fixture::Json j = fixture::read("gradients/" + name + ".json");
    Optimizer optimizer(optimizer_options(j["options"]));
    // 21 values: two whole AVX2 vectors and a partial one, five WASM vectors and a partial one.
    Tensor p = fixture::tensor(j["start"]);
    const auto& gradients = j["gradients"].items;
    REQUIRE(gradients.size() == j["after"].items.size());
    for (std::size_t i = 0; i < gradients.size(); ++i) {
      CAPTURE(i);
      const Tensor g = fixture::tensor(gradients[i]);
      optimizer.step({&p}, {&g});
      CHECK(fixture::max_abs_error(p, fixture::tensor(j["after"].items[i])) <= 1e-6);
    }
    CHECK(optimizer.steps() == gradients.size());
  }
}

TEST_CASE("optimizer: a parameter list or gradient that changes between steps is refused") {
  Optimizer adam{OptimizerOptions{}};
  Tensor a = {1.0f, 2.0f}, b = {3.0f};
  const Tensor ga = {0.1f, 0.2f}, gb = {0.3f}, wrong = {0.1f};
  adam.step({&a, &b}, {&ga, &gb});
  CHECK_THROWS_WITH_AS(adam.step({&a}, {&ga}), "optimizer step: the parameters changed between steps", Error);
  const Tensor before = a;
  CHECK_THROWS_WITH_AS(adam.step({&a, &b}, {&wrong, &gb}),
                       "optimizer step: a gradient's shape differs from its parameter's", Error);
  CHECK(fixture::max_abs_error(a, before) == 0.0f);  // nothing was updated
  CHECK(adam.steps() == 1);
}

TEST_CASE("optimizer: options are checked with PyTorch's messages") {
  OptimizerOptions o;
  o.lr = -1;
  CHECK_THROWS_WITH_AS(Optimizer{o}, "Invalid learning rate: -1", Error);
  o = {};
  o.beta2 = 1;
  CHECK_THROWS_WITH_AS(Optimizer{o}, "Invalid beta parameter at index 1: 1", Error);
  o = {};
  o.kind = OptimizerOptions::Kind::sgd;
  o.nesterov = true;
  CHECK_THROWS_WITH_AS(Optimizer{o}, "Nesterov momentum requires a momentum and zero dampening", Error);
  CHECK_THROWS_WITH_AS(parse_optimizer("rmsprop"), "optimizer must be 'sgd' or 'adam', got 'rmsprop'", Error);
}

TEST_CASE("optimizer: set_lr changes the lr of the steps to come, and refuses what the constructor refuses") {
  OptimizerOptions o;
  o.kind = OptimizerOptions::Kind::sgd;
  o.lr = 0.5;
  Optimizer sgd(o);
  Tensor p = {1.0f};
  const Tensor g = {1.0f};
  sgd.step({&p}, {&g});
  CHECK(p(0) == 0.5f);
  sgd.set_lr(0.25);
  CHECK(sgd.options().lr == 0.25);
  sgd.step({&p}, {&g});
  CHECK(p(0) == 0.25f);
  CHECK_THROWS_WITH_AS(sgd.set_lr(-0.1), "Invalid learning rate: -0.1", Error);
  CHECK_THROWS_WITH_AS(sgd.set_lr(std::nan("")), "Invalid learning rate: nan", Error);
  CHECK(sgd.options().lr == 0.25);  // unchanged by a refusal
}

TEST_CASE("clip_grad_norm scales the joint norm to max_norm and leaves smaller ones alone") {
  Tensor a = {3.0f, 0.0f}, b = {4.0f};
  CHECK(clip_grad_norm({&a, &b}, 1.0) == doctest::Approx(5.0));
  CHECK(a(0) == doctest::Approx(0.6).epsilon(1e-6));
  CHECK(b(0) == doctest::Approx(0.8).epsilon(1e-6));
  clip_grad_norm({&a, &b}, 10.0);
  CHECK(b(0) == doctest::Approx(0.8).epsilon(1e-6));
}

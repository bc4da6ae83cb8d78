// cross_entropy against nn.CrossEntropyLoss() (tests/fixtures/gradients/cross_entropy.json, made by
// tools/make_gradient_fixtures.py), a case worked by hand, and its errors.
#include "recur/loss.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "fixture.hpp"
#include "recur/error.hpp"

using namespace recur;

TEST_CASE("cross_entropy: loss and gradient equal PyTorch's on logits from 0.01 to 100") {
  const fixture::Json j = fixture::read("gradients/cross_entropy.json");
  std::vector<std::int32_t> labels;
  for (float v : j["labels"].numbers) labels.push_back(static_cast<std::int32_t>(v));
  const CrossEntropy r = cross_entropy(fixture::tensor(j["logits"]), labels);
  CHECK(r.loss == doctest::Approx(j["loss"].number).epsilon(1e-6));
  const Tensor expected = fixture::tensor(j["d_logits"]);
  REQUIRE(shape_of(r.d_logits) == shape_of(expected));
  CHECK(fixture::max_abs_error(r.d_logits, expected) <= 1e-7);
}

TEST_CASE("cross_entropy: mean of -log softmax at the label, gradient (p - onehot) / batch") {
  const CrossEntropy r = cross_entropy(Tensor{{0.0f, 0.0f}, {2.0f, 0.0f}}, {0, 1});
  const double expected = (std::log(2.0) + (std::log(1 + std::exp(2.0)))) / 2;
  CHECK(r.loss == doctest::Approx(expected).epsilon(1e-6));
  CHECK(r.d_logits(0, 0) == doctest::Approx(-0.25));
  CHECK(r.d_logits(0, 1) == doctest::Approx(0.25));
  CHECK(r.d_logits(1, 1) == doctest::Approx((1 / (1 + std::exp(2.0)) - 1) / 2).epsilon(1e-6));
}

TEST_CASE("cross_entropy: a label that is not a class, a count or a shape that does not fit are named") {
  const Tensor logits = xt::zeros<float>({2, 3});
  CHECK_THROWS_WITH_AS(
      cross_entropy(logits, {0, 3}),
      "label 3 of sentence 2 is not a class of a head with out_features = 3 (classes 0 to 2)", Error);
  CHECK_THROWS_WITH_AS(cross_entropy(logits, {-1, 0}), doctest::Contains("label -1 of sentence 1"), Error);
  CHECK_THROWS_WITH_AS(cross_entropy(logits, {0}), "cross_entropy: 1 labels for 2 sentences", Error);
  CHECK_THROWS_WITH_AS(cross_entropy(xt::zeros<float>({2, 3, 1}), {0, 0}),
                       "cross_entropy: logits must be [batch, classes], got [2, 3, 1]", Error);
}

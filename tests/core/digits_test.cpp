// The digits mode's pieces (dataset.hpp, digits.hpp, randperm.hpp, evaluate.hpp,
// digit_image.hpp), and mini-batch training on MNIST digits against PyTorch
// (tests/fixtures/digits, tools/make_digits_fixtures.py): 20 Adam steps of batch 64 in
// torch.randperm's order, every loss, the gradients, the parameters, the held-out evaluation.
#include "recur/digits.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "fixture.hpp"
#include "recur/dataset.hpp"
#include "recur/digit_image.hpp"
#include "recur/error.hpp"
#include "recur/evaluate.hpp"
#include "recur/randperm.hpp"
#include "recur/trainer.hpp"

using namespace recur;
using fixture::parameter_error;
using fixture::relative_error;

namespace {

std::vector<std::size_t> indices_of(const fixture::Json& j) {
  std::vector<std::size_t> r;
  for (float v : j.numbers) r.push_back(static_cast<std::size_t>(v));
  return r;
}

DigitsFile subset() {
  const auto bytes = fixture::bytes("digits/subset.bin");
  return read_digits(bytes.data(), bytes.size());
}

}  // namespace

TEST_CASE("digits: the file's header, labels and pixels; batches are byte / 255 in either layout") {
  const DigitsFile file = subset();
  CHECK(file.digits.size() == 256);
  CHECK(file.train == 192);
  CHECK(file.digits.seq_len() == 28);
  CHECK(file.digits.input_size() == 28);
  const Tensor bf = file.digits.batch({5, 0});
  CHECK(shape_of(bf) == Shape{2, 28, 28});
  const Tensor sf = file.digits.batch({5, 0}, false);
  CHECK(shape_of(sf) == Shape{28, 2, 28});
  float largest = 0;
  for (std::size_t t = 0; t < 28; ++t)
    for (std::size_t i = 0; i < 28; ++i) {
      const std::uint8_t byte = file.digits.bytes()[5 * 784 + t * 28 + i];
      CHECK(bf(0, t, i) == static_cast<float>(byte) / 255.0f);
      CHECK(sf(t, 0, i) == bf(0, t, i));
      CHECK(sf(t, 1, i) == bf(1, t, i));
      largest = std::max(largest, bf(0, t, i));
    }
  CHECK(largest == 1.0f);  // MNIST's strokes reach 255
  CHECK(file.digits.batch_labels({5, 0}) ==
        std::vector<std::int32_t>{file.digits.labels()[5], file.digits.labels()[0]});
  CHECK_THROWS_WITH_AS(file.digits.batch({256}),
                       doctest::Contains("sample index 256 is past the dataset's 256"), Error);
}

TEST_CASE("digits: a damaged file is refused with what is wrong") {
  auto bytes = fixture::bytes("digits/subset.bin");
  CHECK_THROWS_WITH_AS(read_digits(bytes.data(), 10), doctest::Contains("'RDG1'"), Error);
  CHECK_THROWS_WITH_AS(read_digits(bytes.data(), bytes.size() - 1), doctest::Contains("the file has"), Error);
  bytes[16 + 3] = 12;
  CHECK_THROWS_WITH_AS(read_digits(bytes.data(), bytes.size()),
                       doctest::Contains("digit 3 (byte 19) has label 12"), Error);
  bytes[16 + 3] = 1;
  bytes[9] = 0xFF;  // train = 65 472 of 256
  CHECK_THROWS_WITH_AS(read_digits(bytes.data(), bytes.size()), doctest::Contains("is more than count"),
                       Error);
  CHECK_THROWS_WITH_AS(Dataset({1, 2, 3}, {0}, 2, 2), doctest::Contains("needs 4 bytes, got 3"), Error);
}

TEST_CASE("randperm: torch.randperm(8000, generator=g) of the first two epochs, element for element") {
  const fixture::Json j = fixture::read("digits/order.json");
  const auto n = static_cast<std::size_t>(j["n"].number);
  REQUIRE(j["epochs"].items.size() == 2);
  for (std::size_t e = 0; e < 2; ++e) {
    CAPTURE(e);
    CHECK(epoch_order(n, 0, e) == indices_of(j["epochs"].items[e]));
  }
  TorchGenerator g(0);
  const auto first = randperm(n, g), second = randperm(n, g);  // a generator runs on across calls
  CHECK(first == epoch_order(n, 0, 0));
  CHECK(second == epoch_order(n, 0, 1));
  CHECK(epoch_order(0, 0, 3).empty());
  CHECK(epoch_order(1, 7, 3) == std::vector<std::size_t>{0});
}

TEST_CASE(
    "digits: 20 Adam steps of batch 64 in randperm's order equal PyTorch's, then the held-out evaluation") {
  const DigitsFile file = subset();
  const fixture::Json j = fixture::read("digits/training.json");
  const auto train = static_cast<std::size_t>(j["train"].number),
             batch = static_cast<std::size_t>(j["batch_size"].number);
  Model model(fixture::config(Mode::lstm, 28, 64, 1, true), 0);
  OptimizerOptions adam;
  adam.lr = j["lr"].number;
  Trainer trainer(model, Linear::after(model.config(), 0, 10), adam);
  double worst_loss = 0, worst_gradient = 0, worst_parameter = 0;
  std::vector<std::size_t> order;
  std::size_t epoch = 0;
  for (std::size_t s = 0; s < j["steps"].items.size(); ++s) {
    CAPTURE(s);
    const fixture::Json& step = j["steps"].items[s];
    if (order.empty()) order = epoch_order(train, 0, epoch++);
    const std::vector<std::size_t> indices(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(batch));
    order.erase(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(batch));
    REQUIRE(indices == indices_of(step["indices"]));
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
  for (const auto& p : fixture::state_dict(j["parameters"])) {
    CAPTURE(p.name);
    const bool in_head = p.name.rfind("head.", 0) == 0;
    const StateDict& dict = in_head ? trainer.head().state_dict() : model.state_dict();
    const double e = parameter_error(*find_parameter(dict, in_head ? p.name.substr(5) : p.name), p.value);
    CHECK(e <= 1e-4);
    worst_parameter = std::max(worst_parameter, e);
  }
  std::vector<std::size_t> held;
  for (std::size_t i = train; i < file.digits.size(); ++i) held.push_back(i);
  const Evaluation e =
      evaluate(model, trainer.head(), file.digits.batch(held), file.digits.batch_labels(held));
  CHECK(std::fabs(e.loss - j["evaluation"]["loss"].number) <= 1e-4);
  CHECK(e.predicted == std::vector<std::int32_t>(j["evaluation"]["predicted"].numbers.begin(),
                                                 j["evaluation"]["predicted"].numbers.end()));
  CHECK(fixture::max_abs_error(e.probabilities, fixture::tensor(j["evaluation"]["probabilities"])) <= 1e-4);
  std::size_t correct = 0;
  for (std::size_t b = 0; b < held.size(); ++b) correct += e.predicted[b] == file.digits.labels()[held[b]];
  CHECK(e.correct == correct);
  MESSAGE("digits: worst loss error " << worst_loss << ", gradient " << worst_gradient << ", parameter "
                                      << worst_parameter);
}

TEST_CASE("evaluate: refuses a mismatched batch") {
  Model model(fixture::config(Mode::gru, 28, 8, 1, true), 0);
  const Linear head = Linear::after(model.config(), 0, 10);
  CHECK_THROWS_WITH_AS(evaluate(model, head, xt::zeros<float>({2, 28, 28}), {1}),
                       doctest::Contains("y has 1 labels but x has 2 samples"), Error);
  CHECK_THROWS_WITH_AS(evaluate(model, head, xt::zeros<float>({28, 28}), {1}), doctest::Contains("3-D"),
                       Error);
}

TEST_CASE("mnist_digit: the ink's box scaled to 20 pixels and centred by its centre of mass") {
  // A solid 100 x 50 block (rows x columns) in a corner of a 280 x 280 pad: 20 x 10 of full ink,
  // its centre of mass moved to (14, 14): rows 4..23, columns 9..18.
  std::vector<std::uint8_t> pad(280 * 280, 0);
  for (std::size_t y = 3; y < 103; ++y)
    for (std::size_t x = 200; x < 250; ++x) pad[y * 280 + x] = 255;
  const Tensor d = mnist_digit(pad.data(), 280, 280);
  CHECK(shape_of(d) == Shape{28, 28});
  for (std::size_t y = 0; y < 28; ++y)
    for (std::size_t x = 0; x < 28; ++x) {
      CAPTURE(y);
      CAPTURE(x);
      CHECK(d(y, x) == ((y >= 4 && y < 24 && x >= 9 && x < 19) ? 1.0f : 0.0f));
    }
  // A box that does not divide evenly: 30 pixels onto 20, each new pixel averaging 1.5 old ones,
  // so a one-pixel line keeps 2/3 of its ink in its new pixel (anti-aliased, not dropped) and the
  // total ink scales with the area. Lines at columns 0, 15, 29 land on columns 0, 10, 19 of the
  // 20x20 box, whose centre of mass (10.17, 10) moves it 4 right and 4 down.
  std::vector<std::uint8_t> line(30 * 30, 0);
  for (std::size_t y = 0; y < 30; ++y) line[y * 30] = line[y * 30 + 15] = line[y * 30 + 29] = 255;
  const Tensor l = mnist_digit(line.data(), 30, 30);
  CHECK(l(14, 4) == doctest::Approx(2.0 / 3.0));
  CHECK(l(4, 14) == doctest::Approx(2.0 / 3.0));
  CHECK(l(23, 23) == doctest::Approx(2.0 / 3.0));
  CHECK(l(14, 5) == 0.0f);
  float ink = 0;
  for (float v : l) ink += v;
  CHECK(ink == doctest::Approx(3 * 30 * (20.0 / 30.0) * (20.0 / 30.0)).epsilon(1e-5));    // area is conserved
  CHECK(xt::amax(mnist_digit(std::vector<std::uint8_t>(16, 0).data(), 4, 4))() == 0.0f);  // no ink: blank
  CHECK_THROWS_AS(mnist_digit(pad.data(), 0, 10), Error);
}

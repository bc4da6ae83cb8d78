// evaluate (evaluate.hpp) against PyTorch (tests/fixtures/digits/training.json,
// tools/make_digits_fixtures.py): the LSTM 28 -> 64 + Linear 10 as PyTorch left it after 20 Adam
// steps, its parameters loaded, read on the 64 held-out digits as torch.no_grad() reads them: the
// loss, every prediction and probability, the count correct; and a mismatched batch refused.
#include "recur/evaluate.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "fixture.hpp"
#include "recur/error.hpp"

using namespace recur;

// evaluate() of `model` and `head` on the digits fixture's held-out digits (from j["train"] on)
// equals PyTorch's (training.json's "evaluation"). trainer_test.cpp checks it after its own 20 steps.
void check_held_out_evaluation(const Model& model, const Linear& head, const DigitsFile& file,
                               const fixture::Json& j) {
  std::vector<std::size_t> held;
  for (std::size_t i = static_cast<std::size_t>(j["train"].number); i < file.digits.size(); ++i)
    held.push_back(i);
  const Evaluation e = evaluate(model, head, file.digits.batch(held), file.digits.batch_labels(held));
  CHECK(std::fabs(e.loss - j["evaluation"]["loss"].number) <= 1e-4);
  CHECK(e.predicted == std::vector<std::int32_t>(j["evaluation"]["predicted"].numbers.begin(),
                                                 j["evaluation"]["predicted"].numbers.end()));
  CHECK(fixture::max_abs_error(e.probabilities, fixture::tensor(j["evaluation"]["probabilities"])) <= 1e-4);
  std::size_t correct = 0;
  for (std::size_t b = 0; b < held.size(); ++b) correct += e.predicted[b] == file.digits.labels()[held[b]];
  CHECK(e.correct == correct);
}

TEST_CASE("evaluate: PyTorch's trained digits model reads the held-out digits as PyTorch does") {
  const fixture::Json j = fixture::read("digits/training.json");
  Model model(fixture::config(Mode::lstm, 28, 64, 1, true), 0);
  Linear head = Linear::after(model.config(), 0, 10);
  StateDict module_entries, head_entries;
  for (const Parameter& p : fixture::state_dict(j["parameters"])) {
    if (p.name.rfind("head.", 0) == 0)
      head_entries.push_back({p.name.substr(5), p.value});
    else
      module_entries.push_back(p);
  }
  model.load_state_dict(module_entries);
  head.load_state_dict(head_entries);
  check_held_out_evaluation(model, head, fixture::digits_subset(), j);
}

TEST_CASE("evaluate: refuses a mismatched batch") {
  Model model(fixture::config(Mode::gru, 28, 8, 1, true), 0);
  const Linear head = Linear::after(model.config(), 0, 10);
  CHECK_THROWS_WITH_AS(evaluate(model, head, xt::zeros<float>({2, 28, 28}), {1}),
                       doctest::Contains("y has 1 labels but x has 2 samples"), Error);
  CHECK_THROWS_WITH_AS(evaluate(model, head, xt::zeros<float>({28, 28}), {1}), doctest::Contains("3-D"),
                       Error);
}

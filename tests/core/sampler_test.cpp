// A trained character model writing (sampler.hpp) against PyTorch (tests/fixtures/text,
// tools/make_text_fixtures.py): from the weights PyTorch trained (so a difference in training
// cannot hide one in sampling), greedy and seeded samples with temperature and top-k, the same
// characters, every one, and the top-5 view of the prime with its probabilities; the limits and
// mistakes named, and greedy writing that needs no seed.
#include "recur/sampler.hpp"

#include <doctest/doctest.h>

#include "fixture.hpp"
#include "recur/error.hpp"
#include "recur/text.hpp"

using namespace recur;
using fixture::ints;

TEST_CASE("sampler: PyTorch's trained models write PyTorch's samples and top 5, character for character") {
  for (const auto& name : fixture::case_names("text")) {
    CAPTURE(name);
    const fixture::Json j = fixture::read("text/" + name + ".json");
    const TextDataset d = fixture::text_dataset(j);
    // PyTorch's trained weights, every one (load_state_dict is strict), so a difference in training
    // cannot hide one in sampling: the seed the model is constructed with plays no part.
    Model model(fixture::model_config(j["config"]), 0);
    model.load_state_dict(fixture::state_dict(j["after"]));
    Linear head = Linear::after(model, d.vocabulary().size());
    head.load_state_dict(fixture::state_dict(j["head_after"]));
    const std::vector<std::int32_t> prime = d.encode(j["prime"].string);
    for (const auto& s : j["samples"].items) {
      SampleOptions o;
      o.length = static_cast<std::size_t>(s["length"].number);
      o.temperature = s["temperature"].number;
      o.top_k = static_cast<std::size_t>(s["top_k"].number);
      o.seed = static_cast<std::uint64_t>(s["seed"].number);
      CAPTURE(o.temperature);
      CAPTURE(o.top_k);
      const auto written = sample(model, head, prime, o);
      CHECK(written == ints(s["ids"]));
      CHECK(d.decode(written) == s["text"].string);
    }
    const NextCharacters next = next_characters(model, head, prime, 5);
    CHECK(next.top == ints(j["top5"]));
    CHECK(fixture::max_abs_error(next.probabilities, fixture::tensor(j["top5_probabilities"])) <= 1e-5);
  }
}

TEST_CASE("sampler: limits and mistakes are named; greedy writing needs no seed") {
  Model model(fixture::config(Mode::lstm, 3, 4, 1, true), 0);
  const Linear head = Linear::after(model.config(), 0, 3);
  SampleOptions o;
  CHECK_THROWS_WITH_AS(sample(model, head, {}, o), doctest::Contains("at least one character"), Error);
  CHECK_THROWS_WITH_AS(sample(model, head, {0, 5}, o), doctest::Contains("prime[1] = 5"), Error);
  o.temperature = -1;
  CHECK_THROWS_WITH_AS(sample(model, head, {0}, o), doctest::Contains("temperature"), Error);
  o.temperature = 1;
  o.length = max_sample_length + 1;
  CHECK_THROWS_WITH_AS(sample(model, head, {0}, o), doctest::Contains("more than the maximum"), Error);
  const Linear wide = Linear::after(model.config(), 0, 4);
  CHECK_THROWS_WITH_AS(sample(model, wide, {0}, SampleOptions{}),
                       doctest::Contains("input_size (3) must equal"), Error);
  CHECK_THROWS_WITH_AS(next_characters(model, head, {0, 1}, 4), doctest::Contains("k must be between 1 and"),
                       Error);
  // Greedy needs no generator: the same text whatever the seed.
  o = SampleOptions{};
  o.temperature = 0;
  o.length = 30;
  const auto a = sample(model, head, {0, 1}, o);
  o.seed = 99;
  CHECK(sample(model, head, {0, 1}, o) == a);
}

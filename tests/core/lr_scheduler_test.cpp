// cosine_annealing_lr (lr_scheduler.hpp) against PyTorch's CosineAnnealingLR
// (tests/fixtures/digits/lr.json, tools/make_digits_fixtures.py): the lr of every epoch, bit for
// bit, for several T_max and eta_min, past T_max too; and what it refuses.
#include "recur/lr_scheduler.hpp"

#include <doctest/doctest.h>

#include <string>

#include "fixture.hpp"
#include "recur/error.hpp"

using namespace recur;

TEST_CASE("cosine_annealing_lr: every epoch's lr is PyTorch's, bit for bit") {
  const fixture::Json j = fixture::read("digits/lr.json");
  REQUIRE(j["cases"].items.size() >= 5);
  for (const fixture::Json& c : j["cases"].items) {
    const auto t_max = static_cast<std::size_t>(c["T_max"].number);
    CAPTURE(t_max);
    CAPTURE(c["eta_min"].number);
    const auto& lrs = c["lrs"].items;
    REQUIRE(lrs.size() == 3 * t_max + 3);
    for (std::size_t e = 0; e < lrs.size(); ++e) {
      CAPTURE(e);
      CHECK(cosine_annealing_lr(c["lr"].number, t_max, e, c["eta_min"].number) == std::stod(lrs[e].string));
    }
  }
}

TEST_CASE("cosine_annealing_lr: T_max 0 and epochs past the limit are refused") {
  CHECK_THROWS_WITH_AS(cosine_annealing_lr(0.1, 0, 1), "CosineAnnealingLR: T_max must be at least 1, got 0",
                       Error);
  CHECK_THROWS_WITH_AS(cosine_annealing_lr(0.1, 10, max_scheduler_epochs + 1),
                       "CosineAnnealingLR: epoch 1000001 is past the limit of 1000000", Error);
  CHECK(cosine_annealing_lr(0.1, 10, 0) == 0.1);
}

// A text as a character model trains on it, against PyTorch (tests/fixtures/text,
// tools/make_text_fixtures.py): UTF-8, the vocabulary, the chunks, the training losses of the
// whole loop, the validation loss, and the mistakes named. The model writing: sampler_test.cpp.
#include "recur/text.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "fixture.hpp"
#include "recur/error.hpp"
#include "recur/loss.hpp"
#include "recur/sequence_trainer.hpp"

using namespace recur;
using fixture::ints;

TEST_CASE("text: UTF-8 in and out by code points; invalid UTF-8 is named by its byte") {
  const std::string mixed = "a\xC3\xA9\xE6\xB2\xB3\xF0\x9F\x8C\x8A\n";  // a é 河 🌊 \n
  const auto cps = utf8_code_points(mixed);
  CHECK(cps == std::vector<char32_t>{U'a', 0xE9, 0x6CB3, 0x1F30A, U'\n'});
  CHECK(utf8_string(cps) == mixed);
  CHECK_THROWS_WITH_AS(utf8_code_points("ab\xE6\xB2"), doctest::Contains("not valid UTF-8 at byte 2"), Error);
  CHECK_THROWS_WITH_AS(utf8_code_points("\xC0\x80"), doctest::Contains("at byte 0"), Error);
  CHECK_THROWS_WITH_AS(utf8_code_points("x\xED\xA0\x80"), doctest::Contains("at byte 1"),
                       Error);  // a surrogate
}

TEST_CASE("text: the vocabulary, chunks and validation rows are PyTorch's") {
  for (const auto& name : fixture::case_names("text")) {
    CAPTURE(name);
    const fixture::Json j = fixture::read("text/" + name + ".json");
    const std::string text = fixture::sample_text(j["text_file"].string);
    const auto seq_len = static_cast<std::size_t>(j["seq_len"].number);
    const auto batch = static_cast<std::size_t>(j["batch"].number);
    const TextDataset d(text, seq_len, batch);
    REQUIRE(d.vocabulary().size() == j["vocabulary"].items.size());
    for (std::size_t i = 0; i < d.vocabulary().size(); ++i)
      CHECK(utf8_string({d.vocabulary()[i]}) == j["vocabulary"].items[i].string);
    CHECK(d.chunks() == static_cast<std::size_t>(j["chunks"].number));
    CHECK(d.validation_rows() == static_cast<std::size_t>(j["validation_rows"].number));
    const TextChunk first = d.chunk(0, true);
    CHECK(first.y == ints(j["first_chunk_y"]));
    CHECK(first.y_shape == Shape{batch, seq_len});
    const auto x_ids = ints(j["first_chunk_x"]);
    const std::size_t V = d.vocabulary().size();
    for (std::size_t r = 0; r < x_ids.size(); ++r) {
      const float* row = first.x.data() + r * V;
      CHECK(row[x_ids[r]] == 1.0f);
      float sum = 0;
      for (std::size_t v = 0; v < V; ++v) sum += row[v];
      CHECK(sum == 1.0f);
    }
    CHECK(d.chunk(d.chunks() - 1, true).y == ints(j["last_chunk_y"]));
    CHECK(d.validation(true).y == ints(j["validation_y"]));
    // Seq-first is the transpose.
    const TextChunk seq_first = d.chunk(0, false);
    CHECK(seq_first.y_shape == Shape{seq_len, batch});
    CHECK(seq_first.y[1 * batch + 0] == first.y[0 * seq_len + 1]);
    // encode / decode round trip a stretch of the text itself.
    const std::vector<std::int32_t> ids = d.encode(text.substr(0, 60));
    CHECK(d.decode(ids) == text.substr(0, 60));
  }
}

TEST_CASE("text: the whole training loop and the validation loss equal PyTorch's") {
  for (const auto& name : fixture::case_names("text")) {
    CAPTURE(name);
    const fixture::Json j = fixture::read("text/" + name + ".json");
    const TextDataset d = fixture::text_dataset(j);
    const ModelConfig config = fixture::model_config(j["config"]);
    const auto seed = static_cast<std::uint64_t>(j["seed"].number);
    Model model(config, seed);
    OptimizerOptions adam;
    adam.lr = j["lr"].number;
    const std::size_t V = d.vocabulary().size();
    SequenceTrainer trainer(model, Linear::after(config, seed, V), adam);
    const bool stateful = j["stateful"].boolean;
    std::optional<Tensor> h, c;
    double worst = 0;
    const auto& losses = j["losses"].numbers;
    for (std::size_t step = 0; step < losses.size(); ++step) {
      const std::size_t i = step % d.chunks();
      if (!stateful || i == 0) h.reset(), c.reset();
      const TextChunk chunk = d.chunk(i, true);
      const SequenceTrainingStep r =
          trainer.step(chunk.x, chunk.y, chunk.y_shape, h ? &*h : nullptr, c ? &*c : nullptr);
      CAPTURE(step);
      CHECK(std::fabs(r.loss - losses[step]) <= 1e-4 * std::max(1.0f, losses[step]));
      worst = std::max(worst, static_cast<double>(std::fabs(r.loss - losses[step])));
      h = r.h_n, c = r.c_n;
    }
    MESSAGE(name << ": worst training loss difference over " << losses.size() << " steps " << worst);
    const TextChunk val = d.validation(true);
    Tensor rows = model.forward(val.x).output;
    rows.reshape({val.y.size(), output_size(config)});
    CHECK(std::fabs(cross_entropy(linear_rows(trainer.head(), rows), val.y).loss -
                    j["validation_loss"].number) <= 1e-4);
  }
}

TEST_CASE("text: limits and mistakes are named") {
  CHECK_THROWS_WITH_AS(TextDataset("short text", 8, 2), doctest::Contains("the text is too short"), Error);
  CHECK_THROWS_WITH_AS(TextDataset(std::string(30, 'a'), 4, 8),
                       doctest::Contains("must hold batch x seq_len + 1 = 33 characters"), Error);
  CHECK_THROWS_WITH_AS(
      TextDataset(std::string(200, 'a'), 30, 1),
      doctest::Contains("last tenth (20 characters), held out for validation, must hold seq_len + "
                        "1 = 31"),
      Error);
  CHECK_THROWS_WITH_AS(TextDataset("abc", 0, 1), doctest::Contains("seq_len must be at least 1"), Error);
  std::string many;
  for (char32_t c = 0x4E00; c < 0x4E00 + max_text_vocabulary + 1; ++c) many += utf8_string({c, c});
  CHECK_THROWS_WITH_AS(TextDataset(many, 2, 1),
                       doctest::Contains("4097 different characters, more than the 4096"), Error);
  const TextDataset d(std::string(200, 'a') + "b\n", 4, 2);
  CHECK(d.vocabulary() == std::vector<char32_t>{U'\n', U'a', U'b'});  // sorted by code point
  CHECK_THROWS_WITH_AS(d.encode("ab河"),
                       doctest::Contains("character 3, '河' (U+6CB3), is not in the text's vocabulary"),
                       Error);
  CHECK_THROWS_WITH_AS(d.chunk(d.chunks(), true), doctest::Contains("does not exist"), Error);
  CHECK_THROWS_WITH_AS(d.decode({0, 3}), doctest::Contains("ids[1] = 3"), Error);
}

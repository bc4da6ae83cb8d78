// nn.Embedding(V, E, padding_idx=0) in front of the recurrent layer, against PyTorch
// (tests/fixtures/embedding, written by tools/make_embedding_fixtures.py): the seeded weights
// bit for bit, then 20 Adam steps on packed sentences of word ids, every gradient within 1e-4.
#include "recur/embedding.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "fixture.hpp"
#include "recur/error.hpp"
#include "recur/trainer.hpp"

using namespace recur;

TEST_CASE("embedding + packed training: seeded weights bit for bit, 20 Adam steps, every gradient") {
  const auto names = fixture::case_names("embedding");
  REQUIRE(names.size() >= 6);
  for (const auto& name : names) {
    CAPTURE(name);
    const fixture::Json j = fixture::read("embedding/" + name + ".json");
    ModelConfig c;
    const fixture::Json& cfg = j["config"];
    c.mode = parse_mode(cfg["mode"].string);
    c.input_size = static_cast<std::size_t>(cfg["input_size"].number);
    c.hidden_size = static_cast<std::size_t>(cfg["hidden_size"].number);
    c.num_layers = static_cast<std::size_t>(cfg["num_layers"].number);
    c.batch_first = cfg["batch_first"].boolean;
    c.bidirectional = cfg["bidirectional"].boolean;
    c.num_embeddings = static_cast<std::size_t>(cfg["num_embeddings"].number);
    Model model(c, static_cast<std::uint64_t>(cfg["seed"].number));
    OptimizerOptions adam;
    adam.lr = j["optimizer"]["lr"].number;
    Trainer trainer(model, Linear::after(model, 2), adam);

    // The seeded module: embedding.weight (PyTorch's normal_), rnn.*, head.*, every bit.
    const StateDict seeded = fixture::state_dict(j["seeded"]);
    std::size_t checked = 0;
    for (const auto& p : seeded) {
      CAPTURE(p.name);
      const Tensor* got = p.name.rfind("head.", 0) == 0
                              ? find_parameter(trainer.head().state_dict(), p.name.substr(5))
                              : find_parameter(model.state_dict(), p.name);
      REQUIRE(got != nullptr);
      CHECK(fixture::max_abs_error(*got, p.value) == 0);
      ++checked;
    }
    CHECK(checked == model.state_dict().size() + 2);

    const Tensor ids = fixture::tensor(j["ids"]);
    Lengths lengths;
    for (float v : j["lengths"].numbers) lengths.push_back(static_cast<std::size_t>(v));
    std::vector<std::int32_t> y;
    for (float v : j["y"].numbers) y.push_back(static_cast<std::int32_t>(v));
    for (std::size_t s = 0; s < j["steps"].items.size(); ++s) {
      CAPTURE(s);
      const fixture::Json& want = j["steps"].items[s];
      const TrainingStep step = trainer.step(ids, y, nullptr, nullptr, &lengths);
      CHECK(std::abs(step.loss - static_cast<float>(want["loss"].number)) <= 1e-5f);
      for (const auto& g : fixture::state_dict(want["grads"])) {
        CAPTURE(g.name);
        const Tensor* got = find_parameter(step.gradients, g.name);
        REQUIRE(got != nullptr);
        CHECK(fixture::max_abs_error(*got, g.value) <= 1e-4f);
      }
      // The padding row gets no gradient, as in PyTorch.
      const Tensor& d_embedding = *find_parameter(step.gradients, "embedding.weight");
      for (std::size_t k = 0; k < c.input_size; ++k) CHECK(d_embedding.data()[k] == 0);
    }
    CHECK(j["steps"].items.size() == 20);
    for (const auto& p : fixture::state_dict(j["trained"])) {
      CAPTURE(p.name);
      const Tensor* got = p.name.rfind("head.", 0) == 0
                              ? find_parameter(trainer.head().state_dict(), p.name.substr(5))
                              : find_parameter(model.state_dict(), p.name);
      REQUIRE(got != nullptr);
      CHECK(fixture::max_abs_error(*got, p.value) <= 1e-4f);
    }
    // The padding row stays zero through training.
    const Tensor& weight = *find_parameter(model.state_dict(), "embedding.weight");
    for (std::size_t k = 0; k < c.input_size; ++k) CHECK(weight.data()[k] == 0);
  }
}

TEST_CASE("token ids are checked, named by position; names and infer_config follow the generated module") {
  ModelConfig c = fixture::config(Mode::gru, 4, 3, 1, true);
  c.num_embeddings = 6;
  const Model model(c, 0);
  Tensor ids = xt::zeros<float>({2, 3});
  ids.data()[5] = 7;
  CHECK_THROWS_WITH_AS(model.forward(ids),
                       "x[1, 2] is 7: a token id is an integer from 0 to 5 (num_embeddings = 6)", Error);
  ids.data()[5] = 1.5f;
  CHECK_THROWS_WITH_AS(model.forward(ids), doctest::Contains("x[1, 2] is 1.5"), Error);
  ids.data()[5] = 5;
  CHECK(model.forward(ids).output.shape()[2] == 3);
  const Tensor features = xt::zeros<float>({2, 3, 4});
  CHECK_THROWS_WITH_AS(model.forward(features), doctest::Contains("with an embedding, x holds token ids"),
                       Error);
  CHECK(model.state_dict()[0].name == "embedding.weight");
  CHECK(model.state_dict()[1].name == "rnn.weight_ih_l0");
  const ModelConfig inferred = infer_config(model.state_dict());
  CHECK(inferred.num_embeddings == 6);
  CHECK(inferred.input_size == 4);
  CHECK(inferred.mode == Mode::gru);
  ModelConfig big = c;
  big.num_embeddings = max_num_embeddings + 1;
  CHECK_THROWS_WITH_AS(validate(big), "num_embeddings is 65537, more than the maximum 65536", Error);
}

TEST_CASE("normal_ as PyTorch's CPU generator draws it, both of its paths") {
  // torch.manual_seed(0); torch.empty(16).normal_()[:4] and torch.empty(5).normal_()
  TorchGenerator a(0);
  float v[16];
  a.normal(v, 16);
  CHECK(v[0] == -1.1258398294448853f);
  CHECK(v[1] == -1.152360200881958f);
  CHECK(v[2] == -0.2505785822868347f);
  CHECK(v[3] == -0.4338788092136383f);
  TorchGenerator b(0);
  b.normal(v, 5);
  CHECK(v[0] == 1.5409960746765137f);
  CHECK(v[1] == -0.293428897857666f);
  CHECK(v[4] == -1.0845223665237427f);
}

#include "recur/sampler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "recur/error.hpp"
#include "recur/init.hpp"
#include "recur/sequence_trainer.hpp"

namespace recur {
namespace {

// The model and head of a character model: one-hot input of the head's classes, one direction.
std::size_t check_character_model(const Model& model, const Linear& head) {
  const ModelConfig& c = model.config();
  if (c.input_size != head.out_features())
    throw Error("a character model reads one-hot characters: input_size (" + std::to_string(c.input_size) +
                ") must equal the head's out_features (" + std::to_string(head.out_features()) + ")");
  if (c.bidirectional) throw Error("a bidirectional model cannot write: it reads the text both ways");
  return head.out_features();
}

void check_ids(const std::vector<std::int32_t>& ids, std::size_t V, const char* what) {
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i] < 0 || static_cast<std::size_t>(ids[i]) >= V)
      throw Error(std::string(what) + "[" + std::to_string(i) + "] = " + std::to_string(ids[i]) +
                  " is not a character of the vocabulary (0 to " + std::to_string(V - 1) + ")");
}

// One-hot x for a batch of one, in the model's layout ([1, T, V] or [T, 1, V]: the same memory).
Tensor one_hot(const std::vector<std::int32_t>& ids, std::size_t V, bool batch_first) {
  Tensor x = xt::zeros<float>(batch_first ? Shape{1, ids.size(), V} : Shape{ids.size(), 1, V});
  for (std::size_t t = 0; t < ids.size(); ++t) x.data()[t * V + static_cast<std::size_t>(ids[t])] = 1.0f;
  return x;
}

// The last step's output row, [1, R].
Tensor last_row(const Tensor& output) {
  const std::size_t R = output.shape().back();
  Tensor row = Tensor::from_shape({1, R});
  std::copy_n(output.data() + output.size() - R, R, row.data());
  return row;
}

}  // namespace

std::vector<std::int32_t> sample(const Model& model, const Linear& head,
                                 const std::vector<std::int32_t>& prime, const SampleOptions& options) {
  const std::size_t V = check_character_model(model, head);
  if (prime.empty()) throw Error("the prime needs at least one character to start from");
  check_ids(prime, V, "prime");
  if (options.length > max_sample_length)
    throw Error("length is " + std::to_string(options.length) + ", more than the maximum " +
                std::to_string(max_sample_length));
  if (!(options.temperature >= 0) || !std::isfinite(options.temperature))
    throw Error("temperature must be 0 (greedy) or positive, got " + std::to_string(options.temperature));
  const bool batch_first = model.config().batch_first;
  ForwardResult f = model.forward(one_hot(prime, V, batch_first));
  TorchGenerator generator(options.seed);
  std::vector<std::int32_t> out;
  out.reserve(options.length);
  std::vector<double> l(V), cdf(V);
  std::vector<std::int32_t> next(1);
  for (std::size_t n = 0; n < options.length; ++n) {
    const Tensor logits = linear_rows(head, last_row(f.output));
    const float* z = logits.data();
    std::size_t chosen = 0;
    if (options.temperature == 0) {
      for (std::size_t v = 1; v < V; ++v)
        if (z[v] > z[chosen]) chosen = v;
    } else {
      for (std::size_t v = 0; v < V; ++v) l[v] = static_cast<double>(z[v]) / options.temperature;
      if (options.top_k > 0 && options.top_k < V) {
        std::vector<double> sorted(l);
        std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(options.top_k - 1),
                         sorted.end(), std::greater<double>());
        const double kth = sorted[options.top_k - 1];
        for (double& v : l)
          if (v < kth) v = -std::numeric_limits<double>::infinity();
      }
      const double top = *std::max_element(l.begin(), l.end());
      double sum = 0;
      for (std::size_t v = 0; v < V; ++v) sum += (cdf[v] = std::exp(l[v] - top));
      double running = 0;
      for (std::size_t v = 0; v < V; ++v) cdf[v] = (running += cdf[v] / sum);
      const double u = generator.uniform(0.0f, 1.0f);
      std::size_t below = 0;
      for (std::size_t v = 0; v < V; ++v) below += cdf[v] <= u;
      chosen = std::min(below, V - 1);
    }
    out.push_back(static_cast<std::int32_t>(chosen));
    if (n + 1 == options.length) break;
    next[0] = static_cast<std::int32_t>(chosen);
    const Tensor h = f.h_n;
    const std::optional<Tensor> c = f.c_n;
    f = model.forward(one_hot(next, V, batch_first), &h, c ? &*c : nullptr);
  }
  return out;
}

NextCharacters next_characters(const Model& model, const Linear& head, const std::vector<std::int32_t>& ids,
                               std::size_t k) {
  const std::size_t V = check_character_model(model, head);
  if (ids.empty()) throw Error("the text to step through is empty");
  check_ids(ids, V, "ids");
  if (k == 0 || k > V)
    throw Error("k must be between 1 and the vocabulary's " + std::to_string(V) + ", got " +
                std::to_string(k));
  NextCharacters r;
  r.forward = model.forward(one_hot(ids, V, model.config().batch_first), nullptr, nullptr, Record::steps);
  const std::size_t T = ids.size(), R = r.forward.output.shape().back();
  Tensor rows = r.forward.output;
  rows.reshape({T, R});
  const Tensor probabilities = softmax(linear_rows(head, rows));
  r.top.resize(T * k);
  r.probabilities = Tensor::from_shape({T, k});
  std::vector<std::int32_t> order(V);
  for (std::size_t t = 0; t < T; ++t) {
    const float* p = probabilities.data() + t * V;
    std::iota(order.begin(), order.end(), 0);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [p](std::int32_t a, std::int32_t b) { return p[a] > p[b] || (p[a] == p[b] && a < b); });
    for (std::size_t j = 0; j < k; ++j) {
      r.top[t * k + j] = order[j];
      r.probabilities.data()[t * k + j] = p[order[j]];
    }
  }
  return r;
}

}  // namespace recur

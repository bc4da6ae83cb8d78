#include "recur/linear.hpp"

#include <algorithm>
#include <cmath>

#include "recur/error.hpp"
#include "recur/format.hpp"

namespace recur {
namespace {

void check_sizes(std::size_t in_features, std::size_t out_features) {
  if (in_features == 0 || in_features > max_hidden_size)
    throw Error("Linear: in_features must be between 1 and " + std::to_string(max_hidden_size) + ", got " +
                std::to_string(in_features));
  if (out_features == 0 || out_features > max_out_features)
    throw Error("Linear: out_features must be between 1 and " + std::to_string(max_out_features) + ", got " +
                std::to_string(out_features));
}

}  // namespace

Linear::Linear(std::size_t in_features, std::size_t out_features, TorchGenerator& generator)
    : in_features_(in_features), out_features_(out_features) {
  check_sizes(in_features, out_features);
  const double a = std::sqrt(5.0);
  const double gain = std::sqrt(2.0 / (1 + a * a));
  const double weight_bound = std::sqrt(3.0) * (gain / std::sqrt(static_cast<double>(in_features)));
  const double bias_bound = 1 / std::sqrt(static_cast<double>(in_features));
  Tensor weight = Tensor::from_shape({out_features, in_features});
  for (float& v : weight)
    v = generator.uniform(static_cast<float>(-weight_bound), static_cast<float>(weight_bound));
  Tensor bias = Tensor::from_shape({out_features});
  for (float& v : bias)
    v = generator.uniform(static_cast<float>(-bias_bound), static_cast<float>(bias_bound));
  params_ = {{"weight", std::move(weight)}, {"bias", std::move(bias)}};
}

namespace {

// nn.Linear(in_features, out_features) constructed right after `model` under torch.manual_seed(seed).
Linear drawn_after(const ModelConfig& model, std::uint64_t seed, std::size_t out_features,
                   std::size_t in_features) {
  validate(model);
  check_sizes(in_features, out_features);
  TorchGenerator generator(seed);
  if (model.num_embeddings)
    initial_parameters(model, generator);  // the embedding's normal_ takes a varying number of draws
  else
    generator.skip(parameter_count(model));  // the module's own draws, one a parameter
  return Linear(in_features, out_features, generator);
}

}  // namespace

Linear Linear::after(const ModelConfig& model, std::uint64_t seed, std::size_t out_features) {
  validate(model);
  return drawn_after(model, seed, out_features, output_size(model));
}

Linear Linear::after(const Model& model, std::size_t out_features, std::size_t in_features) {
  return drawn_after(model.config(), model.seed(), out_features, in_features);
}

void Linear::load_state_dict(const StateDict& entries) {
  check_state_dict({{"weight", {out_features_, in_features_}}, {"bias", {out_features_}}}, entries, "Linear");
  for (auto& p : params_) p.value = *find_parameter(entries, p.name);
}

LinearResult Linear::forward(const Tensor& x) const {
  if (x.dimension() != 2 || x.shape()[1] != in_features_)
    throw Error("Linear: input must be [batch, " + std::to_string(in_features_) + "], got " +
                format_dims(shape_of(x)));
  const std::size_t B = x.shape()[0], I = in_features_, O = out_features_;
  const float* w = params_[0].value.data();
  const float* bias = params_[1].value.data();
  LinearResult r;
  r.logits = Tensor::from_shape({B, O});
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t o = 0; o < O; ++o) {
      float sum = 0;
      for (std::size_t i = 0; i < I; ++i) sum += x.data()[b * I + i] * w[o * I + i];
      r.logits.data()[b * O + o] = sum + bias[o];
    }
  r.probabilities = softmax(r.logits);
  for (std::size_t b = 0; b < B; ++b) {
    const float* row = r.logits.data() + b * O;
    std::size_t best = 0;
    for (std::size_t o = 1; o < O && !std::isnan(row[best]); ++o)
      if (row[o] > row[best] || std::isnan(row[o])) best = o;
    r.predicted.push_back(static_cast<std::int32_t>(best));
  }
  return r;
}

LinearGradients Linear::backward(const Tensor& x, const Tensor& d_logits) const {
  const std::size_t B = x.shape()[0], I = in_features_, O = out_features_;
  if (shape_of(d_logits) != Shape{B, O})
    throw Error("Linear: the logits' gradient must be " + format_dims({B, O}) + ", got " +
                format_dims(shape_of(d_logits)));
  const float* w = params_[0].value.data();
  LinearGradients g{{{"weight", xt::zeros<float>({O, I})}, {"bias", xt::zeros<float>({O})}},
                    xt::zeros<float>({B, I})};
  float* dw = g.parameters[0].value.data();
  float* db = g.parameters[1].value.data();
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t o = 0; o < O; ++o) {
      const float d = d_logits.data()[b * O + o];
      db[o] += d;
      for (std::size_t i = 0; i < I; ++i) {
        dw[o * I + i] += d * x.data()[b * I + i];
        g.x.data()[b * I + i] += d * w[o * I + i];
      }
    }
  return g;
}

Tensor softmax(const Tensor& logits) {
  const std::size_t n = logits.shape().back(), rows = logits.size() / n;
  Tensor out = Tensor::from_shape(shape_of(logits));
  for (std::size_t r = 0; r < rows; ++r) {
    const float* in = logits.data() + r * n;
    float* o = out.data() + r * n;
    // Subtracting the maximum keeps exp from overflowing, as PyTorch does.
    const float top = *std::max_element(in, in + n);
    float sum = 0;
    for (std::size_t j = 0; j < n; ++j) sum += (o[j] = std::exp(in[j] - top));
    for (std::size_t j = 0; j < n; ++j) o[j] /= sum;
  }
  return out;
}

}  // namespace recur

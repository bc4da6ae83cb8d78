#include "recur/trainer.hpp"

#include <cmath>

#include "recur/backward.hpp"
#include "recur/embedding.hpp"
#include "recur/error.hpp"
#include "recur/loss.hpp"

namespace recur {

std::optional<Tensor> batch_of_one(const Tensor* t, std::size_t axis) {
  std::optional<Tensor> r;
  if (t == nullptr) return r;
  Shape s = shape_of(*t);
  s.insert(s.begin() + static_cast<std::ptrdiff_t>(axis), 1);
  (r = *t)->reshape(s);
  return r;
}

std::size_t head_features(const ModelConfig& config, HeadInput input) {
  if (input == HeadInput::cat && !config.bidirectional)
    throw Error(
        "torch.cat((h_n[-2], h_n[-1]), dim=1) joins the top layer's two directions: it needs "
        "bidirectional=True");
  return (input == HeadInput::cat ? 2 : 1) * output_size(config);
}

Trainer::Trainer(Model& model, Linear head, const OptimizerOptions& options, double max_grad_norm,
                 HeadInput input)
    : model_(model),
      head_(std::move(head)),
      optimizer_(options),
      max_grad_norm_(max_grad_norm),
      input_(input) {
  const std::size_t features = head_features(model.config(), input);
  if (head_.in_features() != features)
    throw Error(std::string("the head reads ") +
                (input == HeadInput::cat ? "torch.cat((h_n[-2], h_n[-1]), dim=1)" : "h_n[-1]") + " of " +
                std::to_string(features) +
                " values, but has in_features = " + std::to_string(head_.in_features()));
  if (!(max_grad_norm >= 0)) throw Error("max_grad_norm must be 0 (no clipping) or positive");
}

TrainingStep Trainer::loss_and_grad(const Tensor& x, const std::vector<std::int32_t>& labels,
                                    const Tensor* h0, const Tensor* c0, const Lengths* lengths,
                                    InputGradient input_gradient) const {
  const ModelConfig& config = model_.config();
  if (config.num_embeddings) {
    // Token ids: train on their embedded features, then gather the embedding's gradient (the
    // padding row gets none, as in PyTorch) from the features' gradient, which is dL/dx.
    TrainingStep r =
        features_loss_and_grad(model_.embedded(x), labels, h0, c0, lengths, InputGradient::wanted);
    const Tensor& weight = *find_parameter(model_.state_dict(), "embedding.weight");
    for (auto& g : r.gradients)
      if (g.name == "embedding.weight") g.value = embedding_gradient(weight, x, *r.x);
    if (input_gradient == InputGradient::skipped) r.x.reset();
    double sum = 0;
    for (const auto& p : r.gradients)
      for (float v : p.value) sum += static_cast<double>(v) * v;
    r.gradient_norm = static_cast<float>(std::sqrt(sum));
    return r;
  }
  return features_loss_and_grad(x, labels, h0, c0, lengths, input_gradient);
}

TrainingStep Trainer::features_loss_and_grad(const Tensor& x, const std::vector<std::int32_t>& labels,
                                             const Tensor* h0, const Tensor* c0, const Lengths* lengths,
                                             InputGradient input_gradient) const {
  const ModelConfig& config = model_.config();
  if (x.dimension() == 2) {
    // One sentence: train on it as a batch of one and give the gradients back unbatched.
    if (h0 != nullptr && h0->dimension() != 2) throw Error("For unbatched 2-D input, hx should also be 2-D");
    if (c0 != nullptr && c0->dimension() != 2) throw Error("For unbatched 2-D input, cx should also be 2-D");
    const auto xb = batch_of_one(&x, config.batch_first ? 0 : 1);
    const auto hb = batch_of_one(h0, 1), cb = batch_of_one(c0, 1);
    TrainingStep r = features_loss_and_grad(*xb, labels, hb ? &*hb : nullptr, cb ? &*cb : nullptr, lengths,
                                            input_gradient);
    if (r.x) r.x->reshape(shape_of(x));
    r.h0.reshape({r.h0.shape()[0], r.h0.shape()[2]});
    if (r.c0) r.c0->reshape({r.c0->shape()[0], r.c0->shape()[2]});
    return r;
  }
  const ForwardResult forward = model_.forward_features(x, h0, c0, Record::for_backward, lengths);
  const std::size_t S = forward.h_n.shape()[0], B = forward.h_n.shape()[1], R = forward.h_n.shape()[2];
  if (labels.size() != B)
    throw Error("y has " + std::to_string(labels.size()) + " labels but x has " + std::to_string(B) +
                " sentences: one label per sentence");
  // h_n[-1], or each sentence's h_n[-2] row then its h_n[-1] row (torch.cat(..., dim=1)).
  const std::size_t parts = input_ == HeadInput::cat ? 2 : 1, first = S - parts;
  Tensor top = Tensor::from_shape({B, parts * R});
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t p = 0; p < parts; ++p)
      std::copy_n(forward.h_n.data() + ((first + p) * B + b) * R, R, top.data() + (b * parts + p) * R);
  const LinearResult head = head_.forward(top);
  const CrossEntropy loss = cross_entropy(head.logits, labels);
  LinearGradients head_grads = head_.backward(top, loss.d_logits);
  Tensor d_h_n = xt::zeros<float>({S, B, R});
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t p = 0; p < parts; ++p)
      std::copy_n(head_grads.x.data() + (b * parts + p) * R, R, d_h_n.data() + ((first + p) * B + b) * R);
  ModelGradients g = backward(model_, x, h0, c0, forward, nullptr, &d_h_n, nullptr, lengths, input_gradient);

  TrainingStep r;
  r.loss = loss.loss;
  r.predicted = head.predicted;
  r.gradients = std::move(g.parameters);
  for (auto& p : head_grads.parameters) r.gradients.push_back({"head." + p.name, std::move(p.value)});
  double sum = 0;
  for (const auto& p : r.gradients)
    for (float v : p.value) sum += static_cast<double>(v) * v;
  r.gradient_norm = static_cast<float>(std::sqrt(sum));
  r.x = std::move(g.x);
  r.h0 = std::move(g.h0);
  r.c0 = std::move(g.c0);
  r.hidden_norms = std::move(g.hidden_norms);
  return r;
}

void apply_gradients(Model& model, Linear& head, Optimizer& optimizer, StateDict gradients,
                     double max_grad_norm) {
  std::vector<Tensor*> g;
  for (auto& p : gradients) g.push_back(&p.value);
  if (max_grad_norm > 0) clip_grad_norm(g, max_grad_norm);
  StateDict model_params = model.state_dict(), head_params = head.state_dict();
  std::vector<Tensor*> params;
  for (auto& p : model_params) params.push_back(&p.value);
  for (auto& p : head_params) params.push_back(&p.value);
  optimizer.step(params, std::vector<const Tensor*>(g.begin(), g.end()));
  model.load_state_dict(model_params);
  head.load_state_dict(head_params);
}

TrainingStep Trainer::step(const Tensor& x, const std::vector<std::int32_t>& labels, const Tensor* h0,
                           const Tensor* c0, const Lengths* lengths) {
  TrainingStep r = loss_and_grad(x, labels, h0, c0, lengths, InputGradient::skipped);
  apply_gradients(model_, head_, optimizer_, r.gradients, max_grad_norm_);
  return r;
}

}  // namespace recur

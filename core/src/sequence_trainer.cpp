#include "recur/sequence_trainer.hpp"

#include <cmath>
#include <string>

#include "recur/backward.hpp"
#include "recur/error.hpp"
#include "recur/format.hpp"
#include "recur/kernels/gemm.hpp"
#include "recur/loss.hpp"
#include "recur/trainer.hpp"

namespace recur {
namespace {

using kernels::packed_rhs;
using kernels::PackedMatrix;
using kernels::padded;

// "y[3][5]" in y's own layout, and which sentence and step that is.
std::string target_position(std::size_t row, const Shape& shape, bool batch_first) {
  const std::size_t inner = shape.size() == 2 ? shape[1] : shape[0];
  const std::size_t i = row / inner, j = row % inner;
  if (shape.size() == 1) return "y[" + std::to_string(row) + "] (step " + std::to_string(row + 1) + ")";
  const std::size_t sentence = batch_first ? i : j, step = batch_first ? j : i;
  return "y[" + std::to_string(i) + "][" + std::to_string(j) + "] (sentence " + std::to_string(sentence + 1) +
         ", step " + std::to_string(step + 1) + ")";
}

}  // namespace

Tensor linear_rows(const Linear& head, const Tensor& x) {
  const std::size_t I = head.in_features(), O = head.out_features(), Op = padded(O);
  if (x.dimension() != 2 || x.shape()[1] != I)
    throw Error("Linear: input must be [rows, " + std::to_string(I) + "], got " + format_dims(shape_of(x)));
  const std::size_t N = x.shape()[0];
  const PackedMatrix w(head.state_dict()[0].value.data(), O, I);
  std::vector<float> bias(Op, 0.0f), wide(N * Op);
  std::copy_n(head.state_dict()[1].value.data(), O, bias.data());
  kernels::gemm_bias(N, x.data(), I, w, bias.data(), wide.data(), Op);
  Tensor logits = Tensor::from_shape({N, O});
  for (std::size_t r = 0; r < N; ++r) std::copy_n(wide.data() + r * Op, O, logits.data() + r * O);
  return logits;
}

SequenceTrainer::SequenceTrainer(Model& model, Linear head, const OptimizerOptions& options,
                                 double max_grad_norm)
    : model_(model), head_(std::move(head)), optimizer_(options), max_grad_norm_(max_grad_norm) {
  if (model.config().bidirectional)
    throw Error(
        "per_step training predicts each step from the steps before it, but a bidirectional model's reverse "
        "direction has already read the steps after: use bidirectional: false");
  if (head_.in_features() != output_size(model.config()))
    throw Error("the head reads output's " + std::to_string(output_size(model.config())) +
                " values a step, but has in_features = " + std::to_string(head_.in_features()));
  if (!(max_grad_norm >= 0)) throw Error("max_grad_norm must be 0 (no clipping) or positive");
}

SequenceTrainingStep SequenceTrainer::loss_and_grad(const Tensor& x, const std::vector<std::int32_t>& targets,
                                                    const Shape& target_shape, const Tensor* h0,
                                                    const Tensor* c0, InputGradient input_gradient) const {
  const ModelConfig& config = model_.config();
  if (x.dimension() != 2 && x.dimension() != 3)
    throw Error(
        "x must be [batch, seq_len, input_size] (batch_first) or [seq_len, batch, input_size], or "
        "[seq_len, input_size] for one sentence, got " +
        format_dims(shape_of(x)));
  Shape expected = shape_of(x);
  expected.pop_back();
  if (target_shape != expected)
    throw Error("y must have x's shape without its last dimension: " + format_dims(expected) + " (" +
                (x.dimension() == 2   ? std::string("seq_len")
                 : config.batch_first ? std::string("batch, seq_len")
                                      : std::string("seq_len, batch")) +
                "), got " + format_dims(target_shape));
  std::size_t count = 1;
  for (std::size_t d : expected) count *= d;
  if (targets.size() != count)
    throw Error("y has " + std::to_string(targets.size()) + " values but its shape " +
                format_dims(target_shape) + " holds " + std::to_string(count));
  const std::size_t V = head_.out_features();
  for (std::size_t r = 0; r < targets.size(); ++r)
    if (targets[r] < 0 || static_cast<std::size_t>(targets[r]) >= V)
      throw Error(target_position(r, target_shape, config.batch_first) + " = " + std::to_string(targets[r]) +
                  " is not a class of a head with out_features = " + std::to_string(V) + " (classes 0 to " +
                  std::to_string(V - 1) + ")");
  if (x.dimension() == 2) {
    // One sentence: train on it as a batch of one and give the gradients and states back unbatched.
    if (h0 != nullptr && h0->dimension() != 2) throw Error("For unbatched 2-D input, hx should also be 2-D");
    if (c0 != nullptr && c0->dimension() != 2) throw Error("For unbatched 2-D input, cx should also be 2-D");
    const std::size_t axis = config.batch_first ? 0 : 1;
    const auto xb = batch_of_one(&x, axis);
    const auto hb = batch_of_one(h0, 1), cb = batch_of_one(c0, 1);
    Shape ys = target_shape;
    ys.insert(ys.begin() + static_cast<std::ptrdiff_t>(axis), 1);
    SequenceTrainingStep r =
        loss_and_grad(*xb, targets, ys, hb ? &*hb : nullptr, cb ? &*cb : nullptr, input_gradient);
    const auto unbatch = [](Tensor& t) { t.reshape({t.shape()[0], t.shape()[2]}); };
    if (r.x) r.x->reshape(shape_of(x));
    unbatch(r.h0);
    unbatch(r.h_n);
    if (r.c0) unbatch(*r.c0);
    if (r.c_n) unbatch(*r.c_n);
    return r;
  }

  ForwardResult forward = model_.forward(x, h0, c0, Record::for_backward);
  const std::size_t R = output_size(config), N = targets.size(), Rp = padded(R);
  // output's rows (batch, step) or (step, batch), in y's layout: one logits row each. output
  // itself, reshaped (not copied) and shaped back before backward reads it.
  const Shape output_shape = shape_of(forward.output);
  const Tensor& rows = forward.output;
  forward.output.reshape({N, R});
  const Tensor logits = linear_rows(head_, rows);
  const CrossEntropy loss = cross_entropy(logits, targets);

  // The head's gradients: dW = dlogits^T output, db = column sums, doutput = dlogits W.
  const float* w = head_.state_dict()[0].value.data();
  Tensor d_output = Tensor::from_shape(output_shape);
  {
    // The GEMM writes whole panels: straight into d_output when a row is whole panels wide.
    std::vector<float> zeros(Rp, 0.0f), wide(Rp == R ? 0 : N * Rp);
    float* out = Rp == R ? d_output.data() : wide.data();
    kernels::gemm_bias(N, loss.d_logits.data(), V, packed_rhs(w, V, R), zeros.data(), out, Rp);
    if (Rp != R)
      for (std::size_t r = 0; r < N; ++r) std::copy_n(wide.data() + r * Rp, R, d_output.data() + r * R);
  }
  Tensor d_weight = Tensor::from_shape({V, R});
  Tensor d_bias = xt::zeros<float>({V});
  {
    std::vector<float> wide(V * Rp, 0.0f);
    kernels::gemm_accumulate_transposed(V, loss.d_logits.data(), V, packed_rhs(rows.data(), N, R),
                                        wide.data(), Rp);
    for (std::size_t v = 0; v < V; ++v) std::copy_n(wide.data() + v * Rp, R, d_weight.data() + v * R);
    for (std::size_t r = 0; r < N; ++r)
      for (std::size_t v = 0; v < V; ++v) d_bias.data()[v] += loss.d_logits.data()[r * V + v];
  }
  forward.output.reshape(output_shape);
  ModelGradients g =
      backward(model_, x, h0, c0, forward, &d_output, nullptr, nullptr, nullptr, input_gradient);

  SequenceTrainingStep r;
  r.loss = loss.loss;
  r.predicted.resize(N);
  for (std::size_t i = 0; i < N; ++i) {
    const float* row = logits.data() + i * V;
    std::size_t best = 0;
    for (std::size_t v = 1; v < V && !std::isnan(row[best]); ++v)
      if (row[v] > row[best] || std::isnan(row[v])) best = v;
    r.predicted[i] = static_cast<std::int32_t>(best);
  }
  r.gradients = std::move(g.parameters);
  r.gradients.push_back({"head.weight", std::move(d_weight)});
  r.gradients.push_back({"head.bias", std::move(d_bias)});
  double sum = 0;
  for (const auto& p : r.gradients)
    for (float v : p.value) sum += static_cast<double>(v) * v;
  r.gradient_norm = static_cast<float>(std::sqrt(sum));
  r.x = std::move(g.x);
  r.h0 = std::move(g.h0);
  r.c0 = std::move(g.c0);
  r.hidden_norms = std::move(g.hidden_norms);
  r.h_n = std::move(forward.h_n);
  r.c_n = std::move(forward.c_n);
  return r;
}

SequenceTrainingStep SequenceTrainer::step(const Tensor& x, const std::vector<std::int32_t>& targets,
                                           const Shape& target_shape, const Tensor* h0, const Tensor* c0) {
  SequenceTrainingStep r = loss_and_grad(x, targets, target_shape, h0, c0, InputGradient::skipped);
  apply_gradients(model_, head_, optimizer_, r.gradients, max_grad_norm_);
  return r;
}

}  // namespace recur

#include "recur/optimizer.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "recur/error.hpp"
#include "recur/kernels/simd.hpp"

namespace recur {
namespace {

using kernels::lanes;
using kernels::vfloat;

// The shortest digits that read back as v, as Python prints a number (no <sstream>: it would
// double the size of the WebAssembly module).
std::string python_float(double v) {
  char buffer[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
    if (std::strtod(buffer, nullptr) == v) break;
  }
  return buffer;
}

// Where an element-wise update reads and writes: a whole vector at j, or the last count < lanes
// values through a padded copy (the same arithmetic either way).
struct Lanes {
  std::size_t j, count;
  vfloat load(const float* a) const {
    if (count == lanes) return vfloat::load_unaligned(a + j);
    alignas(64) float buffer[lanes] = {};
    std::copy_n(a + j, count, buffer);
    return vfloat::load_aligned(buffer);
  }
  void store(float* a, vfloat v) const {
    if (count == lanes) return v.store_unaligned(a + j);
    alignas(64) float buffer[lanes];
    v.store_aligned(buffer);
    std::copy_n(buffer, count, a + j);
  }
};

template <class F>
void for_lanes(std::size_t n, F f) {
  std::size_t j = 0;
  for (; j + lanes <= n; j += lanes) f(Lanes{j, lanes});
  if (j < n) f(Lanes{j, n - j});
}

// PyTorch's refusal of a bad value: "Invalid learning rate: -1".
void check(bool ok, const std::string& what, double v) {
  if (!ok || std::isnan(v)) throw Error(what + python_float(v));
}

}  // namespace

OptimizerOptions::Kind parse_optimizer(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "sgd") return OptimizerOptions::Kind::sgd;
  if (lower == "adam") return OptimizerOptions::Kind::adam;
  throw Error("optimizer must be 'sgd' or 'adam', got '" + name + "'");
}

Optimizer::Optimizer(const OptimizerOptions& options) : options_(options) {
  check(options.lr >= 0, "Invalid learning rate: ", options.lr);
  check(options.weight_decay >= 0, "Invalid weight_decay value: ", options.weight_decay);
  if (options.kind == OptimizerOptions::Kind::sgd) {
    check(options.momentum >= 0, "Invalid momentum value: ", options.momentum);
    if (options.nesterov && (options.momentum <= 0 || options.dampening != 0))
      throw Error("Nesterov momentum requires a momentum and zero dampening");
  } else {
    check(options.eps >= 0, "Invalid epsilon value: ", options.eps);
    check(options.beta1 >= 0 && options.beta1 < 1, "Invalid beta parameter at index 0: ", options.beta1);
    check(options.beta2 >= 0 && options.beta2 < 1, "Invalid beta parameter at index 1: ", options.beta2);
  }
}

void Optimizer::set_lr(double lr) {
  check(lr >= 0, "Invalid learning rate: ", lr);
  options_.lr = lr;
}

void Optimizer::step(const std::vector<Tensor*>& parameters, const std::vector<const Tensor*>& gradients) {
  if (parameters.size() != gradients.size() || (steps_ > 0 && first_.size() != parameters.size()))
    throw Error("optimizer step: the parameters changed between steps");
  for (std::size_t i = 0; i < parameters.size(); ++i)
    if (gradients[i]->size() != parameters[i]->size())
      throw Error("optimizer step: a gradient's shape differs from its parameter's");
  const OptimizerOptions& o = options_;
  ++steps_;
  if (first_.empty()) {
    first_.resize(parameters.size());
    second_.resize(parameters.size());
  }
  // Scalars enter PyTorch's kernels as float; bias corrections are Python floats (double).
  // Each update is element-wise: a vector of parameters at a time, in the same order of
  // operations as the scalar formula (no fused multiply-add), so the result is the same bits.
  const vfloat wd(static_cast<float>(o.weight_decay));
  const bool decay = o.weight_decay != 0;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    float* p = parameters[i]->data();
    const float* g = gradients[i]->data();
    const std::size_t n = parameters[i]->size();
    // d = grad.add(param, alpha=weight_decay)
    const auto gradient = [&](const Lanes& at) {
      const vfloat gv = at.load(g);
      return decay ? gv + wd * at.load(p) : gv;
    };
    if (o.kind == OptimizerOptions::Kind::sgd) {
      const vfloat step(static_cast<float>(-o.lr));
      if (o.momentum == 0) {
        for_lanes(n, [&](const Lanes& at) { at.store(p, at.load(p) + step * gradient(at)); });
        continue;
      }
      const vfloat momentum(static_cast<float>(o.momentum)), keep(static_cast<float>(1 - o.dampening));
      std::vector<float>& buf = first_[i];
      const bool fresh = buf.size() != n;  // the first step: buf = clone(d_p)
      if (fresh) buf.resize(n);
      for_lanes(n, [&](const Lanes& at) {
        const vfloat d = gradient(at);
        const vfloat b = fresh ? d : at.load(buf.data()) * momentum + keep * d;
        at.store(buf.data(), b);
        at.store(p, at.load(p) + step * (o.nesterov ? d + momentum * b : b));
      });
    } else {
      std::vector<float>&m = first_[i], &v = second_[i];
      if (m.size() != n) {
        m.assign(n, 0.0f);
        v.assign(n, 0.0f);
      }
      const vfloat b1(static_cast<float>(o.beta1)), b2(static_cast<float>(o.beta2));
      const vfloat a1(static_cast<float>(1 - o.beta1)), a2(static_cast<float>(1 - o.beta2));
      const double bias_correction1 = 1 - std::pow(o.beta1, static_cast<double>(steps_));
      const double bias_correction2 = 1 - std::pow(o.beta2, static_cast<double>(steps_));
      const vfloat step_size(static_cast<float>(-(o.lr / bias_correction1)));
      const vfloat correction2_sqrt(static_cast<float>(std::sqrt(bias_correction2)));
      const vfloat eps(static_cast<float>(o.eps));
      for_lanes(n, [&](const Lanes& at) {
        const vfloat d = gradient(at);
        const vfloat mj = at.load(m.data()) * b1 + a1 * d;
        const vfloat vj = at.load(v.data()) * b2 + a2 * d * d;
        at.store(m.data(), mj);
        at.store(v.data(), vj);
        const vfloat denom = xsimd::sqrt(vj) / correction2_sqrt + eps;
        at.store(p, at.load(p) + step_size * (mj / denom));
      });
    }
  }
}

float clip_grad_norm(const std::vector<Tensor*>& gradients, double max_norm) {
  // norm(stack([norm(g) for g])): each tensor's norm in float, then the norm of those.
  float total = 0;
  for (const Tensor* g : gradients) {
    double sum = 0;
    for (float v : *g) sum += static_cast<double>(v) * v;
    const float norm = static_cast<float>(std::sqrt(sum));
    total += norm * norm;
  }
  total = std::sqrt(total);
  const float coefficient = std::min(static_cast<float>(max_norm) / (total + 1e-6f), 1.0f);
  for (Tensor* g : gradients)
    for (float& v : *g) v *= coefficient;
  return total;
}

}  // namespace recur

#include "recur/lr_scheduler.hpp"

#include <cmath>
#include <string>

#include "recur/error.hpp"

namespace recur {
namespace {

// cos(x) rounded to double from a wider cos: Python's math.cos is glibc's, whose last bit
// musl's cos (WebAssembly's libc) does not always give (T_max 10, epoch 12: one ulp apart).
double cos_rounded(double x) {
  return static_cast<double>(std::cos(static_cast<long double>(x)));
}

}  // namespace

double cosine_annealing_lr(double base_lr, std::size_t t_max, std::size_t epoch, double eta_min) {
  if (t_max == 0) throw Error("CosineAnnealingLR: T_max must be at least 1, got 0");
  if (epoch > max_scheduler_epochs)
    throw Error("CosineAnnealingLR: epoch " + std::to_string(epoch) + " is past the limit of " +
                std::to_string(max_scheduler_epochs));
  // torch/optim/lr_scheduler.py, CosineAnnealingLR.get_lr, with last_epoch = e.
  const double pi = 3.141592653589793;  // math.pi
  const double T = static_cast<double>(t_max);
  const long long period = 2 * static_cast<long long>(t_max);
  double lr = base_lr;
  for (std::size_t e = 1; e <= epoch; ++e) {
    // (last_epoch - 1 - T_max) % (2 * T_max) == 0 in Python: where the cosine's denominator
    // below would be 0 (the lr is at eta_min), it rises by the first step's amount instead.
    const long long k = static_cast<long long>(e) - 1 - static_cast<long long>(t_max);
    if (((k % period) + period) % period == 0)
      lr = lr + (base_lr - eta_min) * (1 - cos_rounded(pi / T)) / 2;
    else
      lr = (1 + cos_rounded(pi * static_cast<double>(e) / T)) /
               (1 + cos_rounded(pi * static_cast<double>(e - 1) / T)) * (lr - eta_min) +
           eta_min;
  }
  return lr;
}

}  // namespace recur

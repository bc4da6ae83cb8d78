#include "recur/randperm.hpp"

#include <numeric>
#include <utility>

namespace recur {

std::vector<std::size_t> randperm(std::size_t n, TorchGenerator& generator) {
  std::vector<std::size_t> r(n);
  std::iota(r.begin(), r.end(), std::size_t{0});
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const std::size_t z = static_cast<std::size_t>(generator.random() % static_cast<std::uint64_t>(n - i));
    std::swap(r[i], r[i + z]);
  }
  return r;
}

std::vector<std::size_t> epoch_order(std::size_t n, std::uint64_t seed, std::size_t epoch) {
  TorchGenerator generator(seed);
  if (n > 1) generator.skip(static_cast<std::uint64_t>(epoch) * (n - 1));
  return randperm(n, generator);
}

}  // namespace recur

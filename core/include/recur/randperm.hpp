#pragma once
// torch.randperm(n, generator=g) on the CPU as PyTorch 1.13 draws it, so a training loop's
// seeded batch order is the same in Recur and in PyTorch:
//
//   g = torch.Generator().manual_seed(seed)
//   for epoch in range(epochs):
//       order = torch.randperm(n, generator=g)      # epoch_order(n, seed, epoch)
//       for k in range(0, n, batch_size): idx = order[k:k + batch_size]
//
// aten's randperm_cpu: r = 0..n-1, then for i in 0..n-2: z = g.random() % (n - i), swap r[i] and
// r[i + z], where g.random() is the next 32-bit draw of the generator's MT19937. One call
// takes n - 1 draws, so epoch e starts e * (n - 1) draws into the stream.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "recur/init.hpp"

namespace recur {

std::vector<std::size_t> randperm(std::size_t n, TorchGenerator& generator);

// The order of epoch `epoch` (0-based) in the loop above.
std::vector<std::size_t> epoch_order(std::size_t n, std::uint64_t seed, std::size_t epoch);

}  // namespace recur

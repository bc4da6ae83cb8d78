// Times Recur's native forward pass for one bench case and prints JSON for bench/bench.mjs:
//   recur_bench MODE BATCH SEQ_LEN INPUT_SIZE HIDDEN_SIZE NUM_LAYERS BATCH_FIRST
// x is the bench formula, weights the seed-0 (PyTorch) ones; timing covers forward() only,
// up to 20 runs or 3 s after one warm-up; h_n[-1] is sampled where reference.json samples it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <xtensor/xmanipulation.hpp>

#include "bench_case.hpp"
#include "fixture.hpp"
#include "recur/kernels/simd.hpp"
#include "recur/model.hpp"

int main(int argc, char** argv) {
  if (argc != 8) {
    std::fprintf(stderr,
                 "usage: recur_bench MODE BATCH SEQ_LEN INPUT_SIZE HIDDEN_SIZE NUM_LAYERS BATCH_FIRST\n");
    return 2;
  }
  const BenchCase bench = bench_case(argv);
  recur::ModelConfig c = bench.config;
  const std::size_t B = bench.batch, T = bench.seq_len;
  c.batch_first = std::atoi(argv[7]) != 0;
  const std::size_t I = c.input_size, H = c.hidden_size;
  const recur::Model model(c, 0);
  recur::Tensor x = fixture::formula_x(B, T, I);
  if (!c.batch_first) x = xt::transpose(x, {1, 0, 2});
  auto result = model.forward(x);  // warm-up
  std::vector<double> ms;
  const auto start = std::chrono::steady_clock::now();
  while (ms.size() < 20 &&
         (ms.size() < 3 || std::chrono::steady_clock::now() - start < std::chrono::seconds(3))) {
    const auto t0 = std::chrono::steady_clock::now();
    result = model.forward(x);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("{\"arch\":\"%s\",\"runs\":%zu,\"median\":%.4f,\"min\":%.4f,\"max\":%.4f,\"samples\":[",
              recur::kernels::simd_arch_name(), ms.size(), ms[ms.size() / 2], ms.front(), ms.back());
  const float* h_last = result.h_n.data() + (c.num_layers - 1) * B * H;
  for (std::size_t k = 0; k < 64; ++k)
    std::printf("%s%.9g", k ? "," : "", h_last[((37 * k) % B) * H + (11 * k) % H]);
  std::printf("]}\n");
}

// Times Recur's native training step (forward, backward, Adam update of the model and a Linear
// head, as Trainer::step) and, for the same model, the forward alone; prints JSON for
// bench/training.mjs:
//   recur_training_bench MODE BATCH SEQ_LEN INPUT_SIZE HIDDEN_SIZE NUM_LAYERS CLASSES LR [STEPS]
// x is the bench formula (batch-first), labels b % CLASSES, weights the seed-0 (PyTorch) ones.
// Without STEPS: 10 warm-up steps, then up to 200 steps or 3 s, median; the forward the same way.
// With STEPS: exactly that many steps and nothing else (for a profiler such as callgrind).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "bench_case.hpp"
#include "fixture.hpp"
#include "recur/kernels/simd.hpp"
#include "recur/trainer.hpp"

namespace {

struct Timing {
  std::size_t runs;
  double median;
};

// Median ms of f after 10 warm-up calls: up to 200 calls or 3 s, at least 5.
template <class F>
Timing time(F f) {
  for (int i = 0; i < 10; ++i) f();
  std::vector<double> ms;
  const auto start = std::chrono::steady_clock::now();
  while (ms.size() < 200 &&
         (ms.size() < 5 || std::chrono::steady_clock::now() - start < std::chrono::seconds(3))) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms.size(), ms[ms.size() / 2]};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 9 && argc != 10) {
    std::fprintf(stderr,
                 "usage: recur_training_bench MODE BATCH SEQ_LEN INPUT_SIZE HIDDEN_SIZE NUM_LAYERS CLASSES "
                 "LR [STEPS]\n");
    return 2;
  }
  const BenchCase bench = bench_case(argv);
  recur::ModelConfig c = bench.config;
  const std::size_t B = bench.batch, T = bench.seq_len;
  c.batch_first = true;
  const std::size_t classes = std::strtoul(argv[7], nullptr, 10);
  recur::OptimizerOptions adam;
  adam.lr = std::strtod(argv[8], nullptr);
  recur::Model model(c, 0);
  recur::Trainer trainer(model, recur::Linear::after(c, 0, classes), adam);
  const recur::Tensor x = fixture::formula_x(B, T, c.input_size);
  std::vector<std::int32_t> y(B);
  for (std::size_t b = 0; b < B; ++b) y[b] = static_cast<std::int32_t>(b % classes);

  if (argc == 10) {
    const long steps = std::strtol(argv[9], nullptr, 10);
    float loss = 0;
    for (long i = 0; i < steps; ++i) loss = trainer.step(x, y).loss;
    std::printf("{\"steps\":%ld,\"last\":%.6f}\n", steps, loss);
    return 0;
  }
  float first = 0, last = 0;
  bool started = false;
  const Timing step = time([&] {
    last = trainer.step(x, y).loss;
    if (!started) first = last, started = true;
  });
  const Timing forward = time([&] { model.forward(x); });
  std::printf(
      "{\"arch\":\"%s\",\"steps\":%zu,\"median\":%.4f,\"first\":%.6f,\"last\":%.6f,"
      "\"forward_median\":%.4f}\n",
      recur::kernels::simd_arch_name(), step.runs, step.median, first, last, forward.median);
}

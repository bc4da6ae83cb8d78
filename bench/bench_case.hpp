#pragma once
// The model and input size both native benches take on their command line:
//   MODE BATCH SEQ_LEN INPUT_SIZE HIDDEN_SIZE NUM_LAYERS   (argv[1] .. argv[6])
#include <cstdlib>

#include "recur/config.hpp"

struct BenchCase {
  recur::ModelConfig config;
  std::size_t batch, seq_len;
};

inline BenchCase bench_case(char** argv) {
  BenchCase b{};
  b.config.mode = recur::parse_mode(argv[1]);
  b.batch = std::strtoul(argv[2], nullptr, 10);
  b.seq_len = std::strtoul(argv[3], nullptr, 10);
  b.config.input_size = std::strtoul(argv[4], nullptr, 10);
  b.config.hidden_size = std::strtoul(argv[5], nullptr, 10);
  b.config.num_layers = std::strtoul(argv[6], nullptr, 10);
  return b;
}

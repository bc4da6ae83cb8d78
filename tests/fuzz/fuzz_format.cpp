// libFuzzer target: PyTorch-style printing of any tensor (shapes, NaN, infinities, denormals,
// huge and tiny values): it must not crash and must always print "tensor(...)".
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "recur/format.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t length) {
  FuzzedDataProvider in(data, length);
  recur::Shape shape(in.ConsumeIntegralInRange(0, 4));
  std::size_t count = 1;
  for (auto& d : shape) count *= (d = in.ConsumeIntegralInRange(0, in.ConsumeBool() ? 40 : 5));
  if (count > 20000) return 0;  // past 1000 elements printing summarizes; more only costs time
  recur::Tensor t = recur::Tensor::from_shape(shape);
  for (float& v : t) {
    const std::uint32_t bits = in.ConsumeIntegral<std::uint32_t>();
    std::memcpy(&v, &bits, sizeof v);  // every float bit pattern
  }
  const std::string s = recur::format_tensor(t);
  if (s.compare(0, 7, "tensor(") != 0 || s.back() != ')') std::abort();
  return 0;
}

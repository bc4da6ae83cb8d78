// libFuzzer target: any bytes as a .safetensors file. It must read, or throw recur::Error; what
// it reads must write back and read again to the same tensors, and then fit a model or be
// refused with a reason (infer_config).
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "recur/error.hpp"
#include "recur/safetensors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const recur::StateDict dict = recur::read_safetensors(data, size);
    const std::vector<std::uint8_t> again = recur::write_safetensors(dict);
    const recur::StateDict back = recur::read_safetensors(again.data(), again.size());
    if (back.size() != dict.size()) std::abort();
    for (std::size_t k = 0; k < dict.size(); ++k) {
      if (back[k].name != dict[k].name || back[k].value.shape() != dict[k].value.shape()) std::abort();
      // Bit for bit, NaN payloads included.
      if (std::memcmp(back[k].value.data(), dict[k].value.data(), dict[k].value.size() * sizeof(float)) != 0)
        std::abort();
    }
    try {
      recur::infer_config(dict);
    } catch (const recur::Error& e) {
      if (std::strlen(e.what()) == 0) std::abort();
    }
  } catch (const recur::Error& e) {
    if (std::strlen(e.what()) == 0) std::abort();  // every error says something
  }
  return 0;
}

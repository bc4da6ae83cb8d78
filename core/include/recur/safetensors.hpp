#pragma once
// The .safetensors format (the standard header-plus-raw-bytes weights file):
//   8 bytes   N, the header's length, unsigned little-endian
//   N bytes   JSON: {"<name>": {"dtype": "F32", "shape": [16, 3], "data_offsets": [begin, end]}, ...,
//             optionally "__metadata__": {"<key>": "<value>", ...}}, padded with spaces
//   the rest  every tensor's raw little-endian bytes, at data_offsets from the header's end
// Recur reads F32, F16 and BF16 (converted to float32 exactly) and writes F32.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "recur/state_dict.hpp"

namespace recur {

// Limits checked before anything is allocated: the header size the format itself allows.
inline constexpr std::uint64_t max_safetensors_header = 100'000'000;

// Every tensor of the file, in the order of their data. Throws recur::Error naming what is
// wrong and where (the key, the offsets, the dtype) for any malformed or truncated file.
StateDict read_safetensors(const std::uint8_t* bytes, std::size_t size);

// The file for `dict`: F32 tensors in the dict's order, the header padded with spaces to a
// multiple of 8 bytes (as the safetensors library writes it), no metadata.
std::vector<std::uint8_t> write_safetensors(const StateDict& dict);

// float16 and bfloat16 bits to float32, exactly (subnormals, infinities and NaN included).
float half_to_float(std::uint16_t bits);
float bfloat16_to_float(std::uint16_t bits);

}  // namespace recur

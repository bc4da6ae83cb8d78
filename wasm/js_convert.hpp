#pragma once
// JS values <-> the core's values: numbers to sizes and seeds, {data, shape} objects to tensors
// and back, {name: tensor} objects to state_dicts and back, a file's bytes, labels. Every check
// names what was wrong and where, in the words of the JS API; bindings.cpp only composes these.

#include <emscripten/val.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "recur/model.hpp"
#include "recur/state_dict.hpp"
#include "recur/tensor.hpp"

namespace recur::js {

using emscripten::val;

// Seeds go up to the uint32 maximum: PyTorch's CPU generator keeps only a seed's low 32 bits
// (init.hpp), so a larger seed would only repeat the weights of a smaller one.
inline constexpr double max_seed = 4294967295.0;

// Array.isArray(v).
bool is_array(const val& v);

// An object that is not null and not an array: an options or a {data, shape} object.
bool is_record(const val& v);

// How an error message names a value's type: "null", "an array", or typeof v.
std::string type_of(const val& v);

// A non-negative integer from a JS number, at most `maximum`, or a recur::Error naming `what`.
std::size_t to_size(const val& v, const std::string& what, double maximum);

// A seed for the core's generators (0 .. max_seed), named "seed" in errors.
std::uint64_t to_seed(const val& v);

// A JS array of sizes as a Shape: element i named `name[i]`, each at most `max_size`.
Shape to_shape(const val& sizes, const std::string& name, double max_size);

// A JS array of sizes as a tensor's shape: element i named `name[i]`, and at most
// max_tensor_elements in all, else an error naming `owner`.
Shape to_tensor_shape(const val& sizes, const std::string& name, const std::string& owner);

// {data: Float32Array | number[], shape: number[]} -> Tensor (one bulk copy); `what` names it.
Tensor to_tensor(const val& v, const std::string& what);

// null or undefined -> nothing, else to_tensor.
std::optional<Tensor> to_optional_tensor(const val& v, const std::string& what);

// A shape as a JS array of sizes.
val shape_to_js(const Shape& shape);

// Tensor -> {data: Float32Array, shape: number[]} (a copy: the JS side owns it).
val to_js(const Tensor& t);

// As above, or null.
val to_js(const std::optional<Tensor>& t);

// A copy as an Int32Array (labels, predicted classes).
val to_js(const std::vector<std::int32_t>& values);

// A Uint8Array's bytes (a copy), or an error naming `where`: "readSafetensors needs the file's
// bytes as a Uint8Array, got string".
std::vector<std::uint8_t> to_bytes(const val& bytes, const std::string& where);

// A copy as a Uint8Array (a file's bytes).
val to_js(const std::vector<std::uint8_t>& bytes);

// A text the JS API encoded as UTF-8 (TextEncoder, in the engine) into a Uint8Array: one bulk
// copy. Embind's own std::string conversion measures and encodes the text a character at a time
// in JavaScript, 20-50 ms for a 1 MiB table.
std::string utf8_text(const val& bytes, const std::string& where);

// {name: {data, shape}} -> StateDict, in the object's key order; `where` names the caller.
StateDict to_state_dict(const val& dict, const std::string& where);

// StateDict -> {name: {data, shape}}, in state_dict order.
val to_js(const StateDict& dict);

// y: an Int32Array, an array of integers, or one integer (an unbatched sentence's label).
std::vector<std::int32_t> to_labels(const val& y);

// A per-step target: {data: Int32Array | number[], shape: number[]}, the class of every step
// (values are checked against the head by the core, which names the step).
struct Targets {
  std::vector<std::int32_t> data;
  Shape shape;
};
Targets to_targets(const val& y);

// A vocabulary index list (a prime, the ids to decode): an Int32Array or an array of integers
// (the core checks the range); `what` names it in errors.
std::vector<std::int32_t> to_ids(const val& ids, const char* what);

// forward's `lengths`: an array (or typed array) of non-negative integers, one a sentence; the
// model checks them against x (Model::check_lengths).
Lengths to_lengths(const val& lengths);

}  // namespace recur::js

#include "js_convert.hpp"

#include <cmath>

#include "recur/config.hpp"
#include "recur/error.hpp"
#include "recur/format.hpp"

namespace recur::js {

namespace {

// Labels are stored as int32, as PyTorch's class indices are read.
constexpr double max_label = 2147483647.0;

// typeof v === 'object' and not null (arrays included).
bool is_object(const val& v) {
  return !v.isNull() && v.typeOf().as<std::string>() == "object";
}

bool is_array_like(const val& v) {
  return is_array(v) || val::global("ArrayBuffer").call<bool>("isView", v);
}

std::string to_string(const val& v) {
  return v.call<std::string>("toString");
}

}  // namespace

bool is_array(const val& v) {
  return val::global("Array").call<bool>("isArray", v);
}

bool is_record(const val& v) {
  return is_object(v) && !is_array(v);
}

std::string type_of(const val& v) {
  if (v.isNull()) return "null";
  if (is_array(v)) return "an array";
  return v.typeOf().as<std::string>();
}

std::size_t to_size(const val& v, const std::string& what, double maximum) {
  if (!v.isNumber()) throw Error(what + " must be an integer, got " + type_of(v));
  const double d = v.as<double>();
  if (!std::isfinite(d) || d != std::floor(d)) throw Error(what + " must be an integer, got " + to_string(v));
  if (d < 0) throw Error(what + " must not be negative, got " + to_string(v));
  if (d > maximum)
    throw Error(what + " is " + to_string(v) + ", more than the maximum " + to_string(val(maximum)));
  return static_cast<std::size_t>(d);
}

std::uint64_t to_seed(const val& v) {
  return to_size(v, "seed", max_seed);
}

Shape to_shape(const val& sizes, const std::string& name, double max_size) {
  Shape shape;
  for (std::size_t i = 0, n = sizes["length"].as<std::size_t>(); i < n; ++i)
    shape.push_back(to_size(sizes[i], name + "[" + std::to_string(i) + "]", max_size));
  return shape;
}

Shape to_tensor_shape(const val& sizes, const std::string& name, const std::string& owner) {
  const Shape shape = to_shape(sizes, name, double(max_tensor_elements));
  double count = 1;  // in double: a product of sizes that overflows size_t is still caught
  for (std::size_t d : shape) count *= double(d);
  if (count > double(max_tensor_elements))
    throw Error(owner + ": shape " + format_dims(shape) + " has more than the maximum " +
                std::to_string(max_tensor_elements) + " elements");
  return shape;
}

Tensor to_tensor(const val& v, const std::string& what) {
  const std::string usage = what + " must be a tensor {data: Float32Array, shape: number[]}";
  if (!is_record(v)) throw Error(usage + ", got " + type_of(v));
  const val shape_js = v["shape"], data = v["data"];
  if (!is_array(shape_js)) throw Error(usage + ": shape is missing or not an array");
  if (!is_array_like(data) || data.instanceof (val::global("BigInt64Array")) || data.instanceof
      (val::global("BigUint64Array")))
    throw Error(usage + ": data is missing or not an array of numbers");
  const std::size_t rank = shape_js["length"].as<std::size_t>();
  if (rank > 8)
    throw Error(what + ": shape has " + std::to_string(rank) + " dimensions, at most 8 are supported");
  const Shape shape = to_tensor_shape(shape_js, what + ".shape", what);
  std::size_t count = 1;
  for (std::size_t d : shape) count *= d;
  const std::size_t length = data["length"].as<std::size_t>();
  if (length != count)
    throw Error(what + ": data has " + std::to_string(length) + " elements but shape " + format_dims(shape) +
                " needs " + std::to_string(count));
  Tensor t = Tensor::from_shape(shape);  // allocate before taking any memory view
  if (length) val(emscripten::typed_memory_view(length, t.data())).call<void>("set", data);
  return t;
}

std::optional<Tensor> to_optional_tensor(const val& v, const std::string& what) {
  if (v.isNull() || v.isUndefined()) return std::nullopt;
  return to_tensor(v, what);
}

val shape_to_js(const Shape& shape) {
  val out = val::array();
  for (std::size_t d : shape) out.call<void>("push", d);
  return out;
}

val to_js(const Tensor& t) {
  val out = val::object();
  out.set("data", val::global("Float32Array").new_(emscripten::typed_memory_view(t.size(), t.data())));
  out.set("shape", shape_to_js(shape_of(t)));
  return out;
}

val to_js(const std::optional<Tensor>& t) {
  return t ? to_js(*t) : val::null();
}

val to_js(const std::vector<std::int32_t>& values) {
  return val::global("Int32Array").new_(emscripten::typed_memory_view(values.size(), values.data()));
}

namespace {

// A Uint8Array's contents in one bulk copy, into a byte buffer (a vector or a string);
// `refusal` says what was expected, and the error adds what came.
template <class Buffer>
Buffer copy_uint8_array(const val& bytes, const std::string& refusal) {
  if (!bytes.instanceof (val::global("Uint8Array"))) throw Error(refusal + ", got " + type_of(bytes));
  Buffer data(bytes["length"].as<std::size_t>(), 0);
  if (!data.empty()) val(emscripten::typed_memory_view(data.size(), data.data())).call<void>("set", bytes);
  return data;
}

}  // namespace

std::vector<std::uint8_t> to_bytes(const val& bytes, const std::string& where) {
  return copy_uint8_array<std::vector<std::uint8_t>>(bytes,
                                                     where + " needs the file's bytes as a Uint8Array");
}

std::string utf8_text(const val& bytes, const std::string& where) {
  return copy_uint8_array<std::string>(bytes, where + " needs the text as UTF-8 in a Uint8Array");
}

val to_js(const std::vector<std::uint8_t>& bytes) {
  return val::global("Uint8Array").new_(emscripten::typed_memory_view(bytes.size(), bytes.data()));
}

StateDict to_state_dict(const val& dict, const std::string& where) {
  if (!is_record(dict)) throw Error(where + " needs an object {name: {data, shape}}, got " + type_of(dict));
  const val keys = val::global("Object").call<val>("keys", dict);
  StateDict entries;
  for (std::size_t i = 0, n = keys["length"].as<std::size_t>(); i < n; ++i) {
    const std::string key = keys[i].as<std::string>();
    entries.push_back({key, to_tensor(dict[key], key)});
  }
  return entries;
}

val to_js(const StateDict& dict) {
  val out = val::object();
  for (const auto& p : dict) out.set(p.name, to_js(p.value));
  return out;
}

std::vector<std::int32_t> to_labels(const val& y) {
  std::vector<std::int32_t> labels;
  if (y.isNumber()) {
    labels.push_back(static_cast<std::int32_t>(to_size(y, "y", max_label)));
    return labels;
  }
  if (!is_array(y) && !y.instanceof (val::global("Int32Array")))
    throw Error("y must be the class of each sentence: an Int32Array or an array of integers, got " +
                type_of(y));
  for (std::size_t i = 0, n = y["length"].as<std::size_t>(); i < n; ++i)
    labels.push_back(static_cast<std::int32_t>(to_size(y[i], "y[" + std::to_string(i) + "]", max_label)));
  return labels;
}

Targets to_targets(const val& y) {
  if (!is_record(y) || y["shape"].isUndefined() || y["data"].isUndefined())
    throw Error("y must be the class of every step: {data: Int32Array, shape: [batch, seq_len]}, got " +
                type_of(y));
  const val data = y["data"];
  if (!is_array(data) && !data.instanceof (val::global("Int32Array")))
    throw Error("y.data must be an Int32Array or an array of integers, got " + type_of(data));
  if (!is_array(y["shape"])) throw Error("y.shape must be an array of sizes, got " + type_of(y["shape"]));
  Targets t;
  t.shape = to_tensor_shape(y["shape"], "y.shape", "y");
  std::size_t count = 1;
  for (std::size_t d : t.shape) count *= d;
  const std::size_t n = data["length"].as<std::size_t>();
  if (n != count)
    throw Error("y.data has " + std::to_string(n) + " values but y.shape " + format_dims(t.shape) +
                " holds " + std::to_string(count));
  t.data.resize(n);
  if (is_array(data)) {
    for (std::size_t i = 0; i < n; ++i) {
      const val v = data[i];
      if (!v.isNumber() || v.as<double>() != std::floor(v.as<double>()) ||
          std::fabs(v.as<double>()) > max_label)
        throw Error("y.data[" + std::to_string(i) + "] must be an integer, got " +
                    (v.isNumber() ? to_string(v) : type_of(v)));
      t.data[i] = static_cast<std::int32_t>(v.as<double>());
    }
  } else if (n > 0) {
    val(emscripten::typed_memory_view(n, t.data.data())).call<void>("set", data);  // one bulk copy
  }
  return t;
}

std::vector<std::int32_t> to_ids(const val& ids, const char* what) {
  if (!is_array(ids) && !ids.instanceof (val::global("Int32Array")))
    throw Error(std::string(what) + " must be an Int32Array or an array of integers, got " + type_of(ids));
  val y = val::object();  // as a per-step target of one dimension: its checks, in one place
  y.set("data", ids);
  val shape = val::array();
  shape.call<void>("push", ids["length"]);
  y.set("shape", shape);
  return to_targets(y).data;
}

}  // namespace recur::js

namespace recur::js {

Lengths to_lengths(const val& lengths) {
  const bool typed =
      val::global("ArrayBuffer").call<bool>("isView", lengths) && !lengths["length"].isUndefined();
  if (!is_array(lengths) && !typed)
    throw Error("lengths must be one length a sentence: an array of integers or an Int32Array, got " +
                type_of(lengths));
  const std::size_t n = lengths["length"].as<std::size_t>();
  // One a sentence: never more than a tensor has elements (the model names a count that differs).
  if (n > max_tensor_elements)
    throw Error("lengths has " + std::to_string(n) + " entries, more than the maximum " +
                std::to_string(max_tensor_elements));
  Lengths out(n);
  for (std::size_t i = 0; i < n; ++i)
    out[i] = to_size(lengths[i], "lengths[" + std::to_string(i) + "]", double(max_tensor_elements));
  return out;
}

}  // namespace recur::js

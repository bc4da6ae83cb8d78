// Embind bindings of the digits mode: the digits file as a dataset in WebAssembly memory
// (batches drawn by index, never copied whole to JS), torch.randperm's epoch order, a trained
// classifier's evaluation, and a drawing made MNIST-like. Each converts, calls the core,
// converts back (see bindings.cpp); no numerics here.

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "guarded.hpp"
#include "js_convert.hpp"
#include "recur/digit_image.hpp"
#include "recur/digits.hpp"
#include "recur/error.hpp"
#include "recur/evaluate.hpp"
#include "recur/randperm.hpp"
#include "recur/trainer.hpp"

using emscripten::val;
using namespace recur::js;

namespace {

// Sample indices: an Int32Array, a Uint32Array or an array of integers >= 0.
std::vector<std::size_t> to_indices(const val& v, const std::string& where) {
  if (!is_array(v) && !v.instanceof (val::global("Int32Array")) && !v.instanceof (val::global("Uint32Array")))
    throw recur::Error(where + " needs the samples' indices as an Int32Array or an array of integers, got " +
                       type_of(v));
  const std::vector<double> numbers = emscripten::convertJSArrayToNumberVector<double>(v);
  std::vector<std::size_t> out(numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    if (!(numbers[i] >= 0 && numbers[i] == std::floor(numbers[i]) && numbers[i] < 4294967296.0))
      throw recur::Error(where + ": index " + std::to_string(i) + " is not a sample index (an integer >= 0)");
    out[i] = static_cast<std::size_t>(numbers[i]);
  }
  return out;
}

val to_js(const std::vector<std::size_t>& values) {
  std::vector<std::int32_t> ints(values.begin(), values.end());
  return recur::js::to_js(ints);
}

std::unique_ptr<recur::DigitsFile> read_digits(const val& bytes) {
  return guarded([&] {
    const std::vector<std::uint8_t> data = to_bytes(bytes, "readDigits");
    return std::make_unique<recur::DigitsFile>(recur::read_digits(data.data(), data.size()));
  });
}

std::size_t digits_size(const recur::DigitsFile& f) {
  return f.digits.size();
}
std::size_t digits_train(const recur::DigitsFile& f) {
  return f.train;
}
std::size_t digits_rows(const recur::DigitsFile& f) {
  return f.digits.seq_len();
}
std::size_t digits_cols(const recur::DigitsFile& f) {
  return f.digits.input_size();
}
val digits_labels(const recur::DigitsFile& f) {
  return recur::js::to_js(f.digits.labels());
}

val digits_batch(const recur::DigitsFile& f, const val& indices, bool batch_first) {
  return guarded([&] {
    const std::vector<std::size_t> i = to_indices(indices, "batch");
    val out = val::object();
    out.set("x", recur::js::to_js(f.digits.batch(i, batch_first)));
    out.set("y", recur::js::to_js(f.digits.batch_labels(i)));
    return out;
  });
}

val randperm(const val& n, const val& seed, const val& epoch) {
  return guarded([&] {
    return to_js(
        recur::epoch_order(to_size(n, "randperm: n", 1e8), to_seed(seed), to_size(epoch, "epoch", 1e6)));
  });
}

val evaluate(const recur::Model& model, const recur::Trainer& trainer, const val& x, const val& y) {
  return guarded([&] {
    const recur::Evaluation e = recur::evaluate(model, trainer.head(), to_tensor(x, "x"), to_labels(y));
    val out = val::object();
    out.set("loss", e.loss);
    out.set("correct", e.correct);
    out.set("predicted", recur::js::to_js(e.predicted));
    out.set("probabilities", recur::js::to_js(e.probabilities));
    return out;
  });
}

val mnist_digit(const val& ink, const val& height, const val& width) {
  return guarded([&] {
    const std::vector<std::uint8_t> bytes = to_bytes(ink, "mnistDigit");
    const std::size_t h = to_size(height, "height", 4096), w = to_size(width, "width", 4096);
    if (bytes.size() != h * w)
      throw recur::Error("mnistDigit: a " + std::to_string(h) + "x" + std::to_string(w) + " drawing has " +
                         std::to_string(h * w) + " pixels, got " + std::to_string(bytes.size()) + " bytes");
    return recur::js::to_js(recur::mnist_digit(bytes.data(), h, w));
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(recur_digits) {
  emscripten::function("readDigits", &read_digits);
  emscripten::function("randperm", &randperm);
  emscripten::function("evaluate", &evaluate);
  emscripten::function("mnistDigit", &mnist_digit);
  emscripten::class_<recur::DigitsFile>("Digits")
      .function("size", &digits_size)
      .function("train", &digits_train)
      .function("rows", &digits_rows)
      .function("cols", &digits_cols)
      .function("labels", &digits_labels)
      .function("batch", &digits_batch);
}

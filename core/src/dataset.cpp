#include "recur/dataset.hpp"

#include <string>

#include "recur/error.hpp"

namespace recur {

Dataset::Dataset(std::vector<std::uint8_t> bytes, std::vector<std::int32_t> labels, std::size_t seq_len,
                 std::size_t input_size)
    : bytes_(std::move(bytes)), labels_(std::move(labels)), seq_len_(seq_len), input_size_(input_size) {
  if (seq_len_ == 0 || input_size_ == 0)
    throw Error("a dataset's samples need seq_len and input_size of at least 1");
  if (bytes_.size() != labels_.size() * seq_len_ * input_size_)
    throw Error("a dataset of " + std::to_string(labels_.size()) + " samples of " + std::to_string(seq_len_) +
                "x" + std::to_string(input_size_) + " needs " +
                std::to_string(labels_.size() * seq_len_ * input_size_) + " bytes, got " +
                std::to_string(bytes_.size()));
  for (std::size_t i = 0; i < labels_.size(); ++i)
    if (labels_[i] < 0)
      throw Error("sample " + std::to_string(i) + " has label " + std::to_string(labels_[i]));
}

namespace {

void check_index(std::size_t index, std::size_t size) {
  if (index >= size)
    throw Error("sample index " + std::to_string(index) + " is past the dataset's " + std::to_string(size) +
                " samples");
}

}  // namespace

Tensor Dataset::batch(const std::vector<std::size_t>& indices, bool batch_first) const {
  const std::size_t B = indices.size(), T = seq_len_, I = input_size_;
  Tensor x = Tensor::from_shape(batch_first ? Shape{B, T, I} : Shape{T, B, I});
  float* out = x.data();
  for (std::size_t b = 0; b < B; ++b) {
    check_index(indices[b], size());
    const std::uint8_t* sample = bytes_.data() + indices[b] * T * I;
    for (std::size_t t = 0; t < T; ++t) {
      float* row = out + (batch_first ? (b * T + t) : (t * B + b)) * I;
      // A true division, as PyTorch's float tensor / 255 is (not a product with 1/255).
      for (std::size_t i = 0; i < I; ++i) row[i] = static_cast<float>(sample[t * I + i]) / 255.0f;
    }
  }
  return x;
}

std::vector<std::int32_t> Dataset::batch_labels(const std::vector<std::size_t>& indices) const {
  std::vector<std::int32_t> y(indices.size());
  for (std::size_t b = 0; b < indices.size(); ++b) {
    check_index(indices[b], size());
    y[b] = labels_[indices[b]];
  }
  return y;
}

}  // namespace recur

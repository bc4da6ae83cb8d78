#pragma once
// A labelled set of samples stored as bytes, as the digits file holds MNIST: sample i is a
// [seq_len, input_size] grid of uint8 read one row a time step, its values byte / 255 in float32
// (PyTorch's `pixels.float() / 255`). Mini-batches are drawn by index, so an epoch's seeded order
// (randperm.hpp) picks them from the whole set without copying it.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "recur/tensor.hpp"

namespace recur {

class Dataset {
 public:
  // bytes holds labels.size() samples of seq_len * input_size bytes each; labels are classes >= 0.
  Dataset(std::vector<std::uint8_t> bytes, std::vector<std::int32_t> labels, std::size_t seq_len,
          std::size_t input_size);

  std::size_t size() const { return labels_.size(); }
  std::size_t seq_len() const { return seq_len_; }
  std::size_t input_size() const { return input_size_; }
  const std::vector<std::int32_t>& labels() const { return labels_; }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

  // x of the samples at `indices` in that order: [count, seq_len, input_size] with batch_first,
  // else [seq_len, count, input_size]. Throws recur::Error naming an index past the end.
  Tensor batch(const std::vector<std::size_t>& indices, bool batch_first = true) const;
  // Their labels, in the same order.
  std::vector<std::int32_t> batch_labels(const std::vector<std::size_t>& indices) const;

 private:
  std::vector<std::uint8_t> bytes_;
  std::vector<std::int32_t> labels_;
  std::size_t seq_len_, input_size_;
};

}  // namespace recur

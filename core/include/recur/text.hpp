#pragma once
// A text as a character model trains on it, exactly as the generated PyTorch script cuts it:
//
//   chars = sorted(set(text))                 # the vocabulary: every character once, by code point
//   data = torch.tensor([chars.index(c) for c in text])
//   n_val = len(data) // 10                   # the last tenth is held out for validation
//   train, val = data[:len(data) - n_val], data[len(data) - n_val:]
//   # training: `batch` streams side by side, so chunk i + 1 of a row continues chunk i (a
//   # stateful loop carries h from one to the next)
//   chunks = (len(train) - 1) // (batch * seq_len); L = chunks * seq_len
//   xs = train[:batch * L].view(batch, L); ys = train[1:batch * L + 1].view(batch, L)
//   chunk i: x = one_hot(xs[:, i*seq_len:(i+1)*seq_len]), y = ys[:, i*seq_len:(i+1)*seq_len]
//   # validation: as many rows of seq_len as the held-out tenth holds, each from a zero state
//   m = (len(val) - 1) // seq_len; xv = val[:m * seq_len].view(m, seq_len); yv = val[1:m * seq_len +
//   1].view(m, seq_len)
//
// Characters are Unicode code points (Python's str), so Chinese, accents and emoji are one
// character each; the text arrives as UTF-8. Seq-first layouts are the transposes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "recur/tensor.hpp"

namespace recur {

// Limits, named in errors: the text's length in characters, and its distinct characters (the
// one-hot input and the head's classes: max_input_size).
inline constexpr std::size_t max_text_characters = 1000000;
inline constexpr std::size_t max_text_vocabulary = 4096;

// UTF-8 to code points; invalid UTF-8 is an error naming its byte offset.
std::vector<char32_t> utf8_code_points(const std::string& text);
std::string utf8_string(const std::vector<char32_t>& code_points);

struct TextChunk {
  Tensor x;                     // one-hot, [batch, seq_len, V] (batch_first) or [seq_len, batch, V]
  std::vector<std::int32_t> y;  // the next character's index at every step, in x's layout
  Shape y_shape;                // x's shape without V
};

class TextDataset {
 public:
  TextDataset(const std::string& text, std::size_t seq_len, std::size_t batch);

  const std::vector<char32_t>& vocabulary() const { return vocabulary_; }
  std::size_t seq_len() const { return seq_len_; }
  std::size_t batch() const { return batch_; }
  std::size_t characters() const { return ids_.size(); }
  std::size_t train_characters() const { return train_; }  // the first nine tenths (and a bit)
  std::size_t chunks() const { return chunks_; }           // training chunks a pass over the text
  std::size_t validation_rows() const { return validation_rows_; }

  TextChunk chunk(std::size_t i, bool batch_first) const;
  TextChunk validation(bool batch_first) const;

  // The vocabulary's index of every character; a character outside it is an error naming it
  // and its position.
  std::vector<std::int32_t> encode(const std::string& text) const;
  std::string decode(const std::vector<std::int32_t>& ids) const;

 private:
  TextChunk rows(std::size_t start, std::size_t stride, std::size_t count, bool batch_first) const;

  std::vector<char32_t> vocabulary_;
  std::vector<std::int32_t> ids_;
  std::size_t seq_len_, batch_, train_, chunks_, validation_rows_;
};

}  // namespace recur

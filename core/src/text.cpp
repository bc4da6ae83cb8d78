#include "recur/text.hpp"

#include <algorithm>
#include <cstdio>

#include "recur/config.hpp"
#include "recur/error.hpp"

namespace recur {
namespace {

std::string character_name(char32_t c) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(c));
  if (c == U'\n') return std::string("a line end (") + hex + ")";
  if (c < 0x20) return std::string("a control character (") + hex + ")";
  return "'" + utf8_string({c}) + "' (" + hex + ")";
}

}  // namespace

std::vector<char32_t> utf8_code_points(const std::string& text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char b = s[i];
    std::size_t extra;
    char32_t c;
    if (b < 0x80) {
      extra = 0, c = b;
    } else if ((b & 0xE0) == 0xC0 && b >= 0xC2) {
      extra = 1, c = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      extra = 2, c = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0 && b <= 0xF4) {
      extra = 3, c = b & 0x07;
    } else {
      throw Error("the text is not valid UTF-8 at byte " + std::to_string(i));
    }
    for (std::size_t k = 1; k <= extra; ++k) {
      if (i + k >= n || (s[i + k] & 0xC0) != 0x80)
        throw Error("the text is not valid UTF-8 at byte " + std::to_string(i));
      c = (c << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not characters.
    if ((extra == 2 && c < 0x800) || (extra == 3 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF))
      throw Error("the text is not valid UTF-8 at byte " + std::to_string(i));
    out.push_back(c);
    i += extra + 1;
  }
  return out;
}

std::string utf8_string(const std::vector<char32_t>& code_points) {
  std::string out;
  for (char32_t c : code_points) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

TextDataset::TextDataset(const std::string& text, std::size_t seq_len, std::size_t batch)
    : seq_len_(seq_len), batch_(batch) {
  if (seq_len == 0) throw Error("seq_len must be at least 1");
  if (batch == 0) throw Error("batch must be at least 1");
  // A bound on the bytes before decoding: a character is at most 4 of them.
  if (text.size() > 4 * max_text_characters)
    throw Error("the text is longer than the maximum " + std::to_string(max_text_characters) + " characters");
  const std::vector<char32_t> chars = utf8_code_points(text);
  if (chars.size() > max_text_characters)
    throw Error("the text is " + std::to_string(chars.size()) + " characters, more than the maximum " +
                std::to_string(max_text_characters));
  vocabulary_ = chars;
  std::sort(vocabulary_.begin(), vocabulary_.end());
  vocabulary_.erase(std::unique(vocabulary_.begin(), vocabulary_.end()), vocabulary_.end());
  if (vocabulary_.size() > max_text_vocabulary)
    throw Error("the text has " + std::to_string(vocabulary_.size()) +
                " different characters, more than the " + std::to_string(max_text_vocabulary) +
                " a one-hot input and the head's classes can hold");
  ids_.reserve(chars.size());
  for (char32_t c : chars)
    ids_.push_back(static_cast<std::int32_t>(std::lower_bound(vocabulary_.begin(), vocabulary_.end(), c) -
                                             vocabulary_.begin()));
  const std::size_t n = ids_.size(), held_out = n / 10;
  train_ = n - held_out;
  const std::size_t per_chunk = batch * seq_len;
  chunks_ = train_ > 0 ? (train_ - 1) / per_chunk : 0;
  if (chunks_ == 0)
    throw Error("the text is too short: its first nine tenths (" + std::to_string(train_) +
                " characters) must hold batch x seq_len + 1 = " + std::to_string(per_chunk + 1) +
                " characters for one training chunk; paste more text or lower batch or seq_len");
  validation_rows_ = held_out > 0 ? (held_out - 1) / seq_len : 0;
  if (validation_rows_ == 0)
    throw Error("the text is too short: its last tenth (" + std::to_string(held_out) +
                " characters), held out for validation, must hold seq_len + 1 = " +
                std::to_string(seq_len + 1) + " characters; paste more text or lower seq_len");
}

TextChunk TextDataset::rows(std::size_t start, std::size_t stride, std::size_t count,
                            bool batch_first) const {
  const std::size_t T = seq_len_, V = vocabulary_.size();
  TextChunk c;
  c.x = xt::zeros<float>(batch_first ? Shape{count, T, V} : Shape{T, count, V});
  c.y_shape = batch_first ? Shape{count, T} : Shape{T, count};
  c.y.resize(count * T);
  for (std::size_t b = 0; b < count; ++b)
    for (std::size_t t = 0; t < T; ++t) {
      const std::size_t at = start + b * stride + t, row = batch_first ? b * T + t : t * count + b;
      c.x.data()[row * V + static_cast<std::size_t>(ids_[at])] = 1.0f;
      c.y[row] = ids_[at + 1];
    }
  return c;
}

TextChunk TextDataset::chunk(std::size_t i, bool batch_first) const {
  if (i >= chunks_)
    throw Error("chunk " + std::to_string(i) + " does not exist: a pass over the text has " +
                std::to_string(chunks_) + " chunks (0 to " + std::to_string(chunks_ - 1) + ")");
  // Row b is stream b: train[b * L + i * seq_len ...], L = chunks * seq_len.
  return rows(i * seq_len_, chunks_ * seq_len_, batch_, batch_first);
}

TextChunk TextDataset::validation(bool batch_first) const {
  return rows(train_, seq_len_, validation_rows_, batch_first);
}

std::vector<std::int32_t> TextDataset::encode(const std::string& text) const {
  std::vector<std::int32_t> out;
  const std::vector<char32_t> chars = utf8_code_points(text);
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const auto it = std::lower_bound(vocabulary_.begin(), vocabulary_.end(), chars[i]);
    if (it == vocabulary_.end() || *it != chars[i])
      throw Error("character " + std::to_string(i + 1) + ", " + character_name(chars[i]) +
                  ", is not in the text's vocabulary of " + std::to_string(vocabulary_.size()) +
                  " characters");
    out.push_back(static_cast<std::int32_t>(it - vocabulary_.begin()));
  }
  return out;
}

std::string TextDataset::decode(const std::vector<std::int32_t>& ids) const {
  std::vector<char32_t> chars;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] < 0 || static_cast<std::size_t>(ids[i]) >= vocabulary_.size())
      throw Error("ids[" + std::to_string(i) + "] = " + std::to_string(ids[i]) +
                  " is not in the vocabulary (0 to " + std::to_string(vocabulary_.size() - 1) + ")");
    chars.push_back(vocabulary_[static_cast<std::size_t>(ids[i])]);
  }
  return utf8_string(chars);
}

}  // namespace recur

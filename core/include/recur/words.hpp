#pragma once
// A table of sentences in words: one sentence a line, tokens separated by spaces (or, in the
// characters mode, every character one token, as Chinese is often written), an optional
// integer label after the last '|':
//
//   I love you | 1                    我 爱 你 | 1        (words: separated by spaces)
//   you love me | 1                   我爱你 | 1           (characters mode)
//
// Sentences may have different lengths: ids are padded with <pad> (id 0) to the longest, and
// `lengths` says each one's own, as pad_sequence + pack_padded_sequence take them. The
// vocabulary is <pad> then every token in order of first appearance (row by row, left to
// right), a fixed order the PyTorch code panel reproduces. Blank lines and lines starting with
// '#' are skipped; a markdown rule line (| --- |) too. Errors name the row, the text line and
// the column (x1, x2, ... for the tokens, y for the label), as the bit table's do.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "recur/model.hpp"
#include "recur/table.hpp"
#include "recur/tensor.hpp"

namespace recur {

enum class TokenMode { words, characters };

// Limits, named in errors.
inline constexpr std::size_t max_vocabulary = max_num_embeddings;  // tokens, <pad> included
inline constexpr std::size_t max_token_bytes = 64;                 // bytes of one token (UTF-8)
inline constexpr std::size_t max_sentence_tokens = 1024;           // tokens of one sentence

inline constexpr const char* pad_token = "<pad>";

struct WordTable {
  std::vector<std::string> vocabulary;  // id -> token; vocabulary[0] is <pad>
  std::vector<std::size_t> counts;      // how often each token occurs (<pad>: padding steps)
  Tensor ids;       // [batch, seq_len] with batch_first, else [seq_len, batch]; 0 past a length
  Lengths lengths;  // each sentence's own number of tokens
  bool has_labels = false;
  std::vector<std::int32_t> y;
  std::size_t batch = 0, seq_len = 0;
};

// Throws TableError naming row, line and column.
WordTable parse_words(std::string_view text, bool batch_first, TokenMode mode);

// Whether `text` is a bit table (table.hpp) rather than words: most of its first sentence's cells
// (before a label after '|', past a header x1 x2 ... y) are strings of 0s and 1s. Then
// parse_table reads it, with its own errors (a typo such as 0a0 is named), exactly as before
// words existed.
bool is_bit_table(std::string_view text);

// F.one_hot(ids, V).float(): ids' shape + [V]; <pad> steps get <pad>'s column, as F.one_hot
// gives them (packing keeps them out of every result).
Tensor one_hot(const Tensor& ids, std::size_t vocabulary_size);

}  // namespace recur

// libFuzzer target: any bytes as a table of words, in both token modes. It must parse or throw
// recur::TableError; what it parses must hold together: ids in the vocabulary, <pad> (0) exactly
// past each length, lengths 1 .. seq_len, counts summing to every step, one label a row.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "recur/words.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)recur::is_bit_table(text);
  for (auto mode : {recur::TokenMode::words, recur::TokenMode::characters})
    for (bool batch_first : {true, false}) {
      try {
        const recur::WordTable t = recur::parse_words(text, batch_first, mode);
        const std::size_t B = t.batch, T = t.seq_len, V = t.vocabulary.size();
        if (B == 0 || T == 0 || V < 2 || V > recur::max_vocabulary || T > recur::max_sentence_tokens)
          std::abort();
        if (t.lengths.size() != B || t.counts.size() != V || t.vocabulary[0] != recur::pad_token)
          std::abort();
        if (t.has_labels != (t.y.size() == B) || (!t.has_labels && !t.y.empty())) std::abort();
        std::size_t total = 0;
        for (std::size_t c : t.counts) total += c;
        if (total != B * T) std::abort();
        for (std::size_t b = 0; b < B; ++b) {
          if (t.lengths[b] == 0 || t.lengths[b] > T) std::abort();
          for (std::size_t s = 0; s < T; ++s) {
            const float id = t.ids.data()[batch_first ? b * T + s : s * B + b];
            if (!(id >= 0 && id < static_cast<float>(V))) std::abort();
            if ((s >= t.lengths[b]) != (id == 0)) std::abort();
          }
        }
        for (const auto& token : t.vocabulary)
          if (token.empty() || token.size() > recur::max_token_bytes) std::abort();
      } catch (const recur::TableError& e) {
        if (std::string_view(e.what()).empty()) std::abort();
      }
    }
  return 0;
}

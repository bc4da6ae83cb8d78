#include "recur/words.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <unordered_map>

#include "table_syntax.hpp"

namespace recur {
namespace {

using namespace table_syntax;

// The length in bytes of the UTF-8 character starting with byte c (1 for a stray byte, which
// then stands alone: the text is taken as it is, never rejected for its encoding).
std::size_t utf8_length(unsigned char c) {
  if (c >= 0xF0 && c < 0xF8) return 4;
  if (c >= 0xE0) return c < 0xF0 ? 3 : 1;
  if (c >= 0xC0) return 2;
  return 1;
}

std::vector<std::string> tokens_of(std::string_view s, TokenMode mode) {
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (is_space(c)) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
      ++i;
      continue;
    }
    const std::size_t n = std::min(utf8_length(static_cast<unsigned char>(c)), s.size() - i);
    if (mode == TokenMode::characters) {
      out.emplace_back(s.substr(i, n));
    } else {
      current.append(s.substr(i, n));
    }
    i += n;
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

bool is_label(std::string_view s) {
  std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

}  // namespace

WordTable parse_words(std::string_view text, bool batch_first, TokenMode mode) {
  if (text.size() > max_table_text)
    throw TableError("the table text is " + std::to_string(text.size()) + " bytes, more than the maximum " +
                         std::to_string(max_table_text),
                     0, 0, "");
  struct Row {
    std::size_t line;
    std::vector<std::string> tokens;
    std::string label;  // empty: none
    bool has_label;
  };
  std::vector<Row> rows;
  std::size_t number = 0;
  bool header_seen = false;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view raw = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++number;
    if (raw.empty() || raw.front() == '#' || is_rule(raw)) continue;
    if (raw.front() == '|') raw = trim(raw.substr(1));
    if (!raw.empty() && raw.back() == '|') raw = trim(raw.substr(0, raw.size() - 1));
    if (rows.empty() && !header_seen) {  // a header such as | x1 | x2 | x3 | y |: names, not words
      header_seen = true;
      bool names = true;
      std::string cells(raw);
      std::replace(cells.begin(), cells.end(), '|', ' ');
      for (const auto& t : tokens_of(cells, TokenMode::words)) names = names && is_column_name(t);
      if (names) continue;
    }
    Row row{number, {}, {}, false};
    std::string_view sentence = raw;
    if (const std::size_t bar = raw.rfind('|'); bar != std::string_view::npos) {
      row.label = std::string(trim(raw.substr(bar + 1)));
      row.has_label = true;
      sentence = raw.substr(0, bar);
    }
    // Markdown cells (| I | love | you |) are tokens too: their pipes separate like spaces.
    std::string joined(sentence);
    std::replace(joined.begin(), joined.end(), '|', ' ');
    row.tokens = tokens_of(joined, mode);
    if (row.tokens.empty() && !row.has_label) continue;
    rows.push_back(std::move(row));
  }
  if (rows.empty())
    throw TableError("the table is empty: type one sentence a row, e.g. I love you | 1", 0, 0, "");

  WordTable table;
  table.has_labels = rows.front().has_label;
  table.batch = rows.size();
  table.vocabulary = {pad_token};
  table.counts = {0};
  std::unordered_map<std::string, std::size_t> index{{pad_token, 0}};
  std::vector<std::vector<std::size_t>> ids(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const Row& row = rows[r];
    const std::size_t n = r + 1;
    if (row.tokens.empty())
      fail(n, row.line, "x1", "the sentence has no tokens: type at least one word before '|'");
    if (row.tokens.size() > max_sentence_tokens)
      fail(n, row.line, "x" + std::to_string(max_sentence_tokens + 1),
           "the sentence has " + std::to_string(row.tokens.size()) + " tokens, more than the maximum " +
               std::to_string(max_sentence_tokens));
    if (row.has_label != table.has_labels)
      fail(n, row.line, "y",
           table.has_labels ? "missing label: row 1 has one after '|', so every row needs one"
                            : "row 1 has no label, so no row has one (remove '| " + row.label + "')");
    if (row.has_label) {
      if (!is_label(row.label)) fail(n, row.line, "y", "'" + row.label + "' is not an integer label");
      const long long value =
          row.label.size() > 11 ? std::numeric_limits<long long>::max() : std::stoll(row.label);
      if (value > std::numeric_limits<std::int32_t>::max() ||
          value < std::numeric_limits<std::int32_t>::min())
        fail(n, row.line, "y", "label " + row.label + " is out of range (at most 2147483647)");
      table.y.push_back(static_cast<std::int32_t>(value));
    }
    for (std::size_t t = 0; t < row.tokens.size(); ++t) {
      const std::string& token = row.tokens[t];
      const std::string column = "x" + std::to_string(t + 1);
      if (token.size() > max_token_bytes)
        fail(n, row.line, column,
             "the token is " + std::to_string(token.size()) + " bytes long, more than the maximum " +
                 std::to_string(max_token_bytes));
      if (token == pad_token)
        fail(n, row.line, column, "'<pad>' is the padding token's name: use another word");
      auto [at, added] = index.emplace(token, table.vocabulary.size());
      if (added) {
        if (table.vocabulary.size() == max_vocabulary)
          fail(n, row.line, column,
               "'" + token + "' would be token " + std::to_string(max_vocabulary + 1) +
                   " of the vocabulary, more than the maximum " + std::to_string(max_vocabulary) +
                   " (<pad> included)");
        table.vocabulary.push_back(token);
        table.counts.push_back(0);
      }
      ++table.counts[at->second];
      ids[r].push_back(at->second);
    }
    table.lengths.push_back(row.tokens.size());
    table.seq_len = std::max(table.seq_len, row.tokens.size());
  }
  const std::size_t B = table.batch, T = table.seq_len;
  table.ids = batch_first ? Tensor(xt::zeros<float>({B, T})) : Tensor(xt::zeros<float>({T, B}));
  for (std::size_t b = 0; b < B; ++b) {
    table.counts[0] += T - ids[b].size();
    for (std::size_t t = 0; t < ids[b].size(); ++t)
      table.ids.data()[batch_first ? b * T + t : t * B + b] = static_cast<float>(ids[b][t]);
  }
  return table;
}

bool is_bit_table(std::string_view text) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view raw = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (raw.empty() || raw.front() == '#' || is_rule(raw)) continue;
    std::string cells(raw);
    std::replace(cells.begin(), cells.end(), ',', ' ');
    std::vector<std::string> tokens;
    bool header = true;
    std::size_t count = 0;
    for (std::string_view part : {std::string_view(cells)}) {
      std::string current;
      for (char c : part) {
        if (is_space(c) || c == '|') {
          if (!current.empty()) tokens.push_back(current);
          current.clear();
        } else {
          current += c;
        }
      }
      if (!current.empty()) tokens.push_back(current);
    }
    for (const auto& t : tokens) {
      const bool name =
          t == "y" || t == "Y" ||
          ((t[0] == 'x' || t[0] == 'X') && t.size() > 1 && std::all_of(t.begin() + 1, t.end(), [](char c) {
             return std::isdigit(static_cast<unsigned char>(c));
           }));
      header = header && name;
    }
    if (tokens.empty() || header) continue;  // a header line says nothing of the cells
    // The cells before the label: everything before the last '|' (or, without one, all of them
    // but a last one of another width, the bit table's own rule for a label).
    const std::size_t bar = raw.rfind('|', raw.size() - (raw.back() == '|' ? 2 : 1));
    if (bar != std::string_view::npos && bar > 0) {
      tokens.clear();
      std::string current;
      for (char c : std::string(raw.substr(0, bar))) {
        if (is_space(c) || c == '|' || c == ',') {
          if (!current.empty()) tokens.push_back(current);
          current.clear();
        } else {
          current += c;
        }
      }
      if (!current.empty()) tokens.push_back(current);
    }
    // Bits when most cells are 0/1 strings: a typo in one cell keeps the bit table (and its
    // error naming the cell), while a sentence of words has few or none.
    std::size_t bits = 0;
    for (const auto& t : tokens) {
      if (++count > 1 && &t == &tokens.back() && bar == std::string_view::npos &&
          t.size() != tokens.front().size())
        break;  // a label column
      bits += std::all_of(t.begin(), t.end(), [](char c) { return c == '0' || c == '1'; });
    }
    return 2 * bits >= count;
  }
  return true;  // empty: parse_table says what a table needs
}

Tensor one_hot(const Tensor& ids, std::size_t vocabulary_size) {
  if (std::uint64_t{ids.size()} * vocabulary_size > max_tensor_elements)
    throw Error("one_hot: " + std::to_string(ids.size()) + " tokens of a vocabulary of " +
                std::to_string(vocabulary_size) + " need more than the maximum " +
                std::to_string(max_tensor_elements) + " values: use an embedding (num_embeddings) instead");
  Shape shape = shape_of(ids);
  shape.push_back(vocabulary_size);
  Tensor out = xt::zeros<float>(shape);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const float id = ids.data()[i];
    if (!(id >= 0 && id < static_cast<float>(vocabulary_size)))
      throw Error("one_hot: id " + std::to_string(id) + " is not below the vocabulary size " +
                  std::to_string(vocabulary_size));
    out.data()[i * vocabulary_size + static_cast<std::size_t>(id)] = 1.0f;
  }
  return out;
}

}  // namespace recur

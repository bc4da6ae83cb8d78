#pragma once
// The learner's table of sentences: rows are sentences, columns x1..xT are time steps, each
// cell a string of 0/1 bits (one input vector), and an optional integer label column y.
//
// Accepted forms, one row a line:
//   | x1  | x2  | x3  | y |        a markdown table: header, optional `---` rule line,
//   | --- | --- | --- | - |        leading and trailing pipes optional
//   | 001 | 010 | 100 | 1 |
//   001 010 100 | 1                plain rows: cells separated by spaces, tabs, commas or pipes
// Blank lines and lines starting with '#' are skipped. Without a header, the last cell is the
// label y when its length differs from the first cell's (so `001 010 100 1` has y = 1); a
// header `x1 x2 x3 y` says it outright.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "recur/error.hpp"
#include "recur/tensor.hpp"

namespace recur {

struct Table {
  Tensor x;  // [batch, seq_len, input_size], or [seq_len, batch, input_size]
  bool has_labels = false;
  std::vector<std::int32_t> y;  // one label a row when has_labels
  std::size_t batch = 0;
  std::size_t seq_len = 0;
  std::size_t input_size = 0;
};

// A table error knows where it is: the data row (1-based, as the learner counts sentences;
// 0 for the header or the whole table), the text line (1-based), and the column's name.
class TableError : public Error {
 public:
  TableError(const std::string& message, std::size_t row, std::size_t line, std::string column)
      : Error(message), row_(row), line_(line), column_(std::move(column)) {}
  std::size_t row() const { return row_; }
  std::size_t line() const { return line_; }
  const std::string& column() const { return column_; }

 private:
  std::size_t row_, line_;
  std::string column_;
};

// Longest table text accepted, in bytes.
inline constexpr std::size_t max_table_text = 1 << 20;

Table parse_table(std::string_view text, bool batch_first);

}  // namespace recur

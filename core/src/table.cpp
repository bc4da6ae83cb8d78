#include "recur/table.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

#include "recur/config.hpp"
#include "table_syntax.hpp"

namespace recur {
namespace {

using namespace table_syntax;

struct Line {
  std::size_t number;  // 1-based line in the text
  // Views into the text; an empty cell marks a gap between two pipes or commas.
  std::vector<std::string_view> cells;
};

bool is_hard_separator(char c) {
  return c == '|' || c == ',';
}

// Splits a row into cells, views into it (a 1 MiB table has 120 000 cells: no string is made
// for each). Spaces separate cells softly (several count as one); a pipe or a comma separates
// hard, so `| 001 |  | 100 |` has an empty (missing) cell in the middle.
std::vector<std::string_view> split_cells(std::string_view line) {
  if (!line.empty() && line.front() == '|') line.remove_prefix(1);
  if (!line.empty() && line.back() == '|') line.remove_suffix(1);
  std::vector<std::string_view> cells;
  constexpr std::size_t none = std::string_view::npos;
  std::size_t start = none;  // where the cell being read began
  bool cell_since_hard = false, saw_hard = false;
  auto flush = [&](std::size_t end) {
    if (start == none) return;
    cells.push_back(line.substr(start, end - start));
    start = none;
    cell_since_hard = true;
  };
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (is_space(c)) {
      flush(i);
    } else if (is_hard_separator(c)) {
      flush(i);
      if (!cell_since_hard) cells.emplace_back();
      cell_since_hard = false;
      saw_hard = true;
    } else if (start == none) {
      start = i;
    }
  }
  flush(line.size());
  if (saw_hard && !cell_since_hard) cells.emplace_back();
  return cells;
}

std::string lower(std::string_view view) {
  std::string s(view);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}

[[noreturn]] void fail_header(std::size_t line, const std::string& column, const std::string& what) {
  std::string w = "header (line " + std::to_string(line) + ")";
  if (!column.empty()) w += ", column " + column;
  throw TableError(w + ": " + what, 0, line, column);
}

// Checks a header's names: x1..xT in order, then optionally y. Returns T.
std::size_t read_header(const Line& header, bool& has_labels) {
  const auto& cells = header.cells;
  has_labels = lower(cells.back()) == "y";
  const std::size_t steps = cells.size() - (has_labels ? 1 : 0);
  if (steps == 0) fail_header(header.number, "y", "the table needs at least one column x1 before y");
  for (std::size_t i = 0; i < steps; ++i) {
    const std::string expected = "x" + std::to_string(i + 1);
    if (lower(cells[i]) != expected)
      fail_header(header.number, expected,
                  "column " + std::to_string(i + 1) + " is named " + quoted(cells[i]) + ", expected " +
                      quoted(expected) + " (time steps x1, x2, ... then an optional y)");
  }
  return steps;
}

std::int32_t read_label(std::string_view cell, std::size_t row, std::size_t line) {
  std::size_t i = (cell[0] == '-' || cell[0] == '+') ? 1 : 0;
  if (i == cell.size()) fail(row, line, "y", quoted(cell) + " is not an integer label");
  long long value = 0;
  for (; i < cell.size(); ++i) {
    const char c = cell[i];
    if (!std::isdigit(static_cast<unsigned char>(c)))
      fail(row, line, "y", quoted(cell) + " is not an integer label");
    value = value * 10 + (c - '0');
    if (value > std::numeric_limits<std::int32_t>::max())
      fail(row, line, "y", "label " + std::string(cell) + " is out of range (at most 2147483647)");
  }
  return static_cast<std::int32_t>(cell[0] == '-' ? -value : value);
}

}  // namespace

Table parse_table(std::string_view text, bool batch_first) {
  if (text.size() > max_table_text)
    throw TableError("the table text is " + std::to_string(text.size()) + " bytes, more than the maximum " +
                         std::to_string(max_table_text),
                     0, 0, "");

  // Content lines with their numbers; blank, comment and rule lines are dropped here.
  std::vector<Line> lines;
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view raw = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++number;
    if (raw.empty() || raw.front() == '#' || is_rule(raw)) continue;
    std::vector<std::string_view> cells = split_cells(raw);
    if (cells.empty()) continue;  // only pipes and spaces, such as "|" or "| |": nothing to read
    lines.push_back({number, std::move(cells)});
  }
  if (lines.empty())
    throw TableError("the table is empty: type one sentence a row, e.g. 001 010 100 | 1", 0, 0, "");

  // A header is a first line made only of column names.
  bool has_header = true;
  for (const auto& cell : lines.front().cells) has_header = has_header && is_column_name(cell);
  bool has_labels = false;
  std::size_t steps = 0;
  if (has_header) {
    steps = read_header(lines.front(), has_labels);
    lines.erase(lines.begin());
    if (lines.empty())
      throw TableError("the table has a header but no rows: add a sentence such as 001 010 100 | 1", 0,
                       number, "");
  } else {
    const auto& first = lines.front().cells;
    has_labels = first.size() > 1 && !first.back().empty() && first.back().size() != first.front().size();
    steps = first.size() - (has_labels ? 1 : 0);
  }
  auto column_name = [&](std::size_t c) {
    return c < steps ? "x" + std::to_string(c + 1) : std::string("y");
  };
  const std::size_t columns = steps + (has_labels ? 1 : 0);
  const std::string steps_text = steps == 1 ? "x1" : "x1..x" + std::to_string(steps);
  const std::string layout = has_labels ? steps_text + " and y" : steps_text;

  Table table;
  table.batch = lines.size();
  table.seq_len = steps;
  table.has_labels = has_labels;

  // First pass: check every cell and learn the width; the tensor is allocated once it is known.
  for (std::size_t r = 0; r < lines.size(); ++r) {
    const auto& line = lines[r];
    const std::size_t row = r + 1;
    for (std::size_t c = 0; c < std::min(line.cells.size(), columns); ++c)
      if (line.cells[c].empty()) fail(row, line.number, column_name(c), "missing cell");
    if (line.cells.size() < columns)
      fail(row, line.number, column_name(line.cells.size()),
           "missing cell: the row has " + std::to_string(line.cells.size()) + " cells, expected " +
               std::to_string(columns) + " (" + layout + ")");
    if (line.cells.size() > columns)
      fail(row, line.number, "",
           "the row has " + std::to_string(line.cells.size()) + " cells, expected " +
               std::to_string(columns) + " (" + layout + "); extra cell " + quoted(line.cells[columns]));
    for (std::size_t c = 0; c < steps; ++c) {
      const std::string_view cell = line.cells[c];
      for (std::size_t k = 0; k < cell.size(); ++k)
        if (cell[k] != '0' && cell[k] != '1')
          fail(row, line.number, column_name(c),
               quoted(cell) + " has " + quoted(std::string(1, cell[k])) + " at position " +
                   std::to_string(k + 1) + "; a cell is a string of 0s and 1s such as 010");
      if (table.input_size == 0) {
        table.input_size = cell.size();
        if (table.input_size > max_input_size)
          fail(row, line.number, column_name(c),
               "a cell has " + std::to_string(cell.size()) + " bits, more than the maximum " +
                   std::to_string(max_input_size));
      } else if (cell.size() != table.input_size) {
        fail(row, line.number, column_name(c),
             quoted(cell) + " has " + std::to_string(cell.size()) + " bits, expected " +
                 std::to_string(table.input_size) +
                 " like row 1's x1 (every cell is one input of input_size bits)");
      }
    }
    if (has_labels) table.y.push_back(read_label(line.cells[steps], row, line.number));
  }

  const std::size_t B = table.batch, T = table.seq_len, I = table.input_size;
  table.x = batch_first ? Tensor::from_shape({B, T, I}) : Tensor::from_shape({T, B, I});
  // Written through the row-major buffer: an xarray's (b, t, i) computes its strides each call.
  float* const x = table.x.data();
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t t = 0; t < T; ++t) {
      const std::string_view cell = lines[b].cells[t];
      float* const out = x + (batch_first ? b * T + t : t * B + b) * I;
      for (std::size_t i = 0; i < I; ++i) out[i] = cell[i] == '1' ? 1.0f : 0.0f;
    }
  return table;
}

}  // namespace recur

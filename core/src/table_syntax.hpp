#pragma once
// What the bit table (table.cpp) and the word table (words.cpp) read alike: spaces, a markdown
// rule line, the x1..xT / y header names, and the "row r (line l), column c: ..." errors.
// Internal to the core's sources.

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

#include "recur/table.hpp"

namespace recur::table_syntax {

inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// A markdown rule line such as `| --- | :-: |`.
inline bool is_rule(std::string_view line) {
  bool dash = false;
  for (char c : line) {
    if (c == '-')
      dash = true;
    else if (c != '|' && c != ':' && !is_space(c))
      return false;
  }
  return dash;
}

// A header cell: y, or x followed by digits (either case).
inline bool is_column_name(std::string_view cell) {
  if (cell == "y" || cell == "Y") return true;
  if (cell.size() < 2 || (cell[0] != 'x' && cell[0] != 'X')) return false;
  for (std::size_t i = 1; i < cell.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(cell[i]))) return false;
  return true;
}

inline std::string where(std::size_t row, std::size_t line, const std::string& column) {
  std::string w = "row " + std::to_string(row) + " (line " + std::to_string(line) + ")";
  if (!column.empty()) w += ", column " + column;
  return w;
}

[[noreturn]] inline void fail(std::size_t row, std::size_t line, const std::string& column,
                              const std::string& what) {
  throw TableError(where(row, line, column) + ": " + what, row, line, column);
}

}  // namespace recur::table_syntax

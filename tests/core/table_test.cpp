#include "recur/table.hpp"

#include <doctest/doctest.h>

#include "fixture.hpp"

using namespace recur;

namespace {

// The notebook table, as the fixtures (and so PyTorch) saw it.
const std::string& notebook() {
  static const std::string text = fixture::load("rnn_table").table;
  return text;
}

// The error a table raises, with where it says it is.
struct Caught {
  std::string message;
  std::size_t row = 99, line = 99;
  std::string column = "?";
};
Caught error_of(const std::string& text) {
  try {
    parse_table(text, true);
  } catch (const TableError& e) {
    return {e.what(), e.row(), e.line(), e.column()};
  }
  FAIL("no error for: " << text);
  return {};
}

}  // namespace

TEST_CASE("the notebook's markdown table: 6 sentences, 3 steps, 3 bits, labels") {
  const Table t = parse_table(notebook(), true);
  CHECK(t.batch == 6);
  CHECK(t.seq_len == 3);
  CHECK(t.input_size == 3);
  CHECK(shape_of(t.x) == Shape{6, 3, 3});
  REQUIRE(t.has_labels);
  CHECK(t.y == std::vector<std::int32_t>{1, 0, 1, 1, 0, 0});
  // row 2 is 100 111 000: not every cell is one-hot
  CHECK(t.x(1, 0, 0) == 1.0f);
  CHECK(t.x(1, 0, 1) == 0.0f);
  CHECK(t.x(1, 1, 0) == 1.0f);
  CHECK(t.x(1, 1, 2) == 1.0f);
  CHECK(t.x(1, 2, 1) == 0.0f);
  CHECK(t.x(0, 0, 2) == 1.0f);  // 001: the last bit is input feature 2
}

TEST_CASE("batch_first=false lays x out as [seq_len, batch, input_size]") {
  const Table a = parse_table(notebook(), true);
  const Table b = parse_table(notebook(), false);
  CHECK(shape_of(b.x) == Shape{3, 6, 3});
  for (std::size_t s = 0; s < 6; ++s)
    for (std::size_t t = 0; t < 3; ++t)
      for (std::size_t i = 0; i < 3; ++i) CHECK(a.x(s, t, i) == b.x(t, s, i));
}

TEST_CASE("every accepted spelling of the same table parses to the same x and y") {
  const Table expected = parse_table(notebook(), true);
  const char* forms[] = {
      "x1 | x2 | x3 | y\n--- | --- | --- | ---\n001 | 010 | 100 | 1\n100 | 111 | 000 | 0\n001 | 010 | 100 | "
      "1\n"
      "100 | 000 | 111 | 1\n111 | 010 | 100 | 0\n100 | 010 | 000 | 0",
      "001 010 100 | 1\n100 111 000 | 0\n001 010 100 | 1\n100 000 111 | 1\n111 010 100 | 0\n100 010 000 | "
      "0\n",
      "001 010 100 1\n100 111 000 0\n001 010 100 1\n100 000 111 1\n111 010 100 0\n100 010 000 0",
      "001,010,100,1\r\n100,111,000,0\r\n001,010,100,1\r\n100,000,111,1\r\n111,010,100,0\r\n100,010,000,"
      "0\r\n",
      "001\t010\t100\t1\n100\t111\t000\t0\n\n001\t010\t100\t1\n100\t000\t111\t1\n111\t010\t100\t0\n100\t010\t"
      "000\t0",
      "# the notebook\nX1 X2 X3 Y\n001 010 100 1\n100 111 000 0\n001 010 100 1\n100 000 111 1\n111 010 100 "
      "0\n"
      "100 010 000 0\n\n",
      "| 001 | 010 | 100 | 1 |\n|100|111|000|0|\n  001 | 010 | 100 | 1\n100 000 111 | 1\n111, 010, 100, 0\n"
      "100 010 000 0",
  };
  for (const char* form : forms) {
    CAPTURE(form);
    const Table t = parse_table(form, true);
    CHECK(t.x == expected.x);
    CHECK(t.has_labels);
    CHECK(t.y == expected.y);
  }
}

TEST_CASE("tables without labels") {
  const Table t = parse_table("x1 x2\n01 10\n11 00", true);
  CHECK_FALSE(t.has_labels);
  CHECK(t.y.empty());
  CHECK(shape_of(t.x) == Shape{2, 2, 2});
  // Without a header, a last cell as wide as the first is an x: here input_size 1, no y.
  const Table u = parse_table("0 1 1 0\n1 1 0 0", true);
  CHECK_FALSE(u.has_labels);
  CHECK(shape_of(u.x) == Shape{2, 4, 1});
  // Negative and multi-digit labels.
  const Table v = parse_table("x1 y\n0101 -3\n1111 12", true);
  CHECK(v.y == std::vector<std::int32_t>{-3, 12});
}

TEST_CASE("errors name the row, the line, the column and the reason") {
  auto e = error_of("x1 x2 x3 y\n001 010 100 1\n100 1a1 000 0\n");
  CHECK(
      e.message ==
      "row 2 (line 3), column x2: '1a1' has 'a' at position 2; a cell is a string of 0s and 1s such as 010");
  CHECK(e.row == 2);
  CHECK(e.line == 3);
  CHECK(e.column == "x2");

  e = error_of("001 010 100 | 1\n100 11 000 | 0\n");
  CHECK(e.message ==
        "row 2 (line 2), column x2: '11' has 2 bits, expected 3 like row 1's x1 (every cell is one input of "
        "input_size bits)");
  CHECK(e.column == "x2");

  e = error_of("| x1 | x2 | x3 | y |\n|---|---|---|---|\n| 001 |  | 100 | 1 |\n");
  CHECK(e.message == "row 1 (line 3), column x2: missing cell");

  e = error_of("001 010 100 | 1\n100 010 | 0\n");
  CHECK(e.message ==
        "row 2 (line 2), column y: missing cell: the row has 3 cells, expected 4 (x1..x3 and y)");
  CHECK(e.column == "y");

  e = error_of("001 010 100 | 1\n100 010 100 001 | 0\n");
  CHECK(e.message == "row 2 (line 2): the row has 5 cells, expected 4 (x1..x3 and y); extra cell '0'");

  e = error_of("x1 x2 y\n01 10 one\n");
  CHECK(e.message == "row 1 (line 2), column y: 'one' is not an integer label");
  CHECK(e.column == "y");

  e = error_of("x1 y\n01 99999999999\n");
  CHECK(e.message == "row 1 (line 2), column y: label 99999999999 is out of range (at most 2147483647)");

  e = error_of("x1 y\n01 -\n");
  CHECK(e.message == "row 1 (line 2), column y: '-' is not an integer label");

  e = error_of("001,010,\n");
  CHECK(e.message == "row 1 (line 1), column x3: missing cell");
}

TEST_CASE("empty tables and bad headers are named as such") {
  auto e = error_of("");
  CHECK(e.message == "the table is empty: type one sentence a row, e.g. 001 010 100 | 1");
  CHECK(e.row == 0);
  e = error_of("\n  \n# only a comment\n| --- | --- |\n");
  CHECK(e.message == "the table is empty: type one sentence a row, e.g. 001 010 100 | 1");
  e = error_of("x1 x2 y\n| --- | --- | --- |\n");
  CHECK(e.message == "the table has a header but no rows: add a sentence such as 001 010 100 | 1");
  e = error_of("x1 x3 y\n01 10 1\n");
  CHECK(e.message ==
        "header (line 1), column x2: column 2 is named 'x3', expected 'x2' (time steps x1, x2, ... then an "
        "optional y)");
  CHECK(e.row == 0);
  CHECK(e.column == "x2");
  e = error_of("y\n1\n");
  CHECK(e.message == "header (line 1), column y: the table needs at least one column x1 before y");
}

TEST_CASE("lines of only pipes are skipped like blank lines (found by fuzz_table)") {
  const Table t = parse_table("|\n| --- | --- |\n| |\n| x1 | x2 |\n| 01 | 10 |\n||\n", true);
  CHECK(shape_of(t.x) == Shape{1, 2, 2});
  CHECK(
      error_of("|\n| --- | --- | --- | -| x1 |\n| 001  ").message ==
      "row 1 (line 2), column x1: '---' has '-' at position 1; a cell is a string of 0s and 1s such as 010");
}

TEST_CASE("text longer than the limit is refused before it is read") {
  const std::string huge(max_table_text + 1, '0');
  CHECK_THROWS_WITH_AS(parse_table(huge, true),
                       "the table text is 1048577 bytes, more than the maximum 1048576", TableError);
}

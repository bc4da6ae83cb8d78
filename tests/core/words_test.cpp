#include "recur/words.hpp"

#include <doctest/doctest.h>

using namespace recur;

TEST_CASE("words: <pad> then first appearance, ids padded, lengths, labels") {
  const WordTable t =
      parse_words("I love you | 1\nyou love me | 1\n# a comment\nhi | 0", true, TokenMode::words);
  CHECK(t.vocabulary == std::vector<std::string>{"<pad>", "I", "love", "you", "me", "hi"});
  CHECK(t.counts == std::vector<std::size_t>{2, 1, 2, 2, 1, 1});
  CHECK(t.lengths == Lengths{3, 3, 1});
  CHECK(t.y == std::vector<std::int32_t>{1, 1, 0});
  CHECK(t.ids.shape()[0] == 3);
  CHECK(t.ids.shape()[1] == 3);
  const float expected[] = {1, 2, 3, 3, 2, 4, 5, 0, 0};
  for (std::size_t i = 0; i < 9; ++i) CHECK(t.ids.data()[i] == expected[i]);
}

TEST_CASE("characters: one token a UTF-8 character; a header is not a sentence") {
  const WordTable t =
      parse_words("| x1 | x2 | y |\n|---|---|---|\n我爱你 | 1\n你们 | 0", false, TokenMode::characters);
  CHECK(t.vocabulary == std::vector<std::string>{"<pad>", "我", "爱", "你", "们"});
  CHECK(t.lengths == Lengths{3, 2});
  CHECK(t.ids.shape()[0] == 3);  // [seq_len, batch]
  CHECK(t.ids.data()[2 * 2 + 1] == 0);
}

TEST_CASE("word errors name row, line and column") {
  try {
    parse_words("a b | 1\n\nc d e | x", true, TokenMode::words);
    FAIL("no error");
  } catch (const TableError& e) {
    CHECK(std::string(e.what()) == "row 2 (line 3), column y: 'x' is not an integer label");
    CHECK(e.row() == 2);
    CHECK(e.line() == 3);
    CHECK(e.column() == "y");
  }
  CHECK_THROWS_WITH_AS(parse_words("", true, TokenMode::words), doctest::Contains("the table is empty"),
                       TableError);
  CHECK_THROWS_WITH_AS(parse_words("a | 1\nb", true, TokenMode::words),
                       doctest::Contains("row 2 (line 2), column y: missing label"), TableError);
}

TEST_CASE("bit tables are told from words; one_hot is F.one_hot") {
  CHECK(is_bit_table("001 010 100 | 1"));
  CHECK(is_bit_table("| x1 | x2 | y |\n|--|--|--|\n| 01 | 10 | 1 |"));
  CHECK(is_bit_table("001 010 100 1"));
  CHECK(is_bit_table("001 0a0 100 | 1\n"));  // a typo in row 1: still bits, so its error is named
  CHECK(!is_bit_table("I love you | 1"));
  CHECK(!is_bit_table("我爱你 | 1"));
  Tensor ids = xt::zeros<float>({1, 2});
  ids.data()[1] = 2;
  const Tensor x = one_hot(ids, 3);
  CHECK(x.shape()[2] == 3);
  CHECK(x.data()[0] == 1);
  CHECK(x.data()[3 + 2] == 1);
}

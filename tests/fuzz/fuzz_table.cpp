// libFuzzer target: any bytes as a table. It must parse, or throw recur::TableError; and what it
// parses must hold together (x's shape, one label a row, only 0s and 1s).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "recur/table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool batch_first : {true, false}) {
    try {
      const recur::Table t = recur::parse_table(text, batch_first);
      const recur::Shape expected = batch_first ? recur::Shape{t.batch, t.seq_len, t.input_size}
                                                : recur::Shape{t.seq_len, t.batch, t.input_size};
      if (recur::shape_of(t.x) != expected || t.batch == 0 || t.seq_len == 0 || t.input_size == 0)
        std::abort();
      if (t.has_labels != (t.y.size() == t.batch) || (!t.has_labels && !t.y.empty())) std::abort();
      for (float v : t.x)
        if (v != 0.0f && v != 1.0f) std::abort();
    } catch (const recur::TableError& e) {
      if (std::string_view(e.what()).empty()) std::abort();  // every error says something
    }
  }
  return 0;
}

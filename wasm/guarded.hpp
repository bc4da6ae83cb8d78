#pragma once
// How every binding hands a C++ error back to JS: as a RecurError left in Module.pending.error,
// which recur.mjs throws once the call has left WebAssembly. No JS exception is thrown through
// WebAssembly frames: WebKit (JavaScriptCore, WebKitGTK 2.50) now and then took 7-21 s to
// unwind one and then gave "RangeError: Maximum call stack size exceeded" instead of the error.
// Shared by the binding files (bindings.cpp, digits_bindings.cpp).

#include <emscripten/val.h>

#include <new>
#include <optional>
#include <string>
#include <type_traits>

#include "recur/table.hpp"

namespace recur::js {

// RecurError is the JS class recur.mjs hands to the module as Module.RecurError.
inline emscripten::val recur_error(const std::string& message) {
  return emscripten::val::module_property("RecurError").new_(message);
}

// Runs f; a C++ exception becomes a RecurError left in Module.pending.error, and the call
// returns an empty value that recur.mjs discards.
template <class F>
auto guarded(F&& f) -> decltype(f()) {
  using emscripten::val;
  std::optional<val> error;
  try {
    return f();
  } catch (const recur::TableError& e) {
    error = recur_error(e.what());
    error->set("row", e.row());
    error->set("line", e.line());
    error->set("column", e.column());
  } catch (const std::bad_alloc&) {
    error = recur_error("out of memory: the WebAssembly heap cannot hold a tensor this large");
  } catch (const std::exception& e) {
    error = recur_error(e.what());
  }
  val::module_property("pending").set("error", *error);
  using Result = decltype(f());
  if constexpr (std::is_same_v<Result, val>) {
    return val::undefined();
  } else {
    return Result();
  }
}

}  // namespace recur::js

// ParseJson: JSON text -> Value, the reading counterpart of JsonWriter, for the large documents
// Causeway reads on every command (the state file: 28 MB at 100k resources).
//
// Why not Value::parse: nlohmann's lexer reads one byte at a time through an input adapter and
// builds every string a character at a time; it spent most of a 100k-resource state load
// (bench/RESULTS.md). simdjson (Debian libsimdjson-dev) finds the document's structure with SIMD
// instructions; this file only turns its DOM into a Value. The result is the Value that
// Value::parse returns for the same text (json_reader_test compares the two on every kind of
// value): non-negative integers are number_unsigned, negative ones number_integer, numbers with
// a fraction or exponent number_float, and of duplicate keys the last wins (one exception: the
// integer -0 reads as unsigned 0, where Value::parse has a signed 0; the two compare equal and
// are written alike). Text simdjson refuses
// is handed to Value::parse, so what nlohmann alone accepts (an integer too large for 64 bits
// becomes a float) is still accepted, and an error carries nlohmann's message with its position.
// Thread-safety: none needed; each call has its own parser.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway {

// Bytes a reader may read past the end of the text. ParseJson copies text whose std::string
// lacks this much spare capacity; a caller reading a large document reserves it to avoid that.
inline constexpr size_t kJsonReadPadding = simdjson::SIMDJSON_PADDING;

// InvalidArgument("<nlohmann's message>") when `text` is not one JSON value.
Result<Value> ParseJson(std::string_view text);

// The Value of one element of a simdjson DOM, for readers that walk the DOM themselves (the state
// file's reader takes its resources' fields straight from it).
Value ValueFromJson(simdjson::dom::element e);

}  // namespace causeway

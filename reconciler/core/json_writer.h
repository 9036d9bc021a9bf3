// JsonWriter: Value -> JSON text, byte for byte what Value::dump(indent, ' ', false,
// error_handler_t::replace) writes, but faster where the state file spends its time.
//
// Why by hand: nlohmann's serializer runs every string byte through its UTF-8 decoder, and
// writing a 100k-resource state spent most of its time there (bench/RESULTS.md). This writer
// copies strings that are plain printable ASCII straight through and hands everything else
// (strings that need escaping or hold non-ASCII bytes, floating-point numbers) to nlohmann's
// serializer, so escaping, UTF-8 replacement and number formatting stay nlohmann's.
// json_writer_test compares the two on every kind of value. Thread-safety: one writer per thread.
#pragma once

#include <memory>
#include <string>

#include "reconciler/core/value.h"

namespace causeway {

class JsonWriter {
 public:
  // Appends to *out, which must outlive the writer. indent < 0: compact (as dump(-1)).
  JsonWriter(std::string* out, int indent);
  ~JsonWriter();
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  // Writes `v` as if it started at column `current_indent` of a pretty-printed document (the
  // closing bracket of a multi-line object or array is indented by that much).
  void Write(const Value& v, int current_indent = 0);
  // Writes a JSON string literal (quotes included).
  void WriteString(const std::string& s);

 private:
  void Delegate(const Value& v, int current_indent);

  std::string* out_;
  int indent_;
  struct Fallback;
  std::unique_ptr<Fallback> fallback_;
};

// Value::dump(indent) through JsonWriter.
std::string ToJsonText(const Value& v, int indent);

}  // namespace causeway

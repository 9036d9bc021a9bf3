// File format options: the options a file format of each TYPE has and their defaults (CSV, JSON,
// PARQUET, AVRO, ORC, XML), merged with the ones a statement sets, as SHOW FILE FORMATS'
// format_options JSON and DESC FILE FORMAT / DESC STAGE rows print them. Unknown options are
// refused as Snowflake refuses them.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::sandbox::snowflake {

struct FormatOption {
  std::string name;
  std::string type;  // DESC's property_type: String, Boolean, Integer, List
  Value value;       // as set
  Value fallback;    // the default
};

// Checks `options` (keys upper case, TYPE included; TYPE defaults to CSV) and returns every option
// of the type in Snowflake's order with its value. 001008-style error on an unknown option or type.
Result<std::vector<FormatOption>> ResolveFormatOptions(const Value& options);
// {"TYPE":"CSV",...} of resolved options (SHOW FILE FORMATS' format_options).
Value FormatOptionsJson(const std::vector<FormatOption>& options);
// A value as DESC prints it: lists as "[a, b]", booleans as true/false.
std::string DescValue(const Value& value);

}  // namespace causeway::sandbox::snowflake

// File format option tables.
#include "sandbox/snowflake/engine/file_format_options.h"

#include <map>

#include "reconciler/core/ascii.h"

namespace causeway::sandbox::snowflake {

namespace {

struct Default {
  const char* name;
  const char* type;
  Value fallback;
};

const std::map<std::string, std::vector<Default>>& Tables() {
  static const std::map<std::string, std::vector<Default>> kTables = {
      {"CSV",
       {{"TYPE", "String", "CSV"},
        {"RECORD_DELIMITER", "String", "\n"},
        {"FIELD_DELIMITER", "String", ","},
        {"FILE_EXTENSION", "String", nullptr},
        {"SKIP_HEADER", "Integer", 0},
        {"PARSE_HEADER", "Boolean", false},
        {"DATE_FORMAT", "String", "AUTO"},
        {"TIME_FORMAT", "String", "AUTO"},
        {"TIMESTAMP_FORMAT", "String", "AUTO"},
        {"BINARY_FORMAT", "String", "HEX"},
        {"ESCAPE", "String", "NONE"},
        {"ESCAPE_UNENCLOSED_FIELD", "String", "\\\\"},
        {"TRIM_SPACE", "Boolean", false},
        {"FIELD_OPTIONALLY_ENCLOSED_BY", "String", "NONE"},
        {"NULL_IF", "List", Value::array({"\\\\N"})},
        {"COMPRESSION", "String", "AUTO"},
        {"ERROR_ON_COLUMN_COUNT_MISMATCH", "Boolean", true},
        {"VALIDATE_UTF8", "Boolean", true},
        {"SKIP_BLANK_LINES", "Boolean", false},
        {"REPLACE_INVALID_CHARACTERS", "Boolean", false},
        {"EMPTY_FIELD_AS_NULL", "Boolean", true},
        {"SKIP_BYTE_ORDER_MARK", "Boolean", true},
        {"ENCODING", "String", "UTF8"}}},
      {"JSON",
       {{"TYPE", "String", "JSON"},
        {"FILE_EXTENSION", "String", nullptr},
        {"DATE_FORMAT", "String", "AUTO"},
        {"TIME_FORMAT", "String", "AUTO"},
        {"TIMESTAMP_FORMAT", "String", "AUTO"},
        {"BINARY_FORMAT", "String", "HEX"},
        {"TRIM_SPACE", "Boolean", false},
        {"NULL_IF", "List", Value::array()},
        {"COMPRESSION", "String", "AUTO"},
        {"ENABLE_OCTAL", "Boolean", false},
        {"ALLOW_DUPLICATE", "Boolean", false},
        {"STRIP_OUTER_ARRAY", "Boolean", false},
        {"STRIP_NULL_VALUES", "Boolean", false},
        {"IGNORE_UTF8_ERRORS", "Boolean", false},
        {"REPLACE_INVALID_CHARACTERS", "Boolean", false},
        {"SKIP_BYTE_ORDER_MARK", "Boolean", true}}},
      {"PARQUET",
       {{"TYPE", "String", "PARQUET"},
        {"COMPRESSION", "String", "AUTO"},
        {"BINARY_AS_TEXT", "Boolean", true},
        {"USE_LOGICAL_TYPE", "Boolean", false},
        {"TRIM_SPACE", "Boolean", false},
        {"USE_VECTORIZED_SCANNER", "Boolean", false},
        {"REPLACE_INVALID_CHARACTERS", "Boolean", false},
        {"NULL_IF", "List", Value::array()}}},
      {"AVRO",
       {{"TYPE", "String", "AVRO"},
        {"COMPRESSION", "String", "AUTO"},
        {"TRIM_SPACE", "Boolean", false},
        {"REPLACE_INVALID_CHARACTERS", "Boolean", false},
        {"NULL_IF", "List", Value::array()}}},
      {"ORC",
       {{"TYPE", "String", "ORC"},
        {"TRIM_SPACE", "Boolean", false},
        {"REPLACE_INVALID_CHARACTERS", "Boolean", false},
        {"NULL_IF", "List", Value::array()}}},
      {"XML",
       {{"TYPE", "String", "XML"},
        {"COMPRESSION", "String", "AUTO"},
        {"IGNORE_UTF8_ERRORS", "Boolean", false},
        {"PRESERVE_SPACE", "Boolean", false},
        {"STRIP_OUTER_ELEMENT", "Boolean", false},
        {"DISABLE_SNOWFLAKE_DATA", "Boolean", false},
        {"DISABLE_AUTO_CONVERT", "Boolean", false},
        {"REPLACE_INVALID_CHARACTERS", "Boolean", false},
        {"SKIP_BYTE_ORDER_MARK", "Boolean", true}}},
  };
  return kTables;
}

Status Invalid(const std::string& message) {
  return Status(StatusCode::kInvalidArgument, "SQL compilation error:\n" + message, "001008");
}

// A set value in the default's shape: booleans from TRUE/FALSE words, lists from a single value.
Value Coerce(const Value& v, const Value& fallback, const std::string& type) {
  if (type == "Boolean" && v.is_string()) return EqualsIgnoringCase(v.get<std::string>(), "TRUE");
  if (type == "List" && !v.is_array()) return Value::array({v});
  (void)fallback;
  return v;
}

}  // namespace

Result<std::vector<FormatOption>> ResolveFormatOptions(const Value& options) {
  const std::string type =
      options.contains("TYPE") && options["TYPE"].is_string() ? Upper(options["TYPE"]) : "CSV";
  auto table = Tables().find(type);
  if (table == Tables().end())
    return Invalid("invalid value ['" + type + "'] for parameter 'TYPE'");
  std::vector<FormatOption> out;
  for (const auto& d : table->second) {
    FormatOption o{d.name, d.type, d.fallback, d.fallback};
    if (options.contains(d.name)) o.value = Coerce(options[d.name], d.fallback, d.type);
    if (o.name == "TYPE") o.value = type;
    out.push_back(std::move(o));
  }
  for (const auto& [key, _] : options.items()) {
    if (key == "COMMENT" || key == "FORMAT_NAME") continue;
    bool known = false;
    for (const auto& d : table->second) known = known || key == d.name;
    if (!known) return Invalid("Invalid file format option '" + key + "' for type " + type + ".");
  }
  return out;
}

Value FormatOptionsJson(const std::vector<FormatOption>& options) {
  Value out = Value::object();
  for (const auto& o : options) out[o.name] = o.value;
  return out;
}

std::string DescValue(const Value& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < value.size(); ++i) {
      out += (i ? ", " : "") + DescValue(value[i]);
    }
    return out + "]";
  }
  return value.dump();
}

}  // namespace causeway::sandbox::snowflake

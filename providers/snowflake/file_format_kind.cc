// snowflake.file_format: a named file format of a TYPE (force-new: ALTER cannot change it) with
// the options the manifest names. Snowflake fills in every other option with its default, so
// only the options the manifest names are compared (ObjectSpec::trim), their names without case
// and their values in one spelling (TRUE/true/True; 1/"1"; keyword values such as COMPRESSION
// without case). Options and the comment change by ALTER FILE FORMAT ... SET; an option dropped
// from the manifest is left as it is (no longer managed).
#include <algorithm>

#include "providers/kit/normalizers.h"
#include "providers/kit/value_checks.h"
#include "providers/snowflake/object_sql.h"
#include "providers/snowflake/storage_kinds.h"
#include "reconciler/core/ascii.h"

namespace causeway::snowflake {
namespace {

using kit::Attribute;

bool OptionName(const std::string& key) {
  return !key.empty() && IsUnquotedIdentifier(key) && key.find('$') == std::string::npos;
}

// Options whose values are keywords, compared without case.
bool KeywordOption(const std::string& key) {
  static const std::vector<std::string> kKeywords = {"COMPRESSION", "BINARY_FORMAT", "ENCODING"};
  return std::find(kKeywords.begin(), kKeywords.end(), key) != kKeywords.end();
}

Value OptionValue(const std::string& key, const Value& v) {
  if (v.is_boolean()) return v.get<bool>() ? "TRUE" : "FALSE";
  if (v.is_number()) return v.dump();
  if (v.is_array()) {
    Value out = Value::array();
    for (const auto& item : v) out.push_back(OptionValue("", item));
    return out;
  }
  if (!v.is_string()) return v;
  const std::string s = v.get<std::string>();
  if (EqualsIgnoringCase(s, "TRUE") || EqualsIgnoringCase(s, "FALSE")) return Upper(s);
  return KeywordOption(key) ? Value(Upper(s)) : v;
}

// Option names in upper case, values in one spelling.
Value Options(const Value& v) {
  if (!v.is_object()) return v;
  Value out = Value::object();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (it.value().is_null()) continue;
    const std::string key = Upper(it.key());
    out[key] = OptionValue(key, it.value());
  }
  return out;
}

std::string CheckOptions(const Value& v) {
  const char* want =
      "a map of file format options (FIELD_DELIMITER, SKIP_HEADER, NULL_IF...) to strings, "
      "numbers, booleans or lists; TYPE and COMMENT are attributes of their own";
  if (!v.is_object()) return want;
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string key = Upper(it.key());
    if (!OptionName(key) || key == "TYPE" || key == "COMMENT" || key == "FORMAT_NAME") return want;
    const Value& value = it.value();
    if (value.is_object()) return want;
    if (value.is_array()) {
      for (const auto& item : value) {
        if (item.is_object() || item.is_array()) return want;
      }
    }
  }
  return "";
}

std::string OptionSql(const Value& v) {
  if (v.is_boolean()) return v.get<bool>() ? "TRUE" : "FALSE";
  if (v.is_number()) return v.dump();
  if (v.is_array()) {
    std::string out;
    for (const auto& item : v) out += (out.empty() ? "" : ", ") + OptionSql(item);
    return "(" + out + ")";
  }
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (EqualsIgnoringCase(s, "TRUE") || EqualsIgnoringCase(s, "FALSE")) return Upper(s);
    return QuoteString(s);
  }
  return "NULL";
}

// " K = v K2 = v2" for every option of `attrs`.
std::string OptionsSql(const Value& a) {
  std::string out;
  if (!a.contains("options") || !a["options"].is_object()) return out;
  for (auto it = a["options"].begin(); it != a["options"].end(); ++it) {
    if (it.value().is_null()) continue;
    out += " " + Upper(it.key()) + " = " + OptionSql(it.value());
  }
  return out;
}

}  // namespace

ObjectSpec FileFormatSpec() {
  // clang-format off
  static const kit::AttributeTable table({
    IdentifierAttr("database", "Database of the file format"),
    IdentifierAttr("schema", "Schema of the file format"),
    IdentifierAttr("name", "File format name"),
    Attribute("type").Default("CSV").ForceNew().Normalize(kit::UpperCase)
        .Check(kit::OneOfIgnoringCase(FileFormatTypes()))
        .Describe("CSV, JSON, PARQUET, AVRO, ORC or XML"),
    Attribute("options", AttrType::kMap).Normalize(Options).Check(CheckOptions)
        .Describe("Format options, e.g. {FIELD_DELIMITER: \",\", SKIP_HEADER: 1}; only the "
                  "options named here are managed"),
    CommentAttribute(),
    Attribute("fully_qualified_name").Computed()
        .Describe("\"DB\".\"SCHEMA\".\"FORMAT\": how stages and COPY INTO name it"),
  });
  // clang-format on
  ObjectSpec s;
  s.kind = "snowflake.file_format";
  s.description = "A named file format (CSV, JSON, PARQUET, AVRO, ORC, XML) and its options";
  s.table = &table;
  s.keyword = "FILE FORMAT";
  s.plural = "FILE FORMATS";
  s.level = 2;
  s.read = [](const RowSet& rows, size_t r, Value* a, Value* out) -> Status {
    (*a)["type"] = Upper(rows.Text(r, "type"));
    (*a)["comment"] = rows.Text(r, "comment");
    const std::string json = rows.Text(r, "format_options");
    Value options = json.empty() ? Value::object() : Value::parse(json, nullptr, false);
    if (options.is_discarded() || !options.is_object()) {
      return Status::ProviderError("SHOW FILE FORMATS: format_options is not a JSON object: " +
                                   json);
    }
    options.erase("TYPE");
    (*a)["options"] = std::move(options);
    (*out)["fully_qualified_name"] = QualifiedNameOfRow(rows, r);
    return Status::Ok();
  };
  s.trim = [](const Value& given, Value* a) {
    if (!given.is_object() || !given.contains("options") || !given["options"].is_object() ||
        !a->contains("options")) {
      return;
    }
    Value kept = Value::object();
    const Value& live = (*a)["options"];
    for (auto it = given["options"].begin(); it != given["options"].end(); ++it) {
      const std::string key = Upper(it.key());
      for (auto l = live.begin(); l != live.end(); ++l) {
        if (Upper(l.key()) == key) kept[it.key()] = l.value();
      }
    }
    (*a)["options"] = std::move(kept);
  };
  s.create = [](const std::string& q, const Value& a) {
    return "CREATE FILE FORMAT IF NOT EXISTS " + q +
           " TYPE = " + Upper(kit::StringAttr(a, "type")) + OptionsSql(a) + CommentSql(a);
  };
  s.alter = [](const std::string& q, const std::vector<std::string>& changed, const Value& a) {
    std::vector<std::string> out;
    const std::string options = OptionsSql(a);
    if (Contains(changed, "options") && !options.empty()) {
      out.push_back("ALTER FILE FORMAT " + q + " SET" + options);
    }
    if (Contains(changed, "comment")) out.push_back(AlterCommentSql("FILE FORMAT", q, a));
    return out;
  };
  return s;
}

}  // namespace causeway::snowflake

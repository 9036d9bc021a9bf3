// snowflake.external_table: a read-only table over a stage's files, with columns computed from
// each file's VALUE and METADATA$FILENAME, partition columns, a file format and auto-refresh
// from S3 event notifications. Snowflake cannot ALTER most of that, so every change but
// auto_refresh replaces it, which loses nothing (the data stays in S3): not holds_data. Output:
// notification_channel, the SQS queue S3 events must be sent to (auto_refresh).
// Observed with one SHOW EXTERNAL TABLES and one SHOW COLUMNS per schema. SHOW gives the stage
// and the resolved S3 URL, not the path written after the stage: the location is unchanged when
// the stage is the same and the URL ends with the manifest's path (ObjectSpec::trim).
// Expressions are compared without whitespace differences (CompactSql).
#include "providers/kit/normalizers.h"
#include "providers/kit/value_checks.h"
#include "providers/snowflake/column_types.h"
#include "providers/snowflake/object_sql.h"
#include "providers/snowflake/storage_kinds.h"
#include "reconciler/core/ascii.h"

namespace causeway::snowflake {
namespace {

using kit::Attribute;

// "@a.b.\"c\"/x/y/" -> {"\"A\".\"B\".\"c\"", "x/y/"}; {"", ""} when malformed.
std::pair<std::string, std::string> SplitLocation(const std::string& location) {
  if (location.empty() || location[0] != '@') return {"", ""};
  const std::string rest = location.substr(1);
  bool quoted = false;
  size_t slash = std::string::npos;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '"') quoted = !quoted;
    if (!quoted && rest[i] == '/') {
      slash = i;
      break;
    }
  }
  auto parts = SplitQualifiedName(rest.substr(0, slash));
  if (parts.empty()) return {"", ""};
  return {QuoteName(parts), slash == std::string::npos ? "" : rest.substr(slash + 1)};
}

Value LocationValue(const Value& v) {
  if (!v.is_string()) return v;
  auto [stage, path] = SplitLocation(v.get<std::string>());
  return stage.empty() ? v : Value("@" + stage + (path.empty() ? "" : "/" + path));
}

std::string CheckLocation(const Value& v) {
  if (v.is_string() && !SplitLocation(v.get<std::string>()).first.empty() &&
      v.get<std::string>().find_first_of("'; ") == std::string::npos) {
    return "";
  }
  return "@DB.SCHEMA.STAGE/path/ (a stage and an optional path)";
}

Value ColumnsValue(const Value& v) {
  if (!v.is_array()) return v;
  Value out = Value::array();
  for (const auto& c : v) {
    if (!c.is_object()) return v;
    out.push_back({{"name", ManifestIdentifier(IdentAttr(c, "name"))},
                   {"type", CanonicalType(kit::StringAttr(c, "type"))},
                   {"expression", CompactSql(kit::StringAttr(c, "expression"))}});
  }
  return out;
}

std::string CheckColumns(const Value& v) {
  const char* want = "a list of columns, each with a name, a type and an expression";
  if (!v.is_array() || v.empty()) return want;
  for (const auto& c : v) {
    if (!c.is_object() || kit::StringAttr(c, "name").empty() ||
        kit::StringAttr(c, "type").empty() || kit::StringAttr(c, "expression").empty()) {
      return want;
    }
    if (HasStatementSeparator(kit::StringAttr(c, "expression")) ||
        kit::StringAttr(c, "type").find_first_of(";'\"") != std::string::npos) {
      return "expressions without ';' or comments, and types such as VARCHAR";
    }
  }
  return "";
}

Value IdentifierList(const Value& v) {
  if (!v.is_array()) return v;
  Value out = Value::array();
  for (const auto& i : v) {
    out.push_back(
        i.is_string() ? Value(ManifestIdentifier(NormalizeIdentifier(i.get<std::string>()))) : i);
  }
  return out;
}

std::string FormatName(const Value& v) {
  if (v.is_string() && !SplitQualifiedName(v.get<std::string>()).empty()) return "";
  return "a file format's name, e.g. \"DB\".\"SCHEMA\".\"FORMAT\" (its fully_qualified_name)";
}

}  // namespace

ObjectSpec ExternalTableSpec() {
  // clang-format off
  static const kit::AttributeTable table({
    IdentifierAttr("database", "Database of the external table"),
    IdentifierAttr("schema", "Schema of the external table"),
    IdentifierAttr("name", "External table name"),
    Attribute("columns", AttrType::kList).Required().ForceNew().Normalize(ColumnsValue)
        .Check(CheckColumns)
        .Fields({Attribute("name").Required().Describe("Column name"),
                 Attribute("type").Required().Describe("Type, e.g. VARCHAR, DATE"),
                 Attribute("expression").Required()
                     .Describe("Over VALUE and METADATA$FILENAME, e.g. VALUE:c1::VARCHAR")})
        .Describe("Virtual columns computed from each file"),
    Attribute("partition_by", AttrType::kList).Default(Value::array()).ForceNew()
        .Normalize(IdentifierList).Describe("Partition columns (of `columns`)"),
    Attribute("location").Required().ForceNew().Normalize(LocationValue).Check(CheckLocation)
        .Describe("@DB.SCHEMA.STAGE/path/"),
    Attribute("file_format").ForceNew().Normalize(QualifiedNameValue).Check(FormatName)
        .Describe("File format, by its fully qualified name"),
    Attribute("file_format_type").ForceNew().Normalize(kit::UpperCase)
        .Check(kit::OneOfIgnoringCase(FileFormatTypes()))
        .Describe("File format by type, when file_format names none"),
    Attribute("auto_refresh", AttrType::kBool).Default(true)
        .Describe("Refresh from the stage's S3 event notifications"),
    Attribute("comment").Default("").ForceNew().Describe("Comment"),
    Attribute("notification_channel").Computed()
        .Describe("SQS queue ARN S3 event notifications go to (auto_refresh)"),
  });
  // clang-format on
  ObjectSpec s;
  s.kind = "snowflake.external_table";
  s.description =
      "An external table over a stage's files; replaced on most changes (its data stays in S3)";
  s.table = &table;
  s.keyword = "EXTERNAL TABLE";
  s.plural = "EXTERNAL TABLES";
  s.level = 2;
  s.companion = "COLUMNS";
  s.companion_key = "table_name";
  s.read = [](const RowSet& rows, size_t r, Value* a, Value* out) -> Status {
    (*a)["location"] = rows.Text(r, "stage");
    (*a)["location_url"] = rows.Text(r, "location");
    const std::string format = rows.Text(r, "file_format_name");
    (*a)["file_format"] = format;
    (*a)["file_format_type"] = format.empty() ? Upper(rows.Text(r, "file_format_type")) : "";
    const std::string channel = rows.Text(r, "notification_channel");
    (*a)["auto_refresh"] = !channel.empty();
    (*a)["comment"] = rows.Text(r, "comment");
    (*a)["columns"] = Value::array();
    (*out)["notification_channel"] = channel;
    return Status::Ok();
  };
  s.read_companion = [](const RowSet& rows, const std::vector<size_t>& mine, Value* a) -> Status {
    Value columns = Value::array();
    for (size_t r : mine) {
      const std::string expression = rows.Text(r, "expression");
      if (expression.empty()) continue;  // VALUE, the file's row itself
      columns.push_back({{"name", ManifestIdentifier(rows.Text(r, "column_name"))},
                         {"type", TypeOfDataTypeJson(rows.Text(r, "data_type"))},
                         {"expression", expression}});
    }
    (*a)["columns"] = std::move(columns);
    return Status::Ok();
  };
  s.trim = [](const Value& given, Value* a) {
    const std::string url = kit::StringAttr(*a, "location_url");
    a->erase("location_url");
    auto [stage, path] = SplitLocation(kit::StringAttr(*a, "location"));
    auto [want_stage, want_path] = SplitLocation(kit::StringAttr(given, "location"));
    const bool same = !stage.empty() && stage == want_stage && url.size() >= want_path.size() &&
                      url.compare(url.size() - want_path.size(), want_path.size(), want_path) == 0;
    if (same) {
      (*a)["location"] = given["location"];
    } else if (!stage.empty()) {
      (*a)["location"] = "@" + stage + " (" + url + ")";
    }
  };
  s.create = [](const std::string& q, const Value& a) {
    std::string cols;
    for (const auto& c : a["columns"]) {
      cols += (cols.empty() ? "" : ", ") + QuoteIdentifier(IdentAttr(c, "name")) + " " +
              CanonicalType(kit::StringAttr(c, "type")) + " AS (" +
              kit::StringAttr(c, "expression") + ")";
    }
    std::string sql = "CREATE EXTERNAL TABLE IF NOT EXISTS " + q + " (" + cols + ")";
    std::string partitions;
    for (const auto& p : StringList(a, "partition_by")) {
      partitions += (partitions.empty() ? "" : ", ") + QuoteIdentifier(NormalizeIdentifier(p));
    }
    if (!partitions.empty()) sql += " PARTITION BY (" + partitions + ")";
    sql += " LOCATION = " + LocationValue(a["location"]).get<std::string>();
    sql += std::string(" AUTO_REFRESH = ") + (kit::BoolAttr(a, "auto_refresh") ? "TRUE" : "FALSE");
    const std::string format = kit::StringAttr(a, "file_format");
    if (!format.empty()) {
      sql += " FILE_FORMAT = (FORMAT_NAME = " +
             QuoteString(QualifiedNameValue(Value(format)).get<std::string>()) + ")";
    } else {
      const std::string type = Upper(kit::StringAttr(a, "file_format_type"));
      if (!type.empty()) sql += " FILE_FORMAT = (TYPE = " + type + ")";
    }
    return sql + CommentSql(a);
  };
  s.alter = [](const std::string& q, const std::vector<std::string>& changed, const Value& a) {
    std::vector<std::string> out;
    if (Contains(changed, "auto_refresh")) {
      out.push_back("ALTER EXTERNAL TABLE " + q +
                    " SET AUTO_REFRESH = " + (kit::BoolAttr(a, "auto_refresh") ? "TRUE" : "FALSE"));
    }
    return out;
  };
  return s;
}

}  // namespace causeway::snowflake

// snowflake.stage: an internal stage, or an external one over an s3:// URL read through a
// storage integration; its default file format by name (file_format, a fully qualified name) or
// by type (file_format_type); a directory table. SHOW STAGES gives the URL, the integration, the
// directory flag and the comment; the file format needs DESC STAGE, read only for stages whose
// manifest sets one. URL, integration, file format, directory and comment change by ALTER STAGE;
// an external stage cannot become internal in place (refused with what to do).
#include "providers/kit/normalizers.h"
#include "providers/kit/value_checks.h"
#include "providers/snowflake/object_sql.h"
#include "providers/snowflake/storage_kinds.h"
#include "reconciler/core/ascii.h"

namespace causeway::snowflake {
namespace {

using kit::Attribute;

std::string StageUrl(const Value& v) {
  if (!v.is_string()) return "an s3:// URL";
  const std::string s = v.get<std::string>();
  return s.empty() || s.rfind("s3://", 0) == 0 ? "" : "an s3://bucket/path/ URL";
}

std::string FormatName(const Value& v) {
  if (v.is_string() && !SplitQualifiedName(v.get<std::string>()).empty()) return "";
  return "a file format's name, e.g. \"DB\".\"SCHEMA\".\"FORMAT\" (its fully_qualified_name)";
}

// FILE_FORMAT = (FORMAT_NAME = '..') or (TYPE = ..), or "" when the manifest sets neither.
std::string FileFormatSql(const Value& a) {
  const std::string name = kit::StringAttr(a, "file_format");
  if (!name.empty()) {
    return "FILE_FORMAT = (FORMAT_NAME = " +
           QuoteString(QualifiedNameValue(Value(name)).get<std::string>()) + ")";
  }
  const std::string type = Upper(kit::StringAttr(a, "file_format_type"));
  if (!type.empty()) return "FILE_FORMAT = (TYPE = " + type + ")";
  return "";
}

std::string DirectorySql(const Value& a) {
  return std::string("DIRECTORY = (ENABLE = ") +
         (kit::BoolAttr(a, "directory_enabled") ? "TRUE" : "FALSE") + ")";
}

}  // namespace

const std::vector<std::string>& FileFormatTypes() {
  static const std::vector<std::string> kTypes = {"CSV", "JSON", "PARQUET", "AVRO", "ORC", "XML"};
  return kTypes;
}

ObjectSpec StageSpec() {
  // clang-format off
  static const kit::AttributeTable table({
    IdentifierAttr("database", "Database of the stage"),
    IdentifierAttr("schema", "Schema of the stage"),
    IdentifierAttr("name", "Stage name"),
    Attribute("url").Default("").Check(StageUrl)
        .Describe("s3://bucket/path/ of an external stage (empty: an internal stage)"),
    Attribute("storage_integration").Default("").Normalize(IdentifierValue)
        .Describe("Storage integration an external stage reads through"),
    Attribute("file_format").Normalize(QualifiedNameValue).Check(FormatName)
        .Describe("Default file format, by its fully qualified name"),
    Attribute("file_format_type").Normalize(kit::UpperCase)
        .Check(kit::OneOfIgnoringCase(FileFormatTypes()))
        .Describe("Default file format by type, when file_format names none"),
    Attribute("directory_enabled", AttrType::kBool).Default(false)
        .Describe("Whether the stage has a directory table"),
    CommentAttribute(),
    Attribute("fully_qualified_name").Computed().Describe("\"DB\".\"SCHEMA\".\"STAGE\""),
  });
  // clang-format on
  ObjectSpec s;
  s.kind = "snowflake.stage";
  s.description = "A stage: internal, or external over an S3 URL through a storage integration";
  s.table = &table;
  s.keyword = "STAGE";
  s.plural = "STAGES";
  s.level = 2;
  s.read = [](const RowSet& rows, size_t r, Value* a, Value* out) -> Status {
    (*a)["url"] = rows.Text(r, "url");
    const std::string integration = rows.Text(r, "storage_integration");
    (*a)["storage_integration"] = integration.empty() ? "" : ManifestIdentifier(integration);
    (*a)["directory_enabled"] = rows.Flag(r, "directory_enabled");
    (*a)["comment"] = rows.Text(r, "comment");
    (*out)["fully_qualified_name"] = QualifiedNameOfRow(rows, r);
    return Status::Ok();
  };
  s.needs_describe = [](const Value& given, const Value&) {
    return !kit::StringAttr(given, "file_format").empty() ||
           !kit::StringAttr(given, "file_format_type").empty();
  };
  s.describe = [](SnowflakeContext& ctx, const std::string& q, Value* a) -> Status {
    CW_ASSIGN_OR_RETURN(RowSet rows, ctx.client->Execute("DESC STAGE " + q));
    std::string name, type;
    for (size_t r = 0; r < rows.size(); ++r) {
      if (Upper(rows.Text(r, "parent_property")) != "STAGE_FILE_FORMAT") continue;
      const std::string property = Upper(rows.Text(r, "property"));
      if (property == "FORMAT_NAME") name = rows.Text(r, "property_value");
      if (property == "TYPE") type = rows.Text(r, "property_value");
    }
    (*a)["file_format"] = name;
    (*a)["file_format_type"] = name.empty() ? type : "";
    return Status::Ok();
  };
  s.create = [](const std::string& q, const Value& a) {
    std::string sql = "CREATE STAGE IF NOT EXISTS " + q;
    const std::string url = kit::StringAttr(a, "url");
    if (!url.empty()) sql += " URL = " + QuoteString(url);
    const std::string integration = IdentAttr(a, "storage_integration");
    if (!integration.empty()) sql += " STORAGE_INTEGRATION = " + QuoteIdentifier(integration);
    const std::string format = FileFormatSql(a);
    if (!format.empty()) sql += " " + format;
    if (kit::BoolAttr(a, "directory_enabled")) sql += " " + DirectorySql(a);
    return sql + CommentSql(a);
  };
  s.alter = [](const std::string&, const std::vector<std::string>&, const Value&) {
    return std::vector<std::string>{};  // alter_between does it
  };
  s.alter_between = [](const std::string& q, const std::vector<std::string>& changed,
                       const Value& before, const Value& a) -> Result<std::vector<std::string>> {
    if (Contains(changed, "url") && kit::StringAttr(a, "url").empty() &&
        !kit::StringAttr(before, "url").empty()) {
      return Status::InvalidArgument(
          "an external stage cannot become internal in place: give the internal stage another "
          "name, or delete the external one first");
    }
    std::string set;
    const std::string url = kit::StringAttr(a, "url");
    if (Contains(changed, "url") && !url.empty()) set += " URL = " + QuoteString(url);
    const std::string integration = IdentAttr(a, "storage_integration");
    if (Contains(changed, "storage_integration") && !integration.empty()) {
      set += " STORAGE_INTEGRATION = " + QuoteIdentifier(integration);
    }
    const std::string format = FileFormatSql(a);
    if ((Contains(changed, "file_format") || Contains(changed, "file_format_type")) &&
        !format.empty()) {
      set += " " + format;
    }
    if (Contains(changed, "comment")) {
      set += " COMMENT = " + QuoteString(kit::StringAttr(a, "comment"));
    }
    std::vector<std::string> out;
    if (!set.empty()) out.push_back("ALTER STAGE " + q + " SET" + set);
    if (Contains(changed, "directory_enabled")) {
      out.push_back("ALTER STAGE " + q + " SET " + DirectorySql(a));
    }
    return out;
  };
  return s;
}

}  // namespace causeway::snowflake

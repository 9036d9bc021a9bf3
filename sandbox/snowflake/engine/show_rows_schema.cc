// SHOW rows of schema-level kinds: STAGES, FILE FORMATS, TABLES, EXTERNAL TABLES, PIPES.
// SHOW TABLES lists tables only (Snowflake also lists external tables there, is_external = Y);
// SHOW EXTERNAL TABLES lists those. last_refresh_details holds the emulator's refresh summary
// {"files": n, "partitions": ["<col>=<value>/..."]}, the partitions an external table found.
#include <map>

#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/file_format_options.h"
#include "sandbox/snowflake/engine/show_rows.h"
#include "sandbox/snowflake/engine/stage_access.h"

namespace causeway::sandbox::snowflake {

namespace {

std::vector<ResultColumn> Columns(std::initializer_list<const char*> names) {
  std::vector<ResultColumn> out;
  for (const char* n : names) {
    const std::string name = n;
    out.push_back(
        {name, name == "created_on" || name == "last_refreshed_on" ? "TIMESTAMP_LTZ" : "TEXT"});
  }
  return out;
}

Row StageRow(const SfObject& o, const ExecEnv& env) {
  const std::string url = PropString(o.props, "URL");
  const bool external = !url.empty();
  const Value directory = o.props.value("DIRECTORY", Value::object());
  return {TimestampCell(o.created_ms),
          o.name.name,
          o.name.database,
          o.name.schema,
          url,
          Flag(o.props.contains("CREDENTIALS")),
          Flag(o.props.contains("ENCRYPTION")),
          o.owner,
          CommentCell(o),
          external ? Cell(env.identity.aws_region) : std::nullopt,
          std::string(external ? "EXTERNAL" : "INTERNAL"),
          external ? Cell("AWS") : std::nullopt,
          std::nullopt,
          PropCell(o.props, "STORAGE_INTEGRATION"),
          std::nullopt,
          std::string("ROLE"),
          Flag(PropTrue(directory, "ENABLE"))};
}

Row FileFormatRow(const SfObject& o, const ExecEnv&) {
  auto options = ResolveFormatOptions(o.props);
  return {TimestampCell(o.created_ms),
          o.name.name,
          o.name.database,
          o.name.schema,
          PropString(o.props, "TYPE", "CSV"),
          o.owner,
          CommentCell(o),
          options.ok() ? FormatOptionsJson(*options).dump() : std::string("{}"),
          std::string("ROLE")};
}

std::string ClusterBy(const SfObject& o) {
  auto it = o.props.find("CLUSTER_BY");
  if (it == o.props.end() || !it->is_array() || it->empty()) return "";
  std::string keys;
  for (const auto& k : *it) keys += (keys.empty() ? "" : ", ") + k.get<std::string>();
  return "LINEAR(" + keys + ")";
}

Row TableRow(const SfObject& o, const ExecEnv&) {
  const std::string cluster = ClusterBy(o);
  return {TimestampCell(o.created_ms),
          o.name.name,
          o.name.database,
          o.name.schema,
          std::string(PropTrue(o.props, "TRANSIENT") ? "TRANSIENT" : "TABLE"),
          CommentCell(o).value_or(""),
          cluster,
          std::string("0"),
          std::string("0"),
          o.owner,
          PropString(o.props, "DATA_RETENTION_TIME_IN_DAYS", "1"),
          std::string(cluster.empty() ? "OFF" : "ON"),
          std::string(PropTrue(o.props, "CHANGE_TRACKING") ? "ON" : "OFF"),
          std::string("OFF"),
          std::nullopt,
          std::nullopt,
          std::string("N"),
          std::string(PropTrue(o.props, "ENABLE_SCHEMA_EVOLUTION") ? "Y" : "N"),
          std::string("ROLE"),
          std::string("N"),
          std::nullopt,
          std::string("N"),
          std::string("N"),
          std::string("N")};
}

Row ExternalTableRow(const SfObject& o, const ExecEnv& env) {
  const Value& loc = o.props.value("LOCATION", Value::object());
  const ObjectName stage_name{loc.value("database", std::string()),
                              loc.value("schema", std::string()), loc.value("name", std::string())};
  const SfObject* stage = env.catalog.Find("STAGE", stage_name);
  std::string url = stage ? PropString(stage->props, "URL") : "";
  if (!url.empty() && url.back() != '/') url += '/';
  const Value format = o.props.value("FILE_FORMAT", Value::object());
  std::string format_type = PropString(format, "TYPE");
  if (format.contains("FORMAT_NAME")) {
    SfParser name_parser(format["FORMAT_NAME"].get<std::string>());
    auto parts = name_parser.Name();
    if (parts.ok()) {
      ObjectName fname{o.name.database, o.name.schema, parts->back()};
      if (parts->size() >= 2) fname.schema = (*parts)[parts->size() - 2];
      if (parts->size() == 3) fname.database = (*parts)[0];
      if (const SfObject* f = env.catalog.Find("FILE FORMAT", fname)) {
        format_type = PropString(f->props, "TYPE", "CSV");
      }
    }
  }
  const Value details = {{"files", o.props.value("FILES", Value::array()).size()},
                         {"partitions", o.props.value("PARTITIONS", Value::array())}};
  return {
      TimestampCell(o.created_ms),
      o.name.name,
      o.name.database,
      o.name.schema,
      Bool(stage == nullptr),
      stage ? std::nullopt : Cell("Stage dropped"),
      o.owner,
      CommentCell(o).value_or(""),
      "@" + stage_name.Display(),
      url + loc.value("path", std::string()),
      PropString(format, "FORMAT_NAME"),
      format_type,
      std::string("AWS"),
      env.identity.aws_region,
      PropTrue(o.props, "AUTO_REFRESH") ? Cell(NotificationChannel(env.identity)) : std::nullopt,
      o.props.contains("LAST_REFRESHED_MS")
          ? Cell(TimestampCell(o.props["LAST_REFRESHED_MS"].get<int64_t>()))
          : std::nullopt,
      PropString(o.props, "TABLE_FORMAT"),
      details.dump(),
      std::string("ROLE")};
}

Row PipeRow(const SfObject& o, const ExecEnv& env) {
  return {TimestampCell(o.created_ms),
          o.name.name,
          o.name.database,
          o.name.schema,
          PropString(o.props, "DEFINITION"),
          o.owner,
          PropTrue(o.props, "AUTO_INGEST") ? Cell(NotificationChannel(env.identity)) : std::nullopt,
          CommentCell(o).value_or(""),
          PropCell(o.props, "INTEGRATION"),
          PropCell(o.props, "PATTERN"),
          PropCell(o.props, "ERROR_INTEGRATION"),
          std::string("ROLE"),
          std::nullopt};
}

}  // namespace

const ShowSpec* SchemaShowSpec(const std::string& kind) {
  static const std::map<std::string, ShowSpec> kSpecs = {
      {"STAGE",
       {Columns({"created_on", "name", "database_name", "schema_name", "url", "has_credentials",
                 "has_encryption_key", "owner", "comment", "region", "type", "cloud",
                 "notification_channel", "storage_integration", "endpoint", "owner_role_type",
                 "directory_enabled"}),
        &StageRow}},
      {"FILE FORMAT",
       {Columns({"created_on", "name", "database_name", "schema_name", "type", "owner", "comment",
                 "format_options", "owner_role_type"}),
        &FileFormatRow}},
      {"TABLE",
       {Columns({"created_on",
                 "name",
                 "database_name",
                 "schema_name",
                 "kind",
                 "comment",
                 "cluster_by",
                 "rows",
                 "bytes",
                 "owner",
                 "retention_time",
                 "automatic_clustering",
                 "change_tracking",
                 "search_optimization",
                 "search_optimization_progress",
                 "search_optimization_bytes",
                 "is_external",
                 "enable_schema_evolution",
                 "owner_role_type",
                 "is_event",
                 "budget",
                 "is_hybrid",
                 "is_iceberg",
                 "is_dynamic"}),
        &TableRow}},
      {"EXTERNAL TABLE",
       {Columns({"created_on", "name", "database_name", "schema_name", "invalid", "invalid_reason",
                 "owner", "comment", "stage", "location", "file_format_name", "file_format_type",
                 "cloud", "region", "notification_channel", "last_refreshed_on", "table_format",
                 "last_refresh_details", "owner_role_type"}),
        &ExternalTableRow}},
      {"PIPE",
       {Columns({"created_on", "name", "database_name", "schema_name", "definition", "owner",
                 "notification_channel", "comment", "integration", "pattern", "error_integration",
                 "owner_role_type", "invalid_reason"}),
        &PipeRow}},
  };
  auto it = kSpecs.find(kind);
  return it == kSpecs.end() ? nullptr : &it->second;
}

}  // namespace causeway::sandbox::snowflake

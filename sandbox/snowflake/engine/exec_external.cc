// Executors for external tables, pipes and COPY INTO:
//  - CREATE EXTERNAL TABLE (columns AS (<expr>), PARTITION BY, LOCATION = @stage/path/,
//    FILE_FORMAT, AUTO_REFRESH, REFRESH_ON_CREATE, PATTERN) registers the files found under the
//    location through the stage's integration (stage_access.h) unless REFRESH_ON_CREATE = FALSE,
//    and their partitions (external_partitions.h); ALTER EXTERNAL TABLE ... REFRESH re-reads
//    them and answers file / status / description rows; ADD COLUMN <c> <type> AS (<expr>),
//    DROP COLUMN (not a partition column); SET / UNSET properties.
//  - CREATE PIPE ... AS COPY INTO <table> FROM @<stage>[/path] (also FROM (SELECT ... FROM
//    @stage)) checks the table and stage; ALTER PIPE ... REFRESH loads through the stage's
//    integration and answers File / Status rows; SET COMMENT / PIPE_EXECUTION_PAUSED.
//  - COPY INTO <table> FROM @<stage>: reads the file list through the integration and marks the
//    files loaded on the table; the emulator reads no file contents, so row counts are null and
//    files loaded before are skipped ("Copy executed with 0 files processed.").
// Auto-refresh external tables and auto-ingest pipes report the account's SQS queue as their
// notification_channel. Refresh details ({"files": n, "partitions": [...]}) appear in SHOW
// EXTERNAL TABLES' last_refresh_details.
#include <optional>
#include <regex>
#include <set>

#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/engine/column_types.h"
#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/external_partitions.h"
#include "sandbox/snowflake/engine/show_rows.h"
#include "sandbox/snowflake/engine/sql_errors.h"
#include "sandbox/snowflake/engine/stage_access.h"

namespace causeway::sandbox::snowflake {

namespace {

// One KEY = value property.
Status OneProperty(SfParser& p, Value* props) {
  const std::string key = Upper(p.Peek().text);
  p.Advance();
  p.Advance();
  auto value = p.PropertyValue();
  if (!value.ok()) return value.status();
  (*props)[key] = std::move(*value);
  return Status::Ok();
}

Value StageRefJson(const StageRef& ref) {
  return {{"database", ref.stage.database},
          {"schema", ref.stage.schema},
          {"name", ref.stage.name},
          {"path", ref.path}};
}

const SfObject* StageOf(const ExecEnv& env, const Value& ref) {
  return env.catalog.Find("STAGE", {ref["database"], ref["schema"], ref["name"]});
}

// Reads the external table's files; rows for REFRESH.
Result<ResultSet> Refresh(ExecEnv& env, SfObject& table) {
  const Value& location = table.props["LOCATION"];
  const SfObject* stage = StageOf(env, location);
  if (stage == nullptr) {
    return DoesNotExist(
        "Stage", ObjectName{location["database"], location["schema"], location["name"]}.Display());
  }
  const std::string path = location["path"];
  auto files = ListStageFiles(env, *stage, path);
  if (!files.ok()) return files.status();
  std::vector<std::string> partition_columns;
  for (const auto& c : table.props.value("PARTITION_BY", Value::array())) {
    partition_columns.push_back(c);
  }
  std::set<std::string> before;
  for (const auto& f : table.props.value("FILES", Value::array())) before.insert(f["path"]);
  Value registered = Value::array();
  std::set<std::string> partitions;
  ResultSet out;
  out.columns = {{"file"}, {"status"}, {"description"}};
  std::optional<std::regex> pattern;
  if (!PropString(table.props, "PATTERN").empty()) {
    try {
      pattern.emplace(PropString(table.props, "PATTERN"));
    } catch (const std::regex_error&) {
      return InvalidValue("Invalid regular expression in PATTERN.");
    }
  }
  for (const auto& f : *files) {
    const std::string filename = path + f.relative;
    if (pattern && !std::regex_match(filename, *pattern)) continue;
    auto partition = PartitionOf(filename, partition_columns, table.props["COLUMNS"]);
    if (!partition_columns.empty() && partition) partitions.insert(*partition);
    registered.push_back({{"path", filename},
                          {"size", f.object.size},
                          {"etag", f.object.etag},
                          {"partition", partition ? Value(*partition) : Value(nullptr)}});
    if (!before.count(filename)) {
      out.rows.push_back({filename, "REGISTERED_NEW", "File registered successfully."});
    }
    before.erase(filename);
  }
  for (const auto& gone : before) {
    out.rows.push_back({gone, "REMOVED", "File removed from the table's metadata."});
  }
  table.props["FILES"] = registered;
  table.props["PARTITIONS"] = Value(std::vector<std::string>(partitions.begin(), partitions.end()));
  table.props["LAST_REFRESHED_MS"] = env.now_ms;
  return out;
}

Result<ResultSet> CreateExternalTable(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("EXTERNAL TABLE");
  auto start = BeginCreate(p, env, kind);
  if (!start.ok()) return start.status();
  SfObject table;
  table.name = start->name;
  Value columns = Value::array();
  if (p.AcceptPunct("(")) {
    while (!p.AcceptPunct(")")) {
      auto column = ReadColumnDefinition(p, true);
      if (!column.ok()) return column.status();
      columns.push_back(std::move(*column));
      if (!p.Peek().IsPunct(")")) CW_RETURN_IF_ERROR(p.ExpectPunct(","));
    }
  }
  table.props["COLUMNS"] = columns;
  bool has_location = false;
  while (!p.AtEnd()) {
    if (p.AcceptAll({"PARTITION", "BY"})) {
      CW_RETURN_IF_ERROR(p.ExpectPunct("("));
      Value names = Value::array();
      do {
        auto name = p.Identifier();
        if (!name.ok()) return name.status();
        bool declared = false;
        for (const auto& c : columns) declared = declared || c["name"] == *name;
        if (!declared) return InvalidIdentifier(QuoteIfNeeded(*name));
        names.push_back(*name);
      } while (p.AcceptPunct(","));
      CW_RETURN_IF_ERROR(p.ExpectPunct(")"));
      table.props["PARTITION_BY"] = names;
    } else if (p.Accept("WITH")) {
    } else if (p.Peek().Is("LOCATION") && p.Peek(1).IsPunct("=")) {
      p.Advance();
      p.Advance();
      CW_RETURN_IF_ERROR(p.ExpectPunct("@"));
      auto ref = ReadStageRef(p, env);
      if (!ref.ok()) return ref.status();
      table.props["LOCATION"] = StageRefJson(*ref);
      has_location = true;
    } else if (p.Peek().kind == SfToken::Kind::kWord && p.Peek(1).IsPunct("=")) {
      CW_RETURN_IF_ERROR(OneProperty(p, &table.props));
    } else {
      return p.Error();
    }
  }
  if (!has_location) {
    return Status(StatusCode::kInvalidArgument,
                  "SQL compilation error:\nMissing option(s): [LOCATION]", "001008");
  }
  if (!table.props.contains("FILE_FORMAT")) {
    return Status(StatusCode::kInvalidArgument,
                  "SQL compilation error:\nMissing option(s): [FILE_FORMAT]", "001008");
  }
  CW_RETURN_IF_ERROR(CheckFileFormatRef(env, table.props["FILE_FORMAT"]));
  if (!env.access.Has("STAGE", StageOf(env, table.props["LOCATION"])->name, "USAGE")) {
    return InsufficientPrivileges("Stage", StageOf(env, table.props["LOCATION"])->name.Display());
  }
  if (start->exists) return AlreadyExistsSucceeded(start->name);
  if (!table.props.contains("REFRESH_ON_CREATE") || PropTrue(table.props, "REFRESH_ON_CREATE")) {
    auto refreshed = Refresh(env, table);
    if (!refreshed.ok()) return refreshed.status();
  }
  return FinishCreate(env, kind, std::move(table));
}

Result<ResultSet> AlterExternalTable(SfParser& p, ExecEnv& env) {
  bool absent = false;
  auto table = FindObject(p, env, *FindKind("EXTERNAL TABLE"), true, &absent);
  if (!table.ok()) return table.status();
  if (absent) return Executed();
  if (p.Accept("REFRESH")) {
    if (p.Peek().kind == SfToken::Kind::kString) p.Advance();
    CW_RETURN_IF_ERROR(p.ExpectEnd());
    return Refresh(env, **table);
  }
  Value& columns = (*table)->props["COLUMNS"];
  if (p.Accept("ADD")) {
    p.Accept("COLUMN");
    Value added = columns;
    do {
      auto column = ReadColumnDefinition(p, true);
      if (!column.ok()) return column.status();
      for (const auto& c : added) {
        if (c["name"] == (*column)["name"]) {
          return Status(StatusCode::kConflict,
                        "SQL compilation error:\ncolumn '" + (*column)["name"].get<std::string>() +
                            "' already exists",
                        "002028");
        }
      }
      added.push_back(std::move(*column));
    } while (p.AcceptPunct(","));
    CW_RETURN_IF_ERROR(p.ExpectEnd());
    columns = std::move(added);
    return Executed();
  }
  if (p.Accept("DROP")) {
    p.Accept("COLUMN");
    Value kept = columns;
    do {
      auto name = p.Identifier();
      if (!name.ok()) return name.status();
      for (const auto& partition : (*table)->props.value("PARTITION_BY", Value::array())) {
        if (partition == *name) {
          return Status(StatusCode::kInvalidArgument,
                        "SQL compilation error:\nCannot drop partition column '" + *name + "'.",
                        "002263");
        }
      }
      const size_t before = kept.size();
      Value rest = Value::array();
      for (auto& c : kept) {
        if (c["name"] != *name) rest.push_back(std::move(c));
      }
      if (rest.size() == before) return InvalidIdentifier(QuoteIfNeeded(*name));
      kept = std::move(rest);
    } while (p.AcceptPunct(","));
    CW_RETURN_IF_ERROR(p.ExpectEnd());
    columns = std::move(kept);
    return Executed();
  }
  Value props = (*table)->props;
  CW_RETURN_IF_ERROR(SetOrUnset(p, &props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  (*table)->props = std::move(props);
  return Executed();
}

struct CopySource {
  ObjectName table;
  StageRef stage;
};

// COPY INTO <table> [(cols)] FROM @stage[/path] | FROM (SELECT ... FROM @stage[/path] ...) ...
Result<CopySource> ReadCopyInto(SfParser& p, ExecEnv& env) {
  CopySource out;
  auto table = FindObject(p, env, *FindKind("TABLE"), false);
  if (!table.ok()) return table.status();
  out.table = (*table)->name;
  if (p.Peek().IsPunct("(")) CW_RETURN_IF_ERROR(p.SkipParenthesised());
  CW_RETURN_IF_ERROR(p.Expect("FROM"));
  if (p.AcceptPunct("(")) {  // a transformation: find its FROM @stage
    int depth = 1;
    while (depth > 0 && !p.AtEnd()) {
      if (depth == 1 && p.Peek().Is("FROM") && p.Peek(1).IsPunct("@")) break;
      if (p.Peek().IsPunct("(")) ++depth;
      if (p.Peek().IsPunct(")")) --depth;
      p.Advance();
    }
    CW_RETURN_IF_ERROR(p.Expect("FROM"));
  }
  CW_RETURN_IF_ERROR(p.ExpectPunct("@"));
  auto ref = ReadStageRef(p, env);
  if (!ref.ok()) return ref.status();
  out.stage = *ref;
  while (!p.AtEnd()) p.Advance();  // copy options are not checked
  return out;
}

Result<ResultSet> CopyInto(SfParser& p, ExecEnv& env) {
  auto copy = ReadCopyInto(p, env);
  if (!copy.ok()) return copy.status();
  if (!env.access.Has("TABLE", copy->table, "INSERT")) {
    return InsufficientPrivileges("Table", copy->table.Display());
  }
  SfObject* table = env.catalog.Find("TABLE", copy->table);
  auto files = ListStageFiles(env, *env.catalog.Find("STAGE", copy->stage.stage), copy->stage.path);
  if (!files.ok()) return files.status();
  Value loaded = table->props.value("LOADED_FILES", Value::array());
  std::set<std::string> seen(loaded.begin(), loaded.end());
  ResultSet out;
  out.columns = {{"file"},
                 {"status"},
                 {"rows_parsed", "FIXED"},
                 {"rows_loaded", "FIXED"},
                 {"error_limit", "FIXED"},
                 {"errors_seen", "FIXED"},
                 {"first_error"},
                 {"first_error_line", "FIXED"}};
  for (const auto& f : *files) {
    if (!seen.insert(f.url).second) continue;
    loaded.push_back(f.url);
    out.rows.push_back(
        {f.url, "LOADED", std::nullopt, std::nullopt, "1", "0", std::nullopt, std::nullopt});
  }
  table->props["LOADED_FILES"] = loaded;
  if (out.rows.empty()) return ResultSet::Status("Copy executed with 0 files processed.");
  return out;
}

Result<ResultSet> CreatePipe(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("PIPE");
  auto start = BeginCreate(p, env, kind);
  if (!start.ok()) return start.status();
  SfObject pipe;
  pipe.name = start->name;
  CW_RETURN_IF_ERROR(p.Properties(&pipe.props));
  CW_RETURN_IF_ERROR(p.Expect("AS"));
  const size_t first = p.position();
  CW_RETURN_IF_ERROR(p.Expect("COPY"));
  CW_RETURN_IF_ERROR(p.Expect("INTO"));
  auto copy = ReadCopyInto(p, env);
  if (!copy.ok()) return copy.status();
  pipe.props["DEFINITION"] = p.TextFrom(first);
  pipe.props["TABLE"] = {{"database", copy->table.database},
                         {"schema", copy->table.schema},
                         {"name", copy->table.name}};
  pipe.props["STAGE"] = StageRefJson(copy->stage);
  if (start->exists) return AlreadyExistsSucceeded(start->name);
  return FinishCreate(env, kind, std::move(pipe));
}

Result<ResultSet> AlterPipe(SfParser& p, ExecEnv& env) {
  bool absent = false;
  auto pipe = FindObject(p, env, *FindKind("PIPE"), true, &absent);
  if (!pipe.ok()) return pipe.status();
  if (absent) return Executed();
  if (p.Accept("REFRESH")) {
    while (!p.AtEnd()) p.Advance();  // PREFIX / MODIFIED_AFTER are not applied
    const Value& ref = (*pipe)->props["STAGE"];
    const SfObject* stage = StageOf(env, ref);
    if (stage == nullptr) return DoesNotExist("Stage", ref["name"]);
    auto files = ListStageFiles(env, *stage, ref["path"]);
    if (!files.ok()) return files.status();
    Value loaded = (*pipe)->props.value("LOADED_FILES", Value::array());
    std::set<std::string> seen(loaded.begin(), loaded.end());
    ResultSet out;
    out.columns = {{"File"}, {"Status"}};
    for (const auto& f : *files) {
      if (!seen.insert(f.relative).second) continue;
      loaded.push_back(f.relative);
      out.rows.push_back({f.relative, "SENT"});
    }
    (*pipe)->props["LOADED_FILES"] = loaded;
    return out;
  }
  Value props = (*pipe)->props;
  CW_RETURN_IF_ERROR(SetOrUnset(p, &props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  (*pipe)->props = std::move(props);
  return Executed();
}

}  // namespace

void RegisterExternalExecutors(ExecutorTable* t) {
  (*t)["CREATE EXTERNAL TABLE"] = &CreateExternalTable;
  (*t)["ALTER EXTERNAL TABLE"] = &AlterExternalTable;
  (*t)["DESC EXTERNAL TABLE"] = [](SfParser& p, ExecEnv& env) -> Result<ResultSet> {
    auto table = FindObject(p, env, *FindKind("EXTERNAL TABLE"), false);
    if (!table.ok()) return table.status();
    CW_RETURN_IF_ERROR(p.ExpectEnd());
    return DescribeColumns(**table);
  };
  (*t)["DESC PIPE"] = [](SfParser& p, ExecEnv& env) -> Result<ResultSet> {
    auto pipe = FindObject(p, env, *FindKind("PIPE"), false);
    if (!pipe.ok()) return pipe.status();
    CW_RETURN_IF_ERROR(p.ExpectEnd());
    const ShowSpec* spec = ShowSpecFor("PIPE");
    ResultSet out;
    out.columns = spec->columns;
    out.rows.push_back(spec->row(**pipe, env));
    return out;
  };
  (*t)["CREATE PIPE"] = &CreatePipe;
  (*t)["ALTER PIPE"] = &AlterPipe;
  (*t)["COPY INTO"] = &CopyInto;
}

}  // namespace causeway::sandbox::snowflake

// Statement Execution emulator: request checks, synchronous runs, polling and chunks.
#include "sandbox/databricks/sql/statement_execution_service.h"

#include <regex>
#include <utility>
#include <variant>

#include "reconciler/core/ascii.h"
#include "sandbox/core/ids.h"
#include "sandbox/core/object_store.h"
#include "sandbox/databricks/errors.h"
#include "sandbox/databricks/sql/hive_partitions.h"
#include "sandbox/databricks/sql/sql_statement.h"
#include "sandbox/databricks/unity_catalog/unity_catalog_service.h"

namespace causeway::sandbox {

namespace {

constexpr char kPrefix[] = "/api/2.0/sql/statements";
constexpr size_t kKeptStatements = 1000;

// The path after /api/2.0/sql/statements split at '/': {} for the collection, {id},
// {id, "cancel"}, {id, "result", "chunks", n}; nullopt when it is not under the prefix.
std::optional<std::vector<std::string>> PathParts(const std::string& path) {
  if (path.rfind(kPrefix, 0) != 0) return std::nullopt;
  std::string rest = path.substr(std::string(kPrefix).size());
  if (!rest.empty() && rest[0] != '/') return std::nullopt;
  std::vector<std::string> parts;
  size_t start = 1;
  while (start <= rest.size() && !rest.empty()) {
    size_t slash = rest.find('/', start);
    std::string part = rest.substr(start, slash == std::string::npos ? slash : slash - start);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts;
}

Value Failed(const std::string& id, const std::string& sql_state, const std::string& message) {
  return {{"statement_id", id},
          {"status",
           {{"state", "FAILED"},
            {"sql_state", sql_state},
            {"error", {{"error_code", "BAD_REQUEST"}, {"message", message}}}}}};
}

// A SUCCEEDED response with `columns` ({name, type}) and string rows.
Value Succeeded(const std::string& id,
                const std::vector<std::pair<std::string, std::string>>& columns,
                const Value& rows) {
  Value cols = Value::array();
  for (size_t i = 0; i < columns.size(); ++i) {
    cols.push_back({{"name", columns[i].first},
                    {"position", i},
                    {"type_name", columns[i].second},
                    {"type_text", columns[i].second}});
  }
  const size_t n = rows.size();
  Value result = {{"chunk_index", 0}, {"row_offset", 0}, {"row_count", n}};
  if (n > 0) result["data_array"] = rows;
  return {{"statement_id", id},
          {"status", {{"state", "SUCCEEDED"}}},
          {"manifest",
           {{"format", "JSON_ARRAY"},
            {"schema", {{"column_count", columns.size()}, {"columns", cols}}},
            {"total_chunk_count", 1},
            {"chunks", {{{"chunk_index", 0}, {"row_offset", 0}, {"row_count", n}}}},
            {"total_row_count", n},
            {"truncated", false}}},
          {"result", result}};
}

// `name` made a lower-case full name with the statement's catalog and schema; "" when a part is
// missing.
std::string FullName(const std::vector<std::string>& name, const Value& body, size_t parts) {
  std::vector<std::string> full = name;
  if (full.size() < parts && parts == 3 && full.size() == 1) {
    full.insert(full.begin(), body.value("schema", std::string("default")));
  }
  if (full.size() < parts) full.insert(full.begin(), body.value("catalog", std::string()));
  std::string out;
  for (const auto& part : full) {
    if (part.empty()) return "";
    out += (out.empty() ? "" : ".") + Lower(part);
  }
  return out;
}

std::string Quoted(const std::string& full_name) {
  std::string out = "`";
  for (char ch : full_name) out += ch == '.' ? std::string("`.`") : std::string(1, ch);
  return out + "`";
}

// Unity Catalog's ColumnTypeName for a SQL type text.
std::string TypeNameOf(const std::string& type_text) {
  static const std::map<std::string, std::string> kAliases = {
      {"BIGINT", "LONG"},     {"INTEGER", "INT"},    {"SMALLINT", "SHORT"},
      {"TINYINT", "BYTE"},    {"REAL", "FLOAT"},     {"DEC", "DECIMAL"},
      {"NUMERIC", "DECIMAL"}, {"VARCHAR", "STRING"}, {"TIMESTAMP_LTZ", "TIMESTAMP"}};
  std::string word = Upper(type_text.substr(0, type_text.find_first_of("(< ")));
  auto it = kAliases.find(word);
  return it == kAliases.end() ? word : it->second;
}

// A failed Unity Catalog reply as a FAILED statement.
Value FailedFromCatalog(const std::string& id, const SandboxResponse& reply,
                        const std::string& full_name) {
  Value error = Value::parse(reply.body, nullptr, false);
  const std::string code = error.is_object() ? error.value("error_code", std::string()) : "";
  const std::string message = error.is_object() ? error.value("message", std::string()) : "";
  if (code == kDbxAlreadyExists) {
    return Failed(id, "42P07",
                  "[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view " +
                      Quoted(full_name) + " because it already exists.");
  }
  if (code == kDbxDoesNotExist) return Failed(id, "42704", "[SCHEMA_NOT_FOUND] " + message);
  return Failed(id, "22023", "[" + code + "] " + message);
}

Value TableNotFound(const std::string& id, const std::string& full_name) {
  return Failed(
      id, "42P01",
      "[TABLE_OR_VIEW_NOT_FOUND] The table or view " + Quoted(full_name) + " cannot be found.");
}

// The table's partition columns, by partition_index.
std::vector<std::string> PartitionColumns(const Value& table) {
  std::map<int64_t, std::string> by_index;
  for (const auto& col : table["columns"]) {
    if (col.contains("partition_index") && col["partition_index"].is_number_integer()) {
      by_index[col["partition_index"].get<int64_t>()] = col["name"].get<std::string>();
    }
  }
  std::vector<std::string> out;
  for (auto& [_, name] : by_index) out.push_back(name);
  return out;
}

}  // namespace

StatementExecutionService::StatementExecutionService(std::string warehouse_id)
    : warehouse_id_(std::move(warehouse_id)) {}

const StatementExecutionService::Operations_& StatementExecutionService::Table() {
  using S = StatementExecutionService;
  static const Operations_ table = {
      {"ExecuteStatement", &S::ExecuteStatement},
      {"GetStatement", &S::GetStatement},
      {"GetStatementResultChunk", &S::GetStatementResultChunk},
      {"CancelExecution", &S::CancelExecution},
  };
  return table;
}

std::string StatementExecutionService::OperationName(const SandboxRequest& r) const {
  auto parts = PathParts(r.path);
  if (!parts) return "";
  if (parts->empty() && r.method == "POST") return "ExecuteStatement";
  if (parts->size() == 1 && r.method == "GET") return "GetStatement";
  if (parts->size() == 2 && (*parts)[1] == "cancel" && r.method == "POST") {
    return "CancelExecution";
  }
  if (parts->size() == 4 && (*parts)[1] == "result" && (*parts)[2] == "chunks" &&
      r.method == "GET") {
    return "GetStatementResultChunk";
  }
  return "";
}

SandboxResponse StatementExecutionService::Handle(const SandboxRequest& r, SandboxContext& c) {
  auto handler = Table().Find(r.operation);
  if (handler == nullptr) {
    return DatabricksError(kDbxEndpointNotFound,
                           "No API found for '" + r.method + " " + r.path + "'");
  }
  Value body = Value::object();
  if (r.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    body = Value::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || !body.is_object()) {
      return DatabricksError(kDbxMalformedRequest, "Request body is not a JSON object.");
    }
  }
  auto parts = PathParts(r.path);
  const std::string id = parts && !parts->empty() ? (*parts)[0] : "";
  try {
    return (this->*handler)(r, id, body, c);
  } catch (const nlohmann::json::exception& e) {
    return DatabricksError(kDbxMalformedRequest, std::string("Malformed request: ") + e.what());
  }
}

SandboxResponse StatementExecutionService::ExecuteStatement(const SandboxRequest& r,
                                                            const std::string&, const Value& body,
                                                            SandboxContext& c) {
  static const std::regex kWait("0s|([5-9]|[1-4][0-9]|50)s");
  for (const char* field : {"statement", "warehouse_id"}) {
    if (!body.contains(field) || !body[field].is_string() ||
        body[field].get<std::string>().empty()) {
      return DatabricksError(kDbxInvalidParameter, std::string("Missing required field: ") + field);
    }
  }
  for (const char* field : {"catalog", "schema", "wait_timeout", "on_wait_timeout"}) {
    if (body.contains(field) && !body[field].is_string()) {
      return DatabricksError(kDbxInvalidParameter, std::string(field) + " must be a string.");
    }
  }
  if (body["warehouse_id"] != warehouse_id_) {
    return DatabricksError(
        kDbxDoesNotExist,
        "Warehouse " + body["warehouse_id"].get<std::string>() + " does not exist.");
  }
  const std::string wait = body.value("wait_timeout", std::string("10s"));
  if (!std::regex_match(wait, kWait)) {
    return DatabricksError(kDbxInvalidParameter,
                           "wait_timeout must be 0s or between 5s and 50s, got '" + wait + "'.");
  }
  if (body.contains("parameters") && body["parameters"].is_array() && !body["parameters"].empty()) {
    return DatabricksError(kDbxInvalidParameter,
                           "causeway-sandbox does not bind statement parameters yet.");
  }
  const std::string id = NewUuid();
  Value response = Run(r, id, body, c);
  Keep(id, response);
  return DatabricksJson(response);
}

Value StatementExecutionService::Run(const SandboxRequest& r, const std::string& id,
                                     const Value& body, SandboxContext& c) {
  auto* uc = dynamic_cast<UnityCatalogService*>(c.FindService("unitycatalog"));
  if (uc == nullptr) return Failed(id, "XX000", "The Unity Catalog emulator is not running.");
  auto parsed = ParseSql(body["statement"].get<std::string>());
  if (!parsed.ok()) return Failed(id, "42601", parsed.status().message());
  // Reads of a table need what its REST GET needs (unity_catalog/read_access.cc).
  const std::vector<std::string>* read = nullptr;
  if (auto* v = std::get_if<SqlSelectCount>(&*parsed)) read = &v->name;
  if (auto* v = std::get_if<SqlDescribeTable>(&*parsed)) read = &v->name;
  if (auto* v = std::get_if<SqlShowPartitions>(&*parsed)) read = &v->name;
  if (read != nullptr && uc->FindTable(FullName(*read, body, 3)) != nullptr) {
    const std::string missing = uc->MissingOnTable(r.principal, FullName(*read, body, 3));
    if (!missing.empty()) {
      return Failed(id, "42501", "[INSUFFICIENT_PERMISSIONS] Insufficient privileges: " + missing);
    }
  }
  if (auto* create = std::get_if<SqlCreateTable>(&*parsed)) {
    return RunCreate(r, id, body, *create, *uc, c);
  }
  if (auto* show = std::get_if<SqlShowTables>(&*parsed)) return RunShow(id, body, *show, *uc);
  if (auto* repair = std::get_if<SqlRepairTable>(&*parsed)) {
    return RunRepair(id, body, *repair, *uc, c);
  }
  if (auto* partitions = std::get_if<SqlShowPartitions>(&*parsed)) {
    return RunShowPartitions(id, body, partitions->name, *uc);
  }
  if (auto* describe = std::get_if<SqlDescribeTable>(&*parsed)) {
    return RunDescribe(id, body, describe->name, *uc);
  }
  if (auto* alter = std::get_if<SqlAlterTable>(&*parsed)) {
    return RunAlter(r, id, body, *alter, *uc, c);
  }
  if (auto* comment = std::get_if<SqlCommentOnTable>(&*parsed)) {
    return RunCommentOn(r, id, body, *comment, *uc, c);
  }
  if (auto* count = std::get_if<SqlSelectCount>(&*parsed)) {
    return RunCount(id, body, count->name, *uc, c);
  }
  return RunDrop(id, body, std::get<SqlDropTable>(*parsed), *uc, c);
}

Value StatementExecutionService::RunCreate(const SandboxRequest& r, const std::string& id,
                                           const Value& body, const SqlCreateTable& create,
                                           UnityCatalogService& uc, SandboxContext& c) {
  const std::string full_name = FullName(create.name, body, 3);
  if (full_name.empty()) {
    return Failed(id, "42704",
                  "[NO_DEFAULT_CATALOG] Qualify the table name with its catalog or set the "
                  "statement's catalog.");
  }
  if (create.location.empty()) {
    return Failed(id, "0A000",
                  "[UNSUPPORTED_FEATURE] causeway-sandbox emulates external tables only: add "
                  "LOCATION '<s3 url>'.");
  }
  if (uc.FindTable(full_name) != nullptr && create.if_not_exists) {
    return Succeeded(id, {}, Value::array());
  }
  Value columns = Value::array();
  for (const auto& col : create.columns) {
    Value v = {{"name", col.name},
               {"type_text", Lower(col.type_text)},
               {"type_name", TypeNameOf(col.type_text)},
               {"nullable", col.nullable}};
    if (!col.comment.empty()) v["comment"] = col.comment;
    columns.push_back(v);
  }
  int partition_index = 0;
  for (const auto& part : create.partitioned_by) {
    Value* existing = nullptr;
    for (auto& v : columns) {
      if (EqualsIgnoringCase(v["name"].get<std::string>(), part.name)) existing = &v;
    }
    if (existing == nullptr && part.type_text.empty()) {
      return Failed(id, "42703",
                    "[COLUMN_NOT_DEFINED_IN_TABLE] partition column `" + part.name +
                        "` is not defined in table " + Quoted(full_name) + ".");
    }
    if (existing == nullptr) {
      columns.push_back({{"name", part.name},
                         {"type_text", Lower(part.type_text)},
                         {"type_name", TypeNameOf(part.type_text)},
                         {"nullable", part.nullable}});
      existing = &columns.back();
    }
    (*existing)["partition_index"] = partition_index++;
  }
  const size_t first = full_name.find('.'), second = full_name.rfind('.');
  Value request = {{"name", full_name.substr(second + 1)},
                   {"catalog_name", full_name.substr(0, first)},
                   {"schema_name", full_name.substr(first + 1, second - first - 1)},
                   {"table_type", "EXTERNAL"},
                   {"data_source_format", create.format.empty() ? "DELTA" : Upper(create.format)},
                   {"columns", columns},
                   {"storage_location", create.location}};
  if (!create.comment.empty()) request["comment"] = create.comment;
  if (!create.properties.empty()) request["properties"] = Value(create.properties);
  SandboxResponse reply = uc.CreateTableFromSql(r, request, c);
  if (reply.status != 200) return FailedFromCatalog(id, reply, full_name);
  c.MarkDirty(uc.name());
  return Succeeded(id, {}, Value::array());
}

Value StatementExecutionService::RunShow(const std::string& id, const Value& body,
                                         const SqlShowTables& show, UnityCatalogService& uc) {
  std::vector<std::string> schema = show.schema;
  if (schema.empty()) schema = {body.value("schema", std::string("default"))};
  if (schema.size() > 2) {
    return Failed(id, "42601", "[PARSE_SYNTAX_ERROR] A schema name has at most two parts.");
  }
  const std::string full_name = FullName(schema, body, 2);
  if (full_name.empty()) {
    return Failed(id, "42704",
                  "[NO_DEFAULT_CATALOG] Qualify the schema with its catalog or set the "
                  "statement's catalog.");
  }
  if (uc.FindSchema(full_name) == nullptr) {
    return Failed(id, "42704",
                  "[SCHEMA_NOT_FOUND] The schema " + Quoted(full_name) + " cannot be found.");
  }
  Value rows = Value::array();
  for (const Value* table : uc.TablesOf(full_name)) {
    rows.push_back({(*table)["schema_name"], (*table)["name"], "false"});
  }
  return Succeeded(
      id, {{"database", "STRING"}, {"tableName", "STRING"}, {"isTemporary", "BOOLEAN"}}, rows);
}

Value StatementExecutionService::RunDrop(const std::string& id, const Value& body,
                                         const SqlDropTable& drop, UnityCatalogService& uc,
                                         SandboxContext& c) {
  const std::string full_name = FullName(drop.name, body, 3);
  if (full_name.empty() || !uc.DropTable(full_name)) {
    if (drop.if_exists) return Succeeded(id, {}, Value::array());
    return TableNotFound(id, full_name);
  }
  c.MarkDirty(uc.name());
  return Succeeded(id, {}, Value::array());
}

Value StatementExecutionService::RunRepair(const std::string& id, const Value& body,
                                           const SqlRepairTable& repair, UnityCatalogService& uc,
                                           SandboxContext& c) {
  const std::string full_name = FullName(repair.name, body, 3);
  const Value* table = uc.FindTable(full_name);
  if (table == nullptr) return TableNotFound(id, full_name);
  const std::vector<std::string> columns = PartitionColumns(*table);
  if (columns.empty()) {
    return Failed(id, "42809",
                  "[NOT_A_PARTITIONED_TABLE] Operation MSCK REPAIR TABLE is not allowed for " +
                      Quoted(full_name) + " as it is not a partitioned table.");
  }
  // s3://bucket/prefix -> bucket, "prefix/"
  const std::string location = (*table)["storage_location"].get<std::string>();
  const std::string kScheme = "s3://";
  auto* store = dynamic_cast<ObjectStore*>(c.FindService("s3"));
  if (location.rfind(kScheme, 0) != 0 || store == nullptr) {
    return Failed(id, "42K03", "[PATH_NOT_FOUND] Path does not exist: " + location + ".");
  }
  const std::string rest = location.substr(kScheme.size());
  const size_t slash = rest.find('/');
  const std::string bucket = rest.substr(0, slash);
  std::string prefix = slash == std::string::npos ? "" : rest.substr(slash + 1);
  if (!prefix.empty()) prefix += "/";
  if (!store->BucketExists(bucket)) {
    return Failed(id, "42K03", "[PATH_NOT_FOUND] Path does not exist: " + location + ".");
  }
  const std::set<std::string> found =
      DiscoverHivePartitions(store->ListObjects(bucket, prefix), prefix, columns);
  const std::string table_id = (*table)["table_id"].get<std::string>();
  std::set<std::string> partitions = uc.PartitionsOf(table_id);
  if (repair.drop) {
    for (auto it = partitions.begin(); it != partitions.end();) {
      it = found.count(*it) ? std::next(it) : partitions.erase(it);
    }
  }
  if (repair.add) partitions.insert(found.begin(), found.end());
  uc.SetPartitions(table_id, std::move(partitions));
  c.MarkDirty(uc.name());
  return Succeeded(id, {}, Value::array());
}

Value StatementExecutionService::RunShowPartitions(const std::string& id, const Value& body,
                                                   const std::vector<std::string>& name,
                                                   UnityCatalogService& uc) {
  const std::string full_name = FullName(name, body, 3);
  const Value* table = uc.FindTable(full_name);
  if (table == nullptr) return TableNotFound(id, full_name);
  if (PartitionColumns(*table).empty()) {
    return Failed(id, "42809",
                  "[NOT_A_PARTITIONED_TABLE] Operation SHOW PARTITIONS is not allowed for " +
                      Quoted(full_name) + " as it is not a partitioned table.");
  }
  Value rows = Value::array();
  for (const auto& spec : uc.PartitionsOf((*table)["table_id"].get<std::string>())) {
    rows.push_back(Value::array({spec}));
  }
  return Succeeded(id, {{"partition", "STRING"}}, rows);
}

Value StatementExecutionService::RunDescribe(const std::string& id, const Value& body,
                                             const std::vector<std::string>& name,
                                             UnityCatalogService& uc) {
  const std::string full_name = FullName(name, body, 3);
  const Value* table = uc.FindTable(full_name);
  if (table == nullptr) return TableNotFound(id, full_name);
  Value rows = Value::array();
  auto row = [](const Value& col) {
    return Value::array({col["name"], col.value("type_text", std::string()),
                         col.contains("comment") ? col["comment"] : Value(nullptr)});
  };
  for (const auto& col : (*table)["columns"]) rows.push_back(row(col));
  const std::vector<std::string> partitions = PartitionColumns(*table);
  if (!partitions.empty()) {
    rows.push_back(Value::array({"# Partition Information", "", ""}));
    rows.push_back(Value::array({"# col_name", "data_type", "comment"}));
    for (const auto& part : partitions) {
      for (const auto& col : (*table)["columns"]) {
        if (col["name"] == part) rows.push_back(row(col));
      }
    }
  }
  return Succeeded(id, {{"col_name", "STRING"}, {"data_type", "STRING"}, {"comment", "STRING"}},
                   rows);
}

Value StatementExecutionService::RunAlter(const SandboxRequest& r, const std::string& id,
                                          const Value& body, const SqlAlterTable& alter,
                                          UnityCatalogService& uc, SandboxContext& c) {
  const std::string full_name = FullName(alter.name, body, 3);
  const Value* table = uc.FindTable(full_name);
  if (table == nullptr) return TableNotFound(id, full_name);
  Value info = *table;
  if (!alter.set_properties.empty()) {
    if (!info.contains("properties")) info["properties"] = Value::object();
    for (const auto& [key, value] : alter.set_properties) info["properties"][key] = value;
  }
  for (const auto& key : alter.unset_properties) {
    bool held = info.contains("properties") && info["properties"].contains(key);
    if (!held && !alter.unset_if_exists) {
      return Failed(id, "42K0J",
                    "[UNSET_NONEXISTENT_PROPERTIES] Attempted to unset non-existent properties [" +
                        key + "] in table " + Quoted(full_name) + ".");
    }
    if (held) info["properties"].erase(key);
  }
  if (info.contains("properties") && info["properties"].empty()) info.erase("properties");
  if (!alter.location.empty()) {
    std::string location = alter.location;
    while (location.size() > 1 && location.back() == '/') location.pop_back();
    info["storage_location"] = location;
  }
  for (const auto& col : alter.add_columns) {
    for (const auto& existing : info["columns"]) {
      if (EqualsIgnoringCase(existing["name"].get<std::string>(), col.name)) {
        return Failed(id, "42710",
                      "[FIELDS_ALREADY_EXISTS] Cannot add column, because `" + col.name +
                          "` already exists in " + Quoted(full_name) + ".");
      }
    }
    Value v = {{"name", col.name},
               {"type_text", Lower(col.type_text)},
               {"type_name", TypeNameOf(col.type_text)},
               {"nullable", col.nullable},
               {"position", info["columns"].size()}};
    if (!col.comment.empty()) v["comment"] = col.comment;
    info["columns"].push_back(v);
  }
  if (!alter.owner.empty()) info["owner"] = alter.owner;
  if (!alter.comment_column.empty()) {
    Value* column = nullptr;
    for (auto& existing : info["columns"]) {
      if (EqualsIgnoringCase(existing["name"].get<std::string>(), alter.comment_column)) {
        column = &existing;
      }
    }
    if (column == nullptr) {
      return Failed(id, "42703",
                    "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column with name `" +
                        alter.comment_column + "` cannot be resolved in table " +
                        Quoted(full_name) + ".");
    }
    if (alter.column_comment.empty()) {
      column->erase("comment");
    } else {
      (*column)["comment"] = alter.column_comment;
    }
  }
  uc.ReplaceTable(r, c, std::move(info));
  c.MarkDirty(uc.name());
  return Succeeded(id, {}, Value::array());
}

Value StatementExecutionService::RunCommentOn(const SandboxRequest& r, const std::string& id,
                                              const Value& body, const SqlCommentOnTable& comment,
                                              UnityCatalogService& uc, SandboxContext& c) {
  const std::string full_name = FullName(comment.name, body, 3);
  const Value* table = uc.FindTable(full_name);
  if (table == nullptr) return TableNotFound(id, full_name);
  Value info = *table;
  if (comment.comment.empty()) {
    info.erase("comment");
  } else {
    info["comment"] = comment.comment;
  }
  uc.ReplaceTable(r, c, std::move(info));
  c.MarkDirty(uc.name());
  return Succeeded(id, {}, Value::array());
}

Value StatementExecutionService::RunCount(const std::string& id, const Value& body,
                                          const std::vector<std::string>& name,
                                          UnityCatalogService& uc, SandboxContext& c) {
  const std::string full_name = FullName(name, body, 3);
  const Value* table = uc.FindTable(full_name);
  if (table == nullptr) return TableNotFound(id, full_name);
  int64_t files = 0;
  const std::string location = (*table).value("storage_location", std::string());
  const std::string kScheme = "s3://";
  auto* store = dynamic_cast<ObjectStore*>(c.FindService("s3"));
  if (location.rfind(kScheme, 0) == 0 && store != nullptr) {
    const std::string rest = location.substr(kScheme.size());
    const size_t slash = rest.find('/');
    const std::string bucket = rest.substr(0, slash);
    std::string prefix = slash == std::string::npos ? "" : rest.substr(slash + 1);
    if (!prefix.empty()) prefix += "/";
    if (store->BucketExists(bucket)) {
      for (const auto& object : store->ListObjects(bucket, prefix)) {
        const std::string file = object.key.substr(object.key.rfind('/') + 1);
        if (!file.empty() && file[0] != '_' && file[0] != '.') ++files;
      }
    }
  }
  return Succeeded(id, {{"count(1)", "BIGINT"}},
                   Value::array({Value::array({std::to_string(files)})}));
}

void StatementExecutionService::Keep(const std::string& id, Value response) {
  statements_[id] = std::move(response);
  order_.push_back(id);
  while (order_.size() > kKeptStatements) {
    statements_.erase(order_.front());
    order_.pop_front();
  }
}

SandboxResponse StatementExecutionService::GetStatement(const SandboxRequest&,
                                                        const std::string& id, const Value&,
                                                        SandboxContext&) {
  auto it = statements_.find(id);
  if (it == statements_.end()) {
    return DatabricksError(kDbxDoesNotExist, "Statement " + id + " does not exist.");
  }
  return DatabricksJson(it->second);
}

SandboxResponse StatementExecutionService::GetStatementResultChunk(const SandboxRequest& r,
                                                                   const std::string& id,
                                                                   const Value&, SandboxContext&) {
  auto it = statements_.find(id);
  if (it == statements_.end()) {
    return DatabricksError(kDbxDoesNotExist, "Statement " + id + " does not exist.");
  }
  const std::string index = r.path.substr(r.path.rfind('/') + 1);
  if (!it->second.contains("result") || index != "0") {
    return DatabricksError(kDbxInvalidParameter,
                           "Statement " + id + " has no result chunk " + index + ".");
  }
  return DatabricksJson(it->second["result"]);
}

SandboxResponse StatementExecutionService::CancelExecution(const SandboxRequest&,
                                                           const std::string& id, const Value&,
                                                           SandboxContext&) {
  // Statements finish before their reply: there is nothing left to cancel.
  if (!statements_.count(id)) {
    return DatabricksError(kDbxDoesNotExist, "Statement " + id + " does not exist.");
  }
  return DatabricksJson(Value::object());
}

Value StatementExecutionService::Dump() const {
  Value list = Value::array();
  for (const auto& id : order_) list.push_back(statements_.at(id));
  return {{"statements", list}};
}

Status StatementExecutionService::Load(const Value& state) {
  Reset();
  try {
    if (state.contains("statements")) {
      for (const auto& s : state.at("statements")) {
        Keep(s.at("statement_id").get<std::string>(), s);
      }
    }
  } catch (const nlohmann::json::exception& e) {
    Reset();
    return Status::Corruption(std::string("sql state: ") + e.what());
  }
  return Status::Ok();
}

void StatementExecutionService::Reset() {
  statements_.clear();
  order_.clear();
}

std::unique_ptr<SandboxService> NewStatementExecutionService(std::string warehouse_id) {
  return std::make_unique<StatementExecutionService>(std::move(warehouse_id));
}

}  // namespace causeway::sandbox

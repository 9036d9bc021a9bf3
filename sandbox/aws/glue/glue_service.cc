// Glue emulator: dispatch, persistence, and the Data Catalog (databases, tables, partitions).
#include "sandbox/aws/glue/glue_service.h"

#include <cstdlib>
#include <regex>

#include "reconciler/core/ascii.h"
#include "sandbox/aws/glue/glue_internal.h"
#include "sandbox/core/timestamps.h"

namespace causeway::sandbox {

using glue::Err;
using glue::MissingMessage;
using glue::Ok;
using glue::Str;

namespace {

constexpr char kNotFound[] = "EntityNotFoundException";
constexpr char kExists[] = "AlreadyExistsException";
constexpr char kInvalid[] = "InvalidInputException";

std::string PartitionKey(const Value& values) {
  std::string k;
  for (const auto& v : values) {
    if (!k.empty()) k += '\x1f';
    k += v.is_string() ? v.get<std::string>() : v.dump();
  }
  return k;
}

// Glue's GetTables Expression: '*' wildcards, '|' alternatives, otherwise a regex; whole-name,
// case-insensitive. False (and `re` untouched) when the pattern does not compile.
bool CompileTablePattern(const std::string& expression, std::regex* re) {
  std::string p;
  for (size_t i = 0; i < expression.size(); ++i) {
    char ch = expression[i];
    if (ch == '*' && (i == 0 || expression[i - 1] != '.')) {
      p += ".*";
    } else {
      p += ch;
    }
  }
  try {
    *re = std::regex(p, std::regex::ECMAScript | std::regex::icase);
  } catch (const std::regex_error&) {
    return false;
  }
  return true;
}

// Validates a Column list; "" when fine.
std::string CheckColumns(const Value& cols, const std::string& what) {
  if (cols.is_null()) return "";
  if (!cols.is_array()) return what + " must be a list";
  for (const auto& c : cols) {
    if (Str(c, "Name").empty()) return MissingMessage(what + ".member.name");
  }
  return "";
}

}  // namespace

const GlueService::Operations_& GlueService::Table() {
  static const Operations_ handlers = {
      {"CreateDatabase", &GlueService::CreateDatabase},
      {"GetDatabase", &GlueService::GetDatabase},
      {"GetDatabases", &GlueService::GetDatabases},
      {"UpdateDatabase", &GlueService::UpdateDatabase},
      {"DeleteDatabase", &GlueService::DeleteDatabase},
      {"CreateTable", &GlueService::CreateTable},
      {"GetTable", &GlueService::GetTable},
      {"GetTables", &GlueService::GetTables},
      {"UpdateTable", &GlueService::UpdateTable},
      {"DeleteTable", &GlueService::DeleteTable},
      {"BatchDeleteTable", &GlueService::BatchDeleteTable},
      {"CreatePartition", &GlueService::CreatePartition},
      {"BatchCreatePartition", &GlueService::BatchCreatePartition},
      {"GetPartition", &GlueService::GetPartition},
      {"GetPartitions", &GlueService::GetPartitions},
      {"DeletePartition", &GlueService::DeletePartition},
      {"CreateCrawler", &GlueService::CreateCrawler},
      {"GetCrawler", &GlueService::GetCrawler},
      {"GetCrawlers", &GlueService::GetCrawlers},
      {"UpdateCrawler", &GlueService::UpdateCrawler},
      {"DeleteCrawler", &GlueService::DeleteCrawler},
      {"StartCrawler", &GlueService::StartCrawler},
      {"StopCrawler", &GlueService::StopCrawler},
      {"GetCrawlerMetrics", &GlueService::GetCrawlerMetrics},
      {"CreateJob", &GlueService::CreateJob},
      {"GetJob", &GlueService::GetJob},
      {"GetJobs", &GlueService::GetJobs},
      {"UpdateJob", &GlueService::UpdateJob},
      {"DeleteJob", &GlueService::DeleteJob},
  };
  return handlers;
}

std::vector<std::string> GlueService::Operations() const { return Table().Operations(); }

SandboxResponse GlueService::Handle(const SandboxRequest& request, SandboxContext& context) {
  auto handler = Table().Find(request.operation);
  if (handler == nullptr) {
    return Err(request, "UnknownOperationException",
               "Operation " + request.operation + " is not supported by this sandbox");
  }
  Value in = request.body.empty() ? Value::object()
                                  : Value::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (in.is_discarded() || !in.is_object()) {
    return Err(request, "SerializationException", "Request body is not a JSON object");
  }
  if (AdvanceCrawlers(context)) context.MarkDirty(name());
  return (this->*handler)(in, request, context);
}

// ---- databases ----

SandboxResponse GlueService::CreateDatabase(const Value& in, const SandboxRequest& r,
                                            SandboxContext& c) {
  if (!in.contains("DatabaseInput")) return Err(r, kInvalid, MissingMessage("databaseInput"));
  const Value& di = in["DatabaseInput"];
  std::string name = Lower(Str(di, "Name"));
  if (name.empty()) return Err(r, kInvalid, MissingMessage("databaseInput.name"));
  if (databases_.count(name)) return Err(r, kExists, "Database already exists.");
  Value db = di;
  db["Name"] = name;
  db["CreateTime"] = EpochSeconds(c.Now());
  db["CatalogId"] = std::string(kSandboxAccountId);
  if (!db.contains("CreateTableDefaultPermissions")) {
    db["CreateTableDefaultPermissions"] =
        Value::array({{{"Principal", {{"DataLakePrincipalIdentifier", "IAM_ALLOWED_PRINCIPALS"}}},
                       {"Permissions", Value::array({"ALL"})}}});
  }
  databases_[name] = db;
  return Ok(Value::object());
}

void GlueService::EnsureDatabase(const std::string& database,
                                 std::chrono::system_clock::time_point now) {
  std::string name = Lower(database);
  if (databases_.count(name)) return;
  databases_[name] = {{"Name", name}, {"CreateTime", EpochSeconds(now)}};
}

SandboxResponse GlueService::GetDatabase(const Value& in, const SandboxRequest& r,
                                         SandboxContext&) {
  std::string name = Lower(Str(in, "Name"));
  if (name.empty()) return Err(r, kInvalid, MissingMessage("name"));
  auto it = databases_.find(name);
  if (it == databases_.end()) return Err(r, kNotFound, "Database " + name + " not found.");
  return Ok({{"Database", it->second}});
}

SandboxResponse GlueService::GetDatabases(const Value& in, const SandboxRequest& r,
                                          SandboxContext&) {
  glue::Page page;
  std::string error;
  if (!glue::Paginate(databases_, in, 100, 100, &page, &error)) return Err(r, kInvalid, error);
  Value out = {{"DatabaseList", Value::array()}};
  for (const auto& k : page.keys) out["DatabaseList"].push_back(databases_.at(k));
  if (!page.next_token.empty()) out["NextToken"] = page.next_token;
  return Ok(out);
}

SandboxResponse GlueService::UpdateDatabase(const Value& in, const SandboxRequest& r,
                                            SandboxContext&) {
  std::string name = Lower(Str(in, "Name"));
  if (name.empty()) return Err(r, kInvalid, MissingMessage("name"));
  if (!in.contains("DatabaseInput")) return Err(r, kInvalid, MissingMessage("databaseInput"));
  auto it = databases_.find(name);
  if (it == databases_.end()) return Err(r, kNotFound, "Database " + name + " not found.");
  const Value& di = in["DatabaseInput"];
  if (Lower(Str(di, "Name")) != name) {
    return Err(r, kInvalid, "Database name cannot be changed. Use a new database instead.");
  }
  Value db = di;
  db["Name"] = name;
  for (const char* keep : {"CreateTime", "CatalogId", "CreateTableDefaultPermissions"}) {
    if (it->second.contains(keep) && !db.contains(keep)) db[keep] = it->second[keep];
  }
  it->second = db;
  return Ok(Value::object());
}

SandboxResponse GlueService::DeleteDatabase(const Value& in, const SandboxRequest& r,
                                            SandboxContext&) {
  std::string name = Lower(Str(in, "Name"));
  if (name.empty()) return Err(r, kInvalid, MissingMessage("name"));
  if (!databases_.erase(name)) return Err(r, kNotFound, "Database " + name + " not found.");
  tables_.erase(name);
  partitions_.erase(name);
  return Ok(Value::object());
}

// ---- tables ----

SandboxResponse GlueService::CreateTable(const Value& in, const SandboxRequest& r,
                                         SandboxContext& c) {
  std::string db = Lower(Str(in, "DatabaseName"));
  if (db.empty()) return Err(r, kInvalid, MissingMessage("databaseName"));
  if (!in.contains("TableInput")) return Err(r, kInvalid, MissingMessage("tableInput"));
  const Value& ti = in["TableInput"];
  std::string name = Lower(Str(ti, "Name"));
  if (name.empty()) return Err(r, kInvalid, MissingMessage("tableInput.name"));
  if (!databases_.count(db)) return Err(r, kNotFound, "Database " + db + " not found.");
  for (auto [cols, what] : {std::pair{ti.value("PartitionKeys", Value()), "partitionKeys"},
                            std::pair{ti.contains("StorageDescriptor")
                                          ? ti["StorageDescriptor"].value("Columns", Value())
                                          : Value(),
                                      "storageDescriptor.columns"}}) {
    std::string e = CheckColumns(cols, std::string("tableInput.") + what);
    if (!e.empty()) return Err(r, kInvalid, e);
  }
  if (tables_[db].count(name)) return Err(r, kExists, "Table already exists.");
  Value t = ti;
  t["Name"] = name;
  t["DatabaseName"] = db;
  t["CreateTime"] = EpochSeconds(c.Now());
  t["UpdateTime"] = EpochSeconds(c.Now());
  t["CreatedBy"] = r.principal.name;
  t["IsRegisteredWithLakeFormation"] = false;
  t["CatalogId"] = std::string(kSandboxAccountId);
  t["VersionId"] = "0";
  if (!t.contains("Retention")) t["Retention"] = 0;
  tables_[db][name] = t;
  return Ok(Value::object());
}

SandboxResponse GlueService::GetTable(const Value& in, const SandboxRequest& r, SandboxContext&) {
  std::string db = Lower(Str(in, "DatabaseName"));
  std::string name = Lower(Str(in, "Name"));
  if (db.empty()) return Err(r, kInvalid, MissingMessage("databaseName"));
  if (name.empty()) return Err(r, kInvalid, MissingMessage("name"));
  if (!databases_.count(db)) return Err(r, kNotFound, "Database " + db + " not found.");
  auto& tables = tables_[db];
  auto it = tables.find(name);
  if (it == tables.end()) return Err(r, kNotFound, "Table " + name + " not found.");
  return Ok({{"Table", it->second}});
}

SandboxResponse GlueService::GetTables(const Value& in, const SandboxRequest& r, SandboxContext&) {
  std::string db = Lower(Str(in, "DatabaseName"));
  if (db.empty()) return Err(r, kInvalid, MissingMessage("databaseName"));
  if (!databases_.count(db)) return Err(r, kNotFound, "Database " + db + " not found.");
  std::map<std::string, const Value*> matching;
  std::string expression = Str(in, "Expression");
  std::regex re;
  if (!expression.empty() && !CompileTablePattern(expression, &re)) {
    return Err(r, kInvalid, "Invalid expression: " + expression);
  }
  for (const auto& [name, t] : tables_[db]) {
    if (expression.empty() || std::regex_match(name, re)) matching[name] = &t;
  }
  glue::Page page;
  std::string error;
  if (!glue::Paginate(matching, in, 100, 100, &page, &error)) return Err(r, kInvalid, error);
  Value out = {{"TableList", Value::array()}};
  for (const auto& k : page.keys) out["TableList"].push_back(*matching.at(k));
  if (!page.next_token.empty()) out["NextToken"] = page.next_token;
  return Ok(out);
}

SandboxResponse GlueService::UpdateTable(const Value& in, const SandboxRequest& r,
                                         SandboxContext& c) {
  std::string db = Lower(Str(in, "DatabaseName"));
  if (db.empty()) return Err(r, kInvalid, MissingMessage("databaseName"));
  if (!in.contains("TableInput")) return Err(r, kInvalid, MissingMessage("tableInput"));
  const Value& ti = in["TableInput"];
  std::string name = Lower(Str(ti, "Name"));
  if (name.empty()) return Err(r, kInvalid, MissingMessage("tableInput.name"));
  if (!databases_.count(db)) return Err(r, kNotFound, "Database " + db + " not found.");
  auto& tables = tables_[db];
  auto it = tables.find(name);
  if (it == tables.end()) return Err(r, kNotFound, "Table " + name + " not found.");
  std::string version = Str(in, "VersionId");
  if (!version.empty() && version != Str(it->second, "VersionId")) {
    return Err(r, "ConcurrentModificationException",
               "Update table failed due to concurrent modifications.");
  }
  Value t = ti;
  t["Name"] = name;
  t["DatabaseName"] = db;
  for (const char* keep :
       {"CreateTime", "CreatedBy", "CatalogId", "IsRegisteredWithLakeFormation"}) {
    if (it->second.contains(keep)) t[keep] = it->second[keep];
  }
  if (!t.contains("Retention")) t["Retention"] = 0;
  t["UpdateTime"] = EpochSeconds(c.Now());
  int v = ParseInteger<int>(Str(it->second, "VersionId")).value_or(0);
  t["VersionId"] = std::to_string(v + 1);
  it->second = t;
  return Ok(Value::object());
}

bool GlueService::UpsertCrawledTable(const std::string& database, const Value& table_input,
                                     std::chrono::system_clock::time_point now) {
  std::string db = Lower(database);
  std::string name = Lower(Str(table_input, "Name"));
  auto& tables = tables_[db];
  auto it = tables.find(name);
  Value t = table_input;
  t["Name"] = name;
  t["DatabaseName"] = db;
  t["UpdateTime"] = EpochSeconds(now);
  t["Retention"] = 0;
  t["IsRegisteredWithLakeFormation"] = false;
  if (it == tables.end()) {
    t["CreateTime"] = EpochSeconds(now);
    t["VersionId"] = "0";
    t["CreatedBy"] = "arn:aws:sts::" + std::string(kSandboxAccountId) +
                     ":assumed-role/AWSGlueServiceRole/AWS-Crawler";
    tables[name] = t;
    return true;
  }
  for (const char* keep : {"CreateTime", "CreatedBy", "CatalogId"}) {
    if (it->second.contains(keep)) t[keep] = it->second[keep];
  }
  t["VersionId"] = std::to_string(ParseInteger<int>(Str(it->second, "VersionId")).value_or(0) + 1);
  it->second = t;
  return false;
}

SandboxResponse GlueService::DeleteTable(const Value& in, const SandboxRequest& r,
                                         SandboxContext&) {
  std::string db = Lower(Str(in, "DatabaseName"));
  std::string name = Lower(Str(in, "Name"));
  if (db.empty()) return Err(r, kInvalid, MissingMessage("databaseName"));
  if (name.empty()) return Err(r, kInvalid, MissingMessage("name"));
  if (!databases_.count(db)) return Err(r, kNotFound, "Database " + db + " not found.");
  if (!tables_[db].erase(name)) return Err(r, kNotFound, "Table " + name + " not found.");
  partitions_[db].erase(name);
  return Ok(Value::object());
}

SandboxResponse GlueService::BatchDeleteTable(const Value& in, const SandboxRequest& r,
                                              SandboxContext&) {
  std::string db = Lower(Str(in, "DatabaseName"));
  if (db.empty()) return Err(r, kInvalid, MissingMessage("databaseName"));
  if (!in.contains("TablesToDelete") || !in["TablesToDelete"].is_array()) {
    return Err(r, kInvalid, MissingMessage("tablesToDelete"));
  }
  if (in["TablesToDelete"].size() > 100) {
    return Err(r, kInvalid, "Number of tables to delete should not exceed 100");
  }
  if (!databases_.count(db)) return Err(r, kNotFound, "Database " + db + " not found.");
  Value errors = Value::array();
  for (const auto& n : in["TablesToDelete"]) {
    std::string name = n.is_string() ? Lower(n.get<std::string>()) : "";
    if (!tables_[db].erase(name)) {
      errors.push_back(
          {{"TableName", name},
           {"ErrorDetail",
            {{"ErrorCode", kNotFound}, {"ErrorMessage", "Table " + name + " not found."}}}});
      continue;
    }
    partitions_[db].erase(name);
  }
  Value out = Value::object();
  if (!errors.empty()) out["Errors"] = errors;
  return Ok(out);
}

// ---- partitions ----

namespace {

// Checks a PartitionInput against its table; "" when fine.
std::string CheckPartition(const Value& table, const Value& pi) {
  if (!pi.is_object() || !pi.contains("Values") || !pi["Values"].is_array()) {
    return MissingMessage("partitionInput.values");
  }
  size_t keys = table.contains("PartitionKeys") ? table["PartitionKeys"].size() : 0;
  if (pi["Values"].size() != keys) {
    return "The number of partition keys do not match the number of partition values";
  }
  return "";
}

}  // namespace

void GlueService::AddPartitionIfMissing(const std::string& database, const std::string& table,
                                        const Value& partition_input,
                                        std::chrono::system_clock::time_point now) {
  auto& parts = partitions_[Lower(database)][Lower(table)];
  std::string key = PartitionKey(partition_input["Values"]);
  if (parts.count(key)) return;
  Value p = partition_input;
  p["DatabaseName"] = Lower(database);
  p["TableName"] = Lower(table);
  p["CreationTime"] = EpochSeconds(now);
  p["CatalogId"] = kSandboxAccountId;
  parts[key] = p;
}

namespace {

// Table-scoped requests: the lower-cased DatabaseName and TableName of `in`, or false with the
// InvalidInputException naming the first one missing in *error.
bool TableNames(const Value& in, const SandboxRequest& r, std::string* db, std::string* table,
                SandboxResponse* error) {
  *db = Lower(Str(in, "DatabaseName"));
  *table = Lower(Str(in, "TableName"));
  if (db->empty()) *error = Err(r, kInvalid, MissingMessage("databaseName"));
  if (!db->empty() && table->empty()) *error = Err(r, kInvalid, MissingMessage("tableName"));
  return !db->empty() && !table->empty();
}

}  // namespace

const Value* GlueService::ExistingTable(const SandboxRequest& r, const std::string& db,
                                        const std::string& table, SandboxResponse* error) {
  if (!databases_.count(db)) {
    *error = Err(r, kNotFound, "Database " + db + " not found.");
    return nullptr;
  }
  auto tables = tables_.find(db);
  if (tables != tables_.end()) {
    auto it = tables->second.find(table);
    if (it != tables->second.end()) return &it->second;
  }
  *error = Err(r, kNotFound, "Table " + table + " not found.");
  return nullptr;
}

SandboxResponse GlueService::CreatePartition(const Value& in, const SandboxRequest& r,
                                             SandboxContext& c) {
  std::string db, table;
  SandboxResponse error;
  if (!TableNames(in, r, &db, &table, &error)) return error;
  if (!in.contains("PartitionInput")) return Err(r, kInvalid, MissingMessage("partitionInput"));
  const Value* stored = ExistingTable(r, db, table, &error);
  if (stored == nullptr) return error;
  std::string e = CheckPartition(*stored, in["PartitionInput"]);
  if (!e.empty()) return Err(r, kInvalid, e);
  auto& parts = partitions_[db][table];
  if (parts.count(PartitionKey(in["PartitionInput"]["Values"]))) {
    return Err(r, kExists, "Partition already exists.");
  }
  AddPartitionIfMissing(db, table, in["PartitionInput"], c.Now());
  parts[PartitionKey(in["PartitionInput"]["Values"])]["CatalogId"] = std::string(kSandboxAccountId);
  return Ok(Value::object());
}

SandboxResponse GlueService::BatchCreatePartition(const Value& in, const SandboxRequest& r,
                                                  SandboxContext& c) {
  std::string db, table;
  SandboxResponse error;
  if (!TableNames(in, r, &db, &table, &error)) return error;
  if (!in.contains("PartitionInputList") || !in["PartitionInputList"].is_array()) {
    return Err(r, kInvalid, MissingMessage("partitionInputList"));
  }
  if (in["PartitionInputList"].size() > 100) {
    return Err(r, kInvalid,
               "1 validation error detected: Value at 'partitionInputList' failed to satisfy "
               "constraint: Member must have length less than or equal to 100");
  }
  const Value* stored = ExistingTable(r, db, table, &error);
  if (stored == nullptr) return error;
  auto& parts = partitions_[db][table];
  Value errors = Value::array();
  for (const auto& pi : in["PartitionInputList"]) {
    Value values = pi.is_object() ? pi.value("Values", Value::array()) : Value::array();
    std::string e = CheckPartition(*stored, pi);
    std::string code = kInvalid;
    if (e.empty() && parts.count(PartitionKey(values))) {
      code = kExists;
      e = "Partition already exists.";
    }
    if (!e.empty()) {
      errors.push_back({{"PartitionValues", values},
                        {"ErrorDetail", {{"ErrorCode", code}, {"ErrorMessage", e}}}});
      continue;
    }
    AddPartitionIfMissing(db, table, pi, c.Now());
    parts[PartitionKey(values)]["CatalogId"] = std::string(kSandboxAccountId);
  }
  Value out = Value::object();
  if (!errors.empty()) out["Errors"] = errors;
  return Ok(out);
}

SandboxResponse GlueService::GetPartition(const Value& in, const SandboxRequest& r,
                                          SandboxContext&) {
  std::string db, table;
  SandboxResponse error;
  if (!TableNames(in, r, &db, &table, &error)) return error;
  if (!in.contains("PartitionValues") || !in["PartitionValues"].is_array()) {
    return Err(r, kInvalid, MissingMessage("partitionValues"));
  }
  if (ExistingTable(r, db, table, &error) == nullptr) return error;
  auto& parts = partitions_[db][table];
  auto it = parts.find(PartitionKey(in["PartitionValues"]));
  if (it == parts.end()) return Err(r, kNotFound, "Cannot find partition.");
  return Ok({{"Partition", it->second}});
}

SandboxResponse GlueService::GetPartitions(const Value& in, const SandboxRequest& r,
                                           SandboxContext&) {
  std::string db, table;
  SandboxResponse error;
  if (!TableNames(in, r, &db, &table, &error)) return error;
  if (!Str(in, "Expression").empty()) {
    return Err(r, kInvalid, "Partition predicate expressions are not supported by this sandbox");
  }
  if (ExistingTable(r, db, table, &error) == nullptr) return error;
  const auto& parts = partitions_[db][table];
  glue::Page page;
  std::string bad_page;
  if (!glue::Paginate(parts, in, 1000, 1000, &page, &bad_page)) {
    return Err(r, kInvalid, bad_page);
  }
  bool exclude_columns = in.value("ExcludeColumnSchema", false);
  Value out = {{"Partitions", Value::array()}};
  for (const auto& k : page.keys) {
    Value p = parts.at(k);
    if (exclude_columns && p.contains("StorageDescriptor")) p["StorageDescriptor"].erase("Columns");
    out["Partitions"].push_back(p);
  }
  if (!page.next_token.empty()) out["NextToken"] = page.next_token;
  return Ok(out);
}

SandboxResponse GlueService::DeletePartition(const Value& in, const SandboxRequest& r,
                                             SandboxContext&) {
  std::string db, table;
  SandboxResponse error;
  if (!TableNames(in, r, &db, &table, &error)) return error;
  if (!in.contains("PartitionValues") || !in["PartitionValues"].is_array()) {
    return Err(r, kInvalid, MissingMessage("partitionValues"));
  }
  if (ExistingTable(r, db, table, &error) == nullptr) return error;
  if (!partitions_[db][table].erase(PartitionKey(in["PartitionValues"]))) {
    return Err(r, kNotFound, "Cannot find partition.");
  }
  return Ok(Value::object());
}

// ---- persistence ----

Value GlueService::Dump() const {
  Value out = {{"databases", Value::object()}, {"crawlers", Value::object()}};
  if (!jobs_.empty()) out["jobs"] = jobs_;
  for (const auto& [name, db] : databases_) {
    Value d = {{"database", db}, {"tables", Value::object()}};
    auto t = tables_.find(name);
    if (t != tables_.end()) {
      for (const auto& [tname, table] : t->second) {
        Value parts = Value::array();
        auto pdb = partitions_.find(name);
        if (pdb != partitions_.end()) {
          auto pt = pdb->second.find(tname);
          if (pt != pdb->second.end()) {
            for (const auto& [_, p] : pt->second) parts.push_back(p);
          }
        }
        d["tables"][tname] = {{"table", table}, {"partitions", parts}};
      }
    }
    out["databases"][name] = d;
  }
  auto millis = [](std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  };
  for (const auto& [name, cr] : crawlers_) {
    out["crawlers"][name] = {{"spec", cr.spec},
                             {"state", cr.state},
                             {"started_at_ms", millis(cr.started_at)},
                             {"stopping_until_ms", millis(cr.stopping_until)},
                             {"cancel", cr.cancel},
                             {"last_crawl", cr.last_crawl},
                             {"metrics", cr.metrics}};
  }
  return out;
}

Status GlueService::Load(const Value& state) {
  Reset();
  try {
    if (!state.is_object()) throw std::runtime_error("glue state is not an object");
    const Value dbs = state.value("databases", Value::object());
    for (auto& [name, d] : dbs.items()) {
      databases_[name] = d.at("database");
      const Value tables = d.value("tables", Value::object());
      for (auto& [tname, t] : tables.items()) {
        tables_[name][tname] = t.at("table");
        for (const auto& p : t.value("partitions", Value::array())) {
          partitions_[name][tname][PartitionKey(p.at("Values"))] = p;
        }
      }
    }
    auto from_ms = [](int64_t ms) {
      return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
    };
    jobs_ = state.value("jobs", Value::object()).get<std::map<std::string, Value>>();
    const Value crawlers = state.value("crawlers", Value::object());
    for (auto& [name, c] : crawlers.items()) {
      GlueCrawler cr;
      cr.spec = c.at("spec");
      cr.state = c.at("state").get<std::string>();
      cr.started_at = from_ms(c.value("started_at_ms", int64_t{0}));
      cr.stopping_until = from_ms(c.value("stopping_until_ms", int64_t{0}));
      cr.cancel = c.value("cancel", false);
      cr.last_crawl = c.value("last_crawl", Value());
      cr.metrics = c.value("metrics", Value::object());
      crawlers_[name] = cr;
    }
  } catch (const std::exception& e) {
    Reset();
    return Status::Corruption(std::string("glue state: ") + e.what());
  }
  return Status::Ok();
}

void GlueService::Reset() {
  databases_.clear();
  tables_.clear();
  partitions_.clear();
  crawlers_.clear();
  jobs_.clear();
}

std::unique_ptr<SandboxService> NewGlueService() {
  GlueServiceOptions options;
  auto env_ms = [](const char* name, std::chrono::milliseconds* out) {
    const char* ms = std::getenv(name);
    if (ms == nullptr) return;
    auto v = ParseInteger<long>(ms);
    if (v && *v >= 0) *out = std::chrono::milliseconds(*v);
  };
  env_ms("CAUSEWAY_SANDBOX_GLUE_CRAWL_MS", &options.run_time);
  env_ms("CAUSEWAY_SANDBOX_GLUE_STOPPING_MS", &options.stopping_time);
  return std::make_unique<GlueService>(options);
}
std::unique_ptr<SandboxService> NewGlueService(GlueServiceOptions options) {
  return std::make_unique<GlueService>(options);
}

}  // namespace causeway::sandbox

// Unity Catalog tables: create through REST (EXTERNAL DELTA tables only, as on Databricks; other
// formats are created with SQL through the Statement Execution API), list per catalog and schema
// (pages of at most 50, the OpenAPI's cap), get by full name, exists (as hosted Databricks'
// /tables/{full_name}/exists answers) and delete.
#include <set>
#include <utility>

#include "reconciler/core/ascii.h"
#include "sandbox/core/ids.h"
#include "sandbox/databricks/errors.h"
#include "sandbox/databricks/unity_catalog/paging.h"
#include "sandbox/databricks/unity_catalog/privileges.h"
#include "sandbox/databricks/unity_catalog/uc_fields.h"
#include "sandbox/databricks/unity_catalog/unity_catalog_service.h"

namespace causeway::sandbox {

namespace {

constexpr size_t kServerPageSize = 50;

// Checks `columns` (name and type per column) and numbers them; the error reply when malformed.
std::optional<SandboxResponse> ReadColumns(const Value& body, Value* columns) {
  *columns = Value::array();
  if (!body.contains("columns") || body["columns"].is_null()) return std::nullopt;
  if (!body["columns"].is_array()) return UcInvalid("Field columns must be a list of columns.");
  int position = 0;
  for (const Value& col : body["columns"]) {
    if (!col.is_object() || !col.contains("name") || !col["name"].is_string() ||
        col["name"].get<std::string>().empty()) {
      return UcInvalid("Every column needs a name.");
    }
    const std::string name = col["name"].get<std::string>();
    if (!col.contains("type_name") && !col.contains("type_text")) {
      return UcInvalid("Column '" + name + "' needs a type_name or type_text.");
    }
    Value out = col;
    if (!out.contains("position")) out["position"] = position;
    if (!out.contains("nullable")) out["nullable"] = true;
    if (!out.contains("type_text") && out["type_name"].is_string()) {
      out["type_text"] = Lower(out["type_name"].get<std::string>());
    }
    columns->push_back(out);
    ++position;
  }
  return std::nullopt;
}

}  // namespace

SandboxResponse UnityCatalogService::CreateTable(const SandboxRequest& r, const std::string&,
                                                 const Value& body, SandboxContext& c) {
  std::string name, catalog, schema;
  if (auto e = ReadUcName(body, "name", &name)) return *e;
  if (auto e = ReadUcName(body, "catalog_name", &catalog)) return *e;
  if (auto e = ReadUcName(body, "schema_name", &schema)) return *e;
  if (auto e = CheckUcStrings(
          body, {"table_type", "data_source_format", "storage_location", "comment"})) {
    return *e;
  }
  if (auto e = CheckUcProperties(body)) return *e;
  const std::string type = Upper(body.value("table_type", std::string()));
  const std::string format = Upper(body.value("data_source_format", std::string()));
  if (type != "EXTERNAL" || format != "DELTA") {
    return UcInvalid("Only EXTERNAL DELTA tables can be created through this API (got " +
                     (type.empty() ? std::string("no table_type") : type) + " " +
                     (format.empty() ? std::string("no data_source_format") : format) +
                     "); create other tables with SQL.");
  }
  return CreateExternalTable(r, body, c);
}

SandboxResponse UnityCatalogService::CreateTableFromSql(const SandboxRequest& caller,
                                                        const Value& body, SandboxContext& c) {
  static const std::set<std::string> kFormats = {"DELTA",   "CSV", "JSON", "AVRO",
                                                 "PARQUET", "ORC", "TEXT"};
  const std::string format = Upper(body.value("data_source_format", std::string()));
  if (!kFormats.count(format)) return UcInvalid("Unsupported data source format '" + format + "'.");
  return CreateExternalTable(caller, body, c);
}

const Value* UnityCatalogService::FindTable(const std::string& full_name) const {
  auto it = tables_.find(full_name);
  return it == tables_.end() ? nullptr : &it->second;
}

const Value* UnityCatalogService::FindSchema(const std::string& full_name) const {
  auto it = schemas_.find(full_name);
  return it == schemas_.end() ? nullptr : &it->second;
}

std::vector<const Value*> UnityCatalogService::TablesOf(const std::string& schema_full_name) const {
  std::vector<const Value*> out;
  const std::string prefix = schema_full_name + ".";
  for (auto it = tables_.lower_bound(prefix);
       it != tables_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    out.push_back(&it->second);
  }
  return out;
}

bool UnityCatalogService::DropTable(const std::string& full_name) {
  auto it = tables_.find(full_name);
  if (it == tables_.end()) return false;
  partitions_.erase(it->second.value("table_id", std::string()));
  tables_.erase(it);
  ForgetGrants(kUcTable, full_name);
  return true;
}

bool UnityCatalogService::ReplaceTable(const SandboxRequest& caller, SandboxContext& context,
                                       Value info) {
  auto it = tables_.find(info.value("full_name", std::string()));
  if (it == tables_.end()) return false;
  StampUcUpdated(caller, context, &info);
  it->second = std::move(info);
  return true;
}

std::set<std::string> UnityCatalogService::PartitionsOf(const std::string& table_id) const {
  auto it = partitions_.find(table_id);
  return it == partitions_.end() ? std::set<std::string>() : it->second;
}

void UnityCatalogService::SetPartitions(const std::string& table_id,
                                        std::set<std::string> partitions) {
  if (partitions.empty()) {
    partitions_.erase(table_id);
  } else {
    partitions_[table_id] = std::move(partitions);
  }
}

SandboxResponse UnityCatalogService::CreateExternalTable(const SandboxRequest& r, const Value& body,
                                                         SandboxContext& c) {
  std::string name, catalog, schema;
  if (auto e = ReadUcName(body, "name", &name)) return *e;
  if (auto e = ReadUcName(body, "catalog_name", &catalog)) return *e;
  if (auto e = ReadUcName(body, "schema_name", &schema)) return *e;
  const std::string type = Upper(body.value("table_type", std::string()));
  const std::string format = Upper(body.value("data_source_format", std::string()));
  if (type != "EXTERNAL") return UcInvalid("The sandbox emulates external tables only.");
  if (auto e = CheckUcStrings(body, {"storage_location", "comment"})) return *e;
  if (auto e = CheckUcProperties(body)) return *e;
  std::string location = body.value("storage_location", std::string());
  if (location.empty()) return UcInvalid("Missing required field: storage_location");
  while (location.size() > 1 && location.back() == '/') location.pop_back();
  Value columns;
  if (auto e = ReadColumns(body, &columns)) return *e;
  if (!catalogs_.count(catalog)) return UcNotFound("Catalog", catalog);
  const std::string schema_full_name = catalog + "." + schema;
  if (!schemas_.count(schema_full_name)) return UcNotFound("Schema", schema_full_name);
  const std::string full_name = schema_full_name + "." + name;
  if (tables_.count(full_name)) return UcAlreadyExists("Table", full_name);
  Value info = {{"name", name},
                {"catalog_name", catalog},
                {"schema_name", schema},
                {"full_name", full_name},
                {"table_type", type},
                {"data_source_format", format},
                {"columns", columns},
                {"storage_location", location},
                {"table_id", NewUuid()},
                {"metastore_id", kSandboxMetastoreId},
                {"securable_type", "TABLE"},
                {"browse_only", false}};
  CopyUcFields(body, {"comment", "properties"}, &info);
  StampUcCreated(r, c, &info);
  tables_[full_name] = info;
  return DatabricksJson(info);
}

SandboxResponse UnityCatalogService::ListTables(const SandboxRequest& r, const std::string&,
                                                const Value&, SandboxContext&) {
  const std::string catalog = Lower(r.QueryParam("catalog_name"));
  const std::string schema = Lower(r.QueryParam("schema_name"));
  if (catalog.empty()) return UcInvalid("Missing required field: catalog_name");
  if (schema.empty()) return UcInvalid("Missing required field: schema_name");
  if (!catalogs_.count(catalog)) return UcNotFound("Catalog", catalog);
  const std::string schema_full_name = catalog + "." + schema;
  if (!schemas_.count(schema_full_name)) return UcNotFound("Schema", schema_full_name);
  UcPage page;
  if (auto e = ReadUcPage(r, kServerPageSize, &page)) return *e;
  return DatabricksJson(UcListPage(tables_, schema_full_name + ".", page, "tables",
                                   [](const Value& v) { return v; }));
}

SandboxResponse UnityCatalogService::GetTable(const SandboxRequest&, const std::string& param,
                                              const Value&, SandboxContext&) {
  auto it = tables_.find(Lower(param));
  if (it == tables_.end()) return UcNotFound("Table", param);
  return DatabricksJson(it->second);
}

SandboxResponse UnityCatalogService::TableExists(const SandboxRequest&, const std::string& param,
                                                 const Value&, SandboxContext&) {
  const std::string full_name = Lower(param.substr(0, param.rfind('/')));
  const size_t dot = full_name.rfind('.');
  const std::string schema_full_name = dot == std::string::npos ? "" : full_name.substr(0, dot);
  if (!schemas_.count(schema_full_name)) return UcNotFound("Schema", schema_full_name);
  return DatabricksJson({{"table_exists", tables_.count(full_name) > 0}});
}

SandboxResponse UnityCatalogService::DeleteTable(const SandboxRequest&, const std::string& param,
                                                 const Value&, SandboxContext&) {
  if (!DropTable(Lower(param))) return UcNotFound("Table", param);
  return DatabricksJson(Value::object());
}

}  // namespace causeway::sandbox

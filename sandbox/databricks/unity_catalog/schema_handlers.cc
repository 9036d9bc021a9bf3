// Unity Catalog schemas: create in an existing catalog, list per catalog, get, update (comment,
// properties, owner, new_name within the catalog) and delete (refused while it holds tables,
// unless force=true). The auto-created information_schema cannot be changed or dropped.
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

constexpr size_t kServerPageSize = 1000;

bool IsInformationSchema(const std::string& full_name) {
  return full_name.size() > 19 &&
         full_name.compare(full_name.size() - 19, 19, ".information_schema") == 0;
}

SandboxResponse SystemSchemaRefused(const std::string& full_name) {
  return DatabricksError(
      kDbxPermissionDenied,
      "Schema '" + full_name + "' is a system schema; it cannot be modified or deleted.");
}

}  // namespace

SandboxResponse UnityCatalogService::CreateSchema(const SandboxRequest& r, const std::string&,
                                                  const Value& body, SandboxContext& c) {
  std::string name, catalog;
  if (auto e = ReadUcName(body, "name", &name)) return *e;
  if (auto e = ReadUcName(body, "catalog_name", &catalog)) return *e;
  if (auto e = CheckUcStrings(body, {"comment", "storage_root"})) return *e;
  if (auto e = CheckUcProperties(body)) return *e;
  if (!catalogs_.count(catalog)) return UcNotFound("Catalog", catalog);
  const std::string full_name = catalog + "." + name;
  if (schemas_.count(full_name)) return UcAlreadyExists("Schema", full_name);
  Value info = {{"name", name},
                {"catalog_name", catalog},
                {"full_name", full_name},
                {"schema_id", NewUuid()},
                {"metastore_id", kSandboxMetastoreId},
                {"catalog_type", "MANAGED_CATALOG"},
                {"securable_type", "SCHEMA"},
                {"browse_only", false}};
  CopyUcFields(body, {"comment", "storage_root", "properties"}, &info);
  if (info.contains("storage_root")) {
    std::string root = info["storage_root"].get<std::string>();
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    info["storage_root"] = root;
    info["storage_location"] =
        root + "/__unitystorage/schemas/" + info["schema_id"].get<std::string>();
  }
  StampUcCreated(r, c, &info);
  schemas_[full_name] = info;
  return DatabricksJson(info);
}

SandboxResponse UnityCatalogService::ListSchemas(const SandboxRequest& r, const std::string&,
                                                 const Value&, SandboxContext&) {
  const std::string catalog = Lower(r.QueryParam("catalog_name"));
  if (catalog.empty()) return UcInvalid("Missing required field: catalog_name");
  if (!catalogs_.count(catalog)) return UcNotFound("Catalog", catalog);
  UcPage page;
  if (auto e = ReadUcPage(r, kServerPageSize, &page)) return *e;
  return DatabricksJson(
      UcListPage(schemas_, catalog + ".", page, "schemas", [](const Value& v) { return v; }));
}

SandboxResponse UnityCatalogService::GetSchema(const SandboxRequest&, const std::string& param,
                                               const Value&, SandboxContext&) {
  auto it = schemas_.find(Lower(param));
  if (it == schemas_.end()) return UcNotFound("Schema", param);
  return DatabricksJson(it->second);
}

SandboxResponse UnityCatalogService::UpdateSchema(const SandboxRequest& r, const std::string& param,
                                                  const Value& body, SandboxContext& c) {
  const std::string full_name = Lower(param);
  auto it = schemas_.find(full_name);
  if (it == schemas_.end()) return UcNotFound("Schema", param);
  if (IsInformationSchema(full_name)) return SystemSchemaRefused(full_name);
  if (auto e = CheckUcStrings(body, {"comment", "owner", "new_name"})) return *e;
  if (auto e = CheckUcProperties(body)) return *e;
  const std::string catalog = it->second["catalog_name"].get<std::string>();
  std::string new_full_name = full_name;
  if (body.contains("new_name") && body["new_name"].is_string()) {
    std::string new_name;
    if (auto e = ReadUcName(body, "new_name", &new_name)) return *e;
    new_full_name = catalog + "." + new_name;
    if (new_full_name != full_name && schemas_.count(new_full_name)) {
      return UcAlreadyExists("Schema", new_full_name);
    }
  }
  Value info = it->second;
  CopyUcFields(body, {"comment", "properties", "owner"}, &info);
  StampUcUpdated(r, c, &info);
  if (new_full_name != full_name) {
    schemas_.erase(it);
    info["name"] = new_full_name.substr(catalog.size() + 1);
    info["full_name"] = new_full_name;
    RenameKeys(&tables_, full_name + ".", new_full_name + ".");
    for (auto t = tables_.lower_bound(new_full_name + ".");
         t != tables_.end() && t->first.rfind(new_full_name + ".", 0) == 0; ++t) {
      t->second["schema_name"] = info["name"];
      t->second["full_name"] = t->first;
    }
    MoveGrants(kUcSchema, full_name, new_full_name);
  }
  schemas_[new_full_name] = info;
  return DatabricksJson(info);
}

SandboxResponse UnityCatalogService::DeleteSchema(const SandboxRequest& r, const std::string& param,
                                                  const Value&, SandboxContext&) {
  const std::string full_name = Lower(param);
  if (!schemas_.count(full_name)) return UcNotFound("Schema", param);
  if (IsInformationSchema(full_name)) return SystemSchemaRefused(full_name);
  const std::string prefix = full_name + ".";
  auto first = tables_.lower_bound(prefix);
  bool has_tables = first != tables_.end() && first->first.rfind(prefix, 0) == 0;
  if (has_tables && !UcForce(r)) {
    return UcInvalid("Schema '" + full_name +
                     "' is not empty; delete its tables first or use force=true.");
  }
  while (first != tables_.end() && first->first.rfind(prefix, 0) == 0) {
    first = tables_.erase(first);
  }
  schemas_.erase(full_name);
  ForgetGrants(kUcSchema, full_name);
  return DatabricksJson(Value::object());
}

}  // namespace causeway::sandbox

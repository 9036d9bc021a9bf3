// Unity Catalog catalogs: create (with the "default" and "information_schema" schemas Databricks
// adds), list, get, update (comment, properties, owner, isolation_mode, new_name) and delete
// (refused while the catalog holds schemas of its own or tables, unless force=true).
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

// The schemas Databricks creates with every catalog.
Value AutoSchema(const std::string& catalog, const std::string& name, const SandboxRequest& r,
                 SandboxContext& c) {
  Value info = {{"name", name},
                {"catalog_name", catalog},
                {"full_name", catalog + "." + name},
                {"schema_id", NewUuid()},
                {"metastore_id", kSandboxMetastoreId},
                {"catalog_type", "MANAGED_CATALOG"},
                {"securable_type", "SCHEMA"},
                {"browse_only", false}};
  StampUcCreated(r, c, &info);
  if (name == "information_schema") {
    info["comment"] = "Information schema (auto-created)";
    info["owner"] = "System user";
    info["created_by"] = "System user";
    info["updated_by"] = "System user";
  } else {
    info["comment"] = "Default schema (auto-created)";
  }
  return info;
}

std::string WithoutTrailingSlash(std::string url) {
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

SandboxResponse UnityCatalogService::CreateCatalog(const SandboxRequest& r, const std::string&,
                                                   const Value& body, SandboxContext& c) {
  std::string name;
  if (auto e = ReadUcName(body, "name", &name)) return *e;
  if (auto e = CheckUcStrings(body, {"comment", "storage_root"})) return *e;
  if (auto e = CheckUcProperties(body)) return *e;
  if (catalogs_.count(name)) return UcAlreadyExists("Catalog", name);
  Value info = {{"name", name},
                {"full_name", name},
                {"id", NewUuid()},
                {"metastore_id", kSandboxMetastoreId},
                {"catalog_type", "MANAGED_CATALOG"},
                {"isolation_mode", "OPEN"},
                {"securable_type", "CATALOG"},
                {"browse_only", false}};
  CopyUcFields(body, {"comment", "storage_root", "properties"}, &info);
  if (info.contains("storage_root")) {
    info["storage_root"] = WithoutTrailingSlash(info["storage_root"].get<std::string>());
    info["storage_location"] = info["storage_root"].get<std::string>() +
                               "/__unitystorage/catalogs/" + info["id"].get<std::string>();
  }
  StampUcCreated(r, c, &info);
  catalogs_[name] = info;
  for (const char* schema : {"default", "information_schema"}) {
    schemas_[name + "." + schema] = AutoSchema(name, schema, r, c);
  }
  return DatabricksJson(info);
}

SandboxResponse UnityCatalogService::ListCatalogs(const SandboxRequest& r, const std::string&,
                                                  const Value&, SandboxContext&) {
  UcPage page;
  if (auto e = ReadUcPage(r, kServerPageSize, &page)) return *e;
  return DatabricksJson(
      UcListPage(catalogs_, "", page, "catalogs", [](const Value& v) { return v; }));
}

SandboxResponse UnityCatalogService::GetCatalog(const SandboxRequest&, const std::string& name,
                                                const Value&, SandboxContext&) {
  auto it = catalogs_.find(Lower(name));
  if (it == catalogs_.end()) return UcNotFound("Catalog", name);
  return DatabricksJson(it->second);
}

SandboxResponse UnityCatalogService::UpdateCatalog(const SandboxRequest& r,
                                                   const std::string& param, const Value& body,
                                                   SandboxContext& c) {
  const std::string name = Lower(param);
  auto it = catalogs_.find(name);
  if (it == catalogs_.end()) return UcNotFound("Catalog", param);
  if (auto e = CheckUcStrings(body, {"comment", "owner", "isolation_mode", "new_name"})) return *e;
  if (auto e = CheckUcProperties(body)) return *e;
  const std::string mode = body.value("isolation_mode", std::string());
  if (!mode.empty() && mode != "OPEN" && mode != "ISOLATED") {
    return UcInvalid("isolation_mode must be OPEN or ISOLATED, got '" + mode + "'.");
  }
  std::string new_name = name;
  if (body.contains("new_name") && body["new_name"].is_string()) {
    if (auto e = ReadUcName(body, "new_name", &new_name)) return *e;
    if (new_name != name && catalogs_.count(new_name)) {
      return UcAlreadyExists("Catalog", new_name);
    }
  }
  Value info = it->second;
  CopyUcFields(body, {"comment", "properties", "owner"}, &info);
  if (!mode.empty()) info["isolation_mode"] = mode;
  StampUcUpdated(r, c, &info);
  if (new_name != name) {
    catalogs_.erase(it);
    info["name"] = new_name;
    info["full_name"] = new_name;
    RenameKeys(&schemas_, name + ".", new_name + ".");
    RenameKeys(&tables_, name + ".", new_name + ".");
    for (auto* items : {&schemas_, &tables_}) {
      for (auto s = items->lower_bound(new_name + ".");
           s != items->end() && s->first.rfind(new_name + ".", 0) == 0; ++s) {
        s->second["catalog_name"] = new_name;
        s->second["full_name"] = s->first;
      }
    }
    MoveGrants(kUcCatalog, name, new_name);
  }
  catalogs_[new_name] = info;
  return DatabricksJson(info);
}

SandboxResponse UnityCatalogService::DeleteCatalog(const SandboxRequest& r,
                                                   const std::string& param, const Value&,
                                                   SandboxContext&) {
  const std::string name = Lower(param);
  if (!catalogs_.count(name)) return UcNotFound("Catalog", param);
  const std::string prefix = name + ".";
  size_t own_schemas = 0, tables = 0;
  for (auto s = schemas_.lower_bound(prefix); s != schemas_.end() && s->first.rfind(prefix, 0) == 0;
       ++s) {
    if (s->first != prefix + "default" && s->first != prefix + "information_schema") {
      ++own_schemas;
    }
  }
  for (auto t = tables_.lower_bound(prefix); t != tables_.end() && t->first.rfind(prefix, 0) == 0;
       ++t) {
    ++tables;
  }
  if ((own_schemas > 0 || tables > 0) && !UcForce(r)) {
    return UcInvalid("Catalog '" + name + "' is not empty. The catalog has " +
                     std::to_string(own_schemas) + " schema(s) (excluding default) and " +
                     std::to_string(tables) + " table(s); delete them or use force=true.");
  }
  for (auto* items : {&schemas_, &tables_}) {
    for (auto s = items->lower_bound(prefix);
         s != items->end() && s->first.rfind(prefix, 0) == 0;) {
      s = items->erase(s);
    }
  }
  catalogs_.erase(name);
  ForgetGrants(kUcCatalog, name);
  return DatabricksJson(Value::object());
}

}  // namespace causeway::sandbox

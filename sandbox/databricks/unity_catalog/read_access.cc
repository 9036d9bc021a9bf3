// Grants enforced on reads, as Unity Catalog enforces them for a caller who is not a metastore
// admin: a catalog is visible with USE_CATALOG on it (or owning it); a schema with USE_CATALOG on
// its catalog and USE_SCHEMA on the schema or its catalog (or owning either); a table with both
// and SELECT on the table, its schema or its catalog (or owning one of them). ALL_PRIVILEGES
// holds every privilege; grants to "account users" hold for every user. GET of something not
// visible is PERMISSION_DENIED (403) with Databricks' "User does not have <PRIVILEGE> on <Kind>
// '<name>'." message; lists leave out what is not visible (a page may then be shorter than
// max_results, or empty with a next_page_token, which Databricks also allows).
// Not checked yet: writes and grants by non-admins, and reads of storage credentials and external
// locations (a non-admin sees them all).
#include <utility>

#include "reconciler/core/ascii.h"
#include "sandbox/databricks/errors.h"
#include "sandbox/databricks/unity_catalog/privileges.h"
#include "sandbox/databricks/unity_catalog/unity_catalog_service.h"

namespace causeway::sandbox {

namespace {

constexpr char kAccountUsers[] = "account users";

std::string CatalogOf(const std::string& full_name) {
  return full_name.substr(0, full_name.find('.'));
}

std::string SchemaOf(const std::string& table_full_name) {
  return table_full_name.substr(0, table_full_name.rfind('.'));
}

}  // namespace

bool UnityCatalogService::Owns(const Principal& who, const std::map<std::string, Value>& items,
                               const std::string& key) const {
  auto it = items.find(key);
  return it != items.end() && it->second.value("owner", std::string()) == who.name;
}

bool UnityCatalogService::Holds(const Principal& who, const std::string& type,
                                const std::string& full_name, const std::string& privilege) const {
  auto grants = grants_.find(GrantKey(type, full_name));
  if (grants == grants_.end()) return false;
  for (const std::string& principal : {who.name, std::string(kAccountUsers)}) {
    auto held = grants->second.find(principal);
    if (held != grants->second.end() &&
        (held->second.count(privilege) || held->second.count("ALL_PRIVILEGES"))) {
      return true;
    }
  }
  return false;
}

std::string UnityCatalogService::MissingOnCatalog(const Principal& who,
                                                  const std::string& catalog) const {
  if (who.role == kUcMetastoreAdminRole || Owns(who, catalogs_, catalog)) return "";
  if (Holds(who, kUcCatalog, catalog, "USE_CATALOG")) return "";
  return "User does not have USE CATALOG on Catalog '" + catalog + "'.";
}

std::string UnityCatalogService::MissingOnSchema(const Principal& who,
                                                 const std::string& schema) const {
  const std::string catalog = CatalogOf(schema);
  if (std::string missing = MissingOnCatalog(who, catalog); !missing.empty()) return missing;
  if (who.role == kUcMetastoreAdminRole || Owns(who, catalogs_, catalog) ||
      Owns(who, schemas_, schema)) {
    return "";
  }
  if (Holds(who, kUcCatalog, catalog, "USE_SCHEMA") ||
      Holds(who, kUcSchema, schema, "USE_SCHEMA")) {
    return "";
  }
  return "User does not have USE SCHEMA on Schema '" + schema + "'.";
}

std::string UnityCatalogService::MissingOnTable(const Principal& who,
                                                const std::string& table) const {
  const std::string schema = SchemaOf(table), catalog = CatalogOf(table);
  if (std::string missing = MissingOnSchema(who, schema); !missing.empty()) return missing;
  if (who.role == kUcMetastoreAdminRole || Owns(who, catalogs_, catalog) ||
      Owns(who, schemas_, schema) || Owns(who, tables_, table)) {
    return "";
  }
  if (Holds(who, kUcCatalog, catalog, "SELECT") || Holds(who, kUcSchema, schema, "SELECT") ||
      Holds(who, kUcTable, table, "SELECT")) {
    return "";
  }
  return "User does not have SELECT on Table '" + table + "'.";
}

std::optional<SandboxResponse> UnityCatalogService::CheckRead(const SandboxRequest& r,
                                                              const std::string& param) const {
  if (r.principal.role == kUcMetastoreAdminRole) return std::nullopt;
  const std::string name = Lower(param);
  std::string missing;
  if (r.operation == "GetCatalog" && catalogs_.count(name)) {
    missing = MissingOnCatalog(r.principal, name);
  } else if (r.operation == "GetSchema" && schemas_.count(name)) {
    missing = MissingOnSchema(r.principal, name);
  } else if (r.operation == "GetTable" && tables_.count(name)) {
    missing = MissingOnTable(r.principal, name);
  } else if (r.operation == "ListSchemas" && catalogs_.count(Lower(r.QueryParam("catalog_name")))) {
    missing = MissingOnCatalog(r.principal, Lower(r.QueryParam("catalog_name")));
  } else if (r.operation == "ListTables") {
    const std::string schema =
        Lower(r.QueryParam("catalog_name") + "." + r.QueryParam("schema_name"));
    if (schemas_.count(schema)) missing = MissingOnSchema(r.principal, schema);
  }
  if (missing.empty()) return std::nullopt;
  return DatabricksError(kDbxPermissionDenied, missing);
}

void UnityCatalogService::FilterList(const SandboxRequest& r, SandboxResponse* reply) const {
  if (r.principal.role == kUcMetastoreAdminRole || reply->status != 200) return;
  const char* field = nullptr;
  std::string (UnityCatalogService::*missing)(const Principal&, const std::string&) const = nullptr;
  if (r.operation == "ListCatalogs") {
    field = "catalogs";
    missing = &UnityCatalogService::MissingOnCatalog;
  } else if (r.operation == "ListSchemas") {
    field = "schemas";
    missing = &UnityCatalogService::MissingOnSchema;
  } else if (r.operation == "ListTables") {
    field = "tables";
    missing = &UnityCatalogService::MissingOnTable;
  } else {
    return;
  }
  Value body = Value::parse(reply->body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains(field) || !body[field].is_array()) return;
  Value kept = Value::array();
  for (auto& item : body[field]) {
    const std::string full_name = Lower(item.value("full_name", item.value("name", std::string())));
    if ((this->*missing)(r.principal, full_name).empty()) kept.push_back(std::move(item));
  }
  body[field] = std::move(kept);
  reply->body = body.dump();
}

}  // namespace causeway::sandbox

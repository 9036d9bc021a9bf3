// Unity Catalog emulator: path routing, state dump/load, grant bookkeeping shared by handlers.
#include "sandbox/databricks/unity_catalog/unity_catalog_service.h"

#include <utility>

#include "sandbox/core/url_encoding.h"
#include "sandbox/databricks/errors.h"
#include "sandbox/databricks/unity_catalog/privileges.h"

namespace causeway::sandbox {

namespace {

constexpr char kPrefix[] = "/api/2.1/unity-catalog/";

struct UcPath {
  std::string collection;  // "catalogs", "storage-credentials", ...
  std::string rest;        // decoded path after "<collection>/"; "" for the collection
};

UcPath ParseUcPath(const std::string& path) {
  UcPath out;
  std::string tail = path.substr(std::string(kPrefix).size());
  size_t slash = tail.find('/');
  out.collection = tail.substr(0, slash);
  if (slash != std::string::npos) out.rest = UrlDecode(tail.substr(slash + 1), false);
  while (!out.rest.empty() && out.rest.back() == '/') out.rest.pop_back();
  return out;
}

// The singular and plural operation nouns of each collection.
struct Noun {
  const char* one;
  const char* many;
};

const std::map<std::string, Noun>& Nouns() {
  static const std::map<std::string, Noun> kNouns = {
      {"catalogs", {"Catalog", "Catalogs"}},
      {"schemas", {"Schema", "Schemas"}},
      {"tables", {"Table", "Tables"}},
      {"storage-credentials", {"StorageCredential", "StorageCredentials"}},
      {"external-locations", {"ExternalLocation", "ExternalLocations"}},
  };
  return kNouns;
}

// The state sections, in Dump() order.
constexpr const char* kSections[] = {"catalogs", "schemas", "tables", "storage_credentials",
                                     "external_locations"};

}  // namespace

const UnityCatalogService::Operations_& UnityCatalogService::Table() {
  using S = UnityCatalogService;
  static const Operations_ table = {
      {"CreateCatalog", &S::CreateCatalog},
      {"ListCatalogs", &S::ListCatalogs},
      {"GetCatalog", &S::GetCatalog},
      {"UpdateCatalog", &S::UpdateCatalog},
      {"DeleteCatalog", &S::DeleteCatalog},
      {"CreateSchema", &S::CreateSchema},
      {"ListSchemas", &S::ListSchemas},
      {"GetSchema", &S::GetSchema},
      {"UpdateSchema", &S::UpdateSchema},
      {"DeleteSchema", &S::DeleteSchema},
      {"CreateTable", &S::CreateTable},
      {"ListTables", &S::ListTables},
      {"GetTable", &S::GetTable},
      {"TableExists", &S::TableExists},
      {"DeleteTable", &S::DeleteTable},
      {"CreateStorageCredential", &S::CreateStorageCredential},
      {"ListStorageCredentials", &S::ListStorageCredentials},
      {"GetStorageCredential", &S::GetStorageCredential},
      {"UpdateStorageCredential", &S::UpdateStorageCredential},
      {"DeleteStorageCredential", &S::DeleteStorageCredential},
      {"CreateExternalLocation", &S::CreateExternalLocation},
      {"ListExternalLocations", &S::ListExternalLocations},
      {"GetExternalLocation", &S::GetExternalLocation},
      {"UpdateExternalLocation", &S::UpdateExternalLocation},
      {"DeleteExternalLocation", &S::DeleteExternalLocation},
      {"GetPermissions", &S::GetPermissions},
      {"UpdatePermissions", &S::UpdatePermissions},
  };
  return table;
}

std::vector<std::string> UnityCatalogService::Operations() const { return Table().Operations(); }

std::string UnityCatalogService::OperationName(const SandboxRequest& r) const {
  if (r.path.rfind(kPrefix, 0) != 0) return "";
  UcPath p = ParseUcPath(r.path);
  if (p.collection == "permissions") {
    if (p.rest.empty()) return "";
    if (r.method == "GET") return "GetPermissions";
    if (r.method == "PATCH") return "UpdatePermissions";
    return "";
  }
  auto noun = Nouns().find(p.collection);
  if (noun == Nouns().end()) return "";
  const std::string kExists = "/exists";
  if (p.collection == "tables" && p.rest.size() > kExists.size() &&
      p.rest.compare(p.rest.size() - kExists.size(), kExists.size(), kExists) == 0) {
    return r.method == "GET" ? "TableExists" : "";
  }
  std::string op;
  if (p.rest.empty()) {
    if (r.method == "POST") op = std::string("Create") + noun->second.one;
    if (r.method == "GET") op = std::string("List") + noun->second.many;
  } else {
    if (r.method == "GET") op = std::string("Get") + noun->second.one;
    if (r.method == "PATCH") op = std::string("Update") + noun->second.one;
    if (r.method == "DELETE") op = std::string("Delete") + noun->second.one;
  }
  return Table().Find(op) != nullptr ? op : "";
}

SandboxResponse UnityCatalogService::Handle(const SandboxRequest& r, SandboxContext& c) {
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
  const std::string param = ParseUcPath(r.path).rest;
  if (auto denied = CheckRead(r, param)) return *denied;
  try {
    SandboxResponse reply = (this->*handler)(r, param, body, c);
    FilterList(r, &reply);
    return reply;
  } catch (const nlohmann::json::exception& e) {
    return DatabricksError(kDbxMalformedRequest, std::string("Malformed request: ") + e.what());
  }
}

std::string UnityCatalogService::GrantKey(const std::string& type, const std::string& full_name) {
  return type + "/" + full_name;
}

void UnityCatalogService::RenameKeys(std::map<std::string, Value>* items, const std::string& from,
                                     const std::string& to) {
  std::map<std::string, Value> moved;
  for (auto it = items->lower_bound(from);
       it != items->end() && it->first.compare(0, from.size(), from) == 0;) {
    moved[to + it->first.substr(from.size())] = std::move(it->second);
    it = items->erase(it);
  }
  for (auto& [key, value] : moved) (*items)[key] = std::move(value);
}

void UnityCatalogService::ForgetGrants(const std::string& type, const std::string& full_name) {
  grants_.erase(GrantKey(type, full_name));
  // What lies inside a catalog or schema is named "<full_name>.<...>".
  for (const char* inner : {kUcSchema, kUcTable}) {
    if (type != kUcCatalog && type != kUcSchema) break;
    const std::string prefix = GrantKey(inner, full_name + ".");
    for (auto it = grants_.lower_bound(prefix);
         it != grants_.end() && it->first.compare(0, prefix.size(), prefix) == 0;) {
      it = grants_.erase(it);
    }
  }
}

void UnityCatalogService::MoveGrants(const std::string& type, const std::string& from,
                                     const std::string& to) {
  auto node = grants_.extract(GrantKey(type, from));
  if (!node.empty()) {
    node.key() = GrantKey(type, to);
    grants_.insert(std::move(node));
  }
  for (const char* inner : {kUcSchema, kUcTable}) {
    if (type != kUcCatalog && type != kUcSchema) break;
    const std::string prefix = GrantKey(inner, from + ".");
    std::vector<std::string> keys;
    for (auto it = grants_.lower_bound(prefix);
         it != grants_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
      keys.push_back(it->first);
    }
    for (const auto& key : keys) {
      auto n = grants_.extract(key);
      n.key() = GrantKey(inner, to + "." + key.substr(prefix.size()));
      grants_.insert(std::move(n));
    }
  }
}

Value UnityCatalogService::Dump() const {
  Value out = Value::object();
  const std::map<std::string, Value>* maps[] = {&catalogs_, &schemas_, &tables_, &credentials_,
                                                &locations_};
  for (size_t i = 0; i < std::size(kSections); ++i) out[kSections[i]] = Value(*maps[i]);
  Value grants = Value::object();
  for (const auto& [key, principals] : grants_) {
    Value p = Value::object();
    for (const auto& [principal, privileges] : principals) p[principal] = Value(privileges);
    grants[key] = p;
  }
  out["grants"] = grants;
  Value partitions = Value::object();
  for (const auto& [table_id, specs] : partitions_) partitions[table_id] = Value(specs);
  out["partitions"] = partitions;
  return out;
}

Status UnityCatalogService::Load(const Value& state) {
  Reset();
  std::map<std::string, Value>* maps[] = {&catalogs_, &schemas_, &tables_, &credentials_,
                                          &locations_};
  try {
    for (size_t i = 0; i < std::size(kSections); ++i) {
      if (!state.contains(kSections[i])) continue;
      for (const auto& [key, info] : state.at(kSections[i]).items()) {
        if (!info.is_object() || !info.at("name").is_string()) {
          throw Value::other_error::create(501, "object without a name: " + key, nullptr);
        }
        (*maps[i])[key] = info;
      }
    }
    if (state.contains("grants")) {
      for (const auto& [key, principals] : state.at("grants").items()) {
        for (const auto& [principal, privileges] : principals.items()) {
          grants_[key][principal] = privileges.get<std::set<std::string>>();
        }
      }
    }
    if (state.contains("partitions")) {
      std::set<std::string> ids;
      for (const auto& [_, table] : tables_) ids.insert(table.value("table_id", std::string()));
      for (const auto& [table_id, specs] : state.at("partitions").items()) {
        // Partitions of tables dropped with their schema or catalog are not kept.
        if (ids.count(table_id)) partitions_[table_id] = specs.get<std::set<std::string>>();
      }
    }
  } catch (const nlohmann::json::exception& e) {
    Reset();
    return Status::Corruption(std::string("unitycatalog state: ") + e.what());
  }
  return Status::Ok();
}

void UnityCatalogService::Reset() {
  catalogs_.clear();
  schemas_.clear();
  tables_.clear();
  credentials_.clear();
  locations_.clear();
  grants_.clear();
  partitions_.clear();
}

std::unique_ptr<SandboxService> NewUnityCatalogService() {
  return std::make_unique<UnityCatalogService>();
}

}  // namespace causeway::sandbox

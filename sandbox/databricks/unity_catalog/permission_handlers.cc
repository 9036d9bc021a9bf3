// Unity Catalog permissions: GET and PATCH /permissions/{securable_type}/{full_name}, direct
// grants only. Securable types and privileges are read in any case and spelling (privileges.h)
// and answered in Databricks' spelling; a privilege that does not apply to the securable is
// refused. Removing ALL_PRIVILEGES from a principal clears the principal, as Databricks does.
// GET pages over principals (max_results 0 = the server's page size; 1-149 are refused, as on
// Databricks).
#include <utility>

#include "reconciler/core/ascii.h"
#include "sandbox/databricks/errors.h"
#include "sandbox/databricks/unity_catalog/paging.h"
#include "sandbox/databricks/unity_catalog/privileges.h"
#include "sandbox/databricks/unity_catalog/uc_fields.h"
#include "sandbox/databricks/unity_catalog/unity_catalog_service.h"

namespace causeway::sandbox {

namespace {

constexpr size_t kServerPageSize = 1000;
constexpr int64_t kSmallestPage = 150;

struct Securable {
  std::string type;       // canonical
  std::string full_name;  // lower case
};

// Reads "<type>/<full_name>"; the error reply when the type is not one the sandbox keeps.
std::optional<SandboxResponse> ReadSecurable(const std::string& param, Securable* out) {
  size_t slash = param.find('/');
  if (slash == std::string::npos || slash + 1 == param.size()) {
    return UcInvalid("Expected /permissions/<securable_type>/<full_name>, got '" + param + "'.");
  }
  out->type = CanonicalSecurableType(param.substr(0, slash));
  out->full_name = Lower(param.substr(slash + 1));
  if (out->type.empty()) {
    return UcInvalid("Invalid securable type '" + param.substr(0, slash) +
                     "': the sandbox keeps grants on catalog, schema, table, external_location "
                     "and storage_credential.");
  }
  return std::nullopt;
}

// The name Databricks gives a securable type in messages ("External Location").
std::string KindOf(const std::string& type) {
  std::string out;
  bool upper = true;
  for (char ch : type) {
    if (ch == '_') {
      out += ' ';
      upper = true;
    } else {
      out += upper ? Upper(std::string(1, ch)) : std::string(1, ch);
      upper = false;
    }
  }
  return out;
}

}  // namespace

SandboxResponse UnityCatalogService::GetPermissions(const SandboxRequest& r,
                                                    const std::string& param, const Value&,
                                                    SandboxContext&) {
  Securable s;
  if (auto e = ReadSecurable(param, &s)) return *e;
  const std::map<std::string, Value>* kept[] = {&catalogs_, &schemas_, &tables_, &locations_,
                                                &credentials_};
  const char* types[] = {kUcCatalog, kUcSchema, kUcTable, kUcExternalLocation,
                         kUcStorageCredential};
  for (size_t i = 0; i < std::size(types); ++i) {
    if (s.type == types[i] && !kept[i]->count(s.full_name)) {
      return UcNotFound(KindOf(s.type), s.full_name);
    }
  }
  if (r.HasQueryParam("max_results")) {
    auto n = ParseInteger<int64_t>(r.QueryParam("max_results"));
    if (n && *n > 0 && *n < kSmallestPage) {
      return UcInvalid("max_results must be 0 or at least 150, got " + std::to_string(*n) + ".");
    }
  }
  UcPage page;
  if (auto e = ReadUcPage(r, kServerPageSize, &page)) return *e;
  std::map<std::string, Value> assignments;
  auto it = grants_.find(GrantKey(s.type, s.full_name));
  if (it != grants_.end()) {
    const std::string only = r.QueryParam("principal");
    for (const auto& [principal, privileges] : it->second) {
      if (!only.empty() && principal != only) continue;
      assignments[principal] = {{"principal", principal}, {"privileges", Value(privileges)}};
    }
  }
  return DatabricksJson(
      UcListPage(assignments, "", page, "privilege_assignments", [](const Value& v) { return v; }));
}

SandboxResponse UnityCatalogService::UpdatePermissions(const SandboxRequest&,
                                                       const std::string& param, const Value& body,
                                                       SandboxContext& c) {
  Securable s;
  if (auto e = ReadSecurable(param, &s)) return *e;
  SandboxRequest listing;  // the reply is the GET of the result
  listing.method = "GET";
  if (auto missing = GetPermissions(listing, param, Value::object(), c); missing.status != 200) {
    return missing;
  }
  if (!body.contains("changes") || !body["changes"].is_array()) {
    return UcInvalid("Missing required field: changes");
  }
  // Check every change before applying any.
  struct Change {
    std::string principal;
    std::set<std::string> add, remove;
  };
  std::vector<Change> changes;
  for (const Value& change : body["changes"]) {
    if (!change.is_object()) return UcInvalid("Every change must be an object.");
    Change ch;
    for (const char* field : {"principal", "principal_id"}) {
      if (ch.principal.empty() && change.contains(field) && change[field].is_string()) {
        ch.principal = change[field].get<std::string>();
      }
    }
    if (ch.principal.empty()) return UcInvalid("Every change needs a principal.");
    for (auto [field, into] : {std::pair{"add", &ch.add}, std::pair{"remove", &ch.remove}}) {
      if (!change.contains(field) || change[field].is_null()) continue;
      if (!change[field].is_array()) return UcInvalid(std::string(field) + " must be a list.");
      for (const Value& p : change[field]) {
        if (!p.is_string()) return UcInvalid("Privileges must be strings.");
        const std::string privilege = CanonicalPrivilege(p.get<std::string>());
        if (!PrivilegeAppliesTo(privilege, s.type)) {
          return UcInvalid("Privilege " + privilege + " is not applicable to this entity [" +
                           s.type + ":" + s.full_name + "].");
        }
        into->insert(privilege);
      }
    }
    changes.push_back(std::move(ch));
  }
  auto& principals = grants_[GrantKey(s.type, s.full_name)];
  for (const Change& ch : changes) {
    auto& held = principals[ch.principal];
    held.insert(ch.add.begin(), ch.add.end());
    for (const auto& p : ch.remove) held.erase(p);
    if (ch.remove.count("ALL_PRIVILEGES")) held.clear();
    if (held.empty()) principals.erase(ch.principal);
  }
  if (principals.empty()) grants_.erase(GrantKey(s.type, s.full_name));
  if (body.value("omit_permissions_in_response", false)) return DatabricksJson(Value::object());
  return GetPermissions(listing, param, Value::object(), c);
}

}  // namespace causeway::sandbox

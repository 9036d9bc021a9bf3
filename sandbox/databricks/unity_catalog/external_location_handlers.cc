// Unity Catalog external locations: create, list, get, update and delete. URLs are s3:// URLs
// kept without a trailing slash; a location whose URL equals, lies inside or contains another
// location's URL is refused with INVALID_PARAMETER_VALUE, as Databricks refuses it. The named
// storage credential must exist. Unless skip_validation is set, creating a location, or changing
// its url or credential, validates it (location_validation.cc).
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
constexpr char kKind[] = "External Location";

// Reads and normalises `url` of `body`; the error reply when it is not an s3:// URL.
std::optional<SandboxResponse> ReadUrl(const Value& body, std::string* url) {
  if (!body.contains("url") || !body["url"].is_string()) {
    return UcInvalid("Missing required field: url");
  }
  *url = body["url"].get<std::string>();
  while (!url->empty() && url->back() == '/') url->pop_back();
  const std::string kScheme = "s3://";
  if (url->rfind(kScheme, 0) != 0 || url->size() == kScheme.size()) {
    return UcInvalid("Invalid url '" + body["url"].get<std::string>() +
                     "': expected s3://<bucket>[/<path>].");
  }
  return std::nullopt;
}

// Whether one of the URLs equals the other or lies below it.
bool Overlaps(const std::string& a, const std::string& b) {
  auto inside = [](const std::string& x, const std::string& y) {
    return x.size() > y.size() && x.compare(0, y.size(), y) == 0 && x[y.size()] == '/';
  };
  return a == b || inside(a, b) || inside(b, a);
}

}  // namespace

const Value* UnityCatalogService::OverlappingLocation(const std::string& url,
                                                      const std::string& except) const {
  for (const auto& [name, info] : locations_) {
    if (name != except && Overlaps(url, info["url"].get<std::string>())) return &info;
  }
  return nullptr;
}

SandboxResponse UnityCatalogService::CreateExternalLocation(const SandboxRequest& r,
                                                            const std::string&, const Value& body,
                                                            SandboxContext& c) {
  std::string name, url, credential;
  if (auto e = ReadUcName(body, "name", &name)) return *e;
  if (auto e = ReadUrl(body, &url)) return *e;
  if (auto e = ReadUcName(body, "credential_name", &credential)) return *e;
  if (auto e = CheckUcStrings(body, {"comment"})) return *e;
  if (auto e = CheckUcBooleans(body, {"read_only", "skip_validation", "fallback"})) return *e;
  if (locations_.count(name)) return UcAlreadyExists(kKind, name);
  auto cred = credentials_.find(credential);
  if (cred == credentials_.end()) return UcNotFound("Storage Credential", credential);
  if (const Value* other = OverlappingLocation(url, "")) {
    return UcInvalid("Input path url '" + url + "' overlaps with existing external location '" +
                     (*other)["name"].get<std::string>() + "' with url '" +
                     (*other)["url"].get<std::string>() + "'.");
  }
  if (!body.value("skip_validation", false)) {
    if (auto e = ValidateLocation(url, cred->second, c)) return *e;
  }
  Value info = {{"name", name},
                {"url", url},
                {"credential_name", credential},
                {"credential_id", cred->second["id"]},
                {"read_only", body.value("read_only", false)},
                {"fallback", body.value("fallback", false)},
                {"id", NewUuid()},
                {"metastore_id", kSandboxMetastoreId},
                {"isolation_mode", "ISOLATION_MODE_OPEN"},
                {"browse_only", false}};
  CopyUcFields(body, {"comment"}, &info);
  StampUcCreated(r, c, &info);
  locations_[name] = info;
  return DatabricksJson(info);
}

SandboxResponse UnityCatalogService::ListExternalLocations(const SandboxRequest& r,
                                                           const std::string&, const Value&,
                                                           SandboxContext&) {
  UcPage page;
  if (auto e = ReadUcPage(r, kServerPageSize, &page)) return *e;
  return DatabricksJson(
      UcListPage(locations_, "", page, "external_locations", [](const Value& v) { return v; }));
}

SandboxResponse UnityCatalogService::GetExternalLocation(const SandboxRequest&,
                                                         const std::string& param, const Value&,
                                                         SandboxContext&) {
  auto it = locations_.find(Lower(param));
  if (it == locations_.end()) return UcNotFound(kKind, param);
  return DatabricksJson(it->second);
}

SandboxResponse UnityCatalogService::UpdateExternalLocation(const SandboxRequest& r,
                                                            const std::string& param,
                                                            const Value& body, SandboxContext& c) {
  const std::string name = Lower(param);
  auto it = locations_.find(name);
  if (it == locations_.end()) return UcNotFound(kKind, param);
  if (auto e = CheckUcStrings(body, {"comment", "owner", "new_name", "credential_name"})) {
    return *e;
  }
  if (auto e = CheckUcBooleans(body, {"read_only", "skip_validation", "fallback", "force"})) {
    return *e;
  }
  std::string new_name = name;
  if (body.contains("new_name") && body["new_name"].is_string()) {
    if (auto e = ReadUcName(body, "new_name", &new_name)) return *e;
    if (new_name != name && locations_.count(new_name)) return UcAlreadyExists(kKind, new_name);
  }
  Value info = it->second;
  if (body.contains("url")) {
    std::string url;
    if (auto e = ReadUrl(body, &url)) return *e;
    if (const Value* other = OverlappingLocation(url, name)) {
      return UcInvalid("Input path url '" + url + "' overlaps with existing external location '" +
                       (*other)["name"].get<std::string>() + "' with url '" +
                       (*other)["url"].get<std::string>() + "'.");
    }
    info["url"] = url;
  }
  if (body.contains("credential_name") && body["credential_name"].is_string()) {
    std::string credential;
    if (auto e = ReadUcName(body, "credential_name", &credential)) return *e;
    auto cred = credentials_.find(credential);
    if (cred == credentials_.end()) return UcNotFound("Storage Credential", credential);
    info["credential_name"] = credential;
    info["credential_id"] = cred->second["id"];
  }
  if ((body.contains("url") || body.contains("credential_name")) &&
      !body.value("skip_validation", false)) {
    auto cred = credentials_.find(info["credential_name"].get<std::string>());
    if (cred == credentials_.end()) {
      return UcNotFound("Storage Credential", info["credential_name"].get<std::string>());
    }
    if (auto e = ValidateLocation(info["url"].get<std::string>(), cred->second, c)) return *e;
  }
  CopyUcFields(body, {"comment", "owner"}, &info);
  for (const char* flag : {"read_only", "fallback"}) {
    if (body.contains(flag) && body[flag].is_boolean()) info[flag] = body[flag];
  }
  StampUcUpdated(r, c, &info);
  if (new_name != name) {
    locations_.erase(it);
    info["name"] = new_name;
    MoveGrants(kUcExternalLocation, name, new_name);
  }
  locations_[new_name] = info;
  return DatabricksJson(info);
}

SandboxResponse UnityCatalogService::DeleteExternalLocation(const SandboxRequest&,
                                                            const std::string& param, const Value&,
                                                            SandboxContext&) {
  const std::string name = Lower(param);
  if (locations_.erase(name) == 0) return UcNotFound(kKind, param);
  ForgetGrants(kUcExternalLocation, name);
  return DatabricksJson(Value::object());
}

}  // namespace causeway::sandbox

// Unity Catalog storage credentials (AWS IAM roles): create, list, get, update and delete. The
// reply's aws_iam_role carries the two values the role's trust policy must name: the Unity
// Catalog master role ARN (principal) and the credential's external id (sts:ExternalId), which is
// generated once per credential and kept when its role changes.
#include <regex>
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
constexpr char kKind[] = "Storage Credential";

// Reads aws_iam_role.role_arn of `body` into *role_arn; the error reply when it is malformed.
std::optional<SandboxResponse> ReadRoleArn(const Value& body, std::string* role_arn) {
  static const std::regex kRoleArn("arn:aws:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+");
  const Value& role = body["aws_iam_role"];
  if (!role.is_object() || !role.contains("role_arn") || !role["role_arn"].is_string()) {
    return UcInvalid("aws_iam_role must be an object with a role_arn.");
  }
  *role_arn = role["role_arn"].get<std::string>();
  if (!std::regex_match(*role_arn, kRoleArn)) {
    return UcInvalid("Invalid role ARN '" + *role_arn +
                     "': expected arn:aws:iam::<account id>:role/<name>.");
  }
  return std::nullopt;
}

}  // namespace

SandboxResponse UnityCatalogService::CreateStorageCredential(const SandboxRequest& r,
                                                             const std::string&, const Value& body,
                                                             SandboxContext& c) {
  std::string name;
  if (auto e = ReadUcName(body, "name", &name)) return *e;
  if (auto e = CheckUcStrings(body, {"comment"})) return *e;
  if (auto e = CheckUcBooleans(body, {"read_only", "skip_validation"})) return *e;
  if (!body.contains("aws_iam_role")) {
    return UcInvalid(
        "Exactly one of aws_iam_role, azure_managed_identity, "
        "azure_service_principal, cloudflare_api_token, "
        "databricks_gcp_service_account must be specified (the sandbox emulates "
        "aws_iam_role).");
  }
  std::string role_arn;
  if (auto e = ReadRoleArn(body, &role_arn)) return *e;
  if (credentials_.count(name)) return UcAlreadyExists(kKind, name);
  Value info = {{"name", name},
                {"full_name", name},
                {"id", NewUuid()},
                {"aws_iam_role",
                 {{"role_arn", role_arn},
                  {"external_id", NewUuid()},
                  {"unity_catalog_iam_arn", kUnityCatalogMasterRoleArn}}},
                {"read_only", body.value("read_only", false)},
                {"metastore_id", kSandboxMetastoreId},
                {"isolation_mode", "ISOLATION_MODE_OPEN"},
                {"used_for_managed_storage", false}};
  CopyUcFields(body, {"comment"}, &info);
  StampUcCreated(r, c, &info);
  credentials_[name] = info;
  return DatabricksJson(info);
}

SandboxResponse UnityCatalogService::ListStorageCredentials(const SandboxRequest& r,
                                                            const std::string&, const Value&,
                                                            SandboxContext&) {
  UcPage page;
  if (auto e = ReadUcPage(r, kServerPageSize, &page)) return *e;
  return DatabricksJson(
      UcListPage(credentials_, "", page, "storage_credentials", [](const Value& v) { return v; }));
}

SandboxResponse UnityCatalogService::GetStorageCredential(const SandboxRequest&,
                                                          const std::string& param, const Value&,
                                                          SandboxContext&) {
  auto it = credentials_.find(Lower(param));
  if (it == credentials_.end()) return UcNotFound(kKind, param);
  return DatabricksJson(it->second);
}

SandboxResponse UnityCatalogService::UpdateStorageCredential(const SandboxRequest& r,
                                                             const std::string& param,
                                                             const Value& body, SandboxContext& c) {
  const std::string name = Lower(param);
  auto it = credentials_.find(name);
  if (it == credentials_.end()) return UcNotFound(kKind, param);
  if (auto e = CheckUcStrings(body, {"comment", "owner", "new_name"})) return *e;
  if (auto e = CheckUcBooleans(body, {"read_only", "skip_validation", "force"})) return *e;
  std::string new_name = name;
  if (body.contains("new_name") && body["new_name"].is_string()) {
    if (auto e = ReadUcName(body, "new_name", &new_name)) return *e;
    if (new_name != name && credentials_.count(new_name)) return UcAlreadyExists(kKind, new_name);
  }
  Value info = it->second;
  if (body.contains("aws_iam_role")) {
    std::string role_arn;
    if (auto e = ReadRoleArn(body, &role_arn)) return *e;
    info["aws_iam_role"]["role_arn"] = role_arn;  // the external id stays the credential's
  }
  CopyUcFields(body, {"comment", "owner"}, &info);
  if (body.contains("read_only") && body["read_only"].is_boolean()) {
    info["read_only"] = body["read_only"];
  }
  StampUcUpdated(r, c, &info);
  if (new_name != name) {
    credentials_.erase(it);
    info["name"] = new_name;
    info["full_name"] = new_name;
    for (auto& [_, location] : locations_) {
      if (location["credential_name"] == name) location["credential_name"] = new_name;
    }
    MoveGrants(kUcStorageCredential, name, new_name);
  }
  credentials_[new_name] = info;
  return DatabricksJson(info);
}

SandboxResponse UnityCatalogService::DeleteStorageCredential(const SandboxRequest& r,
                                                             const std::string& param, const Value&,
                                                             SandboxContext&) {
  const std::string name = Lower(param);
  if (!credentials_.count(name)) return UcNotFound(kKind, param);
  std::string users;
  for (const auto& [location, info] : locations_) {
    if (info["credential_name"] == name) users += (users.empty() ? "" : ", ") + location;
  }
  if (!users.empty() && !UcForce(r)) {
    return UcInvalid("Storage Credential '" + name +
                     "' cannot be deleted because it is used by external location(s): " + users +
                     ". Delete them first or use force=true.");
  }
  credentials_.erase(name);
  ForgetGrants(kUcStorageCredential, name);
  return DatabricksJson(Value::object());
}

}  // namespace causeway::sandbox

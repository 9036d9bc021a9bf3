// Lake Formation emulator: registered locations, permissions, data lake settings.
#include "sandbox/aws/lakeformation/lakeformation_service.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include "reconciler/core/ascii.h"
#include "sandbox/aws/errors.h"
#include "sandbox/aws/lakeformation/lakeformation_model.h"
#include "sandbox/core/timestamps.h"

namespace causeway::sandbox {

namespace {

constexpr const char* kInvalidInput = "InvalidInputException";
constexpr const char* kNotFound = "EntityNotFoundException";
constexpr const char* kNoPermissionsRevoked =
    "No permissions revoked. Grantee has no permissions and no grantable permissions on resource.";

SandboxResponse Ok(const SandboxRequest& r, const Value& body) {
  SandboxResponse resp;
  resp.content_type = "application/json";
  resp.body = body.dump();
  resp.AddHeader("x-amzn-RequestId", r.request_id);
  return resp;
}

SandboxResponse Err(const SandboxRequest& r, const std::string& code, const std::string& message) {
  return RestJsonError(400, code, message, r.request_id);
}

// Pagination tokens are opaque to clients; the sandbox encodes the next offset.
std::string EncodeToken(size_t offset) { return "lf1-" + std::to_string(offset); }

bool DecodeToken(const Value& body, size_t* offset) {
  *offset = 0;
  if (!body.contains("NextToken") || body["NextToken"].is_null()) return true;
  if (!body["NextToken"].is_string()) return false;
  std::string t = body["NextToken"].get<std::string>();
  if (t.rfind("lf1-", 0) != 0 || t.size() == 4) return false;
  auto parsed = ParseInteger<size_t>(std::string_view(t).substr(4));
  if (!parsed) return false;
  *offset = *parsed;
  return true;
}

// MaxResults within [1, 1000]; false when out of range.
bool PageSize(const Value& body, size_t dflt, size_t* out) {
  *out = dflt;
  if (!body.contains("MaxResults") || body["MaxResults"].is_null()) return true;
  if (!body["MaxResults"].is_number_integer()) return false;
  int64_t n = body["MaxResults"].get<int64_t>();
  if (n < 1 || n > 1000) return false;
  *out = static_cast<size_t>(n);
  return true;
}

bool IsS3Arn(const std::string& arn) {
  const std::string prefix = "arn:aws:s3:::";
  return arn.size() > prefix.size() && arn.compare(0, prefix.size(), prefix) == 0;
}

bool IsRoleArn(const std::string& arn) {
  // IAMRoleArn pattern: arn:aws:iam::[0-9]*:role/.*
  const std::string prefix = "arn:aws:iam::";
  if (arn.compare(0, prefix.size(), prefix) != 0) return false;
  size_t i = prefix.size();
  while (i < arn.size() && std::isdigit(static_cast<unsigned char>(arn[i]))) ++i;
  return arn.compare(i, 6, ":role/") == 0;
}

std::string StringMember(const Value& body, const char* key) {
  return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
}

Value ResourceInfo(const LfRegisteredResource& res) {
  return {{"ResourceArn", res.resource_arn},
          {"RoleArn", res.role_arn},
          {"LastModified", EpochSeconds(res.last_modified)}};
}

Value DefaultSettings() {
  Value all = {{"Principal", {{"DataLakePrincipalIdentifier", "IAM_ALLOWED_PRINCIPALS"}}},
               {"Permissions", {"ALL"}}};
  return {{"DataLakeAdmins", Value::array()},
          {"CreateDatabaseDefaultPermissions", Value::array({all})},
          {"CreateTableDefaultPermissions", Value::array({all})},
          {"TrustedResourceOwners", Value::array()},
          {"AllowExternalDataFiltering", false}};
}

Value GrantJson(const LfGrant& g) {
  return {
      {"Principal", {{"DataLakePrincipalIdentifier", g.principal}}},
      {"Resource", g.resource},
      {"Permissions", Value(std::vector<std::string>(g.permissions.begin(), g.permissions.end()))},
      {"PermissionsWithGrantOption",
       Value(std::vector<std::string>(g.grant_option.begin(), g.grant_option.end()))}};
}

// Reads a PermissionList member; false (with *message) for a non-list or an unknown permission.
bool ReadPermissions(const Value& entry, const char* key, std::set<std::string>* out,
                     std::string* message) {
  out->clear();
  if (!entry.contains(key) || entry[key].is_null()) return true;
  if (!entry[key].is_array()) {
    *message = std::string(key) + " must be a list of permissions.";
    return false;
  }
  for (const auto& p : entry[key]) {
    if (!p.is_string() || !IsLfPermission(p.get<std::string>())) {
      *message = "Invalid permission " + (p.is_string() ? p.get<std::string>() : p.dump()) + ".";
      return false;
    }
    out->insert(p.get<std::string>());
  }
  return true;
}

}  // namespace

std::string LakeFormationService::ServiceLinkedRoleArn(const std::string& account_id) {
  return "arn:aws:iam::" + account_id +
         ":role/aws-service-role/lakeformation.amazonaws.com/"
         "AWSServiceRoleForLakeFormationDataAccess";
}

const LakeFormationService::Operations_& LakeFormationService::Table() {
  static const Operations_ table = {
      {"RegisterResource", &LakeFormationService::RegisterResource},
      {"UpdateResource", &LakeFormationService::UpdateResource},
      {"DeregisterResource", &LakeFormationService::DeregisterResource},
      {"DescribeResource", &LakeFormationService::DescribeResource},
      {"ListResources", &LakeFormationService::ListResources},
      {"GrantPermissions", &LakeFormationService::GrantPermissions},
      {"RevokePermissions", &LakeFormationService::RevokePermissions},
      {"BatchGrantPermissions", &LakeFormationService::BatchGrantPermissions},
      {"BatchRevokePermissions", &LakeFormationService::BatchRevokePermissions},
      {"ListPermissions", &LakeFormationService::ListPermissions},
      {"GetDataLakeSettings", &LakeFormationService::GetDataLakeSettings},
      {"PutDataLakeSettings", &LakeFormationService::PutDataLakeSettings},
  };
  return table;
}

std::vector<std::string> LakeFormationService::Operations() const { return Table().Operations(); }

SandboxResponse LakeFormationService::GrantPermissions(const SandboxRequest& r, const Value& body,
                                                       SandboxContext& c) {
  return GrantOrRevoke(r, body, c, /*grant=*/true);
}

SandboxResponse LakeFormationService::RevokePermissions(const SandboxRequest& r, const Value& body,
                                                        SandboxContext& c) {
  return GrantOrRevoke(r, body, c, /*grant=*/false);
}

SandboxResponse LakeFormationService::BatchGrantPermissions(const SandboxRequest& r,
                                                            const Value& body, SandboxContext& c) {
  return Batch(r, body, c, /*grant=*/true);
}

SandboxResponse LakeFormationService::BatchRevokePermissions(const SandboxRequest& r,
                                                             const Value& body, SandboxContext& c) {
  return Batch(r, body, c, /*grant=*/false);
}

SandboxResponse LakeFormationService::Handle(const SandboxRequest& r, SandboxContext& c) {
  if (r.method != "POST") {
    return Err(r, kInvalidInput, "Lake Formation operations are POST requests.");
  }
  Value body = Value::object();
  if (r.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    try {
      body = Value::parse(r.body);
    } catch (const nlohmann::json::exception&) {
      return Err(r, "SerializationException", "Request body is not valid JSON.");
    }
    if (!body.is_object())
      return Err(r, "SerializationException", "Request body must be an object.");
  }
  try {
    if (auto handler = Table().Find(r.operation)) return (this->*handler)(r, body, c);
  } catch (const nlohmann::json::exception& e) {
    return Err(r, kInvalidInput, std::string("Malformed request: ") + e.what());
  }
  return RestJsonError(404, "UnknownOperationException",
                       "causeway-sandbox does not emulate lakeformation " + r.operation,
                       r.request_id);
}

SandboxResponse LakeFormationService::RegisterResource(const SandboxRequest& r, const Value& body,
                                                       SandboxContext& c) {
  std::string arn = StringMember(body, "ResourceArn");
  if (arn.empty()) return Err(r, kInvalidInput, "ResourceArn is required.");
  if (!IsS3Arn(arn)) return Err(r, kInvalidInput, "Invalid resource ARN: " + arn);
  std::string role = StringMember(body, "RoleArn");
  bool slr = body.contains("UseServiceLinkedRole") && body["UseServiceLinkedRole"].is_boolean() &&
             body["UseServiceLinkedRole"].get<bool>();
  if (slr && !role.empty()) {
    return Err(r, kInvalidInput, "RoleArn and UseServiceLinkedRole cannot both be specified.");
  }
  if (!slr && role.empty()) {
    return Err(r, kInvalidInput, "Either RoleArn or UseServiceLinkedRole must be specified.");
  }
  if (!slr && !IsRoleArn(role)) return Err(r, kInvalidInput, "Invalid role ARN: " + role);
  if (resources_.count(arn))
    return Err(r, "AlreadyExistsException", "Resource is already registered");
  LfRegisteredResource res;
  res.resource_arn = arn;
  res.role_arn = slr ? ServiceLinkedRoleArn(std::string(kSandboxAccountId)) : role;
  res.last_modified = c.Now();
  resources_[arn] = res;
  return Ok(r, Value::object());
}

SandboxResponse LakeFormationService::UpdateResource(const SandboxRequest& r, const Value& body,
                                                     SandboxContext&) {
  std::string arn = StringMember(body, "ResourceArn");
  std::string role = StringMember(body, "RoleArn");
  if (arn.empty() || role.empty()) {
    return Err(r, kInvalidInput, "ResourceArn and RoleArn are required.");
  }
  if (!IsRoleArn(role)) return Err(r, kInvalidInput, "Invalid role ARN: " + role);
  auto it = resources_.find(arn);
  if (it == resources_.end()) return Err(r, kNotFound, "Entity not found");
  it->second.role_arn = role;
  return Ok(r, Value::object());
}

SandboxResponse LakeFormationService::DeregisterResource(const SandboxRequest& r, const Value& body,
                                                         SandboxContext&) {
  std::string arn = StringMember(body, "ResourceArn");
  if (arn.empty()) return Err(r, kInvalidInput, "ResourceArn is required.");
  if (resources_.erase(arn) == 0) return Err(r, kNotFound, "Entity not found");
  return Ok(r, Value::object());
}

SandboxResponse LakeFormationService::DescribeResource(const SandboxRequest& r, const Value& body,
                                                       SandboxContext&) {
  std::string arn = StringMember(body, "ResourceArn");
  if (arn.empty()) return Err(r, kInvalidInput, "ResourceArn is required.");
  auto it = resources_.find(arn);
  if (it == resources_.end()) return Err(r, kNotFound, "Entity not found");
  return Ok(r, {{"ResourceInfo", ResourceInfo(it->second)}});
}

SandboxResponse LakeFormationService::ListResources(const SandboxRequest& r, const Value& body,
                                                    SandboxContext&) {
  size_t offset = 0, page = 0;
  if (!DecodeToken(body, &offset)) return Err(r, kInvalidInput, "Invalid NextToken.");
  if (!PageSize(body, 100, &page)) {
    return Err(r, kInvalidInput, "MaxResults must be between 1 and 1000.");
  }
  std::vector<const LfRegisteredResource*> matched;
  const Value filters =
      body.contains("FilterConditionList") ? body["FilterConditionList"] : Value::array();
  if (!filters.is_array()) return Err(r, kInvalidInput, "FilterConditionList must be a list.");
  for (const auto& [arn, res] : resources_) {
    bool keep = true;
    for (const auto& f : filters) {
      std::string field = StringMember(f, "Field");
      std::string op = StringMember(f, "ComparisonOperator");
      std::vector<std::string> values;
      if (f.contains("StringValueList") && f["StringValueList"].is_array()) {
        for (const auto& v : f["StringValueList"]) {
          if (v.is_string()) values.push_back(v.get<std::string>());
        }
      }
      std::string subject;
      if (field == "RESOURCE_ARN") {
        subject = res.resource_arn;
      } else if (field == "ROLE_ARN") {
        subject = res.role_arn;
      } else {
        return Err(r, kInvalidInput, "Unsupported filter field: " + field);
      }
      if (values.empty()) return Err(r, kInvalidInput, "StringValueList must not be empty.");
      const std::string& v0 = values[0];
      bool in = std::find(values.begin(), values.end(), subject) != values.end();
      if (op == "EQ") {
        keep = keep && subject == v0;
      } else if (op == "NE") {
        keep = keep && subject != v0;
      } else if (op == "CONTAINS") {
        keep = keep && subject.find(v0) != std::string::npos;
      } else if (op == "NOT_CONTAINS") {
        keep = keep && subject.find(v0) == std::string::npos;
      } else if (op == "BEGINS_WITH") {
        keep = keep && subject.rfind(v0, 0) == 0;
      } else if (op == "IN") {
        keep = keep && in;
      } else {
        return Err(r, kInvalidInput, "Unsupported comparison operator: " + op);
      }
    }
    if (keep) matched.push_back(&res);
  }
  Value list = Value::array();
  for (size_t i = offset; i < matched.size() && i < offset + page; ++i) {
    list.push_back(ResourceInfo(*matched[i]));
  }
  Value out = {{"ResourceInfoList", list}};
  if (offset + page < matched.size()) out["NextToken"] = EncodeToken(offset + page);
  return Ok(r, out);
}

std::string LakeFormationService::CheckResourceExists(const SandboxRequest& r,
                                                      const Value& canonical, SandboxContext& c,
                                                      std::string* message) const {
  if (canonical.contains("DataLocation")) {
    std::string arn = canonical["DataLocation"]["ResourceArn"].get<std::string>();
    for (const auto& [registered, _] : resources_) {
      if (LfLocationUnder(arn, registered)) return "";
    }
    *message =
        "Resource does not exist or requester is not authorized to access requested "
        "permissions.";
    return "AccessDeniedException";
  }
  // Databases and tables live in the Glue catalog: ask the Glue emulator through its wire API.
  auto* glue = dynamic_cast<AwsService*>(c.FindService("glue"));
  if (glue == nullptr) return "";
  Value ask;
  std::string op;
  if (canonical.contains("Database")) {
    op = "GetDatabase";
    ask = {{"Name", canonical["Database"]["Name"]}};
  } else if (canonical.contains("Table") || canonical.contains("TableWithColumns")) {
    const Value& t =
        canonical.contains("Table") ? canonical["Table"] : canonical["TableWithColumns"];
    if (t.contains("Name")) {
      op = "GetTable";
      ask = {{"DatabaseName", t["DatabaseName"]}, {"Name", t["Name"]}};
    } else {
      op = "GetDatabase";
      ask = {{"Name", t["DatabaseName"]}};
    }
  } else {
    return "";
  }
  SandboxRequest g;
  g.method = "POST";
  g.path = "/";
  g.headers = {{"content-type", "application/x-amz-json-1.1"},
               {"x-amz-target", glue->target_prefix() + "." + op}};
  g.body = ask.dump();
  g.cloud = "aws";
  g.service = "glue";
  g.operation = op;
  g.region = r.region;
  g.request_id = r.request_id;
  g.principal = r.principal;
  SandboxResponse resp = glue->Handle(g, c);
  if (resp.status < 300) return "";
  try {
    Value e = Value::parse(resp.body);
    std::string type = e.value("__type", std::string());
    if (type.find("EntityNotFoundException") == std::string::npos) return "";
    *message = e.value("message", e.value("Message", std::string("Entity not found")));
    return kNotFound;
  } catch (const nlohmann::json::exception&) {
    return "";
  }
}

std::string LakeFormationService::ApplyEntry(const SandboxRequest& r, const Value& entry,
                                             SandboxContext& c, bool grant, std::string* message) {
  if (!entry.is_object()) {
    *message = "Request entry must be a structure.";
    return kInvalidInput;
  }
  const Value principal = entry.contains("Principal") ? entry["Principal"] : Value();
  std::string who = principal.is_object() ? StringMember(principal, "DataLakePrincipalIdentifier")
                                          : std::string();
  if (who.empty() || who.size() > 255) {
    *message = "Principal must be specified.";
    return kInvalidInput;
  }
  auto canonical = CanonicalLfResource(entry.contains("Resource") ? entry["Resource"] : Value(),
                                       std::string(kSandboxAccountId));
  if (!canonical.ok()) {
    *message = canonical.status().message();
    return kInvalidInput;
  }
  std::set<std::string> perms, grantable;
  if (!entry.contains("Permissions") || !entry["Permissions"].is_array()) {
    *message = "Permissions must be specified.";
    return kInvalidInput;
  }
  if (!ReadPermissions(entry, "Permissions", &perms, message) ||
      !ReadPermissions(entry, "PermissionsWithGrantOption", &grantable, message)) {
    return kInvalidInput;
  }
  const std::string type = LfResourceType(*canonical);
  const auto& applicable = LfApplicablePermissions(type);
  for (const auto* set : {&perms, &grantable}) {
    for (const auto& p : *set) {
      if (!applicable.count(p)) {
        *message = "Permissions modification is invalid. Permission " + p +
                   " is not applicable to resource type " + type + ".";
        return kInvalidInput;
      }
    }
  }
  const std::string key = who + "\n" + CanonicalJson(*canonical);
  auto it = grants_.find(key);
  if (grant) {
    if (perms.empty() && grantable.empty()) {
      *message = "Permissions modification is invalid. No permissions to grant.";
      return kInvalidInput;
    }
    for (const auto& p : grantable) {
      if (!perms.count(p) && (it == grants_.end() || !it->second.permissions.count(p))) {
        *message = "Permissions modification is invalid. Grantable permission " + p +
                   " must also be granted as a permission.";
        return kInvalidInput;
      }
    }
    std::string code = CheckResourceExists(r, *canonical, c, message);
    if (!code.empty()) return code;
    LfGrant& g = grants_[key];
    g.principal = who;
    g.resource = *canonical;
    g.permissions.insert(perms.begin(), perms.end());
    g.grant_option.insert(grantable.begin(), grantable.end());
    return "";
  }
  // Revoke: a revoked permission loses its grant option too.
  bool changed = false;
  if (it != grants_.end()) {
    LfGrant& g = it->second;
    for (const auto& p : perms) {
      changed |= g.permissions.erase(p) > 0;
      changed |= g.grant_option.erase(p) > 0;
    }
    for (const auto& p : grantable) changed |= g.grant_option.erase(p) > 0;
    if (g.permissions.empty() && g.grant_option.empty()) grants_.erase(it);
  }
  if (!changed) {
    *message = kNoPermissionsRevoked;
    return kInvalidInput;
  }
  return "";
}

SandboxResponse LakeFormationService::GrantOrRevoke(const SandboxRequest& r, const Value& body,
                                                    SandboxContext& c, bool grant) {
  std::string message;
  std::string code = ApplyEntry(r, body, c, grant, &message);
  if (!code.empty()) return Err(r, code, message);
  return Ok(r, Value::object());
}

SandboxResponse LakeFormationService::Batch(const SandboxRequest& r, const Value& body,
                                            SandboxContext& c, bool grant) {
  if (!body.contains("Entries") || !body["Entries"].is_array()) {
    return Err(r, kInvalidInput, "Entries must be specified.");
  }
  Value failures = Value::array();
  for (const auto& entry : body["Entries"]) {
    std::string id = StringMember(entry, "Id");
    std::string message, code;
    if (id.empty()) {
      code = kInvalidInput;
      message = "Entry Id must be specified.";
    } else {
      code = ApplyEntry(r, entry, c, grant, &message);
    }
    if (!code.empty()) {
      failures.push_back(
          {{"RequestEntry", entry}, {"Error", {{"ErrorCode", code}, {"ErrorMessage", message}}}});
    }
  }
  return Ok(r, {{"Failures", failures}});
}

SandboxResponse LakeFormationService::ListPermissions(const SandboxRequest& r, const Value& body,
                                                      SandboxContext&) {
  size_t offset = 0, page = 0;
  if (!DecodeToken(body, &offset)) return Err(r, kInvalidInput, "Invalid NextToken.");
  if (!PageSize(body, 100, &page)) {
    return Err(r, kInvalidInput, "MaxResults must be between 1 and 1000.");
  }
  std::string principal;
  if (body.contains("Principal") && body["Principal"].is_object()) {
    principal = StringMember(body["Principal"], "DataLakePrincipalIdentifier");
  }
  std::string type = StringMember(body, "ResourceType");
  static const std::set<std::string> kTypes = {"CATALOG",
                                               "DATABASE",
                                               "TABLE",
                                               "DATA_LOCATION",
                                               "LF_TAG",
                                               "LF_TAG_POLICY",
                                               "LF_TAG_POLICY_DATABASE",
                                               "LF_TAG_POLICY_TABLE"};
  if (!type.empty() && !kTypes.count(type)) {
    return Err(r, kInvalidInput, "Invalid ResourceType: " + type);
  }
  std::optional<Value> filter;
  if (body.contains("Resource") && !body["Resource"].is_null()) {
    auto canonical = CanonicalLfResource(body["Resource"], std::string(kSandboxAccountId));
    if (!canonical.ok()) return Err(r, kInvalidInput, canonical.status().message());
    filter = *canonical;
  }
  if (!principal.empty() && !filter) {
    return Err(r, kInvalidInput, "Resource is mandatory if Principal is set in the input.");
  }
  std::vector<const LfGrant*> matched;
  for (const auto& [_, g] : grants_) {
    if (!principal.empty() && g.principal != principal) continue;
    if (!type.empty() && LfResourceType(g.resource) != type) continue;
    if (filter && !LfResourceMatchesFilter(g.resource, *filter)) continue;
    matched.push_back(&g);
  }
  Value list = Value::array();
  for (size_t i = offset; i < matched.size() && i < offset + page; ++i) {
    list.push_back(GrantJson(*matched[i]));
  }
  Value out = {{"PrincipalResourcePermissions", list}};
  if (offset + page < matched.size()) out["NextToken"] = EncodeToken(offset + page);
  return Ok(r, out);
}

SandboxResponse LakeFormationService::GetDataLakeSettings(const SandboxRequest& r, const Value&,
                                                          SandboxContext&) {
  return Ok(r, {{"DataLakeSettings", settings_.is_null() ? DefaultSettings() : settings_}});
}

SandboxResponse LakeFormationService::PutDataLakeSettings(const SandboxRequest& r,
                                                          const Value& body, SandboxContext&) {
  if (!body.contains("DataLakeSettings") || !body["DataLakeSettings"].is_object()) {
    return Err(r, kInvalidInput, "DataLakeSettings must be specified.");
  }
  const Value& s = body["DataLakeSettings"];
  if (s.contains("DataLakeAdmins") && s["DataLakeAdmins"].is_array() &&
      s["DataLakeAdmins"].size() > 30) {
    return Err(r, kInvalidInput, "DataLakeAdmins can have at most 30 principals.");
  }
  settings_ = s;
  return Ok(r, Value::object());
}

Value LakeFormationService::Dump() const {
  Value resources = Value::object();
  for (const auto& [arn, res] : resources_) {
    resources[arn] = {{"RoleArn", res.role_arn},
                      {"LastModifiedMs", std::chrono::duration_cast<std::chrono::milliseconds>(
                                             res.last_modified.time_since_epoch())
                                             .count()}};
  }
  Value grants = Value::array();
  for (const auto& [_, g] : grants_) grants.push_back(GrantJson(g));
  Value out = {{"resources", resources}, {"permissions", grants}};
  if (!settings_.is_null()) out["settings"] = settings_;
  return out;
}

Status LakeFormationService::Load(const Value& state) {
  Reset();
  try {
    if (state.contains("resources")) {
      for (const auto& [arn, j] : state.at("resources").items()) {
        LfRegisteredResource res;
        res.resource_arn = arn;
        res.role_arn = j.at("RoleArn").get<std::string>();
        res.last_modified = std::chrono::system_clock::time_point(
            std::chrono::milliseconds(j.at("LastModifiedMs").get<int64_t>()));
        resources_[arn] = res;
      }
    }
    if (state.contains("permissions")) {
      for (const auto& j : state.at("permissions")) {
        LfGrant g;
        g.principal = j.at("Principal").at("DataLakePrincipalIdentifier").get<std::string>();
        g.resource = j.at("Resource");
        for (const auto& p : j.at("Permissions")) g.permissions.insert(p.get<std::string>());
        for (const auto& p : j.at("PermissionsWithGrantOption")) {
          g.grant_option.insert(p.get<std::string>());
        }
        grants_[g.principal + "\n" + CanonicalJson(g.resource)] = g;
      }
    }
    if (state.contains("settings")) settings_ = state.at("settings");
  } catch (const nlohmann::json::exception& e) {
    Reset();
    return Status::Corruption(std::string("lakeformation state: ") + e.what());
  }
  return Status::Ok();
}

void LakeFormationService::Reset() {
  resources_.clear();
  grants_.clear();
  settings_ = Value();
}

std::unique_ptr<SandboxService> NewLakeFormationService() {
  return std::make_unique<LakeFormationService>();
}

}  // namespace causeway::sandbox

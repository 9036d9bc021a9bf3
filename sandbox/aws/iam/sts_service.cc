// STS emulator: AssumeRole with trust-policy checks and GetCallerIdentity.
#include "sandbox/aws/iam/sts_service.h"

#include <algorithm>

#include "reconciler/core/ascii.h"
#include "sandbox/aws/errors.h"
#include "sandbox/aws/iam/iam_service.h"
#include "sandbox/aws/policy_document.h"
#include "sandbox/aws/query_protocol.h"
#include "sandbox/aws/xml.h"
#include "sandbox/core/ids.h"
#include "sandbox/core/timestamps.h"

namespace causeway::sandbox {

namespace {

SandboxResponse Err(const SandboxRequest& r, int status, const std::string& code,
                    const std::string& message) {
  SandboxResponse resp = QueryError(status, code, message, r.request_id);
  // STS's error envelope carries its own namespace.
  auto pos = resp.body.find(kIamXmlns);
  if (pos != std::string::npos) resp.body.replace(pos, std::string(kIamXmlns).size(), kStsXmlns);
  return resp;
}

bool ValidSessionName(const std::string& name) {
  return name.size() >= 2 && IsValidIamName(name, 64);
}

int64_t Millis(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

const StsService::Operations_& StsService::Table() {
  static const Operations_ table = {
      {"AssumeRole", &StsService::AssumeRole},
      {"GetCallerIdentity", &StsService::GetCallerIdentity},
  };
  return table;
}

std::vector<std::string> StsService::Operations() const { return Table().Operations(); }

SandboxResponse StsService::Handle(const SandboxRequest& request, SandboxContext& context) {
  if (auto handler = Table().Find(request.operation)) return (this->*handler)(request, context);
  return Err(request, 400, "InvalidAction",
             "Could not find operation " + request.operation + " for version 2011-06-15");
}

const IamRole* StsService::AssumableRole(
    const std::string& role_arn, const TrustCaller& caller,
    const std::map<std::string, std::string>& condition_context, SandboxContext& c) const {
  auto* iam = dynamic_cast<IamService*>(c.FindService("iam"));
  const IamRole* role = iam == nullptr ? nullptr : iam->FindRoleByArn(role_arn);
  if (role == nullptr) return nullptr;
  // IAM eventual consistency: a new or re-trusted role is not assumable for a while.
  if (c.Now() < role->trust_changed_at + c.ConsistencyDelay()) return nullptr;
  if (!TrustPolicyAllows(role->assume_role_policy, caller, "sts:AssumeRole", condition_context)) {
    return nullptr;
  }
  return role;
}

SandboxResponse StsService::AssumeRole(const SandboxRequest& r, SandboxContext& c) {
  for (const char* p : {"RoleArn", "RoleSessionName"}) {
    if (!r.HasParam(p)) {
      std::string field = p;
      field[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(field[0])));
      return Err(r, 400, "ValidationError", MissingValueMessage(field));
    }
  }
  std::string role_arn = r.Param("RoleArn");
  std::string session_name = r.Param("RoleSessionName");
  if (!ValidSessionName(session_name)) {
    return Err(r, 400, "ValidationError",
               ValidationMessage(session_name, "roleSessionName",
                                 "Member must satisfy regular expression pattern: [\\w+=,.@-]*"));
  }
  if (role_arn.size() < 20) {
    return Err(r, 400, "ValidationError",
               ValidationMessage(role_arn, "roleArn",
                                 "Member must have length greater than or equal to 20"));
  }
  int duration = 3600;
  if (r.HasParam("DurationSeconds")) {
    duration = ParseInteger<int>(r.Param("DurationSeconds")).value_or(-1);
    if (duration < 900 || duration > 43200) {
      return Err(r, 400, "ValidationError",
                 ValidationMessage(r.Param("DurationSeconds"), "durationSeconds",
                                   "Member must have value greater than or equal to 900"));
    }
  }
  std::string external_id = r.Param("ExternalId");
  if (r.HasParam("ExternalId") && (external_id.size() < 2 || external_id.size() > 1224)) {
    return Err(r, 400, "ValidationError",
               ValidationMessage(external_id, "externalId",
                                 "Member must have length greater than or equal to 2"));
  }

  const std::string denied =
      "User: " + r.principal.name +
      " is not authorized to perform: sts:AssumeRole on resource: " + role_arn;
  TrustCaller caller;
  caller.account_id = r.principal.account_id;
  caller.arns.push_back(r.principal.name);
  if (!r.principal.role.empty()) caller.arns.push_back(r.principal.role);
  std::map<std::string, std::string> condition_context = {
      {"aws:PrincipalAccount", r.principal.account_id},
      {"aws:PrincipalArn", r.principal.role.empty() ? r.principal.name : r.principal.role},
      {"sts:RoleSessionName", session_name},
  };
  if (r.HasParam("ExternalId")) condition_context["sts:ExternalId"] = external_id;
  const IamRole* role = AssumableRole(role_arn, caller, condition_context, c);
  if (role == nullptr) return Err(r, 403, "AccessDenied", denied);
  // Role chaining limits sessions to one hour.
  int max = r.principal.temporary ? 3600 : role->max_session_duration;
  if (duration > max) {
    return Err(r, 400, "ValidationError",
               "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  }

  // Drop expired sessions so state does not grow without bound.
  auto now = c.Now();
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.expiration <= now ? sessions_.erase(it) : std::next(it);
  }
  SessionCredentials s;
  s.access_key_id = RandomId("ASIA", 16);
  s.secret_access_key = RandomSecret(40);
  s.session_token = "IQoJb3JpZ2luX2VjE" + RandomSecret(180);
  s.expiration = now + std::chrono::seconds(duration);
  s.assumed_role_arn = "arn:aws:sts::" + std::string(kSandboxAccountId) + ":assumed-role/" +
                       role->name + "/" + session_name;
  s.role_arn = role->arn;
  s.user_id = role->role_id + ":" + session_name;
  sessions_[s.access_key_id] = s;
  c.MarkDirty(name());

  XmlBuilder x;
  x.Open("Credentials");
  x.Leaf("AccessKeyId", s.access_key_id);
  x.Leaf("SecretAccessKey", s.secret_access_key);
  x.Leaf("SessionToken", s.session_token);
  x.Leaf("Expiration", Iso8601(s.expiration));
  x.Close();
  x.Open("AssumedRoleUser");
  x.Leaf("AssumedRoleId", s.user_id);
  x.Leaf("Arn", s.assumed_role_arn);
  x.Close();
  return QueryResponse("AssumeRole", kStsXmlns, x.str(), r.request_id);
}

SandboxResponse StsService::GetCallerIdentity(const SandboxRequest& r, SandboxContext&) {
  XmlBuilder x;
  x.Leaf("UserId", r.principal.user_id);
  x.Leaf("Account", r.principal.account_id);
  x.Leaf("Arn", r.principal.name);
  return QueryResponse("GetCallerIdentity", kStsXmlns, x.str(), r.request_id);
}

const SessionCredentials* StsService::FindSession(const std::string& access_key_id) const {
  auto it = sessions_.find(access_key_id);
  return it == sessions_.end() ? nullptr : &it->second;
}

Value StsService::Dump() const {
  Value sessions = Value::object();
  for (const auto& [key, s] : sessions_) {
    sessions[key] = {{"AccessKeyId", s.access_key_id},
                     {"SecretAccessKey", s.secret_access_key},
                     {"SessionToken", s.session_token},
                     {"ExpirationMs", Millis(s.expiration)},
                     {"AssumedRoleArn", s.assumed_role_arn},
                     {"RoleArn", s.role_arn},
                     {"UserId", s.user_id}};
  }
  return {{"sessions", sessions}};
}

Status StsService::Load(const Value& state) {
  Reset();
  try {
    if (!state.contains("sessions")) return Status::Ok();
    for (const auto& [key, j] : state.at("sessions").items()) {
      SessionCredentials s;
      s.access_key_id = j.at("AccessKeyId").get<std::string>();
      s.secret_access_key = j.at("SecretAccessKey").get<std::string>();
      s.session_token = j.at("SessionToken").get<std::string>();
      s.expiration = std::chrono::system_clock::time_point(
          std::chrono::milliseconds(j.at("ExpirationMs").get<int64_t>()));
      s.assumed_role_arn = j.at("AssumedRoleArn").get<std::string>();
      s.role_arn = j.at("RoleArn").get<std::string>();
      s.user_id = j.at("UserId").get<std::string>();
      sessions_[s.access_key_id] = s;
    }
  } catch (const nlohmann::json::exception& e) {
    Reset();
    return Status::Corruption(std::string("sts state: ") + e.what());
  }
  return Status::Ok();
}

std::unique_ptr<SandboxService> NewStsService() { return std::make_unique<StsService>(); }

}  // namespace causeway::sandbox

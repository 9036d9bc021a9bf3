// IAM emulator: state (de)serialisation for persistence and the admin dump.
#include <algorithm>
#include <cctype>

#include "sandbox/aws/errors.h"
#include "sandbox/aws/iam/iam_service.h"
#include "sandbox/aws/iam/iam_shapes.h"
#include "sandbox/aws/policy_document.h"
#include "sandbox/aws/query_protocol.h"
#include "sandbox/aws/xml.h"
#include "sandbox/core/ids.h"
#include "sandbox/core/timestamps.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox {

using namespace iam;  // NOLINT: the IAM emulator's own shapes

Value IamService::Dump() const {
  Value roles = Value::object();
  for (const auto& [k, role] : roles_) {
    Value inl = Value::object();
    for (const auto& [n, d] : role.inline_policies) inl[n] = d;
    roles[role.name] = {
        {"RoleName", role.name},
        {"Path", role.path},
        {"RoleId", role.role_id},
        {"Arn", role.arn},
        {"Description", role.description},
        {"AssumeRolePolicyDocument", role.assume_role_policy},
        {"PermissionsBoundary", role.permissions_boundary},
        {"MaxSessionDuration", role.max_session_duration},
        {"CreateDateMs", Millis(role.create_date)},
        {"TrustChangedAtMs", Millis(role.trust_changed_at)},
        {"Tags", TagsJson(role.tags)},
        {"InlinePolicies", inl},
        {"AttachedPolicies", role.attached_policy_arns},
    };
  }
  Value policies = Value::object();
  for (const auto& [arn, p] : policies_) {
    Value versions = Value::array();
    for (const auto& [n, v] : p.versions) {
      versions.push_back({{"VersionId", v.version_id},
                          {"Document", v.document},
                          {"CreateDateMs", Millis(v.create_date)}});
    }
    policies[arn] = {{"PolicyName", p.name},
                     {"Path", p.path},
                     {"PolicyId", p.policy_id},
                     {"Arn", p.arn},
                     {"Description", p.description},
                     {"CreateDateMs", Millis(p.create_date)},
                     {"UpdateDateMs", Millis(p.update_date)},
                     {"DefaultVersionId", p.default_version_id},
                     {"NextVersion", p.next_version},
                     {"Versions", versions},
                     {"Tags", TagsJson(p.tags)}};
  }
  return {{"roles", roles}, {"policies", policies}};
}

Status IamService::Load(const Value& state) {
  Reset();
  try {
    if (state.contains("roles")) {
      for (const auto& [name, j] : state.at("roles").items()) {
        IamRole role;
        role.name = j.at("RoleName").get<std::string>();
        role.path = j.at("Path").get<std::string>();
        role.role_id = j.at("RoleId").get<std::string>();
        role.arn = j.at("Arn").get<std::string>();
        role.description = j.value("Description", "");
        role.assume_role_policy = j.at("AssumeRolePolicyDocument").get<std::string>();
        role.permissions_boundary = j.value("PermissionsBoundary", "");
        role.max_session_duration = j.value("MaxSessionDuration", 3600);
        role.create_date = FromMillis(j.at("CreateDateMs").get<int64_t>());
        role.trust_changed_at = FromMillis(j.value("TrustChangedAtMs", int64_t{0}));
        role.tags = TagsFromJson(j.value("Tags", Value::array()));
        const Value inline_policies = j.value("InlinePolicies", Value::object());
        for (auto it = inline_policies.begin(); it != inline_policies.end(); ++it) {
          role.inline_policies[it.key()] = it.value().get<std::string>();
        }
        role.attached_policy_arns =
            j.value("AttachedPolicies", Value::array()).get<std::vector<std::string>>();
        roles_[Lower(role.name)] = role;
      }
    }
    if (state.contains("policies")) {
      for (const auto& [arn, j] : state.at("policies").items()) {
        IamPolicy p;
        p.name = j.at("PolicyName").get<std::string>();
        p.path = j.at("Path").get<std::string>();
        p.policy_id = j.at("PolicyId").get<std::string>();
        p.arn = j.at("Arn").get<std::string>();
        p.description = j.value("Description", "");
        p.create_date = FromMillis(j.at("CreateDateMs").get<int64_t>());
        p.update_date = FromMillis(j.at("UpdateDateMs").get<int64_t>());
        p.default_version_id = j.at("DefaultVersionId").get<std::string>();
        p.next_version = j.at("NextVersion").get<int>();
        for (const auto& v : j.at("Versions")) {
          IamPolicyVersion pv{v.at("VersionId").get<std::string>(),
                              v.at("Document").get<std::string>(),
                              FromMillis(v.at("CreateDateMs").get<int64_t>())};
          p.versions[VersionNumber(pv.version_id)] = pv;
        }
        p.tags = TagsFromJson(j.value("Tags", Value::array()));
        policies_[p.arn] = p;
      }
    }
  } catch (const nlohmann::json::exception& e) {
    Reset();
    return Status::Corruption(std::string("iam state: ") + e.what());
  }
  return Status::Ok();
}

void IamService::Reset() {
  roles_.clear();
  policies_.clear();
}

std::unique_ptr<SandboxService> NewIamService() { return std::make_unique<IamService>(); }

}  // namespace causeway::sandbox

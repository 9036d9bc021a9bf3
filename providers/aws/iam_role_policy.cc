// aws.iam.role_policy: an inline policy of a role. Id: "role:policy_name".
// Bulk observe reads the roles' RolePolicyList from the shared IAM snapshot; per-resource observe
// is one GetRolePolicy. Create and update are PutRolePolicy (an upsert, so create adopts), delete
// is DeleteRolePolicy (a missing role or policy is already deleted).
// List scope: {"role": "name"} (optional; every role's inline policies otherwise).
#include "providers/aws/iam_common.h"
#include "providers/aws/iam_handlers.h"
#include "providers/aws/policy_document.h"
#include "providers/aws/value_checks.h"

namespace causeway::aws::iam {

namespace {

struct Key {
  std::string role;
  std::string policy_name;
  std::string id() const { return role + ":" + policy_name; }
};

// From the id "role:policy_name", else from the attributes.
std::optional<Key> KeyOf(const std::string& id, const Value& attrs) {
  auto k = RoleScopedKey(id, ':', attrs, "policy_name");
  if (!k) return std::nullopt;
  return Key{k->first, k->second};
}

Observation ToObservation(const Address& address, const std::string& role,
                          const std::string& policy_name, const Value& document) {
  Observation o;
  o.address = address;
  o.exists = true;
  o.id = Key{role, policy_name}.id();
  o.attributes = {{"role", role}, {"policy_name", policy_name}, {"policy", document}};
  return o;
}

class RolePolicyHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s;
    s.kind = kRolePolicyKind;
    s.description = "An inline policy embedded in an IAM role.";
    AttributeSchema role = Attr("role", AttrType::kString, /*required=*/true, /*force_new=*/true);
    role.description = "Name of the role the policy is embedded in.";
    AttributeSchema name =
        Attr("policy_name", AttrType::kString, /*required=*/true, /*force_new=*/true);
    name.check = IamName(128);
    AttributeSchema policy =
        Attr("policy", AttrType::kObject, /*required=*/true, /*force_new=*/false);
    policy.normalize = NormalizePolicyDocument;
    policy.description = "Permissions policy document.";
    s.attributes = {role, name, policy};
    return s;
  }

  // IAM applies these at once; no failure of theirs is a propagation delay.
  bool IsPropagationDelay(const Status&) const override { return false; }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch& batch,
                                               const std::vector<ObserveItem>& items) override {
    CW_ASSIGN_OR_RETURN(auto snapshot, LoadSnapshot(ctx, batch, kRolePolicyKind));
    std::vector<Observation> out;
    for (const auto& item : items) {
      out.push_back(Missing(item.address));
      auto key = KeyOf(item.id, item.attributes);
      if (!key) continue;
      const RoleInfo* r = snapshot->FindRole(key->role);
      if (r == nullptr) continue;
      auto it = r->inline_policies.find(key->policy_name);
      if (it == r->inline_policies.end()) continue;
      out.back() = ToObservation(item.address, r->name, it->first, it->second);
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    auto key = KeyOf(item.id, item.attributes);
    if (!key) return Missing(item.address);
    auto r =
        Call(ctx, "GetRolePolicy", {{"RoleName", key->role}, {"PolicyName", key->policy_name}});
    if (!r.ok()) {
      if (r.status().IsNotFound()) return Missing(item.address);
      return r.status();
    }
    CW_ASSIGN_OR_RETURN(Value doc, ParseIamPolicyDocument(r->result.child_value("PolicyDocument")));
    return ToObservation(item.address, r->result.child_value("RoleName"),
                         r->result.child_value("PolicyName"), doc);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& request) override {
    return Put(ctx, "", request.attributes);
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& request) override {
    auto before = KeyOf(request.id, request.before);
    auto after = KeyOf("", request.after);
    if (before && after && before->id() != after->id()) {
      return Status::InvalidArgument("aws.iam.role_policy " + before->id() +
                                     ": role and policy_name cannot change in place");
    }
    return Put(ctx, request.id, request.after);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& request) override {
    auto key = KeyOf(request.id, request.attributes);
    if (!key) return Status::InvalidArgument("aws.iam.role_policy: delete needs role:policy_name");
    auto s =
        Call(ctx, "DeleteRolePolicy", {{"RoleName", key->role}, {"PolicyName", key->policy_name}});
    if (s.ok() || s.status().IsNotFound()) return Status::Ok();
    return s.status().WithContext("aws.iam.role_policy " + key->id());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& request) override {
    auto only_role = KnownString(request.scope, "role");
    CW_ASSIGN_OR_RETURN(auto snapshot, ReadSnapshot(ctx, NeedsOf(kRolePolicyKind)));
    std::vector<Observation> out;
    for (const auto& [_, r] : snapshot->roles) {
      if (only_role && Lower(*only_role) != Lower(r.name)) continue;
      for (const auto& [name, doc] : r.inline_policies) {
        Address a{kRolePolicyKind, ResourceName(r.name + "_" + name)};
        out.push_back(ToObservation(a, r.name, name, doc));
      }
    }
    return out;
  }

 private:
  static Result<ResourceResult> Put(AwsContext& ctx, const std::string& id, const Value& attrs) {
    auto key = KeyOf("", attrs);
    if (!key && !id.empty()) key = KeyOf(id, Value::object());
    if (!key)
      return Status::InvalidArgument("aws.iam.role_policy: role and policy_name must be strings");
    const std::string what = "aws.iam.role_policy " + key->id();
    CW_ASSIGN_OR_RETURN(std::string doc,
                        PolicyDocumentText(AttrOr(attrs, "policy", Value()), what + ": policy"));
    auto s =
        Call(ctx, "PutRolePolicy",
             {{"RoleName", key->role}, {"PolicyName", key->policy_name}, {"PolicyDocument", doc}});
    if (!s.ok()) {
      if (s.status().IsNotFound()) {
        return Status::NotFound(what + ": role " + key->role + " does not exist (" +
                                s.status().message() + ")");
      }
      return s.status().WithContext(what);
    }
    return ResourceResult{key->id(), attrs, Value::object()};
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewRolePolicyHandler() {
  return std::make_unique<RolePolicyHandler>();
}

}  // namespace causeway::aws::iam

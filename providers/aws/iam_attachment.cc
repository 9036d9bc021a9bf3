// aws.iam.role_policy_attachment: a managed policy attached to a role. Id: "role/policy_arn"
// (role names cannot contain '/'). Bulk observe reads the roles' AttachedManagedPolicies from the
// shared IAM snapshot; per-resource observe is ListAttachedRolePolicies. Create is
// AttachRolePolicy (idempotent, so it adopts), delete is DetachRolePolicy (a missing role or
// attachment is already deleted). Nothing changes in place.
// List scope: {"role": "name"} (optional).
#include <algorithm>

#include "providers/aws/iam_common.h"
#include "providers/aws/iam_handlers.h"

namespace causeway::aws::iam {

namespace {

struct Key {
  std::string role;
  std::string policy_arn;
  std::string id() const { return role + "/" + policy_arn; }
};

std::optional<Key> KeyOf(const std::string& id, const Value& attrs) {
  auto k = RoleScopedKey(id, '/', attrs, "policy_arn");
  if (!k) return std::nullopt;
  return Key{k->first, k->second};
}

Observation ToObservation(const Address& address, const std::string& role, const std::string& arn) {
  Observation o;
  o.address = address;
  o.exists = true;
  o.id = Key{role, arn}.id();
  o.attributes = {{"role", role}, {"policy_arn", arn}};
  return o;
}

class AttachmentHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s;
    s.kind = kAttachmentKind;
    s.description = "A managed IAM policy attached to a role.";
    AttributeSchema role = Attr("role", AttrType::kString, /*required=*/true, /*force_new=*/true);
    role.description = "Name of the role.";
    AttributeSchema arn =
        Attr("policy_arn", AttrType::kString, /*required=*/true, /*force_new=*/true);
    arn.description = "ARN of the managed policy (customer or AWS managed).";
    s.attributes = {role, arn};
    return s;
  }

  // IAM applies these at once; no failure of theirs is a propagation delay.
  bool IsPropagationDelay(const Status&) const override { return false; }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch& batch,
                                               const std::vector<ObserveItem>& items) override {
    CW_ASSIGN_OR_RETURN(auto snapshot, LoadSnapshot(ctx, batch, kAttachmentKind));
    std::vector<Observation> out;
    for (const auto& item : items) {
      out.push_back(Missing(item.address));
      auto key = KeyOf(item.id, item.attributes);
      if (!key) continue;
      const RoleInfo* r = snapshot->FindRole(key->role);
      if (r == nullptr) continue;
      if (std::find(r->attached.begin(), r->attached.end(), key->policy_arn) == r->attached.end()) {
        continue;
      }
      out.back() = ToObservation(item.address, r->name, key->policy_arn);
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    auto key = KeyOf(item.id, item.attributes);
    if (!key) return Missing(item.address);
    bool found = false;
    Status s = CallPaginated(ctx, "ListAttachedRolePolicies", {{"RoleName", key->role}},
                             [&](const pugi::xml_node& r) {
                               for (auto m : r.child("AttachedPolicies").children("member")) {
                                 if (key->policy_arn == m.child_value("PolicyArn")) found = true;
                               }
                               return Status::Ok();
                             });
    if (s.IsNotFound()) return Missing(item.address);
    if (!s.ok()) return s;
    if (!found) return Missing(item.address);
    return ToObservation(item.address, key->role, key->policy_arn);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& request) override {
    auto key = KeyOf("", request.attributes);
    if (!key) {
      return Status::InvalidArgument(
          "aws.iam.role_policy_attachment: role and policy_arn must be strings");
    }
    auto s =
        Call(ctx, "AttachRolePolicy", {{"RoleName", key->role}, {"PolicyArn", key->policy_arn}});
    if (!s.ok()) return s.status().WithContext("aws.iam.role_policy_attachment " + key->id());
    return ResourceResult{key->id(), request.attributes, Value::object()};
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& request) override {
    auto before = KeyOf(request.id, request.before);
    auto after = KeyOf("", request.after);
    if (!after) {
      return Status::InvalidArgument(
          "aws.iam.role_policy_attachment: role and policy_arn must be strings");
    }
    if (before && before->id() != after->id()) {
      return Status::InvalidArgument("aws.iam.role_policy_attachment " + before->id() +
                                     ": role and policy_arn cannot change in place");
    }
    // Nothing can change in place; make sure the attachment is there (idempotent).
    return Create(ctx, CreateRequest{request.address, request.after});
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& request) override {
    auto key = KeyOf(request.id, request.attributes);
    if (!key) {
      return Status::InvalidArgument(
          "aws.iam.role_policy_attachment: delete needs role/policy_arn");
    }
    auto s =
        Call(ctx, "DetachRolePolicy", {{"RoleName", key->role}, {"PolicyArn", key->policy_arn}});
    if (s.ok() || s.status().IsNotFound()) return Status::Ok();
    return s.status().WithContext("aws.iam.role_policy_attachment " + key->id());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& request) override {
    auto only_role = KnownString(request.scope, "role");
    CW_ASSIGN_OR_RETURN(auto snapshot, ReadSnapshot(ctx, NeedsOf(kAttachmentKind)));
    std::vector<Observation> out;
    for (const auto& [_, r] : snapshot->roles) {
      if (only_role && Lower(*only_role) != Lower(r.name)) continue;
      for (const auto& arn : r.attached) {
        std::string policy = arn.substr(arn.rfind('/') + 1);
        Address a{kAttachmentKind, ResourceName(r.name + "_" + policy)};
        out.push_back(ToObservation(a, r.name, arn));
      }
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewAttachmentHandler() {
  return std::make_unique<AttachmentHandler>();
}

}  // namespace causeway::aws::iam

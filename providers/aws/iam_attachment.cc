// aws.iam.role_policy_attachment: a managed policy attached to a role (attributes: the table
// below). Id: "role/policy_arn" (role names cannot contain '/'). Bulk observe reads the roles'
// AttachedManagedPolicies from the shared IAM snapshot; per-resource observe is
// ListAttachedRolePolicies. Create is AttachRolePolicy (idempotent, so it adopts), delete is
// DetachRolePolicy (a missing role or attachment is already deleted). Nothing changes in place.
// List scope: {"role": "name"} (optional).
#include <algorithm>

#include "providers/aws/iam_common.h"
#include "providers/aws/iam_handlers.h"
#include "reconciler/core/ascii.h"

namespace causeway::aws::iam {

namespace {

using kit::Attribute;

// One row per attribute: where AttachRolePolicy takes it.
const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("role").Describe("Name of the role.").Required().ForceNew().Wire("RoleName"),
    Attribute("policy_arn").Describe("ARN of the managed policy (customer or AWS managed).")
        .Required().ForceNew().Wire("PolicyArn"),
  });
  // clang-format on
  return table;
}

// {role, policy_arn} from the id "role/policy_arn", else from the attributes.
std::optional<RoleScopedKey> Key(const std::string& id, const Value& attrs) {
  return KeyOf(id, '/', attrs, "policy_arn");
}

std::string What(const std::string& id) {
  return id.empty() ? kAttachmentKind : std::string(kAttachmentKind) + " " + id;
}

Observation Observed(const Address& address, const std::string& role, const std::string& arn) {
  Observation o = Missing(address);
  o.exists = true;
  o.id = RoleScopedKey{role, arn, '/'}.id();
  o.attributes = {{"role", role}, {"policy_arn", arn}};
  return o;
}

class AttachmentHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return Table().Schema(kAttachmentKind, "A managed IAM policy attached to a role.",
                          {"role", "policy_arn"});
  }

  // IAM applies these at once; no failure of theirs is a propagation delay.
  bool IsPropagationDelay(const Status&) const override { return false; }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch& batch,
                                               const std::vector<ObserveItem>& items) override {
    CW_ASSIGN_OR_RETURN(auto snapshot, LoadSnapshot(ctx, batch, kAttachmentKind));
    std::vector<Observation> out;
    for (const auto& item : items) {
      out.push_back(Missing(item.address));
      auto key = Key(item.id, item.attributes);
      const RoleEntry* r = key ? snapshot->FindRole(key->role) : nullptr;
      if (r == nullptr ||
          std::find(r->attached.begin(), r->attached.end(), key->part) == r->attached.end()) {
        continue;
      }
      out.back() = Observed(item.address, r->name, key->part);
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    auto key = Key(item.id, item.attributes);
    if (!key) return Missing(item.address);
    bool found = false;
    Status s = Paginate(ctx, "ListAttachedRolePolicies", {{"RoleName", key->role}}, [&](auto page) {
      return Reader(*page, "ListAttachedRolePolicies")
          .ForEach("AttachedPolicies", [&](const kit::ReplyReader& m) -> Status {
            CW_ASSIGN_OR_RETURN(auto arn, m.String("PolicyArn"));
            found = found || arn == key->part;
            return Status::Ok();
          });
    });
    if (s.IsNotFound() || (s.ok() && !found)) return Missing(item.address);
    if (!s.ok()) return s.WithContext(item.address.str());
    return Observed(item.address, key->role, key->part);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    auto key = Key("", req.attributes);
    if (!key) return Status::InvalidArgument(What("") + ": role and policy_arn must be strings");
    auto s = Call(ctx, "AttachRolePolicy", Table().CreateBody(req.attributes));
    if (!s.ok()) return s.status().WithContext(What(key->id()));
    return ResourceResult{key->id(), Table().Settled(req.attributes), Value::object()};
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    auto key = Key("", req.after);
    CW_RETURN_IF_ERROR(RefuseInPlace(Table(), What(key ? key->id() : req.id), "the attachment",
                                     req.before, req.after, req.changed));
    // Nothing can change in place; make sure the attachment is there (idempotent).
    return Create(ctx, CreateRequest{req.address, req.after});
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    auto key = Key(req.id, req.attributes);
    if (!key) return Status::InvalidArgument(What("") + ": delete needs role/policy_arn");
    auto s = Call(ctx, "DetachRolePolicy", {{"RoleName", key->role}, {"PolicyArn", key->part}});
    if (s.ok() || s.status().IsNotFound()) return Status::Ok();
    return s.status().WithContext(What(key->id()));
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::string only_role = Lower(kit::StringAttr(req.scope, "role"));
    CW_ASSIGN_OR_RETURN(auto snapshot, ReadSnapshot(ctx, NeedsOf(kAttachmentKind)));
    std::vector<Observation> out;
    for (const auto& [lower_role, r] : snapshot->roles) {
      if (!only_role.empty() && only_role != lower_role) continue;
      for (const auto& arn : r.attached) {
        std::string policy = arn.substr(arn.rfind('/') + 1);
        out.push_back(
            Observed(Address{kAttachmentKind, ResourceName(r.name + "_" + policy)}, r.name, arn));
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

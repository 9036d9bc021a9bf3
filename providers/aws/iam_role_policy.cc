// aws.iam.role_policy: an inline policy of a role (attributes: the table below). Id:
// "role:policy_name". Bulk observe reads the roles' RolePolicyList from the shared IAM snapshot;
// per-resource observe is one GetRolePolicy. Create and update are PutRolePolicy with the whole
// policy (an upsert, so create adopts); delete is DeleteRolePolicy (a missing role or policy is
// already deleted). List scope: {"role": "name"} (optional; every role's inline policies
// otherwise).
#include "providers/aws/iam_common.h"
#include "providers/aws/iam_handlers.h"
#include "providers/aws/policy_document.h"
#include "providers/aws/value_checks.h"
#include "reconciler/core/ascii.h"

namespace causeway::aws::iam {

namespace {

using kit::Attribute;

// One row per attribute: its schema, where GetRolePolicy has it, where PutRolePolicy takes it.
const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("role").Describe("Name of the role the policy is embedded in.").Required()
        .ForceNew().Wire("RoleName"),
    Attribute("policy_name").Required().ForceNew().Check(IamName(128)).Wire("PolicyName"),
    Attribute("policy", AttrType::kObject).Describe("Permissions policy document.").Required()
        .Normalize(NormalizePolicyDocument).Wire("PolicyDocument")
        .Convert(DocumentToWire, DocumentFromWire),
  });
  // clang-format on
  return table;
}

// {role, policy_name} from the id "role:policy_name", else from the attributes.
std::optional<RoleScopedKey> Key(const std::string& id, const Value& attrs) {
  return KeyOf(id, ':', attrs, "policy_name");
}

std::string What(const std::string& id) {
  return id.empty() ? kRolePolicyKind : std::string(kRolePolicyKind) + " " + id;
}

// The policy read from `reply`; its role is `role` when the reply does not name it (a
// RolePolicyList member of the snapshot).
Result<Observation> Observed(const Address& address, const kit::ReplyReader& reply,
                             const std::string& role) {
  return ObservedAt(address, [&](Observation* o) -> Status {
    CW_RETURN_IF_ERROR(Table().Read(reply, &o->attributes, &o->outputs));
    CW_ASSIGN_OR_RETURN(std::string name, reply.RequiredString("PolicyName"));
    CW_ASSIGN_OR_RETURN(std::string live_role, reply.StringOr("RoleName", role));
    o->attributes["role"] = live_role;
    o->id = RoleScopedKey{live_role, name, ':'}.id();
    return Status::Ok();
  });
}

class RolePolicyHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return Table().Schema(kRolePolicyKind, "An inline policy embedded in an IAM role.",
                          {"role", "policy_name"});
  }

  // IAM applies these at once; no failure of theirs is a propagation delay.
  bool IsPropagationDelay(const Status&) const override { return false; }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch& batch,
                                               const std::vector<ObserveItem>& items) override {
    CW_ASSIGN_OR_RETURN(auto snapshot, LoadSnapshot(ctx, batch, kRolePolicyKind));
    std::vector<Observation> out;
    for (const auto& item : items) {
      out.push_back(Missing(item.address));
      auto key = Key(item.id, item.attributes);
      const RoleEntry* r = key ? snapshot->FindRole(key->role) : nullptr;
      if (r == nullptr) continue;
      auto it = r->inline_policies.find(key->part);
      if (it == r->inline_policies.end()) continue;
      CW_ASSIGN_OR_RETURN(out.back(), Observed(item.address, it->second, r->name));
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    auto key = Key(item.id, item.attributes);
    if (!key) return Missing(item.address);
    auto r = Call(ctx, "GetRolePolicy", {{"RoleName", key->role}, {"PolicyName", key->part}});
    if (!r.ok() && r.status().IsNotFound()) return Missing(item.address);
    if (!r.ok()) return r.status().WithContext(item.address.str());
    return Observed(item.address, Reader(*r, "GetRolePolicy"), key->role);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    return Put(ctx, Key("", req.attributes), req.attributes);
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    auto key = Key("", req.after);
    if (!key) key = Key(req.id, Value::object());
    CW_RETURN_IF_ERROR(RefuseInPlace(Table(), What(key ? key->id() : ""), "the policy", req.before,
                                     req.after, req.changed));
    return Put(ctx, key, req.after);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    auto key = Key(req.id, req.attributes);
    if (!key) return Status::InvalidArgument(What("") + ": delete needs role:policy_name");
    auto s = Call(ctx, "DeleteRolePolicy", {{"RoleName", key->role}, {"PolicyName", key->part}});
    if (s.ok() || s.status().IsNotFound()) return Status::Ok();
    return s.status().WithContext(What(key->id()));
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::string only_role = Lower(kit::StringAttr(req.scope, "role"));
    CW_ASSIGN_OR_RETURN(auto snapshot, ReadSnapshot(ctx, NeedsOf(kRolePolicyKind)));
    std::vector<Observation> out;
    for (const auto& [lower_role, r] : snapshot->roles) {
      if (!only_role.empty() && only_role != lower_role) continue;
      for (const auto& [name, policy] : r.inline_policies) {
        Address a{kRolePolicyKind, ResourceName(r.name + "_" + name)};
        CW_ASSIGN_OR_RETURN(Observation o, Observed(a, policy, r.name));
        out.push_back(std::move(o));
      }
    }
    return out;
  }

 private:
  static Result<ResourceResult> Put(AwsContext& ctx, const std::optional<RoleScopedKey>& key,
                                    const Value& attrs) {
    if (!key) return Status::InvalidArgument(What("") + ": role and policy_name must be strings");
    const std::string what = What(key->id());
    CW_RETURN_IF_ERROR(CheckDocument(attrs, "policy", what));
    Value body = Table().FullBody(attrs);
    body["RoleName"] = key->role;
    body["PolicyName"] = key->part;
    auto s = Call(ctx, "PutRolePolicy", body);
    if (!s.ok() && s.status().IsNotFound()) {
      return Status::NotFound(what + ": role " + key->role + " does not exist (" +
                              s.status().message() + ")");
    }
    if (!s.ok()) return s.status().WithContext(what);
    return ResourceResult{key->id(), Table().Settled(attrs), Value::object()};
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewRolePolicyHandler() {
  return std::make_unique<RolePolicyHandler>();
}

}  // namespace causeway::aws::iam

// aws.iam.role: an IAM role with its trust policy, description, path, max session duration and
// tags (attributes: the table below); outputs arn and role_id. Id: the role name.
// Bulk observe reads the IAM snapshot (GetAccountAuthorizationDetails + ListRoles, shared with
// the other IAM kinds of the batch); per-resource observe is one GetRole. Create is CreateRole;
// EntityAlreadyExists adopts the role when its path matches and brings it to the manifest.
// Update sends only what changed: UpdateAssumeRolePolicy, UpdateRole (description, max session
// duration), UntagRole/TagRole. Delete is DeleteRole: the engine deletes the role's
// aws.iam.role_policy and aws.iam.role_policy_attachment resources first (they depend on the
// role); policies Causeway does not manage make DeleteRole fail with a Conflict that says so.
// List scope: {"path_prefix": "/service/"} (optional).
#include "providers/aws/iam_common.h"
#include "providers/aws/iam_handlers.h"
#include "providers/aws/policy_document.h"
#include "providers/aws/value_checks.h"
#include "providers/kit/value_checks.h"

namespace causeway::aws::iam {

namespace {

using kit::Attribute;

// A valid trust policy that trusts nobody: what a role is created with while the real trust
// policy still waits for another resource's output (a dependency cycle).
Value TrustsNobody() {
  return Value::parse(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},)"
      R"("Action":"sts:AssumeRole"}]})");
}

// One row per attribute: its schema, where a <Role> has it, where CreateRole and the update
// calls take it. Tags change through TagRole/UntagRole diffs (the handler's "" call).
const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("role_name").Describe("Role name (unique in the account, case-insensitively).")
        .Required().ForceNew().Check(IamName(64)).Wire("RoleName"),
    Attribute("assume_role_policy", AttrType::kObject).Required()
        .Describe("Trust policy document (who may assume the role).")
        .UpdatableAfterCreate(TrustsNobody()).Normalize(NormalizePolicyDocument)
        .Wire("AssumeRolePolicyDocument").Convert(DocumentToWire, DocumentFromWire)
        .Update("UpdateAssumeRolePolicy", "PolicyDocument"),
    Attribute("description").Default("").Wire("Description").Update("UpdateRole"),
    Attribute("path").Default("/").ForceNew().Check(IamPath()).Wire("Path"),
    Attribute("max_session_duration", AttrType::kInteger).Default(3600)
        .Describe("Maximum session duration in seconds (3600-43200).")
        .Check(kit::IntegerBetween(3600, 43200)).Wire("MaxSessionDuration").Update("UpdateRole"),
    Attribute("tags", AttrType::kMap).Default(Value::object()).Check(AwsTags()).Wire("Tags")
        .Convert(TagsToWire, TagsFromWire),
    Attribute("arn").Computed().ReadFrom("Arn"),
    Attribute("role_id").Computed().ReadFrom("RoleId"),
  });
  // clang-format on
  return table;
}

std::string What(const std::string& name) {
  return name.empty() ? kRoleKind : std::string(kRoleKind) + " " + name;
}

// The role at `path` of `reply` (a <Role>, a RoleDetail), with the fields of its ListRoles member.
Result<Observation> Observed(const Address& address, const kit::ReplyReader& reply,
                             const char* path,
                             const std::optional<kit::ReplyReader>& listed = std::nullopt) {
  return ObservedAt(address, [&](Observation* o) -> Status {
    CW_ASSIGN_OR_RETURN(kit::ReplyReader role, reply.At(path));
    CW_RETURN_IF_ERROR(Table().Read(role, &o->attributes, &o->outputs));
    // RoleDetail (the snapshot) lacks these; its ListRoles member has them.
    if (listed) {
      CW_RETURN_IF_ERROR(Rows(Table(), {"description", "max_session_duration"})
                             .Read(*listed, &o->attributes, &o->outputs));
    }
    CW_ASSIGN_OR_RETURN(o->id, role.RequiredString("RoleName"));
    return Status::Ok();
  });
}

Result<Observation> Get(AwsContext& ctx, const Address& address, const std::string& name) {
  auto r = Call(ctx, "GetRole", {{"RoleName", name}});
  if (!r.ok()) return r.status().WithContext(address.str());
  return Observed(address, Reader(*r, "GetRole"), "Role");
}

class RoleHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s = Table().Schema(
        kRoleKind, "An IAM role: trust policy, description, path, session duration and tags.",
        {"role_name"});
    s.change_note =
        "IAM changes take seconds to propagate: steps that depend on this role retry "
        "'unable to assume role' errors with backoff (providers.aws.propagation_timeout_seconds, "
        "default 60)";
    s.exclusive_removes = "inline policies and attached managed policies no manifest declares";
    return s;
  }

  bool IsPropagationDelay(const Status& status) const override {
    return IsIamPropagationDelay(status);
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch& batch,
                                               const std::vector<ObserveItem>& items) override {
    CW_ASSIGN_OR_RETURN(auto snapshot, LoadSnapshot(ctx, batch, kRoleKind));
    std::vector<Observation> out;
    for (const auto& item : items) {
      const RoleEntry* r = snapshot->FindRole(kit::IdOr(item.id, item.attributes, "role_name"));
      if (r == nullptr) {
        out.push_back(Missing(item.address));
        continue;
      }
      CW_ASSIGN_OR_RETURN(Observation o, Observed(item.address, r->detail, "", r->listed));
      out.push_back(std::move(o));
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    std::string name = kit::IdOr(item.id, item.attributes, "role_name");
    if (name.empty()) return Missing(item.address);
    auto o = Get(ctx, item.address, name);
    return !o.ok() && o.status().IsNotFound() ? Missing(item.address) : o;
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    Value a = Table().WithDefaults(req.attributes);
    std::string name = kit::StringAttr(a, "role_name");
    if (name.empty()) return Status::InvalidArgument(What("") + ": role_name must be a string");
    CW_RETURN_IF_ERROR(CheckDocument(a, "assume_role_policy", What(name)));
    auto created = Call(ctx, "CreateRole", Table().CreateBody(a));
    if (!created.ok() && created.status().provider_code() == "EntityAlreadyExists") {
      return Adopt(ctx, req.address, name, a);
    }
    if (!created.ok()) return created.status().WithContext(What(name));
    CW_ASSIGN_OR_RETURN(Observation o,
                        Observed(req.address, Reader(*created, "CreateRole"), "Role"));
    return ResourceResult{name, Table().Settled(a), o.outputs};
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    Value after = Table().WithDefaults(req.after);
    std::string name = kit::IdOr(req.id, after, "role_name");
    if (name.empty()) return Status::InvalidArgument(What("") + ": role_name must be a string");
    CW_RETURN_IF_ERROR(
        RefuseInPlace(Table(), What(name), "the role", req.before, after, req.changed));
    CW_RETURN_IF_ERROR(CheckDocument(after, "assume_role_policy", What(name)));
    return UpdateTo(ctx, req.address, name, req.before, after, req.changed);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string name = kit::IdOr(req.id, req.attributes, "role_name");
    if (name.empty()) return Status::InvalidArgument(What("") + ": delete needs the role name");
    auto s = Call(ctx, "DeleteRole", {{"RoleName", name}});
    if (s.ok() || s.status().IsNotFound()) return Status::Ok();
    if (s.status().provider_code() == "DeleteConflict") {
      return Status::Conflict(
          What(name) +
          ": cannot delete a role that still has inline or attached managed policies (" +
          s.status().message() +
          "); delete its aws.iam.role_policy / aws.iam.role_policy_attachment resources, or "
          "remove the policies Causeway does not manage, first");
    }
    return s.status().WithContext(What(name));
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::string prefix = kit::StringAttr(req.scope, "path_prefix");
    CW_ASSIGN_OR_RETURN(auto snapshot, ReadSnapshot(ctx, NeedsOf(kRoleKind)));
    std::vector<Observation> out;
    for (const auto& [_, r] : snapshot->roles) {
      CW_ASSIGN_OR_RETURN(Observation o, Observed(Address{kRoleKind, ResourceName(r.name)},
                                                  r.detail, "", r.listed));
      if (kit::StringAttr(o.attributes, "path").rfind(prefix, 0) != 0) continue;
      out.push_back(std::move(o));
    }
    return out;
  }

 private:
  // Moves the live role from `before` to `after` with the table's update calls.
  static Result<ResourceResult> UpdateTo(AwsContext& ctx, const Address& address,
                                         const std::string& name, const Value& before, Value after,
                                         const std::vector<std::string>& changed) {
    for (auto& u : Table().Updates(before, after, changed)) {
      Status s;
      if (u.call.empty()) {  // tags
        Value old_tags = Table().WithDefaults(before)["tags"];
        s = SyncTags(ctx, "Role", {{"RoleName", name}}, old_tags, after["tags"]);
      } else {
        u.body["RoleName"] = name;
        s = Call(ctx, u.call, u.body).status();
      }
      if (!s.ok()) return s.WithContext(What(name));
    }
    CW_ASSIGN_OR_RETURN(Observation live, Get(ctx, address, name));
    return ResourceResult{name, Table().Settled(after), live.outputs};
  }

  // The role exists already: adopt it, bringing what can change in place to the manifest.
  static Result<ResourceResult> Adopt(AwsContext& ctx, const Address& address,
                                      const std::string& name, const Value& attrs) {
    CW_ASSIGN_OR_RETURN(Observation live, Get(ctx, address, name));
    std::string path = kit::StringAttr(live.attributes, "path");
    if (path != kit::StringAttr(attrs, "path")) {
      return Status::Conflict(What(name) + " already exists with path " + path + ", not " +
                              kit::StringAttr(attrs, "path") +
                              "; change the manifest's path or remove the existing role");
    }
    return UpdateTo(ctx, address, name, live.attributes, attrs, {});
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewRoleHandler() { return std::make_unique<RoleHandler>(); }

}  // namespace causeway::aws::iam

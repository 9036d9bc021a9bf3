// aws.iam.role: an IAM role with its trust policy, description, path, max session duration and
// tags; outputs arn and role_id. Id: the role name.
// Bulk observe reads the IAM snapshot (GetAccountAuthorizationDetails + ListRoles, shared with
// the other IAM kinds of the batch); per-resource observe is one GetRole. Update sends only what
// changed: UpdateAssumeRolePolicy, UpdateRole (description, max session duration),
// UntagRole/TagRole. Delete is DeleteRole: the engine deletes the role's aws.iam.role_policy and
// aws.iam.role_policy_attachment resources first (they depend on the role); policies Causeway
// does not manage make DeleteRole fail with a Conflict that says so.
// List scope: {"path_prefix": "/service/"} (optional).
#include <cmath>

#include "providers/aws/iam_common.h"
#include "providers/aws/iam_handlers.h"
#include "providers/aws/policy_document.h"
#include "providers/aws/value_checks.h"

namespace causeway::aws::iam {

namespace {

// A valid trust policy that trusts nobody: what a role is created with while the real trust
// policy still waits for another resource's output (a dependency cycle).
Value TrustsNobody() {
  return Value::parse(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},)"
      R"("Action":"sts:AssumeRole"}]})");
}

Observation ToObservation(const Address& address, const RoleInfo& r) {
  Observation o;
  o.address = address;
  o.exists = true;
  o.id = r.name;
  o.attributes = {{"role_name", r.name},
                  {"assume_role_policy", r.trust},
                  {"description", r.description},
                  {"path", r.path},
                  {"max_session_duration", r.max_session_duration},
                  {"tags", r.tags}};
  o.outputs = {{"arn", r.arn}, {"role_id", r.role_id}};
  return o;
}

Result<int> SessionSeconds(const Value& attrs) {
  Value v = AttrOr(attrs, "max_session_duration", 3600);
  if (!v.is_number()) return Status::InvalidArgument("max_session_duration must be a number");
  double d = v.get<double>();
  if (d != std::floor(d)) {
    return Status::InvalidArgument("max_session_duration must be a whole number of seconds");
  }
  return static_cast<int>(d);
}

std::optional<std::string> RoleName(const std::string& id, const Value& attrs) {
  if (!id.empty()) return id;
  return KnownString(attrs, "role_name");
}

class RoleHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s;
    s.kind = kRoleKind;
    s.description = "An IAM role: trust policy, description, path, session duration and tags.";
    s.change_note =
        "IAM changes take seconds to propagate: steps that depend on this role retry "
        "'unable to assume role' errors with backoff (providers.aws.propagation_timeout_seconds, "
        "default 60)";
    AttributeSchema name =
        Attr("role_name", AttrType::kString, /*required=*/true, /*force_new=*/true);
    name.description = "Role name (unique in the account, case-insensitively).";
    name.check = IamName(64);
    AttributeSchema trust =
        Attr("assume_role_policy", AttrType::kObject, /*required=*/true, /*force_new=*/false);
    trust.updatable_after_create = true;
    trust.bootstrap = TrustsNobody();
    trust.normalize = NormalizePolicyDocument;
    trust.description = "Trust policy document (who may assume the role).";
    AttributeSchema description =
        Attr("description", AttrType::kString, /*required=*/false, /*force_new=*/false);
    description.default_value = Value("");
    AttributeSchema path = Attr("path", AttrType::kString, /*required=*/false, /*force_new=*/true);
    path.default_value = Value("/");
    path.check = IamPath();
    AttributeSchema session =
        Attr("max_session_duration", AttrType::kNumber, /*required=*/false, /*force_new=*/false);
    session.default_value = Value(3600);
    session.description = "Maximum session duration in seconds (3600-43200).";
    session.check = IntegerBetween(3600, 43200);
    AttributeSchema tags = Attr("tags", AttrType::kMap, /*required=*/false, /*force_new=*/false);
    tags.default_value = Value::object();
    tags.check = AwsTags();
    AttributeSchema arn = Computed("arn");
    AttributeSchema role_id = Computed("role_id");
    s.attributes = {name, trust, description, path, session, tags, arn, role_id};
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
      auto name = RoleName(item.id, item.attributes);
      const RoleInfo* r = name ? snapshot->FindRole(*name) : nullptr;
      if (r == nullptr) {
        out.push_back(Missing(item.address));
      } else {
        out.push_back(ToObservation(item.address, *r));
      }
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    auto name = RoleName(item.id, item.attributes);
    if (!name) return Missing(item.address);
    auto r = Get(ctx, *name);
    if (!r.ok()) {
      if (r.status().IsNotFound()) return Missing(item.address);
      return r.status();
    }
    return ToObservation(item.address, *r);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& request) override {
    const KindSchema schema = Schema();
    Value attrs = WithDefaults(schema, request.attributes);
    auto name = KnownString(attrs, "role_name");
    if (!name) return Status::InvalidArgument("aws.iam.role: role_name must be a string");
    const std::string what = "aws.iam.role " + *name;
    CW_ASSIGN_OR_RETURN(std::string trust, PolicyDocumentText(attrs["assume_role_policy"],
                                                              what + ": assume_role_policy"));
    auto session = SessionSeconds(attrs);
    if (!session.ok()) return session.status().WithContext(what);
    std::string path = KnownString(attrs, "path").value_or("/");
    std::string description = KnownString(attrs, "description").value_or("");
    Params p{{"RoleName", *name},
             {"Path", path},
             {"AssumeRolePolicyDocument", trust},
             {"MaxSessionDuration", std::to_string(*session)}};
    if (!description.empty()) p.emplace_back("Description", description);
    AppendTags(&p, attrs["tags"]);
    auto created = Call(ctx, "CreateRole", p);
    if (!created.ok()) {
      if (created.status().provider_code() == "EntityAlreadyExists") {
        return Adopt(ctx, request.address, *name, attrs);
      }
      return created.status().WithContext(what);
    }
    RoleInfo r = RoleFromXml(created->result.child("Role"));
    return ResourceResult{r.name, attrs, {{"arn", r.arn}, {"role_id", r.role_id}}};
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& request) override {
    const KindSchema schema = Schema();
    Value after = WithDefaults(schema, request.after);
    auto name = RoleName(request.id, after);
    if (!name) return Status::InvalidArgument("aws.iam.role: role_name must be a string");
    const std::string what = "aws.iam.role " + *name;
    for (const char* fixed : {"role_name", "path"}) {
      if (!request.before.is_object() || !request.before.contains(fixed)) continue;
      if (NeedsUpdate(schema, request, fixed)) {
        return Status::InvalidArgument(what + ": " + fixed +
                                       " cannot be changed in place; the role must be replaced");
      }
    }
    if (NeedsUpdate(schema, request, "assume_role_policy")) {
      CW_ASSIGN_OR_RETURN(std::string trust, PolicyDocumentText(after["assume_role_policy"],
                                                                what + ": assume_role_policy"));
      auto s =
          Call(ctx, "UpdateAssumeRolePolicy", {{"RoleName", *name}, {"PolicyDocument", trust}});
      if (!s.ok()) return s.status().WithContext(what);
    }
    Params update{{"RoleName", *name}};
    if (NeedsUpdate(schema, request, "description")) {
      update.emplace_back("Description", KnownString(after, "description").value_or(""));
    }
    if (NeedsUpdate(schema, request, "max_session_duration")) {
      auto session = SessionSeconds(after);
      if (!session.ok()) return session.status().WithContext(what);
      update.emplace_back("MaxSessionDuration", std::to_string(*session));
    }
    if (update.size() > 1) {
      auto s = Call(ctx, "UpdateRole", update);
      if (!s.ok()) return s.status().WithContext(what);
    }
    if (NeedsUpdate(schema, request, "tags")) {
      Status s = SyncTags(ctx, "TagRole", "UntagRole", "RoleName", *name,
                          AttrOr(request.before, "tags", Value::object()), after["tags"]);
      if (!s.ok()) return s.WithContext(what);
    }
    auto live = Get(ctx, *name);
    if (!live.ok()) return live.status().WithContext(what);
    return ResourceResult{live->name, after, {{"arn", live->arn}, {"role_id", live->role_id}}};
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& request) override {
    auto name = RoleName(request.id, request.attributes);
    if (!name) return Status::InvalidArgument("aws.iam.role: delete needs the role name");
    auto s = Call(ctx, "DeleteRole", {{"RoleName", *name}});
    if (s.ok() || s.status().IsNotFound()) return Status::Ok();
    if (s.status().provider_code() == "DeleteConflict") {
      return Status::Conflict(
          "aws.iam.role " + *name +
          ": cannot delete a role that still has inline or attached managed policies (" +
          s.status().message() +
          "); delete its aws.iam.role_policy / aws.iam.role_policy_attachment resources, or "
          "remove the policies Causeway does not manage, first");
    }
    return s.status().WithContext("aws.iam.role " + *name);
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& request) override {
    std::string prefix = KnownString(request.scope, "path_prefix").value_or("/");
    CW_ASSIGN_OR_RETURN(auto snapshot, ReadSnapshot(ctx, NeedsOf(kRoleKind)));
    std::vector<Observation> out;
    for (const auto& [_, r] : snapshot->roles) {
      if (r.path.rfind(prefix, 0) != 0) continue;
      out.push_back(ToObservation(Address{kRoleKind, ResourceName(r.name)}, r));
    }
    return out;
  }

 private:
  static Result<RoleInfo> Get(AwsContext& ctx, const std::string& name) {
    CW_ASSIGN_OR_RETURN(Reply r, Call(ctx, "GetRole", {{"RoleName", name}}));
    return RoleFromXml(r.result.child("Role"));
  }

  // The role exists already: adopt it, bringing what can change in place to the manifest.
  Result<ResourceResult> Adopt(AwsContext& ctx, const Address& address, const std::string& name,
                               const Value& attrs) {
    const std::string what = "aws.iam.role " + name;
    auto live = Get(ctx, name);
    if (!live.ok()) return live.status().WithContext(what);
    std::string path = KnownString(attrs, "path").value_or("/");
    if (live->path != path) {
      return Status::Conflict(what + " already exists with path " + live->path + ", not " + path +
                              "; change the manifest's path or remove the existing role");
    }
    UpdateRequest u;
    u.address = address;
    u.id = live->name;
    u.before = ToObservation(address, *live).attributes;
    u.after = attrs;
    return Update(ctx, u);
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewRoleHandler() { return std::make_unique<RoleHandler>(); }

}  // namespace causeway::aws::iam

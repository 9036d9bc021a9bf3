// aws.iam.policy: a customer managed policy; outputs arn, policy_id, default_version_id.
// Id: the policy ARN (natural key policy_name + path, ARN built from the caller's account id).
// Bulk observe reads local managed policies with their versions from the shared IAM snapshot
// (GetAccountAuthorizationDetails, default version's document) plus one ListPolicyTags per
// observed policy (no listing returns managed-policy tags). Per-resource observe is GetPolicy +
// GetPolicyVersion. A document change is a new default version (CreatePolicyVersion with
// SetAsDefault), deleting the oldest non-default version first when IAM's limit of 5 is reached;
// tags change with UntagPolicy/TagPolicy. The description cannot change in IAM (force_new).
// Delete removes the non-default versions, then DeletePolicy; a policy still attached to
// entities fails with a Conflict that says so.
// List scope: {"path_prefix": "/team/"} (optional).
#include <algorithm>

#include "providers/aws/iam_common.h"
#include "providers/aws/iam_handlers.h"
#include "providers/aws/policy_document.h"
#include "providers/aws/value_checks.h"

namespace causeway::aws::iam {

namespace {

constexpr size_t kMaxVersions = 5;

Observation ToObservation(const Address& address, const PolicyInfo& p, const Value& tags) {
  Observation o;
  o.address = address;
  o.exists = true;
  o.id = p.arn;
  o.attributes = {{"policy_name", p.name},
                  {"path", p.path},
                  {"description", p.description},
                  {"policy", p.document},
                  {"tags", tags}};
  o.outputs = {
      {"arn", p.arn}, {"policy_id", p.policy_id}, {"default_version_id", p.default_version_id}};
  return o;
}

std::optional<std::string> ArnOf(const AwsContext& ctx, const std::string& id, const Value& attrs) {
  if (!id.empty()) return id;
  auto name = KnownString(attrs, "policy_name");
  if (!name) return std::nullopt;
  const Value path = AttrOr(attrs, "path", "/");
  if (!path.is_string()) return std::nullopt;
  return PolicyArn(ctx, path.get<std::string>(), *name);
}

int VersionNumber(const std::string& id) {
  if (id.size() < 2 || id[0] != 'v') return 0;
  return ParseInteger<int>(std::string_view(id).substr(1)).value_or(0);
}

Result<Value> ListTags(AwsContext& ctx, const std::string& arn) {
  Value tags = Value::object();
  CW_RETURN_IF_ERROR(
      CallPaginated(ctx, "ListPolicyTags", {{"PolicyArn", arn}}, [&](const pugi::xml_node& r) {
        tags.update(TagsFromXml(r.child("Tags")));
        return Status::Ok();
      }));
  return tags;
}

class PolicyHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s;
    s.kind = kPolicyKind;
    s.description = "A customer managed IAM policy.";
    AttributeSchema name =
        Attr("policy_name", AttrType::kString, /*required=*/true, /*force_new=*/true);
    name.check = IamName(128);
    AttributeSchema path = Attr("path", AttrType::kString, /*required=*/false, /*force_new=*/true);
    path.default_value = Value("/");
    path.check = IamPath();
    AttributeSchema description =
        Attr("description", AttrType::kString, /*required=*/false, /*force_new=*/true);
    description.default_value = Value("");
    description.description = "IAM cannot change a policy's description: a change replaces it.";
    AttributeSchema policy =
        Attr("policy", AttrType::kObject, /*required=*/true, /*force_new=*/false);
    policy.normalize = NormalizePolicyDocument;
    policy.description = "Permissions policy document (its default version).";
    AttributeSchema tags = Attr("tags", AttrType::kMap, /*required=*/false, /*force_new=*/false);
    tags.default_value = Value::object();
    tags.check = AwsTags();
    AttributeSchema arn = Computed("arn");
    AttributeSchema id = Computed("policy_id");
    AttributeSchema version = Computed("default_version_id");
    s.attributes = {name, path, description, policy, tags, arn, id, version};
    return s;
  }

  // IAM applies these at once; no failure of theirs is a propagation delay.
  bool IsPropagationDelay(const Status&) const override { return false; }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch& batch,
                                               const std::vector<ObserveItem>& items) override {
    CW_ASSIGN_OR_RETURN(auto snapshot, LoadSnapshot(ctx, batch, kPolicyKind));
    std::vector<Observation> out;
    for (const auto& item : items) {
      out.push_back(Missing(item.address));
      auto arn = ArnOf(ctx, item.id, item.attributes);
      const PolicyInfo* p = arn ? snapshot->FindPolicy(*arn) : nullptr;
      if (p == nullptr) continue;
      // Listings return no tags for managed policies: one ListPolicyTags per observed policy.
      auto tags = ListTags(ctx, p->arn);
      if (!tags.ok()) {
        if (tags.status().IsNotFound()) continue;  // deleted since the snapshot
        return tags.status().WithContext("aws.iam.policy " + p->arn);
      }
      out.back() = ToObservation(item.address, *p, *tags);
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    auto arn = ArnOf(ctx, item.id, item.attributes);
    if (!arn) return Missing(item.address);
    auto p = Get(ctx, *arn);
    if (!p.ok()) {
      if (p.status().IsNotFound()) return Missing(item.address);
      return p.status();
    }
    return ToObservation(item.address, p->first, p->second);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& request) override {
    Value attrs = WithDefaults(Schema(), request.attributes);
    auto name = KnownString(attrs, "policy_name");
    auto path = KnownString(attrs, "path");
    if (!name || !path) {
      return Status::InvalidArgument("aws.iam.policy: policy_name and path must be strings");
    }
    const std::string what = "aws.iam.policy " + *name;
    CW_ASSIGN_OR_RETURN(std::string doc, PolicyDocumentText(attrs["policy"], what + ": policy"));
    Params p{{"PolicyName", *name}, {"Path", *path}, {"PolicyDocument", doc}};
    std::string description = KnownString(attrs, "description").value_or("");
    if (!description.empty()) p.emplace_back("Description", description);
    AppendTags(&p, attrs["tags"]);
    auto created = Call(ctx, "CreatePolicy", p);
    if (!created.ok()) {
      if (created.status().provider_code() == "EntityAlreadyExists")
        return Adopt(ctx, *name, attrs);
      return created.status().WithContext(what);
    }
    pugi::xml_node x = created->result.child("Policy");
    return ResourceResult{x.child_value("Arn"),
                          attrs,
                          {{"arn", x.child_value("Arn")},
                           {"policy_id", x.child_value("PolicyId")},
                           {"default_version_id", x.child_value("DefaultVersionId")}}};
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& request) override {
    const KindSchema schema = Schema();
    Value after = WithDefaults(schema, request.after);
    auto arn = ArnOf(ctx, request.id, after);
    if (!arn) return Status::InvalidArgument("aws.iam.policy: update needs the policy ARN");
    const std::string what = "aws.iam.policy " + *arn;
    for (const char* fixed : {"policy_name", "path", "description"}) {
      if (!request.before.is_object() || !request.before.contains(fixed)) continue;
      if (NeedsUpdate(schema, request, fixed)) {
        return Status::InvalidArgument(what + ": " + fixed +
                                       " cannot be changed in place; the policy must be replaced");
      }
    }
    return Converge(ctx, *arn, NeedsUpdate(schema, request, "policy"),
                    NeedsUpdate(schema, request, "tags"),
                    AttrOr(request.before, "tags", Value::object()), after);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& request) override {
    auto arn = ArnOf(ctx, request.id, request.attributes);
    if (!arn) return Status::InvalidArgument("aws.iam.policy: delete needs the policy ARN");
    const std::string what = "aws.iam.policy " + *arn;
    std::vector<std::pair<std::string, bool>> versions;
    Status listed = ListVersions(ctx, *arn, &versions);
    if (listed.IsNotFound()) return Status::Ok();
    if (!listed.ok()) return listed.WithContext(what);
    for (const auto& [id, is_default] : versions) {
      if (is_default) continue;
      auto s = Call(ctx, "DeletePolicyVersion", {{"PolicyArn", *arn}, {"VersionId", id}});
      if (!s.ok() && !s.status().IsNotFound()) return s.status().WithContext(what);
    }
    auto s = Call(ctx, "DeletePolicy", {{"PolicyArn", *arn}});
    if (s.ok() || s.status().IsNotFound()) return Status::Ok();
    if (s.status().provider_code() == "DeleteConflict") {
      return Status::Conflict(what + ": cannot delete a policy that is still attached (" +
                              s.status().message() +
                              "); delete its aws.iam.role_policy_attachment resources, or detach "
                              "it from entities Causeway does not manage, first");
    }
    return s.status().WithContext(what);
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& request) override {
    std::string prefix = KnownString(request.scope, "path_prefix").value_or("/");
    CW_ASSIGN_OR_RETURN(auto snapshot, ReadSnapshot(ctx, NeedsOf(kPolicyKind)));
    std::vector<Observation> out;
    for (const auto& [arn, p] : snapshot->policies) {
      if (p.path.rfind(prefix, 0) != 0) continue;
      CW_ASSIGN_OR_RETURN(Value tags, ListTags(ctx, arn));
      out.push_back(ToObservation(Address{kPolicyKind, ResourceName(p.name)}, p, tags));
    }
    return out;
  }

 private:
  // The policy (with the default version's document) and its tags.
  static Result<std::pair<PolicyInfo, Value>> Get(AwsContext& ctx, const std::string& arn) {
    CW_ASSIGN_OR_RETURN(Reply r, Call(ctx, "GetPolicy", {{"PolicyArn", arn}}));
    pugi::xml_node x = r.result.child("Policy");
    PolicyInfo p;
    p.name = x.child_value("PolicyName");
    p.path = x.child_value("Path");
    p.arn = x.child_value("Arn");
    p.policy_id = x.child_value("PolicyId");
    p.description = x.child_value("Description");
    p.default_version_id = x.child_value("DefaultVersionId");
    Value tags = TagsFromXml(x.child("Tags"));
    CW_ASSIGN_OR_RETURN(Reply v, Call(ctx, "GetPolicyVersion",
                                      {{"PolicyArn", arn}, {"VersionId", p.default_version_id}}));
    CW_ASSIGN_OR_RETURN(p.document, ParseIamPolicyDocument(
                                        v.result.child("PolicyVersion").child_value("Document")));
    return std::make_pair(std::move(p), std::move(tags));
  }

  // (version id, is default) of every version.
  static Status ListVersions(AwsContext& ctx, const std::string& arn,
                             std::vector<std::pair<std::string, bool>>* out) {
    return CallPaginated(
        ctx, "ListPolicyVersions", {{"PolicyArn", arn}}, [&](const pugi::xml_node& r) {
          for (auto m : r.child("Versions").children("member")) {
            out->emplace_back(m.child_value("VersionId"),
                              std::string(m.child_value("IsDefaultVersion")) == "true");
          }
          return Status::Ok();
        });
  }

  // Makes `after`'s document the default version (when policy_changed) and its tags current.
  static Result<ResourceResult> Converge(AwsContext& ctx, const std::string& arn,
                                         bool policy_changed, bool tags_changed,
                                         const Value& before_tags, const Value& after) {
    const std::string what = "aws.iam.policy " + arn;
    if (policy_changed) {
      CW_ASSIGN_OR_RETURN(std::string doc,
                          PolicyDocumentText(AttrOr(after, "policy", Value()), what + ": policy"));
      std::vector<std::pair<std::string, bool>> versions;
      Status listed = ListVersions(ctx, arn, &versions);
      if (!listed.ok()) return listed.WithContext(what);
      if (versions.size() >= kMaxVersions) {
        // IAM keeps at most 5 versions: drop the oldest one that is not the default.
        std::string oldest;
        for (const auto& [id, is_default] : versions) {
          if (!is_default && (oldest.empty() || VersionNumber(id) < VersionNumber(oldest))) {
            oldest = id;
          }
        }
        if (!oldest.empty()) {
          auto s = Call(ctx, "DeletePolicyVersion", {{"PolicyArn", arn}, {"VersionId", oldest}});
          if (!s.ok() && !s.status().IsNotFound()) return s.status().WithContext(what);
        }
      }
      auto s = Call(ctx, "CreatePolicyVersion",
                    {{"PolicyArn", arn}, {"PolicyDocument", doc}, {"SetAsDefault", "true"}});
      if (!s.ok()) return s.status().WithContext(what);
    }
    if (tags_changed) {
      Status s = SyncTags(ctx, "TagPolicy", "UntagPolicy", "PolicyArn", arn, before_tags,
                          AttrOr(after, "tags", Value::object()));
      if (!s.ok()) return s.WithContext(what);
    }
    CW_ASSIGN_OR_RETURN(Reply r, Call(ctx, "GetPolicy", {{"PolicyArn", arn}}));
    pugi::xml_node x = r.result.child("Policy");
    return ResourceResult{arn,
                          after,
                          {{"arn", arn},
                           {"policy_id", x.child_value("PolicyId")},
                           {"default_version_id", x.child_value("DefaultVersionId")}}};
  }

  // A policy with this name exists: adopt it when it has the manifest's path.
  Result<ResourceResult> Adopt(AwsContext& ctx, const std::string& name, const Value& attrs) {
    std::string arn = PolicyArn(ctx, KnownString(attrs, "path").value_or("/"), name);
    auto live = Get(ctx, arn);
    if (!live.ok()) {
      if (live.status().IsNotFound()) {
        return Status::Conflict("aws.iam.policy " + name +
                                ": a policy with this name already exists under another path; "
                                "policy names are unique in an account");
      }
      return live.status().WithContext("aws.iam.policy " + arn);
    }
    bool policy_changed = !PolicyDocumentsEqual(live->first.document, attrs["policy"]);
    bool tags_changed = live->second != AttrOr(attrs, "tags", Value::object());
    return Converge(ctx, arn, policy_changed, tags_changed, live->second, attrs);
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewPolicyHandler() { return std::make_unique<PolicyHandler>(); }

}  // namespace causeway::aws::iam

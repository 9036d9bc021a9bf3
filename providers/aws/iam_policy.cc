// aws.iam.policy: a customer managed policy (attributes: the table below); outputs arn,
// policy_id, default_version_id. Id: the policy ARN (natural key policy_name + path, ARN built
// from the caller's account id).
// Bulk observe reads local managed policies with their versions from the shared IAM snapshot
// (GetAccountAuthorizationDetails, default version's document) plus one ListPolicyTags per
// observed policy (no listing returns managed-policy tags). Per-resource observe is GetPolicy +
// GetPolicyVersion. Create is CreatePolicy; EntityAlreadyExists adopts the policy of the same
// name and path and brings it to the manifest. A document change is a new default version
// (CreatePolicyVersion with SetAsDefault), deleting the oldest non-default version first when
// IAM's limit of 5 is reached; tags change with UntagPolicy/TagPolicy (both the handler's ""
// call). The description cannot change in IAM (force_new). Delete removes the non-default
// versions, then DeletePolicy; a policy still attached to entities fails with a Conflict that
// says so. List scope: {"path_prefix": "/team/"} (optional).
#include <algorithm>

#include "providers/aws/iam_common.h"
#include "providers/aws/iam_handlers.h"
#include "providers/aws/policy_document.h"
#include "providers/aws/value_checks.h"
#include "reconciler/core/ascii.h"

namespace causeway::aws::iam {

namespace {

using kit::Attribute;

constexpr size_t kMaxVersions = 5;

// One row per attribute: its schema, where a <Policy> has it (the document: in its default
// <PolicyVersion>; tags: in ListPolicyTags outside GetPolicy), where CreatePolicy takes it.
const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("policy_name").Required().ForceNew().Check(IamName(128)).Wire("PolicyName"),
    Attribute("path").Default("/").ForceNew().Check(IamPath()).Wire("Path"),
    Attribute("description").Default("").ForceNew().Wire("Description")
        .Describe("IAM cannot change a policy's description: a change replaces it."),
    Attribute("policy", AttrType::kObject).Required()
        .Describe("Permissions policy document (its default version).")
        .Normalize(NormalizePolicyDocument).ReadFrom("Document").WriteTo("PolicyDocument")
        .Convert(DocumentToWire, DocumentFromWire),
    Attribute("tags", AttrType::kMap).Default(Value::object()).Check(AwsTags()).Wire("Tags")
        .Convert(TagsToWire, TagsFromWire),
    Attribute("arn").Computed().ReadFrom("Arn"),
    Attribute("policy_id").Computed().ReadFrom("PolicyId"),
    Attribute("default_version_id").Computed().ReadFrom("DefaultVersionId"),
  });
  // clang-format on
  return table;
}

std::string What(const std::string& id) {
  return id.empty() ? kPolicyKind : std::string(kPolicyKind) + " " + id;
}

std::string ArnOf(const AwsContext& ctx, const std::string& id, const Value& attrs) {
  if (!id.empty()) return id;
  std::string name = kit::StringAttr(attrs, "policy_name");
  Value path = Table().WithDefaults(attrs)["path"];
  if (name.empty() || !path.is_string()) return "";
  return PolicyArn(ctx, path.get<std::string>(), name);
}

// Reads the policy from `policy` (a <Policy>, a snapshot member), its default version's document
// from `version`, and its tags from `tag_pages` (ListPolicyTags) when given.
Status Read(const kit::ReplyReader& policy, const std::optional<kit::ReplyReader>& version,
            const std::vector<std::shared_ptr<const Value>>* tag_pages, Observation* o) {
  CW_RETURN_IF_ERROR(Table().Read(policy, &o->attributes, &o->outputs));
  if (version) {
    CW_RETURN_IF_ERROR(Rows(Table(), {"policy"}).Read(*version, &o->attributes, &o->outputs));
  }
  for (size_t i = 0; tag_pages != nullptr && i < tag_pages->size(); ++i) {
    Value page = Value::object();
    CW_RETURN_IF_ERROR(Rows(Table(), {"tags"})
                           .Read(Reader(*(*tag_pages)[i], "ListPolicyTags"), &page, &o->outputs));
    if (i == 0) o->attributes["tags"] = Value::object();
    o->attributes["tags"].update(page["tags"]);
  }
  CW_ASSIGN_OR_RETURN(o->id, policy.RequiredString("Arn"));
  return Status::Ok();
}

// The policy in a CreatePolicy or GetPolicy reply (no document): its id and outputs.
Result<Observation> Returned(const Value& reply, const std::string& action) {
  Observation o;
  CW_ASSIGN_OR_RETURN(kit::ReplyReader policy, Reader(reply, action).At("Policy"));
  CW_RETURN_IF_ERROR(Read(policy, std::nullopt, nullptr, &o));
  return o;
}

// The observation of a policy listed in the snapshot, with its tags (ListPolicyTags).
Result<Observation> Listed(AwsContext& ctx, const Address& address, const PolicyEntry& p) {
  return ObservedAt(address, [&](Observation* o) -> Status {
    std::vector<std::shared_ptr<const Value>> pages;
    CW_RETURN_IF_ERROR(Paginate(ctx, "ListPolicyTags", {{"PolicyArn", p.arn}}, [&](auto page) {
      pages.push_back(page);
      return Status::Ok();
    }));
    return Read(p.detail, p.document, &pages, o);
  });
}

// The policy (GetPolicy, with its tags) and its default version's document (GetPolicyVersion).
Result<Observation> Get(AwsContext& ctx, const Address& address, const std::string& arn) {
  return ObservedAt(address, [&](Observation* o) -> Status {
    CW_ASSIGN_OR_RETURN(Value r, Call(ctx, "GetPolicy", {{"PolicyArn", arn}}));
    CW_ASSIGN_OR_RETURN(kit::ReplyReader policy, Reader(r, "GetPolicy").At("Policy"));
    CW_ASSIGN_OR_RETURN(std::string version, policy.RequiredString("DefaultVersionId"));
    CW_ASSIGN_OR_RETURN(
        Value v, Call(ctx, "GetPolicyVersion", {{"PolicyArn", arn}, {"VersionId", version}}));
    CW_ASSIGN_OR_RETURN(kit::ReplyReader document,
                        Reader(v, "GetPolicyVersion").At("PolicyVersion"));
    return Read(policy, document, nullptr, o);
  });
}

struct Version {
  std::string id;
  int64_t number = 0;  // v<number>
  bool is_default = false;
};

Status ListVersions(AwsContext& ctx, const std::string& arn, std::vector<Version>* out) {
  return Paginate(ctx, "ListPolicyVersions", {{"PolicyArn", arn}}, [&](auto page) {
    return Reader(*page, "ListPolicyVersions")
        .ForEach("Versions", [&](const kit::ReplyReader& m) -> Status {
          Version v;
          CW_ASSIGN_OR_RETURN(v.id, m.RequiredString("VersionId"));
          auto number = v.id.size() > 1 && v.id[0] == 'v'
                            ? ParseInteger<int64_t>(std::string_view(v.id).substr(1))
                            : std::nullopt;
          if (!number) return m.Error("VersionId", "expected v<number>, got \"" + v.id + "\"");
          v.number = *number;
          CW_ASSIGN_OR_RETURN(v.is_default, m.BoolOr("IsDefaultVersion", false));
          out->push_back(std::move(v));
          return Status::Ok();
        });
  });
}

// Makes `document` the default version: IAM keeps at most 5 versions, so the oldest one that is
// not the default goes first when there are 5.
Status NewDefaultVersion(AwsContext& ctx, const std::string& arn, const Value& document) {
  std::vector<Version> versions;
  CW_RETURN_IF_ERROR(ListVersions(ctx, arn, &versions));
  if (versions.size() >= kMaxVersions) {
    const Version* oldest = nullptr;
    for (const auto& v : versions) {
      if (!v.is_default && (oldest == nullptr || v.number < oldest->number)) oldest = &v;
    }
    if (oldest != nullptr) {
      auto s = Call(ctx, "DeletePolicyVersion", {{"PolicyArn", arn}, {"VersionId", oldest->id}});
      if (!s.ok() && !s.status().IsNotFound()) return s.status();
    }
  }
  return Call(ctx, "CreatePolicyVersion",
              {{"PolicyArn", arn},
               {"PolicyDocument", DocumentToWire(document)},
               {"SetAsDefault", true}})
      .status();
}

class PolicyHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return Table().Schema(kPolicyKind, "A customer managed IAM policy.", {"policy_name", "path"});
  }

  // IAM applies these at once; no failure of theirs is a propagation delay.
  bool IsPropagationDelay(const Status&) const override { return false; }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch& batch,
                                               const std::vector<ObserveItem>& items) override {
    CW_ASSIGN_OR_RETURN(auto snapshot, LoadSnapshot(ctx, batch, kPolicyKind));
    std::vector<Observation> out;
    for (const auto& item : items) {
      out.push_back(Missing(item.address));
      const PolicyEntry* p = snapshot->FindPolicy(ArnOf(ctx, item.id, item.attributes));
      if (p == nullptr) continue;
      auto o = Listed(ctx, item.address, *p);
      if (!o.ok() && o.status().IsNotFound()) continue;  // deleted since the snapshot
      if (!o.ok()) return o.status();
      out.back() = std::move(o).value();
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    std::string arn = ArnOf(ctx, item.id, item.attributes);
    if (arn.empty()) return Missing(item.address);
    auto o = Get(ctx, item.address, arn);
    return !o.ok() && o.status().IsNotFound() ? Missing(item.address) : o;
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    Value a = Table().WithDefaults(req.attributes);
    std::string name = kit::StringAttr(a, "policy_name");
    if (name.empty() || !a["path"].is_string()) {
      return Status::InvalidArgument(What("") + ": policy_name and path must be strings");
    }
    CW_RETURN_IF_ERROR(CheckDocument(a, "policy", What(name)));
    auto created = Call(ctx, "CreatePolicy", Table().CreateBody(a));
    if (!created.ok() && created.status().provider_code() == "EntityAlreadyExists") {
      return Adopt(ctx, req.address, name, a);
    }
    if (!created.ok()) return created.status().WithContext(What(name));
    CW_ASSIGN_OR_RETURN(Observation o, Returned(*created, "CreatePolicy"));
    return ResourceResult{o.id, Table().Settled(a), o.outputs};
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    Value after = Table().WithDefaults(req.after);
    std::string arn = ArnOf(ctx, req.id, after);
    if (arn.empty()) return Status::InvalidArgument(What("") + ": update needs the policy ARN");
    CW_RETURN_IF_ERROR(
        RefuseInPlace(Table(), What(arn), "the policy", req.before, after, req.changed));
    CW_RETURN_IF_ERROR(CheckDocument(after, "policy", What(arn)));
    return Converge(ctx, arn, req.before, after, req.changed);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string arn = ArnOf(ctx, req.id, req.attributes);
    if (arn.empty()) return Status::InvalidArgument(What("") + ": delete needs the policy ARN");
    std::vector<Version> versions;
    Status listed = ListVersions(ctx, arn, &versions);
    if (listed.IsNotFound()) return Status::Ok();
    if (!listed.ok()) return listed.WithContext(What(arn));
    for (const auto& v : versions) {
      if (v.is_default) continue;
      auto s = Call(ctx, "DeletePolicyVersion", {{"PolicyArn", arn}, {"VersionId", v.id}});
      if (!s.ok() && !s.status().IsNotFound()) return s.status().WithContext(What(arn));
    }
    auto s = Call(ctx, "DeletePolicy", {{"PolicyArn", arn}});
    if (s.ok() || s.status().IsNotFound()) return Status::Ok();
    if (s.status().provider_code() == "DeleteConflict") {
      return Status::Conflict(What(arn) + ": cannot delete a policy that is still attached (" +
                              s.status().message() +
                              "); delete its aws.iam.role_policy_attachment resources, or detach "
                              "it from entities Causeway does not manage, first");
    }
    return s.status().WithContext(What(arn));
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::string prefix = kit::StringAttr(req.scope, "path_prefix");
    CW_ASSIGN_OR_RETURN(auto snapshot, ReadSnapshot(ctx, NeedsOf(kPolicyKind)));
    std::vector<Observation> out;
    for (const auto& [arn, p] : snapshot->policies) {
      // Filtered before ListPolicyTags is called for it.
      CW_ASSIGN_OR_RETURN(auto path, p.detail.String("Path"));
      if (path.value_or("/").rfind(prefix, 0) != 0) continue;
      CW_ASSIGN_OR_RETURN(std::string name, p.detail.RequiredString("PolicyName"));
      CW_ASSIGN_OR_RETURN(Observation o, Listed(ctx, Address{kPolicyKind, ResourceName(name)}, p));
      out.push_back(std::move(o));
    }
    return out;
  }

 private:
  // Makes the live policy's document and tags `after`'s (the table's "" call carries both).
  static Result<ResourceResult> Converge(AwsContext& ctx, const std::string& arn,
                                         const Value& before, Value after,
                                         const std::vector<std::string>& changed) {
    for (const auto& u : Table().Updates(before, after, changed)) {
      for (const auto& attribute : u.attributes) {
        Status s;
        if (attribute == "policy") s = NewDefaultVersion(ctx, arn, after["policy"]);
        if (attribute == "tags") {
          Value old_tags = Table().WithDefaults(before)["tags"];
          s = SyncTags(ctx, "Policy", {{"PolicyArn", arn}}, old_tags, after["tags"]);
        }
        if (!s.ok()) return s.WithContext(What(arn));
      }
    }
    CW_ASSIGN_OR_RETURN(Value r, Call(ctx, "GetPolicy", {{"PolicyArn", arn}}));
    CW_ASSIGN_OR_RETURN(Observation o, Returned(r, "GetPolicy"));
    return ResourceResult{arn, Table().Settled(after), o.outputs};
  }

  // A policy with this name exists: adopt it when it has the manifest's path.
  static Result<ResourceResult> Adopt(AwsContext& ctx, const Address& address,
                                      const std::string& name, const Value& attrs) {
    std::string arn = ArnOf(ctx, "", attrs);
    auto live = Get(ctx, address, arn);
    if (!live.ok() && live.status().IsNotFound()) {
      return Status::Conflict(What(name) +
                              ": a policy with this name already exists under another path; "
                              "policy names are unique in an account");
    }
    if (!live.ok()) return live.status();
    return Converge(ctx, arn, live->attributes, attrs, {});
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewPolicyHandler() { return std::make_unique<PolicyHandler>(); }

}  // namespace causeway::aws::iam

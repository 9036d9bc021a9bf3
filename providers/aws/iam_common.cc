// IAM kinds' shared plumbing: Query calls, tags, attribute helpers, the account snapshot.
#include "providers/aws/iam_common.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "providers/aws/policy_document.h"
#include "reconciler/core/ascii.h"

namespace causeway::aws::iam {

namespace {

constexpr char kMaxItems[] = "1000";

Value ParseDocOrText(const std::string& encoded) {
  auto doc = ParseIamPolicyDocument(encoded);
  return doc.ok() ? *doc : Value(UrlDecode(encoded));
}

SnapshotNeeds Union(SnapshotNeeds a, SnapshotNeeds b) {
  return {a.roles || b.roles, a.policies || b.policies, a.role_details || b.role_details};
}

bool Covers(const Snapshot& s, SnapshotNeeds n) {
  return (!n.roles || s.has_roles) && (!n.policies || s.has_policies) &&
         (!n.role_details || s.has_role_details);
}

void ReadRoleDetail(const pugi::xml_node& m, Snapshot* s) {
  RoleInfo r;
  r.name = m.child_value("RoleName");
  r.path = m.child_value("Path");
  r.arn = m.child_value("Arn");
  r.role_id = m.child_value("RoleId");
  r.trust = ParseDocOrText(m.child_value("AssumeRolePolicyDocument"));
  r.tags = TagsFromXml(m.child("Tags"));
  for (auto p : m.child("RolePolicyList").children("member")) {
    r.inline_policies[p.child_value("PolicyName")] =
        ParseDocOrText(p.child_value("PolicyDocument"));
  }
  for (auto p : m.child("AttachedManagedPolicies").children("member")) {
    r.attached.push_back(p.child_value("PolicyArn"));
  }
  s->roles[Lower(r.name)] = std::move(r);
}

void ReadPolicyDetail(const pugi::xml_node& m, Snapshot* s) {
  PolicyInfo p;
  p.name = m.child_value("PolicyName");
  p.path = m.child_value("Path");
  p.arn = m.child_value("Arn");
  p.policy_id = m.child_value("PolicyId");
  p.description = m.child_value("Description");
  p.default_version_id = m.child_value("DefaultVersionId");
  for (auto v : m.child("PolicyVersionList").children("member")) {
    std::string id = v.child_value("VersionId");
    p.versions.push_back(id);
    if (id == p.default_version_id || std::string(v.child_value("IsDefaultVersion")) == "true") {
      p.document = ParseDocOrText(v.child_value("Document"));
    }
  }
  s->policies[p.arn] = std::move(p);
}

}  // namespace

std::string ResourceName(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    out += std::isalnum(c) != 0 || c == '_' || c == '-' ? static_cast<char>(c) : '_';
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])) != 0 || out[0] == '-') {
    out = "_" + out;
  }
  return out;
}

bool IsIamPropagationDelay(const Status& status) {
  return status.message().find("MalformedPolicyDocument: Invalid principal in policy") !=
         std::string::npos;
}

AttributeSchema Attr(const std::string& name, AttrType type, bool required, bool force_new) {
  AttributeSchema a;
  a.name = name;
  a.type = type;
  a.required = required;
  a.force_new = force_new;
  return a;
}

AttributeSchema Computed(const std::string& name) {
  AttributeSchema a;
  a.name = name;
  a.computed = true;
  return a;
}

Observation Missing(const Address& address) {
  Observation o;
  o.address = address;
  return o;
}

Result<Reply> Call(AwsContext& ctx, const std::string& action, const Params& params) {
  CW_ASSIGN_OR_RETURN(XmlDoc doc, ctx.client->Query("iam", action, kVersion, params));
  Reply r;
  r.result = doc->child((action + "Response").c_str()).child((action + "Result").c_str());
  r.doc = std::move(doc);
  return r;
}

Status CallPaginated(AwsContext& ctx, const std::string& action, const Params& params,
                     const std::function<Status(const pugi::xml_node& result)>& page) {
  Params p = params;
  p.emplace_back("MaxItems", kMaxItems);
  return ctx.client->QueryPaginate("iam", action, kVersion, p, page);
}

Value TagsFromXml(const pugi::xml_node& tags) {
  Value out = Value::object();
  for (auto m : tags.children("member")) out[m.child_value("Key")] = m.child_value("Value");
  return out;
}

void AppendTags(Params* params, const Value& tags) {
  if (!tags.is_object()) return;
  int n = 0;
  for (auto it = tags.begin(); it != tags.end(); ++it) {
    std::string prefix = "Tags.member." + std::to_string(++n);
    params->emplace_back(prefix + ".Key", it.key());
    params->emplace_back(prefix + ".Value", it.value().is_string() ? it.value().get<std::string>()
                                                                   : it.value().dump());
  }
}

Status SyncTags(AwsContext& ctx, const std::string& tag_action, const std::string& untag_action,
                const std::string& id_param, const std::string& id, const Value& before,
                const Value& after) {
  const Value empty = Value::object();
  const Value& b = before.is_object() ? before : empty;
  const Value& a = after.is_object() ? after : empty;
  Params untag{{id_param, id}};
  int n = 0;
  for (auto it = b.begin(); it != b.end(); ++it) {
    if (!a.contains(it.key()))
      untag.emplace_back("TagKeys.member." + std::to_string(++n), it.key());
  }
  if (n > 0) CW_RETURN_IF_ERROR(Call(ctx, untag_action, untag).status());
  Value changed = Value::object();
  for (auto it = a.begin(); it != a.end(); ++it) {
    if (!b.contains(it.key()) || b[it.key()] != it.value()) changed[it.key()] = it.value();
  }
  if (!changed.empty()) {
    Params tag{{id_param, id}};
    AppendTags(&tag, changed);
    CW_RETURN_IF_ERROR(Call(ctx, tag_action, tag).status());
  }
  return Status::Ok();
}

std::optional<std::string> KnownString(const Value& attrs, const std::string& name) {
  if (!attrs.is_object() || !attrs.contains(name)) return std::nullopt;
  const Value& v = attrs[name];
  if (!v.is_string()) return std::nullopt;
  return v.get<std::string>();
}

std::optional<std::pair<std::string, std::string>> RoleScopedKey(
    const std::string& id, char separator, const Value& attrs, const std::string& part_attribute) {
  if (!id.empty()) {
    auto at = id.find(separator);
    if (at == std::string::npos) return std::nullopt;
    return std::make_pair(id.substr(0, at), id.substr(at + 1));
  }
  auto role = KnownString(attrs, "role");
  auto part = KnownString(attrs, part_attribute);
  if (!role || !part) return std::nullopt;
  return std::make_pair(*role, *part);
}

Value AttrOr(const Value& attrs, const std::string& name, const Value& fallback) {
  if (attrs.is_object() && attrs.contains(name) && !attrs[name].is_null()) return attrs[name];
  return fallback;
}

Value WithDefaults(const KindSchema& schema, const Value& attrs) {
  Value out = attrs.is_object() ? attrs : Value::object();
  for (const auto& a : schema.attributes) {
    if (a.computed || !a.default_value) continue;
    if (!out.contains(a.name) || out[a.name].is_null()) out[a.name] = *a.default_value;
  }
  return out;
}

bool NeedsUpdate(const KindSchema& schema, const UpdateRequest& request, const std::string& name) {
  if (!request.changed.empty()) {
    return std::find(request.changed.begin(), request.changed.end(), name) != request.changed.end();
  }
  const AttributeSchema* a = schema.Find(name);
  Value fallback = a != nullptr && a->default_value ? *a->default_value : Value();
  return NormalizeAttr(a, AttrOr(request.before, name, fallback)) !=
         NormalizeAttr(a, AttrOr(request.after, name, fallback));
}

std::string PolicyArn(const AwsContext& ctx, const std::string& path, const std::string& name) {
  return "arn:aws:iam::" + ctx.account_id + ":policy" + path + name;
}

std::string RoleArn(const AwsContext& ctx, const std::string& path, const std::string& name) {
  return "arn:aws:iam::" + ctx.account_id + ":role" + path + name;
}

const RoleInfo* Snapshot::FindRole(const std::string& name) const {
  auto it = roles.find(Lower(name));
  return it == roles.end() ? nullptr : &it->second;
}

const PolicyInfo* Snapshot::FindPolicy(const std::string& arn) const {
  auto it = policies.find(arn);
  return it == policies.end() ? nullptr : &it->second;
}

SnapshotNeeds NeedsOf(const std::string& kind) {
  SnapshotNeeds n;
  if (kind == kRoleKind) n.roles = n.role_details = true;
  if (kind == kRolePolicyKind || kind == kAttachmentKind) n.roles = true;
  if (kind == kPolicyKind) n.policies = true;
  return n;
}

Result<std::shared_ptr<const Snapshot>> ReadSnapshot(AwsContext& ctx, SnapshotNeeds needs) {
  auto s = std::make_shared<Snapshot>();
  Params filter;
  int n = 0;
  if (needs.roles || needs.role_details)
    filter.emplace_back("Filter.member." + std::to_string(++n), "Role");
  if (needs.policies) {
    filter.emplace_back("Filter.member." + std::to_string(++n), "LocalManagedPolicy");
  }
  if (n > 0) {
    CW_RETURN_IF_ERROR(
        CallPaginated(ctx, "GetAccountAuthorizationDetails", filter, [&](const pugi::xml_node& r) {
          for (auto m : r.child("RoleDetailList").children("member")) ReadRoleDetail(m, s.get());
          for (auto m : r.child("Policies").children("member")) ReadPolicyDetail(m, s.get());
          return Status::Ok();
        }));
    s->has_roles = needs.roles || needs.role_details;
    s->has_policies = needs.policies;
  }
  if (needs.role_details) {
    // RoleDetail has no Description or MaxSessionDuration; ListRoles has them.
    CW_RETURN_IF_ERROR(CallPaginated(ctx, "ListRoles", {}, [&](const pugi::xml_node& r) {
      for (auto m : r.child("Roles").children("member")) {
        RoleInfo listed = RoleFromXml(m);
        auto it = s->roles.find(Lower(listed.name));
        if (it == s->roles.end()) continue;  // created between the two listings
        it->second.description = listed.description;
        it->second.max_session_duration = listed.max_session_duration;
        it->second.has_details = true;
      }
      return Status::Ok();
    }));
    s->has_role_details = true;
  }
  return std::shared_ptr<const Snapshot>(std::move(s));
}

Result<std::shared_ptr<const Snapshot>> LoadSnapshot(AwsContext& ctx, ObserveBatch& batch,
                                                     const std::string& kind) {
  SnapshotNeeds needs = NeedsOf(kind);
  if (auto cached = batch.Get<Snapshot>(); cached != nullptr && Covers(*cached, needs)) {
    return cached;
  }
  for (const auto& k : batch.kinds()) needs = Union(needs, NeedsOf(k));
  CW_ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> s, ReadSnapshot(ctx, needs));
  return batch.Put(std::move(s));
}

RoleInfo RoleFromXml(const pugi::xml_node& m) {
  RoleInfo r;
  r.name = m.child_value("RoleName");
  r.path = m.child_value("Path");
  r.arn = m.child_value("Arn");
  r.role_id = m.child_value("RoleId");
  r.trust = ParseDocOrText(m.child_value("AssumeRolePolicyDocument"));
  r.tags = TagsFromXml(m.child("Tags"));
  r.description = m.child_value("Description");
  std::string max = m.child_value("MaxSessionDuration");
  r.max_session_duration = ParseInteger<int>(max).value_or(3600);
  r.has_details = true;
  return r;
}

}  // namespace causeway::aws::iam

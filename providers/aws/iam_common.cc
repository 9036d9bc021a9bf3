// IAM kinds' shared plumbing: Query calls as Values, documents, tags, keys, the account snapshot.
#include "providers/aws/iam_common.h"

#include <algorithm>
#include <cctype>

#include "providers/aws/policy_document.h"
#include "providers/aws/query_values.h"
#include "reconciler/core/ascii.h"

namespace causeway::aws::iam {

namespace {

constexpr char kVersion[] = "2010-05-08";

SnapshotNeeds Union(SnapshotNeeds a, SnapshotNeeds b) {
  return {a.roles || b.roles, a.policies || b.policies, a.role_details || b.role_details};
}

bool Covers(const Snapshot& s, SnapshotNeeds n) {
  return (!n.roles || s.has_roles) && (!n.policies || s.has_policies) &&
         (!n.role_details || s.has_role_details);
}

Status AddRole(const kit::ReplyReader& m, Snapshot* s) {
  CW_ASSIGN_OR_RETURN(std::string name, m.RequiredString("RoleName"));
  RoleEntry r{name, m, std::nullopt, {}, {}};
  CW_RETURN_IF_ERROR(m.ForEach("RolePolicyList", [&](const kit::ReplyReader& p) -> Status {
    CW_ASSIGN_OR_RETURN(std::string policy, p.RequiredString("PolicyName"));
    r.inline_policies.emplace(policy, p);
    return Status::Ok();
  }));
  CW_RETURN_IF_ERROR(m.ForEach("AttachedManagedPolicies", [&](const kit::ReplyReader& p) -> Status {
    CW_ASSIGN_OR_RETURN(std::string arn, p.RequiredString("PolicyArn"));
    r.attached.push_back(std::move(arn));
    return Status::Ok();
  }));
  s->roles.insert_or_assign(Lower(name), std::move(r));
  return Status::Ok();
}

Status AddPolicy(const kit::ReplyReader& m, Snapshot* s) {
  CW_ASSIGN_OR_RETURN(std::string arn, m.RequiredString("Arn"));
  CW_ASSIGN_OR_RETURN(auto default_id, m.String("DefaultVersionId"));
  PolicyEntry p{arn, m, std::nullopt};
  CW_RETURN_IF_ERROR(m.ForEach("PolicyVersionList", [&](const kit::ReplyReader& v) -> Status {
    CW_ASSIGN_OR_RETURN(auto id, v.String("VersionId"));
    CW_ASSIGN_OR_RETURN(bool is_default, v.BoolOr("IsDefaultVersion", false));
    if (is_default || (id && id == default_id)) p.document = v;
    return Status::Ok();
  }));
  s->policies.insert_or_assign(arn, std::move(p));
  return Status::Ok();
}

}  // namespace

Result<Value> Call(AwsContext& ctx, const std::string& action, const Value& body) {
  CW_ASSIGN_OR_RETURN(XmlDoc doc, ctx.client->Query("iam", action, kVersion, QueryParams(body)));
  pugi::xml_node result =
      doc->child((action + "Response").c_str()).child((action + "Result").c_str());
  return result ? QueryXmlToValue(result) : Value::object();
}

kit::ReplyReader Reader(const Value& reply, const std::string& action) {
  return kit::ReplyReader(reply, "iam " + action, /*lenient_scalars=*/true);
}

Status Paginate(AwsContext& ctx, const std::string& action, const Value& body,
                const std::function<Status(std::shared_ptr<const Value> page)>& each) {
  QueryParamList params = QueryParams(body);
  params.emplace_back("MaxItems", "1000");
  return ctx.client->QueryPaginate("iam", action, kVersion, params, [&](const pugi::xml_node& r) {
    return each(std::make_shared<const Value>(QueryXmlToValue(r)));
  });
}

Value DocumentToWire(const Value& document) {
  return document.is_object() ? Value(document.dump()) : document;
}

Result<Value> DocumentFromWire(const Value& wire) {
  if (!wire.is_string())
    return Status::ProviderError("expected JSON text, got " + kit::DescribeJsonType(wire));
  return ParseIamPolicyDocument(wire.get<std::string>());
}

Status CheckDocument(const Value& attrs, const std::string& name, const std::string& what) {
  auto it = attrs.find(name);
  return PolicyDocumentText(it == attrs.end() ? Value() : *it, what + ": " + name).status();
}

Value TagsToWire(const Value& tags) {
  Value out = Value::array();
  if (!tags.is_object()) return out;
  for (auto it = tags.begin(); it != tags.end(); ++it) {
    out.push_back({{"Key", it.key()}, {"Value", it.value()}});
  }
  return out;
}

Result<Value> TagsFromWire(const Value& wire) {
  if (!wire.is_array()) {
    return Status::ProviderError("expected a list, got " + kit::DescribeJsonType(wire));
  }
  Value out = Value::object();
  for (size_t i = 0; i < wire.size(); ++i) {
    const Value& tag = wire[i];
    const std::string item = "item " + std::to_string(i);
    if (tag.is_null()) continue;
    if (!tag.is_object()) {
      return Status::ProviderError(item + ": expected {Key, Value}, got " +
                                   kit::DescribeJsonType(tag));
    }
    // Worded like kit::ReplyReader's own errors: absent (or null) is "missing".
    auto key = tag.find("Key");
    if (key == tag.end() || key->is_null()) return Status::ProviderError(item + ": Key: missing");
    if (!key->is_string()) {
      return Status::ProviderError(item + ": Key: expected a string, got " +
                                   kit::DescribeJsonType(*key));
    }
    // An empty <Value/> decodes as null: the tag's value is "".
    auto value = tag.find("Value");
    if (value == tag.end() || value->is_null()) {
      out[key->get<std::string>()] = "";
    } else if (value->is_string()) {
      out[key->get<std::string>()] = *value;
    } else {
      return Status::ProviderError(item + ": Value: expected a string, got " +
                                   kit::DescribeJsonType(*value));
    }
  }
  return out;
}

Status SyncTags(AwsContext& ctx, const std::string& entity, const Value& id, const Value& before,
                const Value& after) {
  const Value empty = Value::object();
  const Value& b = before.is_object() ? before : empty;
  const Value& a = after.is_object() ? after : empty;
  Value untag = id, tag = id;
  untag["TagKeys"] = Value::array();
  for (auto it = b.begin(); it != b.end(); ++it) {
    if (!a.contains(it.key())) untag["TagKeys"].push_back(it.key());
  }
  if (!untag["TagKeys"].empty()) CW_RETURN_IF_ERROR(Call(ctx, "Untag" + entity, untag).status());
  Value changed = Value::object();
  for (auto it = a.begin(); it != a.end(); ++it) {
    auto was = b.find(it.key());
    if (was == b.end() || *was != it.value()) changed[it.key()] = it.value();
  }
  if (changed.empty()) return Status::Ok();
  tag["Tags"] = TagsToWire(changed);
  return Call(ctx, "Tag" + entity, tag).status();
}

kit::AttributeTable Rows(const kit::AttributeTable& table, const std::vector<std::string>& names) {
  std::vector<kit::Attribute> rows;
  for (const auto& n : names) {
    if (const kit::Attribute* row = table.Find(n)) rows.push_back(*row);
  }
  return kit::AttributeTable(std::move(rows));
}

Status RefuseInPlace(const kit::AttributeTable& table, const std::string& what,
                     const std::string& noun, const Value& before, const Value& after,
                     const std::vector<std::string>& changed) {
  std::vector<std::string> names = table.Changed(before, after);
  names.insert(names.end(), changed.begin(), changed.end());
  for (const auto& r : table.rows()) {
    if (!r.schema().force_new || !before.is_object()) continue;
    auto had = before.find(r.name());
    if (had == before.end() || had->is_null()) continue;
    if (std::find(names.begin(), names.end(), r.name()) != names.end()) {
      return Status::InvalidArgument(what + ": " + r.name() + " cannot be changed in place; " +
                                     noun + " must be replaced");
    }
  }
  return Status::Ok();
}

std::optional<RoleScopedKey> KeyOf(const std::string& id, char separator, const Value& attrs,
                                   const std::string& part_attribute) {
  if (!id.empty()) {
    auto at = id.find(separator);
    if (at == std::string::npos) return std::nullopt;
    return RoleScopedKey{id.substr(0, at), id.substr(at + 1), separator};
  }
  std::string role = kit::StringAttr(attrs, "role");
  std::string part = kit::StringAttr(attrs, part_attribute);
  if (role.empty() || part.empty()) return std::nullopt;
  return RoleScopedKey{role, part, separator};
}

Result<Observation> ObservedAt(const Address& address,
                               const std::function<Status(Observation* o)>& read) {
  Observation o = Missing(address);
  Status s = read(&o);
  if (!s.ok()) return s.WithContext(address.str());
  o.exists = true;
  return o;
}

std::string PolicyArn(const AwsContext& ctx, const std::string& path, const std::string& name) {
  return "arn:aws:iam::" + ctx.account_id + ":policy" + path + name;
}

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
  return status.provider_code() == "MalformedPolicyDocument" &&
         status.message().find("Invalid principal in policy") != std::string::npos;
}

const RoleEntry* Snapshot::FindRole(const std::string& name) const {
  auto it = roles.find(Lower(name));
  return it == roles.end() ? nullptr : &it->second;
}

const PolicyEntry* Snapshot::FindPolicy(const std::string& arn) const {
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
  Value filter = Value::array();
  if (needs.roles || needs.role_details) filter.push_back("Role");
  if (needs.policies) filter.push_back("LocalManagedPolicy");
  if (!filter.empty()) {
    const std::string action = "GetAccountAuthorizationDetails";
    CW_RETURN_IF_ERROR(Paginate(ctx, action, {{"Filter", filter}}, [&](auto page) -> Status {
      s->pages.push_back(page);
      kit::ReplyReader r = Reader(*page, action);
      CW_RETURN_IF_ERROR(r.ForEach("RoleDetailList",
                                   [&](const kit::ReplyReader& m) { return AddRole(m, s.get()); }));
      return r.ForEach("Policies",
                       [&](const kit::ReplyReader& m) { return AddPolicy(m, s.get()); });
    }));
    s->has_roles = needs.roles || needs.role_details;
    s->has_policies = needs.policies;
  }
  if (needs.role_details) {
    // RoleDetail has no Description or MaxSessionDuration; ListRoles has them.
    CW_RETURN_IF_ERROR(Paginate(ctx, "ListRoles", Value::object(), [&](auto page) -> Status {
      s->pages.push_back(page);
      return Reader(*page, "ListRoles").ForEach("Roles", [&](const kit::ReplyReader& m) -> Status {
        CW_ASSIGN_OR_RETURN(std::string name, m.RequiredString("RoleName"));
        auto it = s->roles.find(Lower(name));
        if (it != s->roles.end()) it->second.listed = m;  // else created between the listings
        return Status::Ok();
      });
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

}  // namespace causeway::aws::iam

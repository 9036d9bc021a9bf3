// aws.lakeformation.permissions: what one principal may do on one Lake Formation resource.
//   principal (required, force_new)       DataLakePrincipalIdentifier (IAM ARN, account id,
//                                         IAM_ALLOWED_PRINCIPALS, ...)
//   resource (required, force_new)        see lakeformation_kinds.h for its forms
//   permissions (required)                e.g. [SELECT, DESCRIBE]; compared upper-cased as a set
//   permissions_with_grant_option (default [])  a subset of permissions
// Authoritative for its (principal, resource): create and update read the live grants and then
// grant what is missing and revoke what is extra, so a grant made out of band is revoked and one
// revoked out of band is restored. The id is "<principal>|<canonical resource JSON>".
// Bulk observe: one paginated ListPermissions per resource type present in the batch (CATALOG,
// DATABASE, TABLE, DATA_LOCATION). Per-resource: ListPermissions filtered by principal and
// resource. Delete revokes whatever the principal holds on the resource (nothing held is fine).
// List scope: {principal?: ARN, resource_type?: CATALOG|DATABASE|TABLE|DATA_LOCATION}.
#include <map>
#include <optional>
#include <set>

#include "providers/aws/lakeformation_kinds.h"

namespace causeway::aws {

namespace {

constexpr const char* kKind = "aws.lakeformation.permissions";

using PermSet = std::set<std::string>;

struct Grant {
  PermSet permissions;
  PermSet grant_option;
};

struct Target {
  std::string principal;
  Value resource;  // canonical manifest form
  Value wire;      // Lake Formation Resource
};

PermSet ToSet(const Value& list) {
  PermSet out;
  Value n = NormalizeLfPermissions(list);
  if (!n.is_array()) return out;
  for (const auto& p : n) {
    if (p.is_string()) out.insert(p.get<std::string>());
  }
  return out;
}

Value ToList(const PermSet& s) { return Value(std::vector<std::string>(s.begin(), s.end())); }

PermSet Minus(const PermSet& a, const PermSet& b) {
  PermSet out;
  for (const auto& x : a) {
    if (!b.count(x)) out.insert(x);
  }
  return out;
}

// The (principal, resource) of an item: from its attributes when they are known, else from its
// id. InvalidArgument when neither names one (e.g. a principal that is still unknown at plan time).
Result<Target> TargetOf(const Address& address, const std::string& id, const Value& attributes) {
  Target t;
  t.principal = LfString(attributes, "principal");
  if (!t.principal.empty() && attributes.contains("resource") &&
      !ContainsUnknown(attributes["resource"])) {
    t.resource = attributes["resource"];
  } else if (!id.empty()) {
    CW_RETURN_IF_ERROR(ParseLfPermissionsId(id, &t.principal, &t.resource));
  } else {
    return Status::InvalidArgument(address.str() + ": principal and resource are required");
  }
  auto wire = LfResourceToWire(t.resource);
  if (!wire.ok()) return wire.status().WithContext(address.str());
  t.wire = *wire;
  t.resource = CanonicalLfManifestResource(t.resource);
  return t;
}

std::string Key(const std::string& principal, const Value& canonical_resource) {
  return principal + "\n" + CanonicalJson(canonical_resource);
}

// Indexes one ListPermissions page by (principal, canonical manifest resource).
void IndexPage(const Value& page, std::map<std::string, Grant>* out) {
  for (const auto& e : page.value("PrincipalResourcePermissions", Value::array())) {
    auto resource = LfResourceFromWire(e.value("Resource", Value::object()));
    if (!resource.ok()) continue;
    std::string principal =
        e.value("Principal", Value::object()).value("DataLakePrincipalIdentifier", std::string());
    Grant& g = (*out)[Key(principal, *resource)];
    for (const auto& p : ToSet(e.value("Permissions", Value::array()))) g.permissions.insert(p);
    for (const auto& p : ToSet(e.value("PermissionsWithGrantOption", Value::array()))) {
      g.grant_option.insert(p);
    }
  }
}

Observation MakeObservation(const Address& address, const Target& t, const Grant* g) {
  Observation o;
  o.address = address;
  if (g == nullptr || (g->permissions.empty() && g->grant_option.empty())) return o;
  o.exists = true;
  o.id = LfPermissionsId(t.principal, t.resource);
  o.attributes = {{"principal", t.principal},
                  {"resource", t.resource},
                  {"permissions", ToList(g->permissions)},
                  {"permissions_with_grant_option", ToList(g->grant_option)}};
  return o;
}

// The live grants of one (principal, resource).
Result<Grant> ReadGrant(AwsContext& ctx, const Target& t) {
  std::map<std::string, Grant> index;
  Value body = {{"Principal", {{"DataLakePrincipalIdentifier", t.principal}}},
                {"Resource", t.wire},
                {"MaxResults", 1000}};
  CW_RETURN_IF_ERROR(LfPaginate(ctx, "ListPermissions", body, [&](const Value& page) {
    IndexPage(page, &index);
    return Status::Ok();
  }));
  auto it = index.find(Key(t.principal, t.resource));
  return it == index.end() ? Grant{} : it->second;
}

Value Entry(const Target& t, const PermSet& permissions, const PermSet& grant_option) {
  return {{"Principal", {{"DataLakePrincipalIdentifier", t.principal}}},
          {"Resource", t.wire},
          {"Permissions", ToList(permissions)},
          {"PermissionsWithGrantOption", ToList(grant_option)}};
}

// Grants what `want` has and `have` lacks, then revokes what `have` has and `want` lacks.
Status Converge(AwsContext& ctx, const Address& address, const Target& t, const Grant& have,
                const Grant& want) {
  PermSet add_g = Minus(want.grant_option, have.grant_option);
  PermSet add_p = Minus(want.permissions, have.permissions);
  // A grant option is granted together with its permission (granting a held one is a no-op).
  add_p.insert(add_g.begin(), add_g.end());
  if (!add_p.empty()) {
    auto r = LfCall(ctx, "GrantPermissions", Entry(t, add_p, add_g));
    if (!r.ok()) return r.status().WithContext(address.str());
  }
  PermSet del_p = Minus(have.permissions, want.permissions);
  // Revoking a permission also drops its grant option; revoke the remaining extra options.
  PermSet del_g = Minus(Minus(have.grant_option, want.grant_option), del_p);
  if (!del_p.empty() || !del_g.empty()) {
    auto r = LfCall(ctx, "RevokePermissions", Entry(t, del_p, del_g));
    if (!r.ok()) return r.status().WithContext(address.str());
  }
  return Status::Ok();
}

Result<Grant> DesiredGrant(const Address& address, const Value& a) {
  if (!a.contains("permissions") || !a["permissions"].is_array()) {
    return Status::InvalidArgument(address.str() + ": permissions must be a list");
  }
  for (const char* key : {"permissions", "permissions_with_grant_option"}) {
    if (!a.contains(key)) continue;
    if (!a[key].is_array())
      return Status::InvalidArgument(address.str() + ": " + key + " must be a list");
    for (const auto& p : a[key]) {
      if (!p.is_string()) {
        return Status::InvalidArgument(address.str() + ": " + key + " must be a list of names");
      }
    }
  }
  Grant g;
  g.permissions = ToSet(a["permissions"]);
  if (g.permissions.empty()) {
    return Status::InvalidArgument(address.str() + ": permissions must not be empty");
  }
  g.grant_option = ToSet(a.value("permissions_with_grant_option", Value::array()));
  for (const auto& p : g.grant_option) {
    if (!g.permissions.count(p)) {
      return Status::InvalidArgument(address.str() + ": permissions_with_grant_option has " + p +
                                     ", which is not in permissions");
    }
  }
  return g;
}

class LfPermissionsHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s;
    s.kind = kKind;
    s.description = "Lake Formation permissions of one principal on one resource";
    AttributeSchema principal = LfAttr("principal", AttrType::kString,
                                       "DataLakePrincipalIdentifier: IAM ARN, account id, ...");
    principal.required = true;
    principal.force_new = true;
    AttributeSchema resource =
        LfAttr("resource", AttrType::kObject,
               "One of {catalog: {}}, {database: {name}}, {table: {database_name, name | wildcard: "
               "true}}, {table_with_columns: {...}}, {data_location: {arn}}");
    resource.required = true;
    resource.force_new = true;
    resource.normalize = [](const Value& v) { return CanonicalLfManifestResource(v); };
    AttributeSchema perms =
        LfAttr("permissions", AttrType::kList,
               "Permissions: ALL, SELECT, ALTER, DROP, DELETE, INSERT, DESCRIBE, ...");
    perms.required = true;
    perms.normalize = [](const Value& v) { return NormalizeLfPermissions(v); };
    AttributeSchema grant = LfAttr("permissions_with_grant_option", AttrType::kList,
                                   "The subset of permissions the principal may grant to others");
    grant.default_value = Value::array();
    grant.normalize = [](const Value& v) { return NormalizeLfPermissions(v); };
    s.attributes = {principal, resource, perms, grant};
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch& /*batch*/,
                                               const std::vector<ObserveItem>& items) override {
    std::vector<std::optional<Target>> targets;
    std::set<std::string> types;
    for (const auto& item : items) {
      auto t = TargetOf(item.address, item.id, item.attributes);
      if (!t.ok() && !item.id.empty()) return t.status();
      // Without an id and a known natural key the object cannot exist yet.
      if (!t.ok()) {
        targets.emplace_back();
        continue;
      }
      types.insert(LfManifestResourceType(t->resource));
      targets.emplace_back(std::move(t).value());
    }
    std::map<std::string, Grant> index;
    for (const auto& type : types) {
      CW_RETURN_IF_ERROR(LfPaginate(ctx, "ListPermissions",
                                    {{"ResourceType", type}, {"MaxResults", 1000}},
                                    [&](const Value& page) {
                                      IndexPage(page, &index);
                                      return Status::Ok();
                                    }));
    }
    std::vector<Observation> out;
    for (size_t i = 0; i < items.size(); ++i) {
      if (!targets[i]) {
        Observation o;
        o.address = items[i].address;
        out.push_back(std::move(o));
        continue;
      }
      const Target& t = *targets[i];
      auto it = index.find(Key(t.principal, t.resource));
      out.push_back(
          MakeObservation(items[i].address, t, it == index.end() ? nullptr : &it->second));
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    auto target = TargetOf(item.address, item.id, item.attributes);
    if (!target.ok() && item.id.empty()) {
      Observation missing;
      missing.address = item.address;
      return missing;
    }
    if (!target.ok()) return target.status();
    const Target& t = *target;
    auto g = ReadGrant(ctx, t);
    if (!g.ok()) return g.status().WithContext(item.address.str());
    return MakeObservation(item.address, t, &*g);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    return Apply(ctx, req.address, req.attributes);
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    return Apply(ctx, req.address, req.after);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    CW_ASSIGN_OR_RETURN(Target t, TargetOf(req.address, req.id, req.attributes));
    auto have = ReadGrant(ctx, t);
    if (!have.ok()) return have.status().WithContext(req.address.str());
    if (have->permissions.empty() && have->grant_option.empty()) return Status::Ok();
    auto r = LfCall(ctx, "RevokePermissions", Entry(t, have->permissions, have->grant_option));
    // Revoked concurrently: nothing left to revoke is what delete wants.
    if (!r.ok() && r.status().message().find("No permissions revoked") == std::string::npos) {
      return r.status().WithContext(req.address.str());
    }
    return Status::Ok();
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    Value body = {{"MaxResults", 1000}};
    std::string principal;
    if (req.scope.is_object()) {
      principal = req.scope.value("principal", std::string());
      std::string type = req.scope.value("resource_type", std::string());
      if (!type.empty()) body["ResourceType"] = type;
    }
    std::map<std::string, Grant> index;
    CW_RETURN_IF_ERROR(LfPaginate(ctx, "ListPermissions", body, [&](const Value& page) {
      IndexPage(page, &index);
      return Status::Ok();
    }));
    std::vector<Observation> out;
    for (const auto& [key, g] : index) {
      Target t;
      auto nl = key.find('\n');
      t.principal = key.substr(0, nl);
      if (!principal.empty() && t.principal != principal) continue;
      try {
        t.resource = Value::parse(key.substr(nl + 1));
      } catch (const nlohmann::json::exception&) {
        continue;  // cannot happen: the key holds CanonicalJson output
      }
      out.push_back(MakeObservation(Address{req.kind, ""}, t, &g));
    }
    return out;
  }

 private:
  Result<ResourceResult> Apply(AwsContext& ctx, const Address& address, const Value& attributes) {
    CW_ASSIGN_OR_RETURN(Target t, TargetOf(address, "", attributes));
    CW_ASSIGN_OR_RETURN(Grant want, DesiredGrant(address, attributes));
    auto have = ReadGrant(ctx, t);
    if (!have.ok()) return have.status().WithContext(address.str());
    CW_RETURN_IF_ERROR(Converge(ctx, address, t, *have, want));
    ResourceResult out;
    out.id = LfPermissionsId(t.principal, t.resource);
    out.attributes = {{"principal", t.principal},
                      {"resource", t.resource},
                      {"permissions", ToList(want.permissions)},
                      {"permissions_with_grant_option", ToList(want.grant_option)}};
    return out;
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewLfPermissionsHandler() {
  return std::make_unique<LfPermissionsHandler>();
}

}  // namespace causeway::aws

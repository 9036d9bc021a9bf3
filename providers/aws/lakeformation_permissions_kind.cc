// aws.lakeformation.permissions: what one principal may do on one Lake Formation resource
// (attributes: the table below; the resource's forms: lakeformation_kinds.h). Permissions are
// compared upper-cased as sets; permissions_with_grant_option is a subset of permissions.
// Authoritative for its (principal, resource): create and update read the live grants and then
// grant what is missing and revoke what is extra, so a grant made out of band is revoked and one
// revoked out of band is restored. The id is "<principal>|<canonical resource JSON>".
// Bulk observe: one paginated ListPermissions per resource type present in the batch (CATALOG,
// DATABASE, TABLE, DATA_LOCATION). Per-resource: ListPermissions filtered by principal and
// resource. Create/update: ListPermissions for the pair, then GrantPermissions and
// RevokePermissions. Delete revokes whatever the principal holds on the resource (nothing held
// is fine). List scope: {principal?: ARN, resource_type?: CATALOG|DATABASE|TABLE|DATA_LOCATION}.
// Read-back is by hand rather than through the table: an observation adds up every
// ListPermissions entry of its (principal, resource).
#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include "providers/aws/lakeformation_kinds.h"
#include "providers/kit/normalizers.h"

namespace causeway::aws {

namespace {

using kit::Attribute;

constexpr char kKind[] = "aws.lakeformation.permissions";

// clang-format off
const kit::AttributeTable& Table() {
  static const kit::AttributeTable table({
    Attribute("principal").Describe("DataLakePrincipalIdentifier: IAM ARN, account id, ...")
        .Required().ForceNew(),
    Attribute("resource", AttrType::kObject)
        .Describe("One of {catalog: {}}, {database: {name}}, {table: {database_name, name | "
                  "wildcard: true}}, {table_with_columns: {...}}, {data_location: {arn}}")
        .Required().ForceNew().Normalize(CanonicalLfManifestResource)
        .Check(CheckLfManifestResource)
        .Fields({
          Attribute("catalog", AttrType::kMap).Describe("The account's Data Catalog: {}"),
          Attribute("database", AttrType::kObject).Fields({Attribute("name").Required()}),
          Attribute("table", AttrType::kObject).Fields({Attribute("database_name").Required(),
              Attribute("name"), Attribute("wildcard", AttrType::kBool)}),
          Attribute("table_with_columns", AttrType::kObject).Fields({
              Attribute("database_name").Required(), Attribute("name").Required(),
              Attribute("column_names", AttrType::kList),
              Attribute("column_wildcard", AttrType::kBool),
              Attribute("excluded_column_names", AttrType::kList)}),
          Attribute("data_location", AttrType::kObject)
              .Fields({Attribute("arn").Required().Check(LfS3Arn())}),
        }),
    Attribute("permissions", AttrType::kList)
        .Describe("Permissions: ALL, SELECT, ALTER, DROP, DELETE, INSERT, DESCRIBE, ...")
        .Required().Normalize(kit::UpperCaseSet),
    Attribute("permissions_with_grant_option", AttrType::kList)
        .Describe("The subset of permissions the principal may grant to others")
        .Default(Value::array()).Normalize(kit::UpperCaseSet),
  });
  return table;
}
// clang-format on

using PermSet = std::set<std::string>;

struct Grant {
  PermSet permissions;
  PermSet grant_option;
  bool empty() const { return permissions.empty() && grant_option.empty(); }
};

// One (principal, resource) pair.
struct Target {
  std::string principal;
  Value resource;  // canonical manifest form
  Value wire;      // Lake Formation Resource
};

// What ListPermissions says principals hold, by Key(principal, resource): several entries of
// one pair add up.
struct Held {
  Target target;
  Grant grant;
};
using Index = std::map<std::string, Held>;

std::string Key(const std::string& principal, const Value& canonical_resource) {
  return principal + "\n" + CanonicalJson(canonical_resource);
}

Value ToList(const PermSet& s) { return Value(std::vector<std::string>(s.begin(), s.end())); }

PermSet Minus(const PermSet& a, const PermSet& b) {
  PermSet out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}

// The (principal, resource) of an item: from its attributes when they are known, else from its
// id. InvalidArgument when neither names one (e.g. a principal that is still unknown at plan time).
Result<Target> TargetOf(const Address& address, const std::string& id, const Value& attributes) {
  Target t;
  t.principal = kit::StringAttr(attributes, "principal");
  auto resource = attributes.is_object() ? attributes.find("resource") : attributes.end();
  if (!t.principal.empty() && resource != attributes.end() && !ContainsUnknown(*resource)) {
    t.resource = *resource;
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

// Adds the permission names of the list at `path` of a reply to `out`, upper-cased.
Status AddNames(const kit::ReplyReader& entry, std::string_view path, PermSet* out) {
  return entry.ForEach(path, [&](const kit::ReplyReader& p) -> Status {
    CW_ASSIGN_OR_RETURN(std::string name, p.RequiredString(""));
    out->insert(Upper(name));
    return Status::Ok();
  });
}

// Adds one ListPermissions page to `index`; entries on resources the kind does not manage are
// skipped.
Status IndexPage(const kit::ReplyReader& page, Index* index) {
  return page.ForEach("PrincipalResourcePermissions", [&](const kit::ReplyReader& e) -> Status {
    CW_ASSIGN_OR_RETURN(kit::ReplyReader wire, e.At("Resource"));
    CW_ASSIGN_OR_RETURN(std::optional<Value> resource, LfResourceFromWire(wire));
    if (!resource) return Status::Ok();
    CW_ASSIGN_OR_RETURN(std::string principal,
                        e.RequiredString("Principal/DataLakePrincipalIdentifier"));
    Held& held = (*index)[Key(principal, *resource)];
    held.target.principal = principal;
    held.target.resource = *resource;
    CW_RETURN_IF_ERROR(AddNames(e, "Permissions", &held.grant.permissions));
    return AddNames(e, "PermissionsWithGrantOption", &held.grant.grant_option);
  });
}

Status ListInto(AwsContext& ctx, const Value& body, Index* index) {
  return LfPaginate(ctx, "ListPermissions", body,
                    [&](const kit::ReplyReader& page) { return IndexPage(page, index); });
}

// The attributes of a grant as the manifest spells them.
Value Attributes(const Target& t, const Grant& g) {
  return {{"principal", t.principal},
          {"resource", t.resource},
          {"permissions", ToList(g.permissions)},
          {"permissions_with_grant_option", ToList(g.grant_option)}};
}

Observation MakeObservation(const Address& address, const Target& t, const Grant& g) {
  Observation o = Missing(address);
  if (g.empty()) return o;
  o.exists = true;
  o.id = LfPermissionsId(t.principal, t.resource);
  o.attributes = Attributes(t, g);
  return o;
}

// The live grants of one (principal, resource).
Result<Grant> ReadGrant(AwsContext& ctx, const Target& t) {
  Index index;
  CW_RETURN_IF_ERROR(ListInto(ctx,
                              {{"Principal", {{"DataLakePrincipalIdentifier", t.principal}}},
                               {"Resource", t.wire},
                               {"MaxResults", 1000}},
                              &index));
  auto it = index.find(Key(t.principal, t.resource));
  return it == index.end() ? Grant{} : it->second.grant;
}

Value Entry(const Target& t, const PermSet& permissions, const PermSet& grant_option) {
  return {{"Principal", {{"DataLakePrincipalIdentifier", t.principal}}},
          {"Resource", t.wire},
          {"Permissions", ToList(permissions)},
          {"PermissionsWithGrantOption", ToList(grant_option)}};
}

// Grants what `want` has and `have` lacks, then revokes what `have` has and `want` lacks.
Status Converge(AwsContext& ctx, const Target& t, const Grant& have, const Grant& want) {
  PermSet add_g = Minus(want.grant_option, have.grant_option);
  PermSet add_p = Minus(want.permissions, have.permissions);
  // A grant option is granted together with its permission (granting a held one is a no-op).
  add_p.insert(add_g.begin(), add_g.end());
  if (!add_p.empty()) {
    CW_RETURN_IF_ERROR(LfCall(ctx, "GrantPermissions", Entry(t, add_p, add_g)).status());
  }
  PermSet del_p = Minus(have.permissions, want.permissions);
  // Revoking a permission also drops its grant option; revoke the remaining extra options.
  PermSet del_g = Minus(Minus(have.grant_option, want.grant_option), del_p);
  if (!del_p.empty() || !del_g.empty()) {
    CW_RETURN_IF_ERROR(LfCall(ctx, "RevokePermissions", Entry(t, del_p, del_g)).status());
  }
  return Status::Ok();
}

// The permissions the manifest asks for, upper-cased. InvalidArgument names what is wrong.
Result<Grant> DesiredGrant(const Address& address, const Value& attributes) {
  Value a = Table().WithDefaults(attributes);
  Grant g;
  for (auto [key, set] : {std::pair{"permissions", &g.permissions},
                          std::pair{"permissions_with_grant_option", &g.grant_option}}) {
    auto list = a.find(key);
    bool names = list != a.end() && list->is_array();
    for (size_t i = 0; names && i < list->size(); ++i) {
      names = (*list)[i].is_string();
      if (names) set->insert(Upper((*list)[i].get<std::string>()));
    }
    if (!names) {
      return Status::InvalidArgument(address.str() + ": " + std::string(key) +
                                     " must be a list of names");
    }
  }
  if (g.permissions.empty()) {
    return Status::InvalidArgument(address.str() + ": permissions must not be empty");
  }
  for (const auto& p : g.grant_option) {
    if (g.permissions.count(p) == 0) {
      return Status::InvalidArgument(address.str() + ": permissions_with_grant_option has " + p +
                                     ", which is not in permissions");
    }
  }
  return g;
}

class LfPermissionsHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return Table().Schema(kKind, "Lake Formation permissions of one principal on one resource",
                          {"principal", "resource"});
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    std::vector<std::optional<Target>> targets;
    std::set<std::string> types;
    for (const auto& item : items) {
      auto t = TargetOf(item.address, item.id, item.attributes);
      if (!t.ok() && !item.id.empty()) return t.status();
      // Without an id and a known natural key the object cannot exist yet.
      targets.push_back(t.ok() ? std::optional<Target>(*t) : std::nullopt);
      if (t.ok()) types.insert(LfManifestResourceType(t->resource));
    }
    Index index;
    for (const auto& type : types) {
      CW_RETURN_IF_ERROR(ListInto(ctx, {{"ResourceType", type}, {"MaxResults", 1000}}, &index));
    }
    std::vector<Observation> out;
    for (size_t i = 0; i < items.size(); ++i) {
      const auto& t = targets[i];
      auto it = t ? index.find(Key(t->principal, t->resource)) : index.end();
      out.push_back(it == index.end() ? Missing(items[i].address)
                                      : MakeObservation(items[i].address, *t, it->second.grant));
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    auto t = TargetOf(item.address, item.id, item.attributes);
    if (!t.ok() && item.id.empty()) return Missing(item.address);
    if (!t.ok()) return t.status();
    auto g = ReadGrant(ctx, *t);
    if (!g.ok()) return g.status().WithContext(item.address.str());
    return MakeObservation(item.address, *t, *g);
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
    if (have->empty()) return Status::Ok();
    Status revoked =
        LfCall(ctx, "RevokePermissions", Entry(t, have->permissions, have->grant_option)).status();
    if (revoked.ok()) return Status::Ok();
    // Revoked concurrently: nothing left to revoke is what delete wants.
    auto after = ReadGrant(ctx, t);
    if (after.ok() && after->empty()) return Status::Ok();
    return revoked.WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    for (const char* key : {"principal", "resource_type"}) {
      auto it = req.scope.is_object() ? req.scope.find(key) : req.scope.end();
      if (it != req.scope.end() && !it->is_string()) {
        return Status::InvalidArgument(std::string(kKind) + " list: scope " + key +
                                       " must be a string");
      }
    }
    std::string principal = kit::StringAttr(req.scope, "principal");
    std::string type = kit::StringAttr(req.scope, "resource_type");
    Value body = {{"MaxResults", 1000}};
    if (!type.empty()) body["ResourceType"] = type;
    Index index;
    CW_RETURN_IF_ERROR(ListInto(ctx, body, &index));
    std::vector<Observation> out;
    for (const auto& [_, held] : index) {
      if (!principal.empty() && held.target.principal != principal) continue;
      out.push_back(MakeObservation(Address{req.kind, ""}, held.target, held.grant));
    }
    return out;
  }

 private:
  static Result<ResourceResult> Apply(AwsContext& ctx, const Address& address,
                                      const Value& attributes) {
    CW_ASSIGN_OR_RETURN(Target t, TargetOf(address, "", attributes));
    CW_ASSIGN_OR_RETURN(Grant want, DesiredGrant(address, attributes));
    auto have = ReadGrant(ctx, t);
    if (!have.ok()) return have.status().WithContext(address.str());
    CW_RETURN_IF_ERROR(Converge(ctx, t, *have, want).WithContext(address.str()));
    return ResourceResult{LfPermissionsId(t.principal, t.resource), Attributes(t, want),
                          Value::object()};
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewLfPermissionsHandler() {
  return std::make_unique<LfPermissionsHandler>();
}

}  // namespace causeway::aws

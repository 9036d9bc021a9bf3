// databricks.grants and databricks.grant: privileges on a Unity Catalog securable (catalog,
// schema, table, external location, storage credential...), through
// GET/PATCH permissions/<securable type>/<full name>.
//  - databricks.grants is authoritative for one securable: its `grants` list is every direct
//    grant there; grants made elsewhere show in the plan as changes and are removed by apply.
//  - databricks.grant is additive: one principal's privileges, leaving whatever else that
//    principal or others hold alone.
// Privileges compare as sets, case-insensitively, with space = underscore (ALL PRIVILEGES =
// ALL_PRIVILEGES); securable types case-insensitively. Bulk observe: one permissions GET (paged)
// per securable, shared by every grant resource on it; per-resource: one GET per resource.
#include <map>
#include <optional>
#include <set>

#include "providers/databricks/securable_handler.h"
#include "providers/kit/normalizers.h"
#include "providers/kit/parallel.h"
#include "providers/kit/value_checks.h"
#include "reconciler/core/ascii.h"

namespace causeway::databricks {
namespace {

using kit::Attribute;
using PrivilegeMap = std::map<std::string, std::set<std::string>>;  // principal -> privileges

const std::vector<std::string> kSecurableTypes = {
    "catalog", "schema",   "table",     "external_location", "storage_credential",
    "volume",  "function", "metastore", "connection"};

Attribute SecurableType() {
  return Attribute("securable_type")
      .Describe("catalog, schema, table, external_location, storage_credential, ...")
      .Required()
      .ForceNew()
      .Normalize(kit::LowerCase)
      .Check(kit::OneOfIgnoringCase(kSecurableTypes));
}
Attribute SecurableName() {
  return Attribute("securable_name")
      .Describe("Full name: catalog, catalog.schema, catalog.schema.table, or a location's name")
      .Required()
      .ForceNew()
      .Normalize(FoldName);
}

std::set<std::string> PrivilegesOf(const Value& list) {
  std::set<std::string> out;
  if (!list.is_array()) return out;
  for (const auto& p : list) {
    if (p.is_string()) out.insert(PrivilegeName(p.get<std::string>()));
  }
  return out;
}
Value ToList(const std::set<std::string>& s) {
  Value out = Value::array();
  for (const auto& p : s) out.push_back(p);
  return out;
}

// The `grants` list as principal -> privileges (principals with none left out).
PrivilegeMap GrantsOf(const Value& grants) {
  PrivilegeMap out;
  if (!grants.is_array()) return out;
  for (const auto& g : grants) {
    if (!g.is_object() || !g.contains("principal") || !g["principal"].is_string()) continue;
    auto privileges = PrivilegesOf(g.value("privileges", Value::array()));
    if (!privileges.empty())
      out[g["principal"].get<std::string>()].insert(privileges.begin(), privileges.end());
  }
  return out;
}
Value GrantsList(const PrivilegeMap& m) {
  Value out = Value::array();
  for (const auto& [principal, privileges] : m) {
    if (!privileges.empty())
      out.push_back({{"principal", principal}, {"privileges", ToList(privileges)}});
  }
  return out;
}
Value CanonicalGrants(const Value& v) { return v.is_array() ? GrantsList(GrantsOf(v)) : v; }

const kit::AttributeTable& GrantsTable() {
  // clang-format off
  static const kit::AttributeTable table({
    SecurableType(), SecurableName(),
    Attribute("grants", AttrType::kList).Required().Normalize(CanonicalGrants)
        .Describe("Every direct grant on the securable: [{principal, privileges: [...]}]")
        .Fields({Attribute("principal").Required().Describe("User, group or service principal"),
                 Attribute("privileges", AttrType::kList).Required()
                     .Describe("USE_CATALOG, USE_SCHEMA, SELECT, MODIFY, ALL_PRIVILEGES, ...")}),
  });
  // clang-format on
  return table;
}

const kit::AttributeTable& GrantTable() {
  // clang-format off
  static const kit::AttributeTable table({
    SecurableType(), SecurableName(),
    Attribute("principal").Required().ForceNew().Describe("User, group or service principal"),
    Attribute("privileges", AttrType::kList).Required().Normalize(PrivilegeSet)
        .Describe("Privileges this resource grants; others the principal holds are left alone"),
  });
  // clang-format on
  return table;
}

std::string TypeOf(const Value& a) { return Lower(kit::StringAttr(a, "securable_type")); }
std::string NameOf(const Value& a) { return Lower(kit::StringAttr(a, "securable_name")); }
std::string PermissionsPath(const Value& a) {
  return "permissions/" + PathSegment(TypeOf(a)) + "/" + PathSegment(NameOf(a));
}

// Every direct grant on the securable `a` names; NotFound when the securable does not exist.
Result<PrivilegeMap> ReadGrants(DatabricksContext& ctx, const Value& a) {
  PrivilegeMap out;
  CW_RETURN_IF_ERROR(ctx.client->ListAll(
      PermissionsPath(a), {}, "privilege_assignments", [&](const kit::ReplyReader& r) -> Status {
        CW_ASSIGN_OR_RETURN(std::string principal, r.StringOr("principal", ""));
        CW_ASSIGN_OR_RETURN(const Value* privileges, r.List("privileges"));
        if (principal.empty() || privileges == nullptr) return Status::Ok();
        for (const auto& p : *privileges) {
          if (!p.is_string()) {
            return Status::ProviderError(r.source() + ": " + r.Where("privileges") +
                                         ": expected strings");
          }
          out[principal].insert(PrivilegeName(p.get<std::string>()));
        }
        return Status::Ok();
      }));
  return out;
}

// PATCHes the securable from `from` to `to` for the principals in either.
Status Apply(DatabricksContext& ctx, const Value& a, const PrivilegeMap& from,
             const PrivilegeMap& to) {
  std::set<std::string> principals;
  for (const auto& [p, _] : from) principals.insert(p);
  for (const auto& [p, _] : to) principals.insert(p);
  Value changes = Value::array();
  for (const auto& p : principals) {
    static const std::set<std::string> kNone;
    const auto& had = from.count(p) ? from.at(p) : kNone;
    const auto& want = to.count(p) ? to.at(p) : kNone;
    std::set<std::string> add, remove;
    for (const auto& x : want) {
      if (!had.count(x)) add.insert(x);
    }
    for (const auto& x : had) {
      if (!want.count(x)) remove.insert(x);
    }
    if (add.empty() && remove.empty()) continue;
    changes.push_back({{"principal", p}, {"add", ToList(add)}, {"remove", ToList(remove)}});
  }
  if (changes.empty()) return Status::Ok();
  return ctx.client->Catalog("PATCH", PermissionsPath(a), {{"changes", changes}}).status();
}

std::string SecurableKey(const Value& a) { return TypeOf(a) + "/" + NameOf(a); }

// Shared by both kinds: read each securable once, then build each item's observation.
template <typename Build>
Result<std::vector<Observation>> ObserveBySecurable(DatabricksContext& ctx,
                                                    const std::vector<ObserveItem>& items,
                                                    Build build) {
  // One permissions GET per securable, ten securables at a time.
  std::map<std::string, std::optional<PrivilegeMap>> read;  // nullopt: securable missing
  std::vector<std::string> keys;
  std::map<std::string, const ObserveItem*> first;
  for (const auto& item : items) {
    if (TypeOf(item.attributes).empty() || NameOf(item.attributes).empty()) continue;
    std::string key = SecurableKey(item.attributes);
    if (first.emplace(key, &item).second) {
      keys.push_back(key);
      read[key] = std::nullopt;
    }
  }
  CW_RETURN_IF_ERROR(kit::ForEachInParallel(keys.size(), 10, [&](size_t k) -> Status {
    const ObserveItem& item = *first.at(keys[k]);
    auto grants = ReadGrants(ctx, item.attributes);
    if (!grants.ok() && !grants.status().IsNotFound()) {
      return grants.status().WithContext(item.address.str());
    }
    if (grants.ok()) read.at(keys[k]) = std::move(grants).value();
    return Status::Ok();
  }));
  std::vector<Observation> out;
  for (const auto& item : items) {
    auto it = read.find(SecurableKey(item.attributes));
    const bool unknown = TypeOf(item.attributes).empty() || NameOf(item.attributes).empty();
    // Missing when its securable does not exist or is not created yet.
    out.push_back(!unknown && it != read.end() && it->second ? build(item, *it->second)
                                                             : Missing(item.address));
  }
  return out;
}

class GrantsHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s = GrantsTable().Schema("databricks.grants",
                                        "Every direct grant on one Unity Catalog securable",
                                        {"securable_type", "securable_name"});
    s.change_note = "authoritative: grants on the securable that are not listed are revoked";
    return s;
  }
  Result<std::vector<Observation>> ObserveBulk(DatabricksContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    return ObserveBySecurable(ctx, items, &Build);
  }
  Result<Observation> ObserveOne(DatabricksContext& ctx, const ObserveItem& item) override {
    CW_ASSIGN_OR_RETURN(auto o, ObserveBySecurable(ctx, {item}, &Build));
    return o[0];
  }
  Result<ResourceResult> Create(DatabricksContext& ctx, const CreateRequest& req) override {
    auto live = ReadGrants(ctx, req.attributes);
    if (!live.ok()) return live.status().WithContext(req.address.str());
    return Set(ctx, req.address, *live, req.attributes);
  }
  Result<ResourceResult> Update(DatabricksContext& ctx, const UpdateRequest& req) override {
    return Set(ctx, req.address, GrantsOf(req.before.value("grants", Value::array())), req.after);
  }
  Status Delete(DatabricksContext& ctx, const DeleteRequest& req) override {
    Status s =
        Apply(ctx, req.attributes, GrantsOf(req.attributes.value("grants", Value::array())), {});
    return s.ok() || s.IsNotFound() ? Status::Ok() : s.WithContext(req.address.str());
  }
  Result<std::vector<Observation>> List(DatabricksContext& ctx, const ListRequest& req) override {
    if (TypeOf(req.scope).empty() || NameOf(req.scope).empty()) {
      return Status::InvalidArgument(
          "databricks.grants: list needs securable_type and securable_name in the scope");
    }
    ObserveItem item{Address{req.kind, SecurableKey(req.scope)}, "", req.scope};
    CW_ASSIGN_OR_RETURN(Observation o, ObserveOne(ctx, item));
    if (!o.exists) return std::vector<Observation>{};
    return std::vector<Observation>{o};
  }

 private:
  static Observation Build(const ObserveItem& item, const PrivilegeMap& live) {
    Observation o = Missing(item.address);
    o.exists = !live.empty() || !item.id.empty();
    o.id = SecurableKey(item.attributes);
    o.attributes = {{"securable_type", TypeOf(item.attributes)},
                    {"securable_name", NameOf(item.attributes)},
                    {"grants", GrantsList(live)}};
    return o;
  }
  static Result<ResourceResult> Set(DatabricksContext& ctx, const Address& address,
                                    const PrivilegeMap& from, const Value& after) {
    Status s = Apply(ctx, after, from, GrantsOf(after.value("grants", Value::array())));
    if (!s.ok()) return s.WithContext(address.str());
    return ResourceResult{SecurableKey(after), GrantsTable().Settled(after), Value::object()};
  }
};

class GrantHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return GrantTable().Schema("databricks.grant",
                               "One principal's privileges on a Unity Catalog securable (additive)",
                               {"securable_type", "securable_name", "principal"});
  }
  Result<std::vector<Observation>> ObserveBulk(DatabricksContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    return ObserveBySecurable(ctx, items, &Build);
  }
  Result<Observation> ObserveOne(DatabricksContext& ctx, const ObserveItem& item) override {
    CW_ASSIGN_OR_RETURN(auto o, ObserveBySecurable(ctx, {item}, &Build));
    return o[0];
  }
  Result<ResourceResult> Create(DatabricksContext& ctx, const CreateRequest& req) override {
    return Set(ctx, req.address, {}, req.attributes);
  }
  Result<ResourceResult> Update(DatabricksContext& ctx, const UpdateRequest& req) override {
    return Set(ctx, req.address, req.before, req.after);
  }
  Status Delete(DatabricksContext& ctx, const DeleteRequest& req) override {
    const std::string p = kit::StringAttr(req.attributes, "principal");
    Status s = Apply(ctx, req.attributes, {{p, PrivilegesOf(req.attributes["privileges"])}}, {});
    return s.ok() || s.IsNotFound() ? Status::Ok() : s.WithContext(req.address.str());
  }
  Result<std::vector<Observation>> List(DatabricksContext&, const ListRequest&) override {
    return Status::InvalidArgument(
        "databricks.grant is additive and cannot be listed for import; import the securable's "
        "databricks.grants instead");
  }

 private:
  // Only the privileges this resource manages (those it was given) are shown: others the
  // principal holds are not its business.
  static Observation Build(const ObserveItem& item, const PrivilegeMap& live) {
    Observation o = Missing(item.address);
    const std::string p = kit::StringAttr(item.attributes, "principal");
    const Value& given = item.attributes;
    std::set<std::string> known = PrivilegesOf(given.value("privileges", Value::array()));
    std::set<std::string> held;
    if (auto it = live.find(p); it != live.end()) {
      for (const auto& x : it->second) {
        if (known.count(x)) held.insert(x);
      }
    }
    o.exists = !held.empty() || !item.id.empty();
    o.id = SecurableKey(item.attributes) + "/" + p;
    o.attributes = {{"securable_type", TypeOf(item.attributes)},
                    {"securable_name", NameOf(item.attributes)},
                    {"principal", p},
                    {"privileges", ToList(held)}};
    return o;
  }
  static Result<ResourceResult> Set(DatabricksContext& ctx, const Address& address,
                                    const Value& before, const Value& after) {
    const std::string p = kit::StringAttr(after, "principal");
    PrivilegeMap from, to{{p, PrivilegesOf(after.value("privileges", Value::array()))}};
    if (before.is_object()) from[p] = PrivilegesOf(before.value("privileges", Value::array()));
    Status s = Apply(ctx, after, from, to);
    if (!s.ok()) return s.WithContext(address.str());
    return ResourceResult{SecurableKey(after) + "/" + p, GrantTable().Settled(after),
                          Value::object()};
  }
};

}  // namespace

KindHandlers MakeGrantHandlers() {
  return kit::MakeHandlers<DatabricksContext, GrantsHandler, GrantHandler>();
}

}  // namespace causeway::databricks

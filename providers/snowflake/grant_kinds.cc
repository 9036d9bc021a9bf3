// snowflake.role_grant (a role granted to a role or a user) and snowflake.grant (privileges of a
// role on an object, on ALL objects of a type in a schema or database, or on FUTURE ones, with or
// without the grant option). A grant is `additive` (the default: it manages only the privileges
// it lists and leaves others alone) or `authoritative` (the role holds exactly the listed
// privileges on the target; others, except OWNERSHIP, are revoked). ALL and ALL PRIVILEGES are
// one privilege and hold when every privilege of the type is held (privileges.h).
// Reads: every statement an observe needs is computed first and each distinct one runs once,
// ctx.threads at a time: SHOW GRANTS TO ROLE once per role, SHOW FUTURE GRANTS IN once per
// container, SHOW <objects> IN once per container and type for ON ALL grants, SHOW GRANTS OF
// ROLE once per granted role. Per-resource mode runs the same statements for each object alone.
// Create, update and delete read what the role holds, then GRANT / REVOKE only what differs
// (GRANT is idempotent, so a create adopts); a revoke of what is gone succeeds.
#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "providers/kit/normalizers.h"
#include "providers/kit/parallel.h"
#include "providers/kit/value_checks.h"
#include "providers/snowflake/kind_handler.h"
#include "providers/snowflake/privileges.h"
#include "reconciler/core/ascii.h"

namespace causeway::snowflake {
namespace {

using kit::Attribute;

// Statement -> its rows (nullopt when the statement's object does not exist).
using Lookup = std::function<Result<std::optional<RowSet>>(const std::string& sql)>;

Lookup Direct(SnowflakeContext& ctx) {
  return [&ctx](const std::string& sql) -> Result<std::optional<RowSet>> {
    auto r = ctx.client->Execute(sql);
    if (!r.ok() && r.status().IsNotFound()) return std::optional<RowSet>();
    if (!r.ok()) return r.status();
    return std::optional<RowSet>(std::move(r).value());
  };
}

// Runs every distinct statement of `needed` once, ctx.threads at a time; a Lookup over them.
Result<Lookup> Prefetch(SnowflakeContext& ctx, const std::set<std::string>& needed) {
  auto results = std::make_shared<std::map<std::string, std::optional<RowSet>>>();
  std::vector<std::string> sqls(needed.begin(), needed.end());
  std::mutex mu;
  Status s = kit::ForEachInParallel(sqls.size(), ctx.threads, [&](size_t i) -> Status {
    auto r = ctx.client->Execute(sqls[i]);
    std::optional<RowSet> rows;
    if (r.ok()) {
      rows = std::move(r).value();
    } else if (!r.status().IsNotFound()) {
      return r.status();
    }
    std::lock_guard<std::mutex> lock(mu);
    (*results)[sqls[i]] = std::move(rows);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return Lookup([results](const std::string& sql) -> Result<std::optional<RowSet>> {
    auto it = results->find(sql);
    if (it == results->end()) {
      return Status::Internal("snowflake: statement not prefetched: " + StatementLabel(sql));
    }
    return it->second;
  });
}

bool SameGrantee(const std::string& cell, const std::string& name) {
  return cell == name || cell == ManifestIdentifier(name);
}

Value IdentOrEmpty(const Value& v) {
  return v.is_string() && v.get<std::string>().empty() ? v : IdentifierValue(v);
}

// Each privilege is words of letters (and underscores): it is written into SQL as keywords.
std::string PrivilegeWords(const Value& v) {
  if (!v.is_array() || v.empty()) return "a non-empty list of privileges";
  for (const auto& p : v) {
    if (!p.is_string() || p.get<std::string>().empty()) return "privileges as strings";
    for (char c : p.get<std::string>()) {
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ' ')) {
        return "privileges made of letters, spaces and underscores (e.g. USAGE, CREATE SCHEMA)";
      }
    }
  }
  return "";
}

std::string ObjectTypeCheck(const Value& v) {
  if (v.is_string() && FindObjectType(v.get<std::string>()) != nullptr) return "";
  return "ACCOUNT, DATABASE, WAREHOUSE, INTEGRATION, SCHEMA, TABLE, EXTERNAL TABLE, VIEW, STAGE, "
         "FILE FORMAT or PIPE";
}

Value ObjectTypeValue(const Value& v) {
  if (!v.is_string()) return v;
  const ObjectType* t = FindObjectType(v.get<std::string>());
  return t == nullptr ? v : Value(t->type);
}

// --- snowflake.role_grant -----------------------------------------------------------------

const kit::AttributeTable& RoleGrantTable() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("role").Required().ForceNew().Normalize(IdentifierValue).Describe("The role granted"),
    Attribute("to_role").Default("").ForceNew().Normalize(IdentOrEmpty)
        .Describe("The role it is granted to (or to_user)"),
    Attribute("to_user").Default("").ForceNew().Normalize(IdentOrEmpty)
        .Describe("The user it is granted to (or to_role)"),
  });
  // clang-format on
  return table;
}

class RoleGrantHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return RoleGrantTable().Schema("snowflake.role_grant",
                                   "A Snowflake role granted to a role or a user",
                                   {"role", "to_role", "to_user"});
  }

  Result<std::vector<Observation>> ObserveBulk(SnowflakeContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    std::set<std::string> needed;
    for (const auto& i : items) needed.insert(Sql(i.attributes));
    CW_ASSIGN_OR_RETURN(Lookup lookup, Prefetch(ctx, needed));
    std::vector<Observation> out;
    for (const auto& i : items) {
      CW_ASSIGN_OR_RETURN(Observation o, Read(lookup, i));
      out.push_back(std::move(o));
    }
    return out;
  }

  Result<Observation> ObserveOne(SnowflakeContext& ctx, const ObserveItem& item) override {
    return Read(Direct(ctx), item);
  }

  Result<ResourceResult> Create(SnowflakeContext& ctx, const CreateRequest& req) override {
    Value a = RoleGrantTable().WithDefaults(req.attributes);
    CW_ASSIGN_OR_RETURN(std::string grantee, Grantee(a, req.address));
    Status s = ExecuteWithoutRows(
        ctx, "GRANT ROLE " + QuoteIdentifier(IdentAttr(a, "role")) + " TO " + grantee);
    if (!s.ok()) return s.WithContext(req.address.str());
    return ResourceResult{Id(a), RoleGrantTable().Settled(a), Value::object()};
  }

  Result<ResourceResult> Update(SnowflakeContext&, const UpdateRequest& req) override {
    Value a = RoleGrantTable().WithDefaults(req.after);
    return ResourceResult{Id(a), RoleGrantTable().Settled(a), Value::object()};
  }

  Status Delete(SnowflakeContext& ctx, const DeleteRequest& req) override {
    Value a = RoleGrantTable().WithDefaults(req.attributes);
    CW_ASSIGN_OR_RETURN(std::string grantee, Grantee(a, req.address));
    Status s = ExecuteWithoutRows(
        ctx, "REVOKE ROLE " + QuoteIdentifier(IdentAttr(a, "role")) + " FROM " + grantee);
    if (s.ok() || s.IsNotFound()) return Status::Ok();
    return s.WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(SnowflakeContext& ctx, const ListRequest& req) override {
    const std::string role = IdentAttr(req.scope, "role");
    if (role.empty()) return Status::InvalidArgument("snowflake.role_grant: list needs a role");
    CW_ASSIGN_OR_RETURN(RowSet rows,
                        ctx.client->Execute("SHOW GRANTS OF ROLE " + QuoteIdentifier(role)));
    std::vector<Observation> out;
    for (size_t r = 0; r < rows.size(); ++r) {
      Value a = {{"role", ManifestIdentifier(role)}, {"to_role", ""}, {"to_user", ""}};
      const std::string to = Upper(rows.Text(r, "granted_to")) == "USER" ? "to_user" : "to_role";
      a[to] = rows.Text(r, "grantee_name");
      Observation o;
      o.address = Address{req.kind, Id(a)};
      o.exists = true;
      o.id = Id(a);
      o.attributes = a;
      out.push_back(std::move(o));
    }
    return out;
  }

 private:
  static std::string Sql(const Value& a) {
    return "SHOW GRANTS OF ROLE " + QuoteIdentifier(IdentAttr(a, "role"));
  }
  static Result<std::string> Grantee(const Value& a, const Address& address) {
    const std::string to_role = IdentAttr(a, "to_role"), to_user = IdentAttr(a, "to_user");
    if (to_role.empty() == to_user.empty()) {
      return Status::InvalidArgument(address.str() + ": set exactly one of to_role and to_user");
    }
    return to_role.empty() ? "USER " + QuoteIdentifier(to_user)
                           : "ROLE " + QuoteIdentifier(to_role);
  }
  static std::string Id(const Value& a) {
    const std::string to_role = IdentAttr(a, "to_role");
    return DisplayName({IdentAttr(a, "role")}) + " -> " +
           (to_role.empty() ? "USER " + DisplayName({IdentAttr(a, "to_user")})
                            : "ROLE " + DisplayName({to_role}));
  }

  Result<Observation> Read(const Lookup& lookup, const ObserveItem& item) const {
    const Value a = RoleGrantTable().WithDefaults(item.attributes);
    CW_ASSIGN_OR_RETURN(auto rows, lookup(Sql(a)));
    if (!rows) return Missing(item.address);  // the role does not exist
    const std::string to_role = IdentAttr(a, "to_role"), to_user = IdentAttr(a, "to_user");
    const std::string type = to_role.empty() ? "USER" : "ROLE";
    const std::string grantee = to_role.empty() ? to_user : to_role;
    for (size_t r = 0; r < rows->size(); ++r) {
      if (Upper(rows->Text(r, "granted_to")) == type &&
          SameGrantee(rows->Text(r, "grantee_name"), grantee)) {
        Observation o;
        o.address = item.address;
        o.exists = true;
        o.id = Id(a);
        o.attributes = RoleGrantTable().Settled(a);
        return o;
      }
    }
    return Missing(item.address);
  }
};

// --- snowflake.grant ----------------------------------------------------------------------

const kit::AttributeTable& GrantTable() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("role").Required().ForceNew().Normalize(IdentifierValue)
        .Describe("The role that holds the privileges"),
    Attribute("on").Required().ForceNew().Normalize(ObjectTypeValue).Check(ObjectTypeCheck)
        .Describe("Object type: ACCOUNT, DATABASE, WAREHOUSE, INTEGRATION, SCHEMA, TABLE, "
                  "EXTERNAL TABLE, VIEW, STAGE, FILE FORMAT, PIPE (for all/future: the type of "
                  "the objects)"),
    Attribute("scope").Default("object").ForceNew().Normalize(kit::LowerCase)
        .Check(kit::OneOfIgnoringCase({"object", "all", "future"}))
        .Describe("object (one object), all (every existing object of the type in the "
                  "schema or database) or future (objects created later)"),
    Attribute("database").Default("").ForceNew().Normalize(IdentOrEmpty)
        .Describe("The object's database, or the container of all/future grants"),
    Attribute("schema").Default("").ForceNew().Normalize(IdentOrEmpty)
        .Describe("The object's schema, or the container of all/future grants (else the database)"),
    Attribute("name").Default("").ForceNew().Normalize(IdentOrEmpty)
        .Describe("The object's name (scope object, except on ACCOUNT)"),
    Attribute("privileges", AttrType::kList).Required().Normalize(PrivilegeSet)
        .Check(PrivilegeWords).Describe("Privileges (ALL = ALL PRIVILEGES = every privilege of the type)"),
    Attribute("with_grant_option", AttrType::kBool).Default(false)
        .Describe("The role may grant the privileges on"),
    Attribute("mode").Default("additive").Normalize(kit::LowerCase)
        .Check(kit::OneOfIgnoringCase({"additive", "authoritative"}))
        .Describe("additive (manage the listed privileges only) or authoritative (revoke others)"),
  });
  // clang-format on
  return table;
}

struct Target {
  const ObjectType* type = nullptr;
  std::string scope;               // object | all | future
  std::vector<std::string> parts;  // object: its name; all/future: the container
  std::string sql;                 // what follows ON
  std::string role;
};

Result<Target> TargetOf(const Value& raw, const Address& address) {
  const Value a = GrantTable().WithDefaults(raw);
  // Privileges are written into statements as keywords: refuse anything else here too, not
  // only in manifest validation.
  if (std::string bad = PrivilegeWords(a.contains("privileges") ? a["privileges"] : Value());
      !bad.empty()) {
    return Status::InvalidArgument(address.str() + ": privileges: expected " + bad);
  }
  Target t;
  t.type = FindObjectType(kit::StringAttr(a, "on"));
  if (t.type == nullptr) {
    return Status::InvalidArgument(address.str() + ": unknown object type '" +
                                   kit::StringAttr(a, "on") + "'");
  }
  t.scope = Lower(kit::StringAttr(a, "scope"));
  t.role = IdentAttr(a, "role");
  const std::string db = IdentAttr(a, "database"), schema = IdentAttr(a, "schema"),
                    name = IdentAttr(a, "name");
  auto need = [&](bool ok, const std::string& what) -> Status {
    return ok ? Status::Ok()
              : Status::InvalidArgument(address.str() + ": " + t.type->type + " grants need " +
                                        what);
  };
  if (t.scope == "object") {
    if (t.type->type == "ACCOUNT") {
      t.sql = "ACCOUNT";
      return t;
    }
    if (t.type->level == 0) {
      CW_RETURN_IF_ERROR(need(!name.empty(), "name"));
      t.parts = {name};
    } else if (t.type->level == 1) {
      CW_RETURN_IF_ERROR(need(!db.empty() && !name.empty(), "database and name"));
      t.parts = {db, name};
    } else {
      CW_RETURN_IF_ERROR(
          need(!db.empty() && !schema.empty() && !name.empty(), "database, schema and name"));
      t.parts = {db, schema, name};
    }
    t.sql = t.type->type + " " + QuoteName(t.parts);
    return t;
  }
  CW_RETURN_IF_ERROR(need(t.type->level > 0, "scope object"));
  CW_RETURN_IF_ERROR(need(!db.empty(), "a database for scope " + t.scope));
  CW_RETURN_IF_ERROR(need(t.type->level == 2 || schema.empty(), "a database container"));
  t.parts = schema.empty() ? std::vector<std::string>{db} : std::vector<std::string>{db, schema};
  t.sql = std::string(t.scope == "all" ? "ALL " : "FUTURE ") + t.type->plural +
          (schema.empty() ? " IN DATABASE " : " IN SCHEMA ") + QuoteName(t.parts);
  return t;
}

std::string ContainerIn(const Target& t) {
  return (t.parts.size() == 1 ? "IN DATABASE " : "IN SCHEMA ") + QuoteName(t.parts);
}

// The statements whose rows say what the target's role holds.
std::vector<std::string> ReadsFor(const Target& t) {
  const std::string to_role = "SHOW GRANTS TO ROLE " + QuoteIdentifier(t.role);
  if (t.scope == "object") return {to_role};
  if (t.scope == "future") return {"SHOW FUTURE GRANTS " + ContainerIn(t)};
  return {to_role, "SHOW " + t.type->plural + " " + ContainerIn(t)};
}

// Privilege -> grant option, as the role holds them on the target. For ON ALL: what it holds on
// every existing object of the type (with no such object, nothing is missing: `vacuous`).
struct Held {
  std::map<std::string, bool> privileges;
  bool vacuous = false;
};

std::map<std::string, bool> HeldOn(const RowSet& rows, const std::string& granted_on,
                                   const std::string& name) {
  std::map<std::string, bool> out;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows.Text(r, "granted_on") != granted_on) continue;
    if (granted_on != "ACCOUNT" && rows.Text(r, "name") != name) continue;
    if (rows.HasColumn("granted_to") && Upper(rows.Text(r, "granted_to")) != "ROLE") continue;
    bool& option = out[PrivilegeName(rows.Text(r, "privilege"))];
    option = option || rows.Flag(r, "grant_option");
  }
  return out;
}

Result<Held> ReadHeld(const Lookup& lookup, const Target& t) {
  Held held;
  const std::vector<std::string> reads = ReadsFor(t);
  CW_ASSIGN_OR_RETURN(auto first, lookup(reads[0]));
  if (!first) return held;  // the role (or the container) does not exist: nothing is held
  const std::string cell = GrantedOnCell(t.type->type);
  if (t.scope == "object") {
    held.privileges = HeldOn(*first, cell, DisplayName(t.parts));
    return held;
  }
  if (t.scope == "future") {
    const std::string name = DisplayName(t.parts) + ".<" + cell + ">";
    for (size_t r = 0; r < first->size(); ++r) {
      if (first->Text(r, "grant_on") != cell || first->Text(r, "name") != name) continue;
      if (!SameGrantee(first->Text(r, "grantee_name"), t.role)) continue;
      bool& option = held.privileges[PrivilegeName(first->Text(r, "privilege"))];
      option = option || first->Flag(r, "grant_option");
    }
    return held;
  }
  CW_ASSIGN_OR_RETURN(auto objects, lookup(reads[1]));
  bool any = false;
  for (size_t r = 0; objects && r < objects->size(); ++r) {
    std::vector<std::string> parts = {t.parts[0]};
    if (t.type->level == 2) {
      parts.push_back(objects->HasColumn("schema_name") ? objects->Text(r, "schema_name")
                                                        : t.parts[1]);
    }
    parts.push_back(objects->Text(r, "name"));
    if (t.type->type == "SCHEMA" && parts.back() == "INFORMATION_SCHEMA") continue;
    auto on_object = HeldOn(*first, cell, DisplayName(parts));
    if (!any) {
      held.privileges = on_object;
      any = true;
      continue;
    }
    for (auto it = held.privileges.begin(); it != held.privileges.end();) {
      auto o = on_object.find(it->first);
      if (o == on_object.end()) {
        it = held.privileges.erase(it);
      } else {
        it->second = it->second && o->second;
        ++it;
      }
    }
  }
  held.vacuous = !any;
  return held;
}

std::set<std::string> PrivilegesOf(const Value& a) {
  std::set<std::string> out;
  Value v = PrivilegeSet(a.contains("privileges") ? a["privileges"] : Value::array());
  for (const auto& p : v) {
    if (p.is_string()) out.insert(p.get<std::string>());
  }
  return out;
}

std::string Join(const std::set<std::string>& privileges) {
  std::string out;
  for (const auto& p : privileges) out += (out.empty() ? "" : ", ") + p;
  return out;
}

class GrantHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return GrantTable().Schema(
        "snowflake.grant",
        "Privileges of a Snowflake role on an object, or on all or future objects in a container",
        {"role", "on", "scope", "database", "schema", "name"});
  }

  Result<std::vector<Observation>> ObserveBulk(SnowflakeContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    std::set<std::string> needed;
    for (const auto& i : items) {
      CW_ASSIGN_OR_RETURN(Target t, TargetOf(i.attributes, i.address));
      for (auto& sql : ReadsFor(t)) needed.insert(std::move(sql));
    }
    CW_ASSIGN_OR_RETURN(Lookup lookup, Prefetch(ctx, needed));
    std::vector<Observation> out;
    for (const auto& i : items) {
      CW_ASSIGN_OR_RETURN(Observation o, Read(lookup, i));
      out.push_back(std::move(o));
    }
    return out;
  }

  Result<Observation> ObserveOne(SnowflakeContext& ctx, const ObserveItem& item) override {
    return Read(Direct(ctx), item);
  }

  // The plan creates a grant only when the role held none of its privileges on the target (Read
  // reports it missing otherwise), so there is nothing to read or revoke first: one GRANT, which
  // goes with the apply wave's other statements.
  Result<ResourceResult> Create(SnowflakeContext& ctx, const CreateRequest& req) override {
    const Value a = GrantTable().WithDefaults(req.attributes);
    CW_ASSIGN_OR_RETURN(Target t, TargetOf(a, req.address));
    const std::set<std::string> wanted = ExpandPrivileges(PrivilegesOf(a), *t.type);
    const bool option = kit::BoolAttr(a, "with_grant_option");
    if (wanted.empty()) return ResourceResult{Id(t), GrantTable().Settled(a), Value::object()};
    Status s =
        ExecuteWithoutRows(ctx, "GRANT " + Join(wanted) + " ON " + t.sql + " TO ROLE " +
                                    QuoteIdentifier(t.role) + (option ? " WITH GRANT OPTION" : ""));
    if (!s.ok()) return s.WithContext(req.address.str());
    return ResourceResult{Id(t), GrantTable().Settled(a), Value::object()};
  }

  Result<ResourceResult> Update(SnowflakeContext& ctx, const UpdateRequest& req) override {
    return Apply(ctx, req.address, req.after);
  }

  Status Delete(SnowflakeContext& ctx, const DeleteRequest& req) override {
    CW_ASSIGN_OR_RETURN(Target t, TargetOf(req.attributes, req.address));
    const std::set<std::string> listed = PrivilegesOf(req.attributes);
    if (listed.empty()) return Status::Ok();
    Status s = ExecuteWithoutRows(
        ctx, "REVOKE " + Join(listed) + " ON " + t.sql + " FROM ROLE " + QuoteIdentifier(t.role));
    if (s.ok() || s.IsNotFound()) return Status::Ok();
    return s.WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(SnowflakeContext&, const ListRequest& req) override {
    return Status::InvalidArgument(req.kind +
                                   ": listing is not supported; name the grants in "
                                   "the manifest");
  }

 private:
  static std::string Id(const Target& t) {
    return DisplayName({t.role}) + " ON " +
           (t.scope == "object"
                ? (t.parts.empty() ? std::string("ACCOUNT")
                                   : t.type->type + " " + DisplayName(t.parts))
                : Upper(t.scope) + " " + t.type->plural + " IN " + DisplayName(t.parts));
  }

  Result<Observation> Read(const Lookup& lookup, const ObserveItem& item) const {
    const Value a = GrantTable().WithDefaults(item.attributes);
    CW_ASSIGN_OR_RETURN(Target t, TargetOf(a, item.address));
    CW_ASSIGN_OR_RETURN(Held held, ReadHeld(lookup, t));
    const std::set<std::string> listed = PrivilegesOf(a);
    const std::set<std::string> covered = ExpandPrivileges(listed, *t.type);
    if (held.vacuous) {  // ON ALL with no object of the type: nothing is missing
      for (const auto& p : covered) held.privileges[p] = kit::BoolAttr(a, "with_grant_option");
    }
    std::set<std::string> observed;
    for (const auto& p : listed) {
      if (p == kAllPrivileges) {
        bool all = std::all_of(t.type->privileges.begin(), t.type->privileges.end(),
                               [&](const std::string& q) { return held.privileges.count(q); });
        if (all) observed.insert(p);
      } else if (held.privileges.count(p)) {
        observed.insert(p);
      }
    }
    if (Lower(kit::StringAttr(a, "mode")) == "authoritative") {
      for (const auto& [p, _] : held.privileges) {
        if (p != "OWNERSHIP" && !covered.count(p)) observed.insert(p);
      }
    }
    if (observed.empty()) return Missing(item.address);
    bool option = true;
    for (const auto& p : ExpandPrivileges(observed, *t.type)) {
      auto it = held.privileges.find(p);
      if (it != held.privileges.end() && !it->second) option = false;
    }
    Observation o;
    o.address = item.address;
    o.exists = true;
    o.id = Id(t);
    o.attributes = GrantTable().Settled(a);
    Value list = Value::array();
    for (const auto& p : observed) list.push_back(p);
    o.attributes["privileges"] = list;
    o.attributes["with_grant_option"] = option;
    return o;
  }

  Result<ResourceResult> Apply(SnowflakeContext& ctx, const Address& address, const Value& raw) {
    const Value a = GrantTable().WithDefaults(raw);
    CW_ASSIGN_OR_RETURN(Target t, TargetOf(a, address));
    CW_ASSIGN_OR_RETURN(Held held, ReadHeld(Direct(ctx), t));
    const std::set<std::string> listed = PrivilegesOf(a);
    const std::set<std::string> wanted = ExpandPrivileges(listed, *t.type);
    const bool option = kit::BoolAttr(a, "with_grant_option");
    const std::string on = " ON " + t.sql;
    const std::string role = QuoteIdentifier(t.role);
    std::set<std::string> grant, drop_option, revoke;
    for (const auto& p : wanted) {
      auto it = held.privileges.find(p);
      if (t.scope == "all" || it == held.privileges.end() || (option && !it->second)) {
        grant.insert(p);
      } else if (!option && it->second) {
        drop_option.insert(p);
      }
    }
    if (Lower(kit::StringAttr(a, "mode")) == "authoritative") {
      for (const auto& [p, _] : held.privileges) {
        if (p != "OWNERSHIP" && !wanted.count(p)) revoke.insert(p);
      }
    }
    std::vector<std::string> statements;
    if (!grant.empty()) {
      statements.push_back("GRANT " + Join(grant) + on + " TO ROLE " + role +
                           (option ? " WITH GRANT OPTION" : ""));
    }
    if (!drop_option.empty()) {
      statements.push_back("REVOKE GRANT OPTION FOR " + Join(drop_option) + on + " FROM ROLE " +
                           role);
    }
    if (!revoke.empty()) {
      statements.push_back("REVOKE " + Join(revoke) + on + " FROM ROLE " + role);
    }
    auto r = ctx.client->ExecuteBatch(statements);
    if (!r.ok()) return r.status().WithContext(address.str());
    return ResourceResult{Id(t), GrantTable().Settled(a), Value::object()};
  }
};

}  // namespace

KindHandlers MakeGrantHandlers() {
  KindHandlers out;
  out.push_back(std::make_unique<RoleGrantHandler>());
  out.push_back(std::make_unique<GrantHandler>());
  return out;
}

}  // namespace causeway::snowflake

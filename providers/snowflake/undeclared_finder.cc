// FindUndeclared: see undeclared_finder.h.
#include "providers/snowflake/undeclared_finder.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "providers/kit/parallel.h"
#include "providers/kit/value_checks.h"
#include "providers/snowflake/privileges.h"
#include "providers/snowflake/show_chain.h"
#include "reconciler/core/ascii.h"

namespace causeway::snowflake {

namespace {

constexpr char kGrantKind[] = "snowflake.grant";
constexpr char kRoleGrantKind[] = "snowflake.role_grant";
constexpr char kRoleKind[] = "snowflake.role";
constexpr char kSchemaKind[] = "snowflake.schema";
constexpr char kTableKind[] = "snowflake.table";

// The object type (privileges.h) each securable kind is granted on.
const std::map<std::string, std::string>& SecurableTypes() {
  static const std::map<std::string, std::string> kTypes = {
      {"snowflake.database", "DATABASE"},
      {"snowflake.warehouse", "WAREHOUSE"},
      {"snowflake.storage_integration", "INTEGRATION"},
      {"snowflake.schema", "SCHEMA"},
      {"snowflake.table", "TABLE"},
      {"snowflake.external_table", "EXTERNAL TABLE"},
      {"snowflake.stage", "STAGE"},
      {"snowflake.file_format", "FILE FORMAT"},
      {"snowflake.pipe", "PIPE"},
  };
  return kTypes;
}

// A managed object that can carry grants.
struct Securable {
  Address address;
  const ObjectType* type = nullptr;
  std::vector<std::string> parts;  // stored names: {name}, {database, name} or {db, schema, name}
};

std::vector<std::string> PartsOf(const Value& a, int level) {
  std::vector<std::string> parts;
  if (level >= 1) parts.push_back(IdentAttr(a, "database"));
  if (level >= 2) parts.push_back(IdentAttr(a, "schema"));
  parts.push_back(IdentAttr(a, "name"));
  return parts;
}

// What one managed snowflake.grant accounts for.
struct Cover {
  std::string role;  // stored
  const ObjectType* type = nullptr;
  std::string scope;               // object | all | future
  std::vector<std::string> parts;  // the object, or the container of all/future
  std::set<std::string> privileges;
  bool everything = false;  // authoritative on one object: its own drift says the rest
};

std::optional<Cover> CoverOf(const Value& a) {
  Cover c;
  c.type = FindObjectType(kit::StringAttr(a, "on"));
  if (c.type == nullptr) return std::nullopt;
  c.role = IdentAttr(a, "role");
  c.scope = Lower(kit::StringAttr(a, "scope"));
  if (c.scope.empty()) c.scope = "object";
  if (c.scope == "object") {
    c.parts = PartsOf(a, c.type->level);
  } else {
    c.parts = {IdentAttr(a, "database")};
    if (!IdentAttr(a, "schema").empty()) c.parts.push_back(IdentAttr(a, "schema"));
  }
  Value listed = PrivilegeSet(a.contains("privileges") ? a["privileges"] : Value::array());
  std::set<std::string> names;
  for (const auto& p : listed) {
    if (p.is_string()) names.insert(p.get<std::string>());
  }
  c.privileges = ExpandPrivileges(names, *c.type);
  c.everything = c.scope == "object" && Lower(kit::StringAttr(a, "mode")) == "authoritative";
  return c;
}

bool Covers(const Cover& c, const Securable& s, const std::string& role) {
  if (c.role != role || c.type != s.type) return false;
  if (c.scope == "object") return c.parts == s.parts;
  return s.parts.size() > c.parts.size() &&
         std::equal(c.parts.begin(), c.parts.end(), s.parts.begin());
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::string Words(const std::string& type) { return Lower(type); }

}  // namespace

std::string ExclusiveRemoves(const std::string& kind) {
  const std::string grants = "privileges roles hold that no snowflake.grant declares";
  if (kind == kSchemaKind)
    return grants + ", and tables no manifest declares (with --allow-destroy)";
  if (kind == kRoleKind) return "grants of the role that no snowflake.role_grant declares";
  return SecurableTypes().count(kind) != 0 ? grants : "";
}

Result<std::vector<Undeclared>> FindUndeclared(Provider& provider, SnowflakeContext& ctx,
                                               const std::vector<ObserveItem>& managed) {
  std::set<std::string> declared;  // "kind id" of every managed object that exists
  std::vector<Securable> securables;
  std::map<std::string, size_t> securable_at;  // "granted_on name" as SHOW GRANTS prints it
  std::vector<Cover> covers;
  std::map<std::string, Address> roles;            // stored role name -> container
  std::set<std::string> role_grants;               // "ROLE|USER stored-grantee <- stored-role"
  std::vector<std::pair<Address, Value>> schemas;  // container, list scope
  for (const auto& item : managed) {
    const std::string& kind = item.address.kind;
    const Value& a = item.attributes;
    // Declared grants count whether or not they exist yet: what they list is not undeclared.
    if (kind == kGrantKind) {
      if (auto c = CoverOf(a)) covers.push_back(std::move(*c));
      continue;
    }
    if (kind == kRoleGrantKind) {
      const std::string to_role = IdentAttr(a, "to_role");
      role_grants.insert((to_role.empty() ? "USER " + IdentAttr(a, "to_user") : "ROLE " + to_role) +
                         " <- " + IdentAttr(a, "role"));
      continue;
    }
    if (item.id.empty()) continue;  // does not exist: holds nothing, declares nothing live
    declared.insert(kind + " " + item.id);
    if (kind == kRoleKind) roles.emplace(IdentAttr(a, "name"), item.address);
    if (kind == kSchemaKind) {
      // observed: the listing the refresh just read, when it read this schema's tables.
      schemas.push_back({item.address,
                         {{"database", kit::StringAttr(a, "database")},
                          {"schema", kit::StringAttr(a, "name")},
                          {"observed", true}}});
    }
    auto type = SecurableTypes().find(kind);
    if (type == SecurableTypes().end()) continue;
    Securable s;
    s.address = item.address;
    s.type = FindObjectType(type->second);
    s.parts = PartsOf(a, s.type->level);
    if (std::any_of(s.parts.begin(), s.parts.end(), [](const auto& p) { return p.empty(); })) {
      continue;
    }
    securable_at.emplace(GrantedOnCell(s.type->type) + " " + DisplayName(s.parts),
                         securables.size());
    securables.push_back(std::move(s));
  }

  // The reads, in parallel: grants on every securable, grants of every role, each schema's tables.
  std::vector<std::string> on_shows, of_shows;
  for (const auto& s : securables) {
    on_shows.push_back("SHOW GRANTS ON " + s.type->type + " " + QuoteName(s.parts));
  }
  for (const auto& [role, _] : roles)
    of_shows.push_back("SHOW GRANTS OF ROLE " + QuoteIdentifier(role));
  RowSet on_rows, of_rows;
  std::vector<std::vector<Observation>> tables(schemas.size());
  CW_RETURN_IF_ERROR(
      kit::ForEachInParallel(2 + schemas.size(), ctx.threads, [&](size_t k) -> Status {
        SnowflakeContext mine = ctx;
        if (k < 2) {
          const auto& shows = k == 0 ? on_shows : of_shows;
          if (shows.empty()) return Status::Ok();
          auto rows = ShowChained(mine, shows);
          if (!rows.ok()) return rows.status().WithContext("reading grants");
          (k == 0 ? on_rows : of_rows) = std::move(rows).value();
          return Status::Ok();
        }
        const auto& [container, scope] = schemas[k - 2];
        auto listed = provider.list(ListRequest{kTableKind, scope});
        if (!listed.ok() && listed.status().IsNotFound()) return Status::Ok();  // dropped since
        if (!listed.ok())
          return listed.status().WithContext("listing the tables of " + container.str());
        tables[k - 2] = std::move(listed).value();
        return Status::Ok();
      }));

  std::vector<Undeclared> out;
  UndeclaredAddresses names;  // so that two findings never share one
  // Privileges: per securable and role, what no declared grant accounts for.
  struct Held {
    std::set<std::string> privileges;
    bool option = true;
  };
  std::map<std::pair<size_t, std::string>, Held> held;
  for (size_t r = 0; r < on_rows.size(); ++r) {
    if (Upper(on_rows.Text(r, "granted_to")) != "ROLE") continue;
    const std::string privilege = PrivilegeName(on_rows.Text(r, "privilege"));
    if (privilege == "OWNERSHIP") continue;
    auto at = securable_at.find(on_rows.Text(r, "granted_on") + " " + on_rows.Text(r, "name"));
    if (at == securable_at.end()) continue;
    const Securable& s = securables[at->second];
    const std::string role = NormalizeIdentifier(on_rows.Text(r, "grantee_name"));
    bool covered = false;
    for (const auto& c : covers) {
      if (Covers(c, s, role) && (c.everything || c.privileges.count(privilege))) covered = true;
    }
    if (covered) continue;
    Held& h = held[{at->second, role}];
    h.privileges.insert(privilege);
    h.option = h.option && on_rows.Flag(r, "grant_option");
  }
  for (const auto& [key, h] : held) {
    const Securable& s = securables[key.first];
    const std::string& role = key.second;
    Undeclared u;
    u.container = s.address;
    std::string text = role + "_on";
    for (const auto& p : s.parts) text += "_" + p;
    u.address = names.Next(kGrantKind, text);
    u.id = DisplayName({role}) + " ON " + s.type->type + " " + DisplayName(s.parts);
    u.attributes = {{"role", ManifestIdentifier(role)}, {"on", s.type->type}};
    const char* part_names[] = {"database", "schema"};
    for (size_t i = 0; i + 1 < s.parts.size(); ++i) {
      u.attributes[part_names[i]] = ManifestIdentifier(s.parts[i]);
    }
    u.attributes["name"] = ManifestIdentifier(s.parts.back());
    Value privileges = Value::array();
    for (const auto& p : h.privileges) privileges.push_back(p);
    u.attributes["privileges"] = privileges;
    u.attributes["with_grant_option"] = h.option;
    u.summary = "role " + DisplayName({role}) + " holds " + Join(h.privileges) + " on " +
                Words(s.type->type) + " " + DisplayName(s.parts) +
                (h.option ? " with grant option" : "");
    u.privilege = true;
    out.push_back(std::move(u));
  }
  // Role grants: who holds a managed role that no role_grant declares.
  for (size_t r = 0; r < of_rows.size(); ++r) {
    const std::string role = NormalizeIdentifier(of_rows.Text(r, "role"));
    auto container = roles.find(role);
    if (container == roles.end()) continue;
    const std::string to = Upper(of_rows.Text(r, "granted_to"));
    if (to != "ROLE" && to != "USER") continue;
    const std::string grantee = NormalizeIdentifier(of_rows.Text(r, "grantee_name"));
    if (role_grants.count(to + " " + grantee + " <- " + role)) continue;
    Undeclared u;
    u.container = container->second;
    u.address = names.Next(kRoleGrantKind, role + "_to_" + grantee);
    u.id = DisplayName({role}) + " -> " + to + " " + DisplayName({grantee});
    u.attributes = {{"role", ManifestIdentifier(role)}};
    u.attributes[to == "USER" ? "to_user" : "to_role"] = ManifestIdentifier(grantee);
    u.summary = "role " + DisplayName({role}) + " is granted to " + Lower(to) + " " +
                DisplayName({grantee});
    u.privilege = true;
    out.push_back(std::move(u));
  }
  // Objects: the tables of managed schemas that no manifest declares.
  for (size_t k = 0; k < schemas.size(); ++k) {
    for (const Observation& o : tables[k]) {
      if (declared.count(std::string(kTableKind) + " " + o.id)) continue;
      const Value& a = o.attributes;
      Undeclared u;
      u.container = schemas[k].first;
      u.address = names.Next(kTableKind, IdentAttr(a, "database") + "_" + IdentAttr(a, "schema") +
                                             "_" + IdentAttr(a, "name"));
      u.id = o.id;
      u.attributes = a;
      u.summary = "table " + o.id;
      out.push_back(std::move(u));
    }
  }
  return out;
}

}  // namespace causeway::snowflake

// SHOW GRANTS TO ROLE | TO USER | OF ROLE | ON <target>, and SHOW FUTURE GRANTS IN SCHEMA |
// IN DATABASE | TO ROLE, with the columns of specs SHOW_OUTPUTS.md. Ownership shows as an
// OWNERSHIP row (grant_option true). Object kinds print with underscores in granted_on and
// grant_on ("EXTERNAL_TABLE", "FILE_FORMAT") as Snowflake prints them. Rows are sorted by
// (granted_on, name, privilege, grantee) for a stable order.
#include <algorithm>
#include <tuple>

#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/grant_target.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

namespace {

std::string KindCell(const std::string& kind) {
  std::string out = kind;
  std::replace(out.begin(), out.end(), ' ', '_');
  return out;
}

std::string ObjectCell(const SfGrant& g, const std::string& account) {
  if (g.granted_on == "ACCOUNT") return account;
  return g.object.Display();
}

ResultSet GrantRows(std::vector<SfGrant> grants, const std::string& account) {
  std::sort(grants.begin(), grants.end(), [](const SfGrant& a, const SfGrant& b) {
    return std::tie(a.granted_on, a.object, a.privilege, a.grantee) <
           std::tie(b.granted_on, b.object, b.privilege, b.grantee);
  });
  ResultSet out;
  out.columns = {{"created_on", "TIMESTAMP_LTZ"},
                 {"privilege"},
                 {"granted_on"},
                 {"name"},
                 {"granted_to"},
                 {"grantee_name"},
                 {"grant_option", "TEXT"},
                 {"granted_by"}};
  for (const auto& g : grants) {
    out.rows.push_back({TimestampCell(g.created_ms), g.privilege, KindCell(g.granted_on),
                        ObjectCell(g, account), g.grantee_type, QuoteIfNeeded(g.grantee),
                        std::string(g.grant_option ? "true" : "false"), g.granted_by});
  }
  return out;
}

// OWNERSHIP rows for objects owned by `role` ("" = any owner) and matching `filter`.
template <typename Filter>
void AddOwnership(const ExecEnv& env, const std::string& role, Filter filter,
                  std::vector<SfGrant>* out) {
  for (const auto& kind : AllKinds()) {
    for (const SfObject* o : env.catalog.List(kind.kind)) {
      if (o->owner.empty() || (!role.empty() && o->owner != role) || !filter(*o)) continue;
      out->push_back(
          {"OWNERSHIP", kind.kind, o->name, "ROLE", o->owner, true, o->owner, o->created_ms});
    }
  }
}

Result<ResultSet> ShowGrantsToRole(SfParser& p, ExecEnv& env) {
  auto role = FindObject(p, env, *FindKind("ROLE"), false);
  if (!role.ok()) return role.status();
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  const std::string& r = (*role)->name.name;
  std::vector<SfGrant> rows;
  for (const auto& g : env.catalog.grants()) {
    if (g.grantee_type == "ROLE" && g.grantee == r) rows.push_back(g);
  }
  AddOwnership(
      env, r, [](const SfObject&) { return true; }, &rows);
  return GrantRows(std::move(rows), env.identity.account);
}

Result<ResultSet> ShowGrantsToUser(SfParser& p, ExecEnv& env) {
  auto user = FindObject(p, env, *FindKind("USER"), false);
  if (!user.ok()) return user.status();
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  ResultSet out;
  out.columns = {{"created_on", "TIMESTAMP_LTZ"},
                 {"privilege"},
                 {"granted_on"},
                 {"name"},
                 {"role"},
                 {"granted_to"},
                 {"grantee_name"},
                 {"grant_option"},
                 {"granted_by"}};
  std::vector<SfGrant> grants;
  for (const auto& g : env.catalog.grants()) {
    if (g.grantee_type == "USER" && g.grantee == (*user)->name.name) grants.push_back(g);
  }
  std::sort(grants.begin(), grants.end(),
            [](const SfGrant& a, const SfGrant& b) { return a.object < b.object; });
  for (const auto& g : grants) {
    out.rows.push_back({TimestampCell(g.created_ms), g.privilege, g.granted_on,
                        QuoteIfNeeded(g.object.name), QuoteIfNeeded(g.object.name), "USER",
                        QuoteIfNeeded(g.grantee), std::string("false"), g.granted_by});
  }
  return out;
}

Result<ResultSet> ShowGrantsOfRole(SfParser& p, ExecEnv& env) {
  auto role = FindObject(p, env, *FindKind("ROLE"), false);
  if (!role.ok()) return role.status();
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  ResultSet out;
  out.columns = {
      {"created_on", "TIMESTAMP_LTZ"}, {"role"}, {"granted_to"}, {"grantee_name"}, {"granted_by"}};
  std::vector<SfGrant> grants;
  for (const auto& g : env.catalog.grants()) {
    if (g.granted_on == "ROLE" && g.object.name == (*role)->name.name) grants.push_back(g);
  }
  std::sort(grants.begin(), grants.end(), [](const SfGrant& a, const SfGrant& b) {
    return std::tie(a.grantee_type, a.grantee) < std::tie(b.grantee_type, b.grantee);
  });
  for (const auto& g : grants) {
    out.rows.push_back({TimestampCell(g.created_ms), QuoteIfNeeded(g.object.name), g.grantee_type,
                        QuoteIfNeeded(g.grantee), g.granted_by});
  }
  return out;
}

Result<ResultSet> ShowGrantsOn(SfParser& p, ExecEnv& env) {
  auto target = ReadGrantTarget(p, env);
  if (!target.ok()) return target.status();
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  if (target->future || target->objects.size() != 1) return p.Error();
  const std::string kind = target->kind->kind;
  const ObjectName name = target->objects[0];
  std::vector<SfGrant> rows;
  for (const auto& g : env.catalog.grants()) {
    if (g.granted_on == kind && g.object == name) rows.push_back(g);
  }
  AddOwnership(
      env, "", [&](const SfObject& o) { return o.kind == kind && o.name == name; }, &rows);
  return GrantRows(std::move(rows), env.identity.account);
}

Result<ResultSet> ShowGrants(SfParser& p, ExecEnv& env) {
  if (p.AcceptAll({"TO", "ROLE"})) return ShowGrantsToRole(p, env);
  if (p.AcceptAll({"TO", "USER"})) return ShowGrantsToUser(p, env);
  if (p.AcceptAll({"OF", "ROLE"})) return ShowGrantsOfRole(p, env);
  if (p.Accept("ON")) return ShowGrantsOn(p, env);
  return p.Error();
}

Result<ResultSet> ShowFutureGrants(SfParser& p, ExecEnv& env) {
  std::vector<const SfFutureGrant*> rows;
  if (p.AcceptAll({"TO", "ROLE"})) {
    auto role = FindObject(p, env, *FindKind("ROLE"), false);
    if (!role.ok()) return role.status();
    for (const auto& f : env.catalog.future_grants()) {
      if (f.grantee == (*role)->name.name) rows.push_back(&f);
    }
  } else {
    bool in_schema = false;
    auto container = ReadContainer(p, env, &in_schema);
    if (!container.ok()) return container.status();
    for (const auto& f : env.catalog.future_grants()) {
      if (f.in_schema == in_schema && f.container == *container) rows.push_back(&f);
    }
  }
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  std::sort(rows.begin(), rows.end(), [](const SfFutureGrant* a, const SfFutureGrant* b) {
    return std::tie(a->container, a->object_kind, a->privilege, a->grantee) <
           std::tie(b->container, b->object_kind, b->privilege, b->grantee);
  });
  ResultSet out;
  out.columns = {{"created_on", "TIMESTAMP_LTZ"},
                 {"privilege"},
                 {"grant_on"},
                 {"name"},
                 {"grant_to"},
                 {"grantee_name"},
                 {"grant_option"}};
  for (const SfFutureGrant* f : rows) {
    out.rows.push_back({TimestampCell(f->created_ms), f->privilege, KindCell(f->object_kind),
                        f->container.Display() + ".<" + KindCell(f->object_kind) + ">", "ROLE",
                        QuoteIfNeeded(f->grantee),
                        std::string(f->grant_option ? "true" : "false")});
  }
  return out;
}

}  // namespace

void RegisterShowGrantExecutors(ExecutorTable* t) {
  (*t)["SHOW GRANTS"] = &ShowGrants;
  (*t)["SHOW FUTURE GRANTS"] = &ShowFutureGrants;
}

}  // namespace causeway::sandbox::snowflake

// Executors for privileges: GRANT / REVOKE of roles (to roles and users), of privileges on an
// object, the account, ALL objects of a kind in a schema or database (the objects existing now)
// and FUTURE objects (applied when objects are created, schema-level ones winning over
// database-level ones); WITH GRANT OPTION, REVOKE GRANT OPTION FOR, ALL [PRIVILEGES], and GRANT
// OWNERSHIP (which moves the owner). A grantor needs to own the object, MANAGE GRANTS, or the
// privilege WITH GRANT OPTION. SHOW GRANTS lives in show_grants.cc.
#include <algorithm>

#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/grant_target.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

namespace {

// GRANT ROLE r TO {ROLE|USER} x / REVOKE ROLE r FROM {ROLE|USER} x.
Result<ResultSet> RoleGrant(SfParser& p, ExecEnv& env, bool grant) {
  auto role = FindObject(p, env, *FindKind("ROLE"), false);
  if (!role.ok()) return role.status();
  CW_RETURN_IF_ERROR(p.Expect(grant ? "TO" : "FROM"));
  std::string grantee_type = p.Accept("USER") ? "USER" : "";
  if (grantee_type.empty()) {
    CW_RETURN_IF_ERROR(p.Expect("ROLE"));
    grantee_type = "ROLE";
  }
  auto grantee = FindObject(p, env, *FindKind(grantee_type), false);
  if (!grantee.ok()) return grantee.status();
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  const std::string& r = (*role)->name.name;
  if (!env.access.MayGrant("ROLE", (*role)->name, "USAGE")) {
    return InsufficientPrivileges("Role", QuoteIfNeeded(r));
  }
  const std::string& to = (*grantee)->name.name;
  if (grant) {
    if (grantee_type == "ROLE" && EffectiveRoles(env.catalog, r).count(to)) {
      return Status(StatusCode::kInvalidArgument,
                    "SQL execution error: Cannot grant role '" + QuoteIfNeeded(r) + "' to role '" +
                        QuoteIfNeeded(to) + "' because it would create a cycle.",
                    "003011");
    }
    env.catalog.GrantRole(r, grantee_type, to, env.session.role, env.now_ms);
  } else {
    std::erase_if(env.catalog.grants(), [&](const SfGrant& g) {
      return g.granted_on == "ROLE" && g.object.name == r && g.grantee_type == grantee_type &&
             g.grantee == to;
    });
  }
  return Executed();
}

// The privilege list before ON: words joined by spaces, separated by commas.
Result<std::vector<std::string>> ReadPrivileges(SfParser& p) {
  std::vector<std::string> out;
  std::string current;
  while (!p.AtEnd() && !p.Peek().Is("ON")) {
    if (p.AcceptPunct(",")) {
      if (current.empty()) return p.Error();
      out.push_back(current);
      current.clear();
      continue;
    }
    if (p.Peek().kind != SfToken::Kind::kWord) return p.Error();
    current += (current.empty() ? "" : " ") + Upper(p.Peek().text);
    p.Advance();
  }
  if (current.empty()) return p.Error();
  out.push_back(current);
  return out;
}

// The privileges a grant of `privileges` on `kind` means (ALL expanded).
std::vector<std::string> Expand(const std::vector<std::string>& privileges, const SfKind& kind) {
  std::vector<std::string> out;
  for (const auto& pr : privileges) {
    if (pr == "ALL" || pr == "ALL PRIVILEGES") {
      out.insert(out.end(), kind.privileges.begin(), kind.privileges.end());
    } else {
      out.push_back(pr);
    }
  }
  return out;
}

void AddGrant(ExecEnv& env, const std::string& privilege, const SfKind& kind,
              const ObjectName& name, const std::string& role, bool grant_option) {
  for (auto& g : env.catalog.grants()) {
    if (g.privilege == privilege && g.granted_on == kind.kind && g.object == name &&
        g.grantee_type == "ROLE" && g.grantee == role) {
      g.grant_option = g.grant_option || grant_option;
      return;
    }
  }
  SfGrant g;
  g.privilege = privilege;
  g.granted_on = kind.kind;
  g.object = name;
  g.grantee_type = "ROLE";
  g.grantee = role;
  g.grant_option = grant_option;
  g.granted_by = env.session.role;
  g.created_ms = env.now_ms;
  env.catalog.grants().push_back(std::move(g));
}

Result<ResultSet> PrivilegeGrant(SfParser& p, ExecEnv& env, bool grant) {
  const bool option_only = !grant && p.AcceptAll({"GRANT", "OPTION", "FOR"});
  auto privileges = ReadPrivileges(p);
  if (!privileges.ok()) return privileges.status();
  CW_RETURN_IF_ERROR(p.Expect("ON"));
  auto target = ReadGrantTarget(p, env);
  if (!target.ok()) return target.status();
  CW_RETURN_IF_ERROR(p.Expect(grant ? "TO" : "FROM"));
  p.Accept("ROLE");
  auto role = FindObject(p, env, *FindKind("ROLE"), false);
  if (!role.ok()) return role.status();
  const std::string grantee = (*role)->name.name;
  const bool with_option = grant && p.AcceptAll({"WITH", "GRANT", "OPTION"});
  if (!grant) {
    if (!p.Accept("CASCADE")) p.Accept("RESTRICT");
  }
  if (grant && !p.AcceptAll({"COPY", "CURRENT", "GRANTS"})) {
    p.AcceptAll({"REVOKE", "CURRENT", "GRANTS"});
  }
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  const SfKind& kind = *target->kind;
  const std::vector<std::string> expanded = Expand(*privileges, kind);
  if (target->future) {
    if (!env.access.OnAccount("MANAGE GRANTS") &&
        !env.access.Owns(target->future_in_schema ? "SCHEMA" : "DATABASE",
                         target->future_container)) {
      return InsufficientPrivileges(target->future_in_schema ? "Schema" : "Database",
                                    target->future_container.Display());
    }
    auto& future = env.catalog.future_grants();
    for (const auto& pr : expanded) {
      auto same = [&](const SfFutureGrant& f) {
        return f.privilege == pr && f.object_kind == kind.kind &&
               f.container == target->future_container && f.in_schema == target->future_in_schema &&
               f.grantee == grantee;
      };
      if (!grant) {
        if (option_only) {
          for (auto& f : future) {
            if (same(f)) f.grant_option = false;
          }
        } else {
          std::erase_if(future, same);
        }
        continue;
      }
      auto it = std::find_if(future.begin(), future.end(), same);
      if (it != future.end()) {
        it->grant_option = it->grant_option || with_option;
        continue;
      }
      future.push_back({pr, kind.kind, target->future_container, target->future_in_schema, grantee,
                        with_option, env.now_ms});
    }
    return Executed();
  }
  for (const auto& name : target->objects) {
    for (const auto& pr : expanded) {
      if (!env.access.MayGrant(kind.kind, name, pr)) {
        return InsufficientPrivileges(kind.display, name.Display());
      }
      if (pr == "OWNERSHIP") {
        if (!grant) {
          return Status(StatusCode::kInvalidArgument,
                        "SQL compilation error:\nOWNERSHIP cannot be revoked; transfer it with "
                        "GRANT OWNERSHIP instead.",
                        "003111");
        }
        if (SfObject* o = env.catalog.Find(kind.kind, name)) o->owner = grantee;
        continue;
      }
      if (grant) {
        AddGrant(env, pr, kind, name, grantee, with_option);
      } else if (option_only) {
        for (auto& g : env.catalog.grants()) {
          if (g.privilege == pr && g.granted_on == kind.kind && g.object == name &&
              g.grantee == grantee) {
            g.grant_option = false;
          }
        }
      } else {
        std::erase_if(env.catalog.grants(), [&](const SfGrant& g) {
          return g.privilege == pr && g.granted_on == kind.kind && g.object == name &&
                 g.grantee_type == "ROLE" && g.grantee == grantee;
        });
      }
    }
  }
  return Executed();
}

Result<ResultSet> Grant(SfParser& p, ExecEnv& env) {
  if (p.Accept("ROLE")) return RoleGrant(p, env, true);
  return PrivilegeGrant(p, env, true);
}

Result<ResultSet> Revoke(SfParser& p, ExecEnv& env) {
  if (p.Accept("ROLE")) return RoleGrant(p, env, false);
  return PrivilegeGrant(p, env, false);
}

}  // namespace

void RegisterGrantExecutors(ExecutorTable* t) {
  (*t)["GRANT"] = &Grant;
  (*t)["REVOKE"] = &Revoke;
  RegisterShowGrantExecutors(t);
}

}  // namespace causeway::sandbox::snowflake

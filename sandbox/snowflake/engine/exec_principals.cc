// Executors for roles and users (CREATE, ALTER, DESC USER) and USE ROLE / DATABASE / SCHEMA /
// WAREHOUSE. A user's RSA_PUBLIC_KEY must parse as an RSA public key; DESC USER shows its
// fingerprint as RSA_PUBLIC_KEY_FP and never shows a password.
#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/auth/rsa_keys.h"
#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

namespace {

Result<ResultSet> CreateRole(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("ROLE");
  auto start = BeginCreate(p, env, kind);
  if (!start.ok()) return start.status();
  SfObject role;
  role.name = start->name;
  CW_RETURN_IF_ERROR(p.Properties(&role.props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  if (start->exists) return AlreadyExistsSucceeded(start->name);
  return FinishCreate(env, kind, std::move(role));
}

Result<ResultSet> AlterRole(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("ROLE");
  bool absent = false;
  auto role = FindObject(p, env, kind, true, &absent);
  if (!role.ok()) return role.status();
  if (absent) return Executed();
  if (p.AcceptAll({"RENAME", "TO"})) {
    auto target = ReadName(p, env, kind);
    if (!target.ok()) return target.status();
    if (env.catalog.Find("ROLE", *target)) return AlreadyExists(target->Display());
    env.catalog.Rename("ROLE", (*role)->name, *target);
    return Executed();
  }
  Value props = (*role)->props;
  CW_RETURN_IF_ERROR(SetOrUnset(p, &props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  (*role)->props = std::move(props);
  return Executed();
}

// Checks and normalises user properties.
Status NormaliseUser(const ObjectName& name, Value* props) {
  for (const char* key : {"RSA_PUBLIC_KEY", "RSA_PUBLIC_KEY_2"}) {
    auto it = props->find(key);
    if (it == props->end() || it->is_null()) continue;
    if (!it->is_string() || !PublicKeyFingerprint(it->get<std::string>())) {
      return Status(StatusCode::kInvalidArgument,
                    "Invalid RSA public key: the value of " + std::string(key) +
                        " must be an RSA public key in base64 (PEM body).",
                    "002029");
    }
  }
  if (!props->contains("LOGIN_NAME")) (*props)["LOGIN_NAME"] = name.name;
  (*props)["LOGIN_NAME"] = Upper(PropString(*props, "LOGIN_NAME"));
  return Status::Ok();
}

Result<ResultSet> CreateUser(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("USER");
  auto start = BeginCreate(p, env, kind);
  if (!start.ok()) return start.status();
  SfObject user;
  user.name = start->name;
  CW_RETURN_IF_ERROR(p.Properties(&user.props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  CW_RETURN_IF_ERROR(NormaliseUser(user.name, &user.props));
  if (start->exists) return AlreadyExistsSucceeded(start->name);
  return FinishCreate(env, kind, std::move(user));
}

Result<ResultSet> AlterUser(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("USER");
  bool absent = false;
  auto user = FindObject(p, env, kind, true, &absent);
  if (!user.ok()) return user.status();
  if (absent) return Executed();
  if (p.AcceptAll({"RENAME", "TO"})) {
    auto target = ReadName(p, env, kind);
    if (!target.ok()) return target.status();
    if (env.catalog.Find("USER", *target)) return AlreadyExists(target->Display());
    env.catalog.Rename("USER", (*user)->name, *target);
    return Executed();
  }
  Value props = (*user)->props;
  CW_RETURN_IF_ERROR(SetOrUnset(p, &props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  CW_RETURN_IF_ERROR(NormaliseUser((*user)->name, &props));
  (*user)->props = std::move(props);
  return Executed();
}

Result<ResultSet> DescUser(SfParser& p, ExecEnv& env) {
  auto user = FindObject(p, env, *FindKind("USER"), false);
  if (!user.ok()) return user.status();
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  const SfObject& u = **user;
  ResultSet out;
  out.columns = {{"property"}, {"value"}, {"default"}, {"description"}};
  auto add = [&](const std::string& property, const Cell& value, const char* description) {
    out.rows.push_back(
        {property, value.value_or("null"), std::string("null"), std::string(description)});
  };
  add("NAME", u.name.name, "Name");
  add("COMMENT", PropCell(u.props, "COMMENT"), "user comment associated to an object");
  add("DISPLAY_NAME", PropCell(u.props, "DISPLAY_NAME"), "Display name of the user");
  add("TYPE", PropCell(u.props, "TYPE"), "Type of the user");
  add("LOGIN_NAME", PropCell(u.props, "LOGIN_NAME"), "Login name of the user");
  add("EMAIL", PropCell(u.props, "EMAIL"), "Email address of the user");
  add("DISABLED", std::string(PropTrue(u.props, "DISABLED") ? "true" : "false"),
      "Whether the user is disabled");
  add("DEFAULT_WAREHOUSE", PropCell(u.props, "DEFAULT_WAREHOUSE"), "Default warehouse");
  add("DEFAULT_NAMESPACE", PropCell(u.props, "DEFAULT_NAMESPACE"), "Default namespace");
  add("DEFAULT_ROLE", PropCell(u.props, "DEFAULT_ROLE"), "Primary default role");
  add("PASSWORD", u.props.contains("PASSWORD") ? Cell("********") : std::nullopt, "Password");
  for (const char* key : {"RSA_PUBLIC_KEY", "RSA_PUBLIC_KEY_2"}) {
    const Cell key_value = PropCell(u.props, key);
    add(key, key_value, "RSA public key of the user");
    Cell fp;
    if (key_value) fp = PublicKeyFingerprint(*key_value);
    add(std::string(key) + "_FP", fp, "Fingerprint of the user's RSA public key");
  }
  return out;
}

// The roles a user may activate: those granted to it and every role they inherit.
bool UserMayUse(const SfCatalog& catalog, const std::string& user, const std::string& role) {
  for (const auto& g : catalog.grants()) {
    if (g.granted_on == "ROLE" && g.grantee_type == "USER" && g.grantee == user &&
        EffectiveRoles(catalog, g.object.name).count(role)) {
      return true;
    }
  }
  return role == "PUBLIC";
}

Result<ResultSet> UseRole(SfParser& p, ExecEnv& env) {
  auto role = p.Identifier();
  if (!role.ok()) return role.status();
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  if (!env.catalog.Find("ROLE", {"", "", *role}) ||
      !UserMayUse(env.catalog, env.session.user, *role)) {
    return Status(StatusCode::kPermissionDenied,
                  "SQL execution error: Requested role '" + QuoteIfNeeded(*role) +
                      "' is not assigned to the executing user. Specify another role to activate.",
                  "003013");
  }
  env.session.role = *role;
  return Executed();
}

Result<ResultSet> UseWarehouse(SfParser& p, ExecEnv& env) {
  auto wh = FindObject(p, env, *FindKind("WAREHOUSE"), false);
  if (!wh.ok()) return wh.status();
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  env.session.warehouse = (*wh)->name.name;
  return Executed();
}

Result<ResultSet> UseDatabase(SfParser& p, ExecEnv& env) {
  auto db = FindObject(p, env, *FindKind("DATABASE"), false);
  if (!db.ok()) return db.status();
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  env.session.database = (*db)->name.name;
  env.session.schema =
      env.catalog.Find("SCHEMA", {env.session.database, "", "PUBLIC"}) ? "PUBLIC" : "";
  return Executed();
}

Result<ResultSet> UseSchema(SfParser& p, ExecEnv& env) {
  auto schema = FindObject(p, env, *FindKind("SCHEMA"), false);
  if (!schema.ok()) return schema.status();
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  env.session.database = (*schema)->name.database;
  env.session.schema = (*schema)->name.name;
  return Executed();
}

// USE <name>: a database, or database.schema.
Result<ResultSet> UseBare(SfParser& p, ExecEnv& env) {
  if (p.Peek(1).IsPunct(".")) return UseSchema(p, env);
  return UseDatabase(p, env);
}

}  // namespace

void RegisterPrincipalExecutors(ExecutorTable* t) {
  (*t)["CREATE ROLE"] = &CreateRole;
  (*t)["ALTER ROLE"] = &AlterRole;
  (*t)["CREATE USER"] = &CreateUser;
  (*t)["ALTER USER"] = &AlterUser;
  (*t)["DESC USER"] = &DescUser;
  (*t)["USE ROLE"] = &UseRole;
  (*t)["USE WAREHOUSE"] = &UseWarehouse;
  (*t)["USE DATABASE"] = &UseDatabase;
  (*t)["USE SCHEMA"] = &UseSchema;
  (*t)["USE"] = &UseBare;
}

}  // namespace causeway::sandbox::snowflake

// SHOW rows of account-level kinds and schemas: DATABASES, SCHEMAS, WAREHOUSES, ROLES, USERS,
// INTEGRATIONS.
#include <map>

#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/show_rows.h"

namespace causeway::sandbox::snowflake {

namespace {

std::vector<ResultColumn> Text(std::initializer_list<const char*> names) {
  std::vector<ResultColumn> out;
  for (const char* n : names) {
    const std::string name = n;
    out.push_back({name, name == "created_on" || name == "resumed_on" || name == "updated_on"
                             ? "TIMESTAMP_LTZ"
                             : "TEXT"});
  }
  return out;
}

std::string Retention(const SfObject& o) {
  return PropString(o.props, "DATA_RETENTION_TIME_IN_DAYS", "1");
}

Row DatabaseRow(const SfObject& o, const ExecEnv& env) {
  return {TimestampCell(o.created_ms),
          o.name.name,
          Flag(false),
          Flag(env.session.database == o.name.name),
          std::string(),
          o.owner,
          CommentCell(o),
          std::string(PropTrue(o.props, "TRANSIENT") ? "TRANSIENT" : ""),
          Retention(o),
          std::string("STANDARD"),
          std::nullopt,
          std::string("ROLE")};
}

Row SchemaRow(const SfObject& o, const ExecEnv& env) {
  const bool current = env.session.database == o.name.database && env.session.schema == o.name.name;
  return {TimestampCell(o.created_ms),
          o.name.name,
          Flag(false),
          Flag(current),
          o.name.database,
          o.owner,
          CommentCell(o),
          std::string(PropTrue(o.props, "MANAGED_ACCESS") ? "MANAGED ACCESS" : ""),
          Retention(o),
          std::string("ROLE"),
          std::nullopt};
}

Row WarehouseRow(const SfObject& o, const ExecEnv& env) {
  const std::string state = PropString(o.props, "STATE", "SUSPENDED");
  const Cell ts = TimestampCell(o.created_ms);
  return {o.name.name,
          state,
          PropString(o.props, "WAREHOUSE_TYPE", "STANDARD"),
          PropString(o.props, "WAREHOUSE_SIZE", "X-Small"),
          PropString(o.props, "MIN_CLUSTER_COUNT", "1"),
          PropString(o.props, "MAX_CLUSTER_COUNT", "1"),
          std::string(state == "STARTED" ? "1" : "0"),
          std::string("0"),
          std::string("0"),
          Flag(false),
          Flag(env.session.warehouse == o.name.name),
          PropString(o.props, "AUTO_SUSPEND", "600"),
          std::string(PropTrue(o.props, "AUTO_RESUME") ? "true" : "false"),
          std::string(state == "STARTED" ? "100" : ""),
          std::string(""),
          std::string(""),
          std::string(""),
          ts,
          ts,
          ts,
          o.owner,
          CommentCell(o),
          Bool(PropTrue(o.props, "ENABLE_QUERY_ACCELERATION")),
          PropString(o.props, "QUERY_ACCELERATION_MAX_SCALE_FACTOR", "8"),
          PropCell(o.props, "RESOURCE_MONITOR").value_or("null"),
          std::string("0"),
          std::string("0"),
          std::string("0"),
          std::string("0"),
          std::string("0"),
          PropString(o.props, "SCALING_POLICY", "STANDARD"),
          std::nullopt,
          std::string("ROLE"),
          std::nullopt};
}

Row RoleRow(const SfObject& o, const ExecEnv& env) {
  int users = 0, to_roles = 0, granted = 0;
  for (const auto& g : env.catalog.grants()) {
    if (g.granted_on != "ROLE") continue;
    if (g.object.name == o.name.name) (g.grantee_type == "USER" ? users : to_roles)++;
    if (g.grantee_type == "ROLE" && g.grantee == o.name.name) ++granted;
  }
  return {TimestampCell(o.created_ms),
          o.name.name,
          Flag(false),
          Flag(env.session.role == o.name.name),
          Flag(env.access.roles().count(o.name.name) > 0),
          std::to_string(users),
          std::to_string(to_roles),
          std::to_string(granted),
          o.owner,
          CommentCell(o)};
}

Row UserRow(const SfObject& o, const ExecEnv&) {
  const Value& p = o.props;
  return {o.name.name,
          TimestampCell(o.created_ms),
          PropString(p, "LOGIN_NAME", o.name.name),
          PropString(p, "DISPLAY_NAME", o.name.name),
          PropCell(p, "FIRST_NAME"),
          PropCell(p, "LAST_NAME"),
          PropCell(p, "EMAIL"),
          std::nullopt,
          std::nullopt,
          CommentCell(o),
          Bool(PropTrue(p, "DISABLED")),
          Bool(false),
          Bool(false),
          PropCell(p, "DEFAULT_WAREHOUSE"),
          PropCell(p, "DEFAULT_NAMESPACE"),
          PropCell(p, "DEFAULT_ROLE"),
          PropCell(p, "DEFAULT_SECONDARY_ROLES"),
          Bool(false),
          std::nullopt,
          std::nullopt,
          o.owner,
          std::nullopt,
          std::nullopt,
          std::nullopt,
          Bool(p.contains("PASSWORD")),
          Bool(p.contains("RSA_PUBLIC_KEY") || p.contains("RSA_PUBLIC_KEY_2")),
          PropCell(p, "TYPE").value_or("PERSON"),
          Bool(false)};
}

Row IntegrationRow(const SfObject& o, const ExecEnv&) {
  return {o.name.name,
          PropString(o.props, "TYPE", "EXTERNAL_STAGE"),
          std::string("STORAGE"),
          Bool(PropTrue(o.props, "ENABLED")),
          CommentCell(o),
          TimestampCell(o.created_ms)};
}

}  // namespace

Cell CommentCell(const SfObject& o) { return PropCell(o.props, "COMMENT"); }

const ShowSpec* AccountShowSpec(const std::string& kind) {
  static const std::map<std::string, ShowSpec> kSpecs = {
      {"DATABASE",
       {Text({"created_on", "name", "is_default", "is_current", "origin", "owner", "comment",
              "options", "retention_time", "kind", "budget", "owner_role_type"}),
        &DatabaseRow}},
      {"SCHEMA",
       {Text({"created_on", "name", "is_default", "is_current", "database_name", "owner", "comment",
              "options", "retention_time", "owner_role_type", "budget"}),
        &SchemaRow}},
      {"WAREHOUSE",
       {Text({"name",
              "state",
              "type",
              "size",
              "min_cluster_count",
              "max_cluster_count",
              "started_clusters",
              "running",
              "queued",
              "is_default",
              "is_current",
              "auto_suspend",
              "auto_resume",
              "available",
              "provisioning",
              "quiescing",
              "other",
              "created_on",
              "resumed_on",
              "updated_on",
              "owner",
              "comment",
              "enable_query_acceleration",
              "query_acceleration_max_scale_factor",
              "resource_monitor",
              "actives",
              "pendings",
              "failed",
              "suspended",
              "uuid",
              "scaling_policy",
              "budget",
              "owner_role_type",
              "resource_constraint"}),
        &WarehouseRow}},
      {"ROLE",
       {Text({"created_on", "name", "is_default", "is_current", "is_inherited", "assigned_to_users",
              "granted_to_roles", "granted_roles", "owner", "comment"}),
        &RoleRow}},
      {"USER",
       {Text({"name",
              "created_on",
              "login_name",
              "display_name",
              "first_name",
              "last_name",
              "email",
              "mins_to_unlock",
              "days_to_expiry",
              "comment",
              "disabled",
              "must_change_password",
              "snowflake_lock",
              "default_warehouse",
              "default_namespace",
              "default_role",
              "default_secondary_roles",
              "ext_authn_duo",
              "ext_authn_uid",
              "mins_to_bypass_mfa",
              "owner",
              "last_success_login",
              "expires_at_time",
              "locked_until_time",
              "has_password",
              "has_rsa_public_key",
              "type",
              "has_mfa"}),
        &UserRow}},
      {"INTEGRATION",
       {Text({"name", "type", "category", "enabled", "comment", "created_on"}), &IntegrationRow}},
  };
  auto it = kSpecs.find(kind);
  return it == kSpecs.end() ? nullptr : &it->second;
}

const ShowSpec* ShowSpecFor(const std::string& kind) {
  if (const ShowSpec* s = AccountShowSpec(kind)) return s;
  return SchemaShowSpec(kind);
}

}  // namespace causeway::sandbox::snowflake

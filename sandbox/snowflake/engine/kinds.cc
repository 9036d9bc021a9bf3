// SfKind table.
#include "sandbox/snowflake/engine/kinds.h"

namespace causeway::sandbox::snowflake {

const std::vector<SfKind>& AllKinds() {
  static const std::vector<SfKind> kKinds = {
      {"ACCOUNT",
       "ACCOUNTS",
       Level::kAccount,
       "Account",
       "",
       {"CREATE DATABASE", "CREATE WAREHOUSE", "CREATE ROLE", "CREATE USER", "CREATE INTEGRATION",
        "MANAGE GRANTS", "MONITOR USAGE", "EXECUTE TASK"}},
      {"DATABASE",
       "DATABASES",
       Level::kAccount,
       "Database",
       "CREATE DATABASE",
       {"USAGE", "MONITOR", "CREATE SCHEMA", "MODIFY", "CREATE DATABASE ROLE"}},
      {"WAREHOUSE",
       "WAREHOUSES",
       Level::kAccount,
       "Warehouse",
       "CREATE WAREHOUSE",
       {"USAGE", "OPERATE", "MONITOR", "MODIFY"}},
      {"ROLE", "ROLES", Level::kAccount, "Role", "CREATE ROLE", {"USAGE"}},
      {"USER", "USERS", Level::kAccount, "User", "CREATE USER", {"MONITOR"}},
      {"INTEGRATION",
       "INTEGRATIONS",
       Level::kAccount,
       "Integration",
       "CREATE INTEGRATION",
       {"USAGE"}},
      {"SCHEMA",
       "SCHEMAS",
       Level::kDatabase,
       "Schema",
       "CREATE SCHEMA",
       {"USAGE", "MONITOR", "MODIFY", "CREATE TABLE", "CREATE EXTERNAL TABLE", "CREATE VIEW",
        "CREATE STAGE", "CREATE FILE FORMAT", "CREATE PIPE"}},
      {"TABLE",
       "TABLES",
       Level::kSchema,
       "Table",
       "CREATE TABLE",
       {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES"}},
      {"EXTERNAL TABLE",
       "EXTERNAL TABLES",
       Level::kSchema,
       "External table",
       "CREATE EXTERNAL TABLE",
       {"SELECT", "REFERENCES"}},
      {"VIEW", "VIEWS", Level::kSchema, "View", "CREATE VIEW", {"SELECT", "REFERENCES"}},
      {"STAGE", "STAGES", Level::kSchema, "Stage", "CREATE STAGE", {"USAGE", "READ", "WRITE"}},
      {"FILE FORMAT",
       "FILE FORMATS",
       Level::kSchema,
       "File format",
       "CREATE FILE FORMAT",
       {"USAGE"}},
      {"PIPE", "PIPES", Level::kSchema, "Pipe", "CREATE PIPE", {"MONITOR", "OPERATE"}},
  };
  return kKinds;
}

const SfKind* FindKind(const std::string& kind) {
  for (const auto& k : AllKinds()) {
    if (kind == k.kind) return &k;
  }
  return nullptr;
}

const SfKind* FindKindByPlural(const std::string& plural) {
  for (const auto& k : AllKinds()) {
    if (plural == k.plural) return &k;
  }
  return nullptr;
}

}  // namespace causeway::sandbox::snowflake

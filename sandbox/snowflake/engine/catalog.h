// SfCatalog: the Snowflake account's state — every object (databases, schemas, warehouses,
// roles, users, integrations, file formats, stages, tables, external tables, pipes), its owner
// and properties, the privilege grants (role grants are USAGE grants on a ROLE), and future
// grants. Objects are kept generically: identity, owner, creation time and a JSON property bag
// whose keys the executors own (COMMENT, columns, URL, ...). Names are stored as Snowflake
// resolves them (unquoted identifiers upper case). Dump/Load give a deterministic JSON state.
// A fresh account holds the system roles (ACCOUNTADMIN > SECURITYADMIN > USERADMIN,
// ACCOUNTADMIN > SYSADMIN, PUBLIC), the warehouse SANDBOX_WH and the admin user (see Reset).
// Thread-safety: none; the service holding it runs under the sandbox's dispatch lock.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::sandbox::snowflake {

// An object's identity: account objects use `name` only, schemas `database` and `name`.
struct ObjectName {
  std::string database, schema, name;
  bool operator<(const ObjectName& o) const {
    return std::tie(database, schema, name) < std::tie(o.database, o.schema, o.name);
  }
  bool operator==(const ObjectName& o) const {
    return database == o.database && schema == o.schema && name == o.name;
  }
  // DB.SCHEMA.NAME with each part quoted only when Snowflake would need quotes.
  std::string Display() const;
};

// An identifier as Snowflake prints it: bare when it is upper case [A-Z_][A-Z0-9_$]*,
// "double-quoted" with "" escapes otherwise.
std::string QuoteIfNeeded(const std::string& identifier);

struct SfObject {
  std::string kind;  // "DATABASE", "SCHEMA", "TABLE", "EXTERNAL TABLE", ...
  ObjectName name;
  std::string owner;  // owning role
  int64_t created_ms = 0;
  Value props = Value::object();
};

struct SfGrant {
  std::string privilege;     // "USAGE", "CREATE SCHEMA"; USAGE on a ROLE is a role grant
  std::string granted_on;    // object kind: "ACCOUNT", "DATABASE", "ROLE", ...
  ObjectName object;         // empty for ACCOUNT
  std::string grantee_type;  // "ROLE" or "USER"
  std::string grantee;
  bool grant_option = false;
  std::string granted_by;
  int64_t created_ms = 0;
};

struct SfFutureGrant {
  std::string privilege;
  std::string object_kind;  // "TABLE", "SCHEMA", ...
  ObjectName container;     // a database (name) or a schema (database + name)
  bool in_schema = false;
  std::string grantee;  // a role
  bool grant_option = false;
  int64_t created_ms = 0;
};

// What the account starts with.
struct Bootstrap {
  std::string admin_user;
  std::string admin_role;
  std::string warehouse;
  std::string admin_public_key;  // base64 DER body, as RSA_PUBLIC_KEY holds it
  int64_t now_ms = 0;
};

class SfCatalog {
 public:
  SfObject* Find(const std::string& kind, const ObjectName& name);
  const SfObject* Find(const std::string& kind, const ObjectName& name) const;
  // Adds or replaces.
  SfObject& Put(SfObject object);
  // Removes the object, the objects inside it (database: schemas and their objects) and every
  // grant on them. False when absent.
  bool Erase(const std::string& kind, const ObjectName& name);
  // Every object of `kind`, sorted by identity.
  std::vector<const SfObject*> List(const std::string& kind) const;
  // Renames in place (ALTER ... RENAME TO), grants follow.
  void Rename(const std::string& kind, const ObjectName& from, const ObjectName& to);

  std::vector<SfGrant>& grants() { return grants_; }
  const std::vector<SfGrant>& grants() const { return grants_; }
  std::vector<SfFutureGrant>& future_grants() { return future_; }
  const std::vector<SfFutureGrant>& future_grants() const { return future_; }

  // Grants a role to a role/user unless it is granted already.
  void GrantRole(const std::string& role, const std::string& grantee_type,
                 const std::string& grantee, const std::string& granted_by, int64_t now_ms);

  Value Dump() const;
  Status Load(const Value& state);
  // The fresh account described above.
  void Reset(const Bootstrap& bootstrap);

 private:
  std::map<std::string, std::map<ObjectName, SfObject>> objects_;  // by kind
  std::vector<SfGrant> grants_;
  std::vector<SfFutureGrant> future_;
};

}  // namespace causeway::sandbox::snowflake

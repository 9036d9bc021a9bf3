// Privileges as Snowflake spells them, and what ALL means: a privilege is upper case with single
// spaces ("create schema" and CREATE_SCHEMA are CREATE SCHEMA), ALL and ALL PRIVILEGES are one
// privilege, and a grant of ALL PRIVILEGES on an object holds every privilege of its type
// (SHOW GRANTS lists them one by one). Object types ("EXTERNAL TABLE") with their plurals for
// ON ALL / ON FUTURE and the underscored spelling SHOW GRANTS uses ("EXTERNAL_TABLE").
// Thread-safety: pure functions over constant tables.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "reconciler/core/value.h"

namespace causeway::snowflake {

std::string PrivilegeName(const std::string& p);
// A privilege list as a sorted set of PrivilegeNames (a kit Normalizer).
Value PrivilegeSet(const Value& v);

constexpr char kAllPrivileges[] = "ALL PRIVILEGES";

struct ObjectType {
  std::string type;                     // "EXTERNAL TABLE"
  std::string plural;                   // "EXTERNAL TABLES"
  int level;                            // 0 account, 1 in a database, 2 in a schema
  std::vector<std::string> privileges;  // what ALL PRIVILEGES grants
};

// The type named `type` (singular or plural, any case, '_' for ' '); nullptr when unknown.
const ObjectType* FindObjectType(const std::string& type);
const std::vector<ObjectType>& ObjectTypes();
// `privileges` (PrivilegeNames) with ALL PRIVILEGES replaced by every privilege of `type`.
std::set<std::string> ExpandPrivileges(const std::set<std::string>& privileges,
                                       const ObjectType& type);
// The type as SHOW GRANTS prints it: "EXTERNAL_TABLE".
std::string GrantedOnCell(const std::string& type);

}  // namespace causeway::snowflake

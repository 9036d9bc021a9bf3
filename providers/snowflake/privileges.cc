// Privilege names, object types and the expansion of ALL PRIVILEGES (Snowflake's access control
// reference, per object type).
#include "providers/snowflake/privileges.h"

#include <algorithm>

#include "reconciler/core/ascii.h"

namespace causeway::snowflake {

std::string PrivilegeName(const std::string& p) {
  std::string out;
  for (char c : Upper(p)) {
    if (c == '_' || c == ' ' || c == '\t' || c == '\n') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out == "ALL") out = kAllPrivileges;
  return out;
}

Value PrivilegeSet(const Value& v) {
  if (!v.is_array()) return v;
  std::set<std::string> s;
  for (const auto& item : v) {
    if (!item.is_string()) return v;
    s.insert(PrivilegeName(item.get<std::string>()));
  }
  Value out = Value::array();
  for (const auto& p : s) out.push_back(p);
  return out;
}

const std::vector<ObjectType>& ObjectTypes() {
  static const std::vector<ObjectType> kTypes = {
      {"ACCOUNT",
       "ACCOUNTS",
       0,
       {"CREATE DATABASE", "CREATE WAREHOUSE", "CREATE ROLE", "CREATE USER", "CREATE INTEGRATION",
        "MANAGE GRANTS", "MONITOR USAGE", "EXECUTE TASK"}},
      {"DATABASE",
       "DATABASES",
       0,
       {"USAGE", "MONITOR", "CREATE SCHEMA", "MODIFY", "CREATE DATABASE ROLE"}},
      {"WAREHOUSE", "WAREHOUSES", 0, {"USAGE", "OPERATE", "MONITOR", "MODIFY"}},
      {"INTEGRATION", "INTEGRATIONS", 0, {"USAGE"}},
      {"SCHEMA",
       "SCHEMAS",
       1,
       {"USAGE", "MONITOR", "MODIFY", "CREATE TABLE", "CREATE EXTERNAL TABLE", "CREATE VIEW",
        "CREATE STAGE", "CREATE FILE FORMAT", "CREATE PIPE"}},
      {"TABLE", "TABLES", 2, {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES"}},
      {"EXTERNAL TABLE", "EXTERNAL TABLES", 2, {"SELECT", "REFERENCES"}},
      {"VIEW", "VIEWS", 2, {"SELECT", "REFERENCES"}},
      {"STAGE", "STAGES", 2, {"USAGE", "READ", "WRITE"}},
      {"FILE FORMAT", "FILE FORMATS", 2, {"USAGE"}},
      {"PIPE", "PIPES", 2, {"MONITOR", "OPERATE"}},
  };
  return kTypes;
}

const ObjectType* FindObjectType(const std::string& type) {
  const std::string t = PrivilegeName(type);  // same spelling rules: upper case, single spaces
  for (const auto& o : ObjectTypes()) {
    if (o.type == t || o.plural == t) return &o;
  }
  return nullptr;
}

std::set<std::string> ExpandPrivileges(const std::set<std::string>& privileges,
                                       const ObjectType& type) {
  std::set<std::string> out;
  for (const auto& p : privileges) {
    if (p == kAllPrivileges) {
      out.insert(type.privileges.begin(), type.privileges.end());
    } else {
      out.insert(p);
    }
  }
  return out;
}

std::string GrantedOnCell(const std::string& type) {
  std::string out = type;
  std::replace(out.begin(), out.end(), ' ', '_');
  return out;
}

}  // namespace causeway::snowflake

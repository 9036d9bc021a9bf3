// Unity Catalog privilege spelling and applicability tables.
#include "sandbox/databricks/unity_catalog/privileges.h"

#include <map>
#include <set>

#include "reconciler/core/ascii.h"

namespace causeway::sandbox {

std::string CanonicalSecurableType(const std::string& text) {
  static const std::set<std::string> kTypes = {kUcCatalog, kUcSchema, kUcTable, kUcExternalLocation,
                                               kUcStorageCredential};
  std::string type = Lower(text);
  for (auto& c : type) {
    if (c == ' ' || c == '-') c = '_';
  }
  return kTypes.count(type) ? type : "";
}

std::string CanonicalPrivilege(const std::string& text) {
  std::string out = Upper(text);
  for (auto& c : out) {
    if (c == ' ') c = '_';
  }
  return out;
}

bool PrivilegeAppliesTo(const std::string& privilege, const std::string& securable_type) {
  // Containers grant what applies to them and what their children inherit.
  static const std::set<std::string> kSchemaPrivileges = {"ALL_PRIVILEGES",
                                                          "APPLY_TAG",
                                                          "BROWSE",
                                                          "CREATE_FUNCTION",
                                                          "CREATE_MATERIALIZED_VIEW",
                                                          "CREATE_MODEL",
                                                          "CREATE_TABLE",
                                                          "CREATE_VOLUME",
                                                          "EXECUTE",
                                                          "EXTERNAL_USE_SCHEMA",
                                                          "MANAGE",
                                                          "MODIFY",
                                                          "READ_VOLUME",
                                                          "REFRESH",
                                                          "SELECT",
                                                          "USE_SCHEMA",
                                                          "WRITE_VOLUME"};
  static const std::map<std::string, std::set<std::string>> kApplicable = [] {
    std::map<std::string, std::set<std::string>> m;
    m[kUcSchema] = kSchemaPrivileges;
    m[kUcCatalog] = kSchemaPrivileges;
    m[kUcCatalog].insert({"CREATE_SCHEMA", "USE_CATALOG"});
    m[kUcTable] = {"ALL_PRIVILEGES", "APPLY_TAG", "BROWSE", "MANAGE", "MODIFY", "SELECT"};
    m[kUcExternalLocation] = {"ALL_PRIVILEGES",
                              "BROWSE",
                              "CREATE_EXTERNAL_TABLE",
                              "CREATE_EXTERNAL_VOLUME",
                              "CREATE_FOREIGN_SECURABLE",
                              "CREATE_MANAGED_STORAGE",
                              "EXTERNAL_USE_LOCATION",
                              "MANAGE",
                              "READ_FILES",
                              "WRITE_FILES"};
    m[kUcStorageCredential] = {"ALL_PRIVILEGES",
                               "CREATE_EXTERNAL_LOCATION",
                               "CREATE_EXTERNAL_TABLE",
                               "MANAGE",
                               "READ_FILES",
                               "WRITE_FILES"};
    return m;
  }();
  auto it = kApplicable.find(securable_type);
  return it != kApplicable.end() && it->second.count(privilege) > 0;
}

}  // namespace causeway::sandbox

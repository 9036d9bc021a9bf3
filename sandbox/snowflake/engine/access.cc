// AccessView: role hierarchy and privilege checks.
#include "sandbox/snowflake/engine/access.h"

#include <vector>

namespace causeway::sandbox::snowflake {

std::set<std::string> EffectiveRoles(const SfCatalog& catalog, const std::string& role) {
  std::set<std::string> out;
  std::vector<std::string> todo = {role, "PUBLIC"};
  while (!todo.empty()) {
    std::string r = todo.back();
    todo.pop_back();
    if (r.empty() || !out.insert(r).second) continue;
    for (const auto& g : catalog.grants()) {
      if (g.granted_on == "ROLE" && g.grantee_type == "ROLE" && g.grantee == r) {
        todo.push_back(g.object.name);
      }
    }
  }
  return out;
}

AccessView::AccessView(const SfCatalog& catalog, const std::string& role)
    : catalog_(catalog), roles_(EffectiveRoles(catalog, role)) {}

bool AccessView::Owns(const std::string& kind, const ObjectName& name) const {
  if (superuser()) return true;
  const SfObject* o = catalog_.Find(kind, name);
  return o != nullptr && roles_.count(o->owner) > 0;
}

bool AccessView::Has(const std::string& kind, const ObjectName& name,
                     const std::string& privilege) const {
  if (Owns(kind, name)) return true;
  for (const auto& g : catalog_.grants()) {
    if (g.grantee_type == "ROLE" && roles_.count(g.grantee) && g.granted_on == kind &&
        g.object == name && (privilege.empty() || g.privilege == privilege)) {
      return true;
    }
  }
  return false;
}

bool AccessView::Sees(const std::string& kind, const ObjectName& name) const {
  if (kind == "ROLE" && roles_.count(name.name)) return true;
  return Has(kind, name, "");
}

bool AccessView::MayGrant(const std::string& kind, const ObjectName& name,
                          const std::string& privilege) const {
  if (Owns(kind, name) || OnAccount("MANAGE GRANTS")) return true;
  for (const auto& g : catalog_.grants()) {
    if (g.grantee_type == "ROLE" && roles_.count(g.grantee) && g.granted_on == kind &&
        g.object == name && g.privilege == privilege && g.grant_option) {
      return true;
    }
  }
  return false;
}

}  // namespace causeway::sandbox::snowflake

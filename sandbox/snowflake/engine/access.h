// Access control as Snowflake enforces it: a statement runs with its session's current role,
// which acts with every role granted to it (transitively) and PUBLIC. A role may do what it owns
// or was granted; ACCOUNTADMIN may do everything (the contract's "full access"); MANAGE GRANTS on
// the account lets a role grant anything. Objects a role can neither own nor use are invisible:
// statements report them as "does not exist or not authorized" (002003); visible objects a role
// may not change give "Insufficient privileges" (003001).
// Thread-safety: pure functions over a catalog.
#pragma once

#include <set>
#include <string>

#include "sandbox/snowflake/engine/catalog.h"

namespace causeway::sandbox::snowflake {

class AccessView {
 public:
  AccessView(const SfCatalog& catalog, const std::string& role);

  const std::set<std::string>& roles() const { return roles_; }
  bool superuser() const { return roles_.count("ACCOUNTADMIN") > 0; }
  // Owns or holds `privilege` on the object (or ALL its privileges for "").
  bool Has(const std::string& kind, const ObjectName& name, const std::string& privilege) const;
  bool Owns(const std::string& kind, const ObjectName& name) const;
  // Owns it or holds any privilege on it.
  bool Sees(const std::string& kind, const ObjectName& name) const;
  // May grant `privilege` on the object to others.
  bool MayGrant(const std::string& kind, const ObjectName& name,
                const std::string& privilege) const;
  // Holds `privilege` on the account.
  bool OnAccount(const std::string& privilege) const { return Has("ACCOUNT", {}, privilege); }

 private:
  const SfCatalog& catalog_;
  std::set<std::string> roles_;
};

// The roles `role` acts with: itself, every role granted to it, transitively, and PUBLIC.
std::set<std::string> EffectiveRoles(const SfCatalog& catalog, const std::string& role);

}  // namespace causeway::sandbox::snowflake

// Undeclared: an object or privilege a provider found inside a container Causeway manages (an
// IAM role's inline policy, a Lake Formation grant on a managed database, a table in a managed
// Glue database) that no manifest declares: security drift. A provider reports them from
// Provider::undeclared(); the plan lists them in their own section (privileges first) and, when
// the container's lifecycle is exclusive, deletes them through the ordinary remove() of `address`'s
// kind with `id` and `attributes`. Plain value; header-only so plans can carry it without the
// provider interface.
#pragma once

#include <set>
#include <string>

#include "reconciler/core/address.h"
#include "reconciler/core/value.h"

namespace causeway {

struct Undeclared {
  Address container;  // the managed resource it lives in ("aws.iam.role.etl")
  // The kind a manifest would declare it with, and a name for it that no manifest uses (the
  // provider derives it from the object's natural key; the plan shows it and --allow-destroy
  // takes it).
  Address address;
  std::string id;                      // provider id, as remove() takes it
  Value attributes = Value::object();  // as a manifest would declare it
  std::string summary;                 // one line: inline policy "admin" allows * on *
  bool privilege = false;              // a grant or policy (listed first), not an object
};

// Reads `text` as a resource name: characters outside [A-Za-z0-9_-] become '_', and a name that
// would not start with a letter or '_' gets a leading '_'.
inline std::string UndeclaredName(const std::string& text) {
  std::string name = text;
  for (auto& c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) c = '_';
  }
  const bool starts = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') ||
                                        (name[0] >= 'A' && name[0] <= 'Z') || name[0] == '_');
  return starts ? name : "_" + name;
}

// Hands out the addresses of one provider's findings: UndeclaredName(text), with "_2", "_3"...
// appended where two findings would otherwise share one.
class UndeclaredAddresses {
 public:
  Address Next(const std::string& kind, const std::string& text) {
    std::string base = UndeclaredName(text), unique = base;
    for (int n = 2; !used_.insert(kind + "." + unique).second; ++n) {
      unique = base + "_" + std::to_string(n);
    }
    return Address{kind, unique};
  }

 private:
  std::set<std::string> used_;
};

}  // namespace causeway

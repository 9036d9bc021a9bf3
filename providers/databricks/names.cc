// Normalisers of Unity Catalog names, privileges and URLs (kind_handler.h).
#include <set>

#include "providers/databricks/kind_handler.h"
#include "reconciler/core/ascii.h"

namespace causeway::databricks {

Value FoldName(const Value& v) { return v.is_string() ? Value(Lower(v.get<std::string>())) : v; }

std::string PrivilegeName(const std::string& p) {
  std::string out = Upper(p);
  for (char& c : out) {
    if (c == ' ' || c == '-') c = '_';
  }
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

Value UrlWithoutTrailingSlash(const Value& v) {
  if (!v.is_string()) return v;
  std::string s = v.get<std::string>();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace causeway::databricks

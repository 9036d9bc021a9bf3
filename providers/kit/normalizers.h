// Normalizers (AttributeSchema::normalize) every provider needs: the case folding of names and
// enums that a cloud stores in one case, and string sets compared without order or case
// (privilege lists). Pure functions; non-strings pass through unchanged.
#pragma once

#include <algorithm>
#include <set>
#include <string>

#include "reconciler/core/ascii.h"
#include "reconciler/core/value.h"

namespace causeway::kit {

inline Value UpperCase(const Value& v) {
  return v.is_string() ? Value(Upper(v.get<std::string>())) : v;
}

inline Value LowerCase(const Value& v) {
  return v.is_string() ? Value(Lower(v.get<std::string>())) : v;
}

// A list of strings as a sorted, de-duplicated, upper-cased list.
inline Value UpperCaseSet(const Value& v) {
  if (!v.is_array()) return v;
  std::set<std::string> s;
  for (const auto& item : v) {
    if (!item.is_string()) return v;
    s.insert(Upper(item.get<std::string>()));
  }
  Value out = Value::array();
  for (const auto& item : s) out.push_back(item);
  return out;
}

}  // namespace causeway::kit

// Address parsing.
#include "reconciler/core/address.h"

#include <cctype>

namespace causeway {

std::optional<Address> Address::Parse(const std::string& text) {
  auto dot = text.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) return std::nullopt;
  Address a{text.substr(0, dot), text.substr(dot + 1)};
  if (!IsValidResourceName(a.name)) return std::nullopt;
  return a;
}

bool IsValidResourceName(const std::string& name) {
  if (name.empty()) return false;
  if (!(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  }
  return true;
}

}  // namespace causeway

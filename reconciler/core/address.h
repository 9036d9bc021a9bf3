// Address: the identity of a resource in manifests, plans and state: "<kind>.<name>", where kind
// is dotted ("aws.iam.role") and its first segment names the provider ("aws"). The name is the
// last segment. Thread-safety: plain value.
#pragma once

#include <compare>
#include <optional>
#include <string>

namespace causeway {

struct Address {
  std::string kind;  // "aws.iam.role"
  std::string name;  // "snowflake_reader"

  std::string str() const { return kind + "." + name; }
  // The provider that owns the kind: the first dotted segment of kind ("aws").
  std::string provider() const { return kind.substr(0, kind.find('.')); }

  // Parses "aws.iam.role.reader" into kind "aws.iam.role" and name "reader". Requires at least
  // two segments; returns nullopt otherwise.
  static std::optional<Address> Parse(const std::string& text);

  auto operator<=>(const Address&) const = default;
  bool operator==(const Address&) const = default;
};

// A name is valid if it matches [A-Za-z_][A-Za-z0-9_-]*.
bool IsValidResourceName(const std::string& name);

}  // namespace causeway

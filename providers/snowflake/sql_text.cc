// Quoting and identifier normalisation.
#include "providers/snowflake/sql_text.h"

#include "reconciler/core/ascii.h"

namespace causeway::snowflake {

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuoteName(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ".") + QuoteIdentifier(p);
  return out;
}

std::string QuoteString(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') {
      out += "''";
    } else if (c == '\\') {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return out + "'";
}

bool IsUnquotedIdentifier(const std::string& name) {
  if (name.empty()) return false;
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (!letter(name[0])) return false;
  for (char c : name) {
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '$') return false;
  }
  return true;
}

std::string NormalizeIdentifier(const std::string& name) {
  if (IsUnquotedIdentifier(name)) return Upper(name);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    // A quoted identifier: its text, "" read as ". A lone quote inside cannot be SQL either
    // way, so it is kept as written.
    std::string out;
    const std::string inner = name.substr(1, name.size() - 2);
    for (size_t i = 0; i < inner.size(); ++i) {
      out += inner[i];
      if (inner[i] == '"' && i + 1 < inner.size() && inner[i + 1] == '"') ++i;
    }
    return out;
  }
  return name;
}

Value IdentifierValue(const Value& v) {
  return v.is_string() ? Value(NormalizeIdentifier(v.get<std::string>())) : v;
}

}  // namespace causeway::snowflake

namespace causeway::snowflake {

std::string ManifestIdentifier(const std::string& stored) {
  if (IsUnquotedIdentifier(stored) && Upper(stored) == stored) return stored;
  return QuoteIdentifier(stored);
}

std::string DisplayName(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ".") + ManifestIdentifier(p);
  return out;
}

}  // namespace causeway::snowflake

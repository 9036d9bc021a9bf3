// YAML to Value conversion with source locations, and YAML 1.2 core-schema scalar typing.
#include "manifests/yaml_value.h"

#include <charconv>
#include <cstdint>

namespace causeway {

namespace {

bool IsBool(const std::string& s, bool* out) {
  if (s == "true" || s == "True" || s == "TRUE") {
    *out = true;
    return true;
  }
  if (s == "false" || s == "False" || s == "FALSE") {
    *out = false;
    return true;
  }
  return false;
}

// Parses an integer in `base` from `digits` (with an optional sign before a decimal number).
bool ParseInt(const std::string& digits, int base, Value* out) {
  std::string s = digits;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s = s.substr(1);
  }
  if (s.empty()) return false;
  uint64_t magnitude = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), magnitude, base);
  if (ec != std::errc() || ptr != s.data() + s.size()) return false;
  if (!negative) {
    if (magnitude <= static_cast<uint64_t>(INT64_MAX)) {
      *out = static_cast<int64_t>(magnitude);
    } else {
      *out = magnitude;
    }
    return true;
  }
  if (magnitude > static_cast<uint64_t>(INT64_MAX) + 1) return false;
  *out = magnitude == static_cast<uint64_t>(INT64_MAX) + 1 ? INT64_MIN
                                                           : -static_cast<int64_t>(magnitude);
  return true;
}

// Hand-written matchers for the YAML 1.2 core schema forms (std::regex is far too slow for a
// check made on every plain scalar):
//   decimal [-+]?[0-9]+, octal 0o[0-7]+, hex 0x[0-9a-fA-F]+,
//   float   [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsOctalDigit(char c) { return c >= '0' && c <= '7'; }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Advances `i` over digits; returns how many there were.
size_t SkipDigits(const std::string& s, size_t* i) {
  size_t start = *i;
  while (*i < s.size() && IsDigit(s[*i])) ++*i;
  return *i - start;
}

bool IsDecimal(const std::string& s) {
  size_t i = !s.empty() && (s[0] == '+' || s[0] == '-') ? 1 : 0;
  return SkipDigits(s, &i) > 0 && i == s.size();
}

bool IsPrefixedDigits(const std::string& s, char marker, bool (*digit)(char)) {
  if (s.size() < 3 || s[0] != '0' || s[1] != marker) return false;
  for (size_t i = 2; i < s.size(); ++i) {
    if (!digit(s[i])) return false;
  }
  return true;
}

bool IsFloat(const std::string& s) {
  size_t i = !s.empty() && (s[0] == '+' || s[0] == '-') ? 1 : 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (SkipDigits(s, &i) == 0) return false;
  } else {
    if (SkipDigits(s, &i) == 0) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      SkipDigits(s, &i);
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (SkipDigits(s, &i) == 0) return false;
  }
  return i == s.size();
}

}  // namespace

SourceLocation LocationOf(const std::string& file, const YamlMark& mark) {
  SourceLocation loc;
  loc.file = file;
  if (mark.line >= 0 && mark.column >= 0) {
    loc.line = mark.line + 1;
    loc.column = mark.column + 1;
  }
  return loc;
}

std::string EscapePointerToken(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

Value ResolveScalar(const std::string& text, bool plain) {
  if (!plain) return text;
  bool b = false;
  if (IsBool(text, &b)) return b;
  Value v;
  const bool decimal = IsDecimal(text);
  if (decimal && ParseInt(text, 10, &v)) return v;
  if (IsPrefixedDigits(text, 'o', IsOctalDigit) && ParseInt(text.substr(2), 8, &v)) return v;
  if (IsPrefixedDigits(text, 'x', IsHexDigit) && ParseInt(text.substr(2), 16, &v)) return v;
  // Floats, and decimal integers too large for 64 bits (kept as a float of that magnitude).
  if (decimal || IsFloat(text)) {
    try {
      return std::stod(text);
    } catch (const std::exception&) {
      return text;  // out of double range: leave it as written
    }
  }
  return text;
}

Value YamlToValue(const YamlNode& node, const std::string& file, const std::string& pointer,
                  const SourceLocation& written_at, NodeLocations* locations,
                  std::vector<Diagnostic>* diagnostics) {
  locations->written[pointer] = written_at;
  if (!node.IsDefined() || node.IsNull()) {
    locations->value[pointer] = written_at;  // an empty value's own mark is the next token
    return nullptr;
  }
  locations->value[pointer] = LocationOf(file, node.Mark());
  if (node.IsScalar()) return ResolveScalar(node.Scalar(), node.Tag() == "?");
  if (node.IsSequence()) {
    Value out = Value::array();
    size_t i = 0;
    for (const auto& item : node) {
      std::string p = pointer + "/" + std::to_string(i++);
      out.push_back(
          YamlToValue(item, file, p, LocationOf(file, item.Mark()), locations, diagnostics));
    }
    return out;
  }
  Value out = Value::object();
  std::map<std::string, SourceLocation> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    SourceLocation key_at = LocationOf(file, it->first.Mark());
    if (!it->first.IsScalar()) {
      diagnostics->push_back(
          {key_at, "mapping keys must be plain strings, got " + YamlShapeName(it->first)});
      continue;
    }
    const std::string key = it->first.Scalar();
    auto [prev, inserted] = seen.emplace(key, key_at);
    if (!inserted) {
      diagnostics->push_back(
          {key_at, "duplicate key '" + key + "': already set at " + prev->second.str()});
      continue;
    }
    out[key] = YamlToValue(it->second, file, pointer + "/" + EscapePointerToken(key), key_at,
                           locations, diagnostics);
  }
  return out;
}

std::string YamlShapeName(const YamlNode& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsScalar()) return "a string";
  return "an empty value";
}

void InheritLocations(const Value& v, const std::string& pointer, NodeLocations* locations) {
  auto visit = [&](const std::string& child, const Value& cv) {
    if (locations->written.count(child) == 0) {
      locations->written[child] = locations->written[pointer];
      locations->value[child] = locations->value[pointer];
    }
    InheritLocations(cv, child, locations);
  };
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      visit(pointer + "/" + EscapePointerToken(it.key()), it.value());
    }
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) visit(pointer + "/" + std::to_string(i), v[i]);
  }
}

std::string ValueTypeName(const Value& v) {
  if (v.is_string()) return "string";
  if (v.is_boolean()) return "bool";
  if (v.is_number()) return "number";
  if (v.is_array()) return "list";
  if (v.is_object()) return "map";
  return "null";
}

}  // namespace causeway

// S3 Tables naming rules and Iceberg primitive types.
#include "sandbox/aws/s3tables/s3tables_names.h"

#include <regex>
#include <set>

namespace causeway::sandbox {

namespace {

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool StartsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

bool EndsWith(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// Shared shape rule: length, the allowed characters, letters or digits at both ends.
std::string ShapeProblem(const std::string& what, const std::string& name, size_t min, size_t max,
                         char extra) {
  if (name.size() < min || name.size() > max) {
    return "The " + what + " name must be between " + std::to_string(min) + " and " +
           std::to_string(max) + " characters long.";
  }
  for (char c : name) {
    if (!IsAlnum(c) && c != extra) {
      return std::string("The ") + what + " name can only contain lowercase letters, numbers" +
             (extra == '-' ? " and hyphens (-)." : " and underscores (_).");
    }
  }
  if (!IsAlnum(name.front()) || !IsAlnum(name.back())) {
    return "The " + what + " name must begin and end with a letter or number.";
  }
  return "";
}

}  // namespace

std::string TableBucketNameProblem(const std::string& name) {
  std::string shape = ShapeProblem("table bucket", name, 3, 63, '-');
  if (!shape.empty()) return shape;
  for (const char* p : {"xn--", "sthree-", "amzn-s3-demo-"}) {
    if (StartsWith(name, p)) {
      return std::string("The table bucket name must not start with the reserved prefix ") + p +
             ".";
    }
  }
  for (const char* s : {"-s3alias", "--ol-s3", "--x-s3", "--table-s3"}) {
    if (EndsWith(name, s)) {
      return std::string("The table bucket name must not end with the reserved suffix ") + s + ".";
    }
  }
  return "";
}

std::string NamespaceNameProblem(const std::string& name) {
  std::string shape = ShapeProblem("namespace", name, 1, 255, '_');
  if (!shape.empty()) return shape;
  if (StartsWith(name, "aws")) return "The namespace name must not start with the reserved aws.";
  return "";
}

std::string TableNameProblem(const std::string& name) {
  return ShapeProblem("table", name, 1, 255, '_');
}

bool IsIcebergPrimitiveType(const std::string& type) {
  static const std::set<std::string> kPlain = {
      "boolean",   "int",         "long",         "float",          "double", "date", "time",
      "timestamp", "timestamptz", "timestamp_ns", "timestamptz_ns", "string", "uuid", "binary"};
  if (kPlain.count(type)) return true;
  static const std::regex kDecimal(R"(decimal\(\s*\d{1,2}\s*,\s*\d{1,2}\s*\))");
  static const std::regex kFixed(R"(fixed\[\d+\])");
  return std::regex_match(type, kDecimal) || std::regex_match(type, kFixed);
}

}  // namespace causeway::sandbox

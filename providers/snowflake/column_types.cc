// Column type spellings (see column_types.h).
#include "providers/snowflake/column_types.h"

#include <charconv>
#include <map>
#include <vector>

#include "reconciler/core/ascii.h"

namespace causeway::snowflake {
namespace {

// "NUMBER(10, 2)" -> base "NUMBER", args {10, 2}; false when the arguments are not numbers.
bool Split(const std::string& type, std::string* base, std::vector<int64_t>* args) {
  std::string t;
  for (char c : Upper(type)) {
    if (c != '\t' && c != '\n') t += c;
  }
  size_t open = t.find('(');
  std::string b = t.substr(0, open);
  while (!b.empty() && b.back() == ' ') b.pop_back();
  while (!b.empty() && b.front() == ' ') b.erase(b.begin());
  std::string collapsed;
  for (char c : b) {
    if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
    collapsed += c;
  }
  *base = collapsed;
  if (open == std::string::npos) return true;
  size_t close = t.find(')', open);
  if (close == std::string::npos) return false;
  std::string inside = t.substr(open + 1, close - open - 1);
  size_t start = 0;
  while (start <= inside.size()) {
    size_t comma = inside.find(',', start);
    std::string part =
        inside.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::string digits;
    for (char c : part) {
      if (c != ' ') digits += c;
    }
    int64_t n = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || p != digits.data() + digits.size()) return false;
    args->push_back(n);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return true;
}

std::string WithArgs(const std::string& base, const std::vector<int64_t>& args) {
  std::string out = base + "(";
  for (size_t i = 0; i < args.size(); ++i) out += (i ? "," : "") + std::to_string(args[i]);
  return out + ")";
}

}  // namespace

std::string CanonicalType(const std::string& type) {
  std::string base;
  std::vector<int64_t> args;
  if (type.empty() || !Split(type, &base, &args)) return type;
  static const std::map<std::string, std::string> kFamilies = {
      {"VARCHAR", "VARCHAR"},
      {"STRING", "VARCHAR"},
      {"TEXT", "VARCHAR"},
      {"NVARCHAR", "VARCHAR"},
      {"NVARCHAR2", "VARCHAR"},
      {"CHAR VARYING", "VARCHAR"},
      {"NCHAR VARYING", "VARCHAR"},
      {"CHARACTER VARYING", "VARCHAR"},
      {"CHAR", "CHAR"},
      {"CHARACTER", "CHAR"},
      {"NCHAR", "CHAR"},
      {"NUMBER", "NUMBER"},
      {"DECIMAL", "NUMBER"},
      {"NUMERIC", "NUMBER"},
      {"DEC", "NUMBER"},
      {"INT", "INT"},
      {"INTEGER", "INT"},
      {"BIGINT", "INT"},
      {"SMALLINT", "INT"},
      {"TINYINT", "INT"},
      {"BYTEINT", "INT"},
      {"FLOAT", "FLOAT"},
      {"FLOAT4", "FLOAT"},
      {"FLOAT8", "FLOAT"},
      {"DOUBLE", "FLOAT"},
      {"DOUBLE PRECISION", "FLOAT"},
      {"REAL", "FLOAT"},
      {"BOOLEAN", "BOOLEAN"},
      {"BOOL", "BOOLEAN"},
      {"TIMESTAMP", "TIMESTAMP_NTZ"},
      {"DATETIME", "TIMESTAMP_NTZ"},
      {"TIMESTAMP_NTZ", "TIMESTAMP_NTZ"},
      {"TIMESTAMPNTZ", "TIMESTAMP_NTZ"},
      {"TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP_NTZ"},
      {"TIMESTAMP_LTZ", "TIMESTAMP_LTZ"},
      {"TIMESTAMPLTZ", "TIMESTAMP_LTZ"},
      {"TIMESTAMP WITH LOCAL TIME ZONE", "TIMESTAMP_LTZ"},
      {"TIMESTAMP_TZ", "TIMESTAMP_TZ"},
      {"TIMESTAMPTZ", "TIMESTAMP_TZ"},
      {"TIMESTAMP WITH TIME ZONE", "TIMESTAMP_TZ"},
      {"TIME", "TIME"},
      {"BINARY", "BINARY"},
      {"VARBINARY", "BINARY"},
  };
  auto family = kFamilies.find(base);
  if (family == kFamilies.end()) return base;  // DATE, VARIANT, OBJECT, ARRAY, GEOGRAPHY...
  const std::string& f = family->second;
  if (f == "VARCHAR") return WithArgs("VARCHAR", {args.empty() ? 16777216 : args[0]});
  if (f == "CHAR") return WithArgs("VARCHAR", {args.empty() ? 1 : args[0]});
  if (f == "NUMBER") {
    return WithArgs("NUMBER", {args.empty() ? 38 : args[0], args.size() < 2 ? 0 : args[1]});
  }
  if (f == "INT") return "NUMBER(38,0)";
  if (f == "FLOAT" || f == "BOOLEAN") return f;
  if (f == "BINARY") return WithArgs("BINARY", {args.empty() ? 8388608 : args[0]});
  return WithArgs(f, {args.empty() ? 9 : args[0]});  // timestamps and TIME
}

Value CanonicalTypeValue(const Value& v) {
  return v.is_string() ? Value(CanonicalType(v.get<std::string>())) : v;
}

std::string TypeOfDataTypeJson(const std::string& json) {
  Value t = Value::parse(json, nullptr, false);
  if (t.is_discarded() || !t.is_object() || !t.contains("type") || !t["type"].is_string()) {
    return CanonicalType(json);
  }
  const std::string type = t["type"].get<std::string>();
  auto num = [&](const char* key, int64_t fallback) {
    return t.contains(key) && t[key].is_number_integer() ? t[key].get<int64_t>() : fallback;
  };
  if (type == "FIXED") return WithArgs("NUMBER", {num("precision", 38), num("scale", 0)});
  if (type == "TEXT") return WithArgs("VARCHAR", {num("length", 16777216)});
  if (type == "REAL") return "FLOAT";
  if (type == "BINARY") return WithArgs("BINARY", {num("length", 8388608)});
  if (type == "TIME" || type.rfind("TIMESTAMP", 0) == 0) return WithArgs(type, {num("scale", 9)});
  return CanonicalType(type);
}

bool TypeChangeInPlace(const std::string& from, const std::string& to) {
  std::string fb, tb;
  std::vector<int64_t> fa, ta;
  if (!Split(from, &fb, &fa) || !Split(to, &tb, &ta) || fb != tb) return false;
  if (fb == "VARCHAR" && fa.size() == 1 && ta.size() == 1) return ta[0] >= fa[0];
  if (fb == "NUMBER" && fa.size() == 2 && ta.size() == 2) {
    return fa[1] == ta[1] && ta[0] >= fa[0];
  }
  return from == to;
}

}  // namespace causeway::snowflake

// Column types and definitions.
#include "sandbox/snowflake/engine/column_types.h"

#include <algorithm>
#include <map>
#include <vector>

#include "reconciler/core/ascii.h"

namespace causeway::sandbox::snowflake {

namespace {

// "(a[, b])" numbers after a type name; empty when absent.
Result<std::vector<int64_t>> ReadTypeArgs(SfParser& p) {
  std::vector<int64_t> out;
  if (!p.AcceptPunct("(")) return out;
  while (true) {
    if (p.Peek().kind != SfToken::Kind::kNumber) return p.Error();
    out.push_back(ParseInteger<int64_t>(p.Peek().text).value_or(0));
    p.Advance();
    if (p.AcceptPunct(")")) return out;
    CW_RETURN_IF_ERROR(p.ExpectPunct(","));
  }
}

// Text of an expression up to a top-level ',' or ')' or one of the column keywords.
std::string ReadExpression(SfParser& p, bool stop_at_keywords) {
  const size_t first = p.position();
  int depth = 0;
  while (!p.AtEnd()) {
    const SfToken& t = p.Peek();
    if (depth == 0 && (t.IsPunct(",") || t.IsPunct(")"))) break;
    if (depth == 0 && stop_at_keywords &&
        (t.Is("NOT") || t.Is("NULL") || t.Is("COMMENT") || t.Is("COLLATE") || t.Is("PRIMARY") ||
         t.Is("UNIQUE") || t.Is("CONSTRAINT"))) {
      break;
    }
    if (t.IsPunct("(")) ++depth;
    if (t.IsPunct(")")) --depth;
    p.Advance();
  }
  return p.TextFrom(first);
}

}  // namespace

Result<std::string> ReadColumnType(SfParser& p) {
  if (p.Peek().kind != SfToken::Kind::kWord) return p.Error();
  std::string name = Upper(p.Peek().text);
  p.Advance();
  if (name == "DOUBLE" && p.Accept("PRECISION")) name = "DOUBLE";
  if ((name == "CHARACTER" || name == "CHAR") && p.Accept("VARYING")) name = "VARCHAR";
  auto args = ReadTypeArgs(p);
  if (!args.ok()) return args.status();
  const auto& a = *args;
  static const std::map<std::string, std::string> kFixed = {
      {"NUMBER", ""}, {"DECIMAL", ""}, {"NUMERIC", ""}, {"DEC", ""}};
  static const std::vector<std::string> kInts = {"INT",      "INTEGER", "BIGINT",
                                                 "SMALLINT", "TINYINT", "BYTEINT"};
  if (kFixed.count(name)) {
    return "NUMBER(" + std::to_string(a.empty() ? 38 : a[0]) + "," +
           std::to_string(a.size() > 1 ? a[1] : 0) + ")";
  }
  for (const auto& i : kInts) {
    if (name == i) return std::string("NUMBER(38,0)");
  }
  if (name == "VARCHAR" || name == "STRING" || name == "TEXT" || name == "NVARCHAR" ||
      name == "NVARCHAR2" || name == "CHAR VARYING" || name == "NCHAR VARYING") {
    return "VARCHAR(" + std::to_string(a.empty() ? 16777216 : a[0]) + ")";
  }
  if (name == "CHAR" || name == "CHARACTER" || name == "NCHAR") {
    return "VARCHAR(" + std::to_string(a.empty() ? 1 : a[0]) + ")";
  }
  if (name == "FLOAT" || name == "FLOAT4" || name == "FLOAT8" || name == "DOUBLE" ||
      name == "REAL") {
    return std::string("FLOAT");
  }
  if (name == "BOOLEAN" || name == "DATE" || name == "VARIANT" || name == "OBJECT" ||
      name == "ARRAY" || name == "GEOGRAPHY" || name == "GEOMETRY") {
    return name;
  }
  if (name == "BINARY" || name == "VARBINARY") {
    return "BINARY(" + std::to_string(a.empty() ? 8388608 : a[0]) + ")";
  }
  if (name == "TIME") return "TIME(" + std::to_string(a.empty() ? 9 : a[0]) + ")";
  if (name == "TIMESTAMP" || name == "DATETIME") name = "TIMESTAMP_NTZ";
  if (name == "TIMESTAMP_NTZ" || name == "TIMESTAMP_LTZ" || name == "TIMESTAMP_TZ") {
    return name + "(" + std::to_string(a.empty() ? 9 : a[0]) + ")";
  }
  return Status(StatusCode::kInvalidArgument,
                "SQL compilation error:\nUnsupported data type '" + name + "'.", "002040");
}

Value DataTypeJson(const std::string& canonical, bool nullable) {
  const std::string base = canonical.substr(0, canonical.find('('));
  std::vector<int64_t> args;
  if (canonical.find('(') != std::string::npos) {
    std::string inside = canonical.substr(canonical.find('(') + 1);
    inside.pop_back();
    size_t comma = inside.find(',');
    args.push_back(ParseInteger<int64_t>(inside.substr(0, comma)).value_or(0));
    if (comma != std::string::npos) {
      args.push_back(ParseInteger<int64_t>(inside.substr(comma + 1)).value_or(0));
    }
  }
  if (base == "NUMBER") {
    return {{"type", "FIXED"}, {"precision", args[0]}, {"scale", args[1]}, {"nullable", nullable}};
  }
  if (base == "VARCHAR") {
    return {{"type", "TEXT"},
            {"length", args[0]},
            {"byteLength", std::min<int64_t>(args[0] * 4, 16777216)},
            {"nullable", nullable},
            {"fixed", false}};
  }
  if (base == "FLOAT") return {{"type", "REAL"}, {"nullable", nullable}};
  if (base == "BINARY") {
    return {{"type", "BINARY"},
            {"length", args[0]},
            {"byteLength", args[0]},
            {"nullable", nullable},
            {"fixed", false}};
  }
  if (base == "TIME" || base.rfind("TIMESTAMP", 0) == 0) {
    return {{"type", base},
            {"precision", 0},
            {"scale", args.empty() ? 9 : args[0]},
            {"nullable", nullable}};
  }
  return {{"type", base}, {"nullable", nullable}};
}

Result<Value> ReadColumnDefinition(SfParser& p, bool external) {
  auto name = p.Identifier();
  if (!name.ok()) return name.status();
  auto type = ReadColumnType(p);
  if (!type.ok()) return type.status();
  Value column = {{"name", *name},      {"type", *type},      {"nullable", true},
                  {"default", nullptr}, {"comment", nullptr}, {"expression", nullptr}};
  if (external) {
    CW_RETURN_IF_ERROR(p.Expect("AS"));
    const bool parenthesised = p.Peek().IsPunct("(");
    const size_t first = p.position();
    if (parenthesised) {
      CW_RETURN_IF_ERROR(p.SkipParenthesised());
      std::string text = p.TextFrom(first);
      column["expression"] = text.substr(1, text.size() - 2);
    } else {
      column["expression"] = ReadExpression(p, true);
    }
  }
  while (!p.AtEnd() && !p.Peek().IsPunct(",") && !p.Peek().IsPunct(")")) {
    if (p.AcceptAll({"NOT", "NULL"})) {
      column["nullable"] = false;
    } else if (p.Accept("NULL")) {
      column["nullable"] = true;
    } else if (p.Accept("DEFAULT")) {
      const std::string expression = ReadExpression(p, true);
      if (expression.empty()) return p.Error();
      column["default"] = expression;
    } else if (p.Accept("COMMENT")) {
      p.AcceptPunct("=");
      auto comment = p.String();
      if (!comment.ok()) return comment.status();
      column["comment"] = *comment;
    } else if (p.Accept("COLLATE")) {
      auto collation = p.String();
      if (!collation.ok()) return collation.status();
    } else if (p.AcceptAll({"PRIMARY", "KEY"}) || p.Accept("UNIQUE")) {
    } else {
      return p.Error();
    }
  }
  return column;
}

}  // namespace causeway::sandbox::snowflake

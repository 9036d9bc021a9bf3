// Glue kinds' shared plumbing: calls, normalisers, ARNs.
#include "providers/aws/glue_common.h"

#include <cctype>

#include "reconciler/core/ascii.h"

namespace causeway::aws::glue {

Result<Value> Call(AwsContext& ctx, const std::string& operation, const Value& body) {
  return ctx.client->Json("glue", kPrefix, operation, body);
}

Status CallPaginated(AwsContext& ctx, const std::string& operation, const Value& body,
                     const std::function<Status(const Value& response)>& page) {
  return ctx.client->JsonPaginate("glue", kPrefix, operation, body, page);
}

std::string StrAttr(const Value& attrs, const std::string& name) {
  if (!attrs.is_object() || !attrs.contains(name) || !attrs[name].is_string()) return "";
  return attrs[name].get<std::string>();
}

Value AttrOr(const Value& attrs, const std::string& name, const Value& fallback) {
  if (attrs.is_object() && attrs.contains(name) && !attrs[name].is_null()) return attrs[name];
  return fallback;
}

Value LowerString(const Value& v) { return v.is_string() ? Value(Lower(v.get<std::string>())) : v; }

Value UpperString(const Value& v) { return v.is_string() ? Value(Upper(v.get<std::string>())) : v; }

std::string NormalizeHiveType(const std::string& type) {
  std::string t;
  for (char ch : type) {
    if (!std::isspace(static_cast<unsigned char>(ch))) {
      t += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
  }
  // Replace whole-word type names (not struct field names, which are followed by ':').
  std::string out;
  size_t i = 0;
  while (i < t.size()) {
    if (std::isalnum(static_cast<unsigned char>(t[i])) || t[i] == '_') {
      size_t j = i;
      while (j < t.size() && (std::isalnum(static_cast<unsigned char>(t[j])) || t[j] == '_')) ++j;
      std::string word = t.substr(i, j - i);
      bool field_name = j < t.size() && t[j] == ':';
      if (!field_name && word == "integer") word = "int";
      if (!field_name && (word == "decimal" || word == "dec") && (j >= t.size() || t[j] != '(')) {
        word = "decimal(10,0)";
      } else if (!field_name && word == "dec") {
        word = "decimal";
      }
      out += word;
      i = j;
    } else {
      out += t[i++];
    }
  }
  return out;
}

Value NormalizeColumns(const Value& v) {
  if (v.is_null()) return Value::array();
  if (!v.is_array()) return v;
  Value out = Value::array();
  for (const auto& c : v) {
    if (!c.is_object()) {
      out.push_back(c);
      continue;
    }
    Value n = {{"name", Lower(StrAttr(c, "name"))},
               {"type", NormalizeHiveType(StrAttr(c, "type"))}};
    if (!StrAttr(c, "comment").empty()) n["comment"] = c["comment"];
    out.push_back(n);
  }
  return out;
}

Value RoleName(const Value& v) {
  if (!v.is_string()) return v;
  std::string s = v.get<std::string>();
  return s.substr(s.rfind('/') == std::string::npos ? 0 : s.rfind('/') + 1);
}

Value NormalizeParameters(const Value& v) {
  if (v.is_null()) return Value::object();
  if (!v.is_object()) return v;
  Value out = v;
  if (out.contains("table_type")) out["table_type"] = UpperString(out["table_type"]);
  return out;
}

Value ColumnsToGlue(const Value& columns) {
  Value out = Value::array();
  if (!columns.is_array()) return out;
  for (const auto& c : columns) {
    Value g = {{"Name", StrAttr(c, "name")}, {"Type", StrAttr(c, "type")}};
    if (!StrAttr(c, "comment").empty()) g["Comment"] = c["comment"];
    out.push_back(g);
  }
  return out;
}

Value ColumnsFromGlue(const Value& columns) {
  Value out = Value::array();
  if (!columns.is_array()) return out;
  for (const auto& c : columns) {
    Value m = {{"name", c.value("Name", std::string())}, {"type", c.value("Type", std::string())}};
    if (!c.value("Comment", std::string()).empty()) m["comment"] = c["Comment"];
    out.push_back(m);
  }
  return out;
}

std::string DatabaseArn(const AwsContext& ctx, const std::string& db) {
  return "arn:aws:glue:" + ctx.region + ":" + ctx.account_id + ":database/" + db;
}

std::string TableArn(const AwsContext& ctx, const std::string& db, const std::string& table) {
  return "arn:aws:glue:" + ctx.region + ":" + ctx.account_id + ":table/" + db + "/" + table;
}

std::string CrawlerArn(const AwsContext& ctx, const std::string& name) {
  return "arn:aws:glue:" + ctx.region + ":" + ctx.account_id + ":crawler/" + name;
}

}  // namespace causeway::aws::glue

// Glue kinds' shared plumbing: calls, name checks, normalisers, ARNs.
#include "providers/aws/glue_common.h"

#include <cctype>

#include "providers/kit/normalizers.h"
#include "reconciler/core/ascii.h"

namespace causeway::aws::glue {

Result<Value> Call(AwsContext& ctx, const std::string& operation, const Value& body) {
  return ctx.client->Json("glue", "AWSGlue", operation, body);
}

Status CallPaginated(AwsContext& ctx, const std::string& operation, const Value& body,
                     const std::function<Status(const Value& response)>& page) {
  return ctx.client->JsonPaginate("glue", "AWSGlue", operation, body, page);
}

ValueCheck GlueName() {
  return [](const Value& v) -> std::string {
    const char* expected = "1 to 255 characters on one line";
    if (!v.is_string()) return expected;
    const std::string& s = v.get_ref<const std::string&>();
    size_t chars = 0;
    for (unsigned char ch : s) {
      if (ch < 0x20 && ch != '\t') return expected;
      if ((ch & 0xC0) != 0x80) ++chars;  // not a UTF-8 continuation byte
    }
    return chars >= 1 && chars <= 255 ? "" : expected;
  };
}

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
    Value n = {{"name", Lower(kit::StringAttr(c, "name"))},
               {"type", NormalizeHiveType(kit::StringAttr(c, "type"))}};
    if (std::string comment = kit::StringAttr(c, "comment"); !comment.empty()) {
      n["comment"] = comment;
    }
    out.push_back(n);
  }
  return out;
}

Value RoleName(const Value& v) {
  if (!v.is_string()) return v;
  const std::string& s = v.get_ref<const std::string&>();
  size_t slash = s.rfind('/');
  return s.substr(slash == std::string::npos ? 0 : slash + 1);
}

Value NormalizeParameters(const Value& v) {
  if (v.is_null()) return Value::object();
  if (!v.is_object()) return v;
  Value out = v;
  auto it = out.find("table_type");
  if (it != out.end()) *it = kit::UpperCase(*it);
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

// snowflake.storage_integration: an S3 storage integration. Snowflake gives each one an IAM user
// and an external id that the AWS role's trust policy must name; SHOW INTEGRATIONS lacks them
// (and the role and locations), so each managed integration is read with one DESC INTEGRATION
// after the one SHOW. The external id is Snowflake's choice unless the manifest fixes it: it is
// then both kept in the observed attributes and given as an output for references.
// Never replaced silently: re-creating an integration draws a new external id and breaks every
// trust policy that names the old one, so a delete or replace needs the data opt-in
// (KindSchema::holds_data, with its own refusal text). Everything else changes by ALTER.
#include <sstream>

#include "providers/snowflake/object_sql.h"
#include "providers/snowflake/storage_kinds.h"
#include "reconciler/core/ascii.h"

namespace causeway::snowflake {
namespace {

using kit::Attribute;

// A non-empty list of s3:// locations ("*" allowed, as Snowflake allows it).
std::string S3Locations(const Value& v, bool may_be_empty) {
  const char* want = "a list of s3://bucket/path/ locations";
  if (!v.is_array() || (!may_be_empty && v.empty())) return want;
  for (const auto& l : v) {
    if (!l.is_string()) return want;
    const std::string s = l.get<std::string>();
    if (s != "*" && s.rfind("s3://", 0) != 0 && s.rfind("s3gov://", 0) != 0) return want;
  }
  return "";
}

std::string RoleArn(const Value& v) {
  if (!v.is_string() || v.get<std::string>().rfind("arn:aws", 0) != 0 ||
      v.get<std::string>().find(":role/") == std::string::npos) {
    return "an IAM role ARN (arn:aws:iam::<account>:role/<name>)";
  }
  return "";
}

// DESC INTEGRATION prints a list as "a,b" (or "[]" / "" for none).
Value ListFromDesc(const std::string& cell) {
  Value out = Value::array();
  if (cell.empty() || cell == "[]") return out;
  std::stringstream in(cell);
  std::string item;
  while (std::getline(in, item, ',')) {
    size_t b = item.find_first_not_of(' ');
    if (b != std::string::npos) out.push_back(item.substr(b));
  }
  return out;
}

std::string Bool(bool b) { return b ? "TRUE" : "FALSE"; }

}  // namespace

ObjectSpec StorageIntegrationSpec() {
  // clang-format off
  static const kit::AttributeTable table({
    IdentifierAttr("name", "Integration name"),
    Attribute("storage_aws_role_arn").Required().Check(RoleArn)
        .Describe("IAM role Snowflake assumes to read and write the locations"),
    Attribute("storage_allowed_locations", AttrType::kList).Required()
        .Check([](const Value& v) { return S3Locations(v, false); })
        .Describe("s3:// locations stages may use"),
    Attribute("storage_blocked_locations", AttrType::kList).Default(Value::array())
        .Check([](const Value& v) { return S3Locations(v, true); })
        .Describe("s3:// locations stages may not use"),
    Attribute("storage_aws_external_id")
        .Describe("External id the role's trust policy must require (default: Snowflake draws "
                  "one; read it as an output)"),
    Attribute("enabled", AttrType::kBool).Default(true).Describe("Whether stages may use it"),
    CommentAttribute(),
    Attribute("storage_aws_iam_user_arn").Computed()
        .Describe("IAM user Snowflake assumes the role as: the trust policy's principal"),
  });
  // clang-format on
  ObjectSpec s;
  s.kind = "snowflake.storage_integration";
  s.description =
      "An S3 storage integration. Its IAM user and external id (outputs "
      "storage_aws_iam_user_arn, storage_aws_external_id) go in the role's trust policy. It is "
      "never re-created silently: a new integration gets a new external id, which breaks every "
      "trust policy naming the old one, so a delete or replace needs lifecycle.allow_destroy or "
      "--allow-destroy (fix storage_aws_external_id to keep the id across a re-creation)";
  s.table = &table;
  s.keyword = "INTEGRATION";
  s.plural = "INTEGRATIONS";
  s.holds_data = true;
  s.destroy_note =
      "has an external id that IAM trust policies name, and an integration created in its place "
      "gets a new external id (fix storage_aws_external_id in the manifest to keep it)";
  s.chosen_by_snowflake = {"storage_aws_external_id"};
  s.read = [](const RowSet& rows, size_t r, Value* a, Value*) -> Status {
    (*a)["comment"] = rows.Text(r, "comment");
    (*a)["enabled"] = rows.Flag(r, "enabled");
    return Status::Ok();
  };
  s.needs_describe = [](const Value&, const Value&) { return true; };
  s.describe = [](SnowflakeContext& ctx, const std::string& q, Value* a) -> Status {
    CW_ASSIGN_OR_RETURN(RowSet rows, ctx.client->Execute("DESC INTEGRATION " + q));
    for (size_t r = 0; r < rows.size(); ++r) {
      const std::string property = Upper(rows.Text(r, "property"));
      const std::string value = rows.Text(r, "property_value");
      if (property == "STORAGE_AWS_ROLE_ARN") {
        (*a)["storage_aws_role_arn"] = value;
      } else if (property == "STORAGE_ALLOWED_LOCATIONS") {
        (*a)["storage_allowed_locations"] = ListFromDesc(value);
      } else if (property == "STORAGE_BLOCKED_LOCATIONS") {
        (*a)["storage_blocked_locations"] = ListFromDesc(value);
      } else if (property == "STORAGE_AWS_EXTERNAL_ID") {
        (*a)["storage_aws_external_id"] = value;
      } else if (property == "STORAGE_AWS_IAM_USER_ARN") {
        (*a)["storage_aws_iam_user_arn"] = value;
      }
    }
    return Status::Ok();
  };
  s.create = [](const std::string& q, const Value& a) {
    std::string sql =
        "CREATE STORAGE INTEGRATION IF NOT EXISTS " + q +
        " TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = " +
        Bool(kit::BoolAttr(a, "enabled")) +
        " STORAGE_AWS_ROLE_ARN = " + QuoteString(kit::StringAttr(a, "storage_aws_role_arn")) +
        " STORAGE_ALLOWED_LOCATIONS = " + StringListSql(a["storage_allowed_locations"]);
    if (!StringList(a, "storage_blocked_locations").empty()) {
      sql += " STORAGE_BLOCKED_LOCATIONS = " + StringListSql(a["storage_blocked_locations"]);
    }
    const std::string id = kit::StringAttr(a, "storage_aws_external_id");
    if (!id.empty()) sql += " STORAGE_AWS_EXTERNAL_ID = " + QuoteString(id);
    return sql + CommentSql(a);
  };
  s.alter = [](const std::string& q, const std::vector<std::string>& changed, const Value& a) {
    const std::string alter = "ALTER STORAGE INTEGRATION " + q;
    std::vector<std::string> out;
    std::string set;
    if (Contains(changed, "storage_aws_role_arn")) {
      set += " STORAGE_AWS_ROLE_ARN = " + QuoteString(kit::StringAttr(a, "storage_aws_role_arn"));
    }
    if (Contains(changed, "storage_allowed_locations")) {
      set += " STORAGE_ALLOWED_LOCATIONS = " + StringListSql(a["storage_allowed_locations"]);
    }
    if (Contains(changed, "storage_blocked_locations")) {
      if (StringList(a, "storage_blocked_locations").empty()) {
        out.push_back(alter + " UNSET STORAGE_BLOCKED_LOCATIONS");
      } else {
        set += " STORAGE_BLOCKED_LOCATIONS = " + StringListSql(a["storage_blocked_locations"]);
      }
    }
    // Left out of the manifest, the id stays Snowflake's: nothing to change.
    const std::string id = kit::StringAttr(a, "storage_aws_external_id");
    if (Contains(changed, "storage_aws_external_id") && !id.empty()) {
      set += " STORAGE_AWS_EXTERNAL_ID = " + QuoteString(id);
    }
    if (Contains(changed, "enabled")) set += " ENABLED = " + Bool(kit::BoolAttr(a, "enabled"));
    if (Contains(changed, "comment")) {
      const std::string c = kit::StringAttr(a, "comment");
      if (c.empty()) {
        out.push_back(alter + " UNSET COMMENT");
      } else {
        set += " COMMENT = " + QuoteString(c);
      }
    }
    if (!set.empty()) out.insert(out.begin(), alter + " SET" + set);
    return out;
  };
  return s;
}

}  // namespace causeway::snowflake

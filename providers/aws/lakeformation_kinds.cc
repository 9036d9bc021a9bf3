// Lake Formation kinds: the handler list, resource conversions between the manifest and the wire,
// and the REST-JSON call helpers.
#include "providers/aws/lakeformation_kinds.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

namespace causeway::aws {

namespace {

bool NonEmptyString(const Value& obj, const char* key) {
  return obj.is_object() && obj.contains(key) && obj[key].is_string() &&
         !obj[key].get<std::string>().empty();
}

bool TrueFlag(const Value& obj, const char* key) {
  return obj.is_object() && obj.contains(key) && obj[key].is_boolean() && obj[key].get<bool>();
}

Result<Value> NameList(const Value& obj, const char* key, const std::string& where) {
  if (!obj.contains(key) || obj[key].is_null()) return Value::array();
  if (!obj[key].is_array()) return Status::InvalidArgument(where + "." + key + " must be a list");
  std::set<std::string> names;
  for (const auto& n : obj[key]) {
    if (!n.is_string() || n.get<std::string>().empty()) {
      return Status::InvalidArgument(where + "." + key + " must be a list of names");
    }
    names.insert(n.get<std::string>());
  }
  return Value(std::vector<std::string>(names.begin(), names.end()));
}

Status UnknownKeys(const Value& obj, const std::set<std::string>& known, const std::string& where) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (!known.count(it.key())) {
      return Status::InvalidArgument(where + ": unknown key '" + it.key() + "'");
    }
  }
  return Status::Ok();
}

}  // namespace

KindHandlers MakeLakeFormationHandlers() {
  KindHandlers out;
  out.push_back(NewLfResourceHandler());
  out.push_back(NewLfPermissionsHandler());
  return out;
}

AttributeSchema LfAttr(const std::string& name, AttrType type, const std::string& description) {
  AttributeSchema a;
  a.name = name;
  a.type = type;
  a.description = description;
  return a;
}

Result<Value> LfResourceToWire(const Value& resource) {
  const char* kForms =
      "resource must have exactly one of catalog, database, table, table_with_columns, "
      "data_location";
  if (!resource.is_object() || resource.size() != 1) return Status::InvalidArgument(kForms);
  const std::string kind = resource.begin().key();
  const Value& v = resource.begin().value();
  const std::string where = "resource." + kind;
  if (!v.is_object()) return Status::InvalidArgument(where + " must be a mapping");
  if (kind == "catalog") {
    CW_RETURN_IF_ERROR(UnknownKeys(v, {}, where));
    return Value{{"Catalog", Value::object()}};
  }
  if (kind == "database") {
    CW_RETURN_IF_ERROR(UnknownKeys(v, {"name"}, where));
    if (!NonEmptyString(v, "name")) return Status::InvalidArgument(where + ".name is required");
    return Value{{"Database", {{"Name", v["name"]}}}};
  }
  if (kind == "table") {
    CW_RETURN_IF_ERROR(UnknownKeys(v, {"database_name", "name", "wildcard"}, where));
    if (!NonEmptyString(v, "database_name")) {
      return Status::InvalidArgument(where + ".database_name is required");
    }
    bool named = NonEmptyString(v, "name");
    bool wildcard = TrueFlag(v, "wildcard");
    if (named == wildcard) {
      return Status::InvalidArgument(where + " needs exactly one of name or wildcard: true");
    }
    Value t = {{"DatabaseName", v["database_name"]}};
    if (named) {
      t["Name"] = v["name"];
    } else {
      t["TableWildcard"] = Value::object();
    }
    return Value{{"Table", t}};
  }
  if (kind == "table_with_columns") {
    CW_RETURN_IF_ERROR(UnknownKeys(
        v, {"database_name", "name", "column_names", "column_wildcard", "excluded_column_names"},
        where));
    if (!NonEmptyString(v, "database_name") || !NonEmptyString(v, "name")) {
      return Status::InvalidArgument(where + " needs database_name and name");
    }
    CW_ASSIGN_OR_RETURN(Value columns, NameList(v, "column_names", where));
    CW_ASSIGN_OR_RETURN(Value excluded, NameList(v, "excluded_column_names", where));
    bool wildcard = TrueFlag(v, "column_wildcard");
    if (columns.empty() == !wildcard) {
      return Status::InvalidArgument(where +
                                     " needs exactly one of column_names or column_wildcard: true");
    }
    if (!wildcard && !excluded.empty()) {
      return Status::InvalidArgument(where + ".excluded_column_names needs column_wildcard: true");
    }
    Value t = {{"DatabaseName", v["database_name"]}, {"Name", v["name"]}};
    if (wildcard) {
      Value w = Value::object();
      if (!excluded.empty()) w["ExcludedColumnNames"] = excluded;
      t["ColumnWildcard"] = w;
    } else {
      t["ColumnNames"] = columns;
    }
    return Value{{"TableWithColumns", t}};
  }
  if (kind == "data_location") {
    CW_RETURN_IF_ERROR(UnknownKeys(v, {"arn"}, where));
    if (!NonEmptyString(v, "arn")) return Status::InvalidArgument(where + ".arn is required");
    return Value{{"DataLocation", {{"ResourceArn", v["arn"]}}}};
  }
  return Status::InvalidArgument(kForms);
}

Result<Value> LfResourceFromWire(const Value& wire) {
  if (!wire.is_object()) return Status::NotFound("not a resource");
  if (wire.contains("Catalog")) return Value{{"catalog", Value::object()}};
  if (NonEmptyString(wire.value("Database", Value()), "Name")) {
    return Value{{"database", {{"name", wire["Database"]["Name"]}}}};
  }
  if (wire.contains("Table") && wire["Table"].is_object()) {
    const Value& t = wire["Table"];
    Value m = {{"database_name", t.value("DatabaseName", std::string())}};
    if (t.contains("TableWildcard")) {
      m["wildcard"] = true;
    } else {
      m["name"] = t.value("Name", std::string());
    }
    return Value{{"table", m}};
  }
  if (wire.contains("TableWithColumns") && wire["TableWithColumns"].is_object()) {
    const Value& t = wire["TableWithColumns"];
    Value m = {{"database_name", t.value("DatabaseName", std::string())},
               {"name", t.value("Name", std::string())}};
    if (t.contains("ColumnWildcard")) {
      m["column_wildcard"] = true;
      auto ex = NameList(t["ColumnWildcard"], "ExcludedColumnNames", "ColumnWildcard");
      if (ex.ok() && !ex->empty()) m["excluded_column_names"] = *ex;
    } else {
      auto cols = NameList(t, "ColumnNames", "TableWithColumns");
      m["column_names"] = cols.ok() ? *cols : Value::array();
    }
    return Value{{"table_with_columns", m}};
  }
  if (NonEmptyString(wire.value("DataLocation", Value()), "ResourceArn")) {
    return Value{{"data_location", {{"arn", wire["DataLocation"]["ResourceArn"]}}}};
  }
  return Status::NotFound("resource type not managed by aws.lakeformation.permissions");
}

Value CanonicalLfManifestResource(const Value& resource) {
  auto wire = LfResourceToWire(resource);
  if (!wire.ok()) return resource;
  auto back = LfResourceFromWire(*wire);
  return back.ok() ? *back : resource;
}

std::string LfManifestResourceType(const Value& resource) {
  if (!resource.is_object() || resource.size() != 1) return "";
  const std::string kind = resource.begin().key();
  if (kind == "catalog") return "CATALOG";
  if (kind == "database") return "DATABASE";
  if (kind == "table" || kind == "table_with_columns") return "TABLE";
  if (kind == "data_location") return "DATA_LOCATION";
  return "";
}

Value NormalizeLfPermissions(const Value& permissions) {
  if (!permissions.is_array()) return permissions;
  std::set<std::string> out;
  for (const auto& p : permissions) {
    if (!p.is_string()) return permissions;
    std::string s = p.get<std::string>();
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    out.insert(s);
  }
  return Value(std::vector<std::string>(out.begin(), out.end()));
}

std::string LfPermissionsId(const std::string& principal, const Value& resource) {
  return principal + "|" + CanonicalJson(CanonicalLfManifestResource(resource));
}

Status ParseLfPermissionsId(const std::string& id, std::string* principal, Value* resource) {
  auto bar = id.find("|{");
  if (bar == std::string::npos || bar == 0) {
    return Status::InvalidArgument("malformed aws.lakeformation.permissions id '" + id +
                                   "' (expected <principal>|<resource JSON>)");
  }
  *principal = id.substr(0, bar);
  try {
    *resource = Value::parse(id.substr(bar + 1));
  } catch (const nlohmann::json::exception&) {
    return Status::InvalidArgument("malformed aws.lakeformation.permissions id '" + id + "'");
  }
  return Status::Ok();
}

std::string LfString(const Value& obj, const char* key) {
  return obj.is_object() && obj.contains(key) && obj[key].is_string() ? obj[key].get<std::string>()
                                                                      : std::string();
}

Result<Value> LfCall(AwsContext& ctx, const std::string& operation, const Value& body) {
  return ctx.client->RestJson("lakeformation", operation, "POST", "/" + operation, body);
}

Status LfPaginate(AwsContext& ctx, const std::string& operation, const Value& body,
                  const std::function<Status(const Value&)>& page) {
  Value req = body;
  std::set<std::string> seen;
  while (true) {
    CW_ASSIGN_OR_RETURN(Value resp, LfCall(ctx, operation, req));
    CW_RETURN_IF_ERROR(page(resp));
    if (!NonEmptyString(resp, "NextToken")) return Status::Ok();
    std::string token = resp["NextToken"].get<std::string>();
    if (!seen.insert(token).second) {
      return Status::ProviderError("lakeformation " + operation + ": NextToken repeated");
    }
    req["NextToken"] = token;
  }
}

}  // namespace causeway::aws

// Lake Formation kinds: the handler list, the permissions resource between the manifest and the
// wire, and the REST-JSON call helpers.
#include "providers/aws/lakeformation_kinds.h"

#include <map>
#include <set>
#include <vector>

namespace causeway::aws {

namespace {

constexpr char kForms[] =
    "exactly one of catalog, database, table, table_with_columns, data_location";

// obj[key] when it is a non-empty string.
std::optional<std::string> NameOf(const Value& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

// obj[key] as a sorted, de-duplicated list of names ([] when absent); "" or what is expected.
std::string NameList(const Value& obj, const char* key, const std::string& where, Value* out) {
  std::set<std::string> names;
  auto it = obj.find(key);
  if (it != obj.end() && !it->is_null()) {
    if (!it->is_array()) return where + "." + key + " to be a list of names";
    for (const auto& n : *it) {
      if (!n.is_string() || n.get_ref<const std::string&>().empty()) {
        return where + "." + key + " to be a list of names";
      }
      names.insert(n.get<std::string>());
    }
  }
  *out = Value(std::vector<std::string>(names.begin(), names.end()));
  return "";
}

// The fields of each manifest form.
const std::map<std::string, std::set<std::string>>& FormFields() {
  static const std::map<std::string, std::set<std::string>> fields = {
      {"catalog", {}},
      {"database", {"name"}},
      {"table", {"database_name", "name", "wildcard"}},
      {"table_with_columns",
       {"database_name", "name", "column_names", "column_wildcard", "excluded_column_names"}},
      {"data_location", {"arn"}},
  };
  return fields;
}

// The wire form of a manifest resource into `wire`; "" or what is expected of the resource. With
// `fields_validated`, the problems the `resource` attribute's typed fields report on their own
// (a missing or unknown field) are not reported again.
std::string ToWire(const Value& resource, Value* wire, bool fields_validated) {
  auto field_problem = [&](std::string what) { return fields_validated ? "" : what; };
  if (!resource.is_object() || resource.size() != 1) return kForms;
  const std::string kind = resource.begin().key();
  const Value& v = resource.begin().value();
  auto known = FormFields().find(kind);
  if (known == FormFields().end()) return kForms;
  if (!v.is_object()) return kind + " to be a mapping";
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (known->second.count(it.key()) > 0) continue;
    if (kind == "catalog") return "catalog to be {}";  // a map: its fields are not typed
    std::string list;
    for (const auto& k : known->second) list += (list.empty() ? "" : ", ") + k;
    return field_problem(kind + " with only the fields " + list);
  }
  if (kind == "catalog") {
    *wire = {{"Catalog", Value::object()}};
    return "";
  }
  if (kind == "database" || kind == "data_location") {
    const char* key = kind == "database" ? "name" : "arn";
    auto name = NameOf(v, key);
    if (!name) return field_problem(kind + " with a non-empty " + key);
    *wire = kind == "database" ? Value{{"Database", {{"Name", *name}}}}
                               : Value{{"DataLocation", {{"ResourceArn", *name}}}};
    return "";
  }
  auto db = NameOf(v, "database_name");
  auto name = NameOf(v, "name");
  if (kind == "table") {
    if (!db) return field_problem("table with a database_name");
    if (name.has_value() == kit::BoolAttr(v, "wildcard")) {
      return "table with exactly one of name or wildcard: true";
    }
    Value t = {{"DatabaseName", *db}};
    if (name) {
      t["Name"] = *name;
    } else {
      t["TableWildcard"] = Value::object();
    }
    *wire = {{"Table", t}};
    return "";
  }
  if (!db || !name) return field_problem("table_with_columns with a database_name and a name");
  Value columns, excluded;
  std::string bad = NameList(v, "column_names", kind, &columns);
  if (bad.empty()) bad = NameList(v, "excluded_column_names", kind, &excluded);
  if (!bad.empty()) return bad;
  bool wildcard = kit::BoolAttr(v, "column_wildcard");
  if (columns.empty() == !wildcard) {
    return "table_with_columns with exactly one of column_names or column_wildcard: true";
  }
  if (!wildcard && !excluded.empty()) {
    return "table_with_columns.excluded_column_names only with column_wildcard: true";
  }
  Value t = {{"DatabaseName", *db}, {"Name", *name}};
  if (wildcard) {
    t["ColumnWildcard"] = Value::object();
    if (!excluded.empty()) t["ColumnWildcard"]["ExcludedColumnNames"] = excluded;
  } else {
    t["ColumnNames"] = columns;
  }
  *wire = {{"TableWithColumns", t}};
  return "";
}

// The list of names at `path` of a reply, sorted and de-duplicated.
Result<Value> ReplyNames(const kit::ReplyReader& r, std::string_view path) {
  std::set<std::string> names;
  CW_RETURN_IF_ERROR(r.ForEach(path, [&](const kit::ReplyReader& n) -> Status {
    CW_ASSIGN_OR_RETURN(std::string name, n.RequiredString(""));
    names.insert(std::move(name));
    return Status::Ok();
  }));
  return Value(std::vector<std::string>(names.begin(), names.end()));
}

// The manifest form of a Table or TableWithColumns member of a reply.
Result<Value> TableFromWire(const kit::ReplyReader& t, bool with_columns) {
  Value m = Value::object();
  CW_ASSIGN_OR_RETURN(m["database_name"], t.RequiredString("DatabaseName"));
  CW_ASSIGN_OR_RETURN(const Value* wildcard,
                      t.Object(with_columns ? "ColumnWildcard" : "TableWildcard"));
  if (!with_columns) {
    if (wildcard != nullptr) {
      m["wildcard"] = true;
    } else {
      CW_ASSIGN_OR_RETURN(m["name"], t.RequiredString("Name"));
    }
    return Value{{"table", m}};
  }
  CW_ASSIGN_OR_RETURN(m["name"], t.RequiredString("Name"));
  if (wildcard != nullptr) {
    m["column_wildcard"] = true;
    CW_ASSIGN_OR_RETURN(Value excluded, ReplyNames(t, "ColumnWildcard/ExcludedColumnNames"));
    if (!excluded.empty()) m["excluded_column_names"] = excluded;
  } else {
    CW_ASSIGN_OR_RETURN(m["column_names"], ReplyNames(t, "ColumnNames"));
  }
  return Value{{"table_with_columns", m}};
}

}  // namespace

KindHandlers MakeLakeFormationHandlers() {
  KindHandlers out;
  out.push_back(NewLfResourceHandler());
  out.push_back(NewLfPermissionsHandler());
  return out;
}

Result<Value> LfResourceToWire(const Value& resource) {
  Value wire;
  std::string expected = ToWire(resource, &wire, /*fields_validated=*/false);
  if (!expected.empty()) return Status::InvalidArgument("resource: expected " + expected);
  return wire;
}

std::string CheckLfManifestResource(const Value& resource) {
  Value wire;
  return ToWire(resource, &wire, /*fields_validated=*/true);
}

Result<std::optional<Value>> LfResourceFromWire(const kit::ReplyReader& r) {
  using Found = std::optional<Value>;
  CW_ASSIGN_OR_RETURN(const Value* catalog, r.Object("Catalog"));
  if (catalog != nullptr) return Found(Value{{"catalog", Value::object()}});
  CW_ASSIGN_OR_RETURN(const Value* database, r.Object("Database"));
  if (database != nullptr) {
    CW_ASSIGN_OR_RETURN(std::string name, r.RequiredString("Database/Name"));
    return Found(Value{{"database", {{"name", name}}}});
  }
  for (bool with_columns : {false, true}) {
    const char* member = with_columns ? "TableWithColumns" : "Table";
    CW_ASSIGN_OR_RETURN(const Value* table, r.Object(member));
    if (table == nullptr) continue;
    CW_ASSIGN_OR_RETURN(kit::ReplyReader t, r.At(member));
    CW_ASSIGN_OR_RETURN(Value m, TableFromWire(t, with_columns));
    return Found(std::move(m));
  }
  CW_ASSIGN_OR_RETURN(const Value* location, r.Object("DataLocation"));
  if (location != nullptr) {
    CW_ASSIGN_OR_RETURN(std::string arn, r.RequiredString("DataLocation/ResourceArn"));
    return Found(Value{{"data_location", {{"arn", arn}}}});
  }
  return Found();  // LF tags, data cells filters...: not this kind's
}

Value CanonicalLfManifestResource(const Value& resource) {
  auto wire = LfResourceToWire(resource);
  if (!wire.ok()) return resource;
  auto back = LfResourceFromWire(kit::ReplyReader(*wire, "resource"));
  return back.ok() && back->has_value() ? **back : resource;
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

std::string LfPermissionsId(const std::string& principal, const Value& resource) {
  return principal + "|" + CanonicalJson(CanonicalLfManifestResource(resource));
}

Status ParseLfPermissionsId(const std::string& id, std::string* principal, Value* resource) {
  auto bar = id.find("|{");
  Value parsed;
  if (bar != std::string::npos && bar > 0) {
    parsed = Value::parse(id.substr(bar + 1), nullptr, /*allow_exceptions=*/false);
  }
  if (bar == std::string::npos || bar == 0 || !parsed.is_object()) {
    return Status::InvalidArgument("malformed aws.lakeformation.permissions id '" + id +
                                   "' (expected <principal>|<resource JSON>)");
  }
  *principal = id.substr(0, bar);
  *resource = std::move(parsed);
  return Status::Ok();
}

ValueCheck LfS3Arn() {
  return [](const Value& v) -> std::string {
    const std::string prefix = "arn:aws:s3:::";
    if (v.is_string() && v.get_ref<const std::string&>().rfind(prefix, 0) == 0 &&
        v.get_ref<const std::string&>().size() > prefix.size()) {
      return "";
    }
    return "an S3 ARN such as arn:aws:s3:::bucket/prefix";
  };
}

Result<Value> LfCall(AwsContext& ctx, const std::string& operation, const Value& body) {
  return ctx.client->RestJson("lakeformation", operation, "POST", "/" + operation, body);
}

Status LfPaginate(AwsContext& ctx, const std::string& operation, const Value& body,
                  const std::function<Status(const kit::ReplyReader&)>& page) {
  Value request = body;
  std::set<std::string> seen;
  while (true) {
    CW_ASSIGN_OR_RETURN(Value response, LfCall(ctx, operation, request));
    kit::ReplyReader reply(response, "lakeformation " + operation);
    CW_RETURN_IF_ERROR(page(reply));
    CW_ASSIGN_OR_RETURN(std::string token, reply.StringOr("NextToken", ""));
    if (token.empty()) return Status::Ok();
    if (!seen.insert(token).second) {
      return Status::ProviderError("lakeformation " + operation + ": NextToken repeated");
    }
    request["NextToken"] = token;
  }
}

}  // namespace causeway::aws

// Lake Formation resource canonicalisation and permission applicability.
#include "sandbox/aws/lakeformation/lakeformation_model.h"

#include <algorithm>
#include <map>
#include <vector>

namespace causeway::sandbox {

namespace {

bool NonEmptyString(const Value& obj, const char* key) {
  return obj.is_object() && obj.contains(key) && obj[key].is_string() &&
         !obj[key].get<std::string>().empty();
}

std::string CatalogIdOf(const Value& obj, const std::string& account_id) {
  return NonEmptyString(obj, "CatalogId") ? obj["CatalogId"].get<std::string>() : account_id;
}

Result<Value> SortedNames(const Value& list, const std::string& what) {
  if (!list.is_array()) return Status::InvalidArgument(what + " must be a list of names");
  std::vector<std::string> names;
  for (const auto& n : list) {
    if (!n.is_string() || n.get<std::string>().empty()) {
      return Status::InvalidArgument(what + " must be a list of names");
    }
    names.push_back(n.get<std::string>());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return Value(names);
}

}  // namespace

std::string LfResourceType(const Value& canonical) {
  if (canonical.contains("Catalog")) return "CATALOG";
  if (canonical.contains("Database")) return "DATABASE";
  if (canonical.contains("Table") || canonical.contains("TableWithColumns")) return "TABLE";
  if (canonical.contains("DataLocation")) return "DATA_LOCATION";
  return "";
}

Result<Value> CanonicalLfResource(const Value& resource, const std::string& account_id) {
  if (!resource.is_object()) return Status::InvalidArgument("Resource must be specified.");
  std::vector<std::string> members;
  for (auto it = resource.begin(); it != resource.end(); ++it) {
    if (!it.value().is_null()) members.push_back(it.key());
  }
  if (members.empty()) return Status::InvalidArgument("Resource must be specified.");
  if (members.size() > 1) {
    return Status::InvalidArgument(
        "Resource can only specify one of Catalog, Database, Table, "
        "TableWithColumns, DataLocation, DataCellsFilter, LFTag or "
        "LFTagPolicy.");
  }
  const std::string& kind = members[0];
  const Value& v = resource[kind];
  if (!v.is_object()) return Status::InvalidArgument(kind + " must be a structure.");
  if (kind == "Catalog") return Value{{"Catalog", Value::object()}};
  if (kind == "Database") {
    if (!NonEmptyString(v, "Name")) return Status::InvalidArgument("Database name is required.");
    return Value{{"Database", {{"CatalogId", CatalogIdOf(v, account_id)}, {"Name", v["Name"]}}}};
  }
  if (kind == "Table") {
    if (!NonEmptyString(v, "DatabaseName")) {
      return Status::InvalidArgument("Database name is required.");
    }
    bool named = NonEmptyString(v, "Name");
    bool wildcard = v.contains("TableWildcard") && v["TableWildcard"].is_object();
    if (named == wildcard) {
      return Status::InvalidArgument(named ? "Table name and table wildcard cannot both be set."
                                           : "Table name and table wildcard cannot both be empty.");
    }
    Value t = {{"CatalogId", CatalogIdOf(v, account_id)}, {"DatabaseName", v["DatabaseName"]}};
    if (named) {
      t["Name"] = v["Name"];
    } else {
      t["TableWildcard"] = Value::object();
    }
    return Value{{"Table", t}};
  }
  if (kind == "TableWithColumns") {
    if (!NonEmptyString(v, "DatabaseName") || !NonEmptyString(v, "Name")) {
      return Status::InvalidArgument("Database name and table name are required.");
    }
    bool columns = v.contains("ColumnNames") && !v["ColumnNames"].is_null();
    bool wildcard = v.contains("ColumnWildcard") && v["ColumnWildcard"].is_object();
    if (columns == wildcard) {
      return Status::InvalidArgument(
          "Exactly one of column names or column wildcard must be specified.");
    }
    Value t = {{"CatalogId", CatalogIdOf(v, account_id)},
               {"DatabaseName", v["DatabaseName"]},
               {"Name", v["Name"]}};
    if (columns) {
      CW_ASSIGN_OR_RETURN(Value names, SortedNames(v["ColumnNames"], "ColumnNames"));
      if (names.empty()) return Status::InvalidArgument("Column names cannot be empty.");
      t["ColumnNames"] = names;
    } else {
      Value w = Value::object();
      const Value& cw = v["ColumnWildcard"];
      if (cw.contains("ExcludedColumnNames") && !cw["ExcludedColumnNames"].is_null()) {
        CW_ASSIGN_OR_RETURN(Value ex,
                            SortedNames(cw["ExcludedColumnNames"], "ExcludedColumnNames"));
        if (!ex.empty()) w["ExcludedColumnNames"] = ex;
      }
      t["ColumnWildcard"] = w;
    }
    return Value{{"TableWithColumns", t}};
  }
  if (kind == "DataLocation") {
    if (!NonEmptyString(v, "ResourceArn")) {
      return Status::InvalidArgument("Data location resource ARN is required.");
    }
    return Value{{"DataLocation",
                  {{"CatalogId", CatalogIdOf(v, account_id)}, {"ResourceArn", v["ResourceArn"]}}}};
  }
  if (kind == "DataCellsFilter" || kind == "LFTag" || kind == "LFTagPolicy") {
    return Status::InvalidArgument(kind + " resources are not supported by causeway-sandbox.");
  }
  return Status::InvalidArgument("Unknown resource member " + kind + ".");
}

bool IsLfPermission(const std::string& permission) {
  static const std::set<std::string> kAll = {
      "ALL",        "SELECT",   "ALTER",           "DROP",         "DELETE",
      "INSERT",     "DESCRIBE", "CREATE_DATABASE", "CREATE_TABLE", "DATA_LOCATION_ACCESS",
      "CREATE_TAG", "ASSOCIATE"};
  return kAll.count(permission) > 0;
}

const std::set<std::string>& LfApplicablePermissions(const std::string& resource_type) {
  static const std::map<std::string, std::set<std::string>> kByType = {
      {"CATALOG", {"CREATE_DATABASE"}},
      {"DATABASE", {"ALL", "ALTER", "DROP", "CREATE_TABLE", "DESCRIBE"}},
      {"TABLE", {"ALL", "SELECT", "ALTER", "DROP", "DELETE", "INSERT", "DESCRIBE"}},
      {"DATA_LOCATION", {"DATA_LOCATION_ACCESS"}},
  };
  static const std::set<std::string> kNone;
  auto it = kByType.find(resource_type);
  return it == kByType.end() ? kNone : it->second;
}

bool LfResourceMatchesFilter(const Value& stored, const Value& filter) {
  if (stored == filter) return true;
  if (filter.contains("Table") && stored.contains("TableWithColumns")) {
    const Value& t = filter["Table"];
    const Value& s = stored["TableWithColumns"];
    return t.contains("Name") && t["Name"] == s["Name"] && t["DatabaseName"] == s["DatabaseName"] &&
           t["CatalogId"] == s["CatalogId"];
  }
  return false;
}

bool LfLocationUnder(const std::string& location, const std::string& registered) {
  auto trim = [](std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
  };
  std::string loc = trim(location);
  std::string reg = trim(registered);
  if (loc == reg) return true;
  return loc.size() > reg.size() && loc.compare(0, reg.size(), reg) == 0 && loc[reg.size()] == '/';
}

}  // namespace causeway::sandbox

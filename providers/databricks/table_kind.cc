// databricks.table: an external table in Unity Catalog (PARQUET, DELTA, CSV, JSON over an s3://
// location), made and changed with SQL through the Statement Execution API, since Databricks'
// REST API creates only Delta tables; read back through the REST API.
//  - Create: CREATE TABLE IF NOT EXISTS `c`.`s`.`t` (columns) USING <format> [PARTITIONED BY
//    (...)] LOCATION '...' [COMMENT '...'] [TBLPROPERTIES (...)]; a table that already exists is
//    adopted and brought to the manifest.
//  - Update in place: COMMENT ON TABLE, ALTER TABLE SET/UNSET TBLPROPERTIES, ALTER TABLE ADD
//    COLUMNS (new columns at the end), ALTER TABLE ALTER COLUMN ... COMMENT. Any other column
//    change (a type, a rename, a drop, an order) is refused with what to do: the table holds data,
//    and replacing it needs the plan's data opt-in, which a change of format, location or
//    partitioning (ForceNew) asks for.
//  - sync_partitions: MSCK REPAIR TABLE ... SYNC PARTITIONS after create and after every update,
//    so partitions written under the location since are found (seed 000 does it by hand).
//  - Delete: DROP TABLE IF EXISTS (an external table's files stay in S3).
// Every identifier is back-quoted and every literal quoted (sql_text.h); a column type is checked
// at validate against Spark SQL's type grammar, since types are SQL text.
// Bulk observe: GET tables?catalog_name&schema_name (paged) once per schema, through
// ObserveByContainer (securable_handler.h); per-resource: one GET tables/<full name> per table.
#include <regex>
#include <set>

#include "providers/databricks/securable_handler.h"
#include "providers/databricks/sql_text.h"
#include "providers/kit/normalizers.h"
#include "providers/kit/value_checks.h"
#include "reconciler/core/ascii.h"

namespace causeway::databricks {
namespace {

using kit::Attribute;
constexpr char kKind[] = "databricks.table";

// A Spark SQL type: STRING, INT, DECIMAL(10,2), ARRAY<STRING>, MAP<STRING,INT>,
// STRUCT<a:INT,b:STRING>. No quote, semicolon, comment or back-quote can pass.
bool IsSqlType(const std::string& t) {
  static const std::regex kType(R"(^[A-Za-z][A-Za-z0-9_]*(\s*\(\s*\d+(\s*,\s*\d+)?\s*\))?$)");
  static const std::regex kComplex(R"(^[A-Za-z][A-Za-z0-9_ ]*<[A-Za-z0-9_ ,:<>()]+>$)");
  if (t.size() > 1000) return false;
  if (std::regex_match(t, kType)) return true;
  if (!std::regex_match(t, kComplex)) return false;
  int depth = 0;
  for (char c : t) {
    if (c == '<' || c == '(') ++depth;
    if (c == '>' || c == ')') --depth;
    if (depth < 0) return false;
  }
  return depth == 0;
}

ValueCheck ColumnsCheck() {
  return [](const Value& v) -> std::string {
    if (!v.is_array()) return "";
    for (const auto& c : v) {
      if (c.is_object() && c.contains("type") && c["type"].is_string() &&
          !IsSqlType(c["type"].get<std::string>())) {
        return "column types in Spark SQL's grammar (STRING, INT, DECIMAL(10,2), "
               "ARRAY<STRING>...); got " +
               c["type"].dump();
      }
    }
    return "";
  };
}

// Spark's spelling of a type: lower case, no spaces, aliases resolved.
std::string CanonicalType(const std::string& t) {
  std::string out;
  for (char c : Lower(t)) {
    if (c != ' ') out += c;
  }
  static const std::map<std::string, std::string> kAliases = {
      {"integer", "int"}, {"long", "bigint"}, {"short", "smallint"}, {"byte", "tinyint"},
      {"real", "float"},  {"dec", "decimal"}, {"numeric", "decimal"}};
  size_t end = out.find_first_of("(<");
  std::string head = out.substr(0, end);
  if (auto it = kAliases.find(head); it != kAliases.end()) {
    out = it->second + (end == std::string::npos ? "" : out.substr(end));
  }
  if (out == "decimal") out = "decimal(10,0)";
  return out;
}

// Columns as compared: names folded, types canonical, an empty comment and nullable: true left
// out.
Value CanonicalColumns(const Value& v) {
  if (!v.is_array()) return v;
  Value out = Value::array();
  for (const auto& c : v) {
    if (!c.is_object()) return v;
    Value col = {{"name", Lower(c.value("name", ""))},
                 {"type", CanonicalType(c.value("type", ""))}};
    if (!c.value("comment", "").empty()) col["comment"] = c["comment"];
    if (c.contains("nullable") && c["nullable"].is_boolean() && !c["nullable"].get<bool>()) {
      col["nullable"] = false;
    }
    out.push_back(col);
  }
  return out;
}

Value FoldedList(const Value& v) {
  if (!v.is_array()) return v;
  Value out = Value::array();
  for (const auto& x : v) out.push_back(FoldName(x));
  return out;
}

const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("catalog_name").Describe("Catalog of the table").Required().ForceNew()
        .Normalize(FoldName).Wire("catalog_name"),
    Attribute("schema_name").Describe("Schema of the table").Required().ForceNew()
        .Normalize(FoldName).Wire("schema_name"),
    Attribute("name").Describe("Table name (case-insensitive)").Required().ForceNew()
        .Normalize(FoldName).Wire("name"),
    Attribute("format").Describe("PARQUET, DELTA, CSV or JSON").Required().ForceNew()
        .Normalize(kit::UpperCase).Check(kit::OneOfIgnoringCase({"PARQUET", "DELTA", "CSV", "JSON"})),
    Attribute("location").Describe("s3:// URL of the table's files").Required().ForceNew()
        .Normalize(UrlWithoutTrailingSlash),
    Attribute("columns", AttrType::kList).Required().Normalize(CanonicalColumns)
        .Check(ColumnsCheck())
        .Describe("Columns, partition columns included: [{name, type, comment, nullable}]")
        .Fields({Attribute("name").Required().Describe("Column name"),
                 Attribute("type").Required().Describe("Spark SQL type: STRING, INT, DECIMAL(10,2)..."),
                 Attribute("comment").Describe("Column comment"),
                 Attribute("nullable", AttrType::kBool).Describe("false for NOT NULL (default true)")}),
    Attribute("partition_by", AttrType::kList).Default(Value::array()).ForceNew()
        .Normalize(FoldedList).Describe("Partition columns, in order (Hive-style paths)"),
    Attribute("comment").Describe("Table comment").Default(""),
    Attribute("properties", AttrType::kMap).Default(Value::object())
        .Describe("Table properties; only the keys named here are managed"),
    Attribute("sync_partitions", AttrType::kBool).Default(false)
        .Describe("Run MSCK REPAIR TABLE ... SYNC PARTITIONS after create and every update"),
    Attribute("full_name").Computed().Describe("catalog.schema.table"),
  });
  // clang-format on
  return table;
}

std::vector<std::string> NameParts(const Value& a) {
  return {FoldedAttr(a, "catalog_name"), FoldedAttr(a, "schema_name"), FoldedAttr(a, "name")};
}
// The list query of a table's schema.
Query SchemaOf(const Value& a) {
  return {{"catalog_name", FoldedAttr(a, "catalog_name")},
          {"schema_name", FoldedAttr(a, "schema_name")}};
}
std::string FullName(const Value& a) {
  auto p = NameParts(a);
  if (p[0].empty() || p[1].empty() || p[2].empty()) return "";
  return p[0] + "." + p[1] + "." + p[2];
}

std::string ColumnSql(const Value& c) {
  std::string out = QuoteIdentifier(c.value("name", "")) + " " + c.value("type", "");
  if (c.contains("nullable") && c["nullable"].is_boolean() && !c["nullable"].get<bool>()) {
    out += " NOT NULL";
  }
  if (!c.value("comment", "").empty()) out += " COMMENT " + QuoteString(c["comment"]);
  return out;
}

std::string PropertiesSql(const Value& props) {
  std::string out;
  for (auto it = props.begin(); it != props.end(); ++it) {
    std::string v = it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
    out += (out.empty() ? "" : ", ") + QuoteString(it.key()) + " = " + QuoteString(v);
  }
  return "(" + out + ")";
}

std::string CreateSql(const Value& a) {
  std::string cols;
  for (const auto& c : a["columns"]) cols += (cols.empty() ? "" : ", ") + ColumnSql(c);
  std::string sql = "CREATE TABLE IF NOT EXISTS " + QuoteName(NameParts(a)) + " (" + cols +
                    ") USING " + Upper(a.value("format", "PARQUET"));
  if (!a["partition_by"].empty()) {
    std::string parts;
    for (const auto& p : a["partition_by"]) {
      parts += (parts.empty() ? "" : ", ") + QuoteIdentifier(p.get<std::string>());
    }
    sql += " PARTITIONED BY (" + parts + ")";
  }
  sql += " LOCATION " + QuoteString(a.value("location", ""));
  if (!a.value("comment", "").empty()) sql += " COMMENT " + QuoteString(a["comment"]);
  if (!a["properties"].empty()) sql += " TBLPROPERTIES " + PropertiesSql(a["properties"]);
  return sql;
}

class TableHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s = Table().Schema(kKind, "An external Unity Catalog table",
                                  {"catalog_name", "schema_name", "name"});
    s.holds_data = true;
    s.exclusive_removes = "privileges no databricks.grant declares (the owner's excepted)";
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(DatabricksContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    return ObserveByContainer(ctx, items, &SchemaOf, "tables", "tables", &KeyOf, &Read);
  }

  Result<Observation> ObserveOne(DatabricksContext& ctx, const ObserveItem& item) override {
    std::string full = KeyOf(item);
    if (full.empty()) return Missing(item.address);
    auto r = ctx.client->Catalog("GET", "tables/" + PathSegment(full));
    if (!r.ok() && r.status().IsNotFound()) return Missing(item.address);
    if (!r.ok()) return r.status().WithContext(item.address.str());
    return Read(item, kit::ReplyReader(*r, "databricks GET tables"));
  }

  Result<ResourceResult> Create(DatabricksContext& ctx, const CreateRequest& req) override {
    Value a = Table().WithDefaults(req.attributes);
    auto created = ctx.client->Statement(ctx.warehouse_id, CreateSql(a));
    if (!created.ok()) return created.status().WithContext(req.address.str());
    // IF NOT EXISTS: an existing table is adopted, then brought to the manifest.
    CW_ASSIGN_OR_RETURN(Observation live, ObserveOne(ctx, ObserveItem{req.address, "", a}));
    if (!live.exists) {
      return Status::ProviderError(req.address.str() + ": " + FullName(a) +
                                   " is not visible after CREATE TABLE");
    }
    for (const char* fixed : {"format", "location", "partition_by"}) {
      const kit::Attribute* row = Table().Find(fixed);
      if (NormalizeAttr(&row->schema(), live.attributes[fixed]) !=
          NormalizeAttr(&row->schema(), a[fixed])) {
        return Status::Conflict(
            req.address.str() + ": table " + FullName(a) + " already exists with another " + fixed +
            " (" + live.attributes[fixed].dump() + "); import it or change the manifest");
      }
    }
    return UpdateTo(ctx, req.address, live.attributes, a);
  }

  Result<ResourceResult> Update(DatabricksContext& ctx, const UpdateRequest& req) override {
    return UpdateTo(ctx, req.address, req.before, Table().WithDefaults(req.after));
  }

  Status Delete(DatabricksContext& ctx, const DeleteRequest& req) override {
    if (FullName(req.attributes).empty()) {
      return Status::InvalidArgument(req.address.str() + ": no table name to delete");
    }
    auto r = ctx.client->Statement(ctx.warehouse_id,
                                   "DROP TABLE IF EXISTS " + QuoteName(NameParts(req.attributes)));
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(DatabricksContext& ctx, const ListRequest& req) override {
    Query q = SchemaOf(req.scope);
    if (q[0].second.empty() || q[1].second.empty()) {
      return Status::InvalidArgument(
          "databricks.table: list needs catalog_name and schema_name in the scope");
    }
    std::vector<Observation> out;
    CW_RETURN_IF_ERROR(
        ctx.client->ListAll("tables", q, "tables", [&](const kit::ReplyReader& r) -> Status {
          CW_ASSIGN_OR_RETURN(std::string name, r.RequiredString("name"));
          ObserveItem item{Address{req.kind, name}, "", Value::object()};
          CW_ASSIGN_OR_RETURN(Observation o, Read(item, r));
          CW_ASSIGN_OR_RETURN(const Value* props, r.Object("properties"));
          if (props != nullptr) o.attributes["properties"] = *props;
          out.push_back(std::move(o));
          return Status::Ok();
        }));
    return out;
  }

 private:
  static std::string KeyOf(const ObserveItem& i) {
    return i.id.empty() ? FullName(i.attributes) : Lower(i.id);
  }

  static Result<Observation> Read(const ObserveItem& item, const kit::ReplyReader& r) {
    const Value& given = item.attributes;
    Observation o = Missing(item.address);
    Value& a = o.attributes;
    CW_ASSIGN_OR_RETURN(a["catalog_name"], r.Typed("catalog_name", AttrType::kString));
    CW_ASSIGN_OR_RETURN(a["schema_name"], r.Typed("schema_name", AttrType::kString));
    CW_ASSIGN_OR_RETURN(a["name"], r.Typed("name", AttrType::kString));
    CW_ASSIGN_OR_RETURN(std::string format, r.StringOr("data_source_format", ""));
    a["format"] = Upper(format);
    CW_ASSIGN_OR_RETURN(std::string location, r.StringOr("storage_location", ""));
    a["location"] = location;
    CW_ASSIGN_OR_RETURN(std::string comment, r.StringOr("comment", ""));
    a["comment"] = comment;
    // Columns in position order; partition columns by partition_index.
    std::vector<std::pair<int64_t, Value>> columns;
    std::vector<std::pair<int64_t, std::string>> partitions;
    CW_RETURN_IF_ERROR(r.ForEach("columns", [&](const kit::ReplyReader& c) -> Status {
      CW_ASSIGN_OR_RETURN(std::string name, c.RequiredString("name"));
      CW_ASSIGN_OR_RETURN(std::string type, c.StringOr("type_text", ""));
      if (type.empty()) {
        CW_ASSIGN_OR_RETURN(type, c.StringOr("type_name", ""));
      }
      CW_ASSIGN_OR_RETURN(std::string col_comment, c.StringOr("comment", ""));
      CW_ASSIGN_OR_RETURN(bool nullable, c.BoolOr("nullable", true));
      CW_ASSIGN_OR_RETURN(auto position, c.Integer("position"));
      CW_ASSIGN_OR_RETURN(auto partition, c.Integer("partition_index"));
      Value col = {{"name", name}, {"type", type}};
      if (!col_comment.empty()) col["comment"] = col_comment;
      if (!nullable) col["nullable"] = false;
      columns.emplace_back(position.value_or(static_cast<int64_t>(columns.size())), col);
      if (partition) partitions.emplace_back(*partition, name);
      return Status::Ok();
    }));
    std::stable_sort(columns.begin(), columns.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::stable_sort(partitions.begin(), partitions.end());
    a["columns"] = Value::array();
    for (auto& [_, c] : columns) a["columns"].push_back(std::move(c));
    a["partition_by"] = Value::array();
    for (auto& [_, p] : partitions) a["partition_by"].push_back(p);
    CW_ASSIGN_OR_RETURN(const Value* props, r.Object("properties"));
    Value known =
        given.is_object() && given.contains("properties") ? given["properties"] : Value::object();
    a["properties"] = Value::object();
    if (props != nullptr && known.is_object()) {
      for (auto it = known.begin(); it != known.end(); ++it) {
        if (props->contains(it.key())) a["properties"][it.key()] = (*props)[it.key()];
      }
    }
    a["sync_partitions"] = given.is_object() && given.contains("sync_partitions")
                               ? given["sync_partitions"]
                               : Value(false);
    CW_ASSIGN_OR_RETURN(std::string full, r.RequiredString("full_name"));
    o.exists = true;
    o.id = Lower(full);
    o.outputs["full_name"] = o.id;
    return o;
  }

  // The statements that move the table from `before` to `after` in place.
  static Result<ResourceResult> UpdateTo(DatabricksContext& ctx, const Address& address,
                                         const Value& before, const Value& after) {
    const std::string table = QuoteName(NameParts(after));
    std::vector<std::string> sql;
    const Value was = CanonicalColumns(before.value("columns", Value::array()));
    const Value now = CanonicalColumns(after["columns"]);
    if (was != now) {
      if (now.size() < was.size()) {
        return Status::InvalidArgument(
            address.str() + ": dropping columns of " + FullName(after) +
            " cannot be done in place; replace the table (and allow it in the plan) instead");
      }
      for (size_t i = 0; i < was.size(); ++i) {
        if (was[i]["name"] != now[i]["name"] || was[i]["type"] != now[i]["type"] ||
            was[i].value("nullable", true) != now[i].value("nullable", true)) {
          return Status::InvalidArgument(
              address.str() + ": column " + was[i]["name"].get<std::string>() + " of " +
              FullName(after) + " changed its name, type or nullability, which cannot be done " +
              "in place; add new columns at the end, or replace the table");
        }
        if (was[i].value("comment", "") != now[i].value("comment", "")) {
          sql.push_back("ALTER TABLE " + table + " ALTER COLUMN " +
                        QuoteIdentifier(after["columns"][i].value("name", "")) + " COMMENT " +
                        QuoteString(now[i].value("comment", "")));
        }
      }
      std::string added;
      for (size_t i = was.size(); i < now.size(); ++i) {
        added += (added.empty() ? "" : ", ") + ColumnSql(after["columns"][i]);
      }
      if (!added.empty()) sql.push_back("ALTER TABLE " + table + " ADD COLUMNS (" + added + ")");
    }
    if (before.value("comment", "") != after.value("comment", "")) {
      sql.push_back("COMMENT ON TABLE " + table + " IS " + QuoteString(after.value("comment", "")));
    }
    const Value old_props = before.value("properties", Value::object());
    const Value new_props = after.value("properties", Value::object());
    Value set = Value::object();
    std::string unset;
    for (auto it = new_props.begin(); it != new_props.end(); ++it) {
      if (!old_props.contains(it.key()) || old_props[it.key()] != it.value()) {
        set[it.key()] = it.value();
      }
    }
    for (auto it = old_props.begin(); it != old_props.end(); ++it) {
      if (!new_props.contains(it.key()))
        unset += (unset.empty() ? "" : ", ") + QuoteString(it.key());
    }
    if (!set.empty())
      sql.push_back("ALTER TABLE " + table + " SET TBLPROPERTIES " + PropertiesSql(set));
    if (!unset.empty()) {
      sql.push_back("ALTER TABLE " + table + " UNSET TBLPROPERTIES IF EXISTS (" + unset + ")");
    }
    const bool sync = kit::BoolAttr(after, "sync_partitions");
    if (sync) {
      sql.push_back("MSCK REPAIR TABLE " + table + " SYNC PARTITIONS");
    }
    for (const auto& s : sql) {
      auto r = ctx.client->Statement(ctx.warehouse_id, s);
      if (!r.ok()) return r.status().WithContext(address.str());
    }
    return ResourceResult{
        FullName(after), Table().Settled(after), {{"full_name", FullName(after)}}};
  }
};

}  // namespace

KindHandlers MakeTableHandlers() { return kit::MakeHandlers<DatabricksContext, TableHandler>(); }

}  // namespace causeway::databricks

// snowflake.table: a table's columns (name, type, nullable, default, comment), clustering key
// and comment; it holds data. Columns are read for every table of a schema with one SHOW COLUMNS
// IN SCHEMA (ObjectSpec::companion) and compared in one spelling (column_types.h, identifier
// rules), so aliases never show as a diff. Column changes are ALTER TABLE statements computed
// from the live columns: ADD, DROP, RENAME (when the manifest says `renamed_from: OLD`), comment,
// nullability, a type ALTER COLUMN can widen; a type change Snowflake cannot make in place, or a
// new default on an existing column, is refused with what to do (replacing the table loses its
// data: rename the table, or delete and re-create it with --allow-destroy).
// A column's default is an SQL expression written as Snowflake takes it (sent as written).
#include <algorithm>
#include <map>

#include "providers/snowflake/column_types.h"
#include "providers/snowflake/object_sql.h"
#include "providers/snowflake/storage_kinds.h"
#include "reconciler/core/ascii.h"

namespace causeway::snowflake {
namespace {

using kit::Attribute;

struct Column {
  std::string name;  // as stored
  std::string type;  // canonical
  bool nullable = true;
  std::string default_expr;
  std::string comment;
  std::string renamed_from;  // as stored; "" when not renamed
};

Column ColumnOf(const Value& c) {
  Column out;
  if (!c.is_object()) return out;
  out.name = IdentAttr(c, "name");
  out.type = CanonicalType(kit::StringAttr(c, "type"));
  out.nullable =
      !c.contains("nullable") || !c["nullable"].is_boolean() || c["nullable"].get<bool>();
  if (c.contains("default") && (c["default"].is_number() || c["default"].is_boolean())) {
    out.default_expr = c["default"].dump();
  } else {
    out.default_expr = kit::StringAttr(c, "default");
  }
  out.comment = kit::StringAttr(c, "comment");
  out.renamed_from = IdentAttr(c, "renamed_from");
  return out;
}

std::vector<Column> ColumnsOf(const Value& a) {
  std::vector<Column> out;
  if (!a.is_object() || !a.contains("columns") || !a["columns"].is_array()) return out;
  for (const auto& c : a["columns"]) out.push_back(ColumnOf(c));
  return out;
}

// Columns in one spelling; renamed_from is an instruction, not part of the table.
Value ColumnsValue(const Value& v) {
  if (!v.is_array()) return v;
  Value out = Value::array();
  for (const auto& item : v) {
    if (!item.is_object()) return v;
    const Column c = ColumnOf(item);
    Value col = {{"name", ManifestIdentifier(c.name)},
                 {"type", c.type},
                 {"nullable", c.nullable},
                 {"comment", c.comment}};
    if (!c.default_expr.empty()) col["default"] = c.default_expr;
    out.push_back(std::move(col));
  }
  return out;
}

std::string CheckColumns(const Value& v) {
  const char* want = "a list of columns, each with a name and a type";
  if (!v.is_array() || v.empty()) return want;
  std::vector<std::string> names;
  for (const auto& c : v) {
    if (!c.is_object() || kit::StringAttr(c, "name").empty() ||
        kit::StringAttr(c, "type").empty()) {
      return want;
    }
    const std::string type = kit::StringAttr(c, "type");
    if (type.find_first_of(";'\"") != std::string::npos) return "column types such as NUMBER(10,2)";
    const std::string name = IdentAttr(c, "name");
    if (Contains(names, name)) return "columns with different names (" + name + " repeats)";
    names.push_back(name);
  }
  return "";
}

// A clustering key: a column (quoted) or an expression (as written).
std::string ClusterKey(const std::string& key) {
  auto parts = SplitQualifiedName(key);
  return parts.size() == 1 ? QuoteIdentifier(parts[0]) : key;
}

Value ClusterByValue(const Value& v) {
  if (!v.is_array()) return v;
  Value out = Value::array();
  for (const auto& k : v)
    out.push_back(k.is_string() ? Value(ClusterKey(k.get<std::string>())) : k);
  return out;
}

// "LINEAR(A, \"b c\")" -> ["A", "\"b c\""].
Value ClusterByOfShow(const std::string& cell) {
  Value out = Value::array();
  size_t open = cell.find('(');
  if (open == std::string::npos || cell.empty() || cell.back() != ')') return out;
  const std::string inside = cell.substr(open + 1, cell.size() - open - 2);
  std::string key;
  int depth = 0;
  bool quoted = false;
  for (char c : inside) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '(') ++depth;
    if (!quoted && c == ')') --depth;
    if (!quoted && depth == 0 && c == ',') {
      out.push_back(key);
      key.clear();
      continue;
    }
    if (key.empty() && c == ' ') continue;
    key += c;
  }
  if (!key.empty()) out.push_back(key);
  return out;
}

std::string ClusterSql(const Value& a) {
  std::string out;
  for (const auto& k : StringList(a, "cluster_by"))
    out += (out.empty() ? "" : ", ") + ClusterKey(k);
  return "(" + out + ")";
}

std::string ColumnSql(const Column& c) {
  std::string sql = QuoteIdentifier(c.name) + " " + c.type;
  if (!c.nullable) sql += " NOT NULL";
  if (!c.default_expr.empty()) sql += " DEFAULT " + c.default_expr;
  if (!c.comment.empty()) sql += " COMMENT " + QuoteString(c.comment);
  return sql;
}

Result<std::vector<std::string>> AlterColumns(const std::string& q, const Value& before,
                                              const Value& after) {
  const std::vector<Column> live = ColumnsOf(before);
  const std::vector<Column> want = ColumnsOf(after);
  std::map<std::string, const Column*> by_name;
  for (const auto& c : live) by_name[c.name] = &c;
  std::vector<std::string> out, kept;
  const std::string alter = "ALTER TABLE " + q;
  for (const auto& c : want) {
    const Column* old = nullptr;
    if (auto it = by_name.find(c.name); it != by_name.end()) {
      old = it->second;
    } else if (!c.renamed_from.empty()) {
      if (auto from = by_name.find(c.renamed_from); from != by_name.end()) {
        old = from->second;
        out.push_back(alter + " RENAME COLUMN " + QuoteIdentifier(old->name) + " TO " +
                      QuoteIdentifier(c.name));
      }
    }
    if (old == nullptr) {
      out.push_back(alter + " ADD COLUMN " + ColumnSql(c));
      continue;
    }
    kept.push_back(old->name);
    const std::string col = alter + " ALTER COLUMN " + QuoteIdentifier(c.name);
    if (old->type != c.type) {
      if (!TypeChangeInPlace(old->type, c.type)) {
        return Status::InvalidArgument(
            "column " + c.name + ": Snowflake cannot change its type from " + old->type + " to " +
            c.type +
            " in place, and replacing the table would lose its data: add a new column and copy "
            "into it, or delete and re-create the table (--allow-destroy)");
      }
      out.push_back(col + " SET DATA TYPE " + c.type);
    }
    if (old->nullable != c.nullable)
      out.push_back(col + (c.nullable ? " DROP" : " SET") + " NOT NULL");
    if (old->comment != c.comment) {
      out.push_back(c.comment.empty() ? col + " UNSET COMMENT"
                                      : col + " COMMENT " + QuoteString(c.comment));
    }
    if (old->default_expr != c.default_expr) {
      if (!c.default_expr.empty()) {
        return Status::InvalidArgument("column " + c.name +
                                       ": Snowflake cannot set a default on an existing column");
      }
      out.push_back(col + " DROP DEFAULT");
    }
  }
  for (const auto& c : live) {
    if (!Contains(kept, c.name)) out.push_back(alter + " DROP COLUMN " + QuoteIdentifier(c.name));
  }
  return out;
}

}  // namespace

ObjectSpec TableSpec() {
  // clang-format off
  static const kit::AttributeTable table({
    IdentifierAttr("database", "Database of the table"),
    IdentifierAttr("schema", "Schema of the table"),
    IdentifierAttr("name", "Table name"),
    Attribute("columns", AttrType::kList).Required().Normalize(ColumnsValue).Check(CheckColumns)
        .Fields({Attribute("name").Required().Describe("Column name"),
                 Attribute("type").Required().Describe("Type, e.g. STRING, NUMBER(10,2)"),
                 Attribute("nullable", AttrType::kBool).Default(true).Describe("Allows NULL"),
                 Attribute("default").Describe("Default, an SQL expression"),
                 Attribute("comment").Default("").Describe("Comment"),
                 Attribute("renamed_from").Describe("The column's old name: renamed, not dropped")})
        .Describe("Columns in order"),
    Attribute("cluster_by", AttrType::kList).Default(Value::array()).Normalize(ClusterByValue)
        .Describe("Clustering key: columns or expressions"),
    CommentAttribute(),
    Attribute("fully_qualified_name").Computed().Describe("\"DB\".\"SCHEMA\".\"TABLE\""),
  });
  // clang-format on
  ObjectSpec s;
  s.kind = "snowflake.table";
  s.description = "A table: columns, clustering key, comment; holds data";
  s.table = &table;
  s.keyword = "TABLE";
  s.plural = "TABLES";
  s.level = 2;
  s.holds_data = true;
  s.remember_listing = true;  // security drift lists managed schemas' tables after refresh
  s.companion = "COLUMNS";
  s.companion_key = "table_name";
  s.read = [](const RowSet& rows, size_t r, Value* a, Value* out) -> Status {
    (*a)["comment"] = rows.Text(r, "comment");
    (*a)["cluster_by"] = ClusterByOfShow(rows.Text(r, "cluster_by"));
    (*a)["columns"] = Value::array();
    (*out)["fully_qualified_name"] = QualifiedNameOfRow(rows, r);
    return Status::Ok();
  };
  s.read_companion = [](const RowSet& rows, const std::vector<size_t>& mine, Value* a) -> Status {
    Value columns = Value::array();
    for (size_t r : mine) {
      Value c = {{"name", ManifestIdentifier(rows.Text(r, "column_name"))},
                 {"type", TypeOfDataTypeJson(rows.Text(r, "data_type"))},
                 {"nullable", rows.Flag(r, "null?")},
                 {"comment", rows.Text(r, "comment")}};
      const std::string d = rows.Text(r, "default");
      if (!d.empty()) c["default"] = d;
      columns.push_back(std::move(c));
    }
    (*a)["columns"] = std::move(columns);
    return Status::Ok();
  };
  s.create = [](const std::string& q, const Value& a) {
    std::string cols;
    for (const auto& c : ColumnsOf(a)) cols += (cols.empty() ? "" : ", ") + ColumnSql(c);
    std::string sql = "CREATE TABLE IF NOT EXISTS " + q + " (" + cols + ")";
    if (!StringList(a, "cluster_by").empty()) sql += " CLUSTER BY " + ClusterSql(a);
    return sql + CommentSql(a);
  };
  s.alter = [](const std::string&, const std::vector<std::string>&, const Value&) {
    return std::vector<std::string>{};  // alter_between does it
  };
  s.alter_between = [](const std::string& q, const std::vector<std::string>& changed,
                       const Value& before,
                       const Value& after) -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    if (Contains(changed, "columns")) {
      CW_ASSIGN_OR_RETURN(out, AlterColumns(q, before, after));
    }
    if (Contains(changed, "cluster_by")) {
      out.push_back("ALTER TABLE " + q +
                    (StringList(after, "cluster_by").empty() ? " DROP CLUSTERING KEY"
                                                             : " CLUSTER BY " + ClusterSql(after)));
    }
    if (Contains(changed, "comment")) out.push_back(AlterCommentSql("TABLE", q, after));
    return out;
  };
  return s;
}

}  // namespace causeway::snowflake

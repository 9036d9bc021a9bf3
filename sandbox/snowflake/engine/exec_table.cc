// Executors for tables: CREATE TABLE (columns with types, nullability, defaults, comments;
// CLUSTER BY; properties), ALTER TABLE (ADD / DROP / RENAME COLUMN, ALTER COLUMN comment,
// nullability, type and default, CLUSTER BY / DROP CLUSTERING KEY, SET / UNSET, RENAME TO),
// DESC TABLE and SHOW COLUMNS (tables' and external tables' columns).
#include <algorithm>
#include <tuple>

#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/engine/column_types.h"
#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/grant_target.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

namespace {

Value* FindColumn(Value& columns, const std::string& name) {
  for (auto& c : columns) {
    if (c["name"] == name) return &c;
  }
  return nullptr;
}

// ( expr, expr ) of CLUSTER BY, each as written.
Result<Value> ReadClusterBy(SfParser& p) {
  CW_RETURN_IF_ERROR(p.ExpectPunct("("));
  Value keys = Value::array();
  while (true) {
    const size_t first = p.position();
    int depth = 0;
    while (!p.AtEnd() && !(depth == 0 && (p.Peek().IsPunct(",") || p.Peek().IsPunct(")")))) {
      if (p.Peek().IsPunct("(")) ++depth;
      if (p.Peek().IsPunct(")")) --depth;
      p.Advance();
    }
    const std::string key = p.TextFrom(first);
    if (key.empty()) return p.Error();
    // A quoted or bare column name is stored as Snowflake resolves it.
    SfParser name(key);
    auto ident = name.Identifier();
    keys.push_back(ident.ok() && name.AtEnd() ? QuoteIfNeeded(*ident) : key);
    if (p.AcceptPunct(")")) return keys;
    CW_RETURN_IF_ERROR(p.ExpectPunct(","));
  }
}

Status SkipConstraint(SfParser& p) {
  int depth = 0;
  while (!p.AtEnd() && !(depth == 0 && (p.Peek().IsPunct(",") || p.Peek().IsPunct(")")))) {
    if (p.Peek().IsPunct("(")) ++depth;
    if (p.Peek().IsPunct(")")) --depth;
    p.Advance();
  }
  return Status::Ok();
}

// Table properties after the column list: CLUSTER BY (...), COPY GRANTS, KEY = value.
Status ReadTableProperties(SfParser& p, Value* props) {
  while (!p.AtEnd()) {
    if (p.AcceptAll({"CLUSTER", "BY"})) {
      auto keys = ReadClusterBy(p);
      if (!keys.ok()) return keys.status();
      (*props)["CLUSTER_BY"] = *keys;
    } else if (p.AcceptAll({"COPY", "GRANTS"})) {
    } else if (p.Peek().kind == SfToken::Kind::kWord && p.Peek(1).IsPunct("=")) {
      CW_RETURN_IF_ERROR(p.Properties(props));
    } else {
      return p.Error();
    }
  }
  return Status::Ok();
}

Result<ResultSet> CreateTable(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("TABLE");
  auto start = BeginCreate(p, env, kind);
  if (!start.ok()) return start.status();
  if (p.Accept("AS") || p.Accept("LIKE") || p.Accept("CLONE")) {
    return Unsupported("CREATE TABLE ... AS / LIKE / CLONE");
  }
  SfObject table;
  table.name = start->name;
  Value columns = Value::array();
  CW_RETURN_IF_ERROR(p.ExpectPunct("("));
  while (true) {
    if (p.Peek().Is("CONSTRAINT") || p.Peek().Is("PRIMARY") || p.Peek().Is("UNIQUE") ||
        p.Peek().Is("FOREIGN")) {
      CW_RETURN_IF_ERROR(SkipConstraint(p));
    } else {
      auto column = ReadColumnDefinition(p, false);
      if (!column.ok()) return column.status();
      if (FindColumn(columns, (*column)["name"])) {
        return Status(StatusCode::kInvalidArgument,
                      "SQL compilation error:\nduplicate column name '" +
                          (*column)["name"].get<std::string>() + "'",
                      "002025");
      }
      columns.push_back(std::move(*column));
    }
    if (p.AcceptPunct(")")) break;
    CW_RETURN_IF_ERROR(p.ExpectPunct(","));
  }
  table.props["COLUMNS"] = columns;
  CW_RETURN_IF_ERROR(ReadTableProperties(p, &table.props));
  if (start->exists) return AlreadyExistsSucceeded(start->name);
  return FinishCreate(env, kind, std::move(table));
}

// ALTER [COLUMN] <c> <action>; `columns` changed in place.
Status AlterColumn(SfParser& p, Value& columns) {
  p.Accept("COLUMN");
  auto name = p.Identifier();
  if (!name.ok()) return name.status();
  Value* column = FindColumn(columns, *name);
  if (column == nullptr) return InvalidIdentifier(QuoteIfNeeded(*name));
  if (p.Accept("COMMENT")) {
    auto comment = p.String();
    if (!comment.ok()) return comment.status();
    (*column)["comment"] = *comment;
  } else if (p.AcceptAll({"UNSET", "COMMENT"})) {
    (*column)["comment"] = nullptr;
  } else if (p.AcceptAll({"SET", "NOT", "NULL"})) {
    (*column)["nullable"] = false;
  } else if (p.AcceptAll({"DROP", "NOT", "NULL"})) {
    (*column)["nullable"] = true;
  } else if (p.AcceptAll({"DROP", "DEFAULT"})) {
    (*column)["default"] = nullptr;
  } else if (p.AcceptAll({"SET", "DATA", "TYPE"}) || p.Accept("TYPE") ||
             p.AcceptAll({"SET", "TYPE"})) {
    auto type = ReadColumnType(p);
    if (!type.ok()) return type.status();
    (*column)["type"] = *type;
  } else {
    return p.Error();
  }
  return Status::Ok();
}

Result<ResultSet> AlterTable(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("TABLE");
  bool absent = false;
  auto found = FindObject(p, env, kind, true, &absent);
  if (!found.ok()) return found.status();
  if (absent) return Executed();
  SfObject& table = **found;
  Value props = table.props;
  Value& columns = props["COLUMNS"];
  if (p.AcceptAll({"RENAME", "TO"})) {
    auto target = ReadName(p, env, kind);
    if (!target.ok()) return target.status();
    CW_RETURN_IF_ERROR(p.ExpectEnd());
    if (env.catalog.Find(kind.kind, *target)) return AlreadyExists(target->Display());
    env.catalog.Rename(kind.kind, table.name, *target);
    return Executed();
  }
  if (p.Accept("ADD")) {
    p.Accept("COLUMN");
    const bool if_not_exists = p.AcceptAll({"IF", "NOT", "EXISTS"});
    do {
      auto column = ReadColumnDefinition(p, false);
      if (!column.ok()) return column.status();
      if (FindColumn(columns, (*column)["name"])) {
        if (if_not_exists) continue;
        return Status(StatusCode::kConflict,
                      "SQL compilation error:\ncolumn '" + (*column)["name"].get<std::string>() +
                          "' already exists",
                      "002028");
      }
      columns.push_back(std::move(*column));
    } while (p.AcceptPunct(",") && (p.Accept("COLUMN") || true));
  } else if (p.AcceptAll({"DROP", "CLUSTERING", "KEY"})) {
    props.erase("CLUSTER_BY");
  } else if (p.Accept("DROP")) {
    p.Accept("COLUMN");
    const bool if_exists = p.AcceptAll({"IF", "EXISTS"});
    do {
      auto name = p.Identifier();
      if (!name.ok()) return name.status();
      const size_t before = columns.size();
      columns.erase(std::remove_if(columns.begin(), columns.end(),
                                   [&](const Value& c) { return c["name"] == *name; }),
                    columns.end());
      if (columns.size() == before && !if_exists) return InvalidIdentifier(QuoteIfNeeded(*name));
    } while (p.AcceptPunct(","));
    if (columns.empty()) {
      return Status(StatusCode::kInvalidArgument,
                    "SQL compilation error:\nCannot drop the last column of a table.", "002044");
    }
  } else if (p.AcceptAll({"RENAME", "COLUMN"})) {
    auto from = p.Identifier();
    if (!from.ok()) return from.status();
    CW_RETURN_IF_ERROR(p.Expect("TO"));
    auto to = p.Identifier();
    if (!to.ok()) return to.status();
    Value* column = FindColumn(columns, *from);
    if (column == nullptr) return InvalidIdentifier(QuoteIfNeeded(*from));
    if (FindColumn(columns, *to)) {
      return Status(StatusCode::kConflict,
                    "SQL compilation error:\ncolumn '" + *to + "' already exists", "002028");
    }
    (*column)["name"] = *to;
  } else if (p.Accept("ALTER") || p.Accept("MODIFY")) {
    do {
      CW_RETURN_IF_ERROR(AlterColumn(p, columns));
    } while (p.AcceptPunct(","));
  } else if (p.AcceptAll({"CLUSTER", "BY"})) {
    auto keys = ReadClusterBy(p);
    if (!keys.ok()) return keys.status();
    props["CLUSTER_BY"] = *keys;
  } else {
    Value rest = props;
    CW_RETURN_IF_ERROR(SetOrUnset(p, &rest));
    rest["COLUMNS"] = columns;
    props = std::move(rest);
  }
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  table.props = std::move(props);
  return Executed();
}

Result<ResultSet> DescTable(SfParser& p, ExecEnv& env) {
  const SfKind* kind = FindKind("TABLE");
  // DESC TABLE also describes external tables, as Snowflake does.
  const size_t start = p.position();
  auto found = FindObject(p, env, *kind, false);
  if (!found.ok()) {
    SfParser again(p.sql());
    while (again.position() < start) again.Advance();
    auto external = FindObject(again, env, *FindKind("EXTERNAL TABLE"), false);
    if (!external.ok()) return found.status();
    p = std::move(again);
    found = external;
  }
  if (p.Accept("TYPE")) {
    CW_RETURN_IF_ERROR(p.ExpectPunct("="));
    p.Advance();
  }
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  return DescribeColumns(**found);
}

Result<ResultSet> ShowColumns(SfParser& p, ExecEnv& env) {
  std::string like;
  if (p.Accept("LIKE")) {
    auto pattern = p.String();
    if (!pattern.ok()) return pattern.status();
    like = *pattern;
  }
  std::vector<const SfObject*> tables;
  auto in_scope = [&](auto&& keep) {
    for (const char* kind : {"TABLE", "EXTERNAL TABLE"}) {
      for (const SfObject* o : env.catalog.List(kind)) {
        if (keep(*o) && env.access.Sees(kind, o->name)) tables.push_back(o);
      }
    }
  };
  if (!p.Accept("IN") || p.Accept("ACCOUNT")) {
    in_scope([](const SfObject&) { return true; });
  } else if (p.Accept("DATABASE")) {
    auto db = FindObject(p, env, *FindKind("DATABASE"), false);
    if (!db.ok()) return db.status();
    in_scope([&](const SfObject& o) { return o.name.database == (*db)->name.name; });
  } else if (p.Accept("SCHEMA")) {
    auto schema = FindObject(p, env, *FindKind("SCHEMA"), false);
    if (!schema.ok()) return schema.status();
    const ObjectName s = (*schema)->name;
    in_scope([&](const SfObject& o) {
      return o.name.database == s.database && o.name.schema == s.name;
    });
  } else {
    const bool external = p.Accept("EXTERNAL");
    p.Accept("TABLE");
    auto table = FindObject(p, env, *FindKind(external ? "EXTERNAL TABLE" : "TABLE"), false);
    if (!table.ok()) return table.status();
    tables.push_back(*table);
  }
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  std::sort(tables.begin(), tables.end(), [](const SfObject* a, const SfObject* b) {
    return std::tie(a->name.database, a->name.schema, a->name.name) <
           std::tie(b->name.database, b->name.schema, b->name.name);
  });
  ResultSet out;
  out.columns = {{"table_name"}, {"schema_name"},   {"column_name"},  {"data_type"},
                 {"null?"},      {"default"},       {"kind"},         {"expression"},
                 {"comment"},    {"database_name"}, {"autoincrement"}};
  for (const SfObject* t : tables) {
    const ResultSet described = DescribeColumns(*t);
    for (const auto& row : described.rows) {
      const std::string column = *row[0];
      if (!like.empty() && !LikeMatch(column, like)) continue;
      const bool nullable = row[3] == "Y";
      out.rows.push_back(
          {t->name.name, t->name.schema, column, DataTypeJson(*row[1], nullable).dump(),
           std::string(nullable ? "true" : "false"), row[4].value_or(""), *row[2],
           row[8].value_or(""), row[9].value_or(""), t->name.database, std::string("")});
    }
  }
  return out;
}

}  // namespace

ResultSet DescribeColumns(const SfObject& table) {
  ResultSet out;
  out.columns = {{"name"},       {"type"},        {"kind"},        {"null?"},
                 {"default"},    {"primary key"}, {"unique key"},  {"check"},
                 {"expression"}, {"comment"},     {"policy name"}, {"privacy domain"}};
  const bool external = table.kind == "EXTERNAL TABLE";
  if (external) {
    out.rows.push_back({"VALUE", "VARIANT", "COLUMN", "N", std::nullopt, "N", "N", std::nullopt,
                        std::nullopt, "The value of this row", std::nullopt, std::nullopt});
  }
  for (const auto& c : table.props.value("COLUMNS", Value::array())) {
    auto opt = [&](const char* key) -> Cell {
      return c[key].is_string() ? Cell(c[key].get<std::string>()) : std::nullopt;
    };
    out.rows.push_back({c["name"].get<std::string>(), c["type"].get<std::string>(),
                        std::string(external ? "VIRTUAL" : "COLUMN"),
                        std::string(c["nullable"].get<bool>() ? "Y" : "N"), opt("default"), "N",
                        "N", std::nullopt, opt("expression"), opt("comment"), std::nullopt,
                        std::nullopt});
  }
  return out;
}

void RegisterTableExecutors(ExecutorTable* t) {
  (*t)["CREATE TABLE"] = &CreateTable;
  (*t)["ALTER TABLE"] = &AlterTable;
  (*t)["DESC TABLE"] = &DescTable;
  (*t)["SHOW COLUMNS"] = &ShowColumns;
}

}  // namespace causeway::sandbox::snowflake

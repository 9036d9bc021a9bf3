// The statements every kind shares: DROP <kind> [IF EXISTS] <name> [CASCADE|RESTRICT] (owner
// only; a database or schema takes its contents with it) and
// SHOW [TERSE] <plural> [LIKE '<pattern>'] [IN ACCOUNT | IN DATABASE [<db>] | IN SCHEMA
// [<schema>] | IN <db>] [STARTS WITH '<prefix>'] [LIMIT <n> [FROM '<name>']]: the visible objects,
// sorted by name (then database and schema), LIKE case-insensitive with % and _, LIMIT ... FROM a
// cursor returning rows whose name sorts strictly after the given one.
#include <algorithm>
#include <tuple>

#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/grant_target.h"
#include "sandbox/snowflake/engine/show_rows.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

namespace {

Result<ResultSet> Drop(SfParser& p, ExecEnv& env) {
  const SfKind* kind = ReadKind(p, false);
  if (kind == nullptr || std::string(kind->kind) == "ACCOUNT") return p.Error();
  bool absent = false;
  const size_t name_start = p.position();
  auto object = FindObject(p, env, *kind, /*need_owner=*/true, &absent);
  if (!object.ok()) return object.status();
  const std::string written = p.TextFrom(name_start);
  if (!p.Accept("CASCADE")) p.Accept("RESTRICT");
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  if (absent) {
    return ResultSet::Status("Drop statement executed successfully (" + written +
                             " already dropped).");
  }
  if (std::string(kind->kind) == "ROLE" || std::string(kind->kind) == "USER") {
    const std::string& name = (*object)->name.name;
    if (name == "ACCOUNTADMIN" || name == "SECURITYADMIN" || name == "SYSADMIN" ||
        name == "USERADMIN" || name == "PUBLIC") {
      return InsufficientPrivileges(kind->display, name);
    }
  }
  const ObjectName name = (*object)->name;
  env.catalog.Erase(kind->kind, name);
  if (std::string(kind->kind) == "DATABASE" && env.session.database == name.name) {
    env.session.database.clear();
    env.session.schema.clear();
  }
  return ResultSet::Status(QuoteIfNeeded(name.name) + " successfully dropped.");
}

bool Like(const std::string& text, const std::string& pattern, size_t t, size_t k) {
  while (k < pattern.size()) {
    const char c = pattern[k];
    if (c == '%') {
      for (size_t i = t; i <= text.size(); ++i) {
        if (Like(text, pattern, i, k + 1)) return true;
      }
      return false;
    }
    if (t >= text.size()) return false;
    if (c == '\\' && k + 1 < pattern.size()) {
      if (text[t] != pattern[k + 1]) return false;
      k += 2;
      ++t;
      continue;
    }
    if (c != '_' && Upper(std::string(1, c)) != Upper(std::string(1, text[t]))) return false;
    ++t;
    ++k;
  }
  return t == text.size();
}

}  // namespace

bool LikeMatch(const std::string& text, const std::string& pattern) {
  return Like(text, pattern, 0, 0);
}

namespace {

struct ShowScope {
  enum class Where { kAccount, kDatabase, kSchema } where = Where::kAccount;
  std::string database, schema;
};

Result<ShowScope> ReadScope(SfParser& p, ExecEnv& env, const SfKind& kind) {
  ShowScope s;
  if (!p.Accept("IN")) {  // the current schema or database, else the account
    if (kind.level == Level::kSchema && !env.session.schema.empty()) {
      s.where = ShowScope::Where::kSchema;
      s.database = env.session.database;
      s.schema = env.session.schema;
    } else if (kind.level != Level::kAccount && !env.session.database.empty()) {
      s.where = ShowScope::Where::kDatabase;
      s.database = env.session.database;
    }
    return s;
  }
  if (p.Accept("ACCOUNT")) return s;
  if (p.Accept("SCHEMA")) {
    s.where = ShowScope::Where::kSchema;
    if (p.Peek().IsIdentifier() && !p.Peek().Is("LIMIT") && !p.Peek().Is("STARTS")) {
      auto schema = FindObject(p, env, *FindKind("SCHEMA"), false);
      if (!schema.ok()) return schema.status();
      s.database = (*schema)->name.database;
      s.schema = (*schema)->name.name;
    } else {
      s.database = env.session.database;
      s.schema = env.session.schema;
      if (s.schema.empty()) return p.Error();
    }
    return s;
  }
  p.Accept("DATABASE");
  s.where = ShowScope::Where::kDatabase;
  if (p.Peek().IsIdentifier() && !p.Peek().Is("LIMIT") && !p.Peek().Is("STARTS")) {
    auto db = FindObject(p, env, *FindKind("DATABASE"), false);
    if (!db.ok()) return db.status();
    s.database = (*db)->name.name;
  } else {
    s.database = env.session.database;
    if (s.database.empty()) return p.Error();
  }
  return s;
}

bool InScope(const SfObject& o, const SfKind& kind, const ShowScope& s) {
  if (kind.level == Level::kAccount || s.where == ShowScope::Where::kAccount) return true;
  if (s.where == ShowScope::Where::kDatabase) return o.name.database == s.database;
  if (kind.level == Level::kDatabase) return o.name.database == s.database;
  return o.name.database == s.database && o.name.schema == s.schema;
}

}  // namespace

// SHOW <plural> after the plural keyword; also used by SHOW COLUMNS' listing of tables.
Result<ResultSet> ShowObjects(SfParser& p, ExecEnv& env, const SfKind& kind) {
  const ShowSpec* spec = ShowSpecFor(kind.kind);
  if (spec == nullptr) return p.Error();
  std::string like;
  if (p.Accept("LIKE")) {
    auto pattern = p.String();
    if (!pattern.ok()) return pattern.status();
    like = *pattern;
  }
  auto scope = ReadScope(p, env, kind);
  if (!scope.ok()) return scope.status();
  std::string starts_with, from;
  bool has_from = false;
  int64_t limit = -1;
  if (p.AcceptAll({"STARTS", "WITH"})) {
    auto prefix = p.String();
    if (!prefix.ok()) return prefix.status();
    starts_with = *prefix;
  }
  if (p.Accept("LIMIT")) {
    if (p.Peek().kind != SfToken::Kind::kNumber) return p.Error();
    limit = ParseInteger<int64_t>(p.Peek().text).value_or(-1);
    if (limit < 0) return p.Error();
    p.Advance();
    if (p.Accept("FROM")) {
      auto after = p.String();
      if (!after.ok()) return after.status();
      from = *after;
      has_from = true;
    }
  }
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  std::vector<const SfObject*> objects;
  for (const SfObject* o : env.catalog.List(kind.kind)) {
    if (!InScope(*o, kind, *scope)) continue;
    if (std::string(kind.kind) != "ROLE" && !env.access.Sees(kind.kind, o->name)) continue;
    if (!like.empty() && !LikeMatch(o->name.name, like)) continue;
    if (o->name.name.rfind(starts_with, 0) != 0) continue;
    if (has_from && !(o->name.name > from)) continue;
    objects.push_back(o);
  }
  std::sort(objects.begin(), objects.end(), [](const SfObject* a, const SfObject* b) {
    return std::tie(a->name.name, a->name.database, a->name.schema) <
           std::tie(b->name.name, b->name.database, b->name.schema);
  });
  if (limit >= 0 && objects.size() > static_cast<size_t>(limit)) objects.resize(limit);
  ResultSet out;
  out.columns = spec->columns;
  for (const SfObject* o : objects) out.rows.push_back(spec->row(*o, env));
  return out;
}

namespace {

Result<ResultSet> Show(SfParser& p, ExecEnv& env) {
  p.Accept("TERSE");
  const SfKind* kind = ReadKind(p, true);
  if (kind == nullptr) return p.Error();
  return ShowObjects(p, env, *kind);
}

}  // namespace

void RegisterGenericExecutors(ExecutorTable* t) {
  (*t)["DROP"] = &Drop;
  (*t)["SHOW"] = &Show;
}

}  // namespace causeway::sandbox::snowflake

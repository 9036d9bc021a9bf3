// SELECT without FROM, as clients use it to check a connection and read their session:
// literals (numbers, strings, TRUE/FALSE/NULL) and the context functions CURRENT_ACCOUNT(),
// CURRENT_USER(), CURRENT_ROLE(), CURRENT_WAREHOUSE(), CURRENT_DATABASE(), CURRENT_SCHEMA(),
// CURRENT_REGION(), CURRENT_VERSION(), each [AS alias]. Anything else (FROM, expressions) is
// 000002 Unsupported feature: the emulator keeps no table data.
#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

namespace {

// One select item: its column (named as Snowflake names it, or by its alias) and `*value`.
Result<ResultColumn> Item(SfParser& p, ExecEnv& env, Cell* value) {
  const size_t first = p.position();
  const SfToken t = p.Peek();
  ResultColumn column;
  if (t.kind == SfToken::Kind::kNumber) {
    p.Advance();
    *value = t.text;
    column.type = "FIXED";
  } else if (t.kind == SfToken::Kind::kString) {
    p.Advance();
    *value = t.text;
  } else if (t.Is("TRUE") || t.Is("FALSE")) {
    p.Advance();
    *value = Lower(t.text);
    column.type = "BOOLEAN";
  } else if (t.Is("NULL")) {
    p.Advance();
    *value = std::nullopt;
  } else if (t.kind == SfToken::Kind::kWord && p.Peek(1).IsPunct("(") && p.Peek(2).IsPunct(")")) {
    const std::string function = Upper(t.text);
    const Session& s = env.session;
    auto text = [](const std::string& v) { return v.empty() ? Cell() : Cell(v); };
    if (function == "CURRENT_ACCOUNT") {
      *value = env.identity.account;
    } else if (function == "CURRENT_USER") {
      *value = text(s.user);
    } else if (function == "CURRENT_ROLE") {
      *value = text(s.role);
    } else if (function == "CURRENT_WAREHOUSE") {
      *value = text(s.warehouse);
    } else if (function == "CURRENT_DATABASE") {
      *value = text(s.database);
    } else if (function == "CURRENT_SCHEMA") {
      *value = text(s.schema);
    } else if (function == "CURRENT_REGION") {
      *value = "AWS_" + Upper(env.identity.aws_region);
    } else if (function == "CURRENT_VERSION") {
      *value = "9.0.0";
    } else {
      return Unsupported("SELECT " + function + "()");
    }
    p.Advance();
    p.Advance();
    p.Advance();
  } else {
    return Unsupported("SELECT of anything but literals and context functions");
  }
  column.name = Upper(p.TextFrom(first));
  if (p.Accept("AS") || (p.Peek().IsIdentifier() && !p.Peek().Is("FROM"))) {
    auto alias = p.Identifier();
    if (!alias.ok()) return alias.status();
    column.name = *alias;
  }
  return column;
}

Result<ResultSet> Select(SfParser& p, ExecEnv& env) {
  ResultSet out;
  Row row;
  do {
    Cell value;
    auto column = Item(p, env, &value);
    if (!column.ok()) return column.status();
    out.columns.push_back(*column);
    row.push_back(value);
  } while (p.AcceptPunct(","));
  if (p.Peek().Is("FROM")) return Unsupported("SELECT ... FROM (the sandbox keeps no table data)");
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  out.rows.push_back(std::move(row));
  return out;
}

}  // namespace

void RegisterSelectExecutors(ExecutorTable* t) { (*t)["SELECT"] = &Select; }

}  // namespace causeway::sandbox::snowflake

// GrantTarget parsing.
#include "sandbox/snowflake/engine/grant_target.h"

#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

const SfKind* ReadKind(SfParser& p, bool plural) {
  auto lookup = [&](const std::string& words) -> const SfKind* {
    std::string w = words;
    if (w == "STORAGE INTEGRATION" || w == "STORAGE INTEGRATIONS") {
      w = plural ? "INTEGRATIONS" : "INTEGRATION";
    }
    return plural ? FindKindByPlural(w) : FindKind(w);
  };
  if (p.Peek().kind == SfToken::Kind::kWord && p.Peek(1).kind == SfToken::Kind::kWord) {
    if (const SfKind* k = lookup(Upper(p.Peek().text) + " " + Upper(p.Peek(1).text))) {
      p.Advance();
      p.Advance();
      return k;
    }
  }
  if (p.Peek().kind != SfToken::Kind::kWord) return nullptr;
  const SfKind* k = lookup(Upper(p.Peek().text));
  if (k != nullptr) p.Advance();
  return k;
}

Result<ObjectName> ReadContainer(SfParser& p, ExecEnv& env, bool* in_schema) {
  CW_RETURN_IF_ERROR(p.Expect("IN"));
  if (p.Accept("SCHEMA")) {
    *in_schema = true;
    auto schema = FindObject(p, env, *FindKind("SCHEMA"), false);
    if (!schema.ok()) return schema.status();
    return (*schema)->name;
  }
  CW_RETURN_IF_ERROR(p.Expect("DATABASE"));
  *in_schema = false;
  auto db = FindObject(p, env, *FindKind("DATABASE"), false);
  if (!db.ok()) return db.status();
  return (*db)->name;
}

Result<GrantTarget> ReadGrantTarget(SfParser& p, ExecEnv& env) {
  GrantTarget t;
  if (p.Accept("ACCOUNT")) {
    t.kind = FindKind("ACCOUNT");
    t.objects.push_back({});
    return t;
  }
  const bool all = p.Accept("ALL");
  const bool future = !all && p.Accept("FUTURE");
  if (all || future) {
    t.kind = ReadKind(p, true);
    if (t.kind == nullptr || t.kind->level == Level::kAccount) return p.Error();
    bool in_schema = false;
    auto container = ReadContainer(p, env, &in_schema);
    if (!container.ok()) return container.status();
    if (in_schema && t.kind->level != Level::kSchema) return p.Error();
    if (future) {
      t.future = true;
      t.future_container = *container;
      t.future_in_schema = in_schema;
      return t;
    }
    for (const SfObject* o : env.catalog.List(t.kind->kind)) {
      const bool inside =
          in_schema ? o->name.database == container->database && o->name.schema == container->name
                    : o->name.database == container->name;
      if (inside) t.objects.push_back(o->name);
    }
    return t;
  }
  t.kind = ReadKind(p, false);
  if (t.kind == nullptr || std::string(t.kind->kind) == "ACCOUNT") return p.Error();
  auto object = FindObject(p, env, *t.kind, false);
  if (!object.ok()) return object.status();
  t.objects.push_back((*object)->name);
  return t;
}

}  // namespace causeway::sandbox::snowflake

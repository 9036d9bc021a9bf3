// Shared executor steps.
#include "sandbox/snowflake/engine/exec_common.h"

#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

namespace {

Status NoCurrent(const char* what) {
  return Status(StatusCode::kInvalidArgument,
                std::string("Cannot perform operation. This session does not have a current ") +
                    what + ". Call 'USE " + Upper(what) + "', or use a qualified name.",
                "090105");
}

void ApplyFutureGrants(ExecEnv& env, const SfKind& kind, const ObjectName& name) {
  // Schema-level future grants for the kind win over database-level ones.
  std::vector<const SfFutureGrant*> in_schema, in_database;
  for (const auto& f : env.catalog.future_grants()) {
    if (f.object_kind != kind.kind) continue;
    if (f.in_schema && f.container.database == name.database && f.container.name == name.schema) {
      in_schema.push_back(&f);
    } else if (!f.in_schema && f.container.name == name.database) {
      in_database.push_back(&f);
    }
  }
  std::vector<SfGrant> added;
  for (const auto* f : in_schema.empty() ? in_database : in_schema) {
    SfGrant g;
    g.privilege = f->privilege;
    g.granted_on = kind.kind;
    g.object = name;
    g.grantee_type = "ROLE";
    g.grantee = f->grantee;
    g.grant_option = f->grant_option;
    g.granted_by = env.session.role;
    g.created_ms = env.now_ms;
    added.push_back(std::move(g));
  }
  std::string owner;
  for (auto& g : added) {
    if (g.privilege == "OWNERSHIP") {
      owner = g.grantee;
      continue;
    }
    env.catalog.grants().push_back(std::move(g));
  }
  if (!owner.empty()) env.catalog.Find(kind.kind, name)->owner = owner;
}

}  // namespace

Result<ObjectName> CompleteName(const std::vector<std::string>& parts, ExecEnv& env,
                                const SfKind& kind, const SfParser& p) {
  ObjectName n;
  switch (kind.level) {
    case Level::kAccount:
      if (parts.size() != 1) return p.Error();
      n.name = parts[0];
      return n;
    case Level::kDatabase:
      if (parts.size() > 2) return p.Error();
      n.name = parts.back();
      n.database = parts.size() == 2 ? parts[0] : env.session.database;
      if (n.database.empty()) return NoCurrent("database");
      return n;
    case Level::kSchema:
      n.name = parts.back();
      n.schema = parts.size() >= 2 ? parts[parts.size() - 2] : env.session.schema;
      n.database = parts.size() == 3 ? parts[0] : env.session.database;
      if (n.database.empty()) return NoCurrent("database");
      if (n.schema.empty()) return NoCurrent("schema");
      return n;
  }
  return n;
}

Result<ObjectName> ReadName(SfParser& p, ExecEnv& env, const SfKind& kind) {
  auto parts = p.Name(kind.level == Level::kAccount ? 1 : kind.level == Level::kDatabase ? 2 : 3);
  if (!parts.ok()) return parts.status();
  return CompleteName(*parts, env, kind, p);
}

Status CheckContainers(ExecEnv& env, const SfKind& kind, const ObjectName& name) {
  if (kind.level == Level::kAccount) return Status::Ok();
  const ObjectName db{"", "", name.database};
  if (env.catalog.Find("DATABASE", db) == nullptr || !env.access.Sees("DATABASE", db)) {
    return DoesNotExist("Database", QuoteIfNeeded(name.database));
  }
  if (kind.level == Level::kSchema) {
    const ObjectName schema{name.database, "", name.schema};
    if (env.catalog.Find("SCHEMA", schema) == nullptr || !env.access.Sees("SCHEMA", schema)) {
      return DoesNotExist("Schema", schema.Display());
    }
  }
  return Status::Ok();
}

Result<CreateStart> BeginCreate(SfParser& p, ExecEnv& env, const SfKind& kind) {
  CreateStart start;
  start.if_not_exists = p.AcceptAll({"IF", "NOT", "EXISTS"});
  auto name = ReadName(p, env, kind);
  if (!name.ok()) return name.status();
  start.name = *name;
  CW_RETURN_IF_ERROR(CheckContainers(env, kind, start.name));
  bool allowed = false;
  switch (kind.level) {
    case Level::kAccount:
      allowed = env.access.OnAccount(kind.create);
      break;
    case Level::kDatabase:
      allowed = env.access.Has("DATABASE", {"", "", start.name.database}, kind.create);
      break;
    case Level::kSchema:
      allowed = env.access.Has("SCHEMA", {start.name.database, "", start.name.schema}, kind.create);
      break;
  }
  if (!allowed) {
    if (kind.level == Level::kAccount)
      return InsufficientPrivileges("account", env.identity.account);
    if (kind.level == Level::kDatabase) {
      return InsufficientPrivileges("database", QuoteIfNeeded(start.name.database));
    }
    return InsufficientPrivileges("schema",
                                  ObjectName{start.name.database, "", start.name.schema}.Display());
  }
  if (env.catalog.Find(kind.kind, start.name) != nullptr) {
    if (start.if_not_exists) {
      start.exists = true;
    } else if (!env.or_replace) {
      return AlreadyExists(start.name.Display());
    } else if (!env.access.Owns(kind.kind, start.name)) {
      return InsufficientPrivileges(kind.display, start.name.Display());
    }
  }
  return start;
}

ResultSet FinishCreate(ExecEnv& env, const SfKind& kind, SfObject object) {
  object.kind = kind.kind;
  object.owner = env.session.role;
  object.created_ms = env.now_ms;
  const ObjectName name = object.name;
  env.catalog.Erase(kind.kind, name);
  env.catalog.Put(std::move(object));
  if (kind.level != Level::kAccount) ApplyFutureGrants(env, kind, name);
  std::string display = kind.display;
  if (std::string(kind.kind) == "STAGE") display = "Stage area";
  return ResultSet::Status(display + " " + QuoteIfNeeded(name.name) + " successfully created.");
}

ResultSet AlreadyExistsSucceeded(const ObjectName& name) {
  return ResultSet::Status(QuoteIfNeeded(name.name) + " already exists, statement succeeded.");
}

Result<SfObject*> FindObject(SfParser& p, ExecEnv& env, const SfKind& kind, bool need_owner,
                             bool* absent_ok) {
  const bool if_exists = p.AcceptAll({"IF", "EXISTS"});
  auto name = ReadName(p, env, kind);
  if (!name.ok()) return name.status();
  if (absent_ok != nullptr) *absent_ok = false;
  Status containers = CheckContainers(env, kind, *name);
  SfObject* object = containers.ok() ? env.catalog.Find(kind.kind, *name) : nullptr;
  if (object == nullptr || !env.access.Sees(kind.kind, *name)) {
    if (if_exists && absent_ok != nullptr) {
      *absent_ok = true;
      return static_cast<SfObject*>(nullptr);
    }
    if (!containers.ok()) return containers;
    return DoesNotExist(kind.display, name->Display());
  }
  if (need_owner && !env.access.Owns(kind.kind, *name)) {
    return InsufficientPrivileges(kind.display, name->Display());
  }
  return object;
}

Status SetOrUnset(SfParser& p, Value* props) {
  if (p.Accept("SET")) {
    Value changes = Value::object();
    CW_RETURN_IF_ERROR(p.Properties(&changes));
    if (changes.empty()) return p.Error();
    for (auto& [k, v] : changes.items()) (*props)[k] = v;
    return Status::Ok();
  }
  if (p.Accept("UNSET")) {
    do {
      if (p.Peek().kind != SfToken::Kind::kWord) return p.Error();
      props->erase(Upper(p.Peek().text));
      p.Advance();
    } while (p.AcceptPunct(","));
    return Status::Ok();
  }
  return p.Error();
}

Cell PropCell(const Value& props, const std::string& key) {
  auto it = props.find(key);
  if (it == props.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_boolean()) return std::string(it->get<bool>() ? "true" : "false");
  return it->dump();
}

std::string PropString(const Value& props, const std::string& key, const std::string& fallback) {
  return PropCell(props, key).value_or(fallback);
}

bool PropTrue(const Value& props, const std::string& key) {
  auto it = props.find(key);
  if (it == props.end()) return false;
  if (it->is_boolean()) return it->get<bool>();
  return it->is_string() && EqualsIgnoringCase(it->get<std::string>(), "TRUE");
}

ResultSet Executed() { return ResultSet::Status("Statement executed successfully."); }

}  // namespace causeway::sandbox::snowflake

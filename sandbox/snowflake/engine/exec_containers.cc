// Executors for databases, schemas and warehouses: CREATE and ALTER (DROP and SHOW are generic,
// exec_generic.cc). A new database gets a PUBLIC schema owned by the creating role.
#include <map>

#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

namespace {

Result<ResultSet> CreateDatabase(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("DATABASE");
  auto start = BeginCreate(p, env, kind);
  if (!start.ok()) return start.status();
  SfObject db;
  db.name = start->name;
  CW_RETURN_IF_ERROR(p.Properties(&db.props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  if (start->exists) return AlreadyExistsSucceeded(start->name);
  ResultSet out = FinishCreate(env, kind, std::move(db));
  SfObject schema;
  schema.name = {start->name.name, "", "PUBLIC"};
  (void)FinishCreate(env, *FindKind("SCHEMA"), std::move(schema));
  return out;
}

Result<ResultSet> CreateSchema(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("SCHEMA");
  auto start = BeginCreate(p, env, kind);
  if (!start.ok()) return start.status();
  SfObject schema;
  schema.name = start->name;
  if (p.AcceptAll({"WITH", "MANAGED", "ACCESS"})) schema.props["MANAGED_ACCESS"] = true;
  CW_RETURN_IF_ERROR(p.Properties(&schema.props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  if (start->exists) return AlreadyExistsSucceeded(start->name);
  return FinishCreate(env, kind, std::move(schema));
}

// Warehouse sizes as SHOW WAREHOUSES prints them.
Status NormaliseWarehouse(Value* props) {
  static const std::map<std::string, std::string> kSizes = {
      {"XSMALL", "X-Small"},    {"X-SMALL", "X-Small"},   {"SMALL", "Small"},
      {"MEDIUM", "Medium"},     {"LARGE", "Large"},       {"XLARGE", "X-Large"},
      {"X-LARGE", "X-Large"},   {"XXLARGE", "2X-Large"},  {"X2LARGE", "2X-Large"},
      {"2X-LARGE", "2X-Large"}, {"XXXLARGE", "3X-Large"}, {"X3LARGE", "3X-Large"},
      {"3X-LARGE", "3X-Large"}, {"X4LARGE", "4X-Large"},  {"4X-LARGE", "4X-Large"}};
  auto it = props->find("WAREHOUSE_SIZE");
  if (it != props->end()) {
    auto size = kSizes.find(Upper(it->is_string() ? it->get<std::string>() : it->dump()));
    if (size == kSizes.end()) {
      return InvalidValue("invalid value [" + it->dump() + "] for parameter 'WAREHOUSE_SIZE'");
    }
    *it = size->second;
  }
  return Status::Ok();
}

Result<ResultSet> CreateWarehouse(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("WAREHOUSE");
  auto start = BeginCreate(p, env, kind);
  if (!start.ok()) return start.status();
  SfObject wh;
  wh.name = start->name;
  p.Accept("WITH");
  wh.props = {{"WAREHOUSE_SIZE", "X-Small"}, {"AUTO_SUSPEND", 600}, {"AUTO_RESUME", "TRUE"}};
  CW_RETURN_IF_ERROR(p.Properties(&wh.props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  CW_RETURN_IF_ERROR(NormaliseWarehouse(&wh.props));
  wh.props["STATE"] = PropTrue(wh.props, "INITIALLY_SUSPENDED") ? "SUSPENDED" : "STARTED";
  wh.props.erase("INITIALLY_SUSPENDED");
  if (start->exists) return AlreadyExistsSucceeded(start->name);
  return FinishCreate(env, kind, std::move(wh));
}

// ALTER <kind> [IF EXISTS] <name> SET ... | UNSET ... | RENAME TO <name> | <extra verbs>.
Result<ResultSet> AlterContainer(SfParser& p, ExecEnv& env, const char* kind_name) {
  const SfKind& kind = *FindKind(kind_name);
  bool absent = false;
  auto object = FindObject(p, env, kind, /*need_owner=*/true, &absent);
  if (!object.ok()) return object.status();
  if (absent) return Executed();
  SfObject& o = **object;
  if (p.AcceptAll({"RENAME", "TO"})) {
    auto target = ReadName(p, env, kind);
    if (!target.ok()) return target.status();
    CW_RETURN_IF_ERROR(p.ExpectEnd());
    if (env.catalog.Find(kind.kind, *target) != nullptr) return AlreadyExists(target->Display());
    env.catalog.Rename(kind.kind, o.name, *target);
    return Executed();
  }
  if (std::string(kind_name) == "WAREHOUSE") {
    if (p.Accept("SUSPEND")) {
      o.props["STATE"] = "SUSPENDED";
      return Executed();
    }
    if (p.Accept("RESUME")) {
      p.AcceptAll({"IF", "SUSPENDED"});
      o.props["STATE"] = "STARTED";
      return Executed();
    }
  }
  if (std::string(kind_name) == "SCHEMA") {
    if (p.AcceptAll({"ENABLE", "MANAGED", "ACCESS"})) {
      o.props["MANAGED_ACCESS"] = true;
      return Executed();
    }
    if (p.AcceptAll({"DISABLE", "MANAGED", "ACCESS"})) {
      o.props.erase("MANAGED_ACCESS");
      return Executed();
    }
  }
  Value props = o.props;
  CW_RETURN_IF_ERROR(SetOrUnset(p, &props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  if (std::string(kind_name) == "WAREHOUSE") CW_RETURN_IF_ERROR(NormaliseWarehouse(&props));
  o.props = std::move(props);
  return Executed();
}

Result<ResultSet> AlterDatabase(SfParser& p, ExecEnv& env) {
  return AlterContainer(p, env, "DATABASE");
}
Result<ResultSet> AlterSchema(SfParser& p, ExecEnv& env) {
  return AlterContainer(p, env, "SCHEMA");
}
Result<ResultSet> AlterWarehouse(SfParser& p, ExecEnv& env) {
  return AlterContainer(p, env, "WAREHOUSE");
}

}  // namespace

void RegisterContainerExecutors(ExecutorTable* t) {
  (*t)["CREATE DATABASE"] = &CreateDatabase;
  (*t)["CREATE SCHEMA"] = &CreateSchema;
  (*t)["CREATE WAREHOUSE"] = &CreateWarehouse;
  (*t)["ALTER DATABASE"] = &AlterDatabase;
  (*t)["ALTER SCHEMA"] = &AlterSchema;
  (*t)["ALTER WAREHOUSE"] = &AlterWarehouse;
}

}  // namespace causeway::sandbox::snowflake

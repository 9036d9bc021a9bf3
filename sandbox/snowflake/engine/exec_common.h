// What every executor shares: resolving names against the session's current database and
// schema, the checks and bookkeeping of CREATE (container exists, privilege to create in it,
// IF NOT EXISTS / OR REPLACE, owner, future grants), finding an object for ALTER/DESC with the
// right error, SET/UNSET property lists, and reading property bags into cells.
// Thread-safety: none (see sql_engine.h).
#pragma once

#include <string>

#include "sandbox/snowflake/engine/kinds.h"
#include "sandbox/snowflake/engine/sql_engine.h"

namespace causeway::sandbox::snowflake {

// Reads a name for an object of `kind`, completing it from the session (`action` names the
// statement in the "no current database" error).
Result<ObjectName> ReadName(SfParser& p, ExecEnv& env, const SfKind& kind);
// Completes already-read parts the same way.
Result<ObjectName> CompleteName(const std::vector<std::string>& parts, ExecEnv& env,
                                const SfKind& kind, const SfParser& p);

// The database / schema an object of `kind` named `name` lives in must exist and be visible.
Status CheckContainers(ExecEnv& env, const SfKind& kind, const ObjectName& name);

struct CreateStart {
  ObjectName name;
  bool if_not_exists = false;
  bool exists = false;  // exists and IF NOT EXISTS was given: the statement does nothing
};
// CREATE's common start after the kind keyword: [IF NOT EXISTS] <name>, containers, the create
// privilege, and "already exists" unless OR REPLACE / IF NOT EXISTS.
Result<CreateStart> BeginCreate(SfParser& p, ExecEnv& env, const SfKind& kind);
// Stores `object` (kind and name set) owned by the session's role, replacing an old one, applies
// future grants, and answers "<Kind> <NAME> successfully created.".
ResultSet FinishCreate(ExecEnv& env, const SfKind& kind, SfObject object);
// "<NAME> already exists, statement succeeded."
ResultSet AlreadyExistsSucceeded(const ObjectName& name);

// Reads [IF EXISTS] <name> and finds the object; 002003 when missing or invisible, 003001 when
// `need_owner` and the role does not own it. `*absent_ok` (may be null) is set when IF EXISTS was
// given and the object is missing, in which case the result is nullptr.
Result<SfObject*> FindObject(SfParser& p, ExecEnv& env, const SfKind& kind, bool need_owner,
                             bool* absent_ok = nullptr);

// SET k = v ... | UNSET k [, k ...] into `props`. `allowed` (may be empty: anything) limits keys.
Status SetOrUnset(SfParser& p, Value* props);

// A string property as a cell: null when absent or null; numbers and booleans printed.
Cell PropCell(const Value& props, const std::string& key);
std::string PropString(const Value& props, const std::string& key,
                       const std::string& fallback = "");
bool PropTrue(const Value& props, const std::string& key);
// "Statement executed successfully."
ResultSet Executed();

}  // namespace causeway::sandbox::snowflake

namespace causeway::sandbox::snowflake {
struct SfKind;
// SHOW <plural> once the plural was read (exec_generic.cc).
Result<ResultSet> ShowObjects(SfParser& p, ExecEnv& env, const SfKind& kind);
}  // namespace causeway::sandbox::snowflake

namespace causeway::sandbox::snowflake {
// A FILE_FORMAT = (...) value: FORMAT_NAME naming an existing file format, or inline options
// (exec_stage.cc).
Status CheckFileFormatRef(ExecEnv& env, const Value& file_format);
}  // namespace causeway::sandbox::snowflake

namespace causeway::sandbox::snowflake {
// SQL LIKE, case-insensitive, with % and _ and backslash escapes (exec_generic.cc).
bool LikeMatch(const std::string& text, const std::string& pattern);
// DESC TABLE's rows for a table or external table (exec_table.cc).
ResultSet DescribeColumns(const SfObject& table);
}  // namespace causeway::sandbox::snowflake

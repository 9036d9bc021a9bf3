// ShowSpec: the columns SHOW <objects> answers for each kind (specs SHOW_OUTPUTS.md, in that
// order) and how one object becomes a row. Account-level kinds are in show_rows_account.cc,
// schema-level kinds in show_rows_schema.cc.
// Thread-safety: immutable tables.
#pragma once

#include <string>
#include <vector>

#include "sandbox/snowflake/engine/sql_engine.h"

namespace causeway::sandbox::snowflake {

struct ShowSpec {
  std::vector<ResultColumn> columns;
  Row (*row)(const SfObject& object, const ExecEnv& env);
};

// nullptr when the kind has no SHOW here.
const ShowSpec* ShowSpecFor(const std::string& kind);
const ShowSpec* AccountShowSpec(const std::string& kind);
const ShowSpec* SchemaShowSpec(const std::string& kind);

// Helpers for row builders.
inline Cell Flag(bool b) { return std::string(b ? "Y" : "N"); }
inline Cell Bool(bool b) { return std::string(b ? "true" : "false"); }
Cell CommentCell(const SfObject& o);

}  // namespace causeway::sandbox::snowflake

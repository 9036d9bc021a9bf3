// GrantTarget: what follows ON in GRANT, REVOKE and SHOW GRANTS — ACCOUNT, one object of a kind
// (TABLE "D"."S"."T", STORAGE INTEGRATION "I"), ALL <plural> IN SCHEMA|DATABASE (the objects that
// exist now) or FUTURE <plural> IN SCHEMA|DATABASE — plus reading object kinds by keyword
// (one- and two-word kinds, STORAGE INTEGRATION meaning INTEGRATION).
// Thread-safety: none (see sql_engine.h).
#pragma once

#include <vector>

#include "sandbox/snowflake/engine/kinds.h"
#include "sandbox/snowflake/engine/sql_engine.h"

namespace causeway::sandbox::snowflake {

struct GrantTarget {
  const SfKind* kind = nullptr;
  std::vector<ObjectName> objects;  // ACCOUNT: one empty name
  bool future = false;
  ObjectName future_container;  // database {name} or schema {database, name}
  bool future_in_schema = false;
};

// Reads a kind keyword (singular or, with `plural`, plural); nullptr (nothing consumed) when
// the next words name no kind.
const SfKind* ReadKind(SfParser& p, bool plural);
// The target after ON; every named object must exist and be visible.
Result<GrantTarget> ReadGrantTarget(SfParser& p, ExecEnv& env);
// IN SCHEMA <name> | IN DATABASE <name>: the container (schema: {database, "", name}).
Result<ObjectName> ReadContainer(SfParser& p, ExecEnv& env, bool* in_schema);

}  // namespace causeway::sandbox::snowflake

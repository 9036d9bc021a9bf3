// SfKind: what the engine knows about each kind of Snowflake object: its SQL keyword and plural,
// where it lives (account, database, schema), the name messages use, the privilege that creates
// it and the privileges `ALL` expands to.
// Thread-safety: immutable tables.
#pragma once

#include <string>
#include <vector>

namespace causeway::sandbox::snowflake {

enum class Level { kAccount, kDatabase, kSchema };

struct SfKind {
  const char* kind;                     // "EXTERNAL TABLE"
  const char* plural;                   // "EXTERNAL TABLES"
  Level level;                          // where objects of this kind live
  const char* display;                  // "External table" in messages
  const char* create;                   // privilege creating one in its container ("CREATE TABLE")
  std::vector<std::string> privileges;  // what ALL [PRIVILEGES] grants, OWNERSHIP excluded
};

// The kind named `kind` ("TABLE"), nullptr when unknown.
const SfKind* FindKind(const std::string& kind);
// The kind whose plural is `plural` ("TABLES"), nullptr when unknown.
const SfKind* FindKindByPlural(const std::string& plural);
// Every kind.
const std::vector<SfKind>& AllKinds();

}  // namespace causeway::sandbox::snowflake

// File names inside a state directory (lock, journal, state file) and the rule that keeps every
// one of them inside that directory. Thread-safety: pure functions.
#pragma once

#include <string>

#include "reconciler/core/status.h"

namespace causeway {

inline constexpr char kLockFileName[] = "lock.json";
inline constexpr char kJournalFileName[] = "journal.jsonl";
inline constexpr char kGitignoreFileName[] = ".gitignore";

// OK if `name` is a plain file name that stays inside its directory: not empty, not absolute, no
// '/', no "..", no NUL, not ".", and not a name the state directory reserves (".git", the lock,
// the journal, ".gitignore"). InvalidArgument naming `what` otherwise.
Status CheckStateFileName(const std::string& name, const std::string& what);

// "<dir>/<name>" (no doubled slash).
std::string JoinStatePath(const std::string& dir, const std::string& name);

}  // namespace causeway

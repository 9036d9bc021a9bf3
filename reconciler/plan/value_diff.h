// ValueDiff: how a plan shows a change to a nested value (a policy document, a column list, a
// map of tags) so that a reviewer sees what changed, as Terraform does: both values are printed
// as indented JSON (keys sorted, two spaces, without the commas between members, so that an
// appended item changes one line) and compared line by line (longest common
// subsequence); the result marks removed lines '-', added lines '+' and keeps unchanged lines
// as context, eliding runs of unchanged lines further than `context` lines from a change.
// Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "reconciler/core/value.h"

namespace causeway {

struct DiffLine {
  char mark = ' ';   // ' ' unchanged, '-' removed, '+' added, '.' an elision
  std::string text;  // the JSON line, or "(N unchanged lines)" for an elision
};

// True when a change from `before` to `after` reads better as a line diff than as
// `before -> after`: both are objects or arrays (or one is and the other is null).
bool IsNestedChange(const Value& before, const Value& after);

// The line diff of the indented JSON forms of `before` and `after`. Values of more than
// kMaxDiffLines lines each are shown whole (every line of before removed, of after added).
std::vector<DiffLine> DiffValues(const Value& before, const Value& after, int context = 3);

inline constexpr size_t kMaxDiffLines = 2000;

}  // namespace causeway

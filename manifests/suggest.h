// "Did you mean" suggestions for misspelt names: a case-insensitive optimal-string-alignment edit
// distance (a swapped pair of letters counts as one edit) and the nearest candidate within a
// threshold that grows with the length of the name. Used by every loader diagnostic that names
// something unknown. Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

namespace causeway {

// Edit distance between `a` and `b`, ignoring ASCII case; insertions, deletions, substitutions
// and transpositions of adjacent characters each cost 1.
int EditDistance(const std::string& a, const std::string& b);

// The candidate nearest to `name` if it is within max(1, name.size() / 3) edits; on ties the
// earliest candidate wins. Returns "" when nothing is close enough (or `name` itself is listed).
std::string Nearest(const std::string& name, const std::vector<std::string>& candidates);

// "; did you mean 'X'?" for the nearest candidate, or "" when there is none.
std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace causeway

// Line diff of two nested values for plans (see value_diff.h). Written by hand: the longest
// common subsequence over a few hundred lines is twenty lines of code, and no Debian-packaged
// C++ library offers a line diff of strings.
#include "reconciler/plan/value_diff.h"

#include <sstream>

namespace causeway {

namespace {

std::vector<std::string> Lines(const Value& v) {
  std::vector<std::string> out;
  if (v.is_null()) return out;
  std::istringstream in(v.dump(2));
  for (std::string line; std::getline(in, line);) {
    // Without JSON's separators, an item appended to a list changes one line, not two.
    if (!line.empty() && line.back() == ',') line.pop_back();
    out.push_back(line);
  }
  return out;
}

// Every line of `a` removed then every line of `b` added.
std::vector<DiffLine> Whole(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<DiffLine> out;
  for (const auto& l : a) out.push_back({'-', l});
  for (const auto& l : b) out.push_back({'+', l});
  return out;
}

std::vector<DiffLine> Lcs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const size_t n = a.size(), m = b.size();
  // len[i][j]: length of the LCS of a[i..] and b[j..].
  std::vector<std::vector<uint32_t>> len(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      len[i][j] = a[i] == b[j] ? len[i + 1][j + 1] + 1 : std::max(len[i + 1][j], len[i][j + 1]);
    }
  }
  std::vector<DiffLine> out;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      out.push_back({' ', a[i]});
      ++i, ++j;
    } else if (j < m && (i == n || len[i][j + 1] > len[i + 1][j])) {
      out.push_back({'+', b[j++]});
    } else {
      out.push_back({'-', a[i++]});
    }
  }
  return out;
}

// Keeps changed lines and `context` unchanged lines around each; longer unchanged runs become
// one elision line.
std::vector<DiffLine> Elide(const std::vector<DiffLine>& lines, int context) {
  const int n = static_cast<int>(lines.size());
  std::vector<bool> keep(lines.size(), false);
  for (int i = 0; i < n; ++i) {
    if (lines[i].mark == ' ') continue;
    for (int k = std::max(0, i - context); k <= std::min(n - 1, i + context); ++k) keep[k] = true;
  }
  std::vector<DiffLine> out;
  for (int i = 0; i < n;) {
    if (keep[i]) {
      out.push_back(lines[i++]);
      continue;
    }
    int start = i;
    while (i < n && !keep[i]) ++i;
    int hidden = i - start;
    if (hidden == 1) {
      out.push_back(lines[start]);
    } else {
      out.push_back({'.', "(" + std::to_string(hidden) + " unchanged lines)"});
    }
  }
  return out;
}

}  // namespace

bool IsNestedChange(const Value& before, const Value& after) {
  auto nested = [](const Value& v) { return v.is_object() || v.is_array(); };
  return (nested(before) || before.is_null()) && (nested(after) || after.is_null()) &&
         (nested(before) || nested(after)) && !IsUnknown(before) && !IsUnknown(after);
}

std::vector<DiffLine> DiffValues(const Value& before, const Value& after, int context) {
  std::vector<std::string> a = Lines(before), b = Lines(after);
  if (a.size() > kMaxDiffLines || b.size() > kMaxDiffLines) return Whole(a, b);
  return Elide(Lcs(a, b), context);
}

}  // namespace causeway

// External table partitions from paths.
#include "sandbox/snowflake/engine/external_partitions.h"

#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/sql/sf_lexer.h"

namespace causeway::sandbox::snowflake {

namespace {

// SPLIT_PART(<source>, 'sep', n) at tokens[i], where <source> is METADATA$FILENAME or another
// SPLIT_PART; `*next` is set past its closing parenthesis.
std::optional<std::string> EvalSplitPart(const std::vector<SfToken>& t, size_t i,
                                         const std::string& filename, size_t* next) {
  if (i + 1 >= t.size() || !t[i].Is("SPLIT_PART") || !t[i + 1].IsPunct("(")) return std::nullopt;
  size_t k = i + 2;
  std::optional<std::string> source;
  if (k < t.size() && t[k].Is("METADATA$FILENAME")) {
    source = filename;
    ++k;
  } else {
    source = EvalSplitPart(t, k, filename, &k);
  }
  if (!source || k + 4 >= t.size() || !t[k].IsPunct(",") ||
      t[k + 1].kind != SfToken::Kind::kString || !t[k + 2].IsPunct(",") ||
      t[k + 3].kind != SfToken::Kind::kNumber || !t[k + 4].IsPunct(")")) {
    return std::nullopt;
  }
  *next = k + 5;
  const std::string& sep = t[k + 1].text;
  const int64_t n = ParseInteger<int64_t>(t[k + 3].text).value_or(0);
  std::vector<std::string> parts;
  if (sep.empty()) {
    parts.push_back(*source);
  } else {
    size_t from = 0;
    while (true) {
      const size_t at = source->find(sep, from);
      parts.push_back(
          source->substr(from, at == std::string::npos ? std::string::npos : at - from));
      if (at == std::string::npos) break;
      from = at + sep.size();
    }
  }
  const int64_t count = static_cast<int64_t>(parts.size());
  const int64_t index = n > 0 ? n - 1 : count + n;  // negative counts from the end
  if (n == 0 || index < 0 || index >= count) return std::string();
  return parts[index];
}

// The first (outermost) SPLIT_PART over METADATA$FILENAME in `expression`, evaluated.
std::optional<std::string> SplitPart(const std::string& expression, const std::string& filename) {
  auto tokens = LexSnowflake(expression);
  if (!tokens.ok()) return std::nullopt;
  for (size_t i = 0; i < tokens->size(); ++i) {
    size_t next = 0;
    if (auto value = EvalSplitPart(*tokens, i, filename, &next)) return value;
  }
  return std::nullopt;
}

std::optional<std::string> HiveValue(const std::string& column, const std::string& filename) {
  size_t from = 0;
  while (from < filename.size()) {
    const size_t slash = filename.find('/', from);
    if (slash == std::string::npos) break;  // the file name itself is not a directory
    const std::string segment = filename.substr(from, slash - from);
    const size_t eq = segment.find('=');
    if (eq != std::string::npos && EqualsIgnoringCase(segment.substr(0, eq), column)) {
      return segment.substr(eq + 1);
    }
    from = slash + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> PartitionOf(const std::string& filename,
                                       const std::vector<std::string>& partition_columns,
                                       const Value& columns) {
  std::string out;
  for (const auto& name : partition_columns) {
    std::string expression;
    for (const auto& c : columns) {
      if (c["name"] == name && c["expression"].is_string()) expression = c["expression"];
    }
    std::optional<std::string> value = SplitPart(expression, filename);
    if (!value || value->empty()) value = HiveValue(name, filename);
    if (!value || value->empty()) return std::nullopt;
    out += (out.empty() ? "" : "/") + name + "=" + *value;
  }
  return out;
}

}  // namespace causeway::sandbox::snowflake

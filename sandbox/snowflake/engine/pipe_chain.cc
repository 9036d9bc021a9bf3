// Pipe chains (->>): splitting a statement at the operator and SELECT * FROM $n over earlier
// results. See pipe_chain.h.
#include "sandbox/snowflake/engine/pipe_chain.h"

#include "sandbox/snowflake/engine/sql_errors.h"
#include "sandbox/snowflake/sql/sf_parser.h"

namespace causeway::sandbox::snowflake {

namespace {

// `-` `>` `>` written together at token k.
bool PipeAt(const std::vector<SfToken>& t, size_t k) {
  return k + 2 < t.size() && t[k].IsPunct("-") && t[k + 1].IsPunct(">") && t[k + 2].IsPunct(">") &&
         t[k].end == t[k + 1].offset && t[k + 1].end == t[k + 2].offset;
}

// True when `statement` reads earlier results: SELECT ... FROM $n.
bool ReadsPipe(const std::string& statement) {
  SfParser p(statement);
  if (!p.status().ok() || !p.Peek().Is("SELECT")) return false;
  for (size_t k = 0; p.Peek(k).kind != SfToken::Kind::kEnd; ++k) {
    const SfToken& t = p.Peek(k);
    if (t.Is("FROM") && p.Peek(k + 1).kind == SfToken::Kind::kWord &&
        p.Peek(k + 1).text.size() > 1 && p.Peek(k + 1).text[0] == '$') {
      return true;
    }
  }
  return false;
}

// SELECT * FROM $n [UNION ALL SELECT * FROM $m ...] over `earlier` (oldest first).
Result<ResultSet> SelectPiped(const std::string& statement, const std::vector<ResultSet>& earlier) {
  SfParser p(statement);
  CW_RETURN_IF_ERROR(p.status());
  ResultSet out;
  bool first = true;
  do {
    CW_RETURN_IF_ERROR(p.Expect("SELECT"));
    if (!p.AcceptPunct("*")) return Unsupported("SELECT of anything but * from a pipe result");
    CW_RETURN_IF_ERROR(p.Expect("FROM"));
    const SfToken ref = p.Peek();
    size_t n = 0;
    if (ref.kind == SfToken::Kind::kWord && ref.text.size() > 1 && ref.text[0] == '$') {
      for (size_t i = 1; i < ref.text.size(); ++i) {
        const char c = ref.text[i];
        if (c < '0' || c > '9') return p.Error();
        n = n * 10 + static_cast<size_t>(c - '0');
      }
    }
    if (n == 0) return p.Error();
    if (n > earlier.size()) {
      return InvalidValue("Pipe reference " + ref.text + " is out of range: only " +
                          std::to_string(earlier.size()) + " statements precede it.");
    }
    p.Advance();
    const ResultSet& from = earlier[earlier.size() - n];
    if (first) {
      out.columns = from.columns;
      first = false;
    } else if (from.columns.size() != out.columns.size()) {
      return InvalidValue(
          "SQL compilation error: invalid number of result columns for set "
          "operator input branches, expected " +
          std::to_string(out.columns.size()) + ", got " + std::to_string(from.columns.size()) +
          " in branch " + ref.text);
    }
    out.rows.insert(out.rows.end(), from.rows.begin(), from.rows.end());
  } while (p.AcceptAll({"UNION", "ALL"}));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  return out;
}

}  // namespace

Result<std::vector<std::string>> SplitPipeChain(const std::string& statement) {
  auto tokens = LexSnowflake(statement);
  if (!tokens.ok()) return tokens.status();
  const auto& t = *tokens;
  if (t.size() == 1) return std::vector<std::string>{statement};  // empty: the engine says so
  std::vector<std::string> out;
  size_t first = 0;
  for (size_t k = 0; k < t.size(); ++k) {
    const bool end = t[k].kind == SfToken::Kind::kEnd;
    if (!end && !PipeAt(t, k)) continue;
    if (k == first) return SyntaxErrorAt(statement, t[k].offset, "");  // nothing before ->>
    out.push_back(statement.substr(t[first].offset, t[k - 1].end - t[first].offset));
    if (end) break;
    first = k + 3;
    k += 2;
  }
  return out;
}

Result<ResultSet> RunPipeChain(const std::vector<std::string>& chain,
                               const std::function<Result<ResultSet>(const std::string&)>& run) {
  std::vector<ResultSet> done;
  for (size_t i = 0; i < chain.size(); ++i) {
    auto r = i > 0 && ReadsPipe(chain[i]) ? SelectPiped(chain[i], done) : run(chain[i]);
    if (!r.ok()) return r.status();
    done.push_back(std::move(r).value());
  }
  return done.back();
}

}  // namespace causeway::sandbox::snowflake

// SqlEngine: picks the executor by the statement's leading words.
#include "sandbox/snowflake/engine/sql_engine.h"

#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/engine/pipe_chain.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

SqlEngine::SqlEngine() : SqlEngine(AccountIdentity{}) {}

SqlEngine::SqlEngine(AccountIdentity identity) : identity_(std::move(identity)) {
  RegisterContainerExecutors(&table_);
  RegisterPrincipalExecutors(&table_);
  RegisterGrantExecutors(&table_);
  RegisterGenericExecutors(&table_);
  RegisterIntegrationExecutors(&table_);
  RegisterStageExecutors(&table_);
  RegisterTableExecutors(&table_);
  RegisterExternalExecutors(&table_);
  RegisterSelectExecutors(&table_);
}

Result<ResultSet> SqlEngine::Execute(const std::string& statement, SfCatalog& catalog,
                                     Session& session, SandboxContext* sandbox,
                                     int64_t now_ms) const {
  // A chain of statements joined by ->> is one statement (pipe_chain.h).
  auto chain = SplitPipeChain(statement);
  if (!chain.ok()) return chain.status();
  if (chain->size() > 1) {
    return RunPipeChain(*chain, [&](const std::string& one) {
      return Execute(one, catalog, session, sandbox, now_ms);
    });
  }
  SfParser p(statement);
  CW_RETURN_IF_ERROR(p.status());
  if (p.AtEnd()) return SyntaxErrorAt(statement, 0, "Empty SQL statement");
  ExecEnv env{catalog, session, sandbox, now_ms, identity_, AccessView(catalog, session.role)};
  std::string verb = Upper(p.Peek().text);
  if (p.Peek().kind != SfToken::Kind::kWord) return p.Error();
  if (verb == "DESCRIBE") verb = "DESC";
  if (verb == "LS") verb = "LIST";
  p.Advance();
  if (verb == "CREATE") {
    env.or_replace = p.AcceptAll({"OR", "REPLACE"});
    p.Accept("TRANSIENT");
  }
  // The longest run of leading words naming an executor wins.
  for (size_t words = 3;; --words) {
    std::string key = verb;
    bool all_words = true;
    for (size_t k = 0; k < words; ++k) {
      if (p.Peek(k).kind != SfToken::Kind::kWord) all_words = false;
      key += " " + Upper(p.Peek(k).text);
    }
    if (all_words) {
      auto it = table_.find(key);
      if (it != table_.end()) {
        for (size_t k = 0; k < words; ++k) p.Advance();
        return it->second(p, env);
      }
    }
    if (words == 0) break;
  }
  return p.Error();
}

}  // namespace causeway::sandbox::snowflake

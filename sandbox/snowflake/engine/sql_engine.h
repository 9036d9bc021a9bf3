// SqlEngine: runs one Snowflake statement against an SfCatalog for a session, independent of
// the protocol that brought it (SQL API v2 or the driver protocol). The statement's leading
// words pick its executor from a table ("CREATE DATABASE", "SHOW GRANTS", "LIST"); executors
// live one statement family per file (exec_*.cc) and read the rest of the statement through
// SfParser. Errors are Snowflake errors (sql_errors.h). Multi-statement requests are split by the
// front ends with SplitStatements() and run one by one through Execute(); a pipe chain (->>) is
// one statement (pipe_chain.h).
// Thread-safety: none; called under the sandbox's dispatch lock.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reconciler/core/status.h"
#include "sandbox/core/service.h"
#include "sandbox/snowflake/engine/access.h"
#include "sandbox/snowflake/engine/catalog.h"
#include "sandbox/snowflake/engine/result_set.h"
#include "sandbox/snowflake/sql/sf_parser.h"

namespace causeway::sandbox::snowflake {

// A session's context: who runs the statement and the current namespace.
struct Session {
  std::string user;
  std::string role;
  std::string warehouse;
  std::string database;
  std::string schema;
};

// Fixed identity of the emulated Snowflake account as AWS sees it.
struct AccountIdentity {
  std::string account = "SANDBOX";
  // The AWS account of Snowflake's IAM user that assumes storage integrations' roles.
  std::string aws_account = "123456789001";
  std::string aws_region = "us-east-1";
};

// Everything an executor works with for one statement.
struct ExecEnv {
  SfCatalog& catalog;
  Session& session;
  SandboxContext* sandbox;  // nullptr in unit tests: no other cloud to reach
  int64_t now_ms;
  const AccountIdentity& identity;
  AccessView access;
  bool or_replace = false;  // CREATE OR REPLACE
};

using Executor = Result<ResultSet> (*)(SfParser&, ExecEnv&);
using ExecutorTable = std::map<std::string, Executor>;

class SqlEngine {
 public:
  SqlEngine();
  explicit SqlEngine(AccountIdentity identity);

  // Runs one statement (no ';' separators: see SplitStatements).
  Result<ResultSet> Execute(const std::string& statement, SfCatalog& catalog, Session& session,
                            SandboxContext* sandbox, int64_t now_ms) const;

  const AccountIdentity& identity() const { return identity_; }

 private:
  AccountIdentity identity_;
  ExecutorTable table_;
};

// Registration of each statement family (exec_*.cc).
void RegisterContainerExecutors(ExecutorTable* table);    // database, schema, warehouse
void RegisterPrincipalExecutors(ExecutorTable* table);    // role, user, role grants, USE
void RegisterGrantExecutors(ExecutorTable* table);        // GRANT/REVOKE, SHOW GRANTS
void RegisterShowGrantExecutors(ExecutorTable* table);    // SHOW [FUTURE] GRANTS
void RegisterGenericExecutors(ExecutorTable* table);      // DROP and SHOW of every kind
void RegisterIntegrationExecutors(ExecutorTable* table);  // storage integrations
void RegisterStageExecutors(ExecutorTable* table);        // file formats, stages, LIST
void RegisterTableExecutors(ExecutorTable* table);        // tables, SHOW COLUMNS
void RegisterExternalExecutors(ExecutorTable* table);     // external tables, pipes
void RegisterSelectExecutors(ExecutorTable* table);       // SELECT of literals, context

}  // namespace causeway::sandbox::snowflake

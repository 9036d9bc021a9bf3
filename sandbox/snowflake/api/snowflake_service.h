// SnowflakeService (service "snowflake"): the emulated Snowflake account — its catalog
// (engine/catalog.h), run by the SQL engine — served over the SQL API v2
// (specs SQL_API.md, rest-api/sqlapi.yaml; handlers in sql_api_handlers.cc):
//   POST /api/v2/statements[?requestId=&retry=&async=]   SubmitStatement
//   GET  /api/v2/statements/{handle}[?partition=N]       GetStatementStatus
//   POST /api/v2/statements/{handle}/cancel              CancelStatement
// The driver protocol service (driver/driver_session_service.h) runs its queries through
// RunStatements() over the same catalog.
// Statements run synchronously. async=true answers 202 {code 333334}; the first GET of such a
// handle answers 202 again, the next the result (so clients' polling is exercised). Results are
// split into partitions of `partition_rows` rows. requestId + retry=true returns the first
// execution's reply without running it again. Statement results are kept in memory (the latest
// 1000), not persisted: they are not infrastructure. Dump() is the catalog.
// The account starts with the admin user (its RSA_PUBLIC_KEY the sandbox's generated key), the
// system roles and the SANDBOX_WH warehouse; Load() re-registers the current admin key.
// Thread-safety: called under the server's dispatch lock (see service.h).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sandbox/core/operation_table.h"
#include "sandbox/core/service.h"
#include "sandbox/snowflake/engine/catalog.h"
#include "sandbox/snowflake/engine/sql_engine.h"

namespace causeway::sandbox::snowflake {

struct SnowflakeServiceOptions {
  Bootstrap bootstrap;  // admin user, role, warehouse, public key
  size_t partition_rows = 1000;
  int async_polls = 1;  // GETs answered 202 before an async statement reports done
};

// One statement's outcome as the SQL API reports it.
struct StatementRecord {
  std::string handle;
  bool ok = true;
  ResultSet result;
  std::string error_code, error_message;
  std::vector<std::string> child_handles;  // multi-statement requests
  int pending_polls = 0;                   // GETs still to answer 202
  int64_t created_ms = 0;
};

class SnowflakeService : public SandboxService {
 public:
  explicit SnowflakeService(SnowflakeServiceOptions options);

  std::string name() const override { return "snowflake"; }
  std::string cloud() const override { return "snowflake"; }
  std::string OperationName(const SandboxRequest& request) const override;
  SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) override;
  bool IsMutating(const std::string& operation) const override;
  Value Dump() const override;
  Status Load(const Value& state) override;
  void Reset() override;

  // Runs `sql` (`count` statements; 0 = any number, 1 = exactly one) for `session`, recording a
  // StatementRecord per statement and one for the request when it held several. The record of
  // the request is returned; its handle GETs like any other.
  const StatementRecord& RunStatements(const std::string& sql, int count, Session& session,
                                       SandboxContext& context);
  // The user whose LOGIN_NAME (upper case) is `login`; nullptr when none.
  const SfObject* FindUserByLogin(const std::string& login) const;
  // The session a user starts with: its default role, warehouse and namespace, overridden by
  // non-empty `role`, `warehouse`, `database`, `schema`. An error (390189) when the role is not
  // granted to the user.
  Result<Session> OpenSession(const std::string& user, const std::string& role,
                              const std::string& warehouse, const std::string& database,
                              const std::string& schema) const;
  const StatementRecord* FindStatement(const std::string& handle) const;
  SfCatalog& catalog() { return catalog_; }
  const SnowflakeServiceOptions& options() const { return options_; }

 private:
  using Operations_ = OperationTable<SnowflakeService, const SandboxRequest&, SandboxContext&>;
  static const Operations_& Table();

  SandboxResponse SubmitStatement(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetStatementStatus(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse CancelStatement(const SandboxRequest& r, SandboxContext& c);
  // The reply for a finished or pending record (partition 0 with metadata).
  SandboxResponse ReplyFor(StatementRecord& record, const std::string& request_id);
  StatementRecord& Keep(StatementRecord record);
  void StampBootstrap(int64_t now_ms);

  SnowflakeServiceOptions options_;
  SqlEngine engine_;
  SfCatalog catalog_;
  bool fresh_ = true;                                  // bootstrap objects still carry time 0
  std::map<std::string, StatementRecord> statements_;  // by handle
  std::deque<std::string> order_;                      // handles, oldest first
  std::map<std::string, std::string> by_request_id_;   // requestId -> handle
};

int64_t EpochMillis(SandboxContext& context);
// "/api/v2/statements/<handle>[?requestId=<id>]".
std::string StatusUrl(const std::string& handle, const std::string& request_id);
// The 202 QueryStatus body {code 333334, message, statementHandle, statementStatusUrl}.
Value QueryStatus(const std::string& handle, const std::string& status_url);

}  // namespace causeway::sandbox::snowflake

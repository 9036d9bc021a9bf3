// DriverSessionService (service "snowflake_session"): Snowflake's driver protocol
// (specs DRIVER_PROTOCOL.md), what snowflake-sdk and the other drivers speak, over the account
// the SQL API serves (SnowflakeService::RunStatements):
//   POST /session/v1/login-request   LoginRequest   password (AUTHENTICATOR SNOWFLAKE) or key-pair
//                                                   JWT (SNOWFLAKE_JWT, the JWT in TOKEN)
//   POST /queries/v1/query-request   QueryRequest   runs sqlText; JSON results, inline
//   GET  /queries/<id>/result        GetQueryResult a query's result again (async polling)
//   POST /session/heartbeat          Heartbeat
//   POST /session/token-request      TokenRequest   renews the session token with the master token
//   POST /session?delete=true        Logout
//   POST /telemetry/send             Telemetry      accepted and dropped
// Calls after login carry `Authorization: Snowflake Token="<session token>"`. Failures answer
// HTTP 200 {"success": false, "code", "message", "data"} as drivers expect: 390100 wrong user or
// password, 390144 a bad JWT, 390189 a role the user lacks, 390112 an expired session (the driver
// then renews), 390104 an unknown token; SQL errors carry the statement's code and sqlState.
// Passwords: the admin's is the sandbox's fixed test password; other users' are what CREATE /
// ALTER USER ... PASSWORD set. Sessions (tokens valid 1 h, master tokens 4 h, by the sandbox clock)
// persist with the service but are not in the admin dump.
// Thread-safety: called under the server's dispatch lock (see service.h).
#pragma once

#include <map>
#include <string>

#include "sandbox/core/operation_table.h"
#include "sandbox/core/service.h"
#include "sandbox/snowflake/engine/sql_engine.h"

namespace causeway::sandbox::snowflake {

class SnowflakeService;

struct DriverSession {
  Session session;
  std::string master_token;
  int64_t token_expires_ms = 0;
  int64_t master_expires_ms = 0;
  int64_t id = 0;
};

class DriverSessionService : public SandboxService {
 public:
  // `admin_user` logs in with `admin_password`.
  DriverSessionService(std::string account, std::string admin_user, std::string admin_password);

  std::string name() const override { return "snowflake_session"; }
  std::string cloud() const override { return "snowflake"; }
  std::string OperationName(const SandboxRequest& request) const override;
  SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) override;
  bool IsMutating(const std::string& operation) const override;
  Value Dump() const override;
  Status Load(const Value& state) override;
  void Reset() override;
  bool InAdminDump() const override { return false; }

 private:
  using Operations_ = OperationTable<DriverSessionService, const SandboxRequest&, SandboxContext&>;
  static const Operations_& Table();

  SandboxResponse LoginRequest(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse QueryRequest(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetQueryResult(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse Heartbeat(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse TokenRequest(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse Logout(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse Telemetry(const SandboxRequest& r, SandboxContext& c);

  // The session of the request's token; nullptr with `*refusal` set otherwise.
  DriverSession* Authorized(const SandboxRequest& r, SandboxContext& c, SandboxResponse* refusal);
  // A query's answer from its record.
  SandboxResponse QueryReply(const std::string& handle, SnowflakeService& sf,
                             const DriverSession& session);

  std::string account_;
  std::string admin_user_;
  std::string admin_password_;
  std::map<std::string, DriverSession> sessions_;  // by session token
  int64_t next_id_ = 1;
};

}  // namespace causeway::sandbox::snowflake

// SnowflakeFrontend: the Snowflake front end of causeway-sandbox (contract:
// notes/snowflake_contract.md). Claims, with certainty, the SQL API v2 (/api/v2/statements and
// below, service "snowflake", api/snowflake_service.h) and the driver protocol's paths
// (/session/, /queries/, /telemetry/, service "snowflake_session",
// driver/driver_session_service.h); both serve one account state.
// SQL API callers authenticate with a key-pair JWT (auth/keypair_jwt.h) of a user with a
// registered RSA_PUBLIC_KEY; driver calls carry the session tokens their login issued and are
// checked by the session service itself.
// Error codes this emulator answers with (Snowflake's where known, chosen where not):
//   401 {"code": "390144", "message": "JWT token is invalid. [<reason>]"}: bad signature,
//       unknown fingerprint / issuer / user, expired token, exp more than 1 h after iat.
//   401 {"code": "390101", ...}: no "Authorization: Bearer" header (code chosen here).
//   401 {"code": "390303", "message": "Invalid OAuth access token. ..."}: a token type other
//       than KEYPAIR_JWT (the sandbox issues no OAuth tokens).
//   429 {"code": "000429", "message": "Too many requests..."} when throttled (code chosen).
//   Injected failures: {"code", "message"} with the rule's status; a 422 rule answers a
//       QueryFailureStatus (sqlState, statementHandle) as a failing statement does; on driver
//       paths a 4xx other than 429 answers HTTP 200 {"success": false, ...} as drivers expect.
//   The `async` fault turns a finished SubmitStatement into 202 {code 333334, statementHandle};
//   polling the handle then gives the result.
// Deviations from the contract: none in what the provider sends or reads. Leniencies: a JWT's
// exp may exceed iat + 3600 by up to 60 s of clock skew (iat likewise may lie 60 s ahead), and
// USE / ALTER SESSION are accepted in single-statement SQL API requests (Snowflake accepts them
// only inside multi-statement requests).
// Thread-safety: immutable after construction (see frontend.h).
#pragma once

#include <string>

#include "sandbox/core/frontend.h"
#include "sandbox/core/server.h"

namespace causeway::sandbox {

// The test identity (contract "Test identity").
inline constexpr char kSnowflakeAccount[] = "SANDBOX";
inline constexpr char kSnowflakeAdminUser[] = "SANDBOX_ADMIN";
inline constexpr char kSnowflakeAdminRole[] = "ACCOUNTADMIN";
inline constexpr char kSnowflakeWarehouse[] = "SANDBOX_WH";
inline constexpr char kSnowflakePassword[] = "sandbox-test-password";

struct SnowflakeFrontendOptions {
  // Rows per SQL API result partition (the contract's option; small values exercise paging).
  size_t partition_rows = 1000;
  // GETs of an async=true statement answered 202 before its result.
  int async_polls = 1;
  // Where the admin key lives; "" = <server state_dir>/snowflake/sandbox_admin_key.p8, or a
  // temp file when the server keeps state in memory.
  std::string state_dir_override;
};

class SnowflakeFrontend : public Frontend {
 public:
  // `private_key_file`: the admin key's path; removed by the destructor when `temporary`.
  SnowflakeFrontend(std::string private_key_file, bool temporary);
  ~SnowflakeFrontend() override;

  std::string cloud() const override { return "snowflake"; }
  FrontendMatch Match(const SandboxRequest& request,
                      const std::vector<const SandboxService*>& services) const override;
  std::optional<SandboxResponse> Authenticate(SandboxRequest* request,
                                              const SandboxService& service,
                                              SandboxContext& context) const override;
  SandboxResponse FormatError(const SandboxRequest& request, const SandboxService* service,
                              const ErrorReply& error) const override;
  SandboxResponse Throttled(const SandboxRequest& request,
                            const SandboxService& service) const override;
  // Adds x-snowflake-request-id; applies the async fault to SubmitStatement.
  void FinishReply(const SandboxRequest& request, const SandboxService* service,
                   const ReplyFaults& faults, SandboxResponse* response) const override;
  // {"account", "user", "role", "warehouse", "password", "private_key_file"}.
  Value TestCredentials(const std::string& url) const override;
  // SNOWFLAKE_ACCOUNT, _USER, _ROLE, _WAREHOUSE, _PRIVATE_KEY_FILE, _AUTHENTICATOR=SNOWFLAKE_JWT,
  // _HOST (host:port), _PROTOCOL=http, _PORT.
  ToolSetup ToolSetupFor(const std::string& url) const override;
  Value HealthFields() const override { return {{"snowflake_account", kSnowflakeAccount}}; }

 private:
  std::string private_key_file_;
  bool temporary_;
};

// Registers the Snowflake front end and its services with `server`, before Start(): loads or
// generates the admin key (see sandbox/snowflake/auth/admin_key_file.h). An error when the key
// cannot be read or written.
Status AddSnowflakeCloud(SandboxServer* server, SnowflakeFrontendOptions options = {});

}  // namespace causeway::sandbox

// DatabricksFrontend: the Databricks front end of causeway-sandbox. Claims, with certainty,
// requests whose path is under Databricks' workspace APIs: /api/2.1/unity-catalog/ (routed to
// the Unity Catalog emulator, service "unitycatalog"), /api/2.0/sql/ (the statement emulator,
// service "sql") and /oidc/ (OAuth machine-to-machine, service "oidc", oidc/oidc_token_service.h);
// a path whose service is not registered is answered ENDPOINT_NOT_FOUND, as a workspace answers
// an API it does not have. Authenticates `Authorization: Bearer <token>` against fixed test
// personal access tokens and the unexpired OAuth tokens the oidc service issued (401
// UNAUTHENTICATED otherwise; /oidc/ itself authenticates its clients) and formats every error as
// Databricks does: {"error_code": "...", "message": "..."} (errors.h), throttling as 429
// REQUEST_LIMIT_EXCEEDED, which Databricks' SDKs retry.
// Callers are metastore admins (principal.role = kUcMetastoreAdminRole: full access) or plain
// users whose reads the Unity Catalog emulator checks against their grants.
// Thread-safety: immutable after construction (see frontend.h).
#pragma once

#include <map>
#include <string>

#include "sandbox/core/frontend.h"
#include "sandbox/core/server.h"

namespace causeway::sandbox {

// The test personal access token the sandbox accepts unless told otherwise, the user it
// authenticates as, and the SQL warehouse id clients name.
inline constexpr char kDefaultDatabricksToken[] = "dapi-sandbox-test-token";
inline constexpr char kDefaultDatabricksUser[] = "sandbox-user@example.com";
inline constexpr char kDefaultDatabricksWarehouseId[] = "sandbox0warehouse";
// A second, non-admin test user and its personal access token (test values).
inline constexpr char kDefaultDatabricksAnalystToken[] = "dapi-sandbox-analyst-token";
inline constexpr char kDefaultDatabricksAnalystUser[] = "analyst@sandbox.example";
// The OAuth client of a test service principal, a metastore admin (test values).
inline constexpr char kDefaultDatabricksClientId[] = "sandbox-oauth-client";
inline constexpr char kDefaultDatabricksClientSecret[] = "sandbox-oauth-secret";

struct DatabricksFrontendOptions {
  // Personal access tokens of metastore admins (token -> the user it authenticates). Empty: the
  // default token for the default user.
  std::map<std::string, std::string> tokens;
  // Personal access tokens of users without admin rights. Empty: the analyst's default token.
  std::map<std::string, std::string> user_tokens;
  // OAuth clients of service principals (metastore admins) by client id, their principal being
  // the client id, as Databricks names a service principal by its application id. Empty: the
  // default test client.
  std::map<std::string, std::string> oauth_clients;  // client id -> secret
  std::string warehouse_id = kDefaultDatabricksWarehouseId;
};

class DatabricksFrontend : public Frontend {
 public:
  explicit DatabricksFrontend(DatabricksFrontendOptions options = {});

  std::string cloud() const override { return "databricks"; }
  FrontendMatch Match(const SandboxRequest& request,
                      const std::vector<const SandboxService*>& services) const override;
  std::optional<SandboxResponse> Authenticate(SandboxRequest* request,
                                              const SandboxService& service,
                                              SandboxContext& context) const override;
  SandboxResponse FormatError(const SandboxRequest& request, const SandboxService* service,
                              const ErrorReply& error) const override;
  SandboxResponse Throttled(const SandboxRequest& request,
                            const SandboxService& service) const override;
  // Adds x-request-id. The null_unset_members fault has no output shapes to act on here yet.
  void FinishReply(const SandboxRequest& request, const SandboxService* service,
                   const ReplyFaults& faults, SandboxResponse* response) const override;
  // {"host": url, "token", "warehouse_id", "client_id", "client_secret", "analyst_token",
  // "analyst_user"}: the first admin token, the first OAuth client, the first non-admin token.
  Value TestCredentials(const std::string& url) const override;
  // DATABRICKS_HOST and DATABRICKS_TOKEN, as the Databricks CLI and SDKs read them.
  ToolSetup ToolSetupFor(const std::string& url) const override;

 private:
  std::map<std::string, std::string> tokens_;       // admins
  std::map<std::string, std::string> user_tokens_;  // non-admins
  std::map<std::string, std::string> oauth_clients_;
  std::string warehouse_id_;
};

// Registers the Databricks front end and its emulators (Unity Catalog, SQL statements on the
// configured warehouse, OAuth tokens for the configured clients) with `server`, before Start().
void AddDatabricksCloud(SandboxServer* server, DatabricksFrontendOptions options = {});

}  // namespace causeway::sandbox

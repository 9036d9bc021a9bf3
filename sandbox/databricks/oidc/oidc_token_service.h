// OAuth machine-to-machine emulator (service "oidc"), as a Databricks workspace serves it for
// service principals:
//   POST /oidc/v1/token   grant_type=client_credentials, scope (default and only scope:
//                         all-apis), client id and secret in HTTP Basic auth or as the
//                         client_id / client_secret form fields ->
//                         {"access_token", "token_type": "Bearer", "expires_in": 3600, "scope"}
//   GET  /oidc/.well-known/oauth-authorization-server   the endpoints, which SDKs discover first
// Errors follow OAuth 2.0 (RFC 6749 section 5.2) as Databricks' endpoint sends them: 401
// {"error": "invalid_client", "error_description"} for an unknown client or a wrong secret, 400
// unsupported_grant_type / invalid_scope / invalid_request. Issued tokens are kept until they
// expire on the sandbox clock; the Databricks front end accepts them as bearer tokens
// (FindToken). They are persisted (a restart keeps them valid) but not in the admin dump.
// Thread-safety: called under the server's dispatch lock (see service.h).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "sandbox/core/operation_table.h"
#include "sandbox/core/service.h"

namespace causeway::sandbox {

// A service principal's OAuth client.
struct OidcClient {
  std::string secret;
  std::string principal;  // the name requests made with its tokens authenticate as
};

class OidcTokenService : public SandboxService {
 public:
  // Issued tokens live this long.
  static constexpr std::chrono::seconds kTokenLifetime{3600};

  // `clients` by client id.
  explicit OidcTokenService(std::map<std::string, OidcClient> clients);
  std::string name() const override { return "oidc"; }
  std::string cloud() const override { return "databricks"; }
  // "IssueToken", "GetAuthorizationServerMetadata"; "" for other paths.
  std::string OperationName(const SandboxRequest& request) const override;
  SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) override;
  // Tokens are credentials, not infrastructure (persisted through MarkDirty).
  bool IsMutating(const std::string&) const override { return false; }
  Value Dump() const override;
  Status Load(const Value& state) override;
  void Reset() override { tokens_.clear(); }
  bool InAdminDump() const override { return false; }

  // The principal an unexpired token was issued to; nullopt when unknown or expired at `now`.
  std::optional<std::string> FindToken(const std::string& token,
                                       std::chrono::system_clock::time_point now) const;

 private:
  using Operations_ = OperationTable<OidcTokenService, const SandboxRequest&, SandboxContext&>;
  static const Operations_& Table();

  SandboxResponse IssueToken(const SandboxRequest& request, SandboxContext& context);
  SandboxResponse GetAuthorizationServerMetadata(const SandboxRequest& request,
                                                 SandboxContext& context);

  struct IssuedToken {
    std::string principal;
    std::chrono::system_clock::time_point expires;
  };
  std::map<std::string, OidcClient> clients_;
  std::map<std::string, IssuedToken> tokens_;  // by access token
};

}  // namespace causeway::sandbox

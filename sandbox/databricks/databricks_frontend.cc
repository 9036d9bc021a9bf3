// DatabricksFrontend: routing by API path, bearer tokens, Databricks-shaped errors.
#include "sandbox/databricks/databricks_frontend.h"

#include <array>
#include <utility>

#include "sandbox/databricks/errors.h"
#include "sandbox/databricks/oidc/oidc_token_service.h"
#include "sandbox/databricks/sql/statement_execution_service.h"
#include "sandbox/databricks/unity_catalog/unity_catalog_service.h"

namespace causeway::sandbox {

namespace {

using StringMap = std::map<std::string, std::string>;

StringMap OrDefault(StringMap given, const char* key, const char* value) {
  if (given.empty()) given = {{key, value}};
  return given;
}

// The path without its query, for messages.
std::string ApiPathOf(const SandboxRequest& r) { return r.method + " " + r.path; }

}  // namespace

DatabricksFrontend::DatabricksFrontend(DatabricksFrontendOptions options)
    : tokens_(
          OrDefault(std::move(options.tokens), kDefaultDatabricksToken, kDefaultDatabricksUser)),
      user_tokens_(OrDefault(std::move(options.user_tokens), kDefaultDatabricksAnalystToken,
                             kDefaultDatabricksAnalystUser)),
      oauth_clients_(OrDefault(std::move(options.oauth_clients), kDefaultDatabricksClientId,
                               kDefaultDatabricksClientSecret)),
      warehouse_id_(std::move(options.warehouse_id)) {}

FrontendMatch DatabricksFrontend::Match(const SandboxRequest& request,
                                        const std::vector<const SandboxService*>&) const {
  static const std::array<std::pair<const char*, const char*>, 3> kPrefixes = {{
      {"/api/2.1/unity-catalog/", "unitycatalog"},
      {"/api/2.0/sql/", "sql"},
      {"/oidc/", "oidc"},
  }};
  for (const auto& [prefix, service] : kPrefixes) {
    if (request.path.rfind(prefix, 0) == 0) return {MatchStrength::kCertain, service, ""};
  }
  return {};
}

std::optional<SandboxResponse> DatabricksFrontend::Authenticate(SandboxRequest* request,
                                                                const SandboxService& service,
                                                                SandboxContext& context) const {
  // The token endpoint authenticates its clients itself.
  if (service.name() == "oidc") return std::nullopt;
  const std::string header = request->Header("authorization");
  const std::string kBearer = "Bearer ";
  if (header.rfind(kBearer, 0) != 0) {
    return DatabricksError(
        kDbxUnauthenticated,
        "Credential was not sent or was of an unsupported type for this API. [ReqId: " +
            request->request_id + "]");
  }
  const std::string token = header.substr(kBearer.size());
  std::string user, kind = "pat:";
  bool admin = true;
  if (auto it = tokens_.find(token); it != tokens_.end()) {
    user = it->second;
  } else if (auto u = user_tokens_.find(token); u != user_tokens_.end()) {
    user = u->second;
    admin = false;
  } else if (auto* oidc = dynamic_cast<OidcTokenService*>(context.FindService("oidc"))) {
    user = oidc->FindToken(token, context.Now()).value_or("");
    kind = "oauth:";
  }
  if (user.empty()) return DatabricksError(kDbxUnauthenticated, "Invalid access token.");
  // The token itself is a secret: the principal names the user it belongs to.
  request->principal.credential_id = kind + user;
  request->principal.name = user;
  request->principal.user_id = user;
  request->principal.role = admin ? kUcMetastoreAdminRole : "";
  return std::nullopt;
}

SandboxResponse DatabricksFrontend::FormatError(const SandboxRequest& request,
                                                const SandboxService* service,
                                                const ErrorReply& error) const {
  if (service == nullptr && error.code == "UnknownService") {
    return DatabricksError(kDbxEndpointNotFound, "No API found for '" + ApiPathOf(request) + "'");
  }
  return DatabricksError(error.status, error.code, error.message);
}

SandboxResponse DatabricksFrontend::Throttled(const SandboxRequest&, const SandboxService&) const {
  return DatabricksError(kDbxRequestLimitExceeded,
                         "Too many requests. Please wait a moment and try again.");
}

void DatabricksFrontend::FinishReply(const SandboxRequest& request, const SandboxService*,
                                     const ReplyFaults&, SandboxResponse* response) const {
  response->AddHeader("x-request-id", request.request_id);
}

Value DatabricksFrontend::TestCredentials(const std::string& url) const {
  return {{"host", url},
          {"token", tokens_.begin()->first},
          {"warehouse_id", warehouse_id_},
          {"client_id", oauth_clients_.begin()->first},
          {"client_secret", oauth_clients_.begin()->second},
          {"analyst_token", user_tokens_.begin()->first},
          {"analyst_user", user_tokens_.begin()->second}};
}

ToolSetup DatabricksFrontend::ToolSetupFor(const std::string& url) const {
  ToolSetup setup;
  setup.environment = {{"DATABRICKS_HOST", url}, {"DATABRICKS_TOKEN", tokens_.begin()->first}};
  // A profile or OAuth settings in the environment would win over the token.
  setup.shell = {"unset DATABRICKS_CONFIG_PROFILE DATABRICKS_CLIENT_ID DATABRICKS_CLIENT_SECRET"};
  return setup;
}

void AddDatabricksCloud(SandboxServer* server, DatabricksFrontendOptions options) {
  std::string warehouse_id = options.warehouse_id;
  std::map<std::string, OidcClient> clients;
  for (const auto& [id, secret] : OrDefault(options.oauth_clients, kDefaultDatabricksClientId,
                                            kDefaultDatabricksClientSecret)) {
    clients[id] = {secret, id};
  }
  server->AddFrontend(std::make_unique<DatabricksFrontend>(std::move(options)));
  server->AddService(NewUnityCatalogService());
  server->AddService(NewStatementExecutionService(std::move(warehouse_id)));
  server->AddService(std::make_unique<OidcTokenService>(std::move(clients)));
}

}  // namespace causeway::sandbox

// OAuth client credentials at /oidc/v1/token: client authentication, grant and scope checks,
// token issue and lookup.
#include "sandbox/databricks/oidc/oidc_token_service.h"

#include <sstream>
#include <utility>

#include "sandbox/core/base64.h"
#include "sandbox/core/ids.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox {

namespace {

constexpr char kTokenPath[] = "/oidc/v1/token";
constexpr char kMetadataPath[] = "/oidc/.well-known/oauth-authorization-server";
constexpr char kAllApis[] = "all-apis";

SandboxResponse OAuthError(int status, const std::string& error, const std::string& description) {
  SandboxResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = Value{{"error", error}, {"error_description", description}}.dump();
  if (status == 401) r.AddHeader("WWW-Authenticate", "Basic realm=\"oidc\"");
  return r;
}

SandboxResponse OAuthJson(const Value& body) {
  SandboxResponse r;
  r.content_type = "application/json";
  r.body = body.dump();
  return r;
}

int64_t EpochMillis(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

OidcTokenService::OidcTokenService(std::map<std::string, OidcClient> clients)
    : clients_(std::move(clients)) {}

const OidcTokenService::Operations_& OidcTokenService::Table() {
  static const Operations_ table = {
      {"IssueToken", &OidcTokenService::IssueToken},
      {"GetAuthorizationServerMetadata", &OidcTokenService::GetAuthorizationServerMetadata},
  };
  return table;
}

std::string OidcTokenService::OperationName(const SandboxRequest& r) const {
  if (r.path == kTokenPath && r.method == "POST") return "IssueToken";
  if (r.path == kMetadataPath && r.method == "GET") return "GetAuthorizationServerMetadata";
  return "";
}

SandboxResponse OidcTokenService::Handle(const SandboxRequest& r, SandboxContext& c) {
  auto handler = Table().Find(r.operation);
  if (handler == nullptr) {
    return OAuthError(404, "invalid_request", "No OAuth endpoint at " + r.method + " " + r.path);
  }
  return (this->*handler)(r, c);
}

SandboxResponse OidcTokenService::IssueToken(const SandboxRequest& r, SandboxContext& c) {
  // The client: HTTP Basic (what Databricks' SDKs send) or the form fields.
  std::string client_id = r.Param("client_id"), secret = r.Param("client_secret");
  const std::string header = r.Header("authorization");
  const std::string kBasic = "Basic ";
  if (header.rfind(kBasic, 0) == 0) {
    std::string decoded;
    if (!Base64Decode(header.substr(kBasic.size()), &decoded) ||
        decoded.find(':') == std::string::npos) {
      return OAuthError(401, "invalid_client", "Malformed Basic client authentication.");
    }
    // RFC 6749 2.3.1: both parts are form-url-encoded before they are joined.
    client_id = UrlDecode(decoded.substr(0, decoded.find(':')));
    secret = UrlDecode(decoded.substr(decoded.find(':') + 1));
  }
  if (client_id.empty()) {
    return OAuthError(401, "invalid_client", "Client authentication failed: no client id sent.");
  }
  auto client = clients_.find(client_id);
  if (client == clients_.end() || client->second.secret != secret) {
    return OAuthError(401, "invalid_client", "Client authentication failed");
  }
  const std::string grant = r.Param("grant_type");
  if (grant.empty()) return OAuthError(400, "invalid_request", "Missing grant_type.");
  if (grant != "client_credentials") {
    return OAuthError(400, "unsupported_grant_type",
                      "Grant type '" + grant + "' is not supported for this client.");
  }
  std::string scope = r.HasParam("scope") ? r.Param("scope") : kAllApis;
  std::istringstream words(scope);
  for (std::string word; words >> word;) {
    if (word != kAllApis && word != "offline_access") {
      return OAuthError(400, "invalid_scope", "Scope '" + word + "' is not allowed; use all-apis.");
    }
  }
  const auto now = c.Now();
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    it = it->second.expires <= now ? tokens_.erase(it) : std::next(it);
  }
  const std::string token = "dbx-oauth-" + RandomId("", 48);
  tokens_[token] = {client->second.principal, now + kTokenLifetime};
  c.MarkDirty(name());
  return OAuthJson({{"access_token", token},
                    {"token_type", "Bearer"},
                    {"expires_in", kTokenLifetime.count()},
                    {"scope", scope}});
}

SandboxResponse OidcTokenService::GetAuthorizationServerMetadata(const SandboxRequest& r,
                                                                 SandboxContext&) {
  const std::string base = "http://" + r.Header("host") + "/oidc";
  return OAuthJson({{"issuer", base},
                    {"authorization_endpoint", base + "/v1/authorize"},
                    {"token_endpoint", base + "/v1/token"},
                    {"grant_types_supported", Value::array({"client_credentials"})},
                    {"scopes_supported", Value::array({kAllApis})}});
}

std::optional<std::string> OidcTokenService::FindToken(
    const std::string& token, std::chrono::system_clock::time_point now) const {
  auto it = tokens_.find(token);
  if (it == tokens_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.principal;
}

Value OidcTokenService::Dump() const {
  Value tokens = Value::object();
  for (const auto& [token, issued] : tokens_) {
    tokens[token] = {{"principal", issued.principal}, {"expires_ms", EpochMillis(issued.expires)}};
  }
  return {{"tokens", tokens}};
}

Status OidcTokenService::Load(const Value& state) {
  Reset();
  try {
    if (state.contains("tokens")) {
      for (const auto& [token, issued] : state.at("tokens").items()) {
        tokens_[token] = {issued.at("principal").get<std::string>(),
                          std::chrono::system_clock::time_point(
                              std::chrono::milliseconds(issued.at("expires_ms").get<int64_t>()))};
      }
    }
  } catch (const nlohmann::json::exception& e) {
    Reset();
    return Status::Corruption(std::string("oidc state: ") + e.what());
  }
  return Status::Ok();
}

}  // namespace causeway::sandbox

// OAuthM2MToken: client credentials at /oidc/v1/token (HTTP Basic with the client id and secret,
// scope all-apis), as Databricks' SDKs do for a service principal.
#include "providers/databricks/token_source.h"

#include <openssl/evp.h>

#include <vector>

#include "reconciler/core/value.h"

namespace causeway::databricks {
namespace {

std::string Base64(const std::string& in) {
  std::vector<unsigned char> out(4 * ((in.size() + 2) / 3) + 1);
  int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<size_t>(n));
}

}  // namespace

OAuthM2MToken::OAuthM2MToken(HttpClient* http, Clock* clock, std::string host,
                             std::string client_id, std::string client_secret)
    : http_(http),
      clock_(clock),
      host_(std::move(host)),
      client_id_(std::move(client_id)),
      client_secret_(std::move(client_secret)) {}

Result<std::string> OAuthM2MToken::Token() {
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = clock_->Now();
  if (!token_.empty() && now < expires_) return token_;
  HttpRequest req;
  req.method = "POST";
  req.url = host_ + "/oidc/v1/token";
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                 {"Authorization", "Basic " + Base64(client_id_ + ":" + client_secret_)}};
  req.body = "grant_type=client_credentials&scope=all-apis";
  auto r = http_->Send(req);
  const std::string what = "databricks: OAuth token for client " + client_id_ + " at " + req.url;
  if (!r.ok()) return Status::Unavailable(what + ": " + r.status().message());
  Value body = Value::parse(r->body, nullptr, /*allow_exceptions=*/false);
  if (r->status != 200) {
    std::string detail =
        body.is_object() ? body.value("error_description", body.value("error", "")) : std::string();
    return Status::PermissionDenied(what + " refused (HTTP " + std::to_string(r->status) + ")" +
                                    (detail.empty() ? "" : ": " + detail) +
                                    "; check client_id and the client secret");
  }
  if (!body.is_object() || !body.contains("access_token") || !body["access_token"].is_string()) {
    return Status::ProviderError(what + ": the reply has no access_token");
  }
  token_ = body["access_token"].get<std::string>();
  int64_t lifetime = body.contains("expires_in") && body["expires_in"].is_number_integer()
                         ? body["expires_in"].get<int64_t>()
                         : 3600;
  // Refreshed a minute early, so a token never expires between here and the server.
  expires_ = now + std::chrono::seconds(std::max<int64_t>(0, lifetime - 60));
  return token_;
}

}  // namespace causeway::databricks

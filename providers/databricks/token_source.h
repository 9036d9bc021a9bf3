// TokenSource: the bearer token the Databricks provider sends, as Databricks users configure it:
// a personal access token (StaticToken), or OAuth machine-to-machine (OAuthM2MToken: the client
// id and secret of a service principal exchanged at <host>/oidc/v1/token for an access token,
// cached until a minute before it expires). Neither ever logs or returns the secret in a message.
// Thread-safety: Token() may be called from many threads.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "providers/http/http_client.h"
#include "reconciler/core/clock.h"
#include "reconciler/core/status.h"

namespace causeway::databricks {

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  // The token to send now; PermissionDenied/Unavailable when none can be obtained.
  virtual Result<std::string> Token() = 0;
  // Where it comes from, safe to print ("personal access token from DATABRICKS_TOKEN").
  virtual std::string Describe() const = 0;
};

class StaticToken : public TokenSource {
 public:
  StaticToken(std::string token, std::string description)
      : token_(std::move(token)), description_(std::move(description)) {}
  Result<std::string> Token() override { return token_; }
  std::string Describe() const override { return description_; }

 private:
  std::string token_;
  std::string description_;
};

class OAuthM2MToken : public TokenSource {
 public:
  OAuthM2MToken(HttpClient* http, Clock* clock, std::string host, std::string client_id,
                std::string client_secret);
  Result<std::string> Token() override;
  std::string Describe() const override {
    return "OAuth machine-to-machine token for client " + client_id_;
  }

 private:
  HttpClient* http_;
  Clock* clock_;
  std::string host_, client_id_, client_secret_;
  std::mutex mu_;
  std::string token_;
  std::chrono::system_clock::time_point expires_{};
};

}  // namespace causeway::databricks

// Frontend: what a cloud adds to the core to be served by causeway-sandbox. The core (server.h)
// owns the HTTP server, the admin API, counting, faults, persistence and the services; for each
// request it asks every registered front end whether the request is its cloud's, then lets the
// front end that claimed it name the service, authenticate the caller, decode the body, and
// format errors and replies the way its cloud does. The AWS front end is sandbox/aws/
// aws_frontend.h; Snowflake's and Databricks' sit beside it.
//
// Rules for implementations:
//  - Match() claims only requests that carry the cloud's own signal (a SigV4 credential scope, an
//    X-Amz-Target header, a path prefix of the cloud's API); it may claim other requests as a
//    fallback, which loses to any certain claim. It must not change state.
//  - Authenticate() runs under the dispatch lock (it may read services, e.g. STS sessions, via
//    the context); every other method may run on any thread without it, so they read only
//    immutable data.
//  - Errors the core asks for (unknown service, injected failures, throttling) are formatted by
//    the front end so that the cloud's own clients parse them.
// Thread-safety: see above; a front end is registered before SandboxServer::Start().
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reconciler/core/value.h"
#include "sandbox/core/service.h"

namespace causeway::sandbox {

// How sure a front end is that a request is its cloud's.
enum class MatchStrength {
  kNone,      // not this cloud's
  kFallback,  // nobody else's signal, but this cloud can answer it (AWS: unsigned S3 paths)
  kCertain,   // carries this cloud's own signal
};

struct FrontendMatch {
  MatchStrength strength = MatchStrength::kNone;
  std::string service;  // routed service name; may name a service that is not registered
  std::string region;   // "" when the cloud has no region or the request names none
};

// An error the core wants sent in the cloud's format.
struct ErrorReply {
  int status = 500;
  std::string code;
  std::string message;
};

// Faults that act on a reply the service produced (see faults.h).
struct ReplyFaults {
  // Put null in every member of the operation's output shape that the service left unset.
  bool null_unset_members = false;
  // Answer "still running" instead of the finished reply (faults.h FaultConfig::async).
  bool async_reply = false;
};

// What a user needs to point a cloud's own tools at the sandbox (`causeway sandbox env`).
struct ToolSetup {
  std::vector<std::pair<std::string, std::string>> environment;  // variables to export
  // Shell lines for tools that ignore some of the variables (e.g. a function adding a flag).
  std::vector<std::string> shell;
};

class Frontend {
 public:
  virtual ~Frontend() = default;

  // The cloud's name, equal to its provider's name in a manifest ("aws").
  virtual std::string cloud() const = 0;

  // Whether `request` (method, path, query, headers and body filled in; no service yet) is this
  // cloud's, and for which service. `services` are the registered services of this cloud.
  virtual FrontendMatch Match(const SandboxRequest& request,
                              const std::vector<const SandboxService*>& services) const = 0;

  // Verifies the caller and fills request->principal; returns the error reply when the request
  // may not proceed. Called with the dispatch lock held.
  virtual std::optional<SandboxResponse> Authenticate(SandboxRequest* request,
                                                      const SandboxService& service,
                                                      SandboxContext& context) const = 0;

  // Decodes the body after authentication (AWS: aws-chunked uploads). Default: nothing.
  virtual void Decode(SandboxRequest* /*request*/) const {}

  // `error` in the cloud's format for `service` (nullptr when no service was found).
  virtual SandboxResponse FormatError(const SandboxRequest& request, const SandboxService* service,
                                      const ErrorReply& error) const = 0;
  // The throttling error the cloud's clients recognise and retry.
  virtual SandboxResponse Throttled(const SandboxRequest& request,
                                    const SandboxService& service) const = 0;

  // Last touches on every reply of this cloud, errors included: the headers the cloud adds to all
  // replies (AWS: x-amzn-RequestId), and `faults` on successful replies. `service` is nullptr
  // when no service was found.
  virtual void FinishReply(const SandboxRequest& request, const SandboxService* service,
                           const ReplyFaults& faults, SandboxResponse* response) const = 0;

  // The test credentials clients of this cloud sign with, as listed by `causeway sandbox status
  // --json` under clouds.<cloud> and given to the cloud's provider for `endpoint: sandbox`
  // (AWS: {"access_key_id", "secret_access_key", "region"}; Databricks: {"host", "token",
  // "warehouse_id"}, its host being `url`, the sandbox's own). Must be test values only.
  virtual Value TestCredentials(const std::string& url) const = 0;
  // How to point the cloud's own tools at the sandbox listening on `url`.
  virtual ToolSetup ToolSetupFor(const std::string& url) const = 0;
  // Fields this cloud adds to GET /_sandbox/health (AWS: account_id). Default: none.
  virtual Value HealthFields() const { return Value::object(); }
};

}  // namespace causeway::sandbox

// SandboxService: the contract every emulated AWS service in causeway-sandbox implements (IAM,
// STS, S3, Glue, Lake Formation, Athena). The server (server.h) owns routing, SigV4 auth, request
// counting, fault injection and persistence; a service only turns an authenticated, routed
// SandboxRequest into a SandboxResponse shaped exactly as AWS's wire protocol for that service
// (see the botocore models under shared/specs/aws/).
//
// Rules for implementations:
//  - Handle() is called with the server's dispatch lock held: at most one Handle()/Dump()/Load()/
//    Reset() runs at a time across ALL services, so services need no locking of their own and may
//    call into other services through SandboxContext::FindService() during Handle().
//  - Handle() never throws (catch nlohmann/pugixml exceptions while parsing bodies) and never
//    blocks or sleeps (latency is injected by the server, outside the lock).
//  - Errors are returned as AWS-formatted responses built with errors.h.
//  - Dump() returns the complete state as JSON with stable ordering (nlohmann objects are sorted;
//    arrays must be emitted in a deterministic order); Load(Dump()) reproduces the same state.
//  - Time comes from SandboxContext::Now(), never from the system clock directly.
//  - Secrets (secret keys, session tokens) may live in state (the sandbox is a local emulator) but
//    are never logged.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::sandbox {

// The single AWS account the sandbox emulates.
inline constexpr const char* kSandboxAccountId = "123456789012";
inline constexpr const char* kSandboxDefaultRegion = "us-east-1";

// Wire protocol of a service (botocore metadata.protocol).
enum class Protocol {
  kQuery,     // IAM, STS: form-encoded Action=..., XML responses, <ErrorResponse> errors
  kJson,      // Glue, Athena: JSON 1.1 with X-Amz-Target, {"__type": ...} errors
  kRestJson,  // Lake Formation: REST paths, JSON bodies, x-amzn-ErrorType errors
  kRestXml,   // S3: REST paths, XML bodies, <Error><Code>..</Code></Error> errors
};

// Who made the request, as established by SigV4 verification.
struct CallerIdentity {
  std::string access_key_id;  // the key that signed (AKID... or ASIA...)
  std::string account_id;     // always kSandboxAccountId for now
  // "arn:aws:iam::123456789012:root" for the configured long-term keys, or
  // "arn:aws:sts::123456789012:assumed-role/<role-name>/<session-name>" for STS credentials.
  std::string arn;
  // GetCallerIdentity's UserId: the account id for root, "AROA...:<session-name>" for a role.
  std::string user_id;
  std::string assumed_role_arn;  // "arn:aws:iam::123456789012:role/<path><name>"; empty for root
  bool temporary = false;        // signed with STS session credentials
};

// Lower-case-name header map. Duplicate headers are joined with ',' by the server.
using HeaderMap = std::map<std::string, std::string>;
// Decoded parameters in arrival order per key.
using ParamMap = std::multimap<std::string, std::string>;

struct SandboxRequest {
  std::string method;     // "GET", "POST", "PUT", "DELETE", "HEAD"
  std::string path;       // raw path as sent (still percent-encoded), e.g. "/bucket/a%20b"
  std::string raw_query;  // raw query string without '?'
  ParamMap query;         // decoded query parameters
  // Decoded application/x-www-form-urlencoded body parameters (Query protocol); empty otherwise.
  ParamMap form;
  HeaderMap headers;  // names lower-cased
  // Raw body. For S3 aws-chunked uploads (x-amz-content-sha256: STREAMING-... or
  // Content-Encoding: aws-chunked) the server has already decoded the chunks, moved trailing
  // headers (e.g. x-amz-checksum-crc32) into `headers` and removed "aws-chunked".
  std::string body;

  std::string
      service;  // routed service name: "iam", "sts", "s3", "glue", "lakeformation", "athena"
  std::string operation;  // operation name as in the botocore model, e.g. "CreateRole"
  std::string region;     // from the credential scope; kSandboxDefaultRegion when absent
  std::string
      request_id;  // generated per request; echo it in responses (RequestId / x-amzn-RequestId)
  CallerIdentity caller;

  // Header value or "" when absent (`lower_name` must be lower case).
  std::string Header(const std::string& lower_name) const;
  // First value of a Query-protocol parameter: form body first, then URL query; "" when absent.
  std::string Param(const std::string& name) const;
  bool HasParam(const std::string& name) const;
  // First value of a URL query parameter; "" when absent.
  std::string QueryParam(const std::string& name) const;
  bool HasQueryParam(const std::string& name) const;
};

// For HEAD requests fill the response as for GET: the server sends only the headers, with
// Content-Length = body.size() unless the service set a Content-Length header itself. The server
// adds x-amzn-RequestId (unless x-amzn-RequestId / x-amz-request-id is set) and Date.
struct SandboxResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (any case)
  std::string body;
  std::string content_type;  // e.g. "text/xml", "application/x-amz-json-1.1"; may be empty

  void AddHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

class SandboxService;

// What a service may ask of the sandbox while handling a request.
class SandboxContext {
 public:
  virtual ~SandboxContext() = default;
  // Another registered service by name ("iam", "s3", ...); nullptr when not registered. Safe to
  // use during Handle() (the dispatch lock is held). Cast to the concrete type to call its API,
  // e.g. a Glue crawler reading S3 objects, STS reading IAM roles.
  virtual SandboxService* FindService(const std::string& name) = 0;
  // The sandbox clock (injectable in tests).
  virtual std::chrono::system_clock::time_point Now() = 0;
  virtual std::string AccountId() const = 0;
  // Injected IAM eventual-consistency delay: a role created or whose trust policy changed less
  // than this long ago is not yet assumable. 0 when no fault is configured.
  virtual std::chrono::milliseconds ConsistencyDelay() const = 0;
  // Marks a service's state as changed so the server persists it. The handled service is marked
  // automatically when IsMutating(operation) is true; call this for other services you changed,
  // or for state changes by non-mutating operations (e.g. STS sessions).
  virtual void MarkDirty(const std::string& service) = 0;
};

class SandboxService {
 public:
  virtual ~SandboxService() = default;

  // Routing name, equal to the SigV4 credential-scope service ("iam", "s3", "lakeformation").
  virtual std::string name() const = 0;
  virtual Protocol protocol() const = 0;
  // For kJson services: the X-Amz-Target prefix before the '.', e.g. "AWSGlue", "AmazonAthena".
  // Empty for other protocols.
  virtual std::string target_prefix() const { return ""; }

  // Names the operation of a request (before auth and faults, for counting and fault matching).
  // Default: the X-Amz-Target suffix (kJson), the Action parameter (kQuery), or the last path
  // segment (kRestJson, e.g. "/GrantPermissions"). REST-XML services (S3) must override.
  // Return "" when the request names no known operation.
  virtual std::string OperationName(const SandboxRequest& request) const;

  // Handles one authenticated request. Never throws.
  virtual SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) = 0;

  // True if `operation` changes state (counted as "mutating" in /_sandbox/counts and triggers
  // persistence). Default: false for names starting with Get, List, Describe, Head, Search,
  // BatchGet, Lookup; true otherwise.
  virtual bool IsMutating(const std::string& operation) const;

  // Full state as JSON (deterministic ordering).
  virtual Value Dump() const = 0;
  // Replaces the state with `state` (as produced by Dump()). Corruption on malformed input, in
  // which case the state is left empty.
  virtual Status Load(const Value& state) = 0;
  // Empties the state.
  virtual void Reset() = 0;
  // Whether Dump() appears in GET /_sandbox/dump (it is always persisted). False for state that is
  // not infrastructure, such as STS sessions holding temporary credentials.
  virtual bool InAdminDump() const { return true; }
};

// Construction convention (so the server and tests can wire every emulator without knowing it):
// each service lives in sandbox/<name>_service.{h,cc} and its header declares a factory
//   std::unique_ptr<SandboxService> NewIamService();   // sandbox/iam_service.h
//   std::unique_ptr<SandboxService> NewStsService();   // sandbox/sts_service.h
//   std::unique_ptr<SandboxService> NewS3Service();    // sandbox/s3_service.h
//   std::unique_ptr<SandboxService> NewGlueService();  // sandbox/glue_service.h
//   std::unique_ptr<SandboxService> NewLakeFormationService();  // sandbox/lakeformation_service.h
//   std::unique_ptr<SandboxService> NewAthenaService();  // sandbox/athena_service.h
// in namespace causeway::sandbox. default_services.cc picks up whichever of these headers exist.

// The default read-only rule used by SandboxService::IsMutating.
bool IsReadOnlyOperationName(const std::string& operation);

}  // namespace causeway::sandbox

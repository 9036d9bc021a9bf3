// SandboxService: the contract every emulated service in causeway-sandbox implements, whatever
// its cloud (AWS's IAM, STS, S3, Glue, Lake Formation and Athena today; Snowflake and Databricks
// next). The server (server.h) owns routing by front end, request counting, fault injection and
// persistence; each cloud's front end (frontend.h) authenticates and decodes the request and
// formats errors the cloud's way; a service only turns an authenticated, routed SandboxRequest
// into a SandboxResponse shaped exactly as its cloud's wire protocol (for AWS, see the botocore
// models under shared/specs/aws/).
//
// Rules for implementations:
//  - Handle() is called with the server's dispatch lock held: at most one Handle()/Dump()/Load()/
//    Reset() runs at a time across ALL services, so services need no locking of their own and may
//    call into other services through SandboxContext::FindService() during Handle().
//  - Handle() never throws (catch nlohmann/pugixml exceptions while parsing bodies) and never
//    blocks or sleeps (latency is injected by the server, outside the lock).
//  - Handle() dispatches through an OperationTable (operation_table.h), not an if-chain.
//  - Errors are returned as responses formatted the cloud's way (for AWS: sandbox/aws/errors.h).
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
#include "sandbox/core/principal.h"

namespace causeway::sandbox {

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
  // Raw body, as the front end decoded it after authentication (the AWS front end decodes S3
  // aws-chunked uploads, moving trailing headers such as x-amz-checksum-crc32 into `headers`).
  std::string body;

  std::string cloud;       // the front end that claimed the request: "aws"
  std::string service;     // routed service name: "iam", "sts", "s3", "glue", ...
  std::string operation;   // operation name as the cloud names it, e.g. "CreateRole"
  std::string region;      // the region the front end read from the request; "" when none
  std::string request_id;  // generated per request; front ends echo it as their cloud does
  Principal principal;     // set by the front end's Authenticate()

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
// adds Date; the front end adds what its cloud adds to every reply (AWS: x-amzn-RequestId).
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
  // Injected eventual-consistency delay (AWS: a role created or whose trust policy changed less
  // than this long ago is not yet assumable). 0 when no fault is configured.
  virtual std::chrono::milliseconds ConsistencyDelay() const = 0;
  // Marks a service's state as changed so the server persists it. The handled service is marked
  // automatically when IsMutating(operation) is true; call this for other services you changed,
  // or for state changes by non-mutating operations (e.g. STS sessions).
  virtual void MarkDirty(const std::string& service) = 0;
};

class SandboxService {
 public:
  virtual ~SandboxService() = default;

  // Routing name, unique across clouds ("iam", "s3", "lakeformation"): the key of counts, fault
  // rules, the admin dump and the state file <state_dir>/<name>.json.
  virtual std::string name() const = 0;
  // The cloud whose front end serves it ("aws").
  virtual std::string cloud() const = 0;

  // Names the operation of a request (before auth and faults, for counting and fault matching).
  // Return "" when the request names no known operation.
  virtual std::string OperationName(const SandboxRequest& request) const = 0;

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

// The default read-only rule used by SandboxService::IsMutating.
bool IsReadOnlyOperationName(const std::string& operation);

}  // namespace causeway::sandbox

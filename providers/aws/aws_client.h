// AwsClient: sends SigV4-signed requests to one AWS account/region through the HttpClient seam,
// with RetryPolicy (re-signing each attempt), and speaks the four wire protocols the provider
// needs: Query (IAM, STS: form body, XML response), JSON 1.1 (Glue, Athena: X-Amz-Target),
// REST-XML (S3) and REST-JSON (Lake Formation). AWS errors become Status values:
//   NoSuchEntity / EntityNotFoundException / NotFoundException / ... -> NotFound
//   EntityAlreadyExists / AlreadyExistsException / ...           -> Conflict
//   AccessDenied / AccessDeniedException / bad signature ...     -> PermissionDenied
//   throttling codes                                             -> Unavailable
//   anything else                                                -> ProviderError
// with messages "iam CreateRole: EntityAlreadyExists: Role with name x already exists." (the
// code is also the Status's provider_code()). Never logs or returns credentials.
// Endpoints: https://<service>.<region>.amazonaws.com by default (IAM: https://iam.amazonaws.com,
// signed for us-east-1), one override for every service (an emulator serving all on one port), or
// per-service overrides.
// Thread-safety: AwsClient is thread-safe if its HttpClient and CredentialProvider are.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <utility>
#include <vector>

#include "providers/aws/credentials.h"
#include "providers/http/http_client.h"
#include "providers/http/retry.h"
#include "reconciler/core/clock.h"
#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::aws {

struct Endpoints {
  std::string all;                                 // one base URL for every service, or ""
  std::map<std::string, std::string> per_service;  // service -> base URL; wins over `all`

  // Base URL (scheme://host[:port], no trailing slash) for `service` in `region`.
  std::string Resolve(const std::string& service, const std::string& region) const;
};

// Reads `endpoint` (string: one URL for all services) and `endpoints` (map service -> URL) from the
// providers.aws block. InvalidArgument for wrong types or URLs that are not http(s)://.
Result<Endpoints> ParseEndpoints(const Value& block);

// The region a service's requests are signed for (IAM is global: us-east-1).
std::string SigningRegion(const std::string& service, const std::string& region);

// RFC 3986 percent-encoding (unreserved characters kept; '/' kept when keep_slash).
std::string UriEncode(const std::string& s, bool keep_slash = false);
// "k1=v1&k2=v2" with UriEncode on keys and values, in the given order.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& params);

// Maps an AWS error code (and HTTP status) to a StatusCode.
StatusCode StatusCodeForAwsError(const std::string& code, int http_status);

enum class Idempotency {
  // Get*/List*/Describe*/Head*/Search*/BatchGet*/Lookup* operations and HTTP GET/HEAD/PUT/DELETE
  // (REST protocols) are idempotent; everything else (Create*, Put* over POST, ...) is not.
  kInferFromName,
  kIdempotent,
  kNotIdempotent,
};

struct AwsClientOptions {
  HttpClient* http = nullptr;                       // required; not owned
  std::shared_ptr<CredentialProvider> credentials;  // required
  std::string region = "us-east-1";
  Endpoints endpoints;
  Clock* clock = nullptr;  // nullptr: RealClock()
  RetryOptions retry;      // retry.clock defaults to `clock`
  std::chrono::milliseconds timeout{30000};
  std::string user_agent = "causeway/0.1";
};

// One raw call, before signing.
struct AwsRequest {
  std::string service;    // "iam", "s3", ... (signing name and endpoint prefix)
  std::string operation;  // for messages and idempotency inference: "CreateRole"
  std::string method = "POST";
  std::string path = "/";  // raw, already percent-encoded
  std::string query;       // raw, without '?'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  Idempotency idempotency = Idempotency::kInferFromName;
};

// A parsed XML response (pugixml documents are not copyable).
using XmlDoc = std::shared_ptr<pugi::xml_document>;

class AwsClient {
 public:
  explicit AwsClient(AwsClientOptions options);
  AwsClient(const AwsClient&) = delete;
  AwsClient& operator=(const AwsClient&) = delete;

  const std::string& region() const { return options_.region; }
  const Endpoints& endpoints() const { return options_.endpoints; }

  // Signs and sends with retries. Returns the final HTTP response whatever its status (callers
  // that want error mapping use the protocol helpers or ErrorFromResponse); IOError after the
  // retries; PermissionDenied etc. when credentials cannot be obtained.
  Result<HttpResponse> Send(const AwsRequest& request);

  // Query protocol: POST form "Action=<action>&Version=<version>&<params>". Returns the response
  // document (root <ActionResponse>); AWS error XML becomes a mapped Status.
  Result<XmlDoc> Query(const std::string& service, const std::string& action,
                       const std::string& version,
                       const std::vector<std::pair<std::string, std::string>>& params,
                       Idempotency idempotency = Idempotency::kInferFromName);

  // Query pagination (IAM style): repeats the call with Marker=<Marker> while
  // <ActionResult><IsTruncated> is true, calling `page` with each <ActionResult> node.
  Status QueryPaginate(const std::string& service, const std::string& action,
                       const std::string& version,
                       const std::vector<std::pair<std::string, std::string>>& params,
                       const std::function<Status(const pugi::xml_node& result)>& page);

  // JSON 1.1: POST / with X-Amz-Target: <target_prefix>.<operation>. Returns the response JSON
  // ({} for an empty body); errors from __type/message.
  Result<Value> Json(const std::string& service, const std::string& target_prefix,
                     const std::string& operation, const Value& body,
                     Idempotency idempotency = Idempotency::kInferFromName);

  // JSON pagination: repeats with body["NextToken"] while the response has a NextToken, calling
  // `page` with each response.
  Status JsonPaginate(const std::string& service, const std::string& target_prefix,
                      const std::string& operation, const Value& body,
                      const std::function<Status(const Value& response)>& page);

  // REST-JSON (Lake Formation, S3 Tables): method + path (+ raw query), optional JSON body;
  // errors from x-amzn-errortype or the body's __type/code.
  Result<Value> RestJson(const std::string& service, const std::string& operation,
                         const std::string& method, const std::string& path, const Value& body,
                         Idempotency idempotency = Idempotency::kInferFromName,
                         const std::string& query = "");

  // REST-XML (S3): returns the raw response for 2xx, a mapped Status from the <Error> body (or
  // the HTTP status for bodiless HEAD responses) otherwise. `path` is raw ("/bucket/key%20x").
  Result<HttpResponse> RestXml(const std::string& service, const std::string& operation,
                               const std::string& method, const std::string& path,
                               const std::string& query,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const std::string& body,
                               Idempotency idempotency = Idempotency::kInferFromName);

  // Status for a non-2xx response of `service operation`, with code and message parsed from XML
  // or JSON error bodies.
  static Status ErrorFromResponse(const std::string& service, const std::string& operation,
                                  const HttpResponse& response);

 private:
  AwsClientOptions options_;
  Clock* clock_;
  std::unique_ptr<RetryPolicy> retry_;
};

}  // namespace causeway::aws

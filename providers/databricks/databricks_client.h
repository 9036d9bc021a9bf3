// DatabricksClient: JSON requests to one Databricks workspace (the Unity Catalog REST API 2.1 and
// the SQL Statement Execution API 2.0) through the HttpClient seam, with a bearer token from a
// TokenSource and RetryPolicy around each exchange (reads, PATCH and DELETE are retried; a POST
// only when the server proves it did not run it: throttled or never connected). Databricks
// errors ({"error_code", "message"}) become Status values, the error code kept as provider_code():
//   404 / RESOURCE_DOES_NOT_EXIST / NOT_FOUND          -> NotFound
//   409 / RESOURCE_ALREADY_EXISTS / ALREADY_EXISTS     -> Conflict
//   401, 403 / PERMISSION_DENIED / UNAUTHENTICATED     -> PermissionDenied
//   400 / INVALID_PARAMETER_VALUE / BAD_REQUEST ...    -> InvalidArgument
//   429 / REQUEST_LIMIT_EXCEEDED, 503                  -> Unavailable (after the retries)
//   anything else                                      -> ProviderError
// with messages "databricks GET catalogs/main: RESOURCE_DOES_NOT_EXIST: Catalog 'main' does not
// exist." Never logs or returns the token.
// Thread-safety: thread-safe if its HttpClient and TokenSource are.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "providers/databricks/token_source.h"
#include "providers/http/http_client.h"
#include "providers/http/retry.h"
#include "providers/kit/reply_reader.h"
#include "reconciler/core/clock.h"
#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::databricks {

using Query = std::vector<std::pair<std::string, std::string>>;

// One path segment percent-encoded (a name with '/', '?', spaces or unicode stays one segment).
std::string PathSegment(const std::string& s);

// Maps a Databricks error code and HTTP status to a StatusCode.
StatusCode StatusCodeForError(const std::string& error_code, int http_status);

struct DatabricksClientOptions {
  HttpClient* http = nullptr;
  Clock* clock = nullptr;
  std::string host;  // scheme://host[:port], no trailing slash
  std::shared_ptr<TokenSource> token;
  RetryOptions retry;
};

class DatabricksClient {
 public:
  explicit DatabricksClient(DatabricksClientOptions options);

  // `method` on `path` (starting with "/api/..."), `body` as JSON unless null. The parsed reply
  // ({} for an empty one).
  Result<Value> Call(const std::string& method, const std::string& path, const Value& body = {},
                     const Query& query = {});
  // Unity Catalog calls: `path` below /api/2.1/unity-catalog/ ("catalogs/main").
  Result<Value> Catalog(const std::string& method, const std::string& path, const Value& body = {},
                        const Query& query = {}) {
    return Call(method, "/api/2.1/unity-catalog/" + path, body, query);
  }
  // Runs `sql` on `warehouse_id` through the Statement Execution API, polling until it ends
  // (sleeping on the client's clock), and returns every row of its result (cells as strings or
  // null; every chunk fetched). A FAILED statement is an error with Databricks' error code and
  // SQLSTATE; CANCELED and CLOSED are errors too.
  Result<std::vector<Value>> Statement(const std::string& warehouse_id, const std::string& sql);

  // GETs every page of a Unity Catalog list, following next_page_token until none comes back
  // (a page may be empty while a token still comes), calling `each` for every item of `key`.
  Status ListAll(const std::string& path, Query query, const std::string& key,
                 const std::function<Status(const kit::ReplyReader&)>& each);

 private:
  DatabricksClientOptions options_;
  RetryPolicy retry_;
};

}  // namespace causeway::databricks

// Databricks error replies: the code-to-status table and the JSON body.
#include "sandbox/databricks/errors.h"

#include <map>

namespace causeway::sandbox {

int DatabricksStatusOf(const std::string& code) {
  static const std::map<std::string, int> kStatus = {
      {kDbxAlreadyExists, 409},    {kDbxDoesNotExist, 404},     {kDbxInvalidParameter, 400},
      {kDbxPermissionDenied, 403}, {kDbxUnauthenticated, 401},  {kDbxRequestLimitExceeded, 429},
      {kDbxEndpointNotFound, 404}, {kDbxMalformedRequest, 400},
  };
  auto it = kStatus.find(code);
  return it == kStatus.end() ? 500 : it->second;
}

SandboxResponse DatabricksError(int status, const std::string& code, const std::string& message) {
  SandboxResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = Value{{"error_code", code}, {"message", message}}.dump();
  return r;
}

SandboxResponse DatabricksError(const std::string& code, const std::string& message) {
  return DatabricksError(DatabricksStatusOf(code), code, message);
}

SandboxResponse DatabricksJson(const Value& body) {
  SandboxResponse r;
  r.content_type = "application/json";
  r.body = body.dump();
  return r;
}

}  // namespace causeway::sandbox

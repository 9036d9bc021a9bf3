// Databricks' REST error shape, shared by its front end and its services: a JSON body
// {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "..."} with the HTTP status Databricks
// pairs with the code (hosted Databricks, not the OSS Unity Catalog server, which answers
// "already exists" with 400; see shared/specs/databricks/UC_HOSTED.md).
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "reconciler/core/value.h"
#include "sandbox/core/service.h"

namespace causeway::sandbox {

// The error codes the Databricks emulators answer with.
inline constexpr char kDbxAlreadyExists[] = "RESOURCE_ALREADY_EXISTS";        // 409
inline constexpr char kDbxDoesNotExist[] = "RESOURCE_DOES_NOT_EXIST";         // 404
inline constexpr char kDbxInvalidParameter[] = "INVALID_PARAMETER_VALUE";     // 400
inline constexpr char kDbxPermissionDenied[] = "PERMISSION_DENIED";           // 403
inline constexpr char kDbxUnauthenticated[] = "UNAUTHENTICATED";              // 401
inline constexpr char kDbxRequestLimitExceeded[] = "REQUEST_LIMIT_EXCEEDED";  // 429
inline constexpr char kDbxEndpointNotFound[] = "ENDPOINT_NOT_FOUND";          // 404
inline constexpr char kDbxMalformedRequest[] = "MALFORMED_REQUEST";           // 400

// The HTTP status Databricks sends with `code` (500 for codes it does not know).
int DatabricksStatusOf(const std::string& code);

// {"error_code": code, "message": message} with `status`.
SandboxResponse DatabricksError(int status, const std::string& code, const std::string& message);
// The same with the status Databricks pairs with `code`.
SandboxResponse DatabricksError(const std::string& code, const std::string& message);

// A successful JSON reply.
SandboxResponse DatabricksJson(const Value& body);

}  // namespace causeway::sandbox

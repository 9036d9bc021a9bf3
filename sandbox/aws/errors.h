// AWS error responses in each wire protocol the sandbox speaks. Every emulator and the server
// (auth failures, injected faults) build errors through these so that botocore/awscli parse the
// code and message exactly as they do against AWS.
// Thread-safety: free functions.
#pragma once

#include <string>

#include "sandbox/aws/aws_service.h"

namespace causeway::sandbox {

// Query protocol (IAM, STS), text/xml:
// <ErrorResponse xmlns="..."><Error><Type>Sender</Type><Code>NoSuchEntity</Code>
// <Message>...</Message></Error><RequestId>...</RequestId></ErrorResponse>
// `type` is "Sender" for 4xx, "Receiver" for 5xx (pass "" to derive it from `status`).
SandboxResponse QueryError(int status, const std::string& code, const std::string& message,
                           const std::string& request_id, const std::string& type = "");

// JSON 1.1 (Glue, Athena), application/x-amz-json-1.1:
// {"__type":"EntityNotFoundException","message":"..."} plus x-amzn-ErrorType and
// x-amzn-RequestId headers.
SandboxResponse JsonError(int status, const std::string& code, const std::string& message,
                          const std::string& request_id);

// REST-JSON (Lake Formation), application/json: x-amzn-ErrorType header and
// {"__type":..., "Message":..., "message":...} body.
SandboxResponse RestJsonError(int status, const std::string& code, const std::string& message,
                              const std::string& request_id);

// REST-XML (S3), application/xml:
// <Error><Code>NoSuchBucket</Code><Message>...</Message><Resource>..</Resource>
// <RequestId>...</RequestId></Error>. `resource` (e.g. "/bucket") is omitted when empty.
// A HEAD response must carry no body: the server strips it.
SandboxResponse S3Error(int status, const std::string& code, const std::string& message,
                        const std::string& request_id, const std::string& resource = "");

// The right format for `protocol`.
SandboxResponse ProtocolError(AwsProtocol protocol, int status, const std::string& code,
                              const std::string& message, const std::string& request_id);

// The throttling error each protocol's clients recognise: "Throttling" (400, query),
// "ThrottlingException" (400, JSON / REST-JSON), "SlowDown" (503, S3).
SandboxResponse ThrottlingError(AwsProtocol protocol, const std::string& request_id);

}  // namespace causeway::sandbox

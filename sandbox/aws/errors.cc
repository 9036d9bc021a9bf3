// AWS error response builders for the query, JSON 1.1, REST-JSON and REST-XML protocols.
#include "sandbox/aws/errors.h"

#include "reconciler/core/value.h"
#include "sandbox/aws/xml.h"

namespace causeway::sandbox {

SandboxResponse QueryError(int status, const std::string& code, const std::string& message,
                           const std::string& request_id, const std::string& type) {
  SandboxResponse r;
  r.status = status;
  r.content_type = "text/xml";
  XmlBuilder x;
  x.Open("ErrorResponse", {{"xmlns", "https://iam.amazonaws.com/doc/2010-05-08/"}});
  x.Open("Error");
  x.Leaf("Type", !type.empty() ? type : (status >= 500 ? "Receiver" : "Sender"));
  x.Leaf("Code", code);
  x.Leaf("Message", message);
  x.Close();
  x.Leaf("RequestId", request_id);
  r.body = x.str();
  r.AddHeader("x-amzn-RequestId", request_id);
  return r;
}

SandboxResponse JsonError(int status, const std::string& code, const std::string& message,
                          const std::string& request_id) {
  SandboxResponse r;
  r.status = status;
  r.content_type = "application/x-amz-json-1.1";
  r.body = Value{{"__type", code}, {"message", message}}.dump();
  r.AddHeader("x-amzn-ErrorType", code);
  r.AddHeader("x-amzn-RequestId", request_id);
  return r;
}

SandboxResponse RestJsonError(int status, const std::string& code, const std::string& message,
                              const std::string& request_id) {
  SandboxResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = Value{{"__type", code}, {"Message", message}, {"message", message}}.dump();
  r.AddHeader("x-amzn-ErrorType", code);
  r.AddHeader("x-amzn-RequestId", request_id);
  return r;
}

SandboxResponse S3Error(int status, const std::string& code, const std::string& message,
                        const std::string& request_id, const std::string& resource) {
  SandboxResponse r;
  r.status = status;
  r.content_type = "application/xml";
  XmlBuilder x(/*declaration=*/true);
  x.Open("Error");
  x.Leaf("Code", code);
  x.Leaf("Message", message);
  x.LeafIfNotEmpty("Resource", resource);
  x.Leaf("RequestId", request_id);
  r.body = x.str();
  r.AddHeader("x-amz-request-id", request_id);
  return r;
}

SandboxResponse ProtocolError(AwsProtocol protocol, int status, const std::string& code,
                              const std::string& message, const std::string& request_id) {
  switch (protocol) {
    case AwsProtocol::kQuery:
      return QueryError(status, code, message, request_id);
    case AwsProtocol::kJson:
      return JsonError(status, code, message, request_id);
    case AwsProtocol::kRestJson:
      return RestJsonError(status, code, message, request_id);
    case AwsProtocol::kRestXml:
      return S3Error(status, code, message, request_id);
  }
  return QueryError(status, code, message, request_id);
}

SandboxResponse ThrottlingError(AwsProtocol protocol, const std::string& request_id) {
  switch (protocol) {
    case AwsProtocol::kQuery:
      return QueryError(400, "Throttling", "Rate exceeded", request_id);
    case AwsProtocol::kJson:
      return JsonError(400, "ThrottlingException", "Rate exceeded", request_id);
    case AwsProtocol::kRestJson:
      return RestJsonError(400, "ThrottlingException", "Rate exceeded", request_id);
    case AwsProtocol::kRestXml:
      return S3Error(503, "SlowDown", "Please reduce your request rate.", request_id);
  }
  return QueryError(400, "Throttling", "Rate exceeded", request_id);
}

}  // namespace causeway::sandbox

// Lambda kinds' shared plumbing: calls, pagination, ARNs, name checks; and MakeLambdaHandlers.
#include "providers/aws/lambda_common.h"

#include <regex>

namespace causeway::aws {

namespace lambda {

namespace {
constexpr char kPrefix[] = "/2015-03-31/functions";
}  // namespace

Result<Value> Call(AwsContext& ctx, const std::string& operation, const std::string& method,
                   const std::string& suffix, const std::string& query, const Value& body) {
  AwsRequest r;
  r.service = "lambda";
  r.operation = operation;
  r.method = method;
  r.path = kPrefix + suffix;
  r.query = query;
  if (!body.is_null()) {
    r.headers = {{"content-type", "application/json"}};
    r.body = body.dump();
  }
  CW_ASSIGN_OR_RETURN(HttpResponse resp, ctx.client->Send(r));
  if (resp.status < 200 || resp.status >= 300) {
    return AwsClient::ErrorFromResponse("lambda", operation, resp);
  }
  if (resp.body.empty()) return Value::object();
  try {
    return Value::parse(resp.body);
  } catch (const nlohmann::json::exception& e) {
    return Status::ProviderError("lambda " + operation + ": reply is not JSON: " + e.what());
  }
}

std::string FunctionPath(const std::string& name) { return "/" + UriEncode(name); }

Status ForEachFunction(AwsContext& ctx,
                       const std::function<Status(const kit::ReplyReader& config)>& each) {
  std::string marker;
  do {
    std::string query = "MaxItems=50";
    if (!marker.empty()) query = "Marker=" + UriEncode(marker) + "&" + query;
    CW_ASSIGN_OR_RETURN(Value page, Call(ctx, "ListFunctions", "GET", "/", query));
    kit::ReplyReader reply(page, "lambda ListFunctions");
    CW_RETURN_IF_ERROR(reply.ForEach("Functions", each));
    CW_ASSIGN_OR_RETURN(marker, reply.StringOr("NextMarker", ""));
  } while (!marker.empty());
  return Status::Ok();
}

std::string FunctionArn(const AwsContext& ctx, const std::string& name) {
  return "arn:aws:lambda:" + ctx.region + ":" + ctx.account_id + ":function:" + name;
}

bool IsResourceConflict(const Status& status) {
  return status.provider_code() == "ResourceConflictException";
}

ValueCheck FunctionName() {
  return [](const Value& v) -> std::string {
    static const std::regex kName(R"([a-zA-Z0-9\-_]{1,64})");
    if (v.is_string() && std::regex_match(v.get<std::string>(), kName)) return "";
    return "1 to 64 letters, digits, '-' or '_'";
  };
}

}  // namespace lambda

KindHandlers MakeLambdaHandlers() {
  KindHandlers handlers;
  handlers.push_back(lambda::NewFunctionHandler());
  handlers.push_back(lambda::NewPermissionHandler());
  return handlers;
}

}  // namespace causeway::aws

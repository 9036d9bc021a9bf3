// AwsClient: signing, retries, protocol helpers and error mapping (see aws_client.h).
#include "providers/aws/aws_client.h"

#include <cctype>
#include <ctime>
#include <set>

#include "providers/aws_sigv4/sigv4.h"

namespace causeway::aws {

namespace {

std::string AmzDate(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

bool StartsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// Host header value for a base URL: host[:port], the port dropped when it is the scheme default
// (which is what curl sends, and so what must be signed).
std::string HostOf(const std::string& base) {
  size_t scheme_end = base.find("://");
  std::string scheme = scheme_end == std::string::npos ? "" : base.substr(0, scheme_end);
  std::string rest = scheme_end == std::string::npos ? base : base.substr(scheme_end + 3);
  std::string host = rest.substr(0, rest.find('/'));
  if ((scheme == "https" && host.size() > 4 && host.ends_with(":443")) ||
      (scheme == "http" && host.size() > 3 && host.ends_with(":80"))) {
    host = host.substr(0, host.rfind(':'));
  }
  return host;
}

bool IsIdempotent(const AwsRequest& r) {
  switch (r.idempotency) {
    case Idempotency::kIdempotent:
      return true;
    case Idempotency::kNotIdempotent:
      return false;
    case Idempotency::kInferFromName:
      break;
  }
  static const char* const kReadPrefixes[] = {"Get",    "List",     "Describe", "Head",
                                              "Search", "BatchGet", "Lookup"};
  for (const char* p : kReadPrefixes) {
    if (StartsWith(r.operation, p)) return true;
  }
  // REST calls: HTTP says GET, HEAD, PUT and DELETE are idempotent.
  return r.method == "GET" || r.method == "HEAD" || r.method == "PUT" || r.method == "DELETE";
}

std::string StripErrorType(std::string t) {
  // "com.amazonaws.glue#EntityNotFoundException" or "EntityNotFoundException:http://..."
  size_t hash = t.rfind('#');
  if (hash != std::string::npos) t = t.substr(hash + 1);
  size_t colon = t.find(':');
  if (colon != std::string::npos) t = t.substr(0, colon);
  return t;
}

struct ParsedError {
  std::string code;
  std::string message;
};

ParsedError ParseError(const HttpResponse& r) {
  ParsedError e;
  std::string header_type = r.Header("x-amzn-errortype");
  if (!header_type.empty()) e.code = StripErrorType(header_type);
  size_t first = r.body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return e;
  if (r.body[first] == '<') {
    pugi::xml_document doc;
    if (doc.load_buffer(r.body.data(), r.body.size())) {
      pugi::xml_node err = doc.select_node("//Error").node();
      if (err) {
        if (e.code.empty()) e.code = err.child_value("Code");
        e.message = err.child_value("Message");
      }
    }
  } else if (r.body[first] == '{') {
    try {
      Value j = Value::parse(r.body);
      if (e.code.empty()) {
        for (const char* k : {"__type", "code", "Code"}) {
          if (j.contains(k) && j[k].is_string()) {
            e.code = StripErrorType(j[k].get<std::string>());
            break;
          }
        }
      }
      for (const char* k : {"message", "Message", "errorMessage"}) {
        if (j.contains(k) && j[k].is_string()) {
          e.message = j[k].get<std::string>();
          break;
        }
      }
    } catch (const nlohmann::json::exception&) {
      // Not JSON after all: leave code/message empty.
    }
  }
  return e;
}

std::string ErrorCodeForRetry(const HttpResponse& r) {
  if (r.status < 300) return "";
  return ParseError(r).code;
}

bool Is2xx(int status) { return status >= 200 && status < 300; }

std::string Partition(const std::string& region) {
  if (StartsWith(region, "cn-")) return "cn";
  if (StartsWith(region, "us-gov-")) return "gov";
  return "aws";
}

}  // namespace

std::string Endpoints::Resolve(const std::string& service, const std::string& region) const {
  if (auto it = per_service.find(service); it != per_service.end()) return it->second;
  if (!all.empty()) return all;
  std::string partition = Partition(region);
  std::string suffix = partition == "cn" ? ".amazonaws.com.cn" : ".amazonaws.com";
  if (service == "iam") {
    if (partition == "cn") return "https://iam.cn-north-1.amazonaws.com.cn";
    if (partition == "gov") return "https://iam.us-gov.amazonaws.com";
    return "https://iam.amazonaws.com";
  }
  return "https://" + service + "." + region + suffix;
}

std::string SigningRegion(const std::string& service, const std::string& region) {
  if (service == "iam") {
    std::string partition = Partition(region);
    if (partition == "cn") return "cn-north-1";
    if (partition == "gov") return "us-gov-west-1";
    return "us-east-1";
  }
  return region;
}

Result<Endpoints> ParseEndpoints(const Value& block) {
  Endpoints e;
  if (!block.is_object()) return e;
  auto check = [](const std::string& key, const Value& v) -> Result<std::string> {
    if (!v.is_string()) {
      return Status::InvalidArgument("provider aws: " + key + " must be a URL string");
    }
    std::string url = v.get<std::string>();
    if (!StartsWith(url, "https://") && !StartsWith(url, "http://")) {
      return Status::InvalidArgument("provider aws: " + key +
                                     " must start with https:// or http:// (got \"" + url + "\")");
    }
    while (url.size() > 1 && url.back() == '/') url.pop_back();
    return url;
  };
  if (block.contains("endpoint") && !block["endpoint"].is_null()) {
    CW_ASSIGN_OR_RETURN(e.all, check("endpoint", block["endpoint"]));
  }
  if (block.contains("endpoints") && !block["endpoints"].is_null()) {
    const Value& m = block["endpoints"];
    if (!m.is_object()) {
      return Status::InvalidArgument(
          "provider aws: endpoints must map service names to URLs, e.g. {iam: https://...}");
    }
    for (const auto& [service, url] : m.items()) {
      CW_ASSIGN_OR_RETURN(e.per_service[service], check("endpoints." + service, url));
    }
  }
  return e;
}

std::string UriEncode(const std::string& s, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0xf]);
    }
  }
  return out;
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += UriEncode(k) + "=" + UriEncode(v);
  }
  return out;
}

StatusCode StatusCodeForAwsError(const std::string& code, int http_status) {
  static const std::set<std::string> kNotFound = {
      "NoSuchEntity",       "EntityNotFoundException",
      "NoSuchBucket",       "NoSuchKey",
      "NoSuchBucketPolicy", "NoSuchTagSet",
      "NoSuchTagSetError",  "ResourceNotFoundException",
      "NotFound",           "NoSuchLifecycleConfiguration",
      "NotFoundException"};
  static const std::set<std::string> kConflict = {
      "EntityAlreadyExists",    "AlreadyExistsException", "BucketAlreadyOwnedByYou",
      "BucketAlreadyExists",    "ResourceInUseException", "ConcurrentModificationException",
      "ConcurrentModification", "DeleteConflict",         "ConflictException"};
  static const std::set<std::string> kDenied = {
      "AccessDenied",          "AccessDeniedException",      "UnauthorizedOperation",
      "InvalidClientTokenId",  "SignatureDoesNotMatch",      "ExpiredToken",
      "ExpiredTokenException", "InvalidAccessKeyId",         "UnrecognizedClientException",
      "IncompleteSignature",   "MissingAuthenticationToken", "AuthFailure",
      "RequestExpired",        "InvalidSignatureException"};
  if (kNotFound.count(code)) return StatusCode::kNotFound;
  if (kConflict.count(code)) return StatusCode::kConflict;
  if (kDenied.count(code)) return StatusCode::kPermissionDenied;
  if (IsThrottlingErrorCode(code) || http_status == 429) return StatusCode::kUnavailable;
  if (code.empty() && http_status == 404) return StatusCode::kNotFound;
  if (code.empty() && http_status == 403) return StatusCode::kPermissionDenied;
  return StatusCode::kProviderError;
}

Status AwsClient::ErrorFromResponse(const std::string& service, const std::string& operation,
                                    const HttpResponse& response) {
  ParsedError e = ParseError(response);
  std::string msg = service + " " + operation + ": ";
  if (e.code.empty()) {
    msg += "HTTP " + std::to_string(response.status);
    if (!e.message.empty()) msg += ": " + e.message;
  } else {
    msg +=
        e.code + ": " + (e.message.empty() ? "HTTP " + std::to_string(response.status) : e.message);
  }
  return Status(StatusCodeForAwsError(e.code, response.status), msg, e.code);
}

AwsClient::AwsClient(AwsClientOptions options)
    : options_(std::move(options)), clock_(options_.clock ? options_.clock : RealClock()) {
  RetryOptions r = options_.retry;
  if (r.clock == nullptr) r.clock = clock_;
  retry_ = std::make_unique<RetryPolicy>(r);
}

Result<HttpResponse> AwsClient::Send(const AwsRequest& request) {
  if (options_.http == nullptr || options_.credentials == nullptr) {
    return Status::Internal("AwsClient needs an HttpClient and a CredentialProvider");
  }
  const std::string base = options_.endpoints.Resolve(request.service, options_.region);
  const std::string host = HostOf(base);
  const std::string url = base + request.path + (request.query.empty() ? "" : "?" + request.query);
  SigningParams params;
  params.region = SigningRegion(request.service, options_.region);
  params.service = request.service;
  params.s3_path_rules = request.service == "s3";

  auto attempt = [&]() -> Result<HttpResponse> {
    CW_ASSIGN_OR_RETURN(Credentials creds, options_.credentials->Get());
    SignableRequest s;
    s.method = request.method;
    s.path = request.path;
    s.query = request.query;
    s.headers = request.headers;
    s.headers.emplace_back("host", host);
    s.body = request.body;
    params.amz_date = AmzDate(clock_->Now());
    SignRequest(&s, params, creds);
    HttpRequest h;
    h.method = request.method;
    h.url = url;
    h.headers = std::move(s.headers);
    h.headers.emplace_back("user-agent", options_.user_agent);
    h.body = request.body;
    h.timeout = options_.timeout;
    return options_.http->Send(h);
  };
  return retry_->Run(attempt, ErrorCodeForRetry, IsIdempotent(request));
}

Result<XmlDoc> AwsClient::Query(const std::string& service, const std::string& action,
                                const std::string& version,
                                const std::vector<std::pair<std::string, std::string>>& params,
                                Idempotency idempotency) {
  std::vector<std::pair<std::string, std::string>> all = {{"Action", action}, {"Version", version}};
  all.insert(all.end(), params.begin(), params.end());
  AwsRequest r;
  r.service = service;
  r.operation = action;
  r.headers = {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}};
  r.body = FormEncode(all);
  r.idempotency = idempotency;
  CW_ASSIGN_OR_RETURN(HttpResponse resp, Send(r));
  if (!Is2xx(resp.status)) return ErrorFromResponse(service, action, resp);
  auto doc = std::make_shared<pugi::xml_document>();
  pugi::xml_parse_result ok = doc->load_buffer(resp.body.data(), resp.body.size());
  if (!ok) {
    return Status::ProviderError(service + " " + action + ": response is not XML (" +
                                 ok.description() + ")");
  }
  return doc;
}

Status AwsClient::QueryPaginate(const std::string& service, const std::string& action,
                                const std::string& version,
                                const std::vector<std::pair<std::string, std::string>>& params,
                                const std::function<Status(const pugi::xml_node&)>& page) {
  std::string marker;
  std::set<std::string> seen;
  while (true) {
    auto p = params;
    if (!marker.empty()) p.emplace_back("Marker", marker);
    CW_ASSIGN_OR_RETURN(XmlDoc doc, Query(service, action, version, p));
    pugi::xml_node result =
        doc->child((action + "Response").c_str()).child((action + "Result").c_str());
    if (!result) {
      return Status::ProviderError(service + " " + action + ": response has no <" + action +
                                   "Result>");
    }
    CW_RETURN_IF_ERROR(page(result));
    if (std::string(result.child_value("IsTruncated")) != "true") return Status::Ok();
    marker = result.child_value("Marker");
    if (marker.empty() || !seen.insert(marker).second) {
      return Status::ProviderError(service + " " + action +
                                   ": truncated page without a new Marker");
    }
  }
}

namespace {

// The parsed body of a JSON-protocol reply (an empty body is {}), or the AWS error it carries.
Result<Value> JsonBody(const std::string& service, const std::string& operation,
                       const HttpResponse& resp) {
  if (!Is2xx(resp.status)) return AwsClient::ErrorFromResponse(service, operation, resp);
  if (resp.body.find_first_not_of(" \t\r\n") == std::string::npos) return Value::object();
  try {
    return Value::parse(resp.body);
  } catch (const nlohmann::json::exception& e) {
    return Status::ProviderError(service + " " + operation + ": response is not JSON (" + e.what() +
                                 ")");
  }
}

}  // namespace

Result<Value> AwsClient::Json(const std::string& service, const std::string& target_prefix,
                              const std::string& operation, const Value& body,
                              Idempotency idempotency) {
  AwsRequest r;
  r.service = service;
  r.operation = operation;
  r.headers = {{"content-type", "application/x-amz-json-1.1"},
               {"x-amz-target", target_prefix + "." + operation}};
  r.body = body.is_null() ? "{}" : body.dump();
  r.idempotency = idempotency;
  CW_ASSIGN_OR_RETURN(HttpResponse resp, Send(r));
  return JsonBody(service, operation, resp);
}

Status AwsClient::JsonPaginate(const std::string& service, const std::string& target_prefix,
                               const std::string& operation, const Value& body,
                               const std::function<Status(const Value&)>& page) {
  Value req = body.is_null() ? Value::object() : body;
  std::set<std::string> seen;
  while (true) {
    CW_ASSIGN_OR_RETURN(Value resp, Json(service, target_prefix, operation, req));
    CW_RETURN_IF_ERROR(page(resp));
    if (!resp.contains("NextToken") || !resp["NextToken"].is_string() ||
        resp["NextToken"].get<std::string>().empty()) {
      return Status::Ok();
    }
    std::string token = resp["NextToken"].get<std::string>();
    if (!seen.insert(token).second) {
      return Status::ProviderError(service + " " + operation + ": NextToken repeated");
    }
    req["NextToken"] = token;
  }
}

Result<Value> AwsClient::RestJson(const std::string& service, const std::string& operation,
                                  const std::string& method, const std::string& path,
                                  const Value& body, Idempotency idempotency,
                                  const std::string& query) {
  AwsRequest r;
  r.service = service;
  r.operation = operation;
  r.method = method;
  r.path = path;
  r.query = query;
  if (!body.is_null()) {
    r.headers = {{"content-type", "application/json"}};
    r.body = body.dump();
  }
  r.idempotency = idempotency;
  CW_ASSIGN_OR_RETURN(HttpResponse resp, Send(r));
  return JsonBody(service, operation, resp);
}

Result<HttpResponse> AwsClient::RestXml(
    const std::string& service, const std::string& operation, const std::string& method,
    const std::string& path, const std::string& query,
    const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body,
    Idempotency idempotency) {
  AwsRequest r;
  r.service = service;
  r.operation = operation;
  r.method = method;
  r.path = path;
  r.query = query;
  r.headers = headers;
  r.body = body;
  r.idempotency = idempotency;
  CW_ASSIGN_OR_RETURN(HttpResponse resp, Send(r));
  if (!Is2xx(resp.status)) return ErrorFromResponse(service, operation, resp);
  return resp;
}

}  // namespace causeway::aws

// DatabricksClient: request building, error mapping and paging.
#include "providers/databricks/databricks_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>

#include "reconciler/core/ascii.h"

namespace causeway::databricks {
namespace {

std::string QueryString(const Query& query) {
  std::string out;
  for (const auto& [k, v] : query) {
    out += (out.empty() ? "?" : "&") + PathSegment(k) + "=" + PathSegment(v);
  }
  return out;
}

std::string ErrorCodeOf(const HttpResponse& r) {
  Value body = Value::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_object() && body.contains("error_code") && body["error_code"].is_string()) {
    return body["error_code"].get<std::string>();
  }
  return "";
}

}  // namespace

std::string PathSegment(const std::string& s) {
  char* escaped = curl_easy_escape(nullptr, s.c_str(), static_cast<int>(s.size()));
  std::string out = escaped == nullptr ? "" : escaped;
  curl_free(escaped);
  return out;
}

StatusCode StatusCodeForError(const std::string& code, int http_status) {
  if (code == "RESOURCE_DOES_NOT_EXIST" || code == "NOT_FOUND" ||
      code == "CATALOG_DOES_NOT_EXIST" || code == "SCHEMA_DOES_NOT_EXIST" ||
      code == "TABLE_DOES_NOT_EXIST" || (code.empty() && http_status == 404)) {
    return StatusCode::kNotFound;
  }
  if (code == "RESOURCE_ALREADY_EXISTS" || code == "ALREADY_EXISTS" || http_status == 409) {
    return StatusCode::kConflict;
  }
  if (code == "PERMISSION_DENIED" || code == "UNAUTHENTICATED" || http_status == 401 ||
      http_status == 403) {
    return StatusCode::kPermissionDenied;
  }
  if (code == "REQUEST_LIMIT_EXCEEDED" || code == "TEMPORARILY_UNAVAILABLE" || http_status == 429 ||
      http_status == 503) {
    return StatusCode::kUnavailable;
  }
  if (code == "INVALID_PARAMETER_VALUE" || code == "BAD_REQUEST" || code == "INVALID_STATE" ||
      http_status == 400) {
    return StatusCode::kInvalidArgument;
  }
  if (http_status == 404) return StatusCode::kNotFound;
  return StatusCode::kProviderError;
}

DatabricksClient::DatabricksClient(DatabricksClientOptions options)
    : options_(std::move(options)), retry_([&] {
        RetryOptions r = options_.retry;
        if (r.clock == nullptr) r.clock = options_.clock;
        return r;
      }()) {}

Result<Value> DatabricksClient::Call(const std::string& method, const std::string& path,
                                     const Value& body, const Query& query) {
  const std::string what = "databricks " + method + " " + path;
  const bool idempotent = method != "POST";
  Status token_error = Status::Ok();
  auto r = retry_.Run(
      [&]() -> Result<HttpResponse> {
        auto token = options_.token->Token();
        if (!token.ok()) {
          token_error = token.status();
          return token.status();
        }
        HttpRequest req;
        req.method = method;
        req.url = options_.host + path + QueryString(query);
        req.headers = {{"Authorization", "Bearer " + *token},
                       {"Accept", "application/json"},
                       {"User-Agent", "causeway"}};
        if (!body.is_null()) {
          req.headers.emplace_back("Content-Type", "application/json");
          req.body = body.dump();
        }
        return options_.http->Send(req);
      },
      &ErrorCodeOf, idempotent);
  if (!token_error.ok()) return token_error;
  if (!r.ok()) return Status(r.status().code(), what + ": " + r.status().message());
  if (r->status >= 200 && r->status < 300) {
    if (r->body.empty()) return Value::object();
    Value v = Value::parse(r->body, nullptr, /*allow_exceptions=*/false);
    if (v.is_discarded()) return Status::ProviderError(what + ": the reply is not JSON");
    return v;
  }
  std::string code = ErrorCodeOf(*r);
  Value err = Value::parse(r->body, nullptr, /*allow_exceptions=*/false);
  std::string message = err.is_object() && err.contains("message") && err["message"].is_string()
                            ? err["message"].get<std::string>()
                            : "HTTP " + std::to_string(r->status);
  if (r->status == 401) {
    message += " (the token was refused: " + options_.token->Describe() + ")";
  }
  return Status(StatusCodeForError(code, r->status),
                what + ": " + (code.empty() ? "" : code + ": ") + message, code);
}

Status DatabricksClient::ListAll(const std::string& path, Query query, const std::string& key,
                                 const std::function<Status(const kit::ReplyReader&)>& each) {
  std::string token;
  for (int page = 0;; ++page) {
    Query q = query;
    if (!token.empty()) q.emplace_back("page_token", token);
    CW_ASSIGN_OR_RETURN(Value reply, Catalog("GET", path, {}, q));
    kit::ReplyReader reader(reply, "databricks list " + path);
    CW_RETURN_IF_ERROR(reader.ForEach(key, each));
    CW_ASSIGN_OR_RETURN(auto next, reader.String("next_page_token"));
    if (!next || next->empty()) return Status::Ok();
    if (*next == token || page > 100000) {
      return Status::ProviderError("databricks list " + path + ": the page token does not advance");
    }
    token = *next;
  }
}

Result<std::vector<Value>> DatabricksClient::Statement(const std::string& warehouse_id,
                                                       const std::string& sql) {
  if (warehouse_id.empty()) {
    return Status::InvalidArgument(
        "databricks: running SQL needs a warehouse: set warehouse_id in providers.databricks, "
        "DATABRICKS_WAREHOUSE_ID or the profile");
  }
  const std::string path = "/api/2.0/sql/statements";
  CW_ASSIGN_OR_RETURN(Value reply, Call("POST", path,
                                        {{"statement", sql},
                                         {"warehouse_id", warehouse_id},
                                         {"wait_timeout", "30s"},
                                         {"on_wait_timeout", "CONTINUE"},
                                         {"disposition", "INLINE"},
                                         {"format", "JSON_ARRAY"}}));
  // A statement still PENDING or RUNNING after the wait is polled, backing off to 5 s.
  std::chrono::milliseconds wait{250};
  for (;;) {
    kit::ReplyReader r(reply, "databricks statement");
    CW_ASSIGN_OR_RETURN(std::string state, r.StringOr("status/state", ""));
    if (state == "SUCCEEDED") break;
    if (state == "PENDING" || state == "RUNNING") {
      CW_ASSIGN_OR_RETURN(std::string id, r.RequiredString("statement_id"));
      options_.clock->SleepFor(wait);
      wait = std::min<std::chrono::milliseconds>(wait * 2, std::chrono::seconds(5));
      CW_ASSIGN_OR_RETURN(reply, Call("GET", path + "/" + PathSegment(id)));
      continue;
    }
    CW_ASSIGN_OR_RETURN(std::string code, r.StringOr("status/error/error_code", ""));
    CW_ASSIGN_OR_RETURN(std::string message, r.StringOr("status/error/message", ""));
    CW_ASSIGN_OR_RETURN(std::string sql_state, r.StringOr("status/sql_state", ""));
    std::string what = "databricks SQL statement " + (state.empty() ? "failed" : state) + ": " +
                       (code.empty() ? "" : code + ": ") + message +
                       (sql_state.empty() ? "" : " (SQLSTATE " + sql_state + ")");
    // A statement's error codes (NOT_FOUND, ALREADY_EXISTS, BAD_REQUEST...) map as the REST
    // API's do; the HTTP status (200) says nothing.
    return Status(code.empty() ? StatusCode::kProviderError : StatusCodeForError(code, 0), what,
                  code.empty() ? sql_state : code);
  }
  std::vector<Value> rows;
  auto take = [&](const Value& chunk) -> Status {
    kit::ReplyReader r(chunk, "databricks statement result");
    CW_ASSIGN_OR_RETURN(const Value* data, r.List("data_array"));
    if (data != nullptr) {
      for (const auto& row : *data) rows.push_back(row);
    }
    return Status::Ok();
  };
  kit::ReplyReader r(reply, "databricks statement");
  if (reply.contains("result") && reply["result"].is_object())
    CW_RETURN_IF_ERROR(take(reply["result"]));
  CW_ASSIGN_OR_RETURN(auto chunks, r.Integer("manifest/total_chunk_count"));
  CW_ASSIGN_OR_RETURN(std::string id, r.StringOr("statement_id", ""));
  for (int64_t i = 1; chunks && i < *chunks; ++i) {
    CW_ASSIGN_OR_RETURN(Value chunk, Call("GET", path + "/" + PathSegment(id) + "/result/chunks/" +
                                                     std::to_string(i)));
    CW_RETURN_IF_ERROR(take(chunk));
  }
  return rows;
}

}  // namespace causeway::databricks

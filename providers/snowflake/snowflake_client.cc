// SnowflakeClient: requests, polling, partitions and error mapping of the SQL API v2.
#include "providers/snowflake/snowflake_client.h"

#include <curl/curl.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "providers/kit/parallel.h"
#include "providers/kit/reply_reader.h"

namespace causeway::snowflake {
namespace {

constexpr char kStatements[] = "/api/v2/statements";
constexpr size_t kPartitionThreads = 8;

std::string Escape(const std::string& s) {
  char* escaped = curl_easy_escape(nullptr, s.c_str(), static_cast<int>(s.size()));
  std::string out = escaped == nullptr ? "" : escaped;
  curl_free(escaped);
  return out;
}

std::string CodeOf(const HttpResponse& r) {
  Value body = Value::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_object() && body.contains("code") && body["code"].is_string()) {
    return body["code"].get<std::string>();
  }
  return "";
}

std::string StringMember(const Value& v, const char* key) {
  if (v.is_object() && v.contains(key) && v[key].is_string()) return v[key].get<std::string>();
  return "";
}

}  // namespace

StatusCode StatusCodeForError(int http_status, const std::string& code,
                              const std::string& sql_state) {
  if (http_status == 401 || http_status == 403) return StatusCode::kPermissionDenied;
  if (http_status == 408 || http_status == 429 || http_status == 503 || http_status == 504) {
    return StatusCode::kUnavailable;
  }
  if (code == "002003" || sql_state == "02000") return StatusCode::kNotFound;
  if (code == "002002" || sql_state == "42710") return StatusCode::kConflict;
  if (code == "003001" || sql_state == "42501") return StatusCode::kPermissionDenied;
  if (code == "001003" || sql_state.rfind("42", 0) == 0 || http_status == 400) {
    return StatusCode::kInvalidArgument;
  }
  return StatusCode::kProviderError;
}

std::string NewRequestId() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) {
    // RAND_bytes fails only without an entropy source; fall back to the standard library's.
    std::random_device rd;
    for (auto& c : b) c = static_cast<unsigned char>(rd());
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

std::string StatementLabel(const std::string& sql) {
  std::string s = sql.substr(0, sql.find('\n'));
  if (s.size() > 120) s = s.substr(0, 117) + "...";
  return s;
}

SnowflakeClient::SnowflakeClient(SnowflakeClientOptions options)
    : options_(std::move(options)), retry_([&] {
        if (options_.clock == nullptr) options_.clock = RealClock();
        RetryOptions r = options_.retry;
        if (r.clock == nullptr) r.clock = options_.clock;
        return r;
      }()) {}

Result<HttpResponse> SnowflakeClient::Send(HttpRequest req) {
  auto token = options_.token->Token();
  if (!token.ok()) return token.status();
  req.headers = {{"Authorization", "Bearer " + *token},
                 {"X-Snowflake-Authorization-Token-Type", options_.token->TokenType()},
                 {"Accept", "application/json"},
                 {"User-Agent", "causeway/1.0"}};
  if (!req.body.empty()) req.headers.emplace_back("Content-Type", "application/json");
  ++requests_;
  return options_.http->Send(req);
}

Result<SnowflakeClient::Reply> SnowflakeClient::Submit(const std::string& sql, int count,
                                                       const StatementContext& where,
                                                       const std::string& what) {
  Value body = {{"statement", sql}, {"timeout", options_.statement_timeout_seconds}};
  if (!options_.role.empty()) body["role"] = options_.role;
  if (!options_.warehouse.empty()) body["warehouse"] = options_.warehouse;
  if (!where.database.empty()) body["database"] = where.database;
  if (!where.schema.empty()) body["schema"] = where.schema;
  if (count != 1) body["parameters"] = {{"multi_statement_count", count}};
  const std::string request_id = options_.request_id ? options_.request_id() : NewRequestId();
  const std::string payload = body.dump();
  statements_ += count;
  int attempt = 0;
  Status token_error = Status::Ok();
  // With its requestId and retry=true a resubmission never runs the statement again, so the
  // POST is retried as an idempotent call.
  auto r = retry_.Run(
      [&]() -> Result<HttpResponse> {
        HttpRequest req;
        req.method = "POST";
        req.url = options_.base_url + kStatements + "?requestId=" + request_id +
                  (attempt++ > 0 ? "&retry=true" : "");
        req.body = payload;
        auto sent = Send(std::move(req));
        if (!sent.ok() && sent.status().code() != StatusCode::kIOError) {
          token_error = sent.status();
        }
        return sent;
      },
      &CodeOf, /*idempotent=*/true);
  if (!token_error.ok()) return token_error;
  if (!r.ok()) return Status(r.status().code(), what + ": " + r.status().message());
  Reply reply{r->status, Value::parse(r->body, nullptr, /*allow_exceptions=*/false)};
  if (reply.body.is_discarded()) {
    if (r->status == 200 || r->status == 202) {
      return Status::ProviderError(what + ": the reply (HTTP " + std::to_string(r->status) +
                                   ") is not JSON");
    }
    reply.body = Value::object();
  }
  return reply;
}

Result<SnowflakeClient::Reply> SnowflakeClient::Get(const std::string& path,
                                                    const std::string& what) {
  Status token_error = Status::Ok();
  auto r = retry_.Run(
      [&]() -> Result<HttpResponse> {
        HttpRequest req;
        req.method = "GET";
        req.url = options_.base_url + path;
        auto sent = Send(std::move(req));
        if (!sent.ok() && sent.status().code() != StatusCode::kIOError) {
          token_error = sent.status();
        }
        return sent;
      },
      &CodeOf, /*idempotent=*/true);
  if (!token_error.ok()) return token_error;
  if (!r.ok()) return Status(r.status().code(), what + ": " + r.status().message());
  Reply reply{r->status, Value::parse(r->body, nullptr, /*allow_exceptions=*/false)};
  if (reply.body.is_discarded()) {
    if (r->status == 200 || r->status == 202) {
      return Status::ProviderError(what + ": the reply (HTTP " + std::to_string(r->status) +
                                   ") is not JSON");
    }
    reply.body = Value::object();
  }
  return reply;
}

Result<SnowflakeClient::Reply> SnowflakeClient::WaitWhileRunning(Reply reply,
                                                                 const std::string& what) {
  std::chrono::milliseconds wait{100};
  while (reply.status == 202) {
    std::string handle = StringMember(reply.body, "statementHandle");
    if (handle.empty()) {
      return Status::ProviderError(what + ": a 202 reply without a statementHandle");
    }
    options_.clock->SleepFor(wait);
    wait = std::min<std::chrono::milliseconds>(wait * 2, std::chrono::seconds(5));
    CW_ASSIGN_OR_RETURN(reply, Get(std::string(kStatements) + "/" + Escape(handle), what));
  }
  return reply;
}

Status SnowflakeClient::ErrorOf(const Reply& reply, const std::string& what) const {
  const std::string code = StringMember(reply.body, "code");
  const std::string sql_state = StringMember(reply.body, "sqlState");
  std::string message = StringMember(reply.body, "message");
  if (message.empty()) message = "HTTP " + std::to_string(reply.status);
  std::string text = what + ": ";
  if (reply.status == 422) {
    text += "SQL error " + (code.empty() ? std::string("?") : code);
    if (!sql_state.empty()) text += " (SQLSTATE " + sql_state + ")";
    text += ": " + message;
  } else {
    text +=
        "HTTP " + std::to_string(reply.status) + (code.empty() ? "" : " " + code) + ": " + message;
    if (!sql_state.empty()) text += " (SQLSTATE " + sql_state + ")";
  }
  if (reply.status == 401) {
    text += " (the credentials were refused: " + options_.token->Describe() +
            "; check the account, user and that the user's RSA_PUBLIC_KEY matches the key)";
  } else if (reply.status == 408) {
    text += " (the statement ran longer than its timeout of " +
            std::to_string(options_.statement_timeout_seconds) + " s and was cancelled)";
  } else if (reply.status == 429 || reply.status == 503) {
    text += " (still refused after the retries; try again later)";
  }
  return Status(StatusCodeForError(reply.status, code, sql_state), text,
                code.empty() ? sql_state : code);
}

Result<RowSet> SnowflakeClient::ReadResult(const Value& body, const std::string& what) {
  kit::ReplyReader r(body, what);
  std::vector<std::string> columns;
  CW_RETURN_IF_ERROR(r.ForEach("resultSetMetaData/rowType", [&](const kit::ReplyReader& col) {
    CW_ASSIGN_OR_RETURN(std::string name, col.RequiredString("name"));
    columns.push_back(std::move(name));
    return Status::Ok();
  }));
  CW_ASSIGN_OR_RETURN(std::string handle, r.StringOr("statementHandle", ""));
  const Value empty;
  CW_ASSIGN_OR_RETURN(const Value* data, r.List("data"));
  CW_ASSIGN_OR_RETURN(auto rows, RowSet::ParseRows(data ? *data : empty, columns.size(), what));
  RowSet set(std::move(columns), std::move(rows), handle);
  CW_ASSIGN_OR_RETURN(const Value* partitions, r.List("resultSetMetaData/partitionInfo"));
  const size_t n = partitions == nullptr ? 1 : partitions->size();
  if (n > 1 && handle.empty()) {
    return Status::ProviderError(what + ": a result in partitions without a statementHandle");
  }
  // The other partitions are fetched at once (up to kPartitionThreads): at cloud latency, one
  // after another they would cost a round trip each.
  std::vector<Value> parts(n > 1 ? n - 1 : 0);
  CW_RETURN_IF_ERROR(kit::ForEachInParallel(parts.size(), kPartitionThreads, [&](size_t i) {
    const size_t p = i + 1;
    const std::string part = what + " (partition " + std::to_string(p) + ")";
    CW_ASSIGN_OR_RETURN(Reply reply, Get(std::string(kStatements) + "/" + Escape(handle) +
                                             "?partition=" + std::to_string(p),
                                         part));
    if (reply.status != 200) return ErrorOf(reply, part);
    kit::ReplyReader pr(reply.body, part);
    CW_ASSIGN_OR_RETURN(const Value* pdata, pr.List("data"));
    parts[i] = pdata ? *pdata : Value::array();
    return Status::Ok();
  }));
  for (size_t i = 0; i < parts.size(); ++i) {
    CW_RETURN_IF_ERROR(set.Append(parts[i], what + " (partition " + std::to_string(i + 1) + ")"));
  }
  return set;
}

Result<RowSet> SnowflakeClient::Execute(const std::string& sql, const StatementContext& where) {
  const std::string what = "snowflake: " + StatementLabel(sql);
  CW_ASSIGN_OR_RETURN(Reply reply, Submit(sql, 1, where, what));
  CW_ASSIGN_OR_RETURN(reply, WaitWhileRunning(std::move(reply), what));
  if (reply.status != 200) return ErrorOf(reply, what);
  return ReadResult(reply.body, what);
}

Result<RowSet> SnowflakeClient::Fetch(const std::string& statement_handle) {
  const std::string what = "snowflake: statement " + statement_handle;
  CW_ASSIGN_OR_RETURN(Reply reply,
                      Get(std::string(kStatements) + "/" + Escape(statement_handle), what));
  CW_ASSIGN_OR_RETURN(reply, WaitWhileRunning(std::move(reply), what));
  if (reply.status != 200) return ErrorOf(reply, what);
  return ReadResult(reply.body, what);
}

Result<std::vector<std::string>> SnowflakeClient::ExecuteBatch(
    const std::vector<std::string>& statements, size_t* ran, const StatementContext& where) {
  if (ran != nullptr) *ran = 0;
  if (statements.empty()) return std::vector<std::string>{};
  if (statements.size() == 1) {
    CW_ASSIGN_OR_RETURN(RowSet rows, Execute(statements[0], where));
    if (ran != nullptr) *ran = 1;
    return std::vector<std::string>{rows.statement_handle()};
  }
  std::string sql;
  for (const auto& s : statements) sql += (sql.empty() ? "" : ";\n") + s;
  const size_t n = statements.size();
  const std::string what = "snowflake: a batch of " + std::to_string(n) + " statements";
  CW_ASSIGN_OR_RETURN(Reply reply, Submit(sql, static_cast<int>(n), where, what));
  CW_ASSIGN_OR_RETURN(reply, WaitWhileRunning(std::move(reply), what));
  std::vector<std::string> handles;
  if (reply.body.is_object() && reply.body.contains("statementHandles") &&
      reply.body["statementHandles"].is_array()) {
    for (const auto& h : reply.body["statementHandles"]) {
      if (h.is_string()) handles.push_back(h.get<std::string>());
    }
  }
  if (reply.status == 200) {
    if (handles.size() != n) {
      return Status::ProviderError(what + ": the reply lists " + std::to_string(handles.size()) +
                                   " statement handles");
    }
    if (ran != nullptr) *ran = n;
    return handles;
  }
  Status error = ErrorOf(reply, what);
  if (reply.status != 422) return error;  // refused before any statement ran
  // The handles of a failed batch are those of the statements that ran before the failure.
  const size_t done = std::min(handles.size(), n - 1);
  if (ran != nullptr) *ran = done;
  std::string which = "statement " + std::to_string(done + 1) + " of " + std::to_string(n) +
                      " failed (" + StatementLabel(statements[done]) + "); ";
  if (done == 0) {
    which += "no statement of the batch ran";
  } else {
    which += "statements 1-" + std::to_string(done) + " ran and stay applied";
  }
  if (done + 1 < n) {
    which += ", statements " + std::to_string(done + 2) + "-" + std::to_string(n) + " did not run";
  }
  return Status(error.code(), which + ": " + error.message(), error.provider_code());
}

}  // namespace causeway::snowflake

// SQL API v2 handlers of SnowflakeService: submitting statements (single, multi, async,
// requestId retries), polling and fetching partitions, cancelling; replies shaped as
// rest-api/sqlapi.yaml's ResultSet (200), QueryStatus (202) and QueryFailureStatus (422).
#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/api/result_encoding.h"
#include "sandbox/snowflake/api/snowflake_service.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

namespace {

const char kStatementsPath[] = "/api/v2/statements/";

SandboxResponse JsonReply(int status, const Value& body) {
  SandboxResponse out;
  out.status = status;
  out.content_type = "application/json";
  out.body = body.dump();
  return out;
}

SandboxResponse BadPayload(const std::string& why) {
  return JsonReply(400, {{"code", "390142"},
                         {"message", "Incoming request does not contain a valid payload. " + why}});
}

std::string HandleOf(const SandboxRequest& r) {
  std::string rest = r.path.substr(sizeof(kStatementsPath) - 1);
  return rest.substr(0, rest.find('/'));
}

}  // namespace

std::string StatusUrl(const std::string& handle, const std::string& request_id) {
  std::string url = std::string(kStatementsPath) + handle;
  if (!request_id.empty()) url += "?requestId=" + request_id;
  return url;
}

namespace {

// multi_statement_count as an int or a string, under either spelling; 1 when absent.
Result<int> StatementCount(const Value& body) {
  const Value* params = body.contains("parameters") ? &body["parameters"] : nullptr;
  if (params == nullptr || !params->is_object()) return 1;
  for (const char* key : {"multi_statement_count", "MULTI_STATEMENT_COUNT"}) {
    auto it = params->find(key);
    if (it == params->end()) continue;
    if (it->is_number_integer()) return it->get<int>();
    if (it->is_string()) {
      if (auto n = ParseInteger<int>(it->get<std::string>())) return *n;
    }
    return Status::InvalidArgument("multi_statement_count must be an integer");
  }
  return 1;
}

}  // namespace

Value QueryStatus(const std::string& handle, const std::string& status_url) {
  return {{"code", "333334"},
          {"message",
           "Asynchronous execution in progress. Use provided query id to perform query "
           "monitoring and management."},
          {"statementHandle", handle},
          {"statementStatusUrl", status_url}};
}

namespace {

std::string StringField(const Value& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

SandboxResponse SnowflakeService::ReplyFor(StatementRecord& record, const std::string& request_id) {
  const std::string url = StatusUrl(record.handle, request_id);
  if (record.pending_polls > 0) return JsonReply(202, QueryStatus(record.handle, url));
  if (!record.ok) {
    Value body = {{"code", record.error_code},
                  {"message", record.error_message},
                  {"sqlState", SqlStateOf(record.error_code)},
                  {"statementHandle", record.handle},
                  {"statementStatusUrl", url}};
    if (!record.child_handles.empty() || record.error_code != kCodeStatementCount) {
      body["statementHandles"] = record.child_handles;
    }
    return JsonReply(422, body);
  }
  const size_t per = options_.partition_rows;
  Value body = {{"resultSetMetaData",
                 {{"numRows", record.result.rows.size()},
                  {"format", "jsonv2"},
                  {"rowType", RowTypeJson(record.result)},
                  {"partitionInfo", PartitionInfoJson(record.result, per)}}},
                {"data", RowsJson(record.result, 0, per)},
                {"code", "090001"},
                {"sqlState", "00000"},
                {"message", "Statement executed successfully."},
                {"statementHandle", record.handle},
                {"statementStatusUrl", url},
                {"createdOn", record.created_ms}};
  if (!record.child_handles.empty()) body["statementHandles"] = record.child_handles;
  SandboxResponse out = JsonReply(200, body);
  const size_t partitions = PartitionCount(record.result, per);
  if (partitions > 1) {
    const std::string base = std::string(kStatementsPath) + record.handle + "?partition=";
    out.AddHeader("Link", "<" + base + "1>; rel=\"next\",<" + base + "0>; rel=\"first\",<" + base +
                              std::to_string(partitions - 1) + ">; rel=\"last\"");
  }
  return out;
}

SandboxResponse SnowflakeService::SubmitStatement(const SandboxRequest& r, SandboxContext& c) {
  const std::string request_id = r.QueryParam("requestId");
  if (!request_id.empty() && r.QueryParam("retry") == "true") {
    auto known = by_request_id_.find(request_id);
    if (known != by_request_id_.end()) {
      auto it = statements_.find(known->second);
      if (it != statements_.end()) return ReplyFor(it->second, request_id);
    }
  }
  const Value body = Value::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return BadPayload("The body is not JSON.");
  auto statement = body.find("statement");
  if (statement == body.end() || !statement->is_string()) {
    return BadPayload("`statement` must be a string.");
  }
  auto count = StatementCount(body);
  if (!count.ok()) return BadPayload(count.status().message());
  auto session =
      OpenSession(r.principal.name, StringField(body, "role"), StringField(body, "warehouse"),
                  StringField(body, "database"), StringField(body, "schema"));
  if (!session.ok()) {
    return JsonReply(422, {{"code", session.status().provider_code()},
                           {"message", session.status().message()},
                           {"sqlState", "28000"},
                           {"statementHandle", ""}});
  }
  const StatementRecord& ran = RunStatements(statement->get<std::string>(), *count, *session, c);
  StatementRecord& record = statements_[ran.handle];
  if (!request_id.empty()) by_request_id_[request_id] = record.handle;
  if (r.QueryParam("async") == "true") {
    record.pending_polls = options_.async_polls;
    return JsonReply(202, QueryStatus(record.handle, StatusUrl(record.handle, request_id)));
  }
  return ReplyFor(record, request_id);
}

SandboxResponse SnowflakeService::GetStatementStatus(const SandboxRequest& r, SandboxContext&) {
  auto it = statements_.find(HandleOf(r));
  if (it == statements_.end()) {
    return JsonReply(404, {{"code", "000709"},
                           {"sqlState", "02000"},
                           {"message", "Statement " + HandleOf(r) + " not found"},
                           {"statementHandle", HandleOf(r)}});
  }
  StatementRecord& record = it->second;
  if (record.pending_polls > 0) {
    SandboxResponse pending = ReplyFor(record, r.QueryParam("requestId"));
    --record.pending_polls;
    return pending;
  }
  const std::string partition = r.QueryParam("partition");
  if (!partition.empty() && partition != "0" && record.ok) {
    auto n = ParseInteger<size_t>(partition);
    const size_t per = options_.partition_rows;
    if (!n || *n >= PartitionCount(record.result, per)) {
      return JsonReply(422, {{"code", "000709"},
                             {"sqlState", "22023"},
                             {"message", "Partition " + partition + " does not exist for " +
                                             "statement " + record.handle + "."},
                             {"statementHandle", record.handle}});
    }
    return JsonReply(200, {{"data", RowsJson(record.result, *n * per, (*n + 1) * per)}});
  }
  return ReplyFor(record, r.QueryParam("requestId"));
}

SandboxResponse SnowflakeService::CancelStatement(const SandboxRequest& r, SandboxContext&) {
  const std::string handle = HandleOf(r);
  if (statements_.count(handle) == 0) {
    return JsonReply(422, {{"code", "000709"},
                           {"sqlState", "02000"},
                           {"message", "Statement " + handle + " not found"},
                           {"statementHandle", handle}});
  }
  // Statements run synchronously: nothing is left to cancel, as for a finished statement.
  return JsonReply(200, {{"code", "000604"},
                         {"sqlState", "57014"},
                         {"message", "SQL execution canceled"},
                         {"statementHandle", handle},
                         {"statementStatusUrl", StatusUrl(handle, "")}});
}

}  // namespace causeway::sandbox::snowflake

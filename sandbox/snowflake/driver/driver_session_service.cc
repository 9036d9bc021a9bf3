// DriverSessionService: logins, sessions and queries of the driver protocol.
#include "sandbox/snowflake/driver/driver_session_service.h"

#include "reconciler/core/ascii.h"
#include "sandbox/core/ids.h"
#include "sandbox/snowflake/api/result_encoding.h"
#include "sandbox/snowflake/api/snowflake_service.h"
#include "sandbox/snowflake/auth/keypair_jwt.h"
#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

namespace {

constexpr int64_t kTokenValidityS = 3600;
constexpr int64_t kMasterValidityS = 4 * 3600;
constexpr int kStatementTypeDdl = 0x6000;

SandboxResponse Json(const Value& body, int status = 200) {
  SandboxResponse out;
  out.status = status;
  out.content_type = "application/json";
  out.body = body.dump();
  return out;
}

SandboxResponse Failure(const std::string& code, const std::string& message,
                        Value data = Value::object()) {
  data["errorCode"] = code;
  data["sqlState"] = data.value("sqlState", SqlStateOf(code));
  data["internalError"] = false;
  data["age"] = 0;
  return Json({{"success", false}, {"code", code}, {"message", message}, {"data", data}});
}

Value SessionParameters() {
  return Value::array(
      {{{"name", "TIMEZONE"}, {"value", "UTC"}},
       {{"name", "TIMESTAMP_OUTPUT_FORMAT"}, {"value", "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM"}},
       {{"name", "TIMESTAMP_NTZ_OUTPUT_FORMAT"}, {"value", ""}},
       {{"name", "TIMESTAMP_LTZ_OUTPUT_FORMAT"}, {"value", ""}},
       {{"name", "TIMESTAMP_TZ_OUTPUT_FORMAT"}, {"value", ""}},
       {{"name", "DATE_OUTPUT_FORMAT"}, {"value", "YYYY-MM-DD"}},
       {{"name", "TIME_OUTPUT_FORMAT"}, {"value", "HH24:MI:SS"}},
       {{"name", "CLIENT_RESULT_CHUNK_SIZE"}, {"value", 160}},
       {{"name", "CLIENT_SESSION_KEEP_ALIVE"}, {"value", false}},
       {{"name", "CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY"}, {"value", 3600}}});
}

Value SessionInfo(const Session& s) {
  auto or_null = [](const std::string& v) { return v.empty() ? Value(nullptr) : Value(v); };
  return {{"databaseName", or_null(s.database)},
          {"schemaName", or_null(s.schema)},
          {"warehouseName", or_null(s.warehouse)},
          {"roleName", or_null(s.role)}};
}

// The token of `Authorization: Snowflake Token="<token>"`.
std::string TokenOf(const SandboxRequest& r) {
  const std::string header = r.Header("authorization");
  const std::string kPrefix = "Snowflake Token=\"";
  if (header.rfind(kPrefix, 0) != 0 || header.back() != '"') return "";
  return header.substr(kPrefix.size(), header.size() - kPrefix.size() - 1);
}

std::string NewToken(const char* kind) {
  return std::string("sbx:") + kind + ":" + RandomSecret(40);
}

}  // namespace

DriverSessionService::DriverSessionService(std::string account, std::string admin_user,
                                           std::string admin_password)
    : account_(std::move(account)),
      admin_user_(std::move(admin_user)),
      admin_password_(std::move(admin_password)) {}

const DriverSessionService::Operations_& DriverSessionService::Table() {
  static const Operations_ kOps = {
      {"LoginRequest", &DriverSessionService::LoginRequest},
      {"QueryRequest", &DriverSessionService::QueryRequest},
      {"GetQueryResult", &DriverSessionService::GetQueryResult},
      {"Heartbeat", &DriverSessionService::Heartbeat},
      {"TokenRequest", &DriverSessionService::TokenRequest},
      {"Logout", &DriverSessionService::Logout},
      {"Telemetry", &DriverSessionService::Telemetry},
  };
  return kOps;
}

std::string DriverSessionService::OperationName(const SandboxRequest& r) const {
  const std::string& p = r.path;
  if (r.method == "POST") {
    if (p == "/session/v1/login-request") return "LoginRequest";
    if (p == "/queries/v1/query-request") return "QueryRequest";
    if (p == "/session/heartbeat") return "Heartbeat";
    if (p == "/session/token-request") return "TokenRequest";
    if (p == "/session" && r.QueryParam("delete") == "true") return "Logout";
    if (p == "/telemetry/send") return "Telemetry";
  }
  if (r.method == "GET" && p.rfind("/queries/", 0) == 0 && p.size() > 16 &&
      p.compare(p.size() - 7, 7, "/result") == 0) {
    return "GetQueryResult";
  }
  return "";
}

bool DriverSessionService::IsMutating(const std::string& operation) const {
  return operation == "LoginRequest" || operation == "QueryRequest" ||
         operation == "TokenRequest" || operation == "Logout";
}

SandboxResponse DriverSessionService::Handle(const SandboxRequest& r, SandboxContext& c) {
  auto handler = Table().Find(r.operation);
  if (handler == nullptr) {
    return Json({{"success", false},
                 {"code", "390404"},
                 {"message", "No such endpoint: " + r.method + " " + r.path}},
                404);
  }
  return (this->*handler)(r, c);
}

SandboxResponse DriverSessionService::LoginRequest(const SandboxRequest& r, SandboxContext& c) {
  const Value body = Value::parse(r.body, nullptr, false);
  if (!body.is_object() || !body.contains("data") || !body["data"].is_object()) {
    return Failure("390142", "Incoming request does not contain a valid payload.");
  }
  const Value& d = body["data"];
  auto* sf = dynamic_cast<SnowflakeService*>(c.FindService("snowflake"));
  if (sf == nullptr) return Failure("390503", "The account is not available.");
  if (!EqualsIgnoringCase(d.value("ACCOUNT_NAME", std::string()), account_)) {
    return Failure("390100", "Incorrect username or password was specified.");
  }
  const std::string authenticator = Upper(d.value("AUTHENTICATOR", std::string("SNOWFLAKE")));
  const std::string login = Upper(d.value("LOGIN_NAME", std::string()));
  std::string user;
  if (authenticator == "SNOWFLAKE_JWT") {
    const UserKeysLookup lookup = [&](const std::string& name, std::string* u, std::string* k1,
                                      std::string* k2) {
      const SfObject* found = sf->FindUserByLogin(name);
      if (found == nullptr || PropTrue(found->props, "DISABLED")) return false;
      *u = found->name.name;
      *k1 = PropString(found->props, "RSA_PUBLIC_KEY");
      *k2 = PropString(found->props, "RSA_PUBLIC_KEY_2");
      return true;
    };
    auto verified =
        VerifyKeypairJwt(d.value("TOKEN", std::string()), account_, EpochMillis(c) / 1000, lookup);
    if (!verified.ok()) return Failure(kCodeJwtInvalid, verified.status().message());
    user = *verified;
  } else if (authenticator == "SNOWFLAKE") {
    const SfObject* found = sf->FindUserByLogin(login);
    const std::string password = d.value("PASSWORD", std::string());
    if (found != nullptr && !PropTrue(found->props, "DISABLED")) {
      const std::string expected =
          found->name.name == admin_user_ ? admin_password_ : PropString(found->props, "PASSWORD");
      if (!expected.empty() && password == expected) user = found->name.name;
    }
    if (user.empty()) return Failure("390100", "Incorrect username or password was specified.");
  } else {
    return Failure("390100", "Authenticator '" + authenticator +
                                 "' is not supported by the "
                                 "sandbox; use SNOWFLAKE (password) or SNOWFLAKE_JWT (key pair).");
  }
  auto session =
      sf->OpenSession(user, Upper(r.QueryParam("roleName")), Upper(r.QueryParam("warehouse")),
                      Upper(r.QueryParam("databaseName")), Upper(r.QueryParam("schemaName")));
  if (!session.ok()) {
    return Failure(session.status().provider_code(), session.status().message());
  }
  const int64_t now = EpochMillis(c);
  DriverSession s;
  s.session = *session;
  s.master_token = NewToken("master");
  s.token_expires_ms = now + kTokenValidityS * 1000;
  s.master_expires_ms = now + kMasterValidityS * 1000;
  s.id = next_id_++;
  const std::string token = NewToken("session");
  sessions_[token] = s;
  return Json({{"success", true},
               {"code", nullptr},
               {"message", nullptr},
               {"data",
                {{"token", token},
                 {"masterToken", s.master_token},
                 {"validityInSeconds", kTokenValidityS},
                 {"masterValidityInSeconds", kMasterValidityS},
                 {"displayUserName", user},
                 {"serverVersion", "9.0.0"},
                 {"firstLogin", false},
                 {"remMeToken", nullptr},
                 {"remMeValidityInSeconds", 0},
                 {"healthCheckInterval", 45},
                 {"newClientForUpgrade", nullptr},
                 {"sessionId", s.id},
                 {"parameters", SessionParameters()},
                 {"sessionInfo", SessionInfo(s.session)},
                 {"idToken", nullptr},
                 {"idTokenValidityInSeconds", 0},
                 {"responseData", nullptr},
                 {"mfaToken", nullptr},
                 {"mfaTokenValidityInSeconds", 0}}}});
}

DriverSession* DriverSessionService::Authorized(const SandboxRequest& r, SandboxContext& c,
                                                SandboxResponse* refusal) {
  auto it = sessions_.find(TokenOf(r));
  if (it == sessions_.end()) {
    *refusal = Failure("390104", "The session token is not valid. Log in again.");
    return nullptr;
  }
  if (EpochMillis(c) >= it->second.token_expires_ms) {
    *refusal = Failure("390112", "Your session has expired. Please login again.");
    return nullptr;
  }
  return &it->second;
}

SandboxResponse DriverSessionService::QueryReply(const std::string& handle, SnowflakeService& sf,
                                                 const DriverSession& s) {
  const StatementRecord* record = sf.FindStatement(handle);
  if (record == nullptr) return Failure("000709", "Statement " + handle + " not found");
  if (!record->ok) {
    return Failure(record->error_code, record->error_message,
                   {{"queryId", handle},
                    {"sqlState", SqlStateOf(record->error_code)},
                    {"line", -1},
                    {"pos", -1},
                    {"type", "COMPILATION"}});
  }
  const ResultSet& rs = record->result;
  Value ids = nullptr;
  if (!record->child_handles.empty()) {  // a multi-statement query: the driver fetches each
    std::string joined;
    for (const auto& h : record->child_handles) joined += (joined.empty() ? "" : ",") + h;
    ids = joined;
  }
  return Json({{"success", true},
               {"code", nullptr},
               {"message", nullptr},
               {"data",
                {{"parameters", SessionParameters()},
                 {"rowtype", RowTypeJson(rs)},
                 {"rowset", RowsJson(rs, 0, rs.rows.size())},
                 {"total", rs.rows.size()},
                 {"returned", rs.rows.size()},
                 {"queryId", handle},
                 {"databaseProvider", nullptr},
                 {"finalDatabaseName", s.session.database},
                 {"finalSchemaName", s.session.schema},
                 {"finalWarehouseName", s.session.warehouse},
                 {"finalRoleName", s.session.role},
                 {"numberOfBinds", 0},
                 {"arrayBindSupported", false},
                 {"statementTypeId", kStatementTypeDdl},
                 {"version", 1},
                 {"sendResultTime", record->created_ms},
                 {"queryResultFormat", "json"},
                 {"resultIds", ids}}}});
}

SandboxResponse DriverSessionService::QueryRequest(const SandboxRequest& r, SandboxContext& c) {
  SandboxResponse refusal;
  DriverSession* s = Authorized(r, c, &refusal);
  if (s == nullptr) return refusal;
  const Value body = Value::parse(r.body, nullptr, false);
  if (!body.is_object() || !body.contains("sqlText") || !body["sqlText"].is_string()) {
    return Failure("390142", "Incoming request does not contain a valid payload.");
  }
  auto* sf = dynamic_cast<SnowflakeService*>(c.FindService("snowflake"));
  if (sf == nullptr) return Failure("390503", "The account is not available.");
  int count = 1;
  if (body.contains("parameters") && body["parameters"].is_object()) {
    const Value& params = body["parameters"];
    auto it = params.find("MULTI_STATEMENT_COUNT");
    if (it != params.end()) {
      count = it->is_number_integer()
                  ? it->get<int>()
                  : ParseInteger<int>(it->is_string() ? it->get<std::string>() : "1").value_or(1);
    }
  }
  const std::string handle = sf->RunStatements(body["sqlText"], count, s->session, c).handle;
  c.MarkDirty("snowflake");
  if (body.value("asyncExec", false)) {
    return Json(
        {{"success", true},
         {"code", "333334"},
         {"message", "Asynchronous execution in progress."},
         {"data", {{"queryId", handle}, {"getResultUrl", "/queries/" + handle + "/result"}}}});
  }
  return QueryReply(handle, *sf, *s);
}

SandboxResponse DriverSessionService::GetQueryResult(const SandboxRequest& r, SandboxContext& c) {
  SandboxResponse refusal;
  DriverSession* s = Authorized(r, c, &refusal);
  if (s == nullptr) return refusal;
  auto* sf = dynamic_cast<SnowflakeService*>(c.FindService("snowflake"));
  if (sf == nullptr) return Failure("390503", "The account is not available.");
  const std::string rest = r.path.substr(sizeof("/queries/") - 1);
  return QueryReply(rest.substr(0, rest.find('/')), *sf, *s);
}

SandboxResponse DriverSessionService::Heartbeat(const SandboxRequest& r, SandboxContext& c) {
  SandboxResponse refusal;
  if (Authorized(r, c, &refusal) == nullptr) return refusal;
  return Json({{"success", true}, {"code", nullptr}, {"message", nullptr}, {"data", nullptr}});
}

SandboxResponse DriverSessionService::TokenRequest(const SandboxRequest& r, SandboxContext& c) {
  const std::string master = TokenOf(r);
  const Value body = Value::parse(r.body, nullptr, false);
  const std::string old_token =
      body.is_object() ? body.value("oldSessionToken", std::string()) : "";
  auto it = sessions_.find(old_token);
  const int64_t now = EpochMillis(c);
  if (it == sessions_.end() || it->second.master_token != master ||
      now >= it->second.master_expires_ms) {
    return Failure("390114",
                   "Authentication token has expired.  The user must authenticate "
                   "again.");
  }
  DriverSession s = it->second;
  sessions_.erase(it);
  s.token_expires_ms = now + kTokenValidityS * 1000;
  const std::string token = NewToken("session");
  sessions_[token] = s;
  return Json({{"success", true},
               {"code", nullptr},
               {"message", nullptr},
               {"data",
                {{"sessionToken", token},
                 {"validityInSecondsST", kTokenValidityS},
                 {"masterToken", s.master_token},
                 {"validityInSecondsMT", (s.master_expires_ms - now) / 1000},
                 {"sessionId", s.id}}}});
}

SandboxResponse DriverSessionService::Logout(const SandboxRequest& r, SandboxContext&) {
  sessions_.erase(TokenOf(r));
  return Json({{"success", true}, {"code", nullptr}, {"message", nullptr}, {"data", nullptr}});
}

SandboxResponse DriverSessionService::Telemetry(const SandboxRequest&, SandboxContext&) {
  return Json({{"success", true}, {"code", nullptr}, {"message", nullptr}, {"data", nullptr}});
}

Value DriverSessionService::Dump() const {
  Value sessions = Value::object();
  for (const auto& [token, s] : sessions_) {
    sessions[token] = {{"user", s.session.user},
                       {"role", s.session.role},
                       {"warehouse", s.session.warehouse},
                       {"database", s.session.database},
                       {"schema", s.session.schema},
                       {"master_token", s.master_token},
                       {"token_expires_ms", s.token_expires_ms},
                       {"master_expires_ms", s.master_expires_ms},
                       {"id", s.id}};
  }
  return {{"sessions", sessions}, {"next_id", next_id_}};
}

Status DriverSessionService::Load(const Value& state) {
  Reset();
  try {
    for (const auto& [token, v] : state.at("sessions").items()) {
      DriverSession s;
      s.session = {v.at("user"), v.at("role"), v.at("warehouse"), v.at("database"), v.at("schema")};
      s.master_token = v.at("master_token");
      s.token_expires_ms = v.at("token_expires_ms");
      s.master_expires_ms = v.at("master_expires_ms");
      s.id = v.at("id");
      sessions_[token] = s;
    }
    next_id_ = state.at("next_id");
  } catch (const nlohmann::json::exception& e) {
    Reset();
    return Status::Corruption(std::string("snowflake_session state is malformed: ") + e.what());
  }
  return Status::Ok();
}

void DriverSessionService::Reset() {
  sessions_.clear();
  next_id_ = 1;
}

}  // namespace causeway::sandbox::snowflake

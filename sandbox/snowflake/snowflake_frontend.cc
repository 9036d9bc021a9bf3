// SnowflakeFrontend: routing by path, key-pair JWTs, Snowflake-shaped errors.
#include "sandbox/snowflake/snowflake_frontend.h"

#include <unistd.h>

#include "sandbox/core/ids.h"
#include "sandbox/snowflake/api/snowflake_service.h"
#include "sandbox/snowflake/auth/admin_key_file.h"
#include "sandbox/snowflake/auth/keypair_jwt.h"
#include "sandbox/snowflake/driver/driver_session_service.h"
#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox {

namespace {

using snowflake::SnowflakeService;

SandboxResponse Json(int status, const Value& body) {
  SandboxResponse out;
  out.status = status;
  out.content_type = "application/json";
  out.body = body.dump();
  return out;
}

bool IsDriverPath(const std::string& path) {
  return path.rfind("/session", 0) == 0 || path.rfind("/queries/", 0) == 0 ||
         path.rfind("/telemetry/", 0) == 0;
}

// "http://127.0.0.1:8080" -> {"127.0.0.1", "8080"}.
std::pair<std::string, std::string> HostAndPort(const std::string& url) {
  std::string rest = url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
  rest = rest.substr(0, rest.find('/'));
  const size_t colon = rest.rfind(':');
  if (colon == std::string::npos) return {rest, "80"};
  return {rest.substr(0, colon), rest.substr(colon + 1)};
}

}  // namespace

SnowflakeFrontend::SnowflakeFrontend(std::string private_key_file, bool temporary)
    : private_key_file_(std::move(private_key_file)), temporary_(temporary) {}

SnowflakeFrontend::~SnowflakeFrontend() {
  if (temporary_) unlink(private_key_file_.c_str());
}

FrontendMatch SnowflakeFrontend::Match(const SandboxRequest& request,
                                       const std::vector<const SandboxService*>&) const {
  if (request.path == "/api/v2/statements" || request.path.rfind("/api/v2/statements/", 0) == 0) {
    return {MatchStrength::kCertain, "snowflake", ""};
  }
  if (IsDriverPath(request.path)) return {MatchStrength::kCertain, "snowflake_session", ""};
  return {};
}

std::optional<SandboxResponse> SnowflakeFrontend::Authenticate(SandboxRequest* request,
                                                               const SandboxService& service,
                                                               SandboxContext& context) const {
  if (service.name() != "snowflake") return std::nullopt;  // driver sessions check themselves
  const std::string header = request->Header("authorization");
  const std::string kBearer = "Bearer ";
  if (header.rfind(kBearer, 0) != 0) {
    return Json(401, {{"code", "390101"},
                      {"message",
                       "Authorization header is missing or is not a Bearer token. Send "
                       "'Authorization: Bearer <JWT>' with "
                       "'X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT'."}});
  }
  const std::string type = request->Header("x-snowflake-authorization-token-type");
  if (!type.empty() && type != "KEYPAIR_JWT") {
    return Json(401, {{"code", "390303"},
                      {"message",
                       "Invalid OAuth access token. The sandbox accepts key-pair "
                       "JWTs only (token type " +
                           type + ")."}});
  }
  auto* sf = dynamic_cast<SnowflakeService*>(context.FindService("snowflake"));
  if (sf == nullptr) return Json(503, {{"code", "390503"}, {"message", "no account"}});
  const snowflake::UserKeysLookup lookup = [&](const std::string& login, std::string* user,
                                               std::string* key1, std::string* key2) {
    const snowflake::SfObject* u = sf->FindUserByLogin(login);
    if (u == nullptr || snowflake::PropTrue(u->props, "DISABLED")) return false;
    *user = u->name.name;
    *key1 = snowflake::PropString(u->props, "RSA_PUBLIC_KEY");
    *key2 = snowflake::PropString(u->props, "RSA_PUBLIC_KEY_2");
    return true;
  };
  const int64_t now = snowflake::EpochMillis(context) / 1000;
  auto user =
      snowflake::VerifyKeypairJwt(header.substr(kBearer.size()), kSnowflakeAccount, now, lookup);
  if (!user.ok()) {
    return Json(401,
                {{"code", user.status().provider_code()}, {"message", user.status().message()}});
  }
  request->principal.credential_id = "jwt:" + *user;
  request->principal.account_id = kSnowflakeAccount;
  request->principal.name = *user;
  request->principal.user_id = *user;
  return std::nullopt;
}

SandboxResponse SnowflakeFrontend::FormatError(const SandboxRequest& request,
                                               const SandboxService* service,
                                               const ErrorReply& error) const {
  if (service == nullptr) {
    return Json(404, {{"code", "390404"},
                      {"message", "No such endpoint: " + request.method + " " + request.path +
                                      " (" + error.message + ")"}});
  }
  if (IsDriverPath(request.path)) {
    const bool http_error = error.status >= 500 || error.status == 429;
    return Json(http_error ? error.status : 200,
                {{"success", false},
                 {"code", error.code},
                 {"message", error.message},
                 {"data", {{"sqlState", snowflake::SqlStateOf(error.code)}}}});
  }
  Value body = {{"code", error.code}, {"message", error.message}};
  if (error.status == 422) {
    body["sqlState"] = snowflake::SqlStateOf(error.code);
    body["statementHandle"] = NewUuid();
  }
  return Json(error.status, body);
}

SandboxResponse SnowflakeFrontend::Throttled(const SandboxRequest& request,
                                             const SandboxService&) const {
  const Value body = {{"code", "000429"},
                      {"message", "Too many requests. Please retry the request later."}};
  if (IsDriverPath(request.path)) {
    Value driver = body;
    driver["success"] = false;
    return Json(429, driver);
  }
  return Json(429, body);
}

void SnowflakeFrontend::FinishReply(const SandboxRequest& request, const SandboxService*,
                                    const ReplyFaults& faults, SandboxResponse* response) const {
  response->AddHeader("x-snowflake-request-id", request.request_id);
  const bool submit = request.operation == "SubmitStatement" || request.operation == "SubmitQuery";
  if (faults.async_reply && submit && response->status == 200) {
    const Value body = Value::parse(response->body, nullptr, false);
    if (!body.is_object() || !body.contains("statementHandle")) return;
    const std::string handle = body["statementHandle"].get<std::string>();
    *response =
        Json(202, snowflake::QueryStatus(
                      handle, snowflake::StatusUrl(handle, request.QueryParam("requestId"))));
    response->AddHeader("x-snowflake-request-id", request.request_id);
  }
}

Value SnowflakeFrontend::TestCredentials(const std::string&) const {
  return {{"account", kSnowflakeAccount},   {"user", kSnowflakeAdminUser},
          {"role", kSnowflakeAdminRole},    {"warehouse", kSnowflakeWarehouse},
          {"password", kSnowflakePassword}, {"private_key_file", private_key_file_}};
}

ToolSetup SnowflakeFrontend::ToolSetupFor(const std::string& url) const {
  const auto [host, port] = HostAndPort(url);
  ToolSetup setup;
  setup.environment = {{"SNOWFLAKE_ACCOUNT", kSnowflakeAccount},
                       {"SNOWFLAKE_USER", kSnowflakeAdminUser},
                       {"SNOWFLAKE_ROLE", kSnowflakeAdminRole},
                       {"SNOWFLAKE_WAREHOUSE", kSnowflakeWarehouse},
                       {"SNOWFLAKE_PRIVATE_KEY_FILE", private_key_file_},
                       {"SNOWFLAKE_AUTHENTICATOR", "SNOWFLAKE_JWT"},
                       {"SNOWFLAKE_HOST", host + ":" + port},
                       {"SNOWFLAKE_PROTOCOL", "http"},
                       {"SNOWFLAKE_PORT", port}};
  return setup;
}

Status AddSnowflakeCloud(SandboxServer* server, SnowflakeFrontendOptions options) {
  const std::string dir =
      options.state_dir_override.empty() ? server->state_dir() : options.state_dir_override;
  auto key = snowflake::LoadOrCreateAdminKey(dir);
  if (!key.ok()) return key.status();
  snowflake::SnowflakeServiceOptions so;
  so.bootstrap.admin_user = kSnowflakeAdminUser;
  so.bootstrap.admin_role = kSnowflakeAdminRole;
  so.bootstrap.warehouse = kSnowflakeWarehouse;
  so.bootstrap.admin_public_key = key->public_key;
  so.partition_rows = options.partition_rows;
  so.async_polls = options.async_polls;
  server->AddFrontend(std::make_unique<SnowflakeFrontend>(key->path, key->temporary));
  server->AddService(std::make_unique<SnowflakeService>(std::move(so)));
  server->AddService(std::make_unique<snowflake::DriverSessionService>(
      kSnowflakeAccount, kSnowflakeAdminUser, kSnowflakePassword));
  return Status::Ok();
}

}  // namespace causeway::sandbox

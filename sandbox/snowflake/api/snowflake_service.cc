// SnowflakeService: routing, the catalog's lifecycle, running statements.
#include "sandbox/snowflake/api/snowflake_service.h"

#include "reconciler/core/ascii.h"
#include "sandbox/core/ids.h"
#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/sql_errors.h"
#include "sandbox/snowflake/sql/sf_lexer.h"

namespace causeway::sandbox::snowflake {

namespace {

constexpr size_t kKeptStatements = 1000;
const char kPrefix[] = "/api/v2/statements";

// True when every statement of a submitted body only reads (SHOW, DESC, LIST, SELECT, USE), so
// that the sandbox's counters can tell a plan's reads from changes ("mutating": 0 for a no-op
// plan). A body that does not parse counts as a change.
bool OnlyReads(const std::string& body) {
  Value json = Value::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("statement") || !json["statement"].is_string()) {
    return false;
  }
  auto statements = SplitStatements(json["statement"].get<std::string>());
  if (!statements.ok() || statements->empty()) return false;
  for (const auto& statement : *statements) {
    auto tokens = LexSnowflake(statement);
    if (!tokens.ok() || tokens->empty()) return false;
    const SfToken& first = tokens->front();
    if (!(first.Is("SHOW") || first.Is("DESC") || first.Is("DESCRIBE") || first.Is("LIST") ||
          first.Is("LS") || first.Is("SELECT") || first.Is("USE"))) {
      return false;
    }
  }
  return true;
}

}  // namespace

int64_t EpochMillis(SandboxContext& context) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(context.Now().time_since_epoch())
      .count();
}

SnowflakeService::SnowflakeService(SnowflakeServiceOptions options) : options_(std::move(options)) {
  Reset();
}

const SnowflakeService::Operations_& SnowflakeService::Table() {
  static const Operations_ kOps = {
      {"SubmitStatement", &SnowflakeService::SubmitStatement},
      {"SubmitQuery", &SnowflakeService::SubmitStatement},  // a submission that only reads
      {"GetStatementStatus", &SnowflakeService::GetStatementStatus},
      {"CancelStatement", &SnowflakeService::CancelStatement},
  };
  return kOps;
}

std::string SnowflakeService::OperationName(const SandboxRequest& r) const {
  if (r.path.rfind(kPrefix, 0) != 0) return "";
  std::string rest = r.path.substr(sizeof(kPrefix) - 1);
  if ((rest.empty() || rest == "/") && r.method == "POST") {
    return OnlyReads(r.body) ? "SubmitQuery" : "SubmitStatement";
  }
  if (rest.size() < 2 || rest[0] != '/') return "";
  rest = rest.substr(1);
  const size_t slash = rest.find('/');
  if (slash == std::string::npos) return r.method == "GET" ? "GetStatementStatus" : "";
  if (rest.substr(slash) == "/cancel" && r.method == "POST") return "CancelStatement";
  return "";
}

bool SnowflakeService::IsMutating(const std::string& operation) const {
  return operation == "SubmitStatement";
}

SandboxResponse SnowflakeService::Handle(const SandboxRequest& r, SandboxContext& c) {
  if (fresh_) StampBootstrap(EpochMillis(c));
  auto handler = Table().Find(r.operation);
  if (handler == nullptr) {
    SandboxResponse out;
    out.status = 404;
    out.content_type = "application/json";
    out.body =
        Value{{"code", "390404"}, {"message", "No such endpoint: " + r.method + " " + r.path}}
            .dump();
    return out;
  }
  return (this->*handler)(r, c);
}

void SnowflakeService::StampBootstrap(int64_t now_ms) {
  fresh_ = false;
  Value state = catalog_.Dump();
  for (auto& o : state["objects"]) {
    if (o["created_ms"].get<int64_t>() == 0) o["created_ms"] = now_ms;
  }
  for (auto& g : state["grants"]) {
    if (g["created_ms"].get<int64_t>() == 0) g["created_ms"] = now_ms;
  }
  (void)catalog_.Load(state);
}

Value SnowflakeService::Dump() const { return catalog_.Dump(); }

Status SnowflakeService::Load(const Value& state) {
  Status s = catalog_.Load(state);
  fresh_ = false;
  if (!s.ok()) return s;
  // The admin's key is the one on disk now (a deleted key file means a new key).
  if (SfObject* admin = catalog_.Find("USER", {"", "", options_.bootstrap.admin_user})) {
    admin->props["RSA_PUBLIC_KEY"] = options_.bootstrap.admin_public_key;
  }
  return s;
}

void SnowflakeService::Reset() {
  Bootstrap b = options_.bootstrap;
  b.now_ms = 0;
  catalog_.Reset(b);
  fresh_ = true;
  statements_.clear();
  order_.clear();
  by_request_id_.clear();
}

const SfObject* SnowflakeService::FindUserByLogin(const std::string& login) const {
  for (const SfObject* u : catalog_.List("USER")) {
    if (Upper(PropString(u->props, "LOGIN_NAME", u->name.name)) == Upper(login)) return u;
  }
  return nullptr;
}

Result<Session> SnowflakeService::OpenSession(const std::string& user, const std::string& role,
                                              const std::string& warehouse,
                                              const std::string& database,
                                              const std::string& schema) const {
  const SfObject* u = catalog_.Find("USER", {"", "", user});
  if (u == nullptr) return DoesNotExist("User", QuoteIfNeeded(user));
  Session s;
  s.user = user;
  s.role = role.empty() ? PropString(u->props, "DEFAULT_ROLE", "PUBLIC") : role;
  s.warehouse = warehouse.empty() ? PropString(u->props, "DEFAULT_WAREHOUSE") : warehouse;
  s.database = database;
  s.schema = schema;
  const std::string ns = PropString(u->props, "DEFAULT_NAMESPACE");
  if (s.database.empty() && !ns.empty()) {
    s.database = ns.substr(0, ns.find('.'));
    if (ns.find('.') != std::string::npos) s.schema = ns.substr(ns.find('.') + 1);
  }
  bool granted = s.role == "PUBLIC";
  for (const auto& g : catalog_.grants()) {
    if (g.granted_on == "ROLE" && g.grantee_type == "USER" && g.grantee == user &&
        EffectiveRoles(catalog_, g.object.name).count(s.role)) {
      granted = true;
    }
  }
  if (!granted) {
    return Status(StatusCode::kPermissionDenied,
                  "Role '" + s.role +
                      "' specified in the connect string is not granted to this "
                      "user. Contact your local system administrator, or attempt to login with "
                      "another role, e.g. PUBLIC.",
                  "390189");
  }
  return s;
}

const StatementRecord& SnowflakeService::RunStatements(const std::string& sql, int count,
                                                       Session& session, SandboxContext& context) {
  const int64_t now = EpochMillis(context);
  StatementRecord request;
  request.handle = NewUuid();
  request.created_ms = now;
  auto statements = SplitStatements(sql);
  if (!statements.ok()) {
    request.ok = false;
    request.error_code = statements.status().provider_code();
    request.error_message = statements.status().message();
    return Keep(std::move(request));
  }
  const int n = static_cast<int>(statements->size());
  if (n == 0 || (count > 0 && n != count)) {
    request.ok = false;
    request.error_code = n == 0 ? kCodeSyntaxError : kCodeStatementCount;
    request.error_message = n == 0 ? "SQL compilation error:\nEmpty SQL statement."
                                   : "Actual statement count " + std::to_string(n) +
                                         " did not match the desired statement count " +
                                         std::to_string(count) + ".";
    return Keep(std::move(request));
  }
  if (n == 1 && count == 1) {
    auto result = engine_.Execute((*statements)[0], catalog_, session, &context, now);
    if (result.ok()) {
      request.result = std::move(result).value();
    } else {
      request.ok = false;
      request.error_code = result.status().provider_code();
      request.error_message = result.status().message();
    }
    return Keep(std::move(request));
  }
  for (int k = 0; k < n; ++k) {
    StatementRecord child;
    child.handle = NewUuid();
    child.created_ms = now;
    auto result = engine_.Execute((*statements)[k], catalog_, session, &context, now);
    if (!result.ok()) {
      // Statements before k ran and stay applied; the failing one is named.
      request.ok = false;
      request.error_code = result.status().provider_code();
      request.error_message = "Statement " + std::to_string(k + 1) + " of " + std::to_string(n) +
                              " failed: " + result.status().message();
      break;
    }
    child.result = std::move(result).value();
    request.child_handles.push_back(child.handle);
    Keep(std::move(child));
  }
  if (request.ok) request.result = ResultSet::Status("Multiple statements executed successfully.");
  if (request.ok) request.result.columns[0].name = "multiple statement execution";
  return Keep(std::move(request));
}

StatementRecord& SnowflakeService::Keep(StatementRecord record) {
  const std::string handle = record.handle;
  order_.push_back(handle);
  while (order_.size() > kKeptStatements) {
    statements_.erase(order_.front());
    order_.pop_front();
  }
  return statements_[handle] = std::move(record);
}

const StatementRecord* SnowflakeService::FindStatement(const std::string& handle) const {
  auto it = statements_.find(handle);
  return it == statements_.end() ? nullptr : &it->second;
}

}  // namespace causeway::sandbox::snowflake

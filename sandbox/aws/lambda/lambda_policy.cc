// Lambda emulator: function resource policies (AddPermission, RemovePermission, GetPolicy) and
// LambdaInvokeAuthority, which the S3 emulator asks before it accepts a Lambda destination.
// AddPermission turns its members into one statement as Lambda writes it: Principal
// {"Service": x} for a service (*.amazonaws.com), {"AWS": "arn:aws:iam::<account>:root"} for an
// account id, "*" as given; Condition ArnLike AWS:SourceArn and StringEquals AWS:SourceAccount
// when those members are given. Statement ids are unique per function (ResourceConflictException).
#include <regex>

#include "sandbox/aws/errors.h"
#include "sandbox/aws/lambda/lambda_service.h"
#include "sandbox/core/ids.h"

namespace causeway::sandbox {

namespace {

constexpr char kNotFound[] = "ResourceNotFoundException";
constexpr char kMissingResource[] = "The resource you requested does not exist.";

std::string Str(const Value& v, const char* key) {
  if (!v.is_object() || !v.contains(key) || !v[key].is_string()) return "";
  return v[key].get<std::string>();
}

SandboxResponse Validation(const SandboxRequest& r, const std::string& message) {
  return RestJsonError(400, "ValidationException", message, r.request_id);
}

// IAM's ArnLike: '*' matches any run of characters, '?' any one.
bool ArnLike(const std::string& pattern, const std::string& value) {
  size_t p = 0, v = 0, star = std::string::npos, mark = 0;
  while (v < value.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == value[v])) {
      ++p;
      ++v;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = v;
    } else if (star != std::string::npos) {
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Value PrincipalOf(const std::string& principal) {
  static const std::regex kAccount(R"(\d{12})");
  if (principal == "*") return "*";
  if (std::regex_match(principal, kAccount)) {
    return {{"AWS", "arn:aws:iam::" + principal + ":root"}};
  }
  if (principal.rfind("arn:", 0) == 0) return {{"AWS", principal}};
  return {{"Service", principal}};
}

// True when `statement` lets `service` call lambda:InvokeFunction from source_arn/account.
bool AllowsInvoke(const Value& statement, const std::string& service, const std::string& source_arn,
                  const std::string& source_account) {
  if (Str(statement, "Effect") != "Allow") return false;
  const Value& principal = statement.value("Principal", Value());
  bool who = principal == Value("*") ||
             (principal.is_object() && principal.value("Service", Value()) == Value(service));
  std::string action = Str(statement, "Action");
  bool what = action == "lambda:InvokeFunction" || action == "lambda:*" || action == "*";
  if (!who || !what) return false;
  const Value& cond = statement.value("Condition", Value::object());
  if (cond.contains("ArnLike") && cond["ArnLike"].contains("AWS:SourceArn") &&
      !ArnLike(cond["ArnLike"]["AWS:SourceArn"].get<std::string>(), source_arn)) {
    return false;
  }
  if (cond.contains("StringEquals") && cond["StringEquals"].contains("AWS:SourceAccount") &&
      cond["StringEquals"]["AWS:SourceAccount"].get<std::string>() != source_account) {
    return false;
  }
  return true;
}

}  // namespace

SandboxResponse LambdaService::AddPermission(const SandboxRequest& r, const PathArgs& p,
                                             const Value& in, SandboxContext&) {
  static const std::regex kSid(R"([a-zA-Z0-9\-_]{1,100})");
  static const std::regex kAction(R"(lambda:[*]|lambda:[a-zA-Z]+|[*])");
  const std::string sid = Str(in, "StatementId");
  const std::string action = Str(in, "Action");
  const std::string principal = Str(in, "Principal");
  for (const auto& [member, value] : {std::pair<std::string, std::string>{"statementId", sid},
                                      {"action", action},
                                      {"principal", principal}}) {
    if (value.empty()) {
      return Validation(r, "1 validation error detected: Value null at '" + member +
                               "' failed to satisfy constraint: Member must not be null");
    }
  }
  if (!std::regex_match(sid, kSid)) {
    return Validation(r, "1 validation error detected: Value '" + sid +
                             "' at 'statementId' failed to satisfy constraint: Member must "
                             "satisfy regular expression pattern: ([a-zA-Z0-9-_]+)");
  }
  if (!std::regex_match(action, kAction)) {
    return Validation(r, "1 validation error detected: Value '" + action +
                             "' at 'action' failed to satisfy constraint: Member must satisfy "
                             "regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])");
  }
  SandboxResponse error;
  LambdaFunction* f = Find(r, p.function, &error);
  if (f == nullptr) return error;
  std::string revision = Str(in, "RevisionId");
  if (!revision.empty() && revision != f->config.value("RevisionId", "")) {
    return RestJsonError(412, "PreconditionFailedException",
                         "The Revision Id provided does not match the latest Revision Id.",
                         r.request_id);
  }
  if (f->policy.is_null()) {
    f->policy = {{"Version", "2012-10-17"}, {"Id", "default"}, {"Statement", Value::array()}};
  }
  for (const auto& s : f->policy["Statement"]) {
    if (Str(s, "Sid") == sid) {
      return RestJsonError(409, "ResourceConflictException",
                           "The statement id (" + sid +
                               ") provided already exists. Please provide a new statement id, "
                               "or remove the existing statement.",
                           r.request_id);
    }
  }
  Value statement = {{"Sid", sid},
                     {"Effect", "Allow"},
                     {"Principal", PrincipalOf(principal)},
                     {"Action", action},
                     {"Resource", f->config["FunctionArn"]}};
  Value condition = Value::object();
  if (std::string arn = Str(in, "SourceArn"); !arn.empty()) {
    condition["ArnLike"] = {{"AWS:SourceArn", arn}};
  }
  if (std::string account = Str(in, "SourceAccount"); !account.empty()) {
    condition["StringEquals"] = {{"AWS:SourceAccount", account}};
  }
  if (!condition.empty()) statement["Condition"] = condition;
  f->policy["Statement"].push_back(statement);
  f->config["RevisionId"] = NewUuid();
  SandboxResponse resp;
  resp.status = 201;
  resp.content_type = "application/json";
  resp.body = Value({{"Statement", statement.dump()}}).dump();
  return resp;
}

SandboxResponse LambdaService::RemovePermission(const SandboxRequest& r, const PathArgs& p,
                                                const Value&, SandboxContext&) {
  SandboxResponse error;
  LambdaFunction* f = Find(r, p.function, &error);
  if (f == nullptr) return error;
  if (!f->policy.is_null()) {
    Value& list = f->policy["Statement"];
    for (auto it = list.begin(); it != list.end(); ++it) {
      if (Str(*it, "Sid") != p.statement_id) continue;
      list.erase(it);
      if (list.empty()) f->policy = Value();
      f->config["RevisionId"] = NewUuid();
      SandboxResponse resp;
      resp.status = 204;
      return resp;
    }
  }
  return RestJsonError(404, kNotFound,
                       "Statement " + p.statement_id + " is not found in resource policy.",
                       r.request_id);
}

SandboxResponse LambdaService::GetPolicy(const SandboxRequest& r, const PathArgs& p, const Value&,
                                         SandboxContext&) {
  SandboxResponse error;
  LambdaFunction* f = Find(r, p.function, &error);
  if (f == nullptr) return error;
  if (f->policy.is_null()) return RestJsonError(404, kNotFound, kMissingResource, r.request_id);
  SandboxResponse resp;
  resp.content_type = "application/json";
  resp.body =
      Value({{"Policy", f->policy.dump()}, {"RevisionId", f->config.value("RevisionId", "")}})
          .dump();
  return resp;
}

std::string LambdaService::WhyCannotInvoke(const std::string& function_arn,
                                           const std::string& service_principal,
                                           const std::string& source_arn,
                                           const std::string& source_account) const {
  // arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= function_arn.size(); ++i) {
    if (i == function_arn.size() || function_arn[i] == ':') {
      parts.push_back(function_arn.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() < 7 || parts[2] != "lambda" || parts[5] != "function") {
    return "The ARN is not well formed: " + function_arn;
  }
  if (parts[4] != kSandboxAccountId) return "The function belongs to another account.";
  const LambdaFunction* f = FindConst(function_arn);
  if (f == nullptr) return "Function not found: " + function_arn;
  if (!f->policy.is_null()) {
    for (const auto& s : f->policy["Statement"]) {
      if (AllowsInvoke(s, service_principal, source_arn, source_account)) return "";
    }
  }
  return "The function's resource policy does not allow " + service_principal +
         " to invoke it from " + source_arn + ".";
}

}  // namespace causeway::sandbox

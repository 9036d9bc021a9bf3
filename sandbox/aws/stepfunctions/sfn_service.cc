// Step Functions emulator: state machines (see sfn_service.h).
#include "sandbox/aws/stepfunctions/sfn_service.h"

#include <algorithm>

#include "sandbox/aws/errors.h"
#include "sandbox/aws/iam/iam_service.h"
#include "sandbox/aws/policy_document.h"
#include "sandbox/aws/stepfunctions/states_language.h"
#include "sandbox/core/timestamps.h"

namespace causeway::sandbox {

namespace {

constexpr const char* kContentType = "application/x-amz-json-1.0";
constexpr int64_t kDefaultPage = 100;
constexpr int64_t kMaxPage = 1000;
constexpr char kTokenPrefix[] = "sfn1-";

SandboxResponse Ok(const SandboxRequest& r, const Value& body) {
  SandboxResponse resp;
  resp.content_type = kContentType;
  resp.body = body.dump();
  resp.AddHeader("x-amzn-RequestId", r.request_id);
  return resp;
}

SandboxResponse Err(const SandboxRequest& r, const std::string& code, const std::string& message) {
  SandboxResponse resp = JsonError(400, code, message, r.request_id);
  resp.content_type = kContentType;
  return resp;
}

std::string Validation(const std::string& value, const std::string& field,
                       const std::string& constraint) {
  return "1 validation error detected: Value '" + value + "' at '" + field +
         "' failed to satisfy constraint: " + constraint;
}

std::string Text(const Value& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// Step Functions' name rule: 1-80 characters, none of them whitespace, brackets, wildcards,
// control characters or "#%\^|~`$&,;:/.
bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 80) return false;
  static const std::string kBanned = " \t\n\r<>{}[]?*\"#%\\^|~`$&,;:/";
  return std::none_of(name.begin(), name.end(), [](char ch) {
    return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f ||
           kBanned.find(ch) != std::string::npos;
  });
}

// Splits "arn:partition:service:region:account:resource" into its six parts; false when `arn`
// does not have them.
bool SplitArn(const std::string& arn, std::vector<std::string>* parts) {
  parts->clear();
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    size_t colon = arn.find(':', start);
    if (colon == std::string::npos) return false;
    parts->push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  parts->push_back(arn.substr(start));
  return (*parts)[0] == "arn";
}

// "" when `arn` is a state machine ARN; otherwise the InvalidArn message.
std::string CheckMachineArn(const std::string& arn) {
  std::vector<std::string> p;
  if (!SplitArn(arn, &p)) return "Invalid Arn: 'Invalid ARN prefix: " + arn + "'";
  if (p[2] != "states") return "Invalid Arn: 'Service not valid in this context: " + p[2] + "'";
  std::string type = p[5].substr(0, p[5].find(':'));
  if (type != "stateMachine" || p[5].size() <= type.size() + 1) {
    return "Invalid Arn: 'Resource type not valid in this context: " + type + "'";
  }
  return "";
}

// "" when `arn` is an IAM role ARN; otherwise the InvalidArn message.
std::string CheckRoleArn(const std::string& arn) {
  std::vector<std::string> p;
  if (!SplitArn(arn, &p)) return "Invalid Arn: 'Invalid ARN prefix: " + arn + "'";
  if (p[2] != "iam") return "Invalid Arn: 'Service not valid in this context: " + p[2] + "'";
  if (p[5].rfind("role/", 0) != 0 || p[5].size() <= 5) {
    return "Invalid Arn: 'Resource type not valid in this context: " +
           p[5].substr(0, p[5].find('/')) + "'";
  }
  return "";
}

// Checks a LoggingConfiguration and returns it as DescribeStateMachine shows it in `*out`;
// `*code` / return: the error code and message ("" when valid).
std::string CheckLogging(const Value& in, Value* out, std::string* code) {
  *code = "ValidationException";
  if (!in.is_object()) return "loggingConfiguration must be a structure.";
  std::string level = "OFF";
  if (in.contains("level")) {
    level = Text(in["level"]);
    if (level != "ALL" && level != "ERROR" && level != "FATAL" && level != "OFF") {
      return Validation(level, "loggingConfiguration.level",
                        "Member must satisfy enum value set: [ALL, ERROR, FATAL, OFF]");
    }
  }
  bool include = false;
  if (in.contains("includeExecutionData")) {
    if (!in["includeExecutionData"].is_boolean()) return "includeExecutionData must be a boolean.";
    include = in["includeExecutionData"].get<bool>();
  }
  Value destinations = in.value("destinations", Value::array());
  *code = "InvalidLoggingConfiguration";
  if (!destinations.is_array())
    return "Invalid Logging Configuration: destinations must be a list.";
  if (destinations.size() > 1 || (level != "OFF" && destinations.size() != 1)) {
    return "Invalid Logging Configuration: Must specify exactly one Log Destination.";
  }
  for (const auto& d : destinations) {
    std::string arn = d.is_object() && d.contains("cloudWatchLogsLogGroup")
                          ? d["cloudWatchLogsLogGroup"].value("logGroupArn", std::string())
                          : std::string();
    std::vector<std::string> p;
    if (!SplitArn(arn, &p) || p[2] != "logs" || p[5].rfind("log-group:", 0) != 0) {
      return "Invalid Logging Configuration: The CloudWatch Logs Resource Arn is invalid: '" + arn +
             "'";
    }
  }
  *out = {{"level", level}, {"includeExecutionData", include}};
  if (!destinations.empty()) (*out)["destinations"] = destinations;
  code->clear();
  return "";
}

// Checks a TracingConfiguration; "" when valid.
std::string CheckTracing(const Value& in, Value* out) {
  if (!in.is_object()) return "tracingConfiguration must be a structure.";
  if (in.contains("enabled") && !in["enabled"].is_boolean()) return "enabled must be a boolean.";
  *out = {{"enabled", in.value("enabled", false)}};
  return "";
}

// ResourceNotFound carries the ARN in its resourceName member too.
SandboxResponse ResourceNotFound(const SandboxRequest& r, const std::string& arn) {
  SandboxResponse resp = Err(r, "ResourceNotFound", "Resource not found: '" + arn + "'");
  Value j = Value::parse(resp.body);
  j["resourceName"] = arn;
  resp.body = j.dump();
  return resp;
}

std::string DoesNotExist(const std::string& arn) {
  return "State Machine Does Not Exist: '" + arn + "'";
}

std::string RegionOf(const SandboxRequest& r) {
  return r.region.empty() ? std::string(kSandboxDefaultRegion) : r.region;
}

int64_t Millis(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

const SfnStateMachine* SfnService::FindStateMachine(const std::string& arn) const {
  auto it = machines_.find(arn);
  return it == machines_.end() ? nullptr : &it->second;
}

const SfnService::Operations_& SfnService::Table() {
  static const Operations_ table = {
      {"CreateStateMachine", &SfnService::CreateStateMachine},
      {"DescribeStateMachine", &SfnService::DescribeStateMachine},
      {"ListStateMachines", &SfnService::ListStateMachines},
      {"UpdateStateMachine", &SfnService::UpdateStateMachine},
      {"DeleteStateMachine", &SfnService::DeleteStateMachine},
      {"TagResource", &SfnService::TagResource},
      {"ListTagsForResource", &SfnService::ListTagsForResource},
  };
  return table;
}

std::vector<std::string> SfnService::Operations() const { return Table().Operations(); }

SandboxResponse SfnService::Handle(const SandboxRequest& r, SandboxContext& c) {
  Value body = Value::object();
  if (r.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    try {
      body = Value::parse(r.body);
    } catch (const nlohmann::json::exception&) {
      return Err(r, "SerializationException", "Request body is not valid JSON.");
    }
  }
  if (!body.is_object()) return Err(r, "SerializationException", "Request body must be an object.");
  try {
    if (auto handler = Table().Find(r.operation)) return (this->*handler)(r, body, c);
  } catch (const nlohmann::json::exception& e) {
    return Err(r, "SerializationException", std::string("Malformed request: ") + e.what());
  }
  return Err(r, "UnknownOperationException",
             "causeway-sandbox does not emulate states " + r.operation);
}

std::string SfnService::CheckRole(const std::string& role_arn, SandboxContext& c) const {
  auto* iam = dynamic_cast<IamService*>(c.FindService("iam"));
  if (iam == nullptr) return "";  // no IAM emulator to check against
  const std::string msg =
      "Neither the global service principal states.amazonaws.com, nor the regional one is "
      "authorized to assume the provided role.";
  const IamRole* found = iam->FindRoleByArn(role_arn);
  if (found == nullptr) return msg;
  if (c.Now() < found->trust_changed_at + c.ConsistencyDelay()) return msg;
  TrustCaller states;
  states.service = "states.amazonaws.com";
  states.account_id = std::string(kSandboxAccountId);
  std::map<std::string, std::string> ctx = {{"aws:SourceAccount", std::string(kSandboxAccountId)}};
  return TrustPolicyAllows(found->assume_role_policy, states, "sts:AssumeRole", ctx) ? "" : msg;
}

SandboxResponse SfnService::CreateStateMachine(const SandboxRequest& r, const Value& body,
                                               SandboxContext& c) {
  for (const char* f : {"name", "definition", "roleArn"}) {
    if (!body.contains(f) || !body[f].is_string()) {
      return Err(r, "ValidationException",
                 "1 validation error detected: Value null at '" + std::string(f) +
                     "' failed to satisfy constraint: Member must not be null");
    }
  }
  SfnStateMachine m;
  m.name = body["name"].get<std::string>();
  m.definition = body["definition"].get<std::string>();
  m.role_arn = body["roleArn"].get<std::string>();
  if (!ValidName(m.name)) return Err(r, "InvalidName", "Invalid Name: '" + m.name + "'");
  if (body.contains("type")) {
    m.type = Text(body["type"]);
    if (m.type != "STANDARD" && m.type != "EXPRESS") {
      return Err(r, "ValidationException",
                 Validation(m.type, "type",
                            "Member must satisfy enum value set: [STANDARD, "
                            "EXPRESS]"));
    }
  }
  if (std::string bad = CheckRoleArn(m.role_arn); !bad.empty()) return Err(r, "InvalidArn", bad);
  if (std::string bad = CheckStatesLanguage(m.definition); !bad.empty()) {
    return Err(r, "InvalidDefinition", bad);
  }
  std::string code;
  if (std::string bad =
          CheckLogging(body.value("loggingConfiguration", Value::object()), &m.logging, &code);
      !bad.empty()) {
    return Err(r, code, bad);
  }
  if (std::string bad =
          CheckTracing(body.value("tracingConfiguration", Value::object()), &m.tracing);
      !bad.empty()) {
    return Err(r, "InvalidTracingConfiguration", bad);
  }
  if (body.contains("tags")) {
    if (!body["tags"].is_array()) return Err(r, "ValidationException", "tags must be a list.");
    for (const auto& t : body["tags"]) {
      m.tags.emplace_back(t.value("key", std::string()), t.value("value", std::string()));
    }
  }
  m.arn = "arn:aws:states:" + RegionOf(r) + ":" + kSandboxAccountId + ":stateMachine:" + m.name;
  if (auto it = machines_.find(m.arn); it != machines_.end()) {
    const SfnStateMachine& old = it->second;
    // Idempotent when name, definition, type, logging and tracing match (role and tags ignored).
    if (old.definition != m.definition || old.type != m.type || old.logging != m.logging ||
        old.tracing != m.tracing) {
      return Err(r, "StateMachineAlreadyExists", "State Machine Already Exists: '" + m.arn + "'");
    }
    return Ok(r, {{"stateMachineArn", old.arn}, {"creationDate", EpochSeconds(old.creation_date)}});
  }
  if (std::string denied = CheckRole(m.role_arn, c); !denied.empty()) {
    return Err(r, "AccessDeniedException", denied);
  }
  m.creation_date = c.Now();
  Value out = {{"stateMachineArn", m.arn}, {"creationDate", EpochSeconds(m.creation_date)}};
  machines_[m.arn] = std::move(m);
  return Ok(r, out);
}

SandboxResponse SfnService::DescribeStateMachine(const SandboxRequest& r, const Value& body,
                                                 SandboxContext&) {
  std::string arn = body.value("stateMachineArn", std::string());
  if (std::string bad = CheckMachineArn(arn); !bad.empty()) return Err(r, "InvalidArn", bad);
  const SfnStateMachine* m = FindStateMachine(arn);
  if (m == nullptr) return Err(r, "StateMachineDoesNotExist", DoesNotExist(arn));
  return Ok(r, {{"stateMachineArn", m->arn},
                {"name", m->name},
                {"status", "ACTIVE"},
                {"definition", m->definition},
                {"roleArn", m->role_arn},
                {"type", m->type},
                {"creationDate", EpochSeconds(m->creation_date)},
                {"loggingConfiguration", m->logging},
                {"tracingConfiguration", m->tracing}});
}

SandboxResponse SfnService::ListStateMachines(const SandboxRequest& r, const Value& body,
                                              SandboxContext&) {
  int64_t page = kDefaultPage;
  if (body.contains("maxResults")) {
    const Value& v = body["maxResults"];
    if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > kMaxPage) {
      return Err(
          r, "ValidationException",
          Validation(Text(v), "maxResults", "Member must have value less than or equal to 1000"));
    }
    if (v.get<int64_t>() > 0) page = v.get<int64_t>();
  }
  const std::string prefix = "arn:aws:states:" + RegionOf(r) + ":";
  // The token names the ARN the next page starts at.
  std::string start = prefix;
  if (body.contains("nextToken")) {
    std::string token = Text(body["nextToken"]);
    if (token.rfind(kTokenPrefix, 0) != 0 ||
        token.compare(std::char_traits<char>::length(kTokenPrefix), prefix.size(), prefix) != 0) {
      return Err(r, "InvalidToken", "Invalid Token: '" + token + "'");
    }
    start = token.substr(std::char_traits<char>::length(kTokenPrefix));
  }
  Value list = Value::array();
  auto it = machines_.lower_bound(start);
  for (; it != machines_.end() && it->first.rfind(prefix, 0) == 0 &&
         static_cast<int64_t>(list.size()) < page;
       ++it) {
    const SfnStateMachine& m = it->second;
    list.push_back({{"stateMachineArn", m.arn},
                    {"name", m.name},
                    {"type", m.type},
                    {"creationDate", EpochSeconds(m.creation_date)}});
  }
  Value out = {{"stateMachines", list}};
  if (it != machines_.end() && it->first.rfind(prefix, 0) == 0) {
    out["nextToken"] = kTokenPrefix + it->first;
  }
  return Ok(r, out);
}

SandboxResponse SfnService::UpdateStateMachine(const SandboxRequest& r, const Value& body,
                                               SandboxContext& c) {
  std::string arn = body.value("stateMachineArn", std::string());
  if (std::string bad = CheckMachineArn(arn); !bad.empty()) return Err(r, "InvalidArn", bad);
  if (!body.contains("definition") && !body.contains("roleArn") &&
      !body.contains("loggingConfiguration") && !body.contains("tracingConfiguration")) {
    return Err(r, "MissingRequiredParameter",
               "Either the definition, the role ARN, the LoggingConfiguration, or the "
               "TracingConfiguration must be specified");
  }
  auto it = machines_.find(arn);
  if (it == machines_.end()) return Err(r, "StateMachineDoesNotExist", DoesNotExist(arn));
  SfnStateMachine next = it->second;
  if (body.contains("definition")) {
    next.definition = Text(body["definition"]);
    if (std::string bad = CheckStatesLanguage(next.definition); !bad.empty()) {
      return Err(r, "InvalidDefinition", bad);
    }
  }
  if (body.contains("roleArn")) {
    next.role_arn = Text(body["roleArn"]);
    if (std::string bad = CheckRoleArn(next.role_arn); !bad.empty()) {
      return Err(r, "InvalidArn", bad);
    }
    if (std::string denied = CheckRole(next.role_arn, c); !denied.empty()) {
      return Err(r, "AccessDeniedException", denied);
    }
  }
  if (body.contains("loggingConfiguration")) {
    std::string code;
    if (std::string bad = CheckLogging(body["loggingConfiguration"], &next.logging, &code);
        !bad.empty()) {
      return Err(r, code, bad);
    }
  }
  if (body.contains("tracingConfiguration")) {
    if (std::string bad = CheckTracing(body["tracingConfiguration"], &next.tracing); !bad.empty()) {
      return Err(r, "InvalidTracingConfiguration", bad);
    }
  }
  it->second = std::move(next);
  return Ok(r, {{"updateDate", EpochSeconds(c.Now())}});
}

SandboxResponse SfnService::DeleteStateMachine(const SandboxRequest& r, const Value& body,
                                               SandboxContext&) {
  std::string arn = body.value("stateMachineArn", std::string());
  if (std::string bad = CheckMachineArn(arn); !bad.empty()) return Err(r, "InvalidArn", bad);
  machines_.erase(arn);  // AWS answers 200 for a machine that does not exist
  return Ok(r, Value::object());
}

SandboxResponse SfnService::TagResource(const SandboxRequest& r, const Value& body,
                                        SandboxContext&) {
  std::string arn = body.value("resourceArn", std::string());
  if (std::string bad = CheckMachineArn(arn); !bad.empty()) return Err(r, "InvalidArn", bad);
  auto it = machines_.find(arn);
  if (it == machines_.end()) return ResourceNotFound(r, arn);
  if (!body.contains("tags") || !body["tags"].is_array()) {
    return Err(r, "ValidationException", "tags must be a list.");
  }
  auto& tags = it->second.tags;
  for (const auto& t : body["tags"]) {
    std::string key = t.value("key", std::string()), value = t.value("value", std::string());
    if (key.empty() || key.size() > 128 || value.size() > 256) {
      return Err(r, "ValidationException",
                 Validation(key, "tags.member.key", "Member must have length between 1 and 128"));
    }
    auto same =
        std::find_if(tags.begin(), tags.end(), [&](const auto& kv) { return kv.first == key; });
    if (same != tags.end()) {
      same->second = value;
    } else {
      tags.emplace_back(key, value);
    }
  }
  if (tags.size() > 50) return Err(r, "TooManyTags", "Too many tags: more than 50.");
  return Ok(r, Value::object());
}

SandboxResponse SfnService::ListTagsForResource(const SandboxRequest& r, const Value& body,
                                                SandboxContext&) {
  std::string arn = body.value("resourceArn", std::string());
  if (std::string bad = CheckMachineArn(arn); !bad.empty()) return Err(r, "InvalidArn", bad);
  const SfnStateMachine* m = FindStateMachine(arn);
  if (m == nullptr) return ResourceNotFound(r, arn);
  Value tags = Value::array();
  for (const auto& [k, v] : m->tags) tags.push_back({{"key", k}, {"value", v}});
  return Ok(r, {{"tags", tags}});
}

Value SfnService::Dump() const {
  Value out = Value::object();
  for (const auto& [arn, m] : machines_) {
    Value tags = Value::array();
    for (const auto& [k, v] : m.tags) tags.push_back({{"key", k}, {"value", v}});
    out[arn] = {{"name", m.name},
                {"definition", m.definition},
                {"roleArn", m.role_arn},
                {"type", m.type},
                {"loggingConfiguration", m.logging},
                {"tracingConfiguration", m.tracing},
                {"creationDateMs", Millis(m.creation_date)},
                {"tags", tags}};
  }
  return {{"state_machines", out}};
}

Status SfnService::Load(const Value& state) {
  machines_.clear();
  try {
    if (state.contains("state_machines")) {
      for (const auto& [arn, j] : state.at("state_machines").items()) {
        SfnStateMachine m;
        m.arn = arn;
        m.name = j.at("name").get<std::string>();
        m.definition = j.at("definition").get<std::string>();
        m.role_arn = j.at("roleArn").get<std::string>();
        m.type = j.at("type").get<std::string>();
        m.logging = j.at("loggingConfiguration");
        m.tracing = j.at("tracingConfiguration");
        m.creation_date = std::chrono::system_clock::time_point(
            std::chrono::milliseconds(j.at("creationDateMs").get<int64_t>()));
        for (const auto& t : j.at("tags")) {
          m.tags.emplace_back(t.at("key").get<std::string>(), t.at("value").get<std::string>());
        }
        machines_[arn] = std::move(m);
      }
    }
  } catch (const nlohmann::json::exception& e) {
    Reset();
    return Status::Corruption(std::string("states state: ") + e.what());
  }
  return Status::Ok();
}

std::unique_ptr<SandboxService> NewSfnService() { return std::make_unique<SfnService>(); }

}  // namespace causeway::sandbox

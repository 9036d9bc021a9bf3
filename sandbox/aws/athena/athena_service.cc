// Athena emulator: workgroups.
#include "sandbox/aws/athena/athena_service.h"

#include <algorithm>
#include <regex>

#include "sandbox/aws/errors.h"
#include "sandbox/core/timestamps.h"

namespace causeway::sandbox {

namespace {

constexpr const char* kInvalidRequest = "InvalidRequestException";
constexpr int64_t kMinCutoff = 10000000;

SandboxResponse Ok(const SandboxRequest& r, const Value& body) {
  SandboxResponse resp;
  resp.content_type = "application/x-amz-json-1.1";
  resp.body = body.dump();
  resp.AddHeader("x-amzn-RequestId", r.request_id);
  return resp;
}

SandboxResponse Err(const SandboxRequest& r, const std::string& message) {
  return JsonError(400, kInvalidRequest, message, r.request_id);
}

std::string Validation(const std::string& value, const std::string& field,
                       const std::string& constraint) {
  return "1 validation error detected: Value '" + value + "' at '" + field +
         "' failed to satisfy constraint: " + constraint;
}

bool ValidName(const std::string& name) {
  static const std::regex kName("[a-zA-Z0-9._-]{1,128}");
  return std::regex_match(name, kName);
}

std::string NotFound(const std::string& name) { return "WorkGroup " + name + " is not found."; }

Value EngineVersion(const std::string& selected) {
  return {{"SelectedEngineVersion", selected},
          {"EffectiveEngineVersion", selected == "AUTO" ? "Athena engine version 3" : selected}};
}

// Checks the WorkGroupConfiguration(-Updates) members both operations share; "" when valid.
std::string CheckConfiguration(const Value& cfg, const std::string& field) {
  if (!cfg.is_object()) return field + " must be a structure.";
  if (cfg.contains("BytesScannedCutoffPerQuery")) {
    const Value& v = cfg["BytesScannedCutoffPerQuery"];
    if (!v.is_number_integer() || v.get<int64_t>() < kMinCutoff) {
      return Validation(v.dump(), field + ".bytesScannedCutoffPerQuery",
                        "Member must have value greater than or equal to 10000000");
    }
  }
  for (const char* b : {"EnforceWorkGroupConfiguration", "PublishCloudWatchMetricsEnabled",
                        "RequesterPaysEnabled"}) {
    if (cfg.contains(b) && !cfg[b].is_boolean()) return std::string(b) + " must be a boolean.";
  }
  for (const char* rc : {"ResultConfiguration", "ResultConfigurationUpdates"}) {
    if (!cfg.contains(rc)) continue;
    if (!cfg[rc].is_object()) return std::string(rc) + " must be a structure.";
    if (cfg[rc].contains("OutputLocation")) {
      const Value& loc = cfg[rc]["OutputLocation"];
      if (!loc.is_string() || loc.get<std::string>().rfind("s3://", 0) != 0) {
        return "outputLocation is not a valid S3 path: " +
               (loc.is_string() ? loc.get<std::string>() : loc.dump());
      }
    }
  }
  return "";
}

}  // namespace

AthenaService::AthenaService() { AddPrimary(); }

void AthenaService::AddPrimary() {
  AthenaWorkGroup wg;
  wg.name = "primary";
  wg.configuration = {{"ResultConfiguration", Value::object()},
                      {"EnforceWorkGroupConfiguration", false},
                      {"PublishCloudWatchMetricsEnabled", false},
                      {"RequesterPaysEnabled", false},
                      {"EngineVersion", EngineVersion("AUTO")}};
  workgroups_["primary"] = wg;
}

const AthenaWorkGroup* AthenaService::FindWorkGroup(const std::string& name) const {
  auto it = workgroups_.find(name);
  return it == workgroups_.end() ? nullptr : &it->second;
}

const AthenaService::Operations_& AthenaService::Table() {
  static const Operations_ table = {
      {"CreateWorkGroup", &AthenaService::CreateWorkGroup},
      {"GetWorkGroup", &AthenaService::GetWorkGroup},
      {"ListWorkGroups", &AthenaService::ListWorkGroups},
      {"UpdateWorkGroup", &AthenaService::UpdateWorkGroup},
      {"DeleteWorkGroup", &AthenaService::DeleteWorkGroup},
  };
  return table;
}

std::vector<std::string> AthenaService::Operations() const { return Table().Operations(); }

SandboxResponse AthenaService::Handle(const SandboxRequest& r, SandboxContext& c) {
  Value body = Value::object();
  if (r.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    try {
      body = Value::parse(r.body);
    } catch (const nlohmann::json::exception&) {
      return JsonError(400, "SerializationException", "Request body is not valid JSON.",
                       r.request_id);
    }
  }
  if (!body.is_object()) {
    return JsonError(400, "SerializationException", "Request body must be an object.",
                     r.request_id);
  }
  try {
    if (auto handler = Table().Find(r.operation)) return (this->*handler)(r, body, c);
  } catch (const nlohmann::json::exception& e) {
    return Err(r, std::string("Malformed request: ") + e.what());
  }
  return JsonError(400, "UnknownOperationException",
                   "causeway-sandbox does not emulate athena " + r.operation, r.request_id);
}

SandboxResponse AthenaService::CreateWorkGroup(const SandboxRequest& r, const Value& body,
                                               SandboxContext& c) {
  std::string name = body.value("Name", std::string());
  if (!ValidName(name)) {
    return Err(r, Validation(name, "name",
                             "Member must satisfy regular expression pattern: "
                             "[a-zA-Z0-9._-]{1,128}"));
  }
  std::string description = body.value("Description", std::string());
  if (description.size() > 1024) {
    return Err(r, Validation(description, "description",
                             "Member must have length less than or equal to 1024"));
  }
  Value cfg = body.contains("Configuration") ? body["Configuration"] : Value::object();
  std::string bad = CheckConfiguration(cfg, "configuration");
  if (!bad.empty()) return Err(r, bad);
  if (workgroups_.count(name)) return Err(r, "WorkGroup is already created");

  AthenaWorkGroup wg;
  wg.name = name;
  wg.description = description;
  wg.creation_time = c.Now();
  wg.configuration = {{"ResultConfiguration", Value::object()},
                      {"EnforceWorkGroupConfiguration", true},
                      {"PublishCloudWatchMetricsEnabled", true},
                      {"RequesterPaysEnabled", false},
                      {"EngineVersion", EngineVersion("AUTO")}};
  for (auto it = cfg.begin(); it != cfg.end(); ++it) wg.configuration[it.key()] = it.value();
  if (cfg.contains("EngineVersion") && cfg["EngineVersion"].contains("SelectedEngineVersion")) {
    wg.configuration["EngineVersion"] =
        EngineVersion(cfg["EngineVersion"]["SelectedEngineVersion"].get<std::string>());
  }
  if (body.contains("Tags") && body["Tags"].is_array()) {
    for (const auto& t : body["Tags"]) {
      wg.tags.emplace_back(t.value("Key", std::string()), t.value("Value", std::string()));
    }
  }
  workgroups_[name] = std::move(wg);
  return Ok(r, Value::object());
}

SandboxResponse AthenaService::GetWorkGroup(const SandboxRequest& r, const Value& body,
                                            SandboxContext&) {
  std::string name = body.value("WorkGroup", std::string());
  auto it = workgroups_.find(name);
  if (it == workgroups_.end()) return Err(r, NotFound(name));
  const AthenaWorkGroup& wg = it->second;
  Value out = {{"Name", wg.name},
               {"State", wg.state},
               {"Configuration", wg.configuration},
               {"CreationTime", EpochSeconds(wg.creation_time)}};
  if (!wg.description.empty()) out["Description"] = wg.description;
  return Ok(r, {{"WorkGroup", out}});
}

SandboxResponse AthenaService::ListWorkGroups(const SandboxRequest& r, const Value& body,
                                              SandboxContext&) {
  int64_t page = 50;
  if (body.contains("MaxResults")) {
    if (!body["MaxResults"].is_number_integer() || body["MaxResults"].get<int64_t>() < 1 ||
        body["MaxResults"].get<int64_t>() > 50) {
      return Err(r, Validation(body["MaxResults"].dump(), "maxResults",
                               "Member must have value less than or equal to 50"));
    }
    page = body["MaxResults"].get<int64_t>();
  }
  // The token names the first workgroup of the next page.
  std::string start;
  if (body.contains("NextToken")) {
    if (!body["NextToken"].is_string() || body["NextToken"].get<std::string>().rfind("wg1-", 0)) {
      return Err(r, "Invalid NextToken");
    }
    start = body["NextToken"].get<std::string>().substr(4);
  }
  Value list = Value::array();
  auto it = workgroups_.lower_bound(start);
  for (; it != workgroups_.end() && static_cast<int64_t>(list.size()) < page; ++it) {
    const AthenaWorkGroup& wg = it->second;
    Value s = {{"Name", wg.name},
               {"State", wg.state},
               {"CreationTime", EpochSeconds(wg.creation_time)},
               {"EngineVersion", wg.configuration.value("EngineVersion", EngineVersion("AUTO"))}};
    if (!wg.description.empty()) s["Description"] = wg.description;
    list.push_back(s);
  }
  Value out = {{"WorkGroups", list}};
  if (it != workgroups_.end()) out["NextToken"] = "wg1-" + it->first;
  return Ok(r, out);
}

SandboxResponse AthenaService::UpdateWorkGroup(const SandboxRequest& r, const Value& body,
                                               SandboxContext&) {
  std::string name = body.value("WorkGroup", std::string());
  auto it = workgroups_.find(name);
  if (it == workgroups_.end()) return Err(r, NotFound(name));
  if (body.contains("State")) {
    const Value& s = body["State"];
    if (!s.is_string() || (s != "ENABLED" && s != "DISABLED")) {
      return Err(r, Validation(s.is_string() ? s.get<std::string>() : s.dump(), "state",
                               "Member must satisfy enum value set: [ENABLED, DISABLED]"));
    }
  }
  if (body.contains("Description") && body["Description"].is_string() &&
      body["Description"].get<std::string>().size() > 1024) {
    return Err(r, Validation(body["Description"].get<std::string>(), "description",
                             "Member must have length less than or equal to 1024"));
  }
  Value up = body.contains("ConfigurationUpdates") ? body["ConfigurationUpdates"] : Value::object();
  std::string bad = CheckConfiguration(up, "configurationUpdates");
  if (!bad.empty()) return Err(r, bad);

  // Validated: apply.
  AthenaWorkGroup& wg = it->second;
  if (body.contains("State")) wg.state = body["State"].get<std::string>();
  if (body.contains("Description")) wg.description = body["Description"].get<std::string>();
  Value& cfg = wg.configuration;
  for (auto u = up.begin(); u != up.end(); ++u) {
    const std::string& k = u.key();
    if (k == "ResultConfigurationUpdates") {
      Value& rc = cfg["ResultConfiguration"];
      if (!rc.is_object()) rc = Value::object();
      for (const char* m : {"OutputLocation", "EncryptionConfiguration", "ExpectedBucketOwner",
                            "AclConfiguration"}) {
        if (u.value().value(std::string("Remove") + m, false)) rc.erase(m);
        if (u.value().contains(m)) rc[m] = u.value()[m];
      }
    } else if (k == "RemoveBytesScannedCutoffPerQuery") {
      if (u.value() == true) cfg.erase("BytesScannedCutoffPerQuery");
    } else if (k == "RemoveCustomerContentEncryptionConfiguration") {
      if (u.value() == true) cfg.erase("CustomerContentEncryptionConfiguration");
    } else if (k == "EngineVersion") {
      if (u.value().contains("SelectedEngineVersion")) {
        cfg["EngineVersion"] = EngineVersion(u.value()["SelectedEngineVersion"].get<std::string>());
      }
    } else {
      cfg[k] = u.value();
    }
  }
  return Ok(r, Value::object());
}

SandboxResponse AthenaService::DeleteWorkGroup(const SandboxRequest& r, const Value& body,
                                               SandboxContext&) {
  std::string name = body.value("WorkGroup", std::string());
  if (!ValidName(name)) {
    return Err(r, Validation(name, "workGroup",
                             "Member must satisfy regular expression pattern: "
                             "[a-zA-Z0-9._-]{1,128}"));
  }
  if (name == "primary") return Err(r, "Cannot delete primary workgroup.");
  if (workgroups_.erase(name) == 0) return Err(r, NotFound(name));
  return Ok(r, Value::object());
}

Value AthenaService::Dump() const {
  Value out = Value::object();
  for (const auto& [name, wg] : workgroups_) {
    Value tags = Value::array();
    for (const auto& [k, v] : wg.tags) tags.push_back({{"Key", k}, {"Value", v}});
    out[name] = {{"State", wg.state},
                 {"Description", wg.description},
                 {"Configuration", wg.configuration},
                 {"CreationTimeMs", std::chrono::duration_cast<std::chrono::milliseconds>(
                                        wg.creation_time.time_since_epoch())
                                        .count()},
                 {"Tags", tags}};
  }
  return {{"workgroups", out}};
}

Status AthenaService::Load(const Value& state) {
  workgroups_.clear();
  try {
    if (state.contains("workgroups")) {
      for (const auto& [name, j] : state.at("workgroups").items()) {
        AthenaWorkGroup wg;
        wg.name = name;
        wg.state = j.at("State").get<std::string>();
        wg.description = j.at("Description").get<std::string>();
        wg.configuration = j.at("Configuration");
        wg.creation_time = std::chrono::system_clock::time_point(
            std::chrono::milliseconds(j.at("CreationTimeMs").get<int64_t>()));
        for (const auto& t : j.at("Tags")) {
          wg.tags.emplace_back(t.at("Key").get<std::string>(), t.at("Value").get<std::string>());
        }
        workgroups_[name] = std::move(wg);
      }
    }
  } catch (const nlohmann::json::exception& e) {
    Reset();
    return Status::Corruption(std::string("athena state: ") + e.what());
  }
  if (!workgroups_.count("primary")) AddPrimary();
  return Status::Ok();
}

void AthenaService::Reset() {
  workgroups_.clear();
  AddPrimary();
}

std::unique_ptr<SandboxService> NewAthenaService() { return std::make_unique<AthenaService>(); }

}  // namespace causeway::sandbox

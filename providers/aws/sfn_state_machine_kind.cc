// aws.sfn.state_machine: a Step Functions state machine (seed 003's pipeline runs the Glue job
// from one): name, role, definition, type and CloudWatch Logs logging. Id: the name. Output: arn.
// The definition is written in the manifest as a YAML mapping or as a JSON string; both sides
// are parsed and compared as JSON values, so key order, whitespace and the way it was written
// never make a diff. Validate checks it is a mapping (or a JSON string of one) whose StartAt
// names one of its States; Step Functions checks the rest of the language at create.
// The role is given as a name, "path/name" or an ARN and compared by name, as aws.glue.job does;
// it is sent as an ARN (Step Functions takes nothing else).
// Bulk observe: one paginated ListStateMachines says which machines exist, but carries neither
// definition nor role, so DescribeStateMachine is called for each managed machine that exists
// (in parallel, kReadThreads at a time). Per-resource: DescribeStateMachine. Create:
// CreateStateMachine, then DescribeStateMachine: AWS's create returns an identical machine made
// earlier as it is, ignoring a different role, which UpdateStateMachine then sets; a machine with
// the same name and another definition is adopted (UpdateStateMachine to the manifest). Update: one
// UpdateStateMachine with definition, role and logging. type cannot change in place (ForceNew).
// Delete: DeleteStateMachine (missing is fine). List: every machine of the region. Step Functions
// is JSON 1.0 and pages with nextToken (not NextToken), so calls are made here rather than through
// AwsClient::Json / JsonPaginate. Right after the role was made, create fails with "Neither the
// global service principal states.amazonaws.com, nor the regional one is authorized to assume the
// provided role" (AccessDeniedException): a propagation delay the provider waits out
// (KindHandler::IsPropagationDelay).
#include "providers/aws/glue_common.h"
#include "providers/aws/kind_handler.h"
#include "providers/kit/normalizers.h"
#include "providers/kit/parallel.h"
#include "providers/kit/value_checks.h"

namespace causeway::aws {
namespace {

using kit::Attribute;
constexpr char kKind[] = "aws.sfn.state_machine";
constexpr char kService[] = "states";
constexpr size_t kReadThreads = 8;

// The definition as a JSON value: a string is parsed (left as it is when it is not JSON, for
// the check to report), a mapping is kept.
Value ParsedDefinition(const Value& v) {
  if (!v.is_string()) return v;
  try {
    return Value::parse(v.get_ref<const std::string&>());
  } catch (const nlohmann::json::exception&) {
    return v;
  }
}

ValueCheck DefinitionCheck() {
  return [](const Value& raw) -> std::string {
    const std::string expected =
        "an Amazon States Language definition (a mapping, or a JSON string of one) with StartAt "
        "naming one of its States";
    Value d = ParsedDefinition(raw);
    if (d.is_string()) return expected + ", but the string is not valid JSON";
    if (!d.is_object()) return expected + ", but it is not a mapping";
    if (!d.contains("StartAt") || !d["StartAt"].is_string()) return expected + ": StartAt missing";
    if (!d.contains("States") || !d["States"].is_object() || d["States"].empty()) {
      return expected + ": States missing or empty";
    }
    if (!d["States"].contains(d["StartAt"].get<std::string>())) {
      return expected + ": StartAt names no state";
    }
    return "";
  };
}

// Step Functions' name rule: 1-80 characters, no whitespace, brackets, wildcards, control
// characters or "#%\^|~`$&,;:/.
ValueCheck MachineName() {
  return [](const Value& v) -> std::string {
    const char* expected =
        "1 to 80 characters without whitespace, brackets, * ? or \"#%\\^|~`$&,;:/";
    if (!v.is_string()) return expected;
    const std::string& s = v.get_ref<const std::string&>();
    static const std::string kBanned = " \t\n\r<>{}[]?*\"#%\\^|~`$&,;:/";
    if (s.empty() || s.size() > 80) return expected;
    for (char ch : s) {
      if (static_cast<unsigned char>(ch) < 0x20 || kBanned.find(ch) != std::string::npos) {
        return expected;
      }
    }
    return "";
  };
}

// ["arn:aws:logs:...:log-group:x:*"] <-> [{"cloudWatchLogsLogGroup": {"logGroupArn": ...}}].
Value DestinationsToWire(const Value& v) {
  Value out = Value::array();
  if (!v.is_array()) return out;
  for (const auto& arn : v) out.push_back({{"cloudWatchLogsLogGroup", {{"logGroupArn", arn}}}});
  return out;
}

Result<Value> DestinationsFromWire(const Value& v) {
  Value out = Value::array();
  if (v.is_null()) return out;
  if (!v.is_array()) return Status::ProviderError(": expected a list");
  for (size_t i = 0; i < v.size(); ++i) {
    const Value& d = v[i];
    if (!d.is_object() || !d.contains("cloudWatchLogsLogGroup") ||
        !d["cloudWatchLogsLogGroup"].is_object() ||
        !d["cloudWatchLogsLogGroup"].value("logGroupArn", Value()).is_string()) {
      return Status::ProviderError("[" + std::to_string(i) +
                                   "]: expected cloudWatchLogsLogGroup.logGroupArn");
    }
    out.push_back(d["cloudWatchLogsLogGroup"]["logGroupArn"]);
  }
  return out;
}

Result<Value> DefinitionFromWire(const Value& v) {
  if (!v.is_string()) return Status::ProviderError(": expected a JSON string");
  try {
    return Value::parse(v.get_ref<const std::string&>());
  } catch (const nlohmann::json::exception& e) {
    return Status::ProviderError(std::string(": not JSON (") + e.what() + ")");
  }
}

// One row per attribute: where DescribeStateMachine has it and CreateStateMachine takes it.
const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("name").Required().ForceNew().Check(MachineName()).Wire("name"),
    Attribute("role").Required().Normalize(glue::RoleName)
        .Describe("IAM role name, path/name or ARN (compared by name)")
        .ReadFrom("roleArn").WriteTo(""),
    Attribute("definition", AttrType::kObject).Required().Normalize(ParsedDefinition)
        .Check(DefinitionCheck())
        .Describe("Amazon States Language: a mapping or a JSON string (compared as JSON)")
        .Wire("definition")
        .Convert([](const Value& v) { return Value(ParsedDefinition(v).dump()); },
                 DefinitionFromWire),
    Attribute("type").Default("STANDARD").ForceNew().Normalize(kit::UpperCase)
        .Check(kit::OneOfIgnoringCase({"STANDARD", "EXPRESS"}))
        .Describe("STANDARD or EXPRESS (cannot change in place)").Wire("type")
        .Convert(kit::UpperCase, nullptr),
    Attribute("logging_level").Default("OFF").Normalize(kit::UpperCase)
        .Check(kit::OneOfIgnoringCase({"ALL", "ERROR", "FATAL", "OFF"}))
        .Describe("ALL, ERROR, FATAL or OFF").Wire("loggingConfiguration/level")
        .Convert(kit::UpperCase, nullptr),
    Attribute("logging_include_execution_data", AttrType::kBool).Default(false)
        .Describe("Log execution input and output").Wire("loggingConfiguration/includeExecutionData"),
    Attribute("logging_destinations", AttrType::kList).Default(Value::array())
        .Describe("CloudWatch Logs log group ARNs (exactly one unless logging_level is OFF)")
        .Wire("loggingConfiguration/destinations")
        .Convert(DestinationsToWire, DestinationsFromWire),
    Attribute("arn").Computed().Describe("State machine ARN"),
  });
  // clang-format on
  return table;
}

std::string NameOf(const std::string& id, const Value& a) { return kit::IdOr(id, a, "name"); }

std::string Arn(const AwsContext& ctx, const std::string& name) {
  return "arn:aws:states:" + ctx.region + ":" + ctx.account_id + ":stateMachine:" + name;
}

std::string RoleArn(const AwsContext& ctx, const Value& attrs) {
  std::string role = kit::StringAttr(attrs, "role");
  if (role.rfind("arn:", 0) == 0) return role;
  return "arn:aws:iam::" + ctx.account_id + ":role/" + role;
}

bool IsMissing(const Status& s) { return s.provider_code() == "StateMachineDoesNotExist"; }

// One Step Functions call (JSON 1.0); errors carry the code as Status::provider_code().
Result<Value> Call(AwsContext& ctx, const std::string& operation, const Value& body) {
  AwsRequest r;
  r.service = kService;
  r.operation = operation;
  r.headers = {{"content-type", "application/x-amz-json-1.0"},
               {"x-amz-target", "AWSStepFunctions." + operation}};
  r.body = body.dump();
  CW_ASSIGN_OR_RETURN(HttpResponse resp, ctx.client->Send(r));
  if (resp.status < 200 || resp.status > 299) {
    return AwsClient::ErrorFromResponse(kService, operation, resp);
  }
  if (resp.body.find_first_not_of(" \t\r\n") == std::string::npos) return Value::object();
  try {
    return Value::parse(resp.body);
  } catch (const nlohmann::json::exception& e) {
    return Status::ProviderError(std::string("states ") + operation + ": response is not JSON (" +
                                 e.what() + ")");
  }
}

// name -> ARN of every state machine, through the paginated ListStateMachines.
Result<std::map<std::string, std::string>> ListMachines(AwsContext& ctx) {
  std::map<std::string, std::string> out;
  Value req = {{"maxResults", 1000}};
  std::set<std::string> seen;
  while (true) {
    CW_ASSIGN_OR_RETURN(Value page, Call(ctx, "ListStateMachines", req));
    kit::ReplyReader reply(page, "states ListStateMachines");
    CW_RETURN_IF_ERROR(reply.ForEach("stateMachines", [&](const kit::ReplyReader& m) -> Status {
      CW_ASSIGN_OR_RETURN(std::string name, m.StringOr("name", ""));
      CW_ASSIGN_OR_RETURN(std::string arn, m.StringOr("stateMachineArn", ""));
      if (!name.empty()) out[name] = arn;
      return Status::Ok();
    }));
    CW_ASSIGN_OR_RETURN(std::string token, reply.StringOr("nextToken", ""));
    if (token.empty()) return out;
    if (!seen.insert(token).second) {
      return Status::ProviderError("states ListStateMachines: nextToken repeated");
    }
    req["nextToken"] = token;
  }
}

// The machine at `arn` as an observation of `address`; missing when Step Functions has none.
Result<Observation> Describe(AwsContext& ctx, const Address& address, const std::string& arn) {
  auto r = Call(ctx, "DescribeStateMachine", {{"stateMachineArn", arn}});
  if (!r.ok() && IsMissing(r.status())) return Missing(address);
  if (!r.ok()) return r.status().WithContext(address.str());
  Observation o = Missing(address);
  kit::ReplyReader reply(*r, "states DescribeStateMachine");
  Status read = Table().Read(reply, &o.attributes, &o.outputs);
  if (!read.ok()) return read.WithContext(address.str());
  o.exists = true;
  o.id = kit::StringAttr(o.attributes, "name");
  o.outputs["arn"] = arn;
  return o;
}

// UpdateStateMachine's body: everything it can change, from the manifest.
Value UpdateBody(const AwsContext& ctx, const std::string& name, const Value& attrs) {
  Value body = Table().CreateBody(Table().WithDefaults(attrs));
  body.erase("name");
  body.erase("type");
  body["stateMachineArn"] = Arn(ctx, name);
  body["roleArn"] = RoleArn(ctx, attrs);
  return body;
}

class StateMachineHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return Table().Schema(kKind, "A Step Functions state machine", {"name"});
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    CW_ASSIGN_OR_RETURN(auto machines, ListMachines(ctx));
    std::vector<Observation> out;
    for (const auto& item : items) out.push_back(Missing(item.address));
    CW_RETURN_IF_ERROR(kit::ForEachInParallel(items.size(), kReadThreads, [&](size_t i) -> Status {
      auto it = machines.find(NameOf(items[i].id, items[i].attributes));
      if (it == machines.end()) return Status::Ok();
      CW_ASSIGN_OR_RETURN(out[i], Describe(ctx, items[i].address, it->second));
      return Status::Ok();
    }));
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    std::string name = NameOf(item.id, item.attributes);
    if (name.empty()) return Missing(item.address);
    return Describe(ctx, item.address, Arn(ctx, name));
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    Value a = Table().WithDefaults(req.attributes);
    std::string name = NameOf("", a);
    Value body = Table().CreateBody(a);
    body["roleArn"] = RoleArn(ctx, a);
    auto r = Call(ctx, "CreateStateMachine", body);
    if (!r.ok() && r.status().provider_code() == "StateMachineAlreadyExists") {
      r = Call(ctx, "UpdateStateMachine", UpdateBody(ctx, name, a));  // adopt
    } else if (r.ok()) {
      // An identical machine made earlier is returned as is, its role unchanged: set the role.
      CW_ASSIGN_OR_RETURN(Observation o, Describe(ctx, req.address, Arn(ctx, name)));
      if (o.exists && kit::StringAttr(o.attributes, "role") != body["roleArn"]) {
        r = Call(ctx, "UpdateStateMachine",
                 {{"stateMachineArn", Arn(ctx, name)}, {"roleArn", body["roleArn"]}});
      }
    }
    if (!r.ok()) return r.status().WithContext(req.address.str());
    return ResourceResult{name, Table().Settled(a), {{"arn", Arn(ctx, name)}}};
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    std::string name = NameOf(req.id, req.after);
    auto r = Call(ctx, "UpdateStateMachine", UpdateBody(ctx, name, req.after));
    if (!r.ok()) return r.status().WithContext(req.address.str());
    return ResourceResult{name, Table().Settled(req.after), {{"arn", Arn(ctx, name)}}};
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string name = NameOf(req.id, req.attributes);
    if (name.empty()) return Status::InvalidArgument(req.address.str() + ": no state machine name");
    auto r = Call(ctx, "DeleteStateMachine", {{"stateMachineArn", Arn(ctx, name)}});
    if (r.ok() || IsMissing(r.status())) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    CW_ASSIGN_OR_RETURN(auto machines, ListMachines(ctx));
    std::vector<std::pair<std::string, std::string>> all(machines.begin(), machines.end());
    std::vector<Observation> read(all.size());
    CW_RETURN_IF_ERROR(kit::ForEachInParallel(all.size(), kReadThreads, [&](size_t i) -> Status {
      CW_ASSIGN_OR_RETURN(read[i], Describe(ctx, Address{req.kind, all[i].first}, all[i].second));
      return Status::Ok();
    }));
    std::vector<Observation> out;
    for (auto& o : read) {
      if (o.exists) out.push_back(std::move(o));  // deleted between the list and the describe
    }
    return out;
  }
};

}  // namespace

KindHandlers MakeSfnHandlers() { return kit::MakeHandlers<AwsContext, StateMachineHandler>(); }

}  // namespace causeway::aws

// aws.lambda.permission: one statement of a Lambda function's resource policy (AddPermission),
// e.g. letting s3.amazonaws.com invoke the function for one bucket, which S3 requires before it
// accepts the function as a notification destination. Id: "<function_name>/<statement_id>".
// Every attribute is fixed at creation (Lambda has no call that changes a statement): a change
// replaces the statement.
// Bulk observe: Lambda has no call that lists permissions, so one GetPolicy per function named by
// the batch (a function's statements are all read from its one policy). Per-resource: GetPolicy.
// Create: AddPermission; a statement id already in the policy (ResourceConflictException) is
// adopted when it says the same, else replaced (RemovePermission, AddPermission). Delete:
// RemovePermission (a missing function or statement is fine). List: ListFunctions, then GetPolicy
// per function.
// Statements read back as the manifest spells them: Principal {"Service": s} -> s,
// {"AWS": "arn:aws:iam::<account>:root"} -> the account id; Condition ArnLike AWS:SourceArn ->
// source_arn, StringEquals AWS:SourceAccount -> source_account.
#include <map>
#include <regex>

#include "providers/aws/lambda_common.h"

namespace causeway::aws::lambda {

namespace {

using kit::Attribute;

ValueCheck StatementId() {
  return [](const Value& v) -> std::string {
    static const std::regex kSid(R"([a-zA-Z0-9\-_]{1,100})");
    if (v.is_string() && std::regex_match(v.get<std::string>(), kSid)) return "";
    return "1 to 100 letters, digits, '-' or '_'";
  };
}

ValueCheck ActionName() {
  return [](const Value& v) -> std::string {
    static const std::regex kAction(R"(lambda:[*]|lambda:[a-zA-Z]+|[*])");
    if (v.is_string() && std::regex_match(v.get<std::string>(), kAction)) return "";
    return "lambda:<Action>, lambda:* or *";
  };
}

const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("function_name").Required().ForceNew().Check(FunctionName()),
    Attribute("statement_id").Required().ForceNew().Check(StatementId()),
    Attribute("action").Default("lambda:InvokeFunction").ForceNew().Check(ActionName()),
    Attribute("principal").Required().ForceNew()
        .Describe("a service (s3.amazonaws.com), an account id, or *"),
    Attribute("source_arn").Default("").ForceNew()
        .Describe("e.g. arn:aws:s3:::bucket (the bucket allowed to invoke)"),
    Attribute("source_account").Default("").ForceNew(),
  });
  // clang-format on
  return table;
}

std::string FunctionOf(const std::string& id, const Value& attrs) {
  std::string f = kit::StringAttr(attrs, "function_name");
  if (f.empty() && id.find('/') != std::string::npos) f = id.substr(0, id.find('/'));
  return f;
}

std::string SidOf(const std::string& id, const Value& attrs) {
  std::string s = kit::StringAttr(attrs, "statement_id");
  if (s.empty() && id.find('/') != std::string::npos) s = id.substr(id.find('/') + 1);
  return s;
}

std::string IdOf(const std::string& function, const std::string& sid) {
  return function + "/" + sid;
}

// A policy statement as the manifest spells it.
Value StatementAttributes(const std::string& function, const Value& s) {
  Value attrs = {{"function_name", function},
                 {"statement_id", s.value("Sid", "")},
                 {"action", s.value("Action", Value("")).is_string() ? s.value("Action", "") : ""},
                 {"source_arn", ""},
                 {"source_account", ""}};
  const Value& p = s.value("Principal", Value());
  std::string principal;
  if (p.is_string()) {
    principal = p.get<std::string>();
  } else if (p.is_object() && p.contains("Service") && p["Service"].is_string()) {
    principal = p["Service"].get<std::string>();
  } else if (p.is_object() && p.contains("AWS") && p["AWS"].is_string()) {
    static const std::regex kRoot(R"(arn:aws[a-zA-Z-]*:iam::(\d{12}):root)");
    principal = p["AWS"].get<std::string>();
    std::smatch m;
    if (std::regex_match(principal, m, kRoot)) principal = m[1];
  }
  attrs["principal"] = principal;
  const Value& cond = s.value("Condition", Value::object());
  if (cond.is_object()) {
    if (cond.contains("ArnLike") && cond["ArnLike"].contains("AWS:SourceArn")) {
      attrs["source_arn"] = cond["ArnLike"]["AWS:SourceArn"];
    }
    if (cond.contains("StringEquals") && cond["StringEquals"].contains("AWS:SourceAccount")) {
      attrs["source_account"] = cond["StringEquals"]["AWS:SourceAccount"];
    }
  }
  return attrs;
}

// The statements of `function`'s policy by Sid; empty when the function or policy is missing.
Result<std::map<std::string, Value>> Statements(AwsContext& ctx, const std::string& function) {
  std::map<std::string, Value> out;
  auto r = Call(ctx, "GetPolicy", "GET", FunctionPath(function) + "/policy");
  if (r.status().IsNotFound()) return out;
  if (!r.ok()) return r.status();
  kit::ReplyReader reply(*r, "lambda GetPolicy");
  CW_ASSIGN_OR_RETURN(std::string text, reply.StringOr("Policy", ""));
  Value policy;
  try {
    policy = Value::parse(text.empty() ? "{}" : text);
  } catch (const nlohmann::json::exception& e) {
    return reply.Error("Policy", std::string("not a JSON document: ") + e.what());
  }
  const Value& list = policy.value("Statement", Value::array());
  for (const auto& s : list.is_array() ? list : Value::array({list})) {
    if (s.is_object() && s.contains("Sid") && s["Sid"].is_string()) {
      out[s["Sid"].get<std::string>()] = StatementAttributes(function, s);
    }
  }
  return out;
}

Observation Observed(const Address& address, const Value& attrs) {
  Observation o = Missing(address);
  o.exists = true;
  o.attributes = attrs;
  o.id = IdOf(kit::StringAttr(attrs, "function_name"), kit::StringAttr(attrs, "statement_id"));
  return o;
}

Value AddBody(const Value& a) {
  Value body = {{"StatementId", kit::StringAttr(a, "statement_id")},
                {"Action", kit::StringAttr(a, "action")},
                {"Principal", kit::StringAttr(a, "principal")}};
  if (std::string arn = kit::StringAttr(a, "source_arn"); !arn.empty()) body["SourceArn"] = arn;
  if (std::string acct = kit::StringAttr(a, "source_account"); !acct.empty()) {
    body["SourceAccount"] = acct;
  }
  return body;
}

// One GetPolicy per function named by `items`.
Result<std::vector<Observation>> ObserveItems(AwsContext& ctx,
                                              const std::vector<ObserveItem>& items) {
  std::map<std::string, std::map<std::string, Value>> by_function;
  std::vector<Observation> out;
  for (const auto& item : items) {
    std::string function = FunctionOf(item.id, item.attributes);
    std::string sid = SidOf(item.id, item.attributes);
    if (function.empty() || sid.empty()) {
      out.push_back(Missing(item.address));
      continue;
    }
    if (by_function.count(function) == 0) {
      auto statements = Statements(ctx, function);
      if (!statements.ok()) return statements.status().WithContext(item.address.str());
      by_function[function] = std::move(*statements);
    }
    const auto& statements = by_function[function];
    auto it = statements.find(sid);
    out.push_back(it == statements.end() ? Missing(item.address)
                                         : Observed(item.address, it->second));
  }
  return out;
}

class PermissionHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return Table().Schema(kPermissionKind,
                          "One statement of a Lambda function's resource policy (who may invoke "
                          "it)",
                          {"function_name", "statement_id"});
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    return ObserveItems(ctx, items);
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    CW_ASSIGN_OR_RETURN(auto list, ObserveItems(ctx, {item}));
    return list.front();
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    Value a = Table().WithDefaults(req.attributes);
    std::string function = kit::StringAttr(a, "function_name");
    std::string sid = kit::StringAttr(a, "statement_id");
    std::string path = FunctionPath(function) + "/policy";
    auto r = Call(ctx, "AddPermission", "POST", path, "", AddBody(a));
    if (!r.ok() && IsResourceConflict(r.status())) {
      // Adopt the statement when it says the same; replace it otherwise.
      CW_ASSIGN_OR_RETURN(auto statements, Statements(ctx, function));
      auto it = statements.find(sid);
      if (it != statements.end() && it->second == a) {
        r = Value::object();
      } else {
        r = Call(ctx, "RemovePermission", "DELETE", path + "/" + UriEncode(sid));
        if (r.ok()) r = Call(ctx, "AddPermission", "POST", path, "", AddBody(a));
      }
    }
    if (!r.ok()) return r.status().WithContext(req.address.str());
    return ResourceResult{IdOf(function, sid), Table().Settled(a), Value::object()};
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    // Every attribute is ForceNew; should an update come anyway, replace the statement.
    CW_RETURN_IF_ERROR(Delete(ctx, DeleteRequest{req.address, req.id, req.before}));
    return Create(ctx, CreateRequest{req.address, req.after});
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string function = FunctionOf(req.id, req.attributes);
    std::string sid = SidOf(req.id, req.attributes);
    if (function.empty() || sid.empty()) {
      return Status::InvalidArgument(req.address.str() + ": no function name or statement id");
    }
    auto r = Call(ctx, "RemovePermission", "DELETE",
                  FunctionPath(function) + "/policy/" + UriEncode(sid));
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::vector<std::string> functions;
    CW_RETURN_IF_ERROR(ForEachFunction(ctx, [&](const kit::ReplyReader& f) -> Status {
      CW_ASSIGN_OR_RETURN(std::string name, f.StringOr("FunctionName", ""));
      if (!name.empty()) functions.push_back(name);
      return Status::Ok();
    }));
    std::vector<Observation> out;
    for (const auto& function : functions) {
      CW_ASSIGN_OR_RETURN(auto statements, Statements(ctx, function));
      for (const auto& [sid, attrs] : statements) {
        out.push_back(Observed(Address{req.kind, IdOf(function, sid)}, attrs));
      }
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewPermissionHandler() {
  return std::make_unique<PermissionHandler>();
}

}  // namespace causeway::aws::lambda

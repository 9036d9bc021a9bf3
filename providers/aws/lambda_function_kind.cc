// aws.lambda.function: a Lambda function of package type Zip (seed 003's S3-triggered function)
// with its runtime, handler, role, environment, memory, timeout and description, and its code.
// Id: the function name. Outputs: arn, version ($LATEST), code_sha256.
// Code comes from exactly one of `code_path` (a local .zip, or a directory Causeway packages
// deterministically, lambda_package.h; a relative path is resolved against the working
// directory of the run, which is the manifest directory when causeway runs there) or
// `s3_bucket` + `s3_key`. Lambda does not return the code, only its CodeSha256: observe packages
// `code_path` and compares its SHA-256 with the live CodeSha256 — equal reads back as the
// manifest's path (no diff), different reads back as "(deployed package <sha>)", so a changed
// package is drift fixed by UpdateFunctionCode. An S3 source is not re-read (the object may be
// replaced without the function changing): it reads back as the manifest's bucket and key.
// Bulk observe: one paginated ListFunctions (Marker/MaxItems). Per-resource: GetFunction.
// Create: CreateFunction (an existing function with the name is adopted: its configuration and
// code are brought to the manifest). Update: UpdateFunctionConfiguration with every managed
// setting, UpdateFunctionCode when the code changed. Delete: DeleteFunction (missing is fine).
// Lambda checks at CreateFunction that it can assume the role; right after the role was created
// that fails with "The role defined for the function cannot be assumed by Lambda": a propagation
// delay the provider waits out. A role given by name is sent as arn:aws:iam::<account>:role/<name>
// and compared by name (as glue.job compares roles).
#include "providers/aws/glue_common.h"
#include "providers/aws/lambda_common.h"
#include "providers/aws/lambda_package.h"
#include "providers/kit/value_checks.h"

namespace causeway::aws::lambda {

namespace {

using kit::Attribute;

constexpr char kConfigure[] = "UpdateFunctionConfiguration";

const std::vector<std::string>& RuntimeNames() {
  static const std::vector<std::string> kRuntimes = {
      "nodejs18.x", "nodejs20.x", "nodejs22.x",   "python3.9",      "python3.10", "python3.11",
      "python3.12", "python3.13", "java11",       "java17",         "java21",     "dotnet8",
      "ruby3.2",    "ruby3.3",    "provided.al2", "provided.al2023"};
  return kRuntimes;
}

// One row per attribute: where GetFunctionConfiguration has it and CreateFunction takes it.
const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("function_name").Required().ForceNew().Check(FunctionName()).Wire("FunctionName"),
    Attribute("runtime").Required().Check(kit::OneOfIgnoringCase(RuntimeNames()))
        .Wire("Runtime").Update(kConfigure),
    Attribute("handler").Required().Describe("e.g. app.handler").Wire("Handler")
        .Update(kConfigure),
    Attribute("role").Required().Normalize(glue::RoleName)
        .Describe("IAM role name, path/name or ARN (compared by name)").Wire("Role")
        .Update(kConfigure),
    Attribute("code_path").Default("")
        .Describe("local .zip file or directory to package (relative to the run's directory)")
        .ReadFrom("").WriteTo(""),
    Attribute("s3_bucket").Default("").Describe("bucket of the zip (with s3_key)")
        .ReadFrom("").WriteTo(""),
    Attribute("s3_key").Default("").Describe("key of the zip (with s3_bucket)")
        .ReadFrom("").WriteTo(""),
    Attribute("environment", AttrType::kMap).Default(Value::object())
        .Describe("environment variables").Wire("Environment/Variables").KeepEmpty()
        .Update(kConfigure),
    Attribute("memory_size", AttrType::kInteger).Default(128)
        .Check(kit::IntegerBetween(128, 10240)).Describe("MB").Wire("MemorySize")
        .Update(kConfigure),
    Attribute("timeout", AttrType::kInteger).Default(3).Check(kit::IntegerBetween(1, 900))
        .Describe("seconds").Wire("Timeout").Update(kConfigure),
    Attribute("description").Default("").Wire("Description").KeepEmpty().Update(kConfigure),
    Attribute("arn").Computed(),
    Attribute("version").Computed(),
    Attribute("code_sha256").Computed(),
  });
  // clang-format on
  return table;
}

std::string NameOf(const std::string& id, const Value& attrs) {
  return kit::IdOr(id, attrs, "function_name");
}

std::string RoleArn(const AwsContext& ctx, const std::string& role) {
  if (role.rfind("arn:", 0) == 0) return role;
  return "arn:aws:iam::" + ctx.account_id + ":role/" + role;
}

// The Code member (CreateFunction) or the UpdateFunctionCode body for the manifest's source.
Result<Value> CodeSource(const Value& a) {
  const std::string path = kit::StringAttr(a, "code_path");
  const std::string bucket = kit::StringAttr(a, "s3_bucket");
  const std::string key = kit::StringAttr(a, "s3_key");
  if (path.empty() == (bucket.empty() && key.empty()) || bucket.empty() != key.empty()) {
    return Status::InvalidArgument(
        "give the code as either code_path or both s3_bucket and s3_key");
  }
  if (!path.empty()) {
    CW_ASSIGN_OR_RETURN(std::string zip, LambdaPackage(path));
    return Value{{"ZipFile", LambdaZipFileMember(zip)}};
  }
  return Value{{"S3Bucket", bucket}, {"S3Key", key}};
}

// The whole configuration for UpdateFunctionConfiguration.
Value ConfigBody(const AwsContext& ctx, const Value& attrs) {
  Value body = Table().CreateBody(Table().WithDefaults(attrs));
  body.erase("FunctionName");
  body["Role"] = RoleArn(ctx, kit::StringAttr(attrs, "role"));
  return body;
}

Value OutputsOf(const AwsContext& ctx, const std::string& name, const Value& config) {
  return {{"arn", FunctionArn(ctx, name)},
          {"version", config.value("Version", "$LATEST")},
          {"code_sha256", config.value("CodeSha256", "")}};
}

// The live function as the manifest would spell it; `desired` gives the code source to compare.
Result<Observation> Observed(const AwsContext& ctx, const Address& address,
                             const kit::ReplyReader& config, const Value& desired) {
  Observation o = Missing(address);
  Status read = Table().Read(config, &o.attributes, &o.outputs);
  if (!read.ok()) return read.WithContext(address.str());
  // Lambda leaves out an empty environment.
  for (const char* a : {"environment", "description"}) {
    if (o.attributes[a].is_null()) o.attributes[a] = *Table().Find(a)->schema().default_value;
  }
  CW_ASSIGN_OR_RETURN(std::string live_sha, config.StringOr("CodeSha256", ""));
  const std::string path = kit::StringAttr(desired, "code_path");
  o.attributes["code_path"] = path;
  if (!path.empty()) {
    auto zip = LambdaPackage(path);
    if (!zip.ok()) return zip.status().WithContext(address.str());
    if (LambdaCodeSha256(*zip) != live_sha) {
      o.attributes["code_path"] = "(deployed package " + live_sha + ")";
    }
  }
  for (const char* a : {"s3_bucket", "s3_key"}) o.attributes[a] = kit::StringAttr(desired, a);
  o.exists = true;
  o.id = kit::StringAttr(o.attributes, "function_name");
  o.outputs = OutputsOf(ctx, o.id, config.root());
  return o;
}

class FunctionHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return Table().Schema(kFunctionKind, "A Lambda function (Zip package) and its code",
                          {"function_name"});
  }

  bool IsPropagationDelay(const Status& status) const override {
    return status.provider_code() == "InvalidParameterValueException" &&
           status.message().find("cannot be assumed by Lambda") != std::string::npos;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    auto key = [](const ObserveItem& i) { return NameOf(i.id, i.attributes); };
    auto list = [&](const auto& each) {
      return ForEachFunction(ctx, [&](const kit::ReplyReader& f) -> Status {
        CW_ASSIGN_OR_RETURN(std::string name, f.StringOr("FunctionName", ""));
        return name.empty() ? Status::Ok() : each(name, f);
      });
    };
    auto read = [&](const ObserveItem& i, const kit::ReplyReader& f) {
      return Observed(ctx, i.address, f, i.attributes);
    };
    return kit::ObserveFromList(items, key, list, read);
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    std::string name = NameOf(item.id, item.attributes);
    if (name.empty()) return Missing(item.address);
    auto r = Call(ctx, "GetFunction", "GET", FunctionPath(name));
    if (r.status().IsNotFound()) return Missing(item.address);
    if (!r.ok()) return r.status().WithContext(item.address.str());
    CW_ASSIGN_OR_RETURN(kit::ReplyReader f,
                        kit::ReplyReader(*r, "lambda GetFunction").At("Configuration"));
    return Observed(ctx, item.address, f, item.attributes);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    Value a = Table().WithDefaults(req.attributes);
    std::string name = NameOf("", a);
    auto code = CodeSource(a);
    if (!code.ok()) return code.status().WithContext(req.address.str());
    Value body = Table().CreateBody(a);
    body["Role"] = RoleArn(ctx, kit::StringAttr(a, "role"));
    body["Code"] = *code;
    body["PackageType"] = "Zip";
    auto r = Call(ctx, "CreateFunction", "POST", "", "", body);
    if (!r.ok() && IsResourceConflict(r.status())) {  // adopt: bring it to the manifest
      r = Call(ctx, kConfigure, "PUT", FunctionPath(name) + "/configuration", "",
               ConfigBody(ctx, a));
      if (r.ok())
        r = Call(ctx, "UpdateFunctionCode", "PUT", FunctionPath(name) + "/code", "", *code);
    }
    if (!r.ok()) return r.status().WithContext(req.address.str());
    return ResourceResult{name, Table().Settled(a), OutputsOf(ctx, name, *r)};
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    std::string name = NameOf(req.id, req.after);
    Value a = Table().WithDefaults(req.after);
    bool code_changed = false, config_changed = false;
    for (const auto& c : req.changed) {
      bool code = c == "code_path" || c == "s3_bucket" || c == "s3_key";
      code_changed |= code;
      config_changed |= !code;
    }
    Result<Value> r = Value::object();
    if (config_changed) {
      r = Call(ctx, kConfigure, "PUT", FunctionPath(name) + "/configuration", "",
               ConfigBody(ctx, a));
      if (!r.ok()) return r.status().WithContext(req.address.str());
    }
    if (code_changed) {
      auto code = CodeSource(a);
      if (!code.ok()) return code.status().WithContext(req.address.str());
      r = Call(ctx, "UpdateFunctionCode", "PUT", FunctionPath(name) + "/code", "", *code);
      if (!r.ok()) return r.status().WithContext(req.address.str());
    }
    if (!config_changed && !code_changed) {
      r = Call(ctx, "GetFunctionConfiguration", "GET", FunctionPath(name) + "/configuration");
      if (!r.ok()) return r.status().WithContext(req.address.str());
    }
    return ResourceResult{name, Table().Settled(a), OutputsOf(ctx, name, *r)};
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string name = NameOf(req.id, req.attributes);
    if (name.empty()) return Status::InvalidArgument(req.address.str() + ": no function name");
    auto r = Call(ctx, "DeleteFunction", "DELETE", FunctionPath(name));
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::vector<Observation> out;
    CW_RETURN_IF_ERROR(ForEachFunction(ctx, [&](const kit::ReplyReader& f) -> Status {
      CW_ASSIGN_OR_RETURN(std::string name, f.StringOr("FunctionName", ""));
      CW_ASSIGN_OR_RETURN(Observation o,
                          Observed(ctx, Address{req.kind, name}, f, Value::object()));
      out.push_back(std::move(o));
      return Status::Ok();
    }));
    return out;
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewFunctionHandler() { return std::make_unique<FunctionHandler>(); }

}  // namespace causeway::aws::lambda

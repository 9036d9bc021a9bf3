// Lambda emulator: routing, functions (create, read, list, update code and configuration,
// delete), their validation, and persistence.
#include "sandbox/aws/lambda/lambda_service.h"

#include <openssl/evp.h>

#include <regex>
#include <set>

#include "sandbox/aws/errors.h"
#include "sandbox/aws/iam/iam_service.h"
#include "sandbox/aws/policy_document.h"
#include "sandbox/core/base64.h"
#include "sandbox/core/ids.h"
#include "sandbox/core/object_store.h"
#include "sandbox/core/timestamps.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox {

namespace {

constexpr char kPrefix[] = "/2015-03-31/functions";
constexpr char kInvalidParameter[] = "InvalidParameterValueException";
constexpr char kValidation[] = "ValidationException";
constexpr char kNotFound[] = "ResourceNotFoundException";
constexpr char kConflict[] = "ResourceConflictException";

SandboxResponse Ok(const Value& body, int status = 200) {
  SandboxResponse resp;
  resp.status = status;
  resp.content_type = "application/json";
  resp.body = body.dump();
  return resp;
}

SandboxResponse Err(const SandboxRequest& r, const std::string& code, const std::string& message) {
  int status = code == kNotFound ? 404 : code == kConflict ? 409 : 400;
  return RestJsonError(status, code, message, r.request_id);
}

std::string Str(const Value& v, const char* key) {
  if (!v.is_object() || !v.contains(key) || !v[key].is_string()) return "";
  return v[key].get<std::string>();
}

// Lambda's front end names the member in camelCase in constraint messages.
std::string Constraint(const std::string& value, const std::string& member,
                       const std::string& constraint) {
  return "1 validation error detected: Value '" + value + "' at '" + member +
         "' failed to satisfy constraint: " + constraint;
}

const std::set<std::string>& Runtimes() {
  // The model's enum plus the runtimes Lambda added after it (botocore does not check enums).
  static const std::set<std::string> kRuntimes = {
      "nodejs",        "nodejs4.3",      "nodejs6.10",    "nodejs8.10",    "nodejs10.x",
      "nodejs12.x",    "nodejs14.x",     "nodejs16.x",    "nodejs18.x",    "nodejs20.x",
      "nodejs22.x",    "java8",          "java8.al2",     "java11",        "java17",
      "java21",        "python2.7",      "python3.6",     "python3.7",     "python3.8",
      "python3.9",     "python3.10",     "python3.11",    "python3.12",    "python3.13",
      "dotnetcore1.0", "dotnetcore2.0",  "dotnetcore2.1", "dotnetcore3.1", "dotnet6",
      "dotnet8",       "nodejs4.3-edge", "go1.x",         "ruby2.5",       "ruby2.7",
      "ruby3.2",       "ruby3.3",        "provided",      "provided.al2",  "provided.al2023"};
  return kRuntimes;
}

// "" when the configuration members present in `in` satisfy the model's constraints, else the
// ValidationException message.
std::string CheckConstraints(const Value& in) {
  if (in.contains("Runtime") && !in["Runtime"].is_null()) {
    std::string rt = Str(in, "Runtime");
    if (Runtimes().count(rt) == 0) {
      std::string list;
      for (const auto& x : Runtimes()) list += (list.empty() ? "" : ", ") + x;
      return Constraint(rt, "runtime", "Member must satisfy enum value set: [" + list + "]");
    }
  }
  if (in.contains("Role") && !in["Role"].is_null()) {
    static const std::regex kRole(
        R"(arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+)");
    std::string role = Str(in, "Role");
    if (!std::regex_match(role, kRole)) {
      return Constraint(role, "role",
                        "Member must satisfy regular expression pattern: "
                        "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    }
  }
  struct Range {
    const char* member;
    const char* camel;
    int64_t min;
    int64_t max;
  };
  for (const Range& range :
       {Range{"MemorySize", "memorySize", 128, 10240}, Range{"Timeout", "timeout", 1, 900}}) {
    if (!in.contains(range.member) || in[range.member].is_null()) continue;
    if (!in[range.member].is_number_integer()) {
      return Constraint(in[range.member].dump(), range.camel, "Member must be an integer");
    }
    int64_t v = in[range.member].get<int64_t>();
    if (v < range.min) {
      return Constraint(
          std::to_string(v), range.camel,
          "Member must have value greater than or equal to " + std::to_string(range.min));
    }
    if (v > range.max) {
      return Constraint(
          std::to_string(v), range.camel,
          "Member must have value less than or equal to " + std::to_string(range.max));
    }
  }
  if (in.contains("Handler") && !in["Handler"].is_null()) {
    std::string h = Str(in, "Handler");
    if (h.size() > 128 || h.find_first_of(" \t\r\n") != std::string::npos) {
      return Constraint(h, "handler",
                        "Member must satisfy regular expression pattern: [^\\s]+ and have length "
                        "less than or equal to 128");
    }
  }
  if (in.contains("Environment") && !in["Environment"].is_null()) {
    const Value& env = in["Environment"];
    if (!env.is_object() || (env.contains("Variables") && !env["Variables"].is_null() &&
                             !env["Variables"].is_object())) {
      return "1 validation error detected: Value at 'environment' failed to satisfy constraint: "
             "Member must be a map of strings";
    }
  }
  return "";
}

std::string CodeSha256(const std::string& zip) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(zip.data(), zip.size(), digest, &len, EVP_sha256(), nullptr);
  return Base64Encode(std::string(reinterpret_cast<const char*>(digest), len));
}

std::string LastModified(std::chrono::system_clock::time_point t) {
  return FormatUtc(t, "%Y-%m-%dT%H:%M:%S") + ".000+0000";
}

std::string FunctionArn(const std::string& region, const std::string& name) {
  return "arn:aws:lambda:" + region + ":" + kSandboxAccountId + ":function:" + name;
}

// The configuration members UpdateFunctionConfiguration (and CreateFunction) set.
const std::vector<std::string>& ConfigMembers() {
  static const std::vector<std::string> kMembers = {"Role",    "Handler",    "Description",
                                                    "Timeout", "MemorySize", "Runtime"};
  return kMembers;
}

void ApplyConfig(const Value& in, Value* config) {
  for (const auto& m : ConfigMembers()) {
    if (in.contains(m) && !in[m].is_null()) (*config)[m] = in[m];
  }
  if (in.contains("Environment") && in["Environment"].is_object()) {
    const Value& vars = in["Environment"].value("Variables", Value::object());
    if (vars.is_object() && !vars.empty()) {
      (*config)["Environment"] = {{"Variables", vars}};
    } else {
      config->erase("Environment");
    }
  }
}

void SetCode(LambdaFunction* f, std::string zip, std::chrono::system_clock::time_point now) {
  f->config["CodeSha256"] = CodeSha256(zip);
  f->config["CodeSize"] = static_cast<int64_t>(zip.size());
  f->code = std::move(zip);
  f->config["LastModified"] = LastModified(now);
  f->config["RevisionId"] = NewUuid();
}

// Path after the prefix, split on '/': ["name"], ["name", "configuration"], ["name", "policy",
// "sid"], or [] for the collection.
std::vector<std::string> PathSegments(const std::string& path) {
  std::vector<std::string> out;
  if (path.rfind(kPrefix, 0) != 0) return out;
  std::string rest = path.substr(sizeof(kPrefix) - 1);
  size_t i = 0;
  while (i < rest.size()) {
    if (rest[i] == '/') {
      ++i;
      continue;
    }
    size_t j = rest.find('/', i);
    if (j == std::string::npos) j = rest.size();
    out.push_back(UrlDecode(rest.substr(i, j - i), false));
    i = j;
  }
  return out;
}

}  // namespace

void SplitLambdaFunctionName(const std::string& name_or_arn, std::string* name,
                             std::string* qualifier) {
  std::string s = name_or_arn;
  auto at = s.find("function:");
  if (at != std::string::npos) s = s.substr(at + 9);
  auto colon = s.find(':');
  *qualifier = colon == std::string::npos ? "" : s.substr(colon + 1);
  *name = s.substr(0, colon);
}

std::string LambdaService::OperationName(const SandboxRequest& r) const {
  if (r.path.rfind(kPrefix, 0) != 0) return "";
  std::vector<std::string> seg = PathSegments(r.path);
  const std::string& m = r.method;
  if (seg.empty()) return m == "POST" ? "CreateFunction" : m == "GET" ? "ListFunctions" : "";
  if (seg.size() == 1) return m == "GET" ? "GetFunction" : m == "DELETE" ? "DeleteFunction" : "";
  if (seg[1] == "configuration" && seg.size() == 2) {
    return m == "GET"   ? "GetFunctionConfiguration"
           : m == "PUT" ? "UpdateFunctionConfiguration"
                        : "";
  }
  if (seg[1] == "code" && seg.size() == 2 && m == "PUT") return "UpdateFunctionCode";
  if (seg[1] == "policy") {
    if (seg.size() == 2) return m == "POST" ? "AddPermission" : m == "GET" ? "GetPolicy" : "";
    if (seg.size() == 3 && m == "DELETE") return "RemovePermission";
  }
  return "";
}

const LambdaService::Operations_& LambdaService::Table() {
  static const Operations_ table = {
      {"CreateFunction", &LambdaService::CreateFunction},
      {"GetFunction", &LambdaService::GetFunction},
      {"GetFunctionConfiguration", &LambdaService::GetFunctionConfiguration},
      {"ListFunctions", &LambdaService::ListFunctions},
      {"UpdateFunctionCode", &LambdaService::UpdateFunctionCode},
      {"UpdateFunctionConfiguration", &LambdaService::UpdateFunctionConfiguration},
      {"DeleteFunction", &LambdaService::DeleteFunction},
      {"AddPermission", &LambdaService::AddPermission},
      {"RemovePermission", &LambdaService::RemovePermission},
      {"GetPolicy", &LambdaService::GetPolicy},
  };
  return table;
}

std::vector<std::string> LambdaService::Operations() const { return Table().Operations(); }

SandboxResponse LambdaService::Handle(const SandboxRequest& r, SandboxContext& c) {
  auto handler = Table().Find(r.operation);
  if (handler == nullptr) {
    return RestJsonError(404, "UnknownOperationException",
                         "causeway-sandbox does not emulate lambda " + r.method + " " + r.path,
                         r.request_id);
  }
  std::vector<std::string> seg = PathSegments(r.path);
  PathArgs args;
  if (!seg.empty()) args.function = seg[0];
  if (seg.size() == 3) args.statement_id = seg[2];
  Value body = Value::object();
  if (!r.body.empty()) {
    try {
      body = Value::parse(r.body);
    } catch (const nlohmann::json::exception&) {
      return Err(r, kInvalidParameter, "Could not parse request body into json.");
    }
    if (!body.is_object()) return Err(r, kInvalidParameter, "Request body must be an object.");
  }
  try {
    return (this->*handler)(r, args, body, c);
  } catch (const nlohmann::json::exception& e) {
    return Err(r, kInvalidParameter, std::string("Malformed request: ") + e.what());
  }
}

LambdaFunction* LambdaService::Find(const SandboxRequest& r, const std::string& name_or_arn,
                                    SandboxResponse* error) {
  std::string name, qualifier;
  SplitLambdaFunctionName(name_or_arn, &name, &qualifier);
  if (r.HasQueryParam("Qualifier")) qualifier = r.QueryParam("Qualifier");
  auto it = functions_.find(name);
  if (it == functions_.end() || (!qualifier.empty() && qualifier != "$LATEST")) {
    *error = Err(r, kNotFound,
                 "Function not found: " +
                     FunctionArn(r.region.empty() ? kSandboxDefaultRegion : r.region, name) +
                     (qualifier.empty() ? "" : ":" + qualifier));
    return nullptr;
  }
  return &it->second;
}

const LambdaFunction* LambdaService::FindConst(const std::string& name_or_arn) const {
  std::string name, qualifier;
  SplitLambdaFunctionName(name_or_arn, &name, &qualifier);
  auto it = functions_.find(name);
  if (it == functions_.end() || (!qualifier.empty() && qualifier != "$LATEST")) return nullptr;
  return &it->second;
}

std::string LambdaService::ReadCode(const Value& code, SandboxContext& c, std::string* zip,
                                    std::string* message) const {
  if (code.contains("ImageUri")) {
    *message = "Please don't provide ImageUri when updating a function with packageType Zip.";
    return kInvalidParameter;
  }
  std::string zip_b64 = Str(code, "ZipFile");
  std::string bucket = Str(code, "S3Bucket"), key = Str(code, "S3Key");
  if (!zip_b64.empty() && (!bucket.empty() || !key.empty())) {
    *message = "Please do not provide other FunctionCode parameters when providing a ZipFile.";
    return kInvalidParameter;
  }
  if (!zip_b64.empty()) {
    if (!Base64Decode(zip_b64, zip)) {
      *message = "Could not unzip uploaded file. Please check your file, then try to upload again.";
      return kInvalidParameter;
    }
  } else if (!bucket.empty() && !key.empty()) {
    auto* store = dynamic_cast<ObjectStore*>(c.FindService("s3"));
    std::optional<std::string> bytes;
    if (store != nullptr) bytes = store->ReadObject(bucket, key);
    if (!bytes) {
      *message = store != nullptr && !store->BucketExists(bucket)
                     ? "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error "
                       "Message: The specified bucket does not exist"
                     : "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error "
                       "Message: The specified key does not exist.";
      return kInvalidParameter;
    }
    *zip = std::move(*bytes);
  } else {
    *message = "Please provide a source for function code.";
    return kInvalidParameter;
  }
  // A zip archive starts with a local file header (PK\3\4) or, empty, an end record (PK\5\6).
  if (zip->size() < 4 || zip->compare(0, 2, "PK") != 0) {
    *message = "Could not unzip uploaded file. Please check your file, then try to upload again.";
    return kInvalidParameter;
  }
  return "";
}

std::string LambdaService::CheckRole(const std::string& role, SandboxContext& c) const {
  auto* iam = dynamic_cast<IamService*>(c.FindService("iam"));
  if (iam == nullptr) return "";  // no IAM emulator to check against
  const std::string msg = "The role defined for the function cannot be assumed by Lambda.";
  const IamRole* found = iam->FindRoleByArn(role);
  if (found == nullptr) return msg;
  if (c.Now() < found->trust_changed_at + c.ConsistencyDelay()) return msg;
  TrustCaller lambda;
  lambda.service = "lambda.amazonaws.com";
  lambda.account_id = std::string(kSandboxAccountId);
  std::map<std::string, std::string> ctx = {{"aws:SourceAccount", std::string(kSandboxAccountId)}};
  return TrustPolicyAllows(found->assume_role_policy, lambda, "sts:AssumeRole", ctx) ? "" : msg;
}

SandboxResponse LambdaService::CreateFunction(const SandboxRequest& r, const PathArgs&,
                                              const Value& in, SandboxContext& c) {
  const std::string name = Str(in, "FunctionName");
  static const std::regex kName(R"([a-zA-Z0-9\-_]{1,64})");
  if (!std::regex_match(name, kName)) {
    return Err(r, kValidation,
               Constraint(name, "functionName",
                          "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+ and "
                          "have length between 1 and 64"));
  }
  if (Str(in, "Role").empty()) {
    return Err(r, kValidation,
               "1 validation error detected: Value null at 'role' failed to satisfy constraint: "
               "Member must not be null");
  }
  if (!in.contains("Code") || !in["Code"].is_object()) {
    return Err(r, kValidation,
               "1 validation error detected: Value null at 'code' failed to satisfy constraint: "
               "Member must not be null");
  }
  if (std::string problem = CheckConstraints(in); !problem.empty()) {
    return Err(r, kValidation, problem);
  }
  std::string package = in.value("PackageType", std::string("Zip"));
  if (package != "Zip") {
    return Err(r, kInvalidParameter, "causeway-sandbox emulates Zip packages only.");
  }
  if (Str(in, "Runtime").empty() || Str(in, "Handler").empty()) {
    return Err(r, kInvalidParameter,
               "Runtime and Handler are mandatory parameters for functions created with "
               "deployment packages.");
  }
  if (std::string role_error = CheckRole(Str(in, "Role"), c); !role_error.empty()) {
    return Err(r, kInvalidParameter, role_error);
  }
  if (functions_.count(name) > 0) return Err(r, kConflict, "Function already exist: " + name);
  std::string zip, message;
  if (std::string code = ReadCode(in["Code"], c, &zip, &message); !code.empty()) {
    return Err(r, code, message);
  }
  LambdaFunction f;
  f.config = {
      {"FunctionName", name},
      {"FunctionArn", FunctionArn(r.region.empty() ? kSandboxDefaultRegion : r.region, name)},
      {"Description", ""},
      {"Timeout", 3},
      {"MemorySize", 128},
      {"Version", "$LATEST"},
      {"TracingConfig", {{"Mode", "PassThrough"}}},
      {"State", "Active"},
      {"LastUpdateStatus", "Successful"},
      {"PackageType", "Zip"},
      {"Architectures", {"x86_64"}},
      {"EphemeralStorage", {{"Size", 512}}}};
  ApplyConfig(in, &f.config);
  SetCode(&f, std::move(zip), c.Now());
  Value out = f.config;
  functions_[name] = std::move(f);
  return Ok(out, 201);
}

SandboxResponse LambdaService::GetFunction(const SandboxRequest& r, const PathArgs& p, const Value&,
                                           SandboxContext&) {
  SandboxResponse error;
  LambdaFunction* f = Find(r, p.function, &error);
  if (f == nullptr) return error;
  // Location is a placeholder: the sandbox serves no presigned download of the package.
  Value code = {{"RepositoryType", "S3"},
                {"Location", "https://awslambda-" + std::string(kSandboxDefaultRegion) +
                                 "-tasks.s3.amazonaws.com/snapshots/" + kSandboxAccountId + "/" +
                                 f->config["FunctionName"].get<std::string>()}};
  return Ok({{"Configuration", f->config}, {"Code", code}});
}

SandboxResponse LambdaService::GetFunctionConfiguration(const SandboxRequest& r, const PathArgs& p,
                                                        const Value&, SandboxContext&) {
  SandboxResponse error;
  LambdaFunction* f = Find(r, p.function, &error);
  if (f == nullptr) return error;
  return Ok(f->config);
}

SandboxResponse LambdaService::ListFunctions(const SandboxRequest& r, const PathArgs&, const Value&,
                                             SandboxContext&) {
  int64_t max = 50;
  if (r.HasQueryParam("MaxItems")) {
    std::string text = r.QueryParam("MaxItems");
    char* end = nullptr;
    max = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || max < 1 || max > 10000) {
      return Err(r, kValidation,
                 Constraint(text, "maxItems", "Member must have value between 1 and 10000"));
    }
  }
  // The marker is the name of the first function of the next page.
  std::string marker = r.QueryParam("Marker");
  auto it = marker.empty() ? functions_.begin() : functions_.lower_bound(marker);
  Value list = Value::array();
  for (; it != functions_.end() && static_cast<int64_t>(list.size()) < max; ++it) {
    list.push_back(it->second.config);
  }
  Value out = {{"Functions", list}};
  if (it != functions_.end()) out["NextMarker"] = it->first;
  return Ok(out);
}

SandboxResponse LambdaService::UpdateFunctionCode(const SandboxRequest& r, const PathArgs& p,
                                                  const Value& in, SandboxContext& c) {
  SandboxResponse error;
  LambdaFunction* f = Find(r, p.function, &error);
  if (f == nullptr) return error;
  std::string zip, message;
  if (std::string code = ReadCode(in, c, &zip, &message); !code.empty()) {
    return Err(r, code, message);
  }
  if (in.value("DryRun", false)) {
    Value out = f->config;
    out["CodeSha256"] = CodeSha256(zip);
    out["CodeSize"] = static_cast<int64_t>(zip.size());
    return Ok(out);
  }
  SetCode(f, std::move(zip), c.Now());
  return Ok(f->config);
}

SandboxResponse LambdaService::UpdateFunctionConfiguration(const SandboxRequest& r,
                                                           const PathArgs& p, const Value& in,
                                                           SandboxContext& c) {
  SandboxResponse error;
  LambdaFunction* f = Find(r, p.function, &error);
  if (f == nullptr) return error;
  if (std::string problem = CheckConstraints(in); !problem.empty()) {
    return Err(r, kValidation, problem);
  }
  std::string revision = Str(in, "RevisionId");
  if (!revision.empty() && revision != f->config.value("RevisionId", "")) {
    return RestJsonError(412, "PreconditionFailedException",
                         "The Revision Id provided does not match the latest Revision Id. Call "
                         "the GetFunction/GetAlias API to retrieve the latest Revision Id",
                         r.request_id);
  }
  if (in.contains("Role") && !in["Role"].is_null()) {
    if (std::string role_error = CheckRole(Str(in, "Role"), c); !role_error.empty()) {
      return Err(r, kInvalidParameter, role_error);
    }
  }
  ApplyConfig(in, &f->config);
  f->config["LastModified"] = LastModified(c.Now());
  f->config["RevisionId"] = NewUuid();
  return Ok(f->config);
}

SandboxResponse LambdaService::DeleteFunction(const SandboxRequest& r, const PathArgs& p,
                                              const Value&, SandboxContext&) {
  SandboxResponse error;
  LambdaFunction* f = Find(r, p.function, &error);
  if (f == nullptr) return error;
  functions_.erase(f->config["FunctionName"].get<std::string>());
  SandboxResponse resp;
  resp.status = 204;
  return resp;
}

Value LambdaService::Dump() const {
  Value out = Value::object();
  for (const auto& [name, f] : functions_) {
    Value j = {{"Configuration", f.config}, {"ZipFile", Base64Encode(f.code)}};
    if (!f.policy.is_null()) j["Policy"] = f.policy;
    out[name] = j;
  }
  return {{"functions", out}};
}

Status LambdaService::Load(const Value& state) {
  Reset();
  try {
    if (!state.contains("functions")) return Status::Ok();
    for (const auto& [name, j] : state.at("functions").items()) {
      LambdaFunction f;
      f.config = j.at("Configuration");
      if (!Base64Decode(j.at("ZipFile").get<std::string>(), &f.code)) {
        Reset();
        return Status::Corruption("lambda state: function " + name + ": ZipFile is not base64");
      }
      if (j.contains("Policy")) f.policy = j.at("Policy");
      functions_[name] = std::move(f);
    }
  } catch (const nlohmann::json::exception& e) {
    Reset();
    return Status::Corruption(std::string("lambda state: ") + e.what());
  }
  return Status::Ok();
}

void LambdaService::Reset() { functions_.clear(); }

std::unique_ptr<SandboxService> NewLambdaService() { return std::make_unique<LambdaService>(); }

}  // namespace causeway::sandbox

// Executors for storage integrations: CREATE [OR REPLACE] STORAGE INTEGRATION (S3 family only:
// TYPE = EXTERNAL_STAGE, STORAGE_AWS_ROLE_ARN and STORAGE_ALLOWED_LOCATIONS required), ALTER
// [STORAGE] INTEGRATION ... SET / UNSET, DESC [STORAGE] INTEGRATION. Each integration gets the
// account's IAM user ARN and an external id, "<ACCOUNT>_SFCRole=2_<random>" unless
// STORAGE_AWS_EXTERNAL_ID fixes it; re-creating one without it draws a new id, as in Snowflake.
#include "reconciler/core/ascii.h"
#include "sandbox/core/ids.h"
#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/sql_errors.h"
#include "sandbox/snowflake/engine/stage_access.h"

namespace causeway::sandbox::snowflake {

namespace {

Status Missing(const std::string& property) {
  return Status(StatusCode::kInvalidArgument,
                "SQL compilation error:\nMissing option(s): [" + property + "]", "001008");
}

// Normalises list properties to arrays and checks what S3 integrations need.
Status CheckIntegration(Value* props) {
  for (const char* key : {"STORAGE_ALLOWED_LOCATIONS", "STORAGE_BLOCKED_LOCATIONS"}) {
    auto it = props->find(key);
    if (it != props->end() && it->is_string()) *it = Value::array({*it});
  }
  if (PropString(*props, "TYPE") != "EXTERNAL_STAGE") {
    return InvalidValue("invalid value [" + PropString(*props, "TYPE") +
                        "] for parameter 'TYPE': storage integrations are EXTERNAL_STAGE");
  }
  const std::string provider = Upper(PropString(*props, "STORAGE_PROVIDER"));
  if (provider != "S3" && provider != "S3GOV" && provider != "S3CHINA") {
    return InvalidValue("invalid value [" + provider +
                        "] for parameter 'STORAGE_PROVIDER': the sandbox emulates S3 only");
  }
  (*props)["STORAGE_PROVIDER"] = provider;
  if (!props->contains("STORAGE_AWS_ROLE_ARN")) return Missing("STORAGE_AWS_ROLE_ARN");
  if (!props->contains("STORAGE_ALLOWED_LOCATIONS")) return Missing("STORAGE_ALLOWED_LOCATIONS");
  if (!props->contains("ENABLED")) return Missing("ENABLED");
  return Status::Ok();
}

std::string NewExternalId(const std::string& account) {
  return account + "_SFCRole=2_" + RandomSecret(28);
}

Result<ResultSet> CreateIntegration(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("INTEGRATION");
  auto start = BeginCreate(p, env, kind);
  if (!start.ok()) return start.status();
  SfObject integration;
  integration.name = start->name;
  CW_RETURN_IF_ERROR(p.Properties(&integration.props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  CW_RETURN_IF_ERROR(CheckIntegration(&integration.props));
  if (start->exists) return AlreadyExistsSucceeded(start->name);
  integration.props["STORAGE_AWS_IAM_USER_ARN"] = IamUserArn(env.identity);
  if (PropString(integration.props, "STORAGE_AWS_EXTERNAL_ID").empty()) {
    integration.props["STORAGE_AWS_EXTERNAL_ID"] = NewExternalId(env.identity.account);
  }
  return FinishCreate(env, kind, std::move(integration));
}

Result<ResultSet> AlterIntegration(SfParser& p, ExecEnv& env) {
  bool absent = false;
  auto integration = FindObject(p, env, *FindKind("INTEGRATION"), true, &absent);
  if (!integration.ok()) return integration.status();
  if (absent) return Executed();
  Value props = (*integration)->props;
  CW_RETURN_IF_ERROR(SetOrUnset(p, &props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  CW_RETURN_IF_ERROR(CheckIntegration(&props));
  if (PropString(props, "STORAGE_AWS_EXTERNAL_ID").empty()) {
    props["STORAGE_AWS_EXTERNAL_ID"] = NewExternalId(env.identity.account);
  }
  (*integration)->props = std::move(props);
  return Executed();
}

std::string ListCell(const Value& props, const char* key) {
  std::string out;
  auto it = props.find(key);
  if (it == props.end() || !it->is_array()) return out;
  for (const auto& v : *it) out += (out.empty() ? "" : ",") + v.get<std::string>();
  return out;
}

Result<ResultSet> DescIntegration(SfParser& p, ExecEnv& env) {
  auto integration = FindObject(p, env, *FindKind("INTEGRATION"), false);
  if (!integration.ok()) return integration.status();
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  const Value& props = (*integration)->props;
  ResultSet out;
  out.columns = {{"property"}, {"property_type"}, {"property_value"}, {"property_default"}};
  auto add = [&](const char* property, const char* type, const std::string& value,
                 const char* fallback) {
    out.rows.push_back({property, type, value, std::string(fallback)});
  };
  add("ENABLED", "Boolean", PropTrue(props, "ENABLED") ? "true" : "false", "false");
  add("STORAGE_PROVIDER", "String", PropString(props, "STORAGE_PROVIDER"), "");
  add("STORAGE_ALLOWED_LOCATIONS", "List", ListCell(props, "STORAGE_ALLOWED_LOCATIONS"), "[]");
  add("STORAGE_BLOCKED_LOCATIONS", "List", ListCell(props, "STORAGE_BLOCKED_LOCATIONS"), "[]");
  add("STORAGE_AWS_IAM_USER_ARN", "String", PropString(props, "STORAGE_AWS_IAM_USER_ARN"), "");
  add("STORAGE_AWS_ROLE_ARN", "String", PropString(props, "STORAGE_AWS_ROLE_ARN"), "");
  add("STORAGE_AWS_EXTERNAL_ID", "String", PropString(props, "STORAGE_AWS_EXTERNAL_ID"), "");
  if (props.contains("STORAGE_AWS_OBJECT_ACL")) {
    add("STORAGE_AWS_OBJECT_ACL", "String", PropString(props, "STORAGE_AWS_OBJECT_ACL"), "");
  }
  add("USE_PRIVATELINK_ENDPOINT", "Boolean",
      PropTrue(props, "USE_PRIVATELINK_ENDPOINT") ? "true" : "false", "false");
  add("COMMENT", "String", PropString(props, "COMMENT"), "");
  return out;
}

}  // namespace

void RegisterIntegrationExecutors(ExecutorTable* t) {
  (*t)["CREATE STORAGE INTEGRATION"] = &CreateIntegration;
  (*t)["ALTER STORAGE INTEGRATION"] = &AlterIntegration;
  (*t)["ALTER INTEGRATION"] = &AlterIntegration;
  (*t)["DESC STORAGE INTEGRATION"] = &DescIntegration;
  (*t)["DESC INTEGRATION"] = &DescIntegration;
}

}  // namespace causeway::sandbox::snowflake

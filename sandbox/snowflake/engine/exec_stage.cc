// Executors for file formats and stages: CREATE / ALTER / DESC FILE FORMAT, CREATE / ALTER /
// DESC STAGE and LIST @stage[/path] [PATTERN = '<regex>']. An external stage needs a URL inside
// its storage integration's allowed locations and USAGE on the integration; a FORMAT_NAME must
// name an existing file format. LIST reads the S3 emulator through the integration's role
// (stage_access.h).
#include <regex>

#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/file_format_options.h"
#include "sandbox/snowflake/engine/sql_errors.h"
#include "sandbox/snowflake/engine/stage_access.h"

namespace causeway::sandbox::snowflake {

namespace {

Result<ResultSet> CreateFileFormat(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("FILE FORMAT");
  auto start = BeginCreate(p, env, kind);
  if (!start.ok()) return start.status();
  SfObject format;
  format.name = start->name;
  CW_RETURN_IF_ERROR(p.Properties(&format.props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  if (!format.props.contains("TYPE")) format.props["TYPE"] = "CSV";
  auto options = ResolveFormatOptions(format.props);
  if (!options.ok()) return options.status();
  if (start->exists) return AlreadyExistsSucceeded(start->name);
  return FinishCreate(env, kind, std::move(format));
}

Result<ResultSet> AlterFileFormat(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("FILE FORMAT");
  bool absent = false;
  auto format = FindObject(p, env, kind, true, &absent);
  if (!format.ok()) return format.status();
  if (absent) return Executed();
  if (p.AcceptAll({"RENAME", "TO"})) {
    auto target = ReadName(p, env, kind);
    if (!target.ok()) return target.status();
    if (env.catalog.Find(kind.kind, *target)) return AlreadyExists(target->Display());
    env.catalog.Rename(kind.kind, (*format)->name, *target);
    return Executed();
  }
  Value props = (*format)->props;
  CW_RETURN_IF_ERROR(SetOrUnset(p, &props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  auto options = ResolveFormatOptions(props);
  if (!options.ok()) return options.status();
  (*format)->props = std::move(props);
  return Executed();
}

Result<ResultSet> DescFileFormat(SfParser& p, ExecEnv& env) {
  auto format = FindObject(p, env, *FindKind("FILE FORMAT"), false);
  if (!format.ok()) return format.status();
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  auto options = ResolveFormatOptions((*format)->props);
  if (!options.ok()) return options.status();
  ResultSet out;
  out.columns = {{"property"}, {"property_type"}, {"property_value"}, {"property_default"}};
  for (const auto& o : *options) {
    out.rows.push_back({o.name, o.type, DescValue(o.value), DescValue(o.fallback)});
  }
  return out;
}

}  // namespace

// Checks a FILE_FORMAT = (...) value: a FORMAT_NAME that exists, or inline options.
Status CheckFileFormatRef(ExecEnv& env, const Value& file_format) {
  if (!file_format.is_object()) return InvalidValue("FILE_FORMAT must be ( ... )");
  if (file_format.contains("FORMAT_NAME")) {
    SfParser name_parser(file_format["FORMAT_NAME"].get<std::string>());
    CW_RETURN_IF_ERROR(name_parser.status());
    auto name = ReadName(name_parser, env, *FindKind("FILE FORMAT"));
    if (!name.ok()) return name.status();
    if (!env.catalog.Find("FILE FORMAT", *name) || !env.access.Sees("FILE FORMAT", *name)) {
      return DoesNotExist("File format", name->Display());
    }
    return Status::Ok();
  }
  auto options = ResolveFormatOptions(file_format);
  return options.ok() ? Status::Ok() : options.status();
}

namespace {

// What an external stage needs: an s3:// URL inside its integration's allowed locations.
Status CheckStage(ExecEnv& env, const Value& props) {
  const std::string url = PropString(props, "URL");
  const std::string integration = PropString(props, "STORAGE_INTEGRATION");
  if (!url.empty() && url.rfind("s3://", 0) != 0) {
    return InvalidValue("invalid value ['" + url +
                        "'] for parameter 'URL': the sandbox "
                        "emulates s3:// locations only");
  }
  if (!integration.empty()) {
    const ObjectName name{"", "", integration};
    const SfObject* i = env.catalog.Find("INTEGRATION", name);
    if (i == nullptr || !env.access.Sees("INTEGRATION", name)) {
      return DoesNotExist("Integration", QuoteIfNeeded(integration));
    }
    if (!env.access.Has("INTEGRATION", name, "USAGE")) {
      return InsufficientPrivileges("Integration", QuoteIfNeeded(integration));
    }
    if (!url.empty()) CW_RETURN_IF_ERROR(CheckLocationAllowed(*i, url));
  }
  if (props.contains("FILE_FORMAT"))
    CW_RETURN_IF_ERROR(CheckFileFormatRef(env, props["FILE_FORMAT"]));
  return Status::Ok();
}

Result<ResultSet> CreateStage(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("STAGE");
  auto start = BeginCreate(p, env, kind);
  if (!start.ok()) return start.status();
  SfObject stage;
  stage.name = start->name;
  CW_RETURN_IF_ERROR(p.Properties(&stage.props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  CW_RETURN_IF_ERROR(CheckStage(env, stage.props));
  if (start->exists) return AlreadyExistsSucceeded(start->name);
  return FinishCreate(env, kind, std::move(stage));
}

Result<ResultSet> AlterStage(SfParser& p, ExecEnv& env) {
  const SfKind& kind = *FindKind("STAGE");
  bool absent = false;
  auto stage = FindObject(p, env, kind, true, &absent);
  if (!stage.ok()) return stage.status();
  if (absent) return Executed();
  if (p.AcceptAll({"RENAME", "TO"})) {
    auto target = ReadName(p, env, kind);
    if (!target.ok()) return target.status();
    if (env.catalog.Find(kind.kind, *target)) return AlreadyExists(target->Display());
    env.catalog.Rename(kind.kind, (*stage)->name, *target);
    return Executed();
  }
  Value props = (*stage)->props;
  CW_RETURN_IF_ERROR(SetOrUnset(p, &props));
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  CW_RETURN_IF_ERROR(CheckStage(env, props));
  (*stage)->props = std::move(props);
  return Executed();
}

Result<ResultSet> DescStage(SfParser& p, ExecEnv& env) {
  auto stage = FindObject(p, env, *FindKind("STAGE"), false);
  if (!stage.ok()) return stage.status();
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  const Value& props = (*stage)->props;
  ResultSet out;
  out.columns = {{"parent_property"},
                 {"property"},
                 {"property_type"},
                 {"property_value"},
                 {"property_default"}};
  auto add = [&](const char* parent, const std::string& property, const std::string& type,
                 const std::string& value, const std::string& fallback) {
    out.rows.push_back({std::string(parent), property, type, value, fallback});
  };
  const Value file_format = props.value("FILE_FORMAT", Value::object());
  if (file_format.contains("FORMAT_NAME")) {
    add("STAGE_FILE_FORMAT", "FORMAT_NAME", "String", file_format["FORMAT_NAME"], "");
  } else {
    auto options = ResolveFormatOptions(file_format);
    if (options.ok()) {
      for (const auto& o : *options) {
        add("STAGE_FILE_FORMAT", o.name, o.type, DescValue(o.value), DescValue(o.fallback));
      }
    }
  }
  const Value copy = props.value("COPY_OPTIONS", Value::object());
  add("STAGE_COPY_OPTIONS", "ON_ERROR", "String", PropString(copy, "ON_ERROR", "ABORT_STATEMENT"),
      "ABORT_STATEMENT");
  add("STAGE_COPY_OPTIONS", "PURGE", "Boolean", PropTrue(copy, "PURGE") ? "true" : "false",
      "false");
  const std::string url = PropString(props, "URL");
  add("STAGE_LOCATION", "URL", "String", url.empty() ? "" : "[\"" + url + "\"]", "");
  add("STAGE_INTEGRATION", "STORAGE_INTEGRATION", "String",
      PropString(props, "STORAGE_INTEGRATION"), "");
  if (!PropString(props, "STORAGE_INTEGRATION").empty()) {
    const SfObject* i =
        env.catalog.Find("INTEGRATION", {"", "", PropString(props, "STORAGE_INTEGRATION")});
    add("STAGE_CREDENTIALS", "AWS_ROLE", "String",
        i ? PropString(i->props, "STORAGE_AWS_ROLE_ARN") : "", "");
    add("STAGE_CREDENTIALS", "AWS_EXTERNAL_ID", "String",
        i ? PropString(i->props, "STORAGE_AWS_EXTERNAL_ID") : "", "");
    add("STAGE_CREDENTIALS", "SNOWFLAKE_IAM_USER", "String", IamUserArn(env.identity), "");
  }
  const Value directory = props.value("DIRECTORY", Value::object());
  add("DIRECTORY", "ENABLE", "Boolean", PropTrue(directory, "ENABLE") ? "true" : "false", "false");
  add("DIRECTORY", "AUTO_REFRESH", "Boolean",
      PropTrue(directory, "AUTO_REFRESH") ? "true" : "false", "false");
  return out;
}

Result<ResultSet> List(SfParser& p, ExecEnv& env) {
  CW_RETURN_IF_ERROR(p.ExpectPunct("@"));
  auto ref = ReadStageRef(p, env);
  if (!ref.ok()) return ref.status();
  std::string pattern;
  if (p.Accept("PATTERN")) {
    CW_RETURN_IF_ERROR(p.ExpectPunct("="));
    auto text = p.String();
    if (!text.ok()) return text.status();
    pattern = *text;
  }
  CW_RETURN_IF_ERROR(p.ExpectEnd());
  const SfObject* stage = env.catalog.Find("STAGE", ref->stage);
  if (!env.access.Has("STAGE", ref->stage, "USAGE") &&
      !env.access.Has("STAGE", ref->stage, "READ")) {
    return InsufficientPrivileges("Stage", ref->stage.Display());
  }
  auto files = ListStageFiles(env, *stage, ref->path);
  if (!files.ok()) return files.status();
  std::optional<std::regex> re;
  if (!pattern.empty()) {
    try {
      re.emplace(pattern);
    } catch (const std::regex_error&) {
      return InvalidValue("Invalid regular expression in PATTERN: '" + pattern + "'");
    }
  }
  ResultSet out;
  out.columns = {{"name"}, {"size", "FIXED"}, {"md5"}, {"last_modified"}};
  for (const auto& f : *files) {
    if (re && !std::regex_match(f.url, *re) && !std::regex_match(f.relative, *re)) continue;
    std::string md5 = f.object.etag;
    if (md5.size() >= 2 && md5.front() == '"') md5 = md5.substr(1, md5.size() - 2);
    out.rows.push_back({f.url, std::to_string(f.object.size), md5, f.object.last_modified});
  }
  return out;
}

}  // namespace

void RegisterStageExecutors(ExecutorTable* t) {
  (*t)["CREATE FILE FORMAT"] = &CreateFileFormat;
  (*t)["ALTER FILE FORMAT"] = &AlterFileFormat;
  (*t)["DESC FILE FORMAT"] = &DescFileFormat;
  (*t)["CREATE STAGE"] = &CreateStage;
  (*t)["ALTER STAGE"] = &AlterStage;
  (*t)["DESC STAGE"] = &DescStage;
  (*t)["LIST"] = &List;
}

}  // namespace causeway::sandbox::snowflake

// Glue emulator: jobs (CreateJob, GetJob, GetJobs, UpdateJob, DeleteJob), validated as Glue
// validates them: Name, Role and Command are required; the role must be one Glue can assume (the
// IAM emulator's trust policy, as for crawlers); Command.Name is glueetl, gluestreaming or
// pythonshell; WorkerType is one of the model's values and comes with NumberOfWorkers, and
// neither goes with MaxCapacity; MaxRetries and Timeout are non-negative. UpdateJob replaces the
// whole definition with JobUpdate, as Glue does (members it leaves out are reset). Running a job
// is not emulated.
#include <set>

#include "sandbox/aws/glue/glue_internal.h"
#include "sandbox/aws/glue/glue_service.h"
#include "sandbox/core/timestamps.h"

namespace causeway::sandbox {

using glue::Err;
using glue::MissingMessage;
using glue::Ok;
using glue::Str;

namespace {

constexpr char kNotFound[] = "EntityNotFoundException";
constexpr char kInvalid[] = "InvalidInputException";
constexpr char kExists[] = "AlreadyExistsException";

// The job members a definition holds (CreateJobRequest minus Name and Tags; JobUpdate).
const std::vector<std::string>& DefinitionMembers() {
  static const std::vector<std::string> kMembers = {"Description",
                                                    "LogUri",
                                                    "Role",
                                                    "ExecutionProperty",
                                                    "Command",
                                                    "DefaultArguments",
                                                    "NonOverridableArguments",
                                                    "Connections",
                                                    "MaxRetries",
                                                    "AllocatedCapacity",
                                                    "Timeout",
                                                    "MaxCapacity",
                                                    "SecurityConfiguration",
                                                    "NotificationProperty",
                                                    "GlueVersion",
                                                    "NumberOfWorkers",
                                                    "WorkerType",
                                                    "ExecutionClass"};
  return kMembers;
}

// "" when `def` is a job definition Glue accepts, else its message.
std::string Validate(const Value& def) {
  if (!def.contains("Role") || !def["Role"].is_string()) return MissingMessage("role");
  if (!def.contains("Command") || !def["Command"].is_object()) return MissingMessage("command");
  static const std::set<std::string> kCommands = {"glueetl", "gluestreaming", "pythonshell"};
  std::string command = Str(def["Command"], "Name");
  if (kCommands.count(command) == 0) {
    return "Command name should be one of glueetl, gluestreaming, pythonshell; got '" + command +
           "'";
  }
  static const std::set<std::string> kWorkers = {"Standard", "G.1X", "G.2X", "G.025X"};
  const bool has_worker = def.contains("WorkerType");
  if (has_worker && kWorkers.count(Str(def, "WorkerType")) == 0) {
    return "1 validation error detected: Value '" + Str(def, "WorkerType") +
           "' at 'workerType' failed to satisfy constraint: Member must satisfy enum value set: "
           "[Standard, G.1X, G.2X, G.025X]";
  }
  if (has_worker != def.contains("NumberOfWorkers")) {
    return "Please set both Worker Type and Number of Workers.";
  }
  if (has_worker && def.contains("MaxCapacity")) {
    return "Please set only Allocated Capacity or Max Capacity or Worker Type and Number of "
           "Workers.";
  }
  for (const char* n : {"MaxRetries", "Timeout", "NumberOfWorkers"}) {
    if (def.contains(n) && (!def[n].is_number_integer() || def[n].get<int64_t>() < 0)) {
      return std::string("1 validation error detected: Value at '") + n +
             "' failed to satisfy constraint: Member must have value greater than or equal to 0";
    }
  }
  return "";
}

Value Definition(const Value& in) {
  Value def = Value::object();
  for (const auto& m : DefinitionMembers()) {
    if (in.contains(m) && !in[m].is_null()) def[m] = in[m];
  }
  return def;
}

}  // namespace

SandboxResponse GlueService::CreateJob(const Value& in, const SandboxRequest& r,
                                       SandboxContext& c) {
  const std::string name = Str(in, "Name");
  if (name.empty()) return Err(r, kInvalid, MissingMessage("name"));
  Value def = Definition(in);
  if (std::string problem = Validate(def); !problem.empty()) return Err(r, kInvalid, problem);
  if (jobs_.count(name) > 0) return Err(r, kExists, "Job with name " + name + " already exists");
  if (std::string role_error = CheckRole(Str(def, "Role"), c); !role_error.empty()) {
    return Err(r, kInvalid, role_error);
  }
  const double now = EpochSeconds(c.Now());
  def["Name"] = name;
  def["CreatedOn"] = now;
  def["LastModifiedOn"] = now;
  jobs_[name] = def;
  return Ok({{"Name", name}});
}

SandboxResponse GlueService::GetJob(const Value& in, const SandboxRequest& r, SandboxContext&) {
  const std::string name = Str(in, "JobName");
  if (name.empty()) return Err(r, kInvalid, MissingMessage("jobName"));
  auto it = jobs_.find(name);
  if (it == jobs_.end()) return Err(r, kNotFound, "Job with name " + name + " not found");
  return Ok({{"Job", it->second}});
}

SandboxResponse GlueService::GetJobs(const Value& in, const SandboxRequest& r, SandboxContext&) {
  glue::Page page;
  std::string error;
  if (!glue::Paginate(jobs_, in, 25, 1000, &page, &error)) return Err(r, kInvalid, error);
  Value out = {{"Jobs", Value::array()}};
  for (const auto& k : page.keys) out["Jobs"].push_back(jobs_.at(k));
  if (!page.next_token.empty()) out["NextToken"] = page.next_token;
  return Ok(out);
}

SandboxResponse GlueService::UpdateJob(const Value& in, const SandboxRequest& r,
                                       SandboxContext& c) {
  const std::string name = Str(in, "JobName");
  if (name.empty()) return Err(r, kInvalid, MissingMessage("jobName"));
  if (!in.contains("JobUpdate") || !in["JobUpdate"].is_object()) {
    return Err(r, kInvalid, MissingMessage("jobUpdate"));
  }
  auto it = jobs_.find(name);
  if (it == jobs_.end()) return Err(r, kNotFound, "Job with name " + name + " not found");
  Value def = Definition(in["JobUpdate"]);
  if (std::string problem = Validate(def); !problem.empty()) return Err(r, kInvalid, problem);
  if (std::string role_error = CheckRole(Str(def, "Role"), c); !role_error.empty()) {
    return Err(r, kInvalid, role_error);
  }
  def["Name"] = name;
  def["CreatedOn"] = it->second["CreatedOn"];
  def["LastModifiedOn"] = EpochSeconds(c.Now());
  it->second = def;
  return Ok({{"JobName", name}});
}

SandboxResponse GlueService::DeleteJob(const Value& in, const SandboxRequest& r, SandboxContext&) {
  const std::string name = Str(in, "JobName");
  if (name.empty()) return Err(r, kInvalid, MissingMessage("jobName"));
  jobs_.erase(name);  // deleting a missing job succeeds, as on Glue
  return Ok({{"JobName", name}});
}

}  // namespace causeway::sandbox

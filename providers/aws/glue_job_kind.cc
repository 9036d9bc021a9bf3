// aws.glue.job: a Glue job (a PySpark ETL script in S3, as seed 003 runs one) with its role,
// Glue version, workers, retries, timeout, default arguments (`--datalake-formats: iceberg` and
// the Iceberg catalog settings are ordinary arguments) and connections. Id: the job name.
// Output: arn. Running a job is not Causeway's business.
// Bulk observe: one paginated GetJobs. Per-resource: GetJob. Create: CreateJob (an existing job
// with the name is adopted: UpdateJob to the manifest). Update: UpdateJob, which replaces the
// whole definition (Glue resets what a JobUpdate leaves out), so it always sends every managed
// setting. Delete: DeleteJob (missing is fine). List: every job; no scope.
// Glue checks at CreateJob/UpdateJob that it can assume the role; right after the role was made
// that fails with "unable to assume": a propagation delay the provider waits out.
#include "providers/aws/glue_common.h"
#include "providers/kit/value_checks.h"

namespace causeway::aws::glue {

namespace {

using kit::Attribute;

constexpr char kUpdate[] = "UpdateJob";

// One row per attribute: where GetJob has it and CreateJob takes it (JobUpdate likewise).
const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("name").Required().ForceNew().Check(GlueName()).Wire("Name"),
    Attribute("role").Required().Normalize(RoleName)
        .Describe("IAM role name, path/name or ARN (compared by name)").Wire("Role")
        .Update(kUpdate),
    Attribute("command").Default("glueetl")
        .Check(kit::OneOfIgnoringCase({"glueetl", "gluestreaming", "pythonshell"}))
        .Describe("glueetl (Spark), gluestreaming or pythonshell").Wire("Command/Name")
        .Update(kUpdate),
    Attribute("script_location").Required().Describe("s3:// URL of the script")
        .Wire("Command/ScriptLocation").Update(kUpdate),
    Attribute("python_version").Default("3").Wire("Command/PythonVersion").Update(kUpdate),
    Attribute("glue_version").Default("4.0")
        .Check(kit::OneOfIgnoringCase({"0.9", "1.0", "2.0", "3.0", "4.0", "5.0"}))
        .Wire("GlueVersion").Update(kUpdate),
    Attribute("worker_type").Default("G.1X")
        .Check(kit::OneOfIgnoringCase({"Standard", "G.1X", "G.2X", "G.025X"}))
        .Wire("WorkerType").Update(kUpdate),
    Attribute("number_of_workers", AttrType::kInteger).Default(2)
        .Check(kit::IntegerBetween(1, 1000)).Wire("NumberOfWorkers").Update(kUpdate),
    Attribute("max_retries", AttrType::kInteger).Default(0).Check(kit::IntegerBetween(0, 10))
        .Wire("MaxRetries").Update(kUpdate),
    Attribute("timeout", AttrType::kInteger).Default(2880).Check(kit::IntegerBetween(1, 10080))
        .Describe("minutes").Wire("Timeout").Update(kUpdate),
    Attribute("default_arguments", AttrType::kMap).Default(Value::object())
        .Describe("e.g. {\"--datalake-formats\": \"iceberg\"}").Wire("DefaultArguments")
        .Update(kUpdate),
    Attribute("connections", AttrType::kList).Default(Value::array())
        .Wire("Connections/Connections").Update(kUpdate),
    Attribute("description").Default("").Wire("Description").Update(kUpdate),
    Attribute("arn").Computed(),
  });
  // clang-format on
  return table;
}

std::string JobArn(const AwsContext& ctx, const std::string& name) {
  return "arn:aws:glue:" + ctx.region + ":" + ctx.account_id + ":job/" + name;
}

std::string NameOf(const std::string& id, const Value& attrs) {
  return kit::IdOr(id, attrs, "name");
}

Result<Observation> Observed(const AwsContext& ctx, const Address& address,
                             const kit::ReplyReader& job, const std::string& name) {
  Observation o = Missing(address);
  Status read = Table().Read(job, &o.attributes, &o.outputs);
  if (!read.ok()) return read.WithContext(address.str());
  if (!o.attributes["name"].is_string()) o.attributes["name"] = name;
  // Glue leaves out empty maps and lists: read back as the defaults.
  for (const char* a : {"default_arguments", "connections", "description"}) {
    if (o.attributes[a].is_null()) o.attributes[a] = *Table().Find(a)->schema().default_value;
  }
  o.exists = true;
  o.id = kit::StringAttr(o.attributes, "name");
  o.outputs["arn"] = JobArn(ctx, o.id);
  return o;
}

Status ForEachJob(AwsContext& ctx,
                  const std::function<Status(const std::string&, const kit::ReplyReader&)>& each) {
  return CallPaginated(ctx, "GetJobs", Value::object(), [&](const Value& page) {
    kit::ReplyReader reply(page, "glue GetJobs");
    return reply.ForEach("Jobs", [&](const kit::ReplyReader& j) -> Status {
      CW_ASSIGN_OR_RETURN(std::string name, j.StringOr("Name", ""));
      return name.empty() ? Status::Ok() : each(name, j);
    });
  });
}

// The whole definition for UpdateJob (JobUpdate is the create body without the name).
Value JobUpdate(const std::string& name, const Value& attrs) {
  Value body = Table().CreateBody(Table().WithDefaults(attrs));
  body.erase("Name");
  return {{"JobName", name}, {"JobUpdate", body}};
}

class JobHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return Table().Schema(kJobKind, "A Glue job (Spark or Python shell script in S3)", {"name"});
  }

  bool IsPropagationDelay(const Status& status) const override {
    return status.provider_code() == "InvalidInputException" &&
           status.message().find("unable to assume") != std::string::npos;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    auto key = [](const ObserveItem& i) { return NameOf(i.id, i.attributes); };
    auto list = [&](const auto& each) { return ForEachJob(ctx, each); };
    auto read = [&](const ObserveItem& i, const kit::ReplyReader& j) {
      return Observed(ctx, i.address, j, key(i));
    };
    return kit::ObserveFromList(items, key, list, read);
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    std::string name = NameOf(item.id, item.attributes);
    if (name.empty()) return Missing(item.address);
    auto r = Call(ctx, "GetJob", {{"JobName", name}});
    if (r.status().IsNotFound()) return Missing(item.address);
    if (!r.ok()) return r.status().WithContext(item.address.str());
    CW_ASSIGN_OR_RETURN(kit::ReplyReader j, kit::ReplyReader(*r, "glue GetJob").At("Job"));
    return Observed(ctx, item.address, j, name);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    Value a = Table().WithDefaults(req.attributes);
    std::string name = NameOf("", a);
    auto r = Call(ctx, "CreateJob", Table().CreateBody(a));
    if (r.status().code() == StatusCode::kConflict) {
      r = Call(ctx, "UpdateJob", JobUpdate(name, a));  // adopt
    }
    if (!r.ok()) return r.status().WithContext(req.address.str());
    return ResourceResult{name, Table().Settled(a), {{"arn", JobArn(ctx, name)}}};
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    std::string name = NameOf(req.id, req.after);
    auto r = Call(ctx, "UpdateJob", JobUpdate(name, req.after));
    if (!r.ok()) return r.status().WithContext(req.address.str());
    return ResourceResult{name, Table().Settled(req.after), {{"arn", JobArn(ctx, name)}}};
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string name = NameOf(req.id, req.attributes);
    if (name.empty()) return Status::InvalidArgument(req.address.str() + ": no job name");
    auto r = Call(ctx, "DeleteJob", {{"JobName", name}});
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::vector<Observation> out;
    CW_RETURN_IF_ERROR(ForEachJob(ctx, [&](const std::string& name, const kit::ReplyReader& j) {
      CW_ASSIGN_OR_RETURN(Observation o, Observed(ctx, Address{req.kind, name}, j, name));
      out.push_back(std::move(o));
      return Status::Ok();
    }));
    return out;
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewJobHandler() { return std::make_unique<JobHandler>(); }

}  // namespace causeway::aws::glue

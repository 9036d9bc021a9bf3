// aws.glue.crawler: a Glue crawler over S3 paths (attributes: the table below). Id: the crawler
// name. run_on_create and run_timeout_seconds are not stored by Glue: observe echoes the values
// it was given. With run_on_create, create starts the crawler and waits until it is READY again;
// a crawl that does not SUCCEED fails the create with Glue's error message. Every wait for a
// crawl (run_on_create; an update or an adoption of a running crawler; a delete, which stops the
// crawl first) lasts at most run_timeout_seconds and logs its progress (glue_crawl_wait.h).
// Bulk observe: one paginated GetCrawlers. Per-resource: GetCrawler. Create: CreateCrawler (an
// existing crawler is adopted and updated to the manifest). Update: one UpdateCrawler with only
// the changed fields, waiting for a running crawl to finish first. Delete: DeleteCrawler,
// stopping a running crawl first; missing is fine. List: every crawler; no scope.
// Glue checks at CreateCrawler/UpdateCrawler that it can assume the role; right after the role
// was created or its trust policy changed that fails with "Service is unable to assume provided
// role": IsPropagationDelay says so, and the provider retries.
#include <regex>

#include "providers/aws/glue_common.h"
#include "providers/aws/glue_crawl_wait.h"
#include "providers/kit/nested_fields.h"
#include "providers/kit/normalizers.h"
#include "providers/kit/value_checks.h"

namespace causeway::aws::glue {

namespace {

using kit::Attribute;
using std::chrono::seconds;

constexpr char kUpdate[] = "UpdateCrawler";
constexpr int64_t kDefaultRunTimeout = 1800;  // seconds

std::string S3Path(const Value& v) {
  return v.is_string() && v.get_ref<const std::string&>().rfind("s3://", 0) == 0 &&
                 v.get_ref<const std::string&>().size() > 5
             ? ""
             : "an s3://bucket/prefix/ URL";
}

// Glue's S3Target (the members Causeway manages).
const std::vector<Attribute>& TargetFields() {
  static const std::vector<Attribute> fields = {
      Attribute("path").Required().Check(S3Path).Wire("Path"),
      Attribute("exclusions", AttrType::kList)
          .Describe("glob patterns left out of the crawl")
          .Wire("Exclusions"),
  };
  return fields;
}

// Targets as Glue returns them: no empty exclusion lists.
Value NormalizeTargets(const Value& v) {
  if (!v.is_array()) return v;
  Value out = Value::array();
  for (const auto& t : v) {
    if (!t.is_object()) {
      out.push_back(t);
      continue;
    }
    Value m = {{"path", kit::StringAttr(t, "path")}};
    auto ex = t.find("exclusions");
    if (ex != t.end() && !kit::IsEmptyValue(*ex)) m["exclusions"] = *ex;
    out.push_back(m);
  }
  return out;
}

// Glue's schedules: cron(...) with six fields; "" for on demand.
std::string CronOrEmpty(const Value& v) {
  static const std::regex cron(R"(cron\(\s*\S+(\s+\S+){5}\s*\))");
  if (v.is_string() && (v.get_ref<const std::string&>().empty() ||
                        std::regex_match(v.get_ref<const std::string&>(), cron))) {
    return "";
  }
  return "\"\" or cron(...) with six fields, e.g. cron(15 12 * * ? *)";
}

// One row per attribute: its schema, where GetCrawler has it, where CreateCrawler and
// UpdateCrawler take it.
const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("name").Required().ForceNew().Check(GlueName()).Wire("Name"),
    Attribute("role").Required().Normalize(RoleName)
        .Describe("IAM role name, path/name or ARN (compared by name)").Wire("Role")
        .Update(kUpdate),
    Attribute("database_name").Required().Check(GlueName()).Normalize(kit::LowerCase)
        .Wire("DatabaseName").Update(kUpdate),
    Attribute("s3_targets", AttrType::kList).Required().Fields(TargetFields())
        .Normalize(NormalizeTargets).Wire("Targets/S3Targets")
        .Convert(kit::ListToWire(TargetFields()), kit::ListFromWire(TargetFields()))
        .Update(kUpdate),
    Attribute("schedule").Default("").Check(CronOrEmpty)
        .Describe("cron(...) in UTC; \"\" runs on demand")
        .ReadFrom("Schedule/ScheduleExpression").WriteTo("Schedule").Update(kUpdate),
    Attribute("table_prefix").Default("").Wire("TablePrefix").Update(kUpdate),
    Attribute("description").Default("").Wire("Description").Update(kUpdate),
    Attribute("run_on_create", AttrType::kBool).Default(false)
        .Describe("start the crawler after creating it and wait until it is READY"),
    Attribute("run_timeout_seconds", AttrType::kInteger).Default(kDefaultRunTimeout)
        .Check(kit::IntegerBetween(60, 86400))
        .Describe("how long to wait for a crawl (run_on_create, or a running crawl before an "
                  "update or a delete) before failing; progress is logged every 30 s"),
    Attribute("arn").Computed(),
    Attribute("state").Computed().ReadFrom("State").Describe("READY, RUNNING or STOPPING"),
    Attribute("last_crawl_status").Computed().ReadFrom("LastCrawl/Status")
        .Describe("SUCCEEDED, CANCELLED or FAILED; \"\" before the first crawl"),
  });
  // clang-format on
  return table;
}

std::string NameOf(const std::string& id, const Value& attrs) {
  return kit::IdOr(id, attrs, "name");
}

seconds RunTimeout(const Value& attrs) {
  Value v = Table().WithDefaults(attrs)["run_timeout_seconds"];
  return seconds(v.is_number_integer() && v.get<int64_t>() > 0 ? v.get<int64_t>()
                                                               : kDefaultRunTimeout);
}

// The attributes Glue does not store, as `known` (the manifest's or the state's) has them.
void Echo(const Value& known, Observation* o) {
  Value with = Table().WithDefaults(known);
  for (const char* a : {"run_on_create", "run_timeout_seconds"}) o->attributes[a] = with[a];
}

// The crawler `c` (GetCrawler's Crawler or an item of GetCrawlers' Crawlers); `name` stands in
// for a Name the reply leaves out.
Result<Observation> Observed(const AwsContext& ctx, const Address& address,
                             const kit::ReplyReader& c, const std::string& name,
                             const Value& known) {
  Observation o = Missing(address);
  Status read = Table().Read(c, &o.attributes, &o.outputs);
  if (!read.ok()) return read.WithContext(address.str());
  if (!o.attributes["name"].is_string()) o.attributes["name"] = name;
  o.exists = true;
  o.id = kit::StringAttr(o.attributes, "name");
  Echo(known, &o);
  o.outputs["arn"] = CrawlerArn(ctx, o.id);
  if (o.outputs["state"].is_null()) o.outputs["state"] = "READY";
  if (o.outputs["last_crawl_status"].is_null()) o.outputs["last_crawl_status"] = "";
  return o;
}

// Every crawler, each read with `each` (its name and a reader of it).
Status ForEachCrawler(
    AwsContext& ctx,
    const std::function<Status(const std::string&, const kit::ReplyReader&)>& each) {
  return CallPaginated(ctx, "GetCrawlers", Value::object(), [&](const Value& page) {
    kit::ReplyReader reply(page, "glue GetCrawlers");
    return reply.ForEach("Crawlers", [&](const kit::ReplyReader& c) -> Status {
      CW_ASSIGN_OR_RETURN(std::string name, c.StringOr("Name", ""));
      return name.empty() ? Status::Ok() : each(name, c);
    });
  });
}

class CrawlerHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return Table().Schema(kCrawlerKind, "A Glue crawler over S3 paths", {"name"});
  }

  // Only Glue's own refusal of CreateCrawler/UpdateCrawler: AWS's default (any failure that
  // mentions assuming a role) would also match a first crawl that failed because Glue could not
  // assume the role, and the retry would adopt the crawler and report success.
  bool IsPropagationDelay(const Status& status) const override {
    return status.provider_code() == "InvalidInputException" &&
           status.message().find("unable to assume") != std::string::npos;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    auto key = [](const ObserveItem& i) { return NameOf(i.id, i.attributes); };
    auto list = [&](const auto& each) { return ForEachCrawler(ctx, each); };
    auto read = [&](const ObserveItem& i, const kit::ReplyReader& c) {
      return Observed(ctx, i.address, c, key(i), i.attributes);
    };
    CW_ASSIGN_OR_RETURN(auto out, kit::ObserveFromList(items, key, list, read));
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i].exists) Echo(items[i].attributes, &out[i]);
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    std::string name = NameOf(item.id, item.attributes);
    if (name.empty()) return Missing(item.address);
    auto r = Call(ctx, "GetCrawler", {{"Name", name}});
    if (r.status().IsNotFound()) return Missing(item.address);
    if (!r.ok()) return r.status().WithContext(item.address.str());
    CW_ASSIGN_OR_RETURN(kit::ReplyReader c, kit::ReplyReader(*r, "glue GetCrawler").At("Crawler"));
    return Observed(ctx, item.address, c, name, item.attributes);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    Value a = Table().WithDefaults(req.attributes);
    std::string name = NameOf("", a);
    auto r = Call(ctx, "CreateCrawler", Table().CreateBody(a));
    if (r.status().code() == StatusCode::kConflict) {
      // Adopt: bring the existing crawler to the manifest; no run.
      CW_ASSIGN_OR_RETURN(Observation live, ObserveOne(ctx, ObserveItem{req.address, name, a}));
      CW_RETURN_IF_ERROR(UpdateTo(ctx, req.address, name, live.attributes, a, {}));
    } else if (!r.ok()) {
      return r.status().WithContext(req.address.str());
    } else if (kit::BoolAttr(a, "run_on_create")) {
      CW_RETURN_IF_ERROR(RunOnce(ctx, req.address, name, RunTimeout(a)));
    }
    return Read(ctx, req.address, name, a);
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    std::string name = NameOf(req.id, req.after);
    CW_RETURN_IF_ERROR(UpdateTo(ctx, req.address, name, req.before, req.after, req.changed));
    return Read(ctx, req.address, name, req.after);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string name = NameOf(req.id, req.attributes);
    if (name.empty()) return Status::InvalidArgument(req.address.str() + ": no crawler name");
    auto r = Call(ctx, "DeleteCrawler", {{"Name", name}});
    if (r.status().provider_code() == "CrawlerRunningException") {
      auto stop = Call(ctx, "StopCrawler", {{"Name", name}});
      std::string code = stop.status().provider_code();
      if (!stop.ok() && code != "CrawlerNotRunningException" &&
          code != "CrawlerStoppingException") {
        return stop.status().WithContext(req.address.str());
      }
      CW_RETURN_IF_ERROR(WaitUntilReady(ctx, req.address, name, RunTimeout(req.attributes),
                                        "stopping its crawl to delete it")
                             .status());
      r = Call(ctx, "DeleteCrawler", {{"Name", name}});
    }
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::vector<Observation> out;
    CW_RETURN_IF_ERROR(ForEachCrawler(ctx, [&](const std::string& name, const kit::ReplyReader& c) {
      CW_ASSIGN_OR_RETURN(Observation o,
                          Observed(ctx, Address{req.kind, name}, c, name, Value::object()));
      out.push_back(std::move(o));
      return Status::Ok();
    }));
    return out;
  }

 private:
  // The UpdateCrawler call that moves `before` to `after`, once a running crawl has finished.
  static Status UpdateTo(AwsContext& ctx, const Address& address, const std::string& name,
                         const Value& before, const Value& after,
                         const std::vector<std::string>& changed) {
    for (auto& u : Table().Updates(before, after, changed)) {
      if (u.call.empty()) continue;  // run_on_create, run_timeout_seconds: not Glue settings
      CW_RETURN_IF_ERROR(WaitUntilReady(ctx, address, name, RunTimeout(after),
                                        "waiting for its crawl to finish to update it")
                             .status());
      u.body["Name"] = name;
      auto r = Call(ctx, u.call, u.body);
      if (!r.ok()) return r.status().WithContext(address.str());
    }
    return Status::Ok();
  }

  static Status RunOnce(AwsContext& ctx, const Address& address, const std::string& name,
                        seconds timeout) {
    auto start = Call(ctx, "StartCrawler", {{"Name", name}});
    if (!start.ok() && start.status().provider_code() != "CrawlerRunningException") {
      return start.status().WithContext(address.str() + ": run_on_create");
    }
    CW_ASSIGN_OR_RETURN(
        CrawlerRun run,
        WaitUntilReady(ctx, address, name, timeout, "run_on_create: waiting for the first crawl"));
    if (run.last_status == "SUCCEEDED") return Status::Ok();
    return Status::ProviderError(address.str() + ": run_on_create: the first crawl of " + name +
                                 " ended " +
                                 (run.last_status.empty() ? "without a status" : run.last_status) +
                                 (run.last_error.empty() ? "" : ": " + run.last_error));
  }

  Result<ResourceResult> Read(AwsContext& ctx, const Address& address, const std::string& name,
                              const Value& known) {
    CW_ASSIGN_OR_RETURN(Observation o, ObserveOne(ctx, ObserveItem{address, name, known}));
    if (!o.exists) return Status::ProviderError(address.str() + ": crawler " + name + " vanished");
    return ResourceResult{o.id, o.attributes, o.outputs};
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewCrawlerHandler() { return std::make_unique<CrawlerHandler>(); }

}  // namespace causeway::aws::glue

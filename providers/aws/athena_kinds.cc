// aws.athena.workgroup: an Athena workgroup (attributes: the table below). force_destroy is not
// stored by AWS: delete sends it as RecursiveDeleteOption (dropping saved queries), observe echoes
// it. Bulk observe: ListWorkGroups for presence, then GetWorkGroup per present item (the list has
// no configuration); per-resource: GetWorkGroup. Create: CreateWorkGroup, then UpdateWorkGroup
// for what create cannot set (the state) or to adopt an existing workgroup. Update: one
// UpdateWorkGroup. Delete: DeleteWorkGroup, missing is fine. List: all but "primary".
// Athena reports every failure as InvalidRequestException: only the message tells "not found"
// and "already created" apart.
#include "providers/aws/kind_handler.h"
#include "providers/aws/value_checks.h"
#include "providers/kit/normalizers.h"
#include "providers/kit/value_checks.h"

namespace causeway::aws {
namespace {

using kit::Attribute;
constexpr char kKind[] = "aws.athena.workgroup";
constexpr char kPrefix[] = "AmazonAthena";
constexpr char kUpdate[] = "UpdateWorkGroup";

// One row per attribute: its schema, where GetWorkGroup has it, where CreateWorkGroup and
// UpdateWorkGroup take it.
const kit::AttributeTable& Table() {
  const std::string u = "ConfigurationUpdates/";
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("name").Describe("Workgroup name").Required().ForceNew()
        .Check(AthenaWorkGroupName()).Wire("Name"),
    Attribute("description").Describe("Description").Default("").KeepEmpty()
        .Wire("Description").Update(kUpdate, "Description"),
    Attribute("state").Describe("ENABLED or DISABLED").Default("ENABLED")
        .Normalize(kit::UpperCase).Check(kit::OneOfIgnoringCase({"ENABLED", "DISABLED"}))
        .ReadFrom("State").Convert(kit::UpperCase, nullptr).Update(kUpdate, "State"),
    Attribute("output_location").Describe("s3:// URL for query results").Default("")
        .Check(S3UrlOrEmpty()).Wire("Configuration/ResultConfiguration/OutputLocation")
        .Update(kUpdate, u + "ResultConfigurationUpdates/OutputLocation",
                u + "ResultConfigurationUpdates/RemoveOutputLocation"),
    Attribute("enforce_workgroup_configuration", AttrType::kBool).Default(true)
        .Describe("Workgroup settings override client-side settings")
        .Wire("Configuration/EnforceWorkGroupConfiguration")
        .Update(kUpdate, u + "EnforceWorkGroupConfiguration"),
    Attribute("publish_cloudwatch_metrics", AttrType::kBool).Default(true)
        .Describe("Publish query metrics to CloudWatch")
        .Wire("Configuration/PublishCloudWatchMetricsEnabled")
        .Update(kUpdate, u + "PublishCloudWatchMetricsEnabled"),
    Attribute("bytes_scanned_cutoff_per_query", AttrType::kInteger).Default(Value())
        .Describe("Per-query data scan limit in bytes (>= 10000000); null for none")
        .Check(kit::AtLeast(10000000)).Wire("Configuration/BytesScannedCutoffPerQuery")
        .Update(kUpdate, u + "BytesScannedCutoffPerQuery",
                u + "RemoveBytesScannedCutoffPerQuery"),
    Attribute("force_destroy", AttrType::kBool).Default(false)
        .Describe("Delete the workgroup even if it holds saved queries"),
    Attribute("arn").Computed().Describe("Workgroup ARN"),
  });
  // clang-format on
  return table;
}

bool IsNotFound(const Status& s) {
  return s.IsNotFound() || s.message().find("is not found") != std::string::npos;
}

std::string NameOf(const std::string& id, const Value& a) { return kit::IdOr(id, a, "name"); }
bool ForceDestroy(const Value& attrs) { return kit::BoolAttr(attrs, "force_destroy"); }

std::string Arn(const AwsContext& ctx, const std::string& name) {
  return "arn:aws:athena:" + ctx.region + ":" + ctx.account_id + ":workgroup/" + name;
}

Result<Value> Call(AwsContext& ctx, const char* operation, const Value& body) {
  return ctx.client->Json("athena", kPrefix, operation, body);
}

Status ListNames(AwsContext& ctx, std::vector<std::string>* names) {
  return ctx.client->JsonPaginate(
      "athena", kPrefix, "ListWorkGroups", {{"MaxResults", 50}}, [&](const Value& page) {
        kit::ReplyReader reply(page, "athena ListWorkGroups");
        return reply.ForEach("WorkGroups", [&](const kit::ReplyReader& wg) -> Status {
          CW_ASSIGN_OR_RETURN(auto name, wg.String("Name"));
          if (name) names->push_back(*name);
          return Status::Ok();
        });
      });
}

class WorkGroupHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return Table().Schema(kKind, "An Athena workgroup", {"name"});
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    std::vector<std::string> names;
    CW_RETURN_IF_ERROR(ListNames(ctx, &names));
    return kit::ObserveListed(
        items, std::set<std::string>(names.begin(), names.end()),
        [](const ObserveItem& i) { return NameOf(i.id, i.attributes); },
        [&](const ObserveItem& i) { return ObserveOne(ctx, i); });
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    std::string name = NameOf(item.id, item.attributes);
    if (name.empty()) return Missing(item.address);
    auto r = Call(ctx, "GetWorkGroup", {{"WorkGroup", name}});
    if (!r.ok() && IsNotFound(r.status())) return Missing(item.address);
    if (!r.ok()) return r.status().WithContext(item.address.str());
    Observation o = Missing(item.address);
    CW_ASSIGN_OR_RETURN(kit::ReplyReader wg,
                        kit::ReplyReader(*r, "athena GetWorkGroup").At("WorkGroup"));
    Status read = Table().Read(wg, &o.attributes, &o.outputs);
    if (!read.ok()) return read.WithContext(item.address.str());
    o.exists = true;
    o.id = name;
    o.attributes["force_destroy"] = ForceDestroy(item.attributes);
    o.outputs["arn"] = Arn(ctx, name);
    return o;
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    Value a = Table().WithDefaults(req.attributes), live = a;
    live["state"] = "ENABLED";  // what CreateWorkGroup cannot set
    auto r = Call(ctx, "CreateWorkGroup", Table().CreateBody(a));
    if (!r.ok() && r.status().message().find("is already created") != std::string::npos) {
      CW_ASSIGN_OR_RETURN(Observation o, ObserveOne(ctx, ObserveItem{req.address, "", a}));
      live = o.attributes;  // adopt it: bring it to the manifest below
    } else if (!r.ok()) {
      return r.status().WithContext(req.address.str());
    }
    return UpdateTo(ctx, req.address, NameOf("", a), live, a, {});
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    return UpdateTo(ctx, req.address, NameOf(req.id, req.after), req.before, req.after,
                    req.changed);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string name = NameOf(req.id, req.attributes);
    if (name.empty()) return Status::InvalidArgument(req.address.str() + ": no workgroup name");
    auto r = Call(ctx, "DeleteWorkGroup",
                  {{"WorkGroup", name}, {"RecursiveDeleteOption", ForceDestroy(req.attributes)}});
    if (r.ok() || IsNotFound(r.status())) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::vector<std::string> names;
    CW_RETURN_IF_ERROR(ListNames(ctx, &names));
    std::vector<Observation> out;
    for (const auto& n : names) {
      if (n == "primary") continue;
      CW_ASSIGN_OR_RETURN(Observation o, ObserveOne(ctx, ObserveItem{Address{req.kind, n}, n, {}}));
      if (o.exists) out.push_back(std::move(o));
    }
    return out;
  }

 private:
  static Result<ResourceResult> UpdateTo(AwsContext& ctx, const Address& address,
                                         const std::string& name, const Value& before,
                                         const Value& after,
                                         const std::vector<std::string>& changed) {
    for (auto& u : Table().Updates(before, after, changed)) {
      if (u.call.empty()) continue;  // force_destroy: not an AWS setting
      u.body["WorkGroup"] = name;
      auto r = Call(ctx, u.call.c_str(), u.body);
      if (!r.ok()) return r.status().WithContext(address.str());
    }
    return ResourceResult{name, Table().Settled(after), {{"arn", Arn(ctx, name)}}};
  }
};

}  // namespace

KindHandlers MakeAthenaHandlers() { return kit::MakeHandlers<AwsContext, WorkGroupHandler>(); }

}  // namespace causeway::aws

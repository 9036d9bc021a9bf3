// aws.athena.workgroup: an Athena workgroup.
//   name (required, force_new)                 the id
//   description (default "")
//   state (default ENABLED)                    ENABLED | DISABLED, compared upper-cased
//   output_location (default "")               s3://bucket/prefix/ for query results
//   enforce_workgroup_configuration (default true)
//   publish_cloudwatch_metrics (default true)
//   bytes_scanned_cutoff_per_query (default null: no limit; >= 10000000 when set)
//   force_destroy (default false)              delete with RecursiveDeleteOption (drops the
//                                              workgroup's saved queries); not stored by AWS, so
//                                              observe reports the value it was given
//   outputs: arn
// Bulk observe: ListWorkGroups (paginated) for presence, then GetWorkGroup for each present item
// of the batch (the list has no configuration). Per-resource: GetWorkGroup. Create:
// CreateWorkGroup (+ UpdateWorkGroup for state DISABLED, which create cannot set), adopting an
// existing workgroup by updating it to the manifest. Update: one UpdateWorkGroup with only the
// changed fields. Delete: DeleteWorkGroup; a missing workgroup is fine. List: every workgroup
// except "primary" (which always exists and cannot be deleted); no scope.
// Athena reports every failure as InvalidRequestException; "not found" and "already created"
// are recognised by message.
#include <cctype>
#include <optional>
#include <set>

#include "providers/aws/kind_handler.h"
#include "providers/aws/value_checks.h"

namespace causeway::aws {

namespace {

constexpr const char* kKind = "aws.athena.workgroup";
constexpr const char* kPrefix = "AmazonAthena";

bool IsNotFound(const Status& s) {
  return s.message().find("is not found") != std::string::npos || s.IsNotFound();
}

bool IsAlreadyCreated(const Status& s) {
  return s.message().find("is already created") != std::string::npos;
}

Value Upper(const Value& v) {
  if (!v.is_string()) return v;
  std::string s = v.get<std::string>();
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string NameOf(const std::string& id, const Value& attributes) {
  if (!id.empty()) return id;
  return attributes.is_object() && attributes.contains("name") && attributes["name"].is_string()
             ? attributes["name"].get<std::string>()
             : "";
}

bool ForceDestroy(const Value& attributes) {
  return attributes.is_object() && attributes.contains("force_destroy") &&
         attributes["force_destroy"].is_boolean() && attributes["force_destroy"].get<bool>();
}

Value Arn(const AwsContext& ctx, const std::string& name) {
  return "arn:aws:athena:" + ctx.region + ":" + ctx.account_id + ":workgroup/" + name;
}

// Manifest attributes from GetWorkGroup's WorkGroup; force_destroy is echoed from `known`.
Value AttributesFromWorkGroup(const Value& wg, const Value& known) {
  Value cfg = wg.value("Configuration", Value::object());
  Value a = {
      {"name", wg.value("Name", std::string())},
      {"description", wg.value("Description", std::string())},
      {"state", wg.value("State", std::string("ENABLED"))},
      {"output_location",
       cfg.value("ResultConfiguration", Value::object()).value("OutputLocation", std::string())},
      {"enforce_workgroup_configuration", cfg.value("EnforceWorkGroupConfiguration", false)},
      {"publish_cloudwatch_metrics", cfg.value("PublishCloudWatchMetricsEnabled", false)},
      {"bytes_scanned_cutoff_per_query",
       cfg.contains("BytesScannedCutoffPerQuery") ? cfg["BytesScannedCutoffPerQuery"] : Value()},
      {"force_destroy", ForceDestroy(known)}};
  return a;
}

// The desired value of `name` in `a`, or its schema default.
Value Want(const Value& a, const std::string& name) {
  static const Value kDefaults = {{"description", ""},
                                  {"state", "ENABLED"},
                                  {"output_location", ""},
                                  {"enforce_workgroup_configuration", true},
                                  {"publish_cloudwatch_metrics", true},
                                  {"bytes_scanned_cutoff_per_query", nullptr},
                                  {"force_destroy", false}};
  if (a.is_object() && a.contains(name) && !a[name].is_null()) return a[name];
  return kDefaults.value(name, Value());
}

Status Validate(const Address& address, const Value& a) {
  if (NameOf("", a).empty()) return Status::InvalidArgument(address.str() + ": name is required");
  for (const char* f : {"description", "state", "output_location"}) {
    if (!Want(a, f).is_string()) {
      return Status::InvalidArgument(address.str() + ": " + f + " must be a string");
    }
  }
  for (const char* f :
       {"enforce_workgroup_configuration", "publish_cloudwatch_metrics", "force_destroy"}) {
    if (!Want(a, f).is_boolean()) {
      return Status::InvalidArgument(address.str() + ": " + f + " must be true or false");
    }
  }
  // state, output_location and bytes_scanned_cutoff_per_query have schema checks, which apply
  // runs on the resolved values before calling the provider.
  return Status::Ok();
}

Result<Value> GetWorkGroup(AwsContext& ctx, const std::string& name) {
  CW_ASSIGN_OR_RETURN(Value r,
                      ctx.client->Json("athena", kPrefix, "GetWorkGroup", {{"WorkGroup", name}}));
  return r.value("WorkGroup", Value::object());
}

// UpdateWorkGroup body moving `before` to `after` for the attributes in `fields`; null when no
// AWS-side change is needed.
Value UpdateBody(const std::string& name, const Value& after, const std::set<std::string>& fields) {
  Value body = {{"WorkGroup", name}};
  Value cu = Value::object();
  for (const auto& f : fields) {
    Value v = Want(after, f);
    if (f == "description") {
      body["Description"] = v;
    } else if (f == "state") {
      body["State"] = Upper(v);
    } else if (f == "output_location") {
      if (v.get<std::string>().empty()) {
        cu["ResultConfigurationUpdates"]["RemoveOutputLocation"] = true;
      } else {
        cu["ResultConfigurationUpdates"]["OutputLocation"] = v;
      }
    } else if (f == "enforce_workgroup_configuration") {
      cu["EnforceWorkGroupConfiguration"] = v;
    } else if (f == "publish_cloudwatch_metrics") {
      cu["PublishCloudWatchMetricsEnabled"] = v;
    } else if (f == "bytes_scanned_cutoff_per_query") {
      if (v.is_null()) {
        cu["RemoveBytesScannedCutoffPerQuery"] = true;
      } else {
        cu["BytesScannedCutoffPerQuery"] = static_cast<int64_t>(v.get<double>());
      }
    }
  }
  if (!cu.empty()) body["ConfigurationUpdates"] = cu;
  return body.size() == 1 ? Value() : body;
}

std::set<std::string> Differing(const Value& before, const Value& after) {
  std::set<std::string> out;
  for (const char* f :
       {"description", "state", "output_location", "enforce_workgroup_configuration",
        "publish_cloudwatch_metrics", "bytes_scanned_cutoff_per_query"}) {
    Value b = Want(before, f), a = Want(after, f);
    if (std::string(f) == "state") {
      b = Upper(b);
      a = Upper(a);
    }
    if (b != a) out.insert(f);
  }
  return out;
}

class AthenaWorkGroupHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s;
    s.kind = kKind;
    s.description = "An Athena workgroup";
    auto attr = [&](const char* name, AttrType type, std::optional<Value> dflt,
                    const char* description) -> AttributeSchema& {
      AttributeSchema a;
      a.name = name;
      a.type = type;
      a.default_value = std::move(dflt);
      a.description = description;
      s.attributes.push_back(std::move(a));
      return s.attributes.back();
    };
    AttributeSchema& name = attr("name", AttrType::kString, std::nullopt, "Workgroup name");
    name.required = true;
    name.force_new = true;
    name.check = AthenaWorkGroupName();
    attr("description", AttrType::kString, Value(""), "Description");
    AttributeSchema& state =
        attr("state", AttrType::kString, Value("ENABLED"), "ENABLED or DISABLED");
    state.normalize = Upper;
    state.check = OneOfIgnoringCase({"ENABLED", "DISABLED"});
    attr("output_location", AttrType::kString, Value(""), "s3:// URL for query results").check =
        S3UrlOrEmpty();
    attr("enforce_workgroup_configuration", AttrType::kBool, Value(true),
         "Workgroup settings override client-side settings");
    attr("publish_cloudwatch_metrics", AttrType::kBool, Value(true),
         "Publish query metrics to CloudWatch");
    attr("bytes_scanned_cutoff_per_query", AttrType::kNumber, Value(),
         "Per-query data scan limit in bytes (>= 10000000); null for none")
        .check = AtLeast(10000000);
    attr("force_destroy", AttrType::kBool, Value(false),
         "Delete the workgroup even if it holds saved queries");
    attr("arn", AttrType::kString, std::nullopt, "Workgroup ARN").computed = true;
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx,
                                               const std::vector<ObserveItem>& items) override {
    std::set<std::string> present;
    CW_RETURN_IF_ERROR(ctx.client->JsonPaginate(
        "athena", kPrefix, "ListWorkGroups", {{"MaxResults", 50}}, [&](const Value& page) {
          for (const auto& wg : page.value("WorkGroups", Value::array())) {
            present.insert(wg.value("Name", std::string()));
          }
          return Status::Ok();
        }));
    std::vector<Observation> out;
    for (const auto& item : items) {
      std::string name = NameOf(item.id, item.attributes);
      if (!present.count(name)) {
        Observation o;
        o.address = item.address;
        out.push_back(std::move(o));
        continue;
      }
      CW_ASSIGN_OR_RETURN(Observation o, ObserveOne(ctx, item));
      out.push_back(std::move(o));
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    Observation o;
    o.address = item.address;
    std::string name = NameOf(item.id, item.attributes);
    if (name.empty()) return o;
    auto wg = GetWorkGroup(ctx, name);
    if (!wg.ok() && IsNotFound(wg.status())) return o;
    if (!wg.ok()) return wg.status().WithContext(item.address.str());
    o.exists = true;
    o.id = name;
    o.attributes = AttributesFromWorkGroup(*wg, item.attributes);
    o.outputs = {{"arn", Arn(ctx, name)}};
    return o;
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    const Value& a = req.attributes;
    CW_RETURN_IF_ERROR(Validate(req.address, a));
    std::string name = a["name"].get<std::string>();
    Value cfg = {{"EnforceWorkGroupConfiguration", Want(a, "enforce_workgroup_configuration")},
                 {"PublishCloudWatchMetricsEnabled", Want(a, "publish_cloudwatch_metrics")}};
    std::string loc = Want(a, "output_location").get<std::string>();
    if (!loc.empty()) cfg["ResultConfiguration"] = {{"OutputLocation", loc}};
    Value cutoff = Want(a, "bytes_scanned_cutoff_per_query");
    if (!cutoff.is_null())
      cfg["BytesScannedCutoffPerQuery"] = static_cast<int64_t>(cutoff.get<double>());
    Value body = {{"Name", name}, {"Configuration", cfg}};
    std::string description = Want(a, "description").get<std::string>();
    if (!description.empty()) body["Description"] = description;
    auto r = ctx.client->Json("athena", kPrefix, "CreateWorkGroup", body);
    Value live;
    if (r.ok()) {
      // What CreateWorkGroup cannot set: the state.
      live = a;
      live["state"] = "ENABLED";
    } else if (IsAlreadyCreated(r.status())) {
      // Adopt the existing workgroup: bring it to the manifest below.
      auto wg = GetWorkGroup(ctx, name);
      if (!wg.ok()) return wg.status().WithContext(req.address.str());
      live = AttributesFromWorkGroup(*wg, a);
    } else {
      return r.status().WithContext(req.address.str());
    }
    Value update = UpdateBody(name, a, Differing(live, a));
    if (!update.is_null()) {
      auto u = ctx.client->Json("athena", kPrefix, "UpdateWorkGroup", update);
      if (!u.ok()) return u.status().WithContext(req.address.str());
    }
    return MakeResult(name, a, ctx);
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    CW_RETURN_IF_ERROR(Validate(req.address, req.after));
    std::string name = NameOf(req.id, req.after);
    std::set<std::string> fields = Differing(req.before, req.after);
    for (const auto& c : req.changed) fields.insert(c);
    Value update = UpdateBody(name, req.after, fields);
    if (!update.is_null()) {
      auto u = ctx.client->Json("athena", kPrefix, "UpdateWorkGroup", update);
      if (!u.ok()) return u.status().WithContext(req.address.str());
    }
    return MakeResult(name, req.after, ctx);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string name = NameOf(req.id, req.attributes);
    if (name.empty()) return Status::InvalidArgument(req.address.str() + ": no workgroup name");
    Value body = {{"WorkGroup", name}, {"RecursiveDeleteOption", ForceDestroy(req.attributes)}};
    auto r = ctx.client->Json("athena", kPrefix, "DeleteWorkGroup", body);
    if (r.ok() || IsNotFound(r.status())) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::vector<std::string> names;
    CW_RETURN_IF_ERROR(ctx.client->JsonPaginate(
        "athena", kPrefix, "ListWorkGroups", {{"MaxResults", 50}}, [&](const Value& page) {
          for (const auto& wg : page.value("WorkGroups", Value::array())) {
            std::string n = wg.value("Name", std::string());
            if (n != "primary") names.push_back(n);
          }
          return Status::Ok();
        }));
    std::vector<Observation> out;
    for (const auto& n : names) {
      CW_ASSIGN_OR_RETURN(Observation o,
                          ObserveOne(ctx, ObserveItem{Address{req.kind, ""}, n, Value::object()}));
      if (o.exists) out.push_back(std::move(o));
    }
    return out;
  }

 private:
  static ResourceResult MakeResult(const std::string& name, const Value& a, const AwsContext& ctx) {
    ResourceResult out;
    out.id = name;
    for (const char* f :
         {"description", "state", "output_location", "enforce_workgroup_configuration",
          "publish_cloudwatch_metrics", "bytes_scanned_cutoff_per_query", "force_destroy"}) {
      out.attributes[f] = Want(a, f);
    }
    out.attributes["name"] = name;
    out.attributes["state"] = Upper(out.attributes["state"]);
    out.outputs = {{"arn", Arn(ctx, name)}};
    return out;
  }
};

}  // namespace

KindHandlers MakeAthenaHandlers() {
  KindHandlers out;
  out.push_back(std::make_unique<AthenaWorkGroupHandler>());
  return out;
}

}  // namespace causeway::aws

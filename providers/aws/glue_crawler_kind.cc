// aws.glue.crawler: a Glue crawler over S3 paths. Id: the crawler name.
//   name (required, force_new)
//   role (required)               role name, "path/name" or ARN; compared by role name
//   database_name (required)      compared lower-cased
//   s3_targets (required list of {path, exclusions?})
//   schedule (default "")         "cron(...)"; "" means on demand
//   table_prefix (default ""), description (default "")
//   run_on_create (default false) after creating, StartCrawler and wait (GetCrawler polled with
//                                 backoff through ctx.clock, at most kRunTimeout) until READY;
//                                 a crawl that does not SUCCEED fails the create with Glue's
//                                 error message. Not stored by Glue: observe echoes the value it
//                                 was given.
//   outputs: arn, state (READY | RUNNING | STOPPING), last_crawl_status ("" before any crawl)
// Bulk observe: one paginated GetCrawlers. Per-resource: GetCrawler. Create: CreateCrawler (an
// existing crawler is adopted and updated to the manifest). Update: one UpdateCrawler with only
// the changed fields, waiting for a running crawl to finish first. Delete: DeleteCrawler,
// stopping a running crawl first; missing is fine. List: every crawler; no scope.
// Glue checks at CreateCrawler/UpdateCrawler that it can assume the role; right after the role
// was created or its trust policy changed that fails with "Service is unable to assume provided
// role": IsPropagationDelay says so, and the provider retries.
#include <algorithm>

#include "providers/aws/glue_common.h"

namespace causeway::aws::glue {

namespace {

constexpr std::chrono::minutes kRunTimeout{30};

std::string NameOf(const std::string& id, const Value& attrs) {
  return !id.empty() ? id : StrAttr(attrs, "name");
}

Value TargetsFromGlue(const Value& targets) {
  Value out = Value::array();
  for (const auto& t : targets.value("S3Targets", Value::array())) {
    Value m = {{"path", t.value("Path", std::string())}};
    Value ex = t.value("Exclusions", Value::array());
    if (!ex.empty()) m["exclusions"] = ex;
    out.push_back(m);
  }
  return out;
}

Value TargetsToGlue(const Value& targets) {
  Value s3 = Value::array();
  if (targets.is_array()) {
    for (const auto& t : targets) {
      Value g = {{"Path", StrAttr(t, "path")}};
      Value ex = AttrOr(t, "exclusions", Value::array());
      if (!ex.empty()) g["Exclusions"] = ex;
      s3.push_back(g);
    }
  }
  return {{"S3Targets", s3}};
}

Value NormalizeTargets(const Value& v) {
  if (!v.is_array()) return v;
  Value out = Value::array();
  for (const auto& t : v) {
    if (!t.is_object()) {
      out.push_back(t);
      continue;
    }
    Value m = {{"path", StrAttr(t, "path")}};
    Value ex = AttrOr(t, "exclusions", Value::array());
    if (!ex.empty()) m["exclusions"] = ex;
    out.push_back(m);
  }
  return out;
}

Observation Observed(const AwsContext& ctx, const Address& address, const Value& c,
                     const Value& known) {
  Observation o;
  o.address = address;
  o.exists = true;
  o.id = c.value("Name", std::string());
  o.attributes = {
      {"name", o.id},
      {"role", c.value("Role", std::string())},
      {"database_name", c.value("DatabaseName", std::string())},
      {"s3_targets", TargetsFromGlue(c.value("Targets", Value::object()))},
      {"schedule", c.value("Schedule", Value::object()).value("ScheduleExpression", std::string())},
      {"table_prefix", c.value("TablePrefix", std::string())},
      {"description", c.value("Description", std::string())},
      {"run_on_create", known.is_object() ? known.value("run_on_create", false) : false}};
  o.outputs = {
      {"arn", CrawlerArn(ctx, o.id)},
      {"state", c.value("State", std::string("READY"))},
      {"last_crawl_status", c.value("LastCrawl", Value::object()).value("Status", std::string())}};
  return o;
}

Observation Missing(const Address& address) {
  Observation o;
  o.address = address;
  return o;
}

// The UpdateCrawler/CreateCrawler member for one manifest attribute.
void PutField(Value* body, const std::string& attr, const Value& attrs) {
  if (attr == "role") (*body)["Role"] = StrAttr(attrs, "role");
  if (attr == "database_name") (*body)["DatabaseName"] = StrAttr(attrs, "database_name");
  if (attr == "s3_targets")
    (*body)["Targets"] = TargetsToGlue(AttrOr(attrs, "s3_targets", Value::array()));
  if (attr == "schedule") (*body)["Schedule"] = StrAttr(attrs, "schedule");
  if (attr == "table_prefix") (*body)["TablePrefix"] = StrAttr(attrs, "table_prefix");
  if (attr == "description") (*body)["Description"] = StrAttr(attrs, "description");
}

const std::vector<std::string>& Fields() {
  static const std::vector<std::string> f = {"role",     "database_name", "s3_targets",
                                             "schedule", "table_prefix",  "description"};
  return f;
}

AttributeSchema Attr(const std::string& name, AttrType type, std::optional<Value> def,
                     Normalizer normalize = nullptr) {
  AttributeSchema a;
  a.name = name;
  a.type = type;
  a.default_value = std::move(def);
  a.normalize = std::move(normalize);
  return a;
}

class CrawlerHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s;
    s.kind = kCrawlerKind;
    s.description = "A Glue crawler over S3 paths";
    AttributeSchema name = Attr("name", AttrType::kString, std::nullopt);
    name.required = name.force_new = true;
    AttributeSchema role = Attr("role", AttrType::kString, std::nullopt, RoleName);
    role.required = true;
    AttributeSchema db = Attr("database_name", AttrType::kString, std::nullopt, LowerString);
    db.required = true;
    AttributeSchema targets = Attr("s3_targets", AttrType::kList, std::nullopt, NormalizeTargets);
    targets.required = true;
    targets.description = "[{path, exclusions?}]";
    AttributeSchema run = Attr("run_on_create", AttrType::kBool, Value(false));
    run.description = "start the crawler after creating it and wait until it is READY";
    std::vector<AttributeSchema> outputs;
    for (const char* o : {"arn", "state", "last_crawl_status"}) {
      AttributeSchema a;
      a.name = o;
      a.computed = true;
      outputs.push_back(a);
    }
    s.attributes = {name,
                    role,
                    db,
                    targets,
                    Attr("schedule", AttrType::kString, Value("")),
                    Attr("table_prefix", AttrType::kString, Value("")),
                    Attr("description", AttrType::kString, Value("")),
                    run};
    s.attributes.insert(s.attributes.end(), outputs.begin(), outputs.end());
    return s;
  }

  bool IsPropagationDelay(const Status& status) const override {
    if (status.provider_code() == "InvalidInputException" &&
        status.message().find("unable to assume") != std::string::npos) {
      return true;
    }
    return KindHandler::IsPropagationDelay(status);
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch& /*batch*/,
                                               const std::vector<ObserveItem>& items) override {
    std::map<std::string, Value> all;
    CW_RETURN_IF_ERROR(CallPaginated(ctx, "GetCrawlers", Value::object(), [&](const Value& r) {
      for (const auto& c : r.value("Crawlers", Value::array())) {
        all[c.value("Name", std::string())] = c;
      }
      return Status::Ok();
    }));
    std::vector<Observation> out;
    for (const auto& item : items) {
      auto it = all.find(NameOf(item.id, item.attributes));
      out.push_back(it == all.end() ? Missing(item.address)
                                    : Observed(ctx, item.address, it->second, item.attributes));
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    auto r = Call(ctx, "GetCrawler", {{"Name", NameOf(item.id, item.attributes)}});
    if (r.status().IsNotFound()) return Missing(item.address);
    if (!r.ok()) return r.status().WithContext(item.address.str());
    return Observed(ctx, item.address, (*r)["Crawler"], item.attributes);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    std::string name = StrAttr(req.attributes, "name");
    Value body = {{"Name", name}};
    for (const auto& f : Fields()) PutField(&body, f, req.attributes);
    if (StrAttr(req.attributes, "schedule").empty()) body.erase("Schedule");
    if (StrAttr(req.attributes, "table_prefix").empty()) body.erase("TablePrefix");
    if (StrAttr(req.attributes, "description").empty()) body.erase("Description");
    auto r = Call(ctx, "CreateCrawler", body);
    bool created = r.ok();
    if (r.status().code() == StatusCode::kConflict) {
      // Adopt: bring the existing crawler to the manifest once it is not running.
      CW_RETURN_IF_ERROR(WaitReady(ctx, req.address, name).status());
      Value update = {{"Name", name}};
      for (const auto& f : Fields()) PutField(&update, f, req.attributes);
      r = Call(ctx, "UpdateCrawler", update);
    }
    if (!r.ok()) return r.status().WithContext(req.address.str());
    if (created && AttrOr(req.attributes, "run_on_create", false) == true) {
      CW_RETURN_IF_ERROR(RunOnce(ctx, req.address, name));
    }
    return Read(ctx, req.address, name, req.attributes);
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    std::string name = NameOf(req.id, req.after);
    Value body = {{"Name", name}};
    for (const auto& f : req.changed) PutField(&body, f, req.after);
    if (body.size() > 1) {
      CW_RETURN_IF_ERROR(WaitReady(ctx, req.address, name).status());
      auto r = Call(ctx, "UpdateCrawler", body);
      if (!r.ok()) return r.status().WithContext(req.address.str());
    }
    return Read(ctx, req.address, name, req.after);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string name = NameOf(req.id, req.attributes);
    auto r = Call(ctx, "DeleteCrawler", {{"Name", name}});
    if (r.status().provider_code() == "CrawlerRunningException") {
      auto stop = Call(ctx, "StopCrawler", {{"Name", name}});
      std::string code = stop.status().provider_code();
      if (!stop.ok() && code != "CrawlerNotRunningException" &&
          code != "CrawlerStoppingException") {
        return stop.status().WithContext(req.address.str());
      }
      CW_RETURN_IF_ERROR(WaitReady(ctx, req.address, name).status());
      r = Call(ctx, "DeleteCrawler", {{"Name", name}});
    }
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::vector<Observation> out;
    CW_RETURN_IF_ERROR(CallPaginated(ctx, "GetCrawlers", Value::object(), [&](const Value& r) {
      for (const auto& c : r.value("Crawlers", Value::array())) {
        out.push_back(
            Observed(ctx, Address{req.kind, c.value("Name", std::string())}, c, Value::object()));
      }
      return Status::Ok();
    }));
    return out;
  }

 private:
  // Polls GetCrawler with backoff until the crawler is READY; returns it.
  Result<Value> WaitReady(AwsContext& ctx, const Address& address, const std::string& name) {
    // Bounded by both the clock and the total time slept (a clock may not advance by itself).
    auto deadline = ctx.clock->Now() + kRunTimeout;
    std::chrono::milliseconds wait{1000};
    std::chrono::milliseconds slept{0};
    while (true) {
      auto r = Call(ctx, "GetCrawler", {{"Name", name}});
      if (!r.ok()) return r.status().WithContext(address.str());
      Value c = (*r)["Crawler"];
      if (c.value("State", std::string("READY")) == "READY") return c;
      if (ctx.clock->Now() + wait > deadline || slept + wait > kRunTimeout) {
        return Status::Unavailable(address.str() + ": crawler " + name + " still " +
                                   c.value("State", std::string()) + " after " +
                                   std::to_string(kRunTimeout.count()) + " minutes");
      }
      ctx.clock->SleepFor(wait);
      slept += wait;
      wait = std::min(wait * 2, std::chrono::milliseconds(15000));
    }
  }

  Status RunOnce(AwsContext& ctx, const Address& address, const std::string& name) {
    auto start = Call(ctx, "StartCrawler", {{"Name", name}});
    if (!start.ok() && start.status().provider_code() != "CrawlerRunningException") {
      return start.status().WithContext(address.str() + ": run_on_create");
    }
    CW_ASSIGN_OR_RETURN(Value c, WaitReady(ctx, address, name));
    Value last = c.value("LastCrawl", Value::object());
    std::string status = last.value("Status", std::string());
    if (status != "SUCCEEDED") {
      return Status::ProviderError(address.str() + ": run_on_create: the first crawl of " + name +
                                   " ended " +
                                   (status.empty() ? std::string("without a status") : status) +
                                   (last.value("ErrorMessage", std::string()).empty()
                                        ? std::string()
                                        : ": " + last["ErrorMessage"].get<std::string>()));
    }
    return Status::Ok();
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

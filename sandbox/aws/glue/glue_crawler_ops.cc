// Glue emulator: crawlers (create/get/update/delete, start/stop, metrics) and their runs in
// emulated time, which apply glue_crawl.h discovery to the catalog.
#include <regex>

#include "sandbox/aws/glue/glue_crawl.h"
#include "sandbox/aws/glue/glue_internal.h"
#include "sandbox/aws/glue/glue_service.h"
#include "sandbox/aws/iam/iam_service.h"
#include "sandbox/aws/policy_document.h"
#include "sandbox/core/ids.h"
#include "sandbox/core/object_store.h"
#include "sandbox/core/timestamps.h"

namespace causeway::sandbox {

using glue::Err;
using glue::MissingMessage;
using glue::Ok;
using glue::Str;

namespace {

constexpr char kNotFound[] = "EntityNotFoundException";
constexpr char kInvalid[] = "InvalidInputException";
constexpr char kRunning[] = "CrawlerRunningException";

std::string NotFoundMessage(const std::string& name) {
  return "Crawler with name " + name + " does not exist";
}

// "cron(0 12 * * ? *)": six fields inside cron(...).
bool ValidCron(const std::string& s) {
  static const std::regex re(R"(cron\(\s*\S+(\s+\S+){5}\s*\))");
  return std::regex_match(s, re);
}

// Targets as Glue returns them: every target list present, S3 exclusions as lists.
Value NormalizedTargets(const Value& targets) {
  Value t = Value::object();
  for (const char* k : {"S3Targets", "JdbcTargets", "MongoDBTargets", "DynamoDBTargets",
                        "CatalogTargets", "DeltaTargets"}) {
    t[k] = targets.contains(k) && targets[k].is_array() ? targets[k] : Value::array();
  }
  for (auto& s3 : t["S3Targets"]) {
    if (!s3.contains("Exclusions")) s3["Exclusions"] = Value::array();
  }
  return t;
}

size_t TargetCount(const Value& targets) {
  size_t n = 0;
  for (const auto& [_, v] : targets.items()) n += v.is_array() ? v.size() : 0;
  return n;
}

}  // namespace

std::string GlueService::CheckRole(const std::string& role, SandboxContext& c) const {
  auto* iam = dynamic_cast<IamService*>(c.FindService("iam"));
  if (iam == nullptr) return "";  // no IAM emulator to check against
  const IamRole* found = role.rfind("arn:", 0) == 0
                             ? iam->FindRoleByArn(role)
                             : iam->FindRole(role.substr(role.rfind('/') + 1));
  std::string arn = role.rfind("arn:", 0) == 0
                        ? role
                        : "arn:aws:iam::" + std::string(kSandboxAccountId) + ":role/" + role;
  const std::string msg =
      "Service is unable to assume provided role " + arn + ". Please verify role's TrustPolicy";
  if (found == nullptr) return msg;
  if (c.Now() < found->trust_changed_at + c.ConsistencyDelay()) return msg;
  TrustCaller glue;
  glue.service = "glue.amazonaws.com";
  glue.account_id = std::string(kSandboxAccountId);
  std::map<std::string, std::string> ctx = {{"aws:SourceAccount", std::string(kSandboxAccountId)}};
  if (!TrustPolicyAllows(found->assume_role_policy, glue, "sts:AssumeRole", ctx)) return msg;
  return "";
}

Value GlueService::CrawlerJson(const GlueCrawler& cr,
                               std::chrono::system_clock::time_point now) const {
  Value j = cr.spec;
  j["State"] = cr.state;
  j["CrawlElapsedTime"] =
      cr.state == "RUNNING"
          ? std::chrono::duration_cast<std::chrono::milliseconds>(now - cr.started_at).count()
          : 0;
  if (!cr.last_crawl.is_null()) j["LastCrawl"] = cr.last_crawl;
  return j;
}

SandboxResponse GlueService::CreateCrawler(const Value& in, const SandboxRequest& r,
                                           SandboxContext& c) {
  std::string name = Str(in, "Name");
  if (name.empty()) return Err(r, kInvalid, MissingMessage("name"));
  if (Str(in, "Role").empty()) return Err(r, kInvalid, MissingMessage("role"));
  if (!in.contains("Targets") || !in["Targets"].is_object()) {
    return Err(r, kInvalid, MissingMessage("targets"));
  }
  if (crawlers_.count(name)) {
    return Err(r, "AlreadyExistsException",
               "Crawler with name " + name + " has already been created");
  }
  Value targets = NormalizedTargets(in["Targets"]);
  if (TargetCount(targets) == 0)
    return Err(r, kInvalid, "No targets specified for crawler " + name);
  for (const auto& s3 : targets["S3Targets"]) {
    if (Str(s3, "Path").rfind("s3://", 0) != 0) {
      return Err(r, kInvalid, "Invalid S3 path: " + Str(s3, "Path"));
    }
  }
  std::string schedule = Str(in, "Schedule");
  if (!schedule.empty() && !ValidCron(schedule)) {
    return Err(r, kInvalid, "Schedule expression is not valid: " + schedule);
  }
  std::string role_error = CheckRole(Str(in, "Role"), c);
  if (!role_error.empty()) return Err(r, kInvalid, role_error);

  GlueCrawler cr;
  Value& s = cr.spec;
  s["Name"] = name;
  s["Role"] = Str(in, "Role");
  s["Targets"] = targets;
  if (in.contains("DatabaseName")) s["DatabaseName"] = Str(in, "DatabaseName");
  if (!Str(in, "Description").empty()) s["Description"] = Str(in, "Description");
  s["Classifiers"] = in.value("Classifiers", Value::array());
  s["RecrawlPolicy"] = in.value("RecrawlPolicy", Value{{"RecrawlBehavior", "CRAWL_EVERYTHING"}});
  s["SchemaChangePolicy"] = in.value(
      "SchemaChangePolicy",
      Value{{"UpdateBehavior", "UPDATE_IN_DATABASE"}, {"DeleteBehavior", "DEPRECATE_IN_DATABASE"}});
  s["LineageConfiguration"] =
      in.value("LineageConfiguration", Value{{"CrawlerLineageSettings", "DISABLE"}});
  if (!Str(in, "TablePrefix").empty()) s["TablePrefix"] = Str(in, "TablePrefix");
  if (!schedule.empty()) s["Schedule"] = {{"ScheduleExpression", schedule}, {"State", "SCHEDULED"}};
  if (!Str(in, "Configuration").empty()) s["Configuration"] = Str(in, "Configuration");
  s["LakeFormationConfiguration"] =
      in.value("LakeFormationConfiguration",
               Value{{"UseLakeFormationCredentials", false}, {"AccountId", ""}});
  s["CreationTime"] = EpochSeconds(c.Now());
  s["LastUpdated"] = EpochSeconds(c.Now());
  s["Version"] = 1;
  cr.last_crawl = Value();
  crawlers_[name] = cr;
  return Ok(Value::object());
}

std::map<std::string, GlueCrawler>::iterator GlueService::NamedCrawler(const Value& in,
                                                                       const SandboxRequest& r,
                                                                       SandboxResponse* error) {
  std::string name = Str(in, "Name");
  if (name.empty()) {
    *error = Err(r, kInvalid, MissingMessage("name"));
    return crawlers_.end();
  }
  auto it = crawlers_.find(name);
  if (it == crawlers_.end()) *error = Err(r, kNotFound, NotFoundMessage(name));
  return it;
}

SandboxResponse GlueService::GetCrawler(const Value& in, const SandboxRequest& r,
                                        SandboxContext& c) {
  SandboxResponse error;
  auto it = NamedCrawler(in, r, &error);
  if (it == crawlers_.end()) return error;
  return Ok({{"Crawler", CrawlerJson(it->second, c.Now())}});
}

SandboxResponse GlueService::GetCrawlers(const Value& in, const SandboxRequest& r,
                                         SandboxContext& c) {
  glue::Page page;
  std::string error;
  if (!glue::Paginate(crawlers_, in, 1000, 1000, &page, &error)) return Err(r, kInvalid, error);
  Value out = {{"Crawlers", Value::array()}};
  for (const auto& k : page.keys) out["Crawlers"].push_back(CrawlerJson(crawlers_.at(k), c.Now()));
  if (!page.next_token.empty()) out["NextToken"] = page.next_token;
  return Ok(out);
}

SandboxResponse GlueService::UpdateCrawler(const Value& in, const SandboxRequest& r,
                                           SandboxContext& c) {
  SandboxResponse error;
  auto it = NamedCrawler(in, r, &error);
  if (it == crawlers_.end()) return error;
  const std::string& name = it->first;
  GlueCrawler& cr = it->second;
  if (cr.state != "READY") {
    return Err(r, kRunning,
               "Cannot update Crawler while running. Please stop crawl or wait until it "
               "completes to update.");
  }
  Value s = cr.spec;
  if (in.contains("Role")) {
    std::string role_error = CheckRole(Str(in, "Role"), c);
    if (!role_error.empty()) return Err(r, kInvalid, role_error);
    s["Role"] = Str(in, "Role");
  }
  if (in.contains("Targets")) {
    Value targets = NormalizedTargets(in["Targets"]);
    if (TargetCount(targets) == 0) {
      return Err(r, kInvalid, "No targets specified for crawler " + name);
    }
    s["Targets"] = targets;
  }
  if (in.contains("Schedule")) {
    std::string schedule = Str(in, "Schedule");
    if (schedule.empty()) {
      s.erase("Schedule");
    } else if (!ValidCron(schedule)) {
      return Err(r, kInvalid, "Schedule expression is not valid: " + schedule);
    } else {
      s["Schedule"] = {{"ScheduleExpression", schedule}, {"State", "SCHEDULED"}};
    }
  }
  for (const char* k : {"DatabaseName", "Description", "TablePrefix", "Configuration"}) {
    if (!in.contains(k)) continue;
    if (Str(in, k).empty() && std::string(k) != "DatabaseName") {
      s.erase(k);
    } else {
      s[k] = Str(in, k);
    }
  }
  for (const char* k : {"Classifiers", "RecrawlPolicy", "SchemaChangePolicy",
                        "LineageConfiguration", "LakeFormationConfiguration"}) {
    if (in.contains(k)) s[k] = in[k];
  }
  s["LastUpdated"] = EpochSeconds(c.Now());
  s["Version"] = s.value("Version", 1) + 1;
  cr.spec = s;
  return Ok(Value::object());
}

SandboxResponse GlueService::DeleteCrawler(const Value& in, const SandboxRequest& r,
                                           SandboxContext&) {
  SandboxResponse error;
  auto it = NamedCrawler(in, r, &error);
  if (it == crawlers_.end()) return error;
  if (it->second.state != "READY") {
    return Err(r, kRunning,
               "Cannot delete Crawler while running. Please stop crawl or wait until it "
               "completes to delete.");
  }
  crawlers_.erase(it);
  return Ok(Value::object());
}

SandboxResponse GlueService::StartCrawler(const Value& in, const SandboxRequest& r,
                                          SandboxContext& c) {
  SandboxResponse error;
  auto it = NamedCrawler(in, r, &error);
  if (it == crawlers_.end()) return error;
  const std::string& name = it->first;
  if (it->second.state != "READY") {
    return Err(r, kRunning, "Crawler with name " + name + " has already started");
  }
  it->second.state = "RUNNING";
  it->second.started_at = c.Now();
  it->second.cancel = false;
  return Ok(Value::object());
}

SandboxResponse GlueService::StopCrawler(const Value& in, const SandboxRequest& r,
                                         SandboxContext& c) {
  SandboxResponse error;
  auto it = NamedCrawler(in, r, &error);
  if (it == crawlers_.end()) return error;
  const std::string& name = it->first;
  GlueCrawler& cr = it->second;
  if (cr.state == "READY") {
    return Err(r, "CrawlerNotRunningException", "Crawler with name " + name + " isn't running.");
  }
  if (cr.state == "STOPPING") {
    return Err(r, "CrawlerStoppingException", "Crawler with name " + name + " is stopping.");
  }
  cr.state = "STOPPING";
  cr.cancel = true;
  cr.stopping_until = c.Now() + options_.stopping_time;
  cr.last_crawl = {{"Status", "CANCELLED"},
                   {"StartTime", EpochSeconds(cr.started_at)},
                   {"LogGroup", "/aws-glue/crawlers"},
                   {"LogStream", name}};
  return Ok(Value::object());
}

SandboxResponse GlueService::GetCrawlerMetrics(const Value& in, const SandboxRequest& r,
                                               SandboxContext& c) {
  std::map<std::string, const GlueCrawler*> selected;
  bool filter = in.contains("CrawlerNameList") && in["CrawlerNameList"].is_array();
  for (const auto& [name, cr] : crawlers_) {
    bool want = !filter;
    if (filter) {
      for (const auto& n : in["CrawlerNameList"]) want = want || n == name;
    }
    if (want) selected[name] = &cr;
  }
  glue::Page page;
  std::string error;
  if (!glue::Paginate(selected, in, 1000, 1000, &page, &error)) return Err(r, kInvalid, error);
  Value out = {{"CrawlerMetricsList", Value::array()}};
  for (const auto& k : page.keys) {
    const GlueCrawler& cr = *selected.at(k);
    Value m = {{"CrawlerName", k},
               {"StillEstimating", false},
               {"TimeLeftSeconds", 0.0},
               {"LastRuntimeSeconds", cr.metrics.value("LastRuntimeSeconds", 0.0)},
               {"MedianRuntimeSeconds", cr.metrics.value("LastRuntimeSeconds", 0.0)},
               {"TablesCreated", cr.metrics.value("TablesCreated", 0)},
               {"TablesUpdated", cr.metrics.value("TablesUpdated", 0)},
               {"TablesDeleted", 0}};
    if (cr.state == "RUNNING") {
      auto left = cr.started_at + options_.run_time - c.Now();
      m["TimeLeftSeconds"] = std::max(0.0, std::chrono::duration<double>(left).count());
    }
    out["CrawlerMetricsList"].push_back(m);
  }
  if (!page.next_token.empty()) out["NextToken"] = page.next_token;
  return Ok(out);
}

// ---- runs ----

std::string GlueService::Crawl(GlueCrawler& cr, SandboxContext& c) {
  std::string role_error = CheckRole(Str(cr.spec, "Role"), c);
  if (!role_error.empty()) return role_error;
  auto* store = dynamic_cast<ObjectStore*>(c.FindService("s3"));
  if (store == nullptr) return "Amazon S3 is not available in this sandbox";
  std::string database = Str(cr.spec, "DatabaseName");
  if (database.empty()) return "Crawler " + Str(cr.spec, "Name") + " has no database";
  std::vector<CrawledTable> found;
  for (const auto& t : cr.spec["Targets"]["S3Targets"]) {
    CrawlTarget target;
    target.path = Str(t, "Path");
    for (const auto& e : t.value("Exclusions", Value::array())) {
      if (e.is_string()) target.exclusions.push_back(e.get<std::string>());
    }
    std::string error;
    auto tables =
        DiscoverTables(*store, target, Str(cr.spec, "TablePrefix"), Str(cr.spec, "Name"), &error);
    if (!error.empty()) return error;
    for (auto& t2 : tables) found.push_back(std::move(t2));
  }
  EnsureDatabase(database, c.Now());
  int created = 0;
  int updated = 0;
  for (const auto& t : found) {
    (UpsertCrawledTable(database, t.table_input, c.Now()) ? created : updated)++;
    for (const auto& p : t.partitions) AddPartitionIfMissing(database, t.name, p, c.Now());
  }
  cr.metrics["TablesCreated"] = created;
  cr.metrics["TablesUpdated"] = updated;
  return "";
}

bool GlueService::AdvanceCrawlers(SandboxContext& c) {
  bool changed = false;
  auto now = c.Now();
  for (auto& [name, cr] : crawlers_) {
    if (cr.state == "RUNNING" && now >= cr.started_at + options_.run_time) {
      std::string error = Crawl(cr, c);
      cr.last_crawl = {{"Status", error.empty() ? "SUCCEEDED" : "FAILED"},
                       {"StartTime", EpochSeconds(cr.started_at)},
                       {"LogGroup", "/aws-glue/crawlers"},
                       {"LogStream", name},
                       {"MessagePrefix", NewUuid()}};
      if (!error.empty()) cr.last_crawl["ErrorMessage"] = error;
      cr.metrics["LastRuntimeSeconds"] = std::chrono::duration<double>(options_.run_time).count();
      cr.state = "STOPPING";
      cr.stopping_until = cr.started_at + options_.run_time + options_.stopping_time;
      changed = true;
    }
    if (cr.state == "STOPPING" && now >= cr.stopping_until) {
      cr.state = "READY";
      changed = true;
    }
  }
  return changed;
}

}  // namespace causeway::sandbox

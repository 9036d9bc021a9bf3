// Security drift in the planner, with the memory provider's undeclared(): findings kept by
// default (privileges first, no change to apply), removed as deletes with a reason when the
// container is exclusive, the data opt-in for tables, what counts as declared, the switches that
// turn it off, the plan's JSON round trip, its text and Markdown sections, and the drift
// report's "unmanaged" class.
#include <gtest/gtest.h>

#include "reconciler/plan/drift_report.h"
#include "reconciler/plan/plan_json.h"
#include "reconciler/plan/plan_markdown.h"
#include "reconciler/plan/plan_render.h"
#include "reconciler/plan/planner.h"
#include "tests/plan/plan_fixtures.h"

namespace causeway {
namespace {

using testing_plan::Manifests;
using testing_plan::MemWorld;
using testing_plan::Res;
using testing_plan::StateOf;

const char* kRole = R"({"role_name": "etl", "trust_policy": {"Statement": []}})";
const char* kDeclaredPolicy = R"({"role": "etl", "policy_name": "read",
    "policy": {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}})";
const Value kAdminPolicy = Value::parse(R"({"role": "etl", "policy_name": "admin",
    "policy": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}})");

Lifecycle Exclusive() {
  Lifecycle l;
  l.exclusive = true;
  return l;
}

// A managed role with a declared inline policy, a managed database with a declared table, and
// out of band: an admin inline policy on the role, a grant and a table in the database.
struct Estate {
  MemWorld w;
  State state;
  explicit Estate() {
    state = StateOf({
        w.Create("mem.role.etl", Value::parse(kRole)),
        w.Create("mem.role_policy.read", Value::parse(kDeclaredPolicy)),
        w.Create("mem.database.raw", Value::parse(R"({"name": "RAW"})")),
        w.Create("mem.table.events", Value::parse(R"({"database": "RAW", "name": "EVENTS",
                                                      "columns": ["id"]})")),
    });
    w.mem->PutOutOfBand("mem.role_policy", "etl:admin", {kAdminPolicy, Value::object()});
    w.mem->PutOutOfBand("mem.grant", "RAW/intruder",
                        {Value::parse(R"({"principal": "intruder", "on": "RAW",
                                          "privileges": ["ALL"]})"),
                         Value::object()});
    w.mem->PutOutOfBand("mem.table", "RAW.SCRATCH",
                        {Value::parse(R"({"database": "RAW", "name": "SCRATCH", "columns": [],
                                          "comment": "", "location": ""})"),
                         Value::object()});
  }
  ManifestSet Manifest(Lifecycle role = {}, Lifecycle db = {}) {
    return Manifests({
        Res("mem.role.etl", kRole, role),
        Res("mem.role_policy.read", kDeclaredPolicy),
        Res("mem.database.raw", R"({"name": "RAW"})", db),
        Res("mem.table.events", R"({"database": "RAW", "name": "EVENTS", "columns": ["id"]})"),
    });
  }
  Result<PlanResult> Plan(const ManifestSet& m, PlanOptions o = {}) {
    return Planner(&w.registry).MakePlan(m, state, o);
  }
};

std::vector<std::string> Found(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& f : p.undeclared) {
    out.push_back(f.found.address.str() + " in " + f.found.container.str() +
                  (f.removed ? " removed" : " kept"));
  }
  return out;
}

TEST(UndeclaredPlanTest, ReportsAndKeepsByDefaultPrivilegesFirst) {
  Estate e;
  auto r = e.Plan(e.Manifest());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Plan& p = r->plan;
  EXPECT_EQ(Found(p), (std::vector<std::string>{"mem.grant.RAW_intruder in mem.database.raw kept",
                                                "mem.role_policy.etl_admin in mem.role.etl kept",
                                                "mem.table.RAW_SCRATCH in mem.database.raw kept"}));
  EXPECT_TRUE(p.undeclared[0].found.privilege);
  EXPECT_FALSE(p.undeclared[2].found.privilege);
  EXPECT_EQ(p.undeclared[1].found.summary, "inline policy \"admin\" allows * on *");
  EXPECT_EQ(p.undeclared[1].found.attributes, kAdminPolicy);
  // Reported and kept: nothing for apply to do.
  EXPECT_FALSE(p.HasChanges());
  std::string text = RenderPlan(p, false);
  EXPECT_NE(text.find("Undeclared inside managed containers (security drift): 3 found, 0 to "
                      "remove."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("! privilege mem.role_policy.etl_admin in mem.role.etl: inline policy "
                      "\"admin\" allows * on * (kept: mem.role.etl is not exclusive"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("No changes to apply."), std::string::npos) << text;
  EXPECT_NE(RenderPlanMarkdown(p).find("| privilege | `mem.role_policy.etl_admin` | "
                                       "`mem.role.etl` | inline policy \"admin\" allows * on * |"),
            std::string::npos)
      << RenderPlanMarkdown(p);
}

TEST(UndeclaredPlanTest, ExclusiveContainerDeletesWithReasonButTablesNeedTheDataOptIn) {
  Estate e;
  auto r = e.Plan(e.Manifest(Exclusive(), Exclusive()));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Plan& p = r->plan;
  EXPECT_EQ(Found(p),
            (std::vector<std::string>{"mem.grant.RAW_intruder in mem.database.raw removed",
                                      "mem.role_policy.etl_admin in mem.role.etl removed",
                                      "mem.table.RAW_SCRATCH in mem.database.raw kept"}));
  EXPECT_EQ(p.undeclared[2].note,
            "kept: it holds data; --allow-destroy mem.table.RAW_SCRATCH "
            "removes it");
  ASSERT_EQ(p.Count(Action::kDelete), 2);
  const Change& del = p.changes[p.changes.size() - 1];
  EXPECT_EQ(del.address.str(), "mem.role_policy.etl_admin");
  EXPECT_TRUE(del.undeclared);
  EXPECT_EQ(del.id, "etl:admin");
  EXPECT_EQ(del.before, kAdminPolicy);
  EXPECT_EQ(del.reason,
            "inline policy \"admin\" allows * on *; not declared in the manifests, and "
            "mem.role.etl is exclusive");

  PlanOptions allow;
  allow.allow_destroy = {"mem.table.RAW_SCRATCH"};
  auto opted = e.Plan(e.Manifest(Exclusive(), Exclusive()), allow);
  ASSERT_TRUE(opted.ok()) << opted.status().ToString();
  EXPECT_EQ(opted->plan.Count(Action::kDelete), 3);
  const Change& table = opted->plan.changes.back();
  EXPECT_EQ(table.address.str(), "mem.table.RAW_SCRATCH");
  EXPECT_TRUE(table.holds_data);
  EXPECT_TRUE(table.allow_destroy);
}

TEST(UndeclaredPlanTest, SomethingAboutToBeCreatedOrAdoptedCountsAsDeclared) {
  Estate e;
  ManifestSet m = e.Manifest(Exclusive());
  // The admin policy is now in the manifests (not in the state): it is adopted, not reported.
  m.resources.push_back(Res("mem.role_policy.admin", kAdminPolicy.dump()));
  auto r = e.Plan(m);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  for (const auto& f : r->plan.undeclared) {
    EXPECT_NE(f.found.address.kind, "mem.role_policy") << f.found.address.str();
  }
}

TEST(UndeclaredPlanTest, OffWithTheSwitchWithTargetsAndWithoutRefresh) {
  Estate e;
  PlanOptions off;
  off.undeclared = false;
  auto r = e.Plan(e.Manifest(Exclusive()), off);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->plan.undeclared.empty());
  EXPECT_FALSE(r->plan.HasChanges());
  EXPECT_EQ(e.w.mem->Counts().count("undeclared"), 0u);

  PlanOptions targeted;
  targeted.targets = {"mem.role.etl"};
  r = e.Plan(e.Manifest(Exclusive()), targeted);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->plan.undeclared.empty());

  PlanOptions trusted;
  trusted.refresh = false;
  r = e.Plan(e.Manifest(Exclusive()), trusted);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->plan.undeclared.empty());
}

TEST(UndeclaredPlanTest, OneListPerContainer) {
  Estate e;
  auto r = e.Plan(e.Manifest());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(e.w.mem->Counts()["undeclared"], 2);  // one role, one database
}

TEST(UndeclaredPlanTest, JsonRoundTripKeepsFindingsAndTheUndeclaredFlag) {
  Estate e;
  auto r = e.Plan(e.Manifest(Exclusive()));
  ASSERT_TRUE(r.ok());
  Value j = PlanToJson(r->plan);
  ASSERT_EQ(j["undeclared"].size(), 3u);
  EXPECT_EQ(j["undeclared"][1]["container"], "mem.role.etl");
  EXPECT_EQ(j["undeclared"][1]["removed"], true);
  auto back = PlanFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(PlanToJson(*back), j);
  EXPECT_TRUE(back->changes.back().undeclared);
  // A plan saved before findings existed reads with none.
  j.erase("undeclared");
  for (auto& c : j["changes"]) c.erase("undeclared");
  back = PlanFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(back->undeclared.empty());
  EXPECT_FALSE(back->changes.back().undeclared);
}

TEST(UndeclaredPlanTest, DriftReportsThemAsUnmanagedFirst) {
  Estate e;
  auto r = e.Plan(e.Manifest(Exclusive()));
  ASSERT_TRUE(r.ok());
  DriftReport report = BuildDriftReport(r->plan, e.state, &e.w.registry);
  ASSERT_EQ(report.resources.size(), 3u);  // the delete is not counted twice
  EXPECT_EQ(report.Count("unmanaged"), 3);
  EXPECT_TRUE(report.HasDrift());
  EXPECT_EQ(report.resources[1].address, "mem.role_policy.etl_admin");
  EXPECT_EQ(report.resources[1].action, Action::kDelete);
  EXPECT_EQ(report.resources[0].action, Action::kNoOp);
  EXPECT_EQ(report.Summary(),
            "Drift: 0 changed out of band, 0 deleted out of band, 0 not applied yet, 3 "
            "undeclared inside managed containers.");
  Value j = DriftToJson(report);
  EXPECT_EQ(j["format_version"], 2);
  EXPECT_EQ(j["summary"]["unmanaged"], 3);
  EXPECT_EQ(j["resources"][1]["class"], "unmanaged");
  EXPECT_EQ(j["resources"][1]["container"], "mem.role.etl");
  EXPECT_EQ(j["resources"][1]["privilege"], true);
  EXPECT_EQ(j["resources"][1]["summary"], "inline policy \"admin\" allows * on *");
  std::string text = RenderDriftText(report);
  EXPECT_NE(text.find("mem.role_policy.etl_admin: privilege undeclared inside a managed "
                      "container mem.role.etl"),
            std::string::npos)
      << text;
  EXPECT_NE(RenderDriftMarkdown(report).find("undeclared inside a managed container"),
            std::string::npos);
}

}  // namespace
}  // namespace causeway

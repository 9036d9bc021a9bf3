// Golden tests: the human and JSON forms of create, update, replace, delete, deferred-update
// and empty plans made by the planner against a MemoryProvider; a policy changed deep inside as
// a line diff with unchanged lines elided; the Markdown form (pull-request comments), and its
// length cap. Files live in
// tests/plan/golden/; CAUSEWAY_UPDATE_GOLDEN=1 rewrites them.
#include <gtest/gtest.h>

#include "reconciler/plan/plan_json.h"
#include "reconciler/plan/plan_markdown.h"
#include "reconciler/plan/plan_render.h"
#include "reconciler/plan/planner.h"
#include "tests/plan/plan_fixtures.h"

namespace causeway {
namespace {

using testing_plan::ExpectGolden;
using testing_plan::Manifests;
using testing_plan::MemWorld;
using testing_plan::Res;
using testing_plan::StateOf;

Plan MustPlan(MemWorld& w, const ManifestSet& m, const State& s, PlanOptions o = {}) {
  auto r = Planner(&w.registry).MakePlan(m, s, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r->plan : Plan{};
}

void ExpectGoldens(const std::string& name, const Plan& p) {
  ExpectGolden(name + ".txt", RenderPlan(p, false));
  ExpectGolden(name + ".json", PlanToJson(p).dump(2) + "\n");
}

TEST(PlanGoldenTest, Create) {
  MemWorld w;
  ManifestSet m = Manifests({
      Res("mem.bucket.raw", R"({"bucket": "raw-data", "versioning": true})"),
      Res("mem.grant.read", R"({"principal": "analyst", "on": "${mem.bucket.raw.arn}",
                                "privileges": ["read"]})"),
      Res("mem.secret.api", R"({"name": "api", "value": "hunter2"})"),
  });
  Plan p = MustPlan(w, m, State{});
  ExpectGoldens("create", p);
  ExpectGolden("create_color.txt", RenderPlan(p, true));
}

TEST(PlanGoldenTest, Update) {
  MemWorld w;
  ResourceState secret = w.Create("mem.secret.api", Value::parse(R"({"name": "api",
                                                                     "value": "old"})"));
  secret.sensitive_hashes["value"] = SensitiveHash(Value("old"), "salt");
  State s =
      StateOf({w.Create("mem.bucket.raw", Value::parse(R"({"bucket": "raw-data"})")), secret});
  ManifestSet m = Manifests({
      Res("mem.bucket.raw", R"({"bucket": "raw-data", "versioning": true,
                               "tags": {"team": "data"}})"),
      Res("mem.secret.api", R"({"name": "api", "value": "new"})"),
  });
  ExpectGoldens("update", MustPlan(w, m, s));
}

TEST(PlanGoldenTest, Replace) {
  MemWorld w;
  State s = StateOf({w.Create("mem.table.trips", Value::parse(R"({"database": "raw",
      "name": "trips", "columns": ["id"], "location": "s3://old/"})"))});
  Lifecycle allow;
  allow.allow_destroy = true;
  ManifestSet m = Manifests({Res("mem.table.trips", R"({"database": "raw", "name": "trips",
      "columns": ["id", "fare"], "location": "s3://new/"})",
                                 allow)});
  ExpectGoldens("replace", MustPlan(w, m, s));
}

TEST(PlanGoldenTest, Delete) {
  MemWorld w;
  State s = StateOf({
      w.Create("mem.role.r", Value::parse(R"({"role_name": "r", "trust_policy": {}})")),
      w.Create("mem.grant.g", Value::parse(R"({"principal": "r", "on": "x",
                                               "privileges": []})"),
               {"mem.role.r"}),
  });
  ExpectGoldens("delete", MustPlan(w, Manifests({}), s));
}

TEST(PlanGoldenTest, DeferredUpdate) {
  MemWorld w;
  ManifestSet m = Manifests({
      Res("mem.role.reader", R"({"role_name": "reader", "trust_policy": {"Statement": [
          {"Effect": "Allow", "Principal": {"AWS": "${mem.integration.lake.iam_user_arn}"}}]}})"),
      Res("mem.integration.lake", R"({"name": "lake", "role_arn": "${mem.role.reader.arn}"})"),
  });
  ExpectGoldens("deferred_update", MustPlan(w, m, State{}));
}

// A trust policy of many statements with one principal changed: only the changed lines and
// their context are shown, the rest elided.
Plan PolicyChangePlan(MemWorld& w) {
  std::string statements;
  for (int i = 0; i < 8; ++i) {
    statements += std::string(i ? "," : "") + R"({"Effect": "Allow", "Sid": "s)" +
                  std::to_string(i) + R"(", "Principal": {"AWS": "arn:aws:iam::1:role/r)" +
                  std::to_string(i) + R"("}})";
  }
  std::string changed = statements;
  changed.replace(changed.find("role/r5"), 7, "role/x5");
  State s = StateOf({w.Create(
      "mem.role.reader", Value::parse(R"({"role_name": "reader", "trust_policy": {"Statement": [)" +
                                      statements + "]}}"))});
  ManifestSet m = Manifests({Res("mem.role.reader", R"({"role_name": "reader",
      "trust_policy": {"Statement": [)" + changed + "]}}")});
  return MustPlan(w, m, s);
}

TEST(PlanGoldenTest, NestedChangeAsLineDiff) {
  MemWorld w;
  Plan p = PolicyChangePlan(w);
  ExpectGolden("nested_update.txt", RenderPlan(p, false));
  ExpectGolden("nested_update.md", RenderPlanMarkdown(p));
}

TEST(PlanGoldenTest, Markdown) {
  MemWorld w;
  ResourceState secret = w.Create("mem.secret.api", Value::parse(R"({"name": "api",
                                                                     "value": "hunter2-old"})"));
  secret.sensitive_hashes["value"] = SensitiveHash(Value("hunter2-old"), "salt");
  State s = StateOf({w.Create("mem.bucket.raw", Value::parse(R"({"bucket": "raw-data"})")), secret,
                     w.Create("mem.bucket.old", Value::parse(R"({"bucket": "old|data"})"))});
  ManifestSet m = Manifests({
      Res("mem.bucket.raw", R"({"bucket": "raw-data", "tags": {"team": "data"}})"),
      Res("mem.bucket.new", R"({"bucket": "new"})"),
      Res("mem.secret.api", R"({"name": "api", "value": "hunter2-new"})"),
  });
  PlanOptions o;
  o.allow_destroy = {"mem.bucket.old"};
  Plan p = MustPlan(w, m, s, o);
  std::string md = RenderPlanMarkdown(p);
  ExpectGolden("markdown.md", md);
  EXPECT_EQ(md.find("hunter2"), std::string::npos) << "a sensitive value leaked";

  // Under a small cap the blocks that do not fit are left out, and the comment says so.
  std::string short_md = RenderPlanMarkdown(p, md.find("<details>") + 10);
  EXPECT_EQ(short_md.find("<details>"), std::string::npos);
  EXPECT_NE(short_md.find("4 more change(s) left out"), std::string::npos) << short_md;
}

TEST(PlanGoldenTest, NoChanges) {
  MemWorld w;
  State s = StateOf({w.Create("mem.bucket.raw", Value::parse(R"({"bucket": "raw"})"))});
  Plan p = MustPlan(w, Manifests({Res("mem.bucket.raw", R"({"bucket": "raw"})")}), s);
  ExpectGoldens("no_changes", p);
  EXPECT_EQ(PlanSummaryLine(p), "Plan: 0 to create, 0 to update, 0 to replace, 0 to delete.");
}

}  // namespace
}  // namespace causeway

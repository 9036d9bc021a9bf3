// Deletes of undeclared objects (inside an exclusive container) through the applier: the
// object goes and the state never records it; a failed apply's rollback re-creates it, still
// without recording it; and recovery from a journal that holds such a delete adopts nothing.
#include <gtest/gtest.h>

#include "reconciler/apply/journal.h"
#include "reconciler/apply/recovery.h"
#include "reconciler/core/filesystem.h"
#include "reconciler/plan/planner.h"
#include "tests/support/apply_fixtures.h"

namespace causeway {
namespace {

using namespace apply_test;  // NOLINT

const Value kRole = Value::parse(R"({"role_name": "etl", "trust_policy": {"Statement": []}})");
const Value kAdmin = Value::parse(R"({"role": "etl", "policy_name": "admin",
    "policy": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}})");

// A managed role (exclusive) with an inline policy added out of band, and the plan that
// removes it.
struct Estate {
  World w;
  ManifestSet manifests;
  Estate() {
    w.Seed("mem.role.etl", kRole);
    w.mem->PutOutOfBand("mem.role_policy", "etl:admin", {kAdmin, Value::object()});
    ResourceDecl role;
    role.address = Addr("mem.role.etl");
    role.spec = kRole;
    role.lifecycle.exclusive = true;
    manifests.resources.push_back(role);
    manifests.digest = "sha256:test";
  }
  Plan MakePlan() {
    auto r = Planner(&w.registry).MakePlan(manifests, w.state, PlanOptions{});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->plan : Plan{};
  }
  bool AdminExists() { return w.mem->Snapshot()["mem.role_policy"].count("etl:admin") > 0; }
};

TEST(UndeclaredApplyTest, RemovesItWithoutEverRecordingIt) {
  Estate e;
  Plan plan = e.MakePlan();
  ASSERT_EQ(plan.Count(Action::kDelete), 1);
  TempDir dir;
  Journal journal(dir.File("journal.jsonl"), RealFileSystem());
  Applier applier(&e.w.registry, &journal, nullptr);
  ApplyResult r = applier.Apply(plan, e.w.state, ApplyOptions{});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_FALSE(e.AdminExists());
  EXPECT_EQ(r.state.Find("mem.role_policy.etl_admin"), nullptr);
  EXPECT_TRUE(r.removed_from_state.empty());
  auto records = Journal::Read(journal.path(), RealFileSystem());
  ASSERT_TRUE(records.ok());
  bool journalled = false;
  for (const auto& rec : *records) journalled |= rec.action == "delete-undeclared";
  EXPECT_TRUE(journalled);

  e.w.state = r.state;
  Plan again = e.MakePlan();
  EXPECT_FALSE(again.HasChanges());
  EXPECT_TRUE(again.undeclared.empty());
}

TEST(UndeclaredApplyTest, RollbackRecreatesItOutsideTheState) {
  Estate e;
  Plan plan = e.MakePlan();
  // A later step that fails: a bucket created after the delete.
  Change bucket = MakeCreate("mem.bucket.b", {{"bucket", "b"}}, {"mem.role_policy.etl_admin"});
  plan.changes.push_back(bucket);
  e.w.mem->FailOn("create", "mem.bucket.b", Status::ProviderError("injected"));
  Applier applier(&e.w.registry, nullptr, nullptr);
  ApplyResult r = applier.Apply(plan, e.w.state, ApplyOptions{});
  EXPECT_FALSE(r.status.ok());
  EXPECT_TRUE(r.rolled_back);
  EXPECT_TRUE(r.needs_attention.empty());
  EXPECT_TRUE(e.AdminExists()) << "rollback re-created the policy";
  EXPECT_EQ(r.state.Find("mem.role_policy.etl_admin"), nullptr);
}

TEST(UndeclaredApplyTest, RecoveryAdoptsNothingFromSuchADelete) {
  Estate e;
  TempDir dir;
  Journal j(dir.File("journal.jsonl"), RealFileSystem());
  JournalRecord intent;
  intent.type = "intent";
  intent.seq = 1;
  intent.address = Addr("mem.role_policy.etl_admin");
  intent.action = "delete-undeclared";
  intent.id = "etl:admin";
  intent.attributes = kAdmin;
  ASSERT_TRUE(j.Append(intent).ok());  // crashed before the delete: the policy still exists
  State state = e.w.state;
  auto report = RecoverFromJournal(j.path(), RealFileSystem(), e.w.registry, &state);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->adopted.empty());
  EXPECT_EQ(state.Find("mem.role_policy.etl_admin"), nullptr);
}

}  // namespace
}  // namespace causeway

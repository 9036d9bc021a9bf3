// Rollback matrix: the 20-step scenario with each mutation k failing in turn. With rollback the
// cloud ends exactly as it began; with --no-rollback, and when an undo itself fails, the
// returned state still records exactly what exists.
#include <gtest/gtest.h>

#include <set>

#include "reconciler/apply/applier.h"
#include "tests/support/apply_fixtures.h"
#include "tests/support/apply_scenario.h"

namespace causeway {
namespace {

using namespace apply_test;  // NOLINT

// The addresses of the plan's steps, to check that a failure message names one of them.
std::set<std::string> StepAddresses(const Plan& plan) {
  std::set<std::string> out;
  for (const auto& c : plan.changes) {
    if (c.action != Action::kNoOp) out.insert(c.address.str());
  }
  return out;
}

// "mem.x.y: create failed: injected failure" names a step of the plan.
void ExpectNamesFailedStep(const ApplyResult& r, const Plan& plan, const std::string& ctx) {
  const std::string& m = r.status.message();
  auto colon = m.find(": ");
  ASSERT_NE(colon, std::string::npos) << ctx << m;
  EXPECT_TRUE(StepAddresses(plan).count(m.substr(0, colon))) << ctx << m;
  EXPECT_NE(m.find(" failed: injected failure"), std::string::npos) << ctx << m;
}

struct Mode {
  int parallelism;
  std::string reason;
};
const Mode kModes[] = {{1, "serial"}, {4, "parallel"}};

TEST(RollbackTest, EveryFailurePointRestoresTheLiveState) {
  for (const auto& mode : kModes) {
    for (int k = 1; k <= kScenarioMutations; ++k) {
      const std::string ctx = mode.reason + " k=" + std::to_string(k) + ": ";
      World w;
      SeedScenario(&w);
      Plan plan = ScenarioPlan(w.state);
      const std::string before = w.mem->Dump();
      w.mem->FailMutation(k);
      RecordingReporter reporter;
      Applier applier(&w.registry, nullptr, &reporter);
      ApplyResult r = applier.Apply(plan, w.state, ScenarioOptions(mode.parallelism));
      w.mem->ClearFaults();
      EXPECT_EQ(r.exit_code, 1) << ctx << r.status.ToString();
      EXPECT_TRUE(r.rolled_back) << ctx;
      EXPECT_TRUE(r.needs_attention.empty()) << ctx;
      EXPECT_EQ(r.status.code(), StatusCode::kProviderError) << ctx;
      ExpectNamesFailedStep(r, plan, ctx);
      EXPECT_EQ(w.mem->Dump(), before) << ctx;
      EXPECT_EQ(CompareStateToLive(r.state, *w.mem, w.registry), "") << ctx;
      EXPECT_EQ(r.state.resources.size(), w.state.resources.size()) << ctx;
      if (mode.parallelism == 1) {
        // Serial runs go in plan order; the replace (two mutations) is the last step.
        EXPECT_EQ(r.steps_done, k == kScenarioMutations ? kScenarioSteps - 1 : k - 1) << ctx;
      }
    }
  }
}

TEST(RollbackTest, NoRollbackLeavesStateMatchingLive) {
  for (const auto& mode : kModes) {
    for (int k = 1; k <= kScenarioMutations; ++k) {
      const std::string ctx = mode.reason + " k=" + std::to_string(k) + ": ";
      World w;
      SeedScenario(&w);
      Plan plan = ScenarioPlan(w.state);
      w.mem->FailMutation(k);
      RecordingReporter reporter;
      Applier applier(&w.registry, nullptr, &reporter);
      ApplyOptions options = ScenarioOptions(mode.parallelism);
      options.no_rollback = true;
      const int mutations_before = w.mem->MutationCount();
      ApplyResult r = applier.Apply(plan, w.state, options);
      w.mem->ClearFaults();
      EXPECT_EQ(r.exit_code, 1) << ctx;
      EXPECT_FALSE(r.rolled_back) << ctx;
      ExpectNamesFailedStep(r, plan, ctx);
      EXPECT_EQ(CompareStateToLive(r.state, *w.mem, w.registry), "") << ctx;
      // Nothing was undone, and no step started once the failure was known: steps already in
      // flight on other workers may finish (and mutate), but nothing new is begun.
      int calls = w.mem->MutationCount() - mutations_before;
      if (mode.parallelism == 1) {
        EXPECT_EQ(calls, k) << ctx;
      } else {
        EXPECT_GE(calls, k) << ctx;
      }
      bool failure_seen = false;
      for (const auto& line : reporter.lines) {
        if (line.rfind("finished ", 0) == 0 && line.substr(line.size() - 3) != " OK") {
          failure_seen = true;
        }
        if (failure_seen) {
          EXPECT_NE(line.rfind("[", 0), 0u) << ctx << "step started after the failure: " << line;
        }
        EXPECT_NE(line.rfind("undo ", 0), 0u) << ctx << line;
      }
      EXPECT_TRUE(failure_seen) << ctx;
    }
  }
}

TEST(RollbackTest, FailedUndoNeedsAttentionAndStateStillMatchesLive) {
  for (const auto& mode : kModes) {
    for (int k = 1; k <= kScenarioMutations; ++k) {
      const std::string ctx = mode.reason + " k=" + std::to_string(k) + ": ";
      World w;
      SeedScenario(&w);
      Plan plan = ScenarioPlan(w.state);
      w.mem->FailMutation(k);
      // No created object can be deleted again.
      std::set<std::string> created;
      for (const auto& c : plan.changes) {
        if (c.action == Action::kCreate) {
          created.insert(c.address.str());
          w.mem->FailOn("remove", c.address.str(), Status::ProviderError("remove refused"));
        }
      }
      Applier applier(&w.registry, nullptr, nullptr);
      ApplyResult r = applier.Apply(plan, w.state, ScenarioOptions(mode.parallelism));
      w.mem->ClearFaults();
      int created_before_failure = 0;
      for (const auto& a : created) created_before_failure += r.state.Find(a) != nullptr ? 1 : 0;
      if (created_before_failure > 0) {
        EXPECT_EQ(r.exit_code, 3) << ctx;
        ASSERT_EQ(static_cast<int>(r.needs_attention.size()), created_before_failure) << ctx;
        for (const auto& line : r.needs_attention) {
          EXPECT_NE(line.find(": created but could not be deleted: remove refused"),
                    std::string::npos)
              << ctx << line;
        }
      } else {
        EXPECT_EQ(r.exit_code, 1) << ctx;
        EXPECT_TRUE(r.needs_attention.empty()) << ctx;
      }
      ExpectNamesFailedStep(r, plan, ctx);
      EXPECT_EQ(CompareStateToLive(r.state, *w.mem, w.registry), "") << ctx;
    }
  }
}

TEST(RollbackTest, UndoOrderIsReverseCompletionAndIsReported) {
  World w;
  Plan plan;
  plan.changes.push_back(
      MakeCreate("mem.role.r", {{"role_name", "r"}, {"trust_policy", TrustPolicy("a")}}));
  plan.changes.push_back(MakeCreate(
      "mem.role_policy.p",
      {{"role", "${mem.role.r.role_name}"}, {"policy_name", "p"}, {"policy", Value::object()}},
      {"mem.role.r"}));
  plan.changes.push_back(MakeCreate("mem.grant.g",
                                    {{"principal", "x"}, {"on", "y"}, {"privileges", {"A"}}},
                                    {"mem.role_policy.p"}));
  w.mem->FailOn("create", "mem.grant.g", Status::ProviderError("quota exceeded"));
  w.mem->FailOn("remove", "mem.role_policy.p", Status::ProviderError("busy"));
  RecordingReporter reporter;
  Applier applier(&w.registry, nullptr, &reporter);
  ApplyResult r = applier.Apply(plan, w.state, ApplyOptions{});
  EXPECT_EQ(r.status.message(), "mem.grant.g: create failed: quota exceeded");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.steps_done, 2);
  const std::string conflict =
      "DeleteConflict: cannot delete mem.role r: it still has inline policies (r:p); delete them "
      "first";
  EXPECT_EQ(r.needs_attention, (std::vector<std::string>{
                                   "mem.role_policy.p: created but could not be deleted: busy",
                                   "mem.role.r: created but could not be deleted: " + conflict}));
  std::vector<std::string> tail(reporter.lines.end() - 3, reporter.lines.end());
  EXPECT_EQ(tail, (std::vector<std::string>{"rollback 2",
                                            "undo delete mem.role_policy.p ProviderError: busy",
                                            "undo delete mem.role.r Conflict: " + conflict}));
  // The policy could not be removed, so neither could its role (IAM refuses the same way):
  // both are still tracked.
  EXPECT_NE(r.state.Find("mem.role_policy.p"), nullptr);
  EXPECT_NE(r.state.Find("mem.role.r"), nullptr);
  EXPECT_EQ(CompareStateToLive(r.state, *w.mem, w.registry), "");
}

// Publishes the memory kinds with mem.grant marked not recreatable.
class NotRecreatableGrants : public Provider {
 public:
  explicit NotRecreatableGrants(std::shared_ptr<MemoryProvider> mem) : mem_(std::move(mem)) {}
  std::string name() const override { return "mem"; }
  std::vector<KindSchema> schemas() const override {
    auto out = mem_->schemas();
    for (auto& k : out) k.recreatable = k.kind != "mem.grant";
    return out;
  }
  Status configure(const Value& c) override { return mem_->configure(c); }
  Result<std::vector<Observation>> observe(const std::vector<ObserveItem>& i) override {
    return mem_->observe(i);
  }
  Result<ResourceResult> create(const CreateRequest& r) override { return mem_->create(r); }
  Result<ResourceResult> update(const UpdateRequest& r) override { return mem_->update(r); }
  Status remove(const DeleteRequest& r) override { return mem_->remove(r); }
  Result<std::vector<Observation>> list(const ListRequest& r) override { return mem_->list(r); }

 private:
  std::shared_ptr<MemoryProvider> mem_;
};

TEST(RollbackTest, DeletedObjectOfNonRecreatableKindNeedsAttention) {
  World w;
  w.Seed("mem.grant.g", {{"principal", "p"}, {"on", "x"}, {"privileges", {"USAGE"}}});
  ProviderRegistry registry;
  registry.Add(std::make_shared<NotRecreatableGrants>(w.mem));
  Plan plan;
  plan.changes.push_back(MakeDelete(w.state, "mem.grant.g"));
  plan.changes.push_back(MakeCreate("mem.database.d", {{"name", "d"}}, {"mem.grant.g"}));
  w.mem->FailOn("create", "mem.database.d", Status::ProviderError("denied"));
  Applier applier(&registry, nullptr, nullptr);
  ApplyResult r = applier.Apply(plan, w.state, ApplyOptions{});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(
      r.needs_attention,
      std::vector<std::string>{
          "mem.grant.g: deleted and cannot be re-created (kind mem.grant is not recreatable)"});
  EXPECT_EQ(r.state.Find("mem.grant.g"), nullptr);
  EXPECT_EQ(CompareStateToLive(r.state, *w.mem, registry), "");
}

TEST(RollbackTest, RecreatedSecretGetsItsValueOnlyWhenTheHashProvesIt) {
  struct Case {
    std::string supplied;
    int exit_code;
    std::string reason;
  } cases[] = {
      {"old-value", 1, "the manifest still holds the value the secret had: re-created with it"},
      {"other-value", 3, "a different value is never sent; the re-create then lacks it and fails"},
  };
  for (const auto& c : cases) {
    World w;
    w.Seed("mem.secret.s", {{"name", "s"}, {"value", "old-value"}});
    w.state.resources["mem.secret.s"].sensitive_hashes["value"] =
        SensitiveHash("old-value", "salt");
    Plan plan;
    plan.changes.push_back(MakeDelete(w.state, "mem.secret.s"));
    plan.changes.push_back(MakeCreate("mem.database.d", {{"name", "d"}}, {"mem.secret.s"}));
    w.mem->FailOn("create", "mem.database.d", Status::ProviderError("denied"));
    ApplyOptions options;
    options.sensitive_values["mem.secret.s"] = Value{{"value", c.supplied}};
    Applier applier(&w.registry, nullptr, nullptr);
    ApplyResult r = applier.Apply(plan, w.state, options);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.reason;
    EXPECT_EQ(CompareStateToLive(r.state, *w.mem, w.registry), "") << c.reason;
    if (c.exit_code == 1) {
      EXPECT_EQ(w.mem->Dump().find("other-value"), std::string::npos) << c.reason;
      const ResourceState* s = r.state.Find("mem.secret.s");
      ASSERT_NE(s, nullptr) << c.reason;
      EXPECT_TRUE(SensitiveHashMatches(s->sensitive_hashes.at("value"), "old-value")) << c.reason;
      auto live = w.mem->Snapshot();
      EXPECT_EQ(live["mem.secret"]["s"].attributes["value"], "old-value") << c.reason;
    } else {
      EXPECT_EQ(r.needs_attention.size(), 1u) << c.reason;
      EXPECT_EQ(w.mem->Dump().find("other-value"), std::string::npos) << c.reason;
    }
  }
}

}  // namespace
}  // namespace causeway

// State entries whose dependencies differ from what the manifests imply (left by recovery in an
// older version, by import, or by an apply that recorded only the dependencies that changed
// with it) are repaired by the next apply: the plan shows an update that sends nothing and says
// why, apply writes the state, and the plan after it is empty. What an apply records is every
// dependency the manifests imply, also of resources that did not change, so it needs no repair.
#include <gtest/gtest.h>

#include "reconciler/apply/applier.h"
#include "reconciler/plan/plan_render.h"
#include "reconciler/plan/planner.h"
#include "tests/support/apply_fixtures.h"

namespace causeway {
namespace {

using namespace apply_test;  // NOLINT

ResourceDecl Decl(const std::string& address, const Value& spec,
                  std::vector<std::string> depends_on = {}) {
  ResourceDecl d;
  d.address = Addr(address);
  d.spec = spec;
  for (const auto& a : depends_on) d.depends_on.push_back(Addr(a));
  return d;
}

// A role, its inline policy (by reference) and a grant that depends_on the role explicitly.
ManifestSet Manifests() {
  ManifestSet m;
  m.digest = "sha256:test";
  m.resources.push_back(
      Decl("mem.role.r", {{"role_name", "r"}, {"trust_policy", TrustPolicy("x")}}));
  m.resources.push_back(Decl(
      "mem.role_policy.p",
      {{"role", "${mem.role.r.role_name}"}, {"policy_name", "read"}, {"policy", Value::object()}}));
  m.resources.push_back(Decl("mem.grant.g",
                             {{"principal", "analyst"}, {"on", "x"}, {"privileges", {"USAGE"}}},
                             {"mem.role.r"}));
  return m;
}

Plan MakePlan(const World& w, const State& state) {
  auto planned = Planner(&w.registry).MakePlan(Manifests(), state, PlanOptions{});
  EXPECT_TRUE(planned.ok()) << planned.status().ToString();
  return planned.ok() ? planned->plan : Plan{};
}

const Change* Find(const Plan& plan, const std::string& address) {
  for (const auto& c : plan.changes) {
    if (c.address.str() == address) return &c;
  }
  return nullptr;
}

TEST(DependencyRepairTest, WrongDependenciesArePlannedAsAnUpdateThatOnlyWritesTheState) {
  struct Case {
    std::string reason;
    std::vector<std::string> policy_deps;  // recorded in the state
    std::vector<std::string> grant_deps;
    std::string policy_reason;  // "" when the policy needs no repair
  } cases[] = {
      {"recovered by an older version: none recorded", {}, {}, "depending on nothing"},
      {"a dependency that is no longer implied",
       {"mem.role.r", "mem.grant.g"},
       {"mem.role.r"},
       "depending on mem.grant.g, mem.role.r"},
      {"already right", {"mem.role.r"}, {"mem.role.r"}, ""},
  };
  for (const auto& c : cases) {
    World w;
    w.Seed("mem.role.r", {{"role_name", "r"}, {"trust_policy", TrustPolicy("x")}});
    w.Seed("mem.role_policy.p",
           {{"role", "r"}, {"policy_name", "read"}, {"policy", Value::object()}}, c.policy_deps);
    w.Seed("mem.grant.g", {{"principal", "analyst"}, {"on", "x"}, {"privileges", {"USAGE"}}},
           c.grant_deps);
    Plan plan = MakePlan(w, w.state);
    const Change* p = Find(plan, "mem.role_policy.p");
    ASSERT_NE(p, nullptr) << c.reason;
    EXPECT_EQ(p->depends_on, std::vector<std::string>{"mem.role.r"}) << c.reason;
    EXPECT_EQ(Find(plan, "mem.grant.g")->depends_on, std::vector<std::string>{"mem.role.r"})
        << c.reason;
    if (c.policy_reason.empty()) {
      EXPECT_EQ(p->action, Action::kNoOp) << c.reason;
      continue;
    }
    EXPECT_EQ(p->action, Action::kUpdate) << c.reason;
    EXPECT_TRUE(p->attribute_changes.empty()) << c.reason;
    EXPECT_EQ(p->reason, "the state records it as " + c.policy_reason +
                             ", but the manifests make it depend on mem.role.r; apply records "
                             "that (nothing is sent), so that deletes are ordered right")
        << c.reason;
    EXPECT_NE(RenderPlan(plan, false)
                  .find("~ mem.role_policy.p (update)\n      # the state "
                        "records it as " +
                        c.policy_reason),
              std::string::npos)
        << c.reason << ": the plan says so\n"
        << RenderPlan(plan, false);

    w.mem->ResetCounts();
    Applier applier(&w.registry, nullptr, nullptr);
    ApplyResult r = applier.Apply(plan, w.state, ApplyOptions{});
    ASSERT_TRUE(r.status.ok()) << c.reason << ": " << r.status.ToString();
    EXPECT_EQ(w.mem->MutationCount(), 0) << c.reason << ": nothing is sent";
    EXPECT_EQ(r.state.Find("mem.role_policy.p")->dependencies,
              std::vector<std::string>{"mem.role.r"})
        << c.reason;
    EXPECT_EQ(r.state.Find("mem.grant.g")->dependencies, std::vector<std::string>{"mem.role.r"})
        << c.reason;
    EXPECT_FALSE(MakePlan(w, r.state).HasChanges()) << c.reason << ": repaired once";
  }
}

// A resource created beside a dependency that does not change records it too (depends_on and
// references alike): what an apply writes needs no repair.
TEST(DependencyRepairTest, ApplyRecordsDependenciesThatDidNotChange) {
  World w;
  w.Seed("mem.role.r", {{"role_name", "r"}, {"trust_policy", TrustPolicy("x")}});
  Plan plan = MakePlan(w, w.state);
  ASSERT_EQ(Find(plan, "mem.role.r")->action, Action::kNoOp);
  Applier applier(&w.registry, nullptr, nullptr);
  ApplyResult r = applier.Apply(plan, w.state, ApplyOptions{});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.state.Find("mem.role_policy.p")->dependencies,
            std::vector<std::string>{"mem.role.r"});
  EXPECT_EQ(r.state.Find("mem.grant.g")->dependencies, std::vector<std::string>{"mem.role.r"});
  EXPECT_FALSE(MakePlan(w, r.state).HasChanges());
}

}  // namespace
}  // namespace causeway

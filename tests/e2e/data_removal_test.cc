// Removing data-holding objects (issue 17, part 2), over every kind whose schema says
// holds_data, of every provider Causeway ships with: found through KindSchema::holds_data, so a
// kind added later is covered without editing this file. An object deleted outside Causeway is
// only dropped from the state, by destroy or by an apply whose manifests no longer declare it,
// with or without the opt-in and without a single mutating call; an object that still exists
// cannot be deleted without the opt-in, whatever a saved plan says and whenever it comes back
// (before apply, or between apply's own check and the delete step). The engine runs for real
// (Planner, Applier); the provider is a FakeCloudProvider serving the real provider's schemas.
#include <gtest/gtest.h>

#include <functional>

#include "reconciler/apply/applier.h"
#include "reconciler/cli/workspace.h"
#include "reconciler/plan/planner.h"
#include "tests/support/fake_cloud_provider.h"

namespace causeway::testing {
namespace {

constexpr const char* kStateOnly =
    "already deleted outside Causeway; this only removes it from the state";

// Every data-holding kind of the built-in providers.
std::vector<KindSchema> DataKinds() {
  ProviderRegistry builtin;
  RegisterBuiltinProviders(&builtin);
  std::vector<KindSchema> out;
  for (const auto& [kind, schema] : builtin.schemas()) {
    if (schema.holds_data) out.push_back(schema);
  }
  return out;
}

// One object of `kind`, live and in the state, at address KIND.x (id "x").
struct World {
  explicit World(const KindSchema& kind)
      : address{kind.kind, "x"},
        cloud(std::make_shared<FakeCloudProvider>(address.provider(),
                                                  std::vector<KindSchema>{kind})) {
    registry.Add(cloud);
    cloud->Put(kind.kind, "x", Value{{"marker", "data"}});
    ResourceState entry;
    entry.address = address;
    entry.id = "x";
    entry.attributes = Value{{"marker", "data"}};
    state.lineage = "lineage";
    state.serial = 3;
    state.resources[address.str()] = entry;
  }

  Result<PlanResult> MakePlan(bool destroy, bool lifecycle_opt_in, bool flag_opt_in) const {
    ManifestSet manifests;  // destroy: only for lifecycle; apply: the object is no longer in it
    if (destroy && lifecycle_opt_in) {
      ResourceDecl decl;
      decl.address = address;
      decl.spec = Value::object();
      decl.lifecycle.allow_destroy = true;
      manifests.resources.push_back(decl);
    }
    PlanOptions options;
    options.destroy = destroy;
    if (flag_opt_in) options.allow_destroy = {address.str()};
    return Planner(&registry).MakePlan(manifests, state, options);
  }

  ApplyResult Apply(const Plan& plan) const {
    Applier applier(&registry, nullptr, nullptr);
    return applier.Apply(plan, state, ApplyOptions{});
  }

  const Change* Find(const Plan& plan) const {
    for (const auto& c : plan.changes) {
      if (c.address == address) return &c;
    }
    return nullptr;
  }

  Address address;
  std::shared_ptr<FakeCloudProvider> cloud;
  ProviderRegistry registry;
  State state;
};

TEST(DataRemovalTest, TheBuiltinDataKindsAreFound) {
  std::set<std::string> kinds;
  for (const auto& k : DataKinds()) kinds.insert(k.kind);
  for (const char* expected : {"mem.bucket", "mem.database", "mem.table", "aws.s3.bucket",
                               "aws.glue.database", "aws.glue.table"}) {
    EXPECT_TRUE(kinds.count(expected)) << expected;
  }
}

TEST(DataRemovalTest, ObjectDeletedOutsideIsOnlyForgottenWithOrWithoutTheOptIn) {
  struct Case {
    std::string reason;
    bool destroy;
    bool lifecycle_opt_in;
    bool flag_opt_in;
  } cases[] = {
      {"destroy without the opt-in", true, false, false},
      {"destroy with lifecycle.allow_destroy", true, true, false},
      {"destroy with --allow-destroy", true, false, true},
      {"apply after the manifests dropped it, without the opt-in", false, false, false},
      {"apply after the manifests dropped it, with --allow-destroy", false, false, true},
  };
  for (const auto& kind : DataKinds()) {
    for (const auto& c : cases) {
      const std::string ctx = kind.kind + ", " + c.reason;
      World w(kind);
      w.cloud->Erase(kind.kind, "x");  // out of band
      auto planned = w.MakePlan(c.destroy, c.lifecycle_opt_in, c.flag_opt_in);
      ASSERT_TRUE(planned.ok()) << ctx << ": " << planned.status().ToString();
      const Change* change = w.Find(planned->plan);
      ASSERT_NE(change, nullptr) << ctx;
      EXPECT_EQ(change->action, Action::kDelete) << ctx;
      EXPECT_EQ(change->reason, kStateOnly) << ctx;
      EXPECT_TRUE(change->holds_data) << ctx;
      EXPECT_EQ(change->allow_destroy, c.lifecycle_opt_in || c.flag_opt_in)
          << ctx << ": an opt-in given is recorded, none is needed";
      ApplyResult r = w.Apply(planned->plan);
      EXPECT_TRUE(r.status.ok()) << ctx << ": " << r.status.ToString();
      EXPECT_EQ(r.exit_code, 0) << ctx;
      EXPECT_EQ(r.state.Find(w.address.str()), nullptr) << ctx << ": still in the state";
      EXPECT_TRUE(w.cloud->mutations().empty()) << ctx << ": nothing to send";
      EXPECT_EQ(r.removed_from_state, std::vector<std::string>{w.address.str()})
          << ctx << ": reported as removed from the state only";
    }
  }
}

TEST(DataRemovalTest, ObjectThatExistsNeedsTheOptIn) {
  for (const auto& kind : DataKinds()) {
    World w(kind);
    auto refused = w.MakePlan(/*destroy=*/true, false, false);
    ASSERT_FALSE(refused.ok()) << kind.kind;
    // A kind that says why its objects must not go silently (destroy_note) says that instead.
    const std::string why =
        kind.destroy_note.empty() ? kind.kind + " holds data" : kind.kind + " " + kind.destroy_note;
    EXPECT_NE(refused.status().message().find(why), std::string::npos)
        << refused.status().message();
    auto planned = w.MakePlan(/*destroy=*/true, false, /*flag_opt_in=*/true);
    ASSERT_TRUE(planned.ok()) << kind.kind << ": " << planned.status().ToString();
    ApplyResult r = w.Apply(planned->plan);
    EXPECT_TRUE(r.status.ok()) << kind.kind << ": " << r.status.ToString();
    EXPECT_EQ(w.cloud->mutations(), std::vector<std::string>{"remove " + w.address.str()});
    EXPECT_FALSE(w.cloud->Has(kind.kind, "x")) << kind.kind;
    EXPECT_TRUE(r.removed_from_state.empty()) << kind.kind << ": it was deleted, not forgotten";
  }
}

// A delete without the opt-in reaches apply while the object exists: apply refuses it, from
// what it observes, whatever the plan claims.
TEST(DataRemovalTest, ApplyRefusesToDeleteAnObjectThatExistsWithoutTheOptIn) {
  struct Case {
    std::string reason;
    // Makes the plan and sets the cloud up; returns the plan to apply.
    std::function<Plan(World*)> prepare;
    bool refused_before_any_step;
  };
  std::vector<Case> cases = {
      {"a saved plan edited to pass a real delete off as a state-only one",
       [](World* w) {
         auto p = w->MakePlan(true, false, true);
         EXPECT_TRUE(p.ok());
         for (auto& c : p->plan.changes) {
           c.allow_destroy = false;
           c.holds_data = false;
           c.reason = kStateOnly;
         }
         return p->plan;
       },
       true},
      {"planned while it was gone; created again before apply",
       [](World* w) {
         w->cloud->Erase(w->address.kind, "x");
         auto p = w->MakePlan(true, false, false);
         EXPECT_TRUE(p.ok());
         w->cloud->Put(w->address.kind, "x", Value{{"marker", "new data"}});
         return p->plan;
       },
       true},
      {"planned while it was gone; created again between apply's check and the delete step",
       [](World* w) {
         w->cloud->Erase(w->address.kind, "x");
         auto p = w->MakePlan(true, false, false);
         EXPECT_TRUE(p.ok());
         // Observe calls: 1 was the plan's, 2 is apply's check, 3 the delete step's.
         w->cloud->BeforeObserve([w](int n) {
           if (n == 3) w->cloud->Put(w->address.kind, "x", Value{{"marker", "new data"}});
         });
         return p->plan;
       },
       false},
  };
  for (const auto& kind : DataKinds()) {
    for (const auto& c : cases) {
      const std::string ctx = kind.kind + ", " + c.reason;
      World w(kind);
      Plan plan = c.prepare(&w);
      ApplyResult r = w.Apply(plan);
      EXPECT_EQ(r.status.code(), StatusCode::kAborted) << ctx << ": " << r.status.ToString();
      EXPECT_EQ(r.status.message().rfind("refusing to apply: the plan deletes " + w.address.str() +
                                             ", and " + kind.kind +
                                             " holds data, but the plan "
                                             "does not allow it",
                                         0),
                0u)
          << ctx << ": " << r.status.message();
      EXPECT_NE(r.status.message().find("exists (id x)"), std::string::npos)
          << ctx << ": it says what it found: " << r.status.message();
      EXPECT_NE(r.status.message().find("--allow-destroy " + w.address.str()), std::string::npos)
          << ctx;
      EXPECT_EQ(r.exit_code, 1) << ctx;
      EXPECT_EQ(r.began, !c.refused_before_any_step) << ctx;
      EXPECT_TRUE(w.cloud->mutations().empty()) << ctx;
      EXPECT_TRUE(w.cloud->Has(kind.kind, "x")) << ctx << ": the data is still there";
      EXPECT_NE(r.state.Find(w.address.str()), nullptr) << ctx << ": and still managed";
    }
  }
}

}  // namespace
}  // namespace causeway::testing

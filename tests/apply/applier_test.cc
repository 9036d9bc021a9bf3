// Applier happy paths: outputs flowing through references, deferred updates after a bootstrap
// create, parallelism bounds, plan-order scheduling, progress reporting, sensitive values, the
// resulting state and the stale-plan check.
#include "reconciler/apply/applier.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "reconciler/apply/journal.h"
#include "tests/support/apply_fixtures.h"
#include "tests/support/apply_scenario.h"

namespace causeway {
namespace {

using namespace apply_test;  // NOLINT

// Wraps the memory provider: records the order of create calls and the most calls in flight at
// once. Each mutation waits (up to 2s) until `gate` calls are in flight, then the gate stays
// open, so the maximum is reached deterministically when the applier allows it.
class GateProvider : public Provider {
 public:
  GateProvider(std::shared_ptr<MemoryProvider> mem, int gate, int asks = 0)
      : mem_(std::move(mem)), gate_(gate), asks_(asks) {}
  std::string name() const override { return "mem"; }
  int steps_in_flight() const override { return asks_; }
  std::vector<KindSchema> schemas() const override { return mem_->schemas(); }
  Status configure(const Value& c) override { return mem_->configure(c); }
  Result<std::vector<Observation>> observe(const std::vector<ObserveItem>& items) override {
    return mem_->observe(items);
  }
  Result<ResourceResult> create(const CreateRequest& r) override {
    Enter("create " + r.address.str());
    auto out = mem_->create(r);
    Leave();
    return out;
  }
  Result<ResourceResult> update(const UpdateRequest& r) override {
    Enter("update " + r.address.str());
    auto out = mem_->update(r);
    Leave();
    return out;
  }
  Status remove(const DeleteRequest& r) override {
    Enter("remove " + r.address.str());
    Status s = mem_->remove(r);
    Leave();
    return s;
  }
  Result<std::vector<Observation>> list(const ListRequest& r) override { return mem_->list(r); }

  int max_in_flight() {
    std::lock_guard<std::mutex> l(mu_);
    return max_;
  }
  std::vector<std::string> calls() {
    std::lock_guard<std::mutex> l(mu_);
    return calls_;
  }

 private:
  void Enter(const std::string& call) {
    std::unique_lock<std::mutex> l(mu_);
    calls_.push_back(call);
    max_ = std::max(max_, ++in_flight_);
    if (in_flight_ >= gate_) open_ = true;
    cv_.notify_all();
    cv_.wait_for(l, std::chrono::seconds(2), [&] { return open_; });
  }
  void Leave() {
    std::lock_guard<std::mutex> l(mu_);
    --in_flight_;
  }

  std::shared_ptr<MemoryProvider> mem_;
  int gate_;
  int asks_;  // what steps_in_flight() answers
  std::mutex mu_;
  std::condition_variable cv_;
  int in_flight_ = 0;
  int max_ = 0;
  bool open_ = false;
  std::vector<std::string> calls_;
};

TEST(ApplierTest, CreatesWithOutputsFlowingThroughReferences) {
  World w;
  Plan plan;
  plan.changes.push_back(MakeCreate(
      "mem.integration.i", {{"name", "i"}, {"role_arn", "${mem.role.r.arn}"}}, {"mem.role.r"}));
  plan.changes.insert(
      plan.changes.begin(),
      MakeCreate("mem.role.r", {{"role_name", "r"}, {"trust_policy", TrustPolicy("a")}}));
  RecordingReporter reporter;
  Applier applier(&w.registry, nullptr, &reporter);
  ApplyResult r = applier.Apply(plan, w.state, ApplyOptions{});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.steps_done, 2);
  EXPECT_FALSE(r.rolled_back);
  const ResourceState* role = r.state.Find("mem.role.r");
  const ResourceState* integ = r.state.Find("mem.integration.i");
  ASSERT_NE(role, nullptr);
  ASSERT_NE(integ, nullptr);
  EXPECT_EQ(role->id, "r");
  EXPECT_EQ(integ->attributes["role_arn"], role->outputs["arn"]);
  EXPECT_FALSE(integ->outputs.value("iam_user_arn", "").empty());
  EXPECT_EQ(integ->dependencies, std::vector<std::string>{"mem.role.r"});
  EXPECT_EQ(CompareStateToLive(r.state, *w.mem, w.registry), "");
  EXPECT_EQ(reporter.lines.front(), "[1/2] creating mem.role.r");
}

TEST(ApplierTest, DeferredUpdateFollowsBootstrapCreate) {
  World w;
  Plan plan;
  Change role = MakeCreate(
      "mem.role.r",
      {{"role_name", "r"}, {"trust_policy", TrustPolicy("${mem.integration.i.iam_user_arn}")}});
  role.bootstrap_attributes = {"trust_policy"};
  plan.changes.push_back(role);
  plan.changes.push_back(MakeCreate(
      "mem.integration.i", {{"name", "i"}, {"role_arn", "${mem.role.r.arn}"}}, {"mem.role.r"}));
  plan.changes.push_back(MakeDeferred("mem.role.r", role.config, {"mem.integration.i"}));
  auto gate = std::make_shared<GateProvider>(w.mem, 1);
  ProviderRegistry registry;
  registry.Add(gate);
  RecordingReporter reporter;
  Applier applier(&registry, nullptr, &reporter);
  ApplyResult r = applier.Apply(plan, w.state, ApplyOptions{});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.steps_done, 3);
  EXPECT_EQ(gate->calls(),
            (std::vector<std::string>{"create mem.role.r", "create mem.integration.i",
                                      "update mem.role.r"}));
  std::string user = r.state.Find("mem.integration.i")->outputs["iam_user_arn"];
  auto live = w.mem->Snapshot();
  EXPECT_EQ(live["mem.role"]["r"].attributes["trust_policy"], TrustPolicy(user));
  EXPECT_EQ(r.state.Find("mem.role.r")->attributes["trust_policy"], TrustPolicy(user));
  // The state keeps the dependency the cycle was broken at out: i -> r only.
  EXPECT_EQ(r.state.Find("mem.role.r")->dependencies, std::vector<std::string>{});
  EXPECT_EQ(r.state.Find("mem.integration.i")->dependencies,
            std::vector<std::string>{"mem.role.r"});
  EXPECT_NE(std::find(reporter.lines.begin(), reporter.lines.end(),
                      "[3/3] updating (deferred) mem.role.r"),
            reporter.lines.end());
}

// The role exists already (its main change is a no-op) and its integration is created again:
// the integration's depends_on names the role, which means the role's main change, not its
// deferred update (that waits for the integration: mapping one to the other was a cycle).
TEST(ApplierTest, DependencyOnAnAddressWithOnlyADeferredUpdateIsAlreadyMet) {
  World w;
  w.Seed("mem.role.r", {{"role_name", "r"}, {"trust_policy", TrustPolicy("old")}});
  Plan plan;
  Change role = MakeNoOp(w.state, "mem.role.r");
  role.config["trust_policy"] = TrustPolicy("${mem.integration.i.iam_user_arn}");
  plan.changes.push_back(role);
  plan.changes.push_back(MakeCreate(
      "mem.integration.i", {{"name", "i"}, {"role_arn", "${mem.role.r.arn}"}}, {"mem.role.r"}));
  Change deferred = MakeDeferred("mem.role.r", role.config, {"mem.integration.i"});
  deferred.id = "r";
  plan.changes.push_back(deferred);
  Applier applier(&w.registry, nullptr, nullptr);
  ApplyResult r = applier.Apply(plan, w.state, ApplyOptions{});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.steps_done, 2);
  std::string user = r.state.Find("mem.integration.i")->outputs["iam_user_arn"];
  EXPECT_EQ(r.state.Find("mem.role.r")->attributes["trust_policy"], TrustPolicy(user));
}

TEST(ApplierTest, ParallelismBoundsConcurrentProviderCalls) {
  struct Case {
    int parallelism;
    int expected_max;
    std::string reason;
  } cases[] = {
      {1, 1, "serial apply never overlaps calls"},
      {3, 3, "three workers reach three calls at once"},
      {16, 10, "never more than the ready steps"},
  };
  for (const auto& c : cases) {
    World w;
    Plan plan;
    for (int i = 0; i < 10; ++i) {
      plan.changes.push_back(
          MakeCreate("mem.database.d" + std::to_string(i), {{"name", "d" + std::to_string(i)}}));
    }
    auto gate = std::make_shared<GateProvider>(w.mem, c.expected_max);
    ProviderRegistry registry;
    registry.Add(gate);
    Applier applier(&registry, nullptr, nullptr);
    ApplyOptions options;
    options.parallelism = c.parallelism;
    ApplyResult r = applier.Apply(plan, w.state, options);
    ASSERT_TRUE(r.status.ok()) << c.reason;
    EXPECT_EQ(gate->max_in_flight(), c.expected_max) << c.reason;
    EXPECT_EQ(r.state.resources.size(), 10u) << c.reason;
  }
}

TEST(ApplierTest, WithoutAChosenParallelismEachProviderGetsWhatItAsksFor) {
  struct Case {
    int parallelism;  // 0: not chosen
    int asks;         // the provider's steps_in_flight()
    int expected_max;
    std::string reason;
  } cases[] = {
      {0, 0, kDefaultStepsInFlight, "a provider that asks nothing gets the default"},
      {0, 40, 40, "a provider that batches gets the steps in flight it asks for"},
      {3, 40, 3, "a chosen --parallelism wins over what the provider asks"},
  };
  for (const auto& c : cases) {
    World w;
    Plan plan;
    for (int i = 0; i < 50; ++i) {
      plan.changes.push_back(
          MakeCreate("mem.database.d" + std::to_string(i), {{"name", "d" + std::to_string(i)}}));
    }
    auto gate = std::make_shared<GateProvider>(w.mem, c.expected_max, c.asks);
    ProviderRegistry registry;
    registry.Add(gate);
    Applier applier(&registry, nullptr, nullptr);
    ApplyOptions options;
    options.parallelism = c.parallelism;
    ApplyResult r = applier.Apply(plan, w.state, options);
    ASSERT_TRUE(r.status.ok()) << c.reason;
    EXPECT_EQ(gate->max_in_flight(), c.expected_max) << c.reason;
    EXPECT_EQ(r.state.resources.size(), 50u) << c.reason;
  }
}

// A provider ("wait") whose creates block until another provider's step has run, as Snowflake
// external tables wait for an AWS role to trust their integration: 5 s at most, then an error.
class WaitingProvider : public Provider {
 public:
  explicit WaitingProvider(int asks) : asks_(asks) {}
  std::string name() const override { return "wait"; }
  std::vector<KindSchema> schemas() const override {
    KindSchema step;
    step.kind = "wait.step";
    return {step};
  }
  Status configure(const Value&) override { return Status::Ok(); }
  int steps_in_flight() const override { return asks_; }
  Result<std::vector<Observation>> observe(const std::vector<ObserveItem>& items) override {
    std::vector<Observation> out;
    for (const auto& i : items) {
      Observation missing;
      missing.address = i.address;
      out.push_back(missing);
    }
    return out;
  }
  Result<ResourceResult> create(const CreateRequest& r) override {
    std::unique_lock<std::mutex> l(mu_);
    if (!cv_.wait_for(l, std::chrono::seconds(5), [&] { return released_; })) {
      return Status::Unavailable(r.address.str() + " waited 5 s for the other provider's step");
    }
    return ResourceResult{r.address.name};
  }
  Result<ResourceResult> update(const UpdateRequest& r) override { return ResourceResult{r.id}; }
  Status remove(const DeleteRequest&) override { return Status::Ok(); }
  Result<std::vector<Observation>> list(const ListRequest&) override {
    return std::vector<Observation>{};
  }
  void Release() {
    std::lock_guard<std::mutex> l(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  int asks_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
};

// The memory provider, releasing a WaitingProvider when it creates something.
class ReleasingProvider : public GateProvider {
 public:
  ReleasingProvider(std::shared_ptr<MemoryProvider> mem, WaitingProvider* waiting)
      : GateProvider(std::move(mem), 1), waiting_(waiting) {}
  Result<ResourceResult> create(const CreateRequest& r) override {
    auto out = GateProvider::create(r);
    waiting_->Release();
    return out;
  }

 private:
  WaitingProvider* waiting_;
};

TEST(ApplierTest, OneProvidersWaitingStepsLeaveThreadsForAnothers) {
  World w;
  Plan plan;
  constexpr int kWaiting = 20;
  for (int i = 0; i < kWaiting; ++i) {
    plan.changes.push_back(MakeCreate("wait.step.s" + std::to_string(i), Value::object()));
  }
  plan.changes.push_back(MakeCreate("mem.database.trust", {{"name", "trust"}}));
  auto waiting = std::make_shared<WaitingProvider>(kWaiting);
  ProviderRegistry registry;
  registry.Add(waiting);
  registry.Add(std::make_shared<ReleasingProvider>(w.mem, waiting.get()));
  Applier applier(&registry, nullptr, nullptr);
  ApplyResult r = applier.Apply(plan, w.state, ApplyOptions{});
  ASSERT_TRUE(r.status.ok()) << "the 20 waiting steps took every thread: " << r.status.ToString();
  EXPECT_EQ(r.steps_done, kWaiting + 1);
}

TEST(ApplierTest, ReadyStepsStartInPlanOrder) {
  World w;
  Plan plan;
  for (const char* n : {"zeta", "alpha", "mid"}) {
    plan.changes.push_back(MakeCreate(std::string("mem.database.") + n, {{"name", n}}));
  }
  auto gate = std::make_shared<GateProvider>(w.mem, 1);
  ProviderRegistry registry;
  registry.Add(gate);
  Applier applier(&registry, nullptr, nullptr);
  ApplyOptions options;
  options.parallelism = 1;
  ASSERT_TRUE(applier.Apply(plan, w.state, options).status.ok());
  EXPECT_EQ(gate->calls(),
            (std::vector<std::string>{"create mem.database.zeta", "create mem.database.alpha",
                                      "create mem.database.mid"}));
}

TEST(ApplierTest, ScenarioSucceedsAndStateMatchesLive) {
  TempDir dir;
  World w;
  SeedScenario(&w);
  Plan plan = ScenarioPlan(w.state);
  Journal journal(dir.File("journal.jsonl"), RealFileSystem());
  RecordingReporter reporter;
  Applier applier(&w.registry, &journal, &reporter);
  ApplyResult r = applier.Apply(plan, w.state, ScenarioOptions(4));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.steps_done, kScenarioSteps);
  EXPECT_EQ(CompareStateToLive(r.state, *w.mem, w.registry), "");
  EXPECT_EQ(r.state.Find("mem.grant.g_old"), nullptr);
  EXPECT_EQ(r.state.Find("mem.table.t_old")->attributes["location"], "s3://new/");
  EXPECT_EQ(r.state.Find("mem.database.db1")->attributes["comment"], "second");
  // The secret reached the provider, but only a salted hash of it is kept.
  const ResourceState* secret = r.state.Find("mem.secret.s1");
  ASSERT_NE(secret, nullptr);
  EXPECT_FALSE(secret->attributes.contains("value"));
  ASSERT_TRUE(secret->sensitive_hashes.count("value"));
  EXPECT_TRUE(SensitiveHashMatches(secret->sensitive_hashes.at("value"), "hunter2-very-secret"));
  EXPECT_EQ(w.mem->Snapshot()["mem.secret"]["s1"].attributes["value"], "hunter2-very-secret");
  // Every step was reported once, with the verb for its action.
  int started = 0;
  for (const auto& line : reporter.lines) started += line.rfind("[", 0) == 0 ? 1 : 0;
  EXPECT_EQ(started, kScenarioSteps);
  auto has = [&](const std::string& suffix) {
    return std::any_of(reporter.lines.begin(), reporter.lines.end(), [&](const std::string& l) {
      return l.size() >= suffix.size() &&
             l.compare(l.size() - suffix.size(), suffix.size(), suffix) == 0;
    });
  };
  EXPECT_TRUE(has("] replacing mem.table.t_old"));
  EXPECT_TRUE(has("] deleting mem.grant.g_old"));
  EXPECT_TRUE(has("] updating mem.database.db1"));
  // The journal never holds the secret.
  auto text = RealFileSystem()->ReadFile(journal.path());
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->find("hunter2"), std::string::npos);
  auto records = Journal::Read(journal.path(), RealFileSystem());
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(records->front().type, "begin");
  EXPECT_EQ(records->front().attributes["lineage"], "test-lineage");
  EXPECT_EQ(records->back().type, "end");
  int intents = 0;
  for (const auto& rec : *records) intents += rec.type == "intent" ? 1 : 0;
  EXPECT_EQ(intents, kScenarioMutations);
}

TEST(ApplierTest, StalePlanIsRefusedWithConflict) {
  struct Case {
    std::string reason;
    std::string address;
    std::function<void(World*)> drift;
    std::function<Change(const State&)> change;
  };
  std::vector<Case> cases = {
      {"update after the touched attribute changed", "mem.database.db",
       [](World* w) {
         w->mem->PutOutOfBand("mem.database", "DB", {{{"name", "DB"}, {"comment", "hand"}}});
       },
       [](const State& s) {
         return MakeUpdate(s, "mem.database.db", {{"comment", "planned"}});
       }},
      {"update of an object deleted out of band", "mem.database.db",
       [](World* w) { w->mem->EraseOutOfBand("mem.database", "DB"); },
       [](const State& s) {
         return MakeUpdate(s, "mem.database.db", {{"comment", "planned"}});
       }},
      {"delete after an attribute changed", "mem.database.db",
       [](World* w) {
         w->mem->PutOutOfBand("mem.database", "DB", {{{"name", "DB"}, {"comment", "hand"}}});
       },
       [](const State& s) { return MakeDelete(s, "mem.database.db"); }},
      {"replace after an attribute changed", "mem.table.t",
       [](World* w) {
         w->mem->PutOutOfBand("mem.table", "DB.T",
                              {{{"database", "DB"},
                                {"name", "T"},
                                {"columns", {"other"}},
                                {"comment", ""},
                                {"location", ""}}});
       },
       [](const State& s) {
         return MakeReplace(s, "mem.table.t", {{"location", "s3://x/"}});
       }},
  };
  for (const auto& c : cases) {
    World w;
    w.Seed("mem.database.db", {{"name", "DB"}});
    w.Seed("mem.table.t", {{"database", "DB"}, {"name", "T"}, {"columns", {"a"}}});
    Plan plan;
    plan.changes.push_back(c.change(w.state));
    c.drift(&w);
    w.mem->ResetCounts();
    Applier applier(&w.registry, nullptr, nullptr);
    ApplyResult r = applier.Apply(plan, w.state, ApplyOptions{});
    EXPECT_EQ(r.status.code(), StatusCode::kConflict) << c.reason;
    EXPECT_EQ(r.status.message(), c.address + " changed since the plan was made; run plan again")
        << c.reason;
    EXPECT_EQ(r.exit_code, 1) << c.reason;
    EXPECT_EQ(w.mem->MutationCount(), 0) << c.reason;
  }
}

TEST(ApplierTest, StaleCheckIgnoresUntouchedAttributesAndSpelling) {
  World w;
  // The table is in another database: the memory provider refuses to delete a database that
  // still has tables.
  w.Seed("mem.table.t", {{"database", "LAKE"}, {"name", "T"}, {"columns", {"a"}}});
  w.Seed("mem.database.db", {{"name", "DB"}});
  Plan plan;
  plan.changes.push_back(MakeUpdate(w.state, "mem.table.t", {{"comment", "new"}}));
  plan.changes.push_back(MakeDelete(w.state, "mem.database.db", {"mem.table.t"}));
  // The delete's plan spelled the name differently; the schema normalises both to "DB".
  plan.changes[1].before["name"] = "db";
  // Drift in an attribute the update does not touch.
  w.mem->PutOutOfBand("mem.table", "LAKE.T",
                      {{{"database", "LAKE"},
                        {"name", "T"},
                        {"columns", {"b"}},
                        {"comment", ""},
                        {"location", ""}}});
  Applier applier(&w.registry, nullptr, nullptr);
  ApplyResult r = applier.Apply(plan, w.state, ApplyOptions{});
  EXPECT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.steps_done, 2);
}

TEST(ApplierTest, UnresolvableReferenceFailsTheStepBeforeAnyCall) {
  World w;
  Plan plan;
  plan.changes.push_back(
      MakeCreate("mem.integration.i", {{"name", "i"}, {"role_arn", "${mem.role.ghost.arn}"}}));
  Applier applier(&w.registry, nullptr, nullptr);
  ApplyResult r = applier.Apply(plan, w.state, ApplyOptions{});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.status.message(),
            "mem.integration.i: create failed: unresolved reference in role_arn");
  EXPECT_EQ(w.mem->MutationCount(), 0);
}

TEST(ApplierTest, EmptyPlanSucceedsAndKeepsState) {
  World w;
  w.Seed("mem.database.db", {{"name", "DB"}});
  Plan plan;
  plan.changes.push_back(MakeNoOp(w.state, "mem.database.db"));
  Applier applier(&w.registry, nullptr, nullptr);
  ApplyResult r = applier.Apply(plan, w.state, ApplyOptions{});
  EXPECT_TRUE(r.status.ok());
  EXPECT_EQ(r.steps_done, 0);
  EXPECT_EQ(r.state.resources.size(), 1u);
}

TEST(ApplierTest, FailureStopsSchedulingNewSteps) {
  World w;
  Plan plan;
  plan.changes.push_back(MakeCreate("mem.database.a", {{"name", "a"}}));
  plan.changes.push_back(MakeCreate("mem.database.b", {{"name", "b"}}, {"mem.database.a"}));
  plan.changes.push_back(MakeCreate("mem.database.c", {{"name", "c"}}));
  w.mem->FailOn("create", "mem.database.a", Status::ProviderError("denied"));
  RecordingReporter reporter;
  Applier applier(&w.registry, nullptr, &reporter);
  ApplyOptions options;
  options.parallelism = 1;
  ApplyResult r = applier.Apply(plan, w.state, options);
  EXPECT_EQ(r.status.message(), "mem.database.a: create failed: denied");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.steps_done, 0);
  EXPECT_EQ(reporter.lines,
            (std::vector<std::string>{
                "[1/3] creating mem.database.a",
                "finished mem.database.a ProviderError: mem.database.a: create failed: denied",
                "rollback 0"}));
}

TEST(ApplierTest, DataLossWithoutTheOptInIsRefusedBeforeAnyStep) {
  // What a hand-edited saved plan can hold: the schema says what holds data, not the plan.
  auto edited = [](Change c) {
    c.allow_destroy = false;
    c.holds_data = false;
    return c;
  };
  struct Case {
    std::string reason;
    std::function<Change(const State&)> change;
    std::string refusal;  // "" when the apply goes ahead
  };
  std::vector<Case> cases = {
      {"delete of a database",
       [&](const State& s) { return edited(MakeDelete(s, "mem.database.db")); },
       "refusing to apply: the plan deletes mem.database.db, and mem.database holds data"},
      {"replace of a table",
       [&](const State& s) {
         return edited(MakeReplace(s, "mem.table.t", {{"location", "s3://x/"}}));
       },
       "refusing to apply: the plan replaces mem.table.t, and mem.table holds data"},
      {"delete of a kind without data",
       [&](const State& s) { return edited(MakeDelete(s, "mem.role.r")); }, ""},
      {"delete with the opt-in", [](const State& s) { return MakeDelete(s, "mem.database.db"); },
       ""},
  };
  for (const auto& c : cases) {
    World w;
    w.Seed("mem.database.db", {{"name", "DB"}});
    w.Seed("mem.table.t", {{"database", "LAKE"}, {"name", "T"}, {"columns", {"a"}}});
    w.Seed("mem.role.r", {{"role_name", "r"}, {"trust_policy", Value::object()}});
    w.Seed("mem.role.other", {{"role_name", "other"}, {"trust_policy", Value::object()}});
    Plan plan;  // a harmless update first: the refusal must come before it too
    plan.changes.push_back(MakeUpdate(w.state, "mem.role.other", {{"description", "first"}}));
    plan.changes.push_back(c.change(w.state));
    w.mem->ResetCounts();
    Applier applier(&w.registry, nullptr, nullptr);
    ApplyResult r = applier.Apply(plan, w.state, ApplyOptions{});
    if (c.refusal.empty()) {
      EXPECT_TRUE(r.status.ok()) << c.reason << ": " << r.status.message();
      EXPECT_GT(w.mem->MutationCount(), 0) << c.reason;
      EXPECT_TRUE(r.began) << c.reason;
      continue;
    }
    EXPECT_EQ(r.status.code(), StatusCode::kAborted) << c.reason;
    EXPECT_EQ(r.status.message().rfind(c.refusal, 0), 0u) << r.status.message();
    EXPECT_EQ(r.exit_code, 1) << c.reason;
    EXPECT_FALSE(r.began) << c.reason << ": refused before the journal, so no state to save";
    EXPECT_EQ(w.mem->MutationCount(), 0) << c.reason << ": not even the update before it";
    EXPECT_EQ(r.state.resources.size(), w.state.resources.size()) << c.reason;
  }
}

// The memory provider with a value check on mem.bucket's `bucket` (names start with "ok").
class CheckedBucketProvider : public MemoryProvider {
 public:
  std::vector<KindSchema> schemas() const override {
    std::vector<KindSchema> out = MemoryProvider::schemas();
    for (auto& k : out) {
      for (auto& a : k.attributes) {
        if (k.kind == "mem.bucket" && a.name == "bucket") {
          a.check = [](const Value& v) {
            return v.get<std::string>().rfind("ok", 0) == 0 ? "" : "a name starting with 'ok'";
          };
        }
      }
    }
    return out;
  }
};

TEST(ApplierTest, ValueFromAReferenceIsCheckedBeforeTheProviderIsCalled) {
  auto mem = std::make_shared<CheckedBucketProvider>();
  ProviderRegistry registry;
  registry.Add(mem);
  Plan plan;
  plan.changes.push_back(MakeCreate("mem.bucket.a", {{"bucket", "ok-a"}}));
  // Validation cannot see this value: it is a's arn, "arn:mem:s3:::ok-a", known only now.
  plan.changes.push_back(
      MakeCreate("mem.bucket.b", {{"bucket", "${mem.bucket.a.arn}"}}, {"mem.bucket.a"}));
  Applier applier(&registry, nullptr, nullptr);
  ApplyResult r = applier.Apply(plan, State{}, ApplyOptions{});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.status.message().find("invalid value for attribute 'bucket' of mem.bucket: "
                                    "\"arn:mem:s3:::ok-a\"; expected a name starting with 'ok'"),
            std::string::npos)
      << r.status.message();
  EXPECT_EQ(mem->Counts()["create"], 1) << "b's create was never sent";
  EXPECT_TRUE(r.rolled_back);
  EXPECT_TRUE(r.state.resources.empty()) << "a was rolled back";
}

TEST(ApplierTest, DependencyCycleFailsWithoutMutating) {
  World w;
  Plan plan;
  plan.changes.push_back(MakeCreate("mem.database.a", {{"name", "a"}}, {"mem.database.b"}));
  plan.changes.push_back(MakeCreate("mem.database.b", {{"name", "b"}}, {"mem.database.a"}));
  Applier applier(&w.registry, nullptr, nullptr);
  ApplyResult r = applier.Apply(plan, w.state, ApplyOptions{});
  EXPECT_EQ(r.status.code(), StatusCode::kInternal);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(w.mem->MutationCount(), 0);
}

}  // namespace
}  // namespace causeway

// Crash recovery end to end: a forked child applies the 20-step scenario against a file-backed
// MemoryProvider and is killed with SIGKILL right after its k-th mutation (also during a
// rollback); the parent recovers from the child's journal with the pre-apply state and checks
// that nothing live is untracked and nothing tracked is missing, that what recovery adopted has
// the dependencies an uninterrupted apply records, and that both a destroy and an apply of
// manifests that no longer declare anything then delete everything, children before parents
// (the memory provider refuses a role with policies and a database with tables).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include "reconciler/apply/applier.h"
#include "reconciler/apply/recovery.h"
#include "reconciler/plan/planner.h"
#include "tests/support/apply_fixtures.h"
#include "tests/support/apply_scenario.h"

namespace causeway {
namespace {

using namespace apply_test;  // NOLINT

struct CrashCase {
  int crash_after;  // successful mutations before SIGKILL
  int fail_at;      // 0, or the mutation call that fails (so the crash hits the rollback)
  int parallelism;
  std::string reason;
};

// Runs the scenario in a child that dies after `c.crash_after` mutations; returns the child's
// wait status.
int RunChild(const CrashCase& c, const std::string& live_path, const std::string& journal_path,
             const Plan& plan, const State& state) {
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    auto mem = std::make_shared<MemoryProvider>();
    if (!mem->configure(Value{{"path", live_path}}).ok()) ::_exit(2);
    ProviderRegistry registry;
    registry.Add(mem);
    if (c.fail_at > 0) mem->FailMutation(c.fail_at);
    mem->AfterMutation(c.crash_after, [] { ::kill(::getpid(), SIGKILL); });
    Journal journal(journal_path, RealFileSystem());
    Applier applier(&registry, &journal, nullptr);
    ApplyResult r = applier.Apply(plan, state, ScenarioOptions(c.parallelism));
    ::_exit(r.exit_code == 0 ? 0 : 10 + r.exit_code);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

// The state an uninterrupted apply of the scenario leaves (its dependencies are what recovery
// must restore).
const State& CompletedScenarioState() {
  static const State state = [] {
    World w;
    SeedScenario(&w);
    Applier applier(&w.registry, nullptr, nullptr);
    ApplyResult r = applier.Apply(ScenarioPlan(w.state), w.state, ScenarioOptions(1));
    EXPECT_TRUE(r.status.ok()) << r.status.ToString();
    return r.state;
  }();
  return state;
}

// Plans with the planner (destroy, or manifests that declare nothing) and applies; every
// data-holding object may go. Returns "" when it succeeded and left nothing live or in state.
std::string DeleteEverything(World* w, const State& state, bool destroy, int parallelism) {
  PlanOptions options;
  options.destroy = destroy;
  for (const auto& [address, _] : state.resources) options.allow_destroy.insert(address);
  auto planned = Planner(&w->registry).MakePlan(ManifestSet{}, state, options);
  if (!planned.ok()) return "plan: " + planned.status().ToString();
  Applier applier(&w->registry, nullptr, nullptr);
  ApplyOptions apply_options;
  apply_options.parallelism = parallelism;
  ApplyResult r = applier.Apply(planned->plan, state, apply_options);
  if (!r.status.ok())
    return "apply (exit " + std::to_string(r.exit_code) + "): " + r.status.message();
  if (!r.state.resources.empty()) return "state not empty";
  std::string left = CompareStateToLive(r.state, *w->mem, w->registry);
  return left.empty() ? "" : "left behind: " + left;
}

void RunCrashCase(const CrashCase& c) {
  const std::string ctx = c.reason + " crash_after=" + std::to_string(c.crash_after) + ": ";
  TempDir dir;
  const std::string live_path = dir.File("live.json");
  const std::string journal_path = dir.File("journal.jsonl");
  State initial;
  Plan plan;
  {
    World seeded(Value{{"path", live_path}});
    SeedScenario(&seeded);
    initial = seeded.state;
    plan = ScenarioPlan(initial);
  }
  int status = RunChild(c, live_path, journal_path, plan, initial);
  ASSERT_TRUE(WIFSIGNALED(status)) << ctx << "child exited with " << WEXITSTATUS(status);
  ASSERT_EQ(WTERMSIG(status), SIGKILL) << ctx;

  // A fresh process's view: the cloud from its file, the state from before the apply.
  World after(Value{{"path", live_path}});
  State state = initial;
  auto report = RecoverFromJournal(journal_path, RealFileSystem(), after.registry, &state);
  ASSERT_TRUE(report.ok()) << ctx << report.status().ToString();
  EXPECT_EQ(CompareStateToLive(state, *after.mem, after.registry), "") << ctx;
  EXPECT_EQ(after.mem->MutationCount(), 0) << ctx << "recovery must not mutate";
  // Without a rollback something changed before the crash, so recovery has something to report
  // (a crash during rollback may come after everything was undone).
  if (c.fail_at == 0) {
    EXPECT_FALSE(report->adopted.empty() && report->updated.empty() && report->removed.empty())
        << ctx;
    // What recovery adopted has the dependencies the apply would have recorded.
    for (const auto& a : report->adopted) {
      const ResourceState* complete = CompletedScenarioState().Find(a);
      ASSERT_NE(complete, nullptr) << ctx << a;
      EXPECT_EQ(state.resources.at(a).dependencies, complete->dependencies) << ctx << a;
    }
  }

  // Then everything can be deleted, in order: by destroy, and by manifests that drop it all.
  const MemoryProvider::Live live = after.mem->Snapshot();
  EXPECT_EQ(DeleteEverything(&after, state, /*destroy=*/true, /*parallelism=*/1), "")
      << ctx << "destroy";
  after.mem->Restore(live);
  EXPECT_EQ(DeleteEverything(&after, state, /*destroy=*/false, /*parallelism=*/4), "")
      << ctx << "removed from the manifests";
}

TEST(CrashRecoveryTest, CrashAfterEveryMutation) {
  for (int parallelism : {1, 4}) {
    for (int k = 1; k <= kScenarioMutations; ++k) {
      RunCrashCase({k, 0, parallelism, "apply p=" + std::to_string(parallelism)});
    }
  }
}

TEST(CrashRecoveryTest, CrashDuringRollback) {
  // The 12th mutation fails (11 succeed); the crash then hits undo mutation (k - 11).
  for (int k = 12; k <= 22; k += 2) RunCrashCase({k, 12, 1, "rollback"});
  for (int k = 6; k <= 10; ++k) RunCrashCase({k, 6, 4, "parallel rollback"});
}

}  // namespace
}  // namespace causeway

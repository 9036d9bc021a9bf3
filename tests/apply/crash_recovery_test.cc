// Crash recovery end to end: a forked child applies the 20-step scenario against a file-backed
// MemoryProvider and is killed with SIGKILL right after its k-th mutation (also during a
// rollback); the parent recovers from the child's journal with the pre-apply state and checks
// that nothing live is untracked and nothing tracked is missing.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include "reconciler/apply/applier.h"
#include "reconciler/apply/recovery.h"
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
  }
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

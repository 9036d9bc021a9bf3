// --state-remote over a bare file:// repository, two working directories standing for two CI
// runners on one mem "cloud": what one applies the other plans as no change; a lock held on the
// remote (another runner mid-apply) makes apply fail at once naming the holder, changing
// nothing; force-unlock by id on the remote lets it go on; drift reads the shared state too.
#include <git2.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "reconciler/state/git_state_remote.h"
#include "reconciler/state/state_store.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"

namespace causeway::testing {
namespace {

class RemoteStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    git_libgit2_init();
    git_repository* bare = nullptr;
    ASSERT_EQ(git_repository_init(&bare, (shared_.path() + "/state.git").c_str(), 1), 0);
    git_repository_free(bare);
    url_ = "file://" + shared_.path() + "/state.git";
    const std::string manifests = "kind: providers\nspec:\n  mem:\n    path: " + shared_.path() +
                                  "/live.json\n---\nkind: mem.database\nname: analytics\nspec:\n"
                                  "  name: analytics\n  comment: curated\n";
    a_.Write("main.yaml", manifests);
    b_.Write("main.yaml", manifests);
  }
  void TearDown() override { git_libgit2_shutdown(); }
  std::string Live() const {
    std::ifstream in(shared_.path() + "/live.json");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  CliResult Run(CliRunner& runner, std::vector<std::string> args) {
    args.insert(args.begin(), {"--state-remote", url_});
    return runner.Run(args);
  }

  TempDir shared_{"causeway-shared"};
  std::string url_;
  CliRunner a_, b_;
};

TEST_F(RemoteStateTest, RunnersShareTheStateAndTheLock) {
  auto applied = Run(a_, {"apply", "--auto-approve"});
  ASSERT_EQ(applied.exit_code, 0) << applied.all();
  auto plan = Run(b_, {"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << "b reads a's state from the remote: " << plan.all();
  EXPECT_EQ(Run(b_, {"drift"}).exit_code, 0);

  // Another runner holds the lock on the remote (a third clone standing for it).
  TempDir third("causeway-third");
  ASSERT_EQ(Run(a_, {"state", "list"}).exit_code, 0);
  StateStore store(StateStoreOptions{third.path()});
  ASSERT_TRUE(store.Open().ok());
  GitStateRemote holder(GitRemoteOptions{url_, third.path()});
  LockInfo info;
  info.id = "feedc0de";
  info.who = "ci";
  info.pid = 1;
  info.host = "runner-9";
  info.time = "2026-12-05T00:00:00Z";
  info.operation = "apply";
  ASSERT_TRUE(holder.Lock(info).ok());

  b_.Write("main.yaml", b_.ReadFile("main.yaml") +
                            "---\nkind: mem.database\nname: staging\n"
                            "spec:\n  name: staging\n");
  const std::string live_before = Live();
  ASSERT_NE(live_before.find("ANALYTICS"), std::string::npos) << live_before;
  auto refused = Run(b_, {"apply", "--auto-approve"});
  EXPECT_EQ(refused.exit_code, 1) << refused.all();
  EXPECT_NE(refused.err.find("lock feedc0de held by ci (pid 1 on runner-9)"), std::string::npos)
      << refused.err;
  EXPECT_EQ(Live(), live_before) << "nothing applied";

  auto unlocked = Run(b_, {"force-unlock", "feedc0de"});
  ASSERT_EQ(unlocked.exit_code, 0) << unlocked.all();
  auto applied_b = Run(b_, {"apply", "--auto-approve"});
  ASSERT_EQ(applied_b.exit_code, 0) << applied_b.all();
  // a sees b's apply; its own manifests lack staging, so its plan would delete it.
  auto list = Run(a_, {"state", "list"});
  EXPECT_NE(list.out.find("mem.database.staging"), std::string::npos) << list.all();
  EXPECT_EQ(holder.ReadLock().status().code(), StatusCode::kNotFound)
      << "b released its lock when it finished";
}

}  // namespace
}  // namespace causeway::testing

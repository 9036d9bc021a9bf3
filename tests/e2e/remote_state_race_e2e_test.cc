// Two runners (two working directories, one mem "cloud") sharing their state through each
// backend: a bare git repository over file://, and an object in the sandbox's S3 (a versioned
// bucket). Runner a names it with --state-remote, b with a backend document. Races, with the
// real CLI:
// - both apply at once: the one that takes the remote lock applies, the other fails at once
//   naming the holder and changes nothing; run again, it applies on top of the first's state;
//   every state version ever pushed is still there (serials 1..N, none missing), and a third
//   runner plans no change;
// - an apply killed mid-way (SIGKILL after two mutations): another runner is refused (the lock
//   is held, and it has no journal of that apply); the killed runner's next apply takes over its
//   own dead lock, recovers the journal against the remote state (adopting what was created
//   before the kill) and finishes; nothing was created twice.
#include <git2.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "providers/memory/memory_provider.h"
#include "reconciler/state/git_state_remote.h"
#include "reconciler/state/state_json.h"
#include "reconciler/state/state_store.h"
#include "sandbox/aws/s3/s3_service.h"
#include "tests/support/cli_runner.h"
#include "tests/support/sandbox_fixture.h"
#include "tests/support/temp_dir.h"

namespace causeway::testing {
namespace {

constexpr char kDatabases[] = "analytics raw curated staging marts";

std::string Manifests(const std::string& live, int latency_ms, int crash_after,
                      const std::string& extra) {
  std::string out = "kind: providers\nspec:\n  mem:\n    path: " + live +
                    "\n    latency_ms: " + std::to_string(latency_ms) + "\n";
  if (crash_after > 0) out += "    crash_after_mutations: " + std::to_string(crash_after) + "\n";
  std::istringstream names(std::string(kDatabases) + " " + extra);
  std::string name;
  while (names >> name) {
    out += "---\nkind: mem.database\nname: " + name + "\nspec:\n  name: " + name + "\n";
  }
  return out;
}

class RemoteStateRaceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    git_libgit2_init();
    if (GetParam() == "git") {
      git_repository* bare = nullptr;
      ASSERT_EQ(git_repository_init(&bare, (shared_.path() + "/state.git").c_str(), 1), 0);
      git_repository_free(bare);
      url_ = "file://" + shared_.path() + "/state.git";
    } else {
      ASSERT_TRUE(sandbox_.Start().ok());
      client_ = sandbox_.Client();
      ASSERT_EQ(client_->Send("s3", "PUT", "/states", "", {}, "").status, 200);
      const std::string enable =
          "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
      ASSERT_EQ(client_
                    ->Send("s3", "PUT", "/states", "versioning",
                           {{"content-md5", sandbox::S3ContentMd5(enable)}}, enable)
                    .status,
                200);
      url_ = "s3://states/lake/state.json?endpoint=" + sandbox_.endpoint();
      // The runners find the sandbox's keys where they would find real ones: the environment.
      const auto keys = SandboxFixture::DefaultCredentials();
      ::setenv("AWS_ACCESS_KEY_ID", keys.access_key_id.c_str(), 1);
      ::setenv("AWS_SECRET_ACCESS_KEY", keys.secret_access_key.c_str(), 1);
      ::unsetenv("AWS_SESSION_TOKEN");
      ::unsetenv("AWS_PROFILE");
    }
  }
  void TearDown() override { git_libgit2_shutdown(); }

  std::string Live() const { return shared_.path() + "/live.json"; }
  // The mem "cloud" both runners share.
  Value LiveObjects() const {
    auto objects = MemoryProvider::ReadLiveFiles(Live());
    return objects.ok() ? *objects : Value::object();
  }
  // Runner a names the remote with the flag; b and c with a backend document.
  std::vector<std::string> With(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--state-remote", url_});
    return args;
  }
  std::string BackendDocument() const {
    if (GetParam() == "git") return "kind: backend\nspec:\n  git: {url: '" + url_ + "'}\n";
    return "kind: backend\nspec:\n  s3:\n    bucket: states\n    key: lake/state.json\n"
           "    endpoint: " +
           sandbox_.endpoint() + "\n";
  }
  // Whether the remote lock is held now.
  bool Locked() {
    if (GetParam() == "git") {
      TempDir probe("causeway-probe");
      StateStore store(StateStoreOptions{probe.path()});
      if (!store.Open().ok()) return false;
      return GitStateRemote(GitRemoteOptions{url_, probe.path()}).ReadLock().ok();
    }
    return client_->Send("s3", "GET", "/states/lake/state.json.lock", "", {}, "").status == 200;
  }
  // Waits (up to a minute) until `condition` holds; false if it never did.
  template <typename F>
  static bool Eventually(F condition) {
    for (int i = 0; i < 600; ++i) {
      if (condition()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  // The serial of every state version the remote ever held, oldest first.
  std::vector<uint64_t> PushedSerials() {
    std::vector<uint64_t> serials;
    if (GetParam() == "git") {
      git_repository* repo = nullptr;
      EXPECT_EQ(git_repository_open(&repo, (shared_.path() + "/state.git").c_str()), 0);
      git_revwalk* walk = nullptr;
      git_revwalk_new(&walk, repo);
      git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
      EXPECT_EQ(git_revwalk_push_ref(walk, "refs/heads/main"), 0);
      git_oid id;
      while (git_revwalk_next(&id, walk) == 0) {
        git_commit* commit = nullptr;
        git_commit_lookup(&commit, repo, &id);
        const std::string message = git_commit_message(commit);
        const auto at = message.find("Serial: ");
        if (at != std::string::npos) serials.push_back(std::stoull(message.substr(at + 8)));
        git_commit_free(commit);
      }
      git_revwalk_free(walk);
      git_repository_free(repo);
      return serials;
    }
    auto list = client_->Send("s3", "GET", "/states", "prefix=lake%2Fstate.json&versions", {}, "");
    EXPECT_EQ(list.status, 200) << list.body;
    // The versions of the state object (the lock object KEY.lock shares the prefix).
    for (size_t at = list.body.find("<Version>"); at != std::string::npos;
         at = list.body.find("<Version>", at + 1)) {
      const std::string entry = list.body.substr(at, list.body.find("</Version>", at) - at);
      if (entry.find("<Key>lake/state.json</Key>") == std::string::npos) continue;
      const size_t start = entry.find("<VersionId>") + 11;
      const std::string version = entry.substr(start, entry.find('<', start) - start);
      auto object =
          client_->Send("s3", "GET", "/states/lake/state.json", "versionId=" + version, {}, "");
      EXPECT_EQ(object.status, 200) << object.body;
      auto state = StateFromJson(object.body);
      if (state.ok()) serials.push_back(state->serial);
    }
    std::sort(serials.begin(), serials.end());
    return serials;
  }
  static void ExpectNoneMissing(const std::vector<uint64_t>& serials) {
    ASSERT_FALSE(serials.empty());
    for (size_t i = 0; i < serials.size(); ++i) {
      EXPECT_EQ(serials[i], i + 1) << "state version " << i + 1 << " is missing or repeated";
    }
  }

  TempDir shared_{"causeway-shared"};
  SandboxFixture sandbox_;
  std::unique_ptr<SandboxClient> client_;
  std::string url_;
  CliRunner a_, b_;
};

TEST_P(RemoteStateRaceTest, TwoRunnersApplyingAtOnceOneWinsAndNothingIsLost) {
  // a's apply is slow (300 ms a call, one step at a time): b starts while a holds the lock.
  a_.Write("main.yaml", Manifests(Live(), 300, 0, ""));
  b_.Write("main.yaml", Manifests(Live(), 0, 0, "sandbox_db"));
  b_.Write("backend.yaml", BackendDocument());
  const int pid = a_.Start(With({"apply", "--auto-approve", "--parallelism", "1"}));
  ASSERT_TRUE(Eventually([&] { return Locked(); })) << "a never took the remote lock";
  auto refused = b_.Run({"apply", "--auto-approve"});
  auto applied = a_.Wait(pid);
  ASSERT_EQ(applied.exit_code, 0) << applied.all();
  EXPECT_EQ(refused.exit_code, 1) << refused.all();
  EXPECT_NE(refused.err.find("is locked: lock "), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("force-unlock"), std::string::npos) << refused.err;
  EXPECT_EQ(LiveObjects().dump().find("SANDBOX_DB"), std::string::npos) << "b changed nothing";

  // b again, once a is done: it applies its one addition on top of a's state.
  auto second = b_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(second.exit_code, 0) << second.all();
  EXPECT_NE(second.out.find("Plan: 1 to create, 0 to update"), std::string::npos) << second.out;
  EXPECT_FALSE(Locked());

  ExpectNoneMissing(PushedSerials());
  CliRunner c;
  c.Write("main.yaml", Manifests(Live(), 0, 0, "sandbox_db"));
  c.Write("backend.yaml", BackendDocument());
  auto plan = c.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << "a third runner reads both applies: " << plan.all();
}

TEST_P(RemoteStateRaceTest, AKilledApplyRecoversFromItsJournalAgainstTheRemoteState) {
  b_.Write("main.yaml", Manifests(Live(), 0, 0, ""));
  b_.Write("backend.yaml", BackendDocument());
  a_.Write("main.yaml", Manifests(Live(), 0, 2, ""));
  auto killed = a_.Run(With({"apply", "--auto-approve", "--parallelism", "1"}));
  ASSERT_EQ(killed.exit_code, 137) << killed.all();
  ASSERT_TRUE(a_.Exists(".causeway/journal.jsonl"));
  ASSERT_TRUE(Locked()) << "the killed apply's lock is left on the remote";

  // Another runner has no journal of that apply: it must not take the lock over.
  auto other = b_.Run({"apply", "--auto-approve"});
  EXPECT_EQ(other.exit_code, 1) << other.all();
  EXPECT_NE(other.err.find("is locked: lock "), std::string::npos) << other.err;

  // The killed runner's next apply recovers and finishes.
  a_.Write("main.yaml", Manifests(Live(), 0, 0, ""));
  auto resumed = a_.Run(With({"apply", "--auto-approve"}));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.all();
  EXPECT_NE(resumed.all().find("adopted mem.database."), std::string::npos) << resumed.all();
  EXPECT_FALSE(a_.Exists(".causeway/journal.jsonl"));
  EXPECT_FALSE(Locked());
  const Value live = LiveObjects();
  EXPECT_EQ(live["mem.database"].size(), 5u) << "each database created once: " << live.dump();

  ExpectNoneMissing(PushedSerials());
  auto plan = b_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << plan.all();
}

INSTANTIATE_TEST_SUITE_P(Backends, RemoteStateRaceTest, ::testing::Values("git", "s3"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace causeway::testing

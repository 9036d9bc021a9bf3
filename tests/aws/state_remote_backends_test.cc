// The two StateRemote backends, git (a bare file:// repository) and S3 (the sandbox's S3), held
// to one contract with two or more "runners" (a local state repository each): a save pushed by
// one is pulled by the other; a save on top of a stale state is refused by the compare-and-swap
// and kept locally; after both moved, pull refuses to overwrite either; a save whose push failed
// is published by the next pull once the remote has not moved; the lock: one holder at a time,
// the other told who holds it, released only by its holder, force-unlock by id.
// S3 only: the URL form; of many first writes (If-None-Match) or lock takers at once exactly one
// lands; a state of another lineage is refused; with versioning on, each push is a version.
#include <git2.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "providers/aws/s3_state_remote.h"
#include "reconciler/state/git_state_remote.h"
#include "sandbox/aws/s3/s3_service.h"
#include "tests/support/sandbox_fixture.h"
#include "tests/support/temp_dir.h"

namespace causeway::testing {
namespace {

// One machine: a local state repository and a remote of the backend under test. The S3 one
// talks to the sandbox at `endpoint`; the git one to the bare repository at `endpoint`.
class Runner {
 public:
  Runner(std::string backend, const std::string& dir, const std::string& endpoint,
         const std::string& key)
      : backend_(std::move(backend)),
        dir_(dir),
        endpoint_(endpoint),
        key_(key),
        store_(StateStoreOptions{dir}) {}

  // A new process on this runner: a fresh remote object, then Pull.
  Status Open() {
    CW_RETURN_IF_ERROR(store_.Open());
    if (backend_ == "git") {
      remote_ = std::make_unique<GitStateRemote>(GitRemoteOptions{endpoint_, dir_});
      return remote_->Pull();
    }
    aws::S3RemoteOptions o;
    auto loc = aws::ParseS3RemoteUrl("s3://states/" + key_ + "?endpoint=" + endpoint_);
    if (!loc.ok()) return loc.status();
    o.location = *loc;
    o.store = &store_;
    o.dir = dir_;
    o.credentials = SandboxFixture::DefaultCredentials();
    auto remote = aws::S3StateRemote::Open(o);
    if (!remote.ok()) return remote.status();
    remote_ = std::move(remote).value();
    return remote_->Pull();
  }
  Result<State> Load() { return store_.Load(); }
  Status SaveWith(State state, const std::string& address) {
    ResourceState r;
    r.address = *Address::Parse(address);
    r.id = address;
    state.resources[address] = r;
    auto saved = store_.Save(std::move(state), "save " + address);
    if (!saved.ok()) return saved.status();
    return remote_->Push();
  }
  StateStore& store() { return store_; }
  StateRemote& remote() { return *remote_; }

 private:
  std::string backend_, dir_, endpoint_, key_;
  StateStore store_;
  std::unique_ptr<StateRemote> remote_;
};

class StateRemoteTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    git_libgit2_init();
    if (GetParam() == "git") {
      git_repository* bare = nullptr;
      ASSERT_EQ(git_repository_init(&bare, (tmp_.path() + "/remote.git").c_str(), 1), 0);
      git_repository_free(bare);
      endpoint_ = "file://" + tmp_.path() + "/remote.git";
      return;
    }
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    ASSERT_EQ(client_->Send("s3", "PUT", "/states", "", {}, "").status, 200);
    endpoint_ = fixture_.endpoint();
  }
  void TearDown() override { git_libgit2_shutdown(); }
  std::unique_ptr<Runner> NewRunner(const std::string& name,
                                    const std::string& key = "lake/state.json") {
    auto r = std::make_unique<Runner>(GetParam(), tmp_.path() + "/" + name, endpoint_, key);
    Status s = r->Open();
    EXPECT_TRUE(s.ok()) << s.message();
    return r;
  }
  static LockInfo Info(const std::string& id) {
    LockInfo i;
    i.id = id;
    i.who = "ci";
    i.pid = 7;
    i.host = "runner-" + id;
    i.time = "2026-12-05T00:00:00Z";
    i.operation = "apply";
    return i;
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
  TempDir tmp_{"causeway-state-remote"};
  std::string endpoint_;
};

// What only the S3 backend has: conditional writes raced, lineage checks, object versions.
using S3StateRemoteTest = StateRemoteTest;

TEST(S3RemoteUrlTest, ReadsBucketKeyAndParameters) {
  auto loc = aws::ParseS3RemoteUrl(
      "s3://lake-state/stacks/raw/state.json?region=eu-west-1&endpoint=https://minio.local:9000"
      "&profile=ci");
  ASSERT_TRUE(loc.ok()) << loc.status().message();
  EXPECT_EQ(loc->bucket, "lake-state");
  EXPECT_EQ(loc->key, "stacks/raw/state.json");
  EXPECT_EQ(loc->region, "eu-west-1");
  EXPECT_EQ(loc->endpoint, "https://minio.local:9000");
  EXPECT_EQ(loc->profile, "ci");
  for (const char* bad : {"s3://bucket", "s3://bucket/", "s3:///key", "s3://b/k?colour=red",
                          "s3://b/k?endpoint=ftp://x", "file:///tmp/x"}) {
    auto r = aws::ParseS3RemoteUrl(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("expected s3://BUCKET/KEY"), std::string::npos)
        << r.status().message();
  }
}

TEST_P(StateRemoteTest, SavesTravelBetweenRunnersAndStaleSavesAreRefused) {
  auto a = NewRunner("a");
  auto b = NewRunner("b");
  ASSERT_TRUE(a->SaveWith(*a->Load(), "mem.bucket.one").ok());

  ASSERT_TRUE(b->Open().ok());
  State seen = *b->Load();
  EXPECT_EQ(seen.serial, 1u);
  EXPECT_EQ(seen.resources.count("mem.bucket.one"), 1u);
  ASSERT_TRUE(b->SaveWith(seen, "mem.bucket.two").ok());

  // a saves on top of its stale state (serial 1): the PUT's If-Match fails, the commit stays.
  Status stale = a->SaveWith(*a->Load(), "mem.bucket.three");
  ASSERT_EQ(stale.code(), StatusCode::kConflict) << stale.message();
  EXPECT_NE(stale.message().find("nothing is lost"), std::string::npos) << stale.message();
  EXPECT_EQ(a->Load()->resources.count("mem.bucket.three"), 1u) << "kept in a's repository";
  // Both moved: pulling does not overwrite either side.
  Status diverged = a->Open();
  EXPECT_EQ(diverged.code(), StatusCode::kConflict) << diverged.message();
  EXPECT_EQ(a->Load()->resources.count("mem.bucket.three"), 1u);
  // The remote still holds b's state, with b's serial.
  auto c = NewRunner("c");
  State remote = *c->Load();
  EXPECT_EQ(remote.serial, 2u);
  EXPECT_EQ(remote.resources.count("mem.bucket.two"), 1u);
  EXPECT_EQ(remote.resources.count("mem.bucket.three"), 0u);
}

TEST_P(StateRemoteTest, AnUnpushedSaveIsPublishedByTheNextPull) {
  auto a = NewRunner("a");
  ASSERT_TRUE(a->SaveWith(*a->Load(), "mem.bucket.one").ok());
  // A save whose push did not happen (the runner lost the network after committing).
  State s = *a->Load();
  ResourceState r;
  r.address = *Address::Parse("mem.bucket.two");
  s.resources["mem.bucket.two"] = r;
  ASSERT_TRUE(a->store().Save(s, "save two").ok());
  ASSERT_TRUE(a->Open().ok()) << "the remote has not moved: pull pushes the save";
  auto b = NewRunner("b");
  EXPECT_EQ(b->Load()->resources.count("mem.bucket.two"), 1u);
  EXPECT_EQ(b->Load()->serial, 2u);
}

TEST_P(S3StateRemoteTest, AStateOfAnotherLineageIsRefused) {
  auto a = NewRunner("a");
  ASSERT_TRUE(a->SaveWith(*a->Load(), "mem.bucket.one").ok());
  // Another stack's local state, pointed at this object by mistake.
  Runner other("s3", tmp_.path() + "/other", endpoint_, "elsewhere.json");
  ASSERT_TRUE(other.Open().ok());
  ASSERT_TRUE(other.SaveWith(*other.Load(), "mem.bucket.mine").ok());
  Runner mixed("s3", tmp_.path() + "/other", endpoint_, "lake/state.json");
  Status s = mixed.Open();
  ASSERT_EQ(s.code(), StatusCode::kConflict) << s.message();
  EXPECT_NE(s.message().find("different stacks"), std::string::npos) << s.message();
}

TEST_P(S3StateRemoteTest, OfManyFirstWritesExactlyOneLands) {
  constexpr int kRunners = 8;
  std::vector<std::unique_ptr<Runner>> runners;
  for (int i = 0; i < kRunners; ++i) runners.push_back(NewRunner("r" + std::to_string(i)));
  std::atomic<int> landed{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kRunners; ++i) {
    threads.emplace_back([&, i] {
      Status s = runners[i]->SaveWith(State{}, "mem.bucket.r" + std::to_string(i));
      if (s.ok()) ++landed;
      if (s.code() == StatusCode::kConflict) ++refused;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(landed.load(), 1);
  EXPECT_EQ(refused.load(), kRunners - 1);
  auto reader = NewRunner("reader");
  EXPECT_EQ(reader->Load()->resources.size(), 1u);
}

TEST_P(StateRemoteTest, OneLockHolderAtATime) {
  auto a = NewRunner("a");
  auto b = NewRunner("b");
  EXPECT_EQ(a->remote().ReadLock().status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(a->remote().Lock(Info("aaaa")).ok());
  Status second = b->remote().Lock(Info("bbbb"));
  ASSERT_EQ(second.code(), StatusCode::kConflict) << second.message();
  EXPECT_NE(second.message().find("lock aaaa held by ci (pid 7 on runner-aaaa)"), std::string::npos)
      << second.message();
  EXPECT_TRUE(b->remote().Unlock("bbbb").ok());  // not b's: left alone
  EXPECT_EQ(a->remote().ReadLock()->id, "aaaa");
  EXPECT_EQ(b->remote().ForceUnlock("wrong").code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(a->remote().Unlock("aaaa").ok());
  ASSERT_TRUE(b->remote().Lock(Info("bbbb")).ok());
  ASSERT_TRUE(a->remote().ForceUnlock("bbbb").ok());
  EXPECT_EQ(a->remote().ReadLock().status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(a->remote().Lock(Info("cccc")).ok());
  // b, which thinks it still holds the lock, releases: the lock a took stays.
  ASSERT_TRUE(b->remote().Unlock("bbbb").ok());
  EXPECT_EQ(a->remote().ReadLock()->id, "cccc");
}

TEST_P(S3StateRemoteTest, OfManyLockersAtOnceOneWins) {
  constexpr int kRunners = 8;
  std::vector<std::unique_ptr<Runner>> runners;
  for (int i = 0; i < kRunners; ++i) runners.push_back(NewRunner("r" + std::to_string(i)));
  std::atomic<int> won{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kRunners; ++i) {
    threads.emplace_back([&, i] {
      Status s = runners[i]->remote().Lock(Info("id" + std::to_string(i)));
      if (s.ok()) ++won;
      if (s.code() == StatusCode::kConflict) ++refused;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(refused.load(), kRunners - 1);
}

TEST_P(S3StateRemoteTest, WithVersioningEveryPushIsAVersion) {
  const std::string enable =
      "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
  ASSERT_EQ(client_
                ->Send("s3", "PUT", "/states", "versioning",
                       {{"content-md5", sandbox::S3ContentMd5(enable)}}, enable)
                .status,
            200);
  auto a = NewRunner("a");
  for (const char* address : {"mem.bucket.one", "mem.bucket.two", "mem.bucket.three"}) {
    ASSERT_TRUE(a->SaveWith(*a->Load(), address).ok()) << address;
  }
  auto versions =
      client_->Send("s3", "GET", "/states", "prefix=lake%2Fstate.json&versions", {}, "");
  ASSERT_EQ(versions.status, 200) << versions.body;
  size_t count = 0;
  for (size_t at = versions.body.find("<Version>"); at != std::string::npos;
       at = versions.body.find("<Version>", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 3u) << versions.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, StateRemoteTest, ::testing::Values("git", "s3"),
                         [](const auto& info) { return info.param; });
INSTANTIATE_TEST_SUITE_P(Backends, S3StateRemoteTest, ::testing::Values("s3"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace causeway::testing

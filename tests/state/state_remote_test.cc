// StateRemote over a bare file:// remote and two clones (two runners): a save pushed by one is
// pulled by the other; a save on top of a stale state is refused by the push (compare-and-swap)
// and kept locally, nothing lost; after both moved, pull refuses to overwrite either; a save
// whose push failed is published by the next pull once the remote has not moved; the lock ref:
// one holder at a time, the other told who holds it, release only by the holder, force-unlock by
// id.
#include <git2.h>
#include <gtest/gtest.h>

#include "reconciler/state/git_state_remote.h"
#include "reconciler/state/state_store.h"
#include "tests/support/temp_dir.h"

namespace causeway {
namespace {

using testing::TempDir;

class Runner {
 public:
  Runner(const std::string& dir, const std::string& url)
      : store_(StateStoreOptions{dir}), remote_(GitRemoteOptions{url, dir}) {}
  Status Open() {
    CW_RETURN_IF_ERROR(store_.Open());
    return remote_.Pull();
  }
  Result<State> Load() { return store_.Load(); }
  // Adds a resource and saves; the push's status.
  Status SaveWith(State state, const std::string& address) {
    ResourceState r;
    r.address = *Address::Parse(address);
    r.id = address;
    state.resources[address] = r;
    auto saved = store_.Save(std::move(state), "save " + address);
    if (!saved.ok()) return saved.status();
    return remote_.Push();
  }
  StateStore& store() { return store_; }
  GitStateRemote& remote() { return remote_; }

 private:
  StateStore store_;
  GitStateRemote remote_;
};

class StateRemoteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    git_libgit2_init();
    git_repository* bare = nullptr;
    ASSERT_EQ(git_repository_init(&bare, (tmp_.path() + "/remote.git").c_str(), 1), 0);
    git_repository_free(bare);
    url_ = "file://" + tmp_.path() + "/remote.git";
  }
  void TearDown() override { git_libgit2_shutdown(); }
  std::unique_ptr<Runner> NewRunner(const std::string& name) {
    auto r = std::make_unique<Runner>(tmp_.path() + "/" + name, url_);
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

  TempDir tmp_{"causeway-remote"};
  std::string url_;
};

TEST_F(StateRemoteTest, SavesTravelBetweenRunnersAndStaleSavesAreRefused) {
  auto a = NewRunner("a");
  auto b = NewRunner("b");
  ASSERT_TRUE(a->SaveWith(*a->Load(), "mem.bucket.one").ok());

  ASSERT_TRUE(b->Open().ok());
  State seen = *b->Load();
  EXPECT_EQ(seen.serial, 1u);
  EXPECT_EQ(seen.resources.count("mem.bucket.one"), 1u);
  ASSERT_TRUE(b->SaveWith(seen, "mem.bucket.two").ok());

  // a saves on top of its stale state (serial 1): the push is refused, the commit kept locally.
  Status stale = a->SaveWith(*a->Load(), "mem.bucket.three");
  ASSERT_EQ(stale.code(), StatusCode::kConflict) << stale.message();
  EXPECT_NE(stale.message().find("nothing is lost"), std::string::npos) << stale.message();
  EXPECT_EQ(a->Load()->resources.count("mem.bucket.three"), 1u) << "kept in a's repository";
  // Both moved: pulling does not overwrite either side.
  Status diverged = a->Open();
  EXPECT_EQ(diverged.code(), StatusCode::kConflict) << diverged.message();
  // The remote still holds b's state.
  auto c = NewRunner("c");
  State remote = *c->Load();
  EXPECT_EQ(remote.resources.count("mem.bucket.two"), 1u);
  EXPECT_EQ(remote.resources.count("mem.bucket.three"), 0u);
}

TEST_F(StateRemoteTest, AnUnpushedSaveIsPublishedByTheNextPull) {
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
}

TEST_F(StateRemoteTest, OneLockHolderAtATime) {
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
  ASSERT_TRUE(a->remote().Lock(Info("cccc")).ok()) << "a lock of ours taken before is replaced";
}

}  // namespace
}  // namespace causeway

// StateLock: exclusive lock file, holder details, release, force-unlock, and across processes.
#include "reconciler/state/lock.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include "tests/support/temp_dir.h"

namespace causeway {
namespace {

class StateLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.path();
    dir_ = root_ + "/.causeway";
  }
  std::string LockPath() const { return dir_ + "/lock.json"; }

  causeway::testing::TempDir tmp_;
  std::string root_;
  std::string dir_;
};

std::string ForceUnlockHint(const LockInfo& info) {
  return "; if that process is gone, run `causeway force-unlock " + info.id + "`";
}

TEST_F(StateLockTest, AcquireWritesHolderRecordWithMode0600) {
  auto lock = StateLock::Acquire(dir_, "apply");
  ASSERT_TRUE(lock.ok()) << lock.status().ToString();
  struct stat st;
  ASSERT_EQ(::stat(LockPath().c_str(), &st), 0) << "Acquire creates the directory and the file";
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto read = StateLock::Read(dir_);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  const LockInfo& info = (*lock)->info();
  EXPECT_EQ(read->id, info.id);
  EXPECT_TRUE(std::regex_match(info.id, std::regex("^[0-9a-f]{16}$"))) << info.id;
  EXPECT_EQ(read->pid, ::getpid());
  EXPECT_EQ(read->operation, "apply");
  EXPECT_FALSE(read->who.empty());
  EXPECT_FALSE(read->host.empty());
  EXPECT_TRUE(std::regex_match(read->time, std::regex(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$)")))
      << read->time;
  EXPECT_EQ(read->who, info.who);
  EXPECT_EQ(read->host, info.host);
  EXPECT_EQ(read->time, info.time);
}

TEST_F(StateLockTest, WhoIsUserOrUid) {
  const char* saved = std::getenv("USER");
  std::string saved_user = saved != nullptr ? saved : "";
  struct Case {
    const char* user;  // nullptr: unset
    std::string want;
    std::string reason;
  } cases[] = {
      {"alice", "alice", "$USER set"},
      {nullptr, "uid " + std::to_string(::getuid()), "$USER unset falls back to the uid"},
  };
  for (const auto& c : cases) {
    if (c.user != nullptr) {
      ::setenv("USER", c.user, 1);
    } else {
      ::unsetenv("USER");
    }
    auto lock = StateLock::Acquire(dir_, "apply");
    ASSERT_TRUE(lock.ok()) << c.reason;
    EXPECT_EQ((*lock)->info().who, c.want) << c.reason;
  }
  if (saved != nullptr) {
    ::setenv("USER", saved_user.c_str(), 1);
  } else {
    ::unsetenv("USER");
  }
}

TEST_F(StateLockTest, LockInfoStrShowsHolder) {
  LockInfo info{"1234abcd", "alice", 42, "host1", "2026-11-26T14:27:52Z", "apply"};
  EXPECT_EQ(info.str(),
            "lock 1234abcd held by alice (pid 42 on host1) since 2026-11-26T14:27:52Z for apply");
}

TEST_F(StateLockTest, SecondAcquireFailsAtOnceWithHolderDetails) {
  auto first = StateLock::Acquire(dir_, "apply");
  ASSERT_TRUE(first.ok());
  auto second = StateLock::Acquire(dir_, "destroy");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kConflict);
  EXPECT_EQ(second.status().message(), (*first)->info().str() + ForceUnlockHint((*first)->info()));
  // The failed attempt must not have disturbed the holder's file.
  auto read = StateLock::Read(dir_);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->id, (*first)->info().id);
  EXPECT_EQ(read->operation, "apply");
}

TEST_F(StateLockTest, DestructorReleases) {
  {
    auto lock = StateLock::Acquire(dir_, "apply");
    ASSERT_TRUE(lock.ok());
    EXPECT_TRUE(std::filesystem::exists(LockPath()));
  }
  EXPECT_FALSE(std::filesystem::exists(LockPath()));
  EXPECT_TRUE(StateLock::Read(dir_).status().IsNotFound());
  auto again = StateLock::Acquire(dir_, "apply");
  EXPECT_TRUE(again.ok()) << again.status().ToString();
}

TEST_F(StateLockTest, DestructorLeavesALockItNoLongerHolds) {
  auto stale = StateLock::Acquire(dir_, "apply");
  ASSERT_TRUE(stale.ok());
  ASSERT_TRUE(StateLock::ForceUnlock(dir_, (*stale)->info().id).ok());
  auto current = StateLock::Acquire(dir_, "destroy");
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  stale->reset();  // the old holder finishes after its lock was forcibly taken
  auto read = StateLock::Read(dir_);
  ASSERT_TRUE(read.ok()) << "the new holder's lock must survive";
  EXPECT_EQ(read->id, (*current)->info().id);
}

TEST_F(StateLockTest, ForceUnlock) {
  Status none = StateLock::ForceUnlock(dir_, "abc");
  EXPECT_EQ(none.code(), StatusCode::kNotFound) << none.ToString();

  auto lock = StateLock::Acquire(dir_, "apply");
  ASSERT_TRUE(lock.ok());
  Status wrong = StateLock::ForceUnlock(dir_, "0000000000000000");
  EXPECT_EQ(wrong.code(), StatusCode::kInvalidArgument) << wrong.ToString();
  EXPECT_TRUE(std::filesystem::exists(LockPath())) << "a wrong id must not unlock";

  Status right = StateLock::ForceUnlock(dir_, (*lock)->info().id);
  EXPECT_TRUE(right.ok()) << right.ToString();
  EXPECT_FALSE(std::filesystem::exists(LockPath()));
  EXPECT_TRUE(StateLock::Acquire(dir_, "apply").ok());
}

TEST_F(StateLockTest, CorruptLockFileIsReportedNotIgnored) {
  std::filesystem::create_directories(dir_);
  FILE* f = std::fopen(LockPath().c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("{not json", f);
  std::fclose(f);
  auto read = StateLock::Read(dir_);
  EXPECT_EQ(read.status().code(), StatusCode::kCorruption);
  EXPECT_NE(read.status().message().find(LockPath()), std::string::npos);
  auto lock = StateLock::Acquire(dir_, "apply");
  EXPECT_FALSE(lock.ok()) << "a lock file we cannot read still means locked";
  EXPECT_TRUE(std::filesystem::exists(LockPath()));
}

TEST_F(StateLockTest, ExcludesAnotherProcess) {
  int ready[2];
  int go[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(go), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(ready[0]);
    ::close(go[1]);
    int code = 0;
    {
      auto lock = StateLock::Acquire(dir_, "apply");
      char c = lock.ok() ? 'y' : 'n';
      if (::write(ready[1], &c, 1) != 1) code = 2;
      char wait = 0;
      if (::read(go[0], &wait, 1) != 1) code = 3;  // hold the lock until the parent says so
      if (!lock.ok()) code = 1;
    }  // released here
    ::_exit(code);
  }
  ::close(ready[1]);
  ::close(go[0]);
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y') << "child could not take the lock";

  auto mine = StateLock::Acquire(dir_, "apply");
  ASSERT_FALSE(mine.ok());
  EXPECT_EQ(mine.status().code(), StatusCode::kConflict);
  EXPECT_NE(mine.status().message().find("(pid " + std::to_string(child) + " on "),
            std::string::npos)
      << mine.status().message();

  ASSERT_EQ(::write(go[1], "x", 1), 1);
  int wstatus = 0;
  ASSERT_EQ(::waitpid(child, &wstatus, 0), child);
  ASSERT_TRUE(WIFEXITED(wstatus));
  EXPECT_EQ(WEXITSTATUS(wstatus), 0);
  ::close(ready[0]);
  ::close(go[1]);

  auto after = StateLock::Acquire(dir_, "apply");
  EXPECT_TRUE(after.ok()) << "the child released on exit: " << after.status().ToString();
}

}  // namespace
}  // namespace causeway

namespace causeway {
namespace {

// A lock left on this host by a process that no longer exists (SIGKILL mid-apply) is taken over;
// one from another host, or from a live process, is not.
TEST(StateLockTakeoverTest, TakesOverOnlyALockWhoseLocalHolderIsDead) {
  causeway::testing::TempDir tmp;
  std::string dir = tmp.path();
  char host[256] = {0};
  ::gethostname(host, sizeof(host) - 1);
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);  // `child` is now a pid with no process
  struct Case {
    std::string host;
    int pid;
    bool taken_over;
    std::string reason;
  } cases[] = {
      {host, child, true, "dead process on this host"},
      {host, static_cast<int>(::getpid()), false, "live process on this host"},
      {"some-other-host", child, false, "cannot tell whether a remote process is alive"},
  };
  for (const auto& c : cases) {
    std::string record = R"({"id":"old1","who":"x","pid":)" + std::to_string(c.pid) +
                         R"(,"host":")" + c.host + R"(","time":"t","operation":"apply"})";
    std::filesystem::create_directories(dir);
    FILE* f = std::fopen((dir + "/lock.json").c_str(), "w");
    std::fputs(record.c_str(), f);
    std::fclose(f);
    {
      auto lock = StateLock::Acquire(dir, "plan");
      EXPECT_EQ(lock.ok(), c.taken_over) << c.reason << ": " << lock.status().ToString();
      if (lock.ok()) {
        EXPECT_NE((*lock)->info().id, "old1") << c.reason;
      }
    }  // released here
    std::filesystem::remove(dir + "/lock.json");
  }
}

}  // namespace
}  // namespace causeway

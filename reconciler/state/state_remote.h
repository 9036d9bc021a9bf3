// StateRemote: the state repository shared through a git remote (file://, ssh or https, through
// libgit2), so that pipelines on different runners work on one state.
// - Pull() before reading: fetches the branch and moves the local branch to the remote's tip. A
//   local commit the remote lacks (a save whose push failed) is pushed first when the remote has
//   not moved since; when both moved, Conflict: nothing is overwritten.
// - Push() after every save: a fast-forward push of the branch. Git refuses a push that is not a
//   fast-forward, so the push is a compare-and-swap on the branch: when someone else saved in
//   between, Push fails with Conflict, and the local commit is kept (nothing is lost).
// - The lock is a ref on the remote, refs/causeway/lock, pointing to a parentless commit whose
//   message is the lock record (lock.h). Creating a ref that exists fails, so of two runners
//   taking it at once one wins; the other gets Conflict naming the holder. Released by deleting
//   the ref (only while it still holds our id); ForceUnlock(id) deletes another's.
// Credentials: ssh through the SSH agent, https through a credential helper's answer in
// GIT_ASKPASS-free form: the username/password libgit2 gets from the URL or from the environment
// variables CAUSEWAY_GIT_USERNAME / CAUSEWAY_GIT_PASSWORD (a token), never written anywhere.
// Thread-safety: one StateRemote per process; not thread-safe.
#pragma once

#include <memory>
#include <string>

#include "reconciler/core/status.h"
#include "reconciler/state/lock.h"

namespace causeway {

struct StateRemoteOptions {
  std::string url;  // the remote repository
  std::string dir;  // the local state repository (opened by StateStore first)
  std::string branch = "main";
};

inline constexpr char kRemoteLockRef[] = "refs/causeway/lock";

class StateRemote {
 public:
  explicit StateRemote(StateRemoteOptions options);
  ~StateRemote();
  StateRemote(const StateRemote&) = delete;
  StateRemote& operator=(const StateRemote&) = delete;

  Status Pull();
  Status Push();

  // Conflict with the holder's record when the remote is locked.
  Status Lock(const LockInfo& info);
  // Deletes the remote lock if it still holds `id` (Ok when it does not).
  Status Unlock(const std::string& id);
  // NotFound when the remote is not locked, InvalidArgument when `id` is not the holder's.
  Status ForceUnlock(const std::string& id);
  // The holder, NotFound when unlocked.
  Result<LockInfo> ReadLock();

  const StateRemoteOptions& options() const { return options_; }

 private:
  StateRemoteOptions options_;
};

}  // namespace causeway

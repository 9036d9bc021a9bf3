// StateRemote: where the state repository is shared between machines, so that pipelines on
// different runners work on one state. The local state repository (state_store.h) stays the
// working copy and its history; a remote keeps it in step with the shared copy:
// - Pull() before the state is read: brings the local repository up to the shared state. A local
//   save the remote lacks (one whose push failed) is pushed first when the remote has not moved
//   since; when both moved, Conflict: nothing is overwritten.
// - Push() after every save: a compare-and-swap of the shared state against what Pull (or the
//   last Push) saw. When someone else saved in between it fails with Conflict and the local
//   commit is kept (nothing is lost).
// - Lock() takes a lock on the remote that two runners cannot both create; the loser gets
//   Conflict naming the holder. Unlock(id) releases it only while it still holds `id`;
//   ForceUnlock(id) removes another's.
// Implementations: GitStateRemote (a git remote, git_state_remote.h) and the S3 backend
// (providers/aws/s3_state_remote.h). Not thread-safe: one per process.
#pragma once

#include <string>

#include "reconciler/core/status.h"
#include "reconciler/state/lock.h"

namespace causeway {

class StateRemote {
 public:
  virtual ~StateRemote() = default;

  // The remote as the user named it (for messages).
  virtual std::string url() const = 0;

  virtual Status Pull() = 0;
  virtual Status Push() = 0;

  // Conflict with the holder's record when the remote is locked.
  virtual Status Lock(const LockInfo& info) = 0;
  // Removes the remote lock if it still holds `id` (Ok when it does not).
  virtual Status Unlock(const std::string& id) = 0;
  // NotFound when the remote is not locked, InvalidArgument when `id` is not the holder's.
  virtual Status ForceUnlock(const std::string& id) = 0;
  // The holder, NotFound when unlocked.
  virtual Result<LockInfo> ReadLock() = 0;
};

}  // namespace causeway

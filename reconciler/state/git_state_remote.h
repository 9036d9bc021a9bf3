// GitStateRemote: the state repository shared through a git remote (file://, ssh or https, through
// libgit2); see state_remote.h for the contract.
// - Pull(): fetches the branch and moves the local branch to the remote's tip.
// - Push(): a fast-forward push of the branch. Git refuses a push that is not a fast-forward, so
//   the push is a compare-and-swap on the branch.
// - The lock is a ref on the remote, refs/causeway/lock, pointing to a parentless commit whose
//   message is the lock record (lock.h). Creating a ref that exists fails, so of two runners
//   taking it at once one wins. Released by deleting the ref.
// Credentials: ssh through the SSH agent, https through the username/password libgit2 gets from
// the URL or from the environment variables CAUSEWAY_GIT_USERNAME / CAUSEWAY_GIT_PASSWORD (a
// token), never written anywhere.
#pragma once

#include <string>

#include "reconciler/state/state_remote.h"

namespace causeway {

struct GitRemoteOptions {
  std::string url;  // the remote repository
  std::string dir;  // the local state repository (opened by StateStore first)
  std::string branch = "main";
};

inline constexpr char kRemoteLockRef[] = "refs/causeway/lock";

class GitStateRemote : public StateRemote {
 public:
  explicit GitStateRemote(GitRemoteOptions options);
  ~GitStateRemote() override;
  GitStateRemote(const GitStateRemote&) = delete;
  GitStateRemote& operator=(const GitStateRemote&) = delete;

  std::string url() const override { return options_.url; }
  Status Pull() override;
  Status Push() override;
  Status Lock(const LockInfo& info) override;
  Status Unlock(const std::string& id) override;
  Status ForceUnlock(const std::string& id) override;
  Result<LockInfo> ReadLock() override;

  const GitRemoteOptions& options() const { return options_; }

 private:
  GitRemoteOptions options_;
};

}  // namespace causeway

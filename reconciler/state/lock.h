// StateLock: an exclusive lock on a state directory for apply, destroy, import and state edits.
// The lock file (`<dir>/lock.json`, created with O_EXCL, mode 0600) records id, who, pid, host,
// time and operation. A second process fails at once with Conflict whose message shows the
// holder. ForceUnlock(id) removes a lock left by a dead process. A lock taken on this
// host by a process that no longer exists (killed mid-apply) is taken over automatically, so the
// next command can recover that apply's journal. Released by the destructor.
// Thread-safety: one lock object per operation; not shared.
#pragma once

#include <memory>
#include <string>

#include "reconciler/core/filesystem.h"
#include "reconciler/core/status.h"

namespace causeway {

struct LockInfo {
  std::string id;
  std::string who;  // $USER or uid
  int pid = 0;
  std::string host;
  std::string time;       // ISO-8601 UTC
  std::string operation;  // "apply", "destroy", "state mv", ...
  std::string str() const;
  // Taken on this host by a process that no longer exists (killed mid-apply).
  bool HeldByDeadProcessHere()
      const;  // "lock 1234abcd held by alice (pid 42 on host1) since ... for apply"
  // The lock record as stored ({"id", "who", "pid", "host", "time", "operation"}), and back:
  // Corruption naming `where` when the text is not such a record.
  std::string ToJson() const;
  static Result<LockInfo> FromJson(const std::string& text, const std::string& where);
};

class StateLock {
 public:
  // Conflict with the holder's details if already locked.
  static Result<std::unique_ptr<StateLock>> Acquire(const std::string& dir,
                                                    const std::string& operation,
                                                    FileSystem* fs = nullptr);
  // NotFound if not locked; InvalidArgument if `id` is not the current lock's id.
  static Status ForceUnlock(const std::string& dir, const std::string& id,
                            FileSystem* fs = nullptr);
  // The current holder, NotFound when unlocked.
  static Result<LockInfo> Read(const std::string& dir, FileSystem* fs = nullptr);

  ~StateLock();
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;
  const LockInfo& info() const { return info_; }

 private:
  StateLock(std::string path, LockInfo info, FileSystem* fs);
  std::string path_;
  LockInfo info_;
  FileSystem* fs_;
};

}  // namespace causeway

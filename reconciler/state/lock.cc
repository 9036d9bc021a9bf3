// StateLock: the exclusive lock file of a state directory (`<dir>/lock.json`), its holder record,
// and force-unlock.
#include "reconciler/state/lock.h"

#include <openssl/rand.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "reconciler/core/clock.h"
#include "reconciler/core/value.h"
#include "reconciler/state/state_paths.h"

namespace causeway {

namespace {

FileSystem* OrReal(FileSystem* fs) { return fs != nullptr ? fs : RealFileSystem(); }

std::string LockPath(const std::string& dir) { return JoinStatePath(dir, kLockFileName); }

std::string RandomHexId() {
  unsigned char b[8];
  if (RAND_bytes(b, sizeof(b)) != 1) {
    std::random_device rd;
    for (auto& c : b) c = static_cast<unsigned char>(rd());
  }
  std::string out;
  char hex[3];
  for (unsigned char c : b) {
    std::snprintf(hex, sizeof(hex), "%02x", c);
    out += hex;
  }
  return out;
}

std::string CurrentUser() {
  const char* user = std::getenv("USER");
  if (user != nullptr && *user != '\0') return user;
  return "uid " + std::to_string(::getuid());
}

std::string HostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof(buf) - 1) != 0 || buf[0] == '\0') return "unknown-host";
  return buf;
}

std::string LockToJsonText(const LockInfo& info) {
  Value v = Value::object();
  v["id"] = info.id;
  v["who"] = info.who;
  v["pid"] = info.pid;
  v["host"] = info.host;
  v["time"] = info.time;
  v["operation"] = info.operation;
  return v.dump(2, ' ', false, Value::error_handler_t::replace) + "\n";
}

Result<LockInfo> LockFromJsonText(const std::string& text, const std::string& path) {
  auto corrupt = [&](const std::string& why) {
    return Status::Corruption("lock file " + path + " " + why +
                              "; if no causeway process is running, remove it by hand");
  };
  Value v;
  try {
    v = Value::parse(text);
  } catch (const Value::parse_error&) {
    return corrupt("is not valid JSON");
  }
  if (!v.is_object()) return corrupt("is not a JSON object");
  LockInfo info;
  for (auto [key, field] :
       {std::pair{"id", &info.id}, std::pair{"who", &info.who}, std::pair{"host", &info.host},
        std::pair{"time", &info.time}, std::pair{"operation", &info.operation}}) {
    auto it = v.find(key);
    if (it == v.end() || !it->is_string())
      return corrupt(std::string("has no string \"") + key + "\"");
    *field = it->get<std::string>();
  }
  auto pid = v.find("pid");
  if (pid == v.end() || !pid->is_number_integer()) return corrupt("has no integer \"pid\"");
  info.pid = pid->get<int>();
  if (info.id.empty()) return corrupt("has an empty id");
  return info;
}

}  // namespace

std::string LockInfo::ToJson() const { return LockToJsonText(*this); }
Result<LockInfo> LockInfo::FromJson(const std::string& text, const std::string& where) {
  return LockFromJsonText(text, where);
}

std::string LockInfo::str() const {
  return "lock " + id + " held by " + who + " (pid " + std::to_string(pid) + " on " + host +
         ") since " + time + " for " + operation;
}

StateLock::StateLock(std::string path, LockInfo info, FileSystem* fs)
    : path_(std::move(path)), info_(std::move(info)), fs_(fs) {}

StateLock::~StateLock() {
  // Remove the file only while it still holds our id: after a force-unlock someone else may own
  // the lock now, and deleting their file would let a third process in.
  auto text = fs_->ReadFile(path_);
  if (!text.ok()) return;
  auto holder = LockFromJsonText(*text, path_);
  if (!holder.ok() || holder->id != info_.id) return;
  (void)fs_->Remove(path_);
}

// True if the lock was taken on `host` by a process that no longer exists.
static bool IsDeadLocalHolder(const LockInfo& holder, const std::string& host) {
  if (holder.host != host || holder.pid <= 0) return false;
  return ::kill(holder.pid, 0) != 0 && errno == ESRCH;
}

bool LockInfo::HeldByDeadProcessHere() const { return IsDeadLocalHolder(*this, HostName()); }

Result<std::unique_ptr<StateLock>> StateLock::Acquire(const std::string& dir,
                                                      const std::string& operation,
                                                      FileSystem* fs) {
  fs = OrReal(fs);
  if (dir.empty()) return Status::InvalidArgument("state lock: empty state directory");
  CW_RETURN_IF_ERROR(fs->MakeDirs(dir));
  std::string path = LockPath(dir);
  LockInfo info;
  info.id = RandomHexId();
  info.who = CurrentUser();
  info.pid = static_cast<int>(::getpid());
  info.host = HostName();
  info.time = FormatUtc(RealClock()->Now());
  info.operation = operation;
  // The holder may release between our failed create and our read; try again a few times.
  for (int attempt = 0; attempt < 3; ++attempt) {
    Status created = fs->CreateExclusive(path, LockToJsonText(info), 0600);
    if (created.ok()) {
      return std::unique_ptr<StateLock>(new StateLock(path, std::move(info), fs));
    }
    if (created.code() != StatusCode::kConflict) {
      return created.WithContext("cannot create state lock");
    }
    auto holder = Read(dir, fs);
    if (holder.ok() && IsDeadLocalHolder(*holder, info.host)) {
      // The holder was this host's process and it is gone (killed mid-apply): take the lock
      // over so the next command can recover its journal. Renaming first means only one of
      // several racing processes removes it.
      std::string stale = path + ".stale." + info.id;
      if (::rename(path.c_str(), stale.c_str()) == 0) {
        auto moved = fs->ReadFile(stale);
        if (moved.ok() && moved->find(holder->id) != std::string::npos) {
          (void)fs->Remove(stale);
          continue;
        }
        // We moved somebody's fresh lock: put it back and report it.
        (void)::rename(stale.c_str(), path.c_str());
      }
      continue;
    }
    if (holder.ok()) {
      return Status::Conflict(holder->str() +
                              "; if that process is gone, run `causeway force-unlock " +
                              holder->id + "`");
    }
    if (!holder.status().IsNotFound()) return holder.status();
  }
  return Status::Conflict("state lock " + path + " is changing hands too fast; try again");
}

Status StateLock::ForceUnlock(const std::string& dir, const std::string& id, FileSystem* fs) {
  fs = OrReal(fs);
  CW_ASSIGN_OR_RETURN(LockInfo holder, Read(dir, fs));
  if (holder.id != id) {
    return Status::InvalidArgument("lock id \"" + id + "\" does not match the current " +
                                   holder.str());
  }
  return fs->Remove(LockPath(dir));
}

Result<LockInfo> StateLock::Read(const std::string& dir, FileSystem* fs) {
  fs = OrReal(fs);
  std::string path = LockPath(dir);
  auto text = fs->ReadFile(path);
  if (!text.ok()) {
    if (text.status().IsNotFound())
      return Status::NotFound("state is not locked (no " + path + ")");
    return text.status();
  }
  return LockFromJsonText(*text, path);
}

}  // namespace causeway

// Path safety for files in a state directory.
#include "reconciler/state/state_paths.h"

namespace causeway {

Status CheckStateFileName(const std::string& name, const std::string& what) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument(what + " \"" + name + "\" " + why +
                                   "; it must be a plain file name inside the state directory");
  };
  if (name.empty()) return bad("is empty");
  if (name.front() == '/') return bad("is an absolute path");
  if (name.find('/') != std::string::npos) return bad("contains '/'");
  if (name.find("..") != std::string::npos) return bad("contains \"..\"");
  if (name.find('\0') != std::string::npos) return bad("contains a NUL byte");
  if (name == "." || name == ".git" || name == kLockFileName || name == kJournalFileName ||
      name == kGitignoreFileName) {
    return bad("is reserved");
  }
  return Status::Ok();
}

std::string JoinStatePath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

}  // namespace causeway

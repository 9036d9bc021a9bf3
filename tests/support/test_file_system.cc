// TestFileSystem: in-memory files, write recording and injected write failures.
#include "tests/support/test_file_system.h"

#include <algorithm>

namespace causeway::testing {

Status TestFileSystem::BeforeWrite(const std::string& path, int mode) {
  std::lock_guard<std::mutex> lock(mu_);
  writes_.push_back(path + " " + std::to_string(mode));
  for (const auto& part : failing_) {
    if (path.find(part) != std::string::npos) {
      return Status::IOError("injected: disk full writing " + path);
    }
  }
  return Status::Ok();
}

Result<std::string> TestFileSystem::ReadFile(const std::string& path) {
  if (backing_ != nullptr) return backing_->ReadFile(path);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return Status::NotFound(path + ": no such file");
  return it->second.data;
}

Status TestFileSystem::WriteFileAtomic(const std::string& path, const std::string& data, int mode) {
  CW_RETURN_IF_ERROR(BeforeWrite(path, mode));
  if (backing_ != nullptr) return backing_->WriteFileAtomic(path, data, mode);
  std::lock_guard<std::mutex> lock(mu_);
  files_[path] = File{data, mode};
  return Status::Ok();
}

Status TestFileSystem::AppendSynced(const std::string& path, const std::string& data, int mode) {
  CW_RETURN_IF_ERROR(BeforeWrite(path, mode));
  if (backing_ != nullptr) return backing_->AppendSynced(path, data, mode);
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, created] = files_.try_emplace(path, File{"", mode});
  it->second.data += data;
  return Status::Ok();
}

Status TestFileSystem::CreateExclusive(const std::string& path, const std::string& data, int mode) {
  CW_RETURN_IF_ERROR(BeforeWrite(path, mode));
  if (backing_ != nullptr) return backing_->CreateExclusive(path, data, mode);
  std::lock_guard<std::mutex> lock(mu_);
  if (!files_.try_emplace(path, File{data, mode}).second) {
    return Status::Conflict(path + ": already exists");
  }
  return Status::Ok();
}

bool TestFileSystem::Exists(const std::string& path) {
  if (backing_ != nullptr) return backing_->Exists(path);
  std::lock_guard<std::mutex> lock(mu_);
  return files_.count(path) > 0 || dirs_.count(path) > 0;
}

Status TestFileSystem::MakeDirs(const std::string& path) {
  if (backing_ != nullptr) return backing_->MakeDirs(path);
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    dirs_.insert(path.substr(0, slash));
    if (slash == std::string::npos) break;
  }
  return Status::Ok();
}

Status TestFileSystem::Remove(const std::string& path) {
  if (backing_ != nullptr) return backing_->Remove(path);
  std::lock_guard<std::mutex> lock(mu_);
  files_.erase(path);
  return Status::Ok();
}

Result<std::vector<std::string>> TestFileSystem::ListDir(const std::string& path) {
  if (backing_ != nullptr) return backing_->ListDir(path);
  std::lock_guard<std::mutex> lock(mu_);
  std::string prefix = path + "/";
  std::set<std::string> names;
  auto add = [&](const std::string& p) {
    if (p.compare(0, prefix.size(), prefix) != 0) return;
    std::string rest = p.substr(prefix.size());
    names.insert(rest.substr(0, rest.find('/')));
  };
  for (const auto& [p, f] : files_) add(p);
  for (const auto& d : dirs_) add(d);
  if (names.empty() && dirs_.count(path) == 0)
    return Status::NotFound(path + ": no such directory");
  return std::vector<std::string>(names.begin(), names.end());
}

void TestFileSystem::FailWrites(const std::string& path_part) {
  std::lock_guard<std::mutex> lock(mu_);
  failing_.push_back(path_part);
}

void TestFileSystem::ClearFaults() {
  std::lock_guard<std::mutex> lock(mu_);
  failing_.clear();
}

std::vector<std::string> TestFileSystem::writes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return writes_;
}

int TestFileSystem::ModeOf(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(path);
  return it == files_.end() ? 0 : it->second.mode;
}

}  // namespace causeway::testing

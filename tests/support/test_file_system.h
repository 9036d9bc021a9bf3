// TestFileSystem: the one FileSystem of the tests. It keeps files in memory (so engine tests touch
// no disk), or forwards to a backing file system when given one (StateStore tests, whose libgit2
// side reads the real disk). Either way it records every write with its mode and can be told to
// fail writes, whole or for paths containing a substring, to show what a full disk does.
// Thread-safety: every method is safe to call from several threads.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "reconciler/core/filesystem.h"

namespace causeway::testing {

class TestFileSystem : public FileSystem {
 public:
  TestFileSystem() = default;  // in memory
  explicit TestFileSystem(FileSystem* backing) : backing_(backing) {}

  Result<std::string> ReadFile(const std::string& path) override;
  Status WriteFileAtomic(const std::string& path, const std::string& data, int mode) override;
  Status AppendSynced(const std::string& path, const std::string& data, int mode) override;
  Status CreateExclusive(const std::string& path, const std::string& data, int mode) override;
  bool Exists(const std::string& path) override;
  Status MakeDirs(const std::string& path) override;
  Status Remove(const std::string& path) override;
  Result<std::vector<std::string>> ListDir(const std::string& path) override;

  // Every later write (WriteFileAtomic, AppendSynced, CreateExclusive) to a path containing
  // `path_part` fails with an IOError, until ClearFaults(). "" fails every write.
  void FailWrites(const std::string& path_part = "");
  void ClearFaults();
  // "<path> <mode>" for each write attempted, in order (failed ones too).
  std::vector<std::string> writes() const;
  // The mode a file was last written with (in memory only; 0 when absent).
  int ModeOf(const std::string& path) const;

 private:
  struct File {
    std::string data;
    int mode = 0;
  };
  Status BeforeWrite(const std::string& path, int mode);

  FileSystem* backing_ = nullptr;
  mutable std::mutex mu_;
  std::map<std::string, File> files_;
  std::set<std::string> dirs_;
  std::vector<std::string> writes_;
  std::vector<std::string> failing_;
};

}  // namespace causeway::testing

// FileSystem: the seam for every file Causeway touches outside git (state working copy, journal,
// lock, saved plans, manifests). RealFileSystem() is POSIX; tests wrap it to inject faults or
// record what was touched. Thread-safety: implementations are safe to call from several threads.
#pragma once

#include <string>
#include <vector>

#include "reconciler/core/status.h"

namespace causeway {

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // NotFound if missing; IOError otherwise.
  virtual Result<std::string> ReadFile(const std::string& path) = 0;
  // Writes a temp file beside `path`, fsyncs it, renames it over `path`, fsyncs the directory.
  virtual Status WriteFileAtomic(const std::string& path, const std::string& data,
                                 int mode = 0600) = 0;
  // Appends and fsyncs before returning (journal records). Creates the file with `mode`.
  virtual Status AppendSynced(const std::string& path, const std::string& data,
                              int mode = 0600) = 0;
  // Creates `path` only if it does not exist (O_EXCL); Conflict if it does.
  virtual Status CreateExclusive(const std::string& path, const std::string& data,
                                 int mode = 0600) = 0;
  virtual bool Exists(const std::string& path) = 0;
  virtual Status MakeDirs(const std::string& path) = 0;
  // Removing a missing file succeeds.
  virtual Status Remove(const std::string& path) = 0;
  // Entry names (not paths), sorted.
  virtual Result<std::vector<std::string>> ListDir(const std::string& path) = 0;
};

// Process-wide POSIX file system.
FileSystem* RealFileSystem();

}  // namespace causeway

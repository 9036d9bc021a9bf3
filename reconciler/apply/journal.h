// Journal: the write-ahead log of an apply (`<state dir>/journal.jsonl`, mode 0600). Before each
// mutation is sent, an "intent" record with the step's address, action, the attributes it will
// send and the undo information (previous attributes and id) is appended and fsync'd; after the
// provider answers, a "done" (with the resulting id, attributes and outputs) or "failed" record.
// Rollback steps are journalled the same way. An intent also records the dependencies the
// state entry has while the object exists after the step, so that recovery can restore them
// (journals written before they were recorded have none: recovery still reads them), and the
// salted hashes of the sensitive values it sends (never the values). `state rm`
// of an address while a journal is pending appends a "forget" record: recovery then leaves that
// address alone. When the apply ends and the state is saved, the journal is removed. A journal
// found at the start of a command means the previous one crashed: recovery (recovery.h) reads
// it. Thread-safety: Append is thread-safe (steps run in parallel).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "reconciler/core/address.h"
#include "reconciler/core/filesystem.h"
#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway {

struct JournalRecord {
  std::string type;  // "begin", "intent", "done", "failed", "end", "forget"
  uint64_t seq = 0;  // step sequence number, pairs intent with done/failed
  Address address;
  std::string action;  // "create", "update", "delete", "undo-create", "undo-update", ...
  std::string id;      // provider id (known before for update/delete; after for create)
  Value attributes;    // attributes sent (sensitive ones removed) / resulting attributes
  Value outputs;
  Value undo;           // {"id":..., "attributes":..., "outputs":...} before the mutation
  std::string message;  // failure message
  // intent: the state entry's dependencies if the object exists after this step (the new ones
  // for a create or update, the current ones for a delete). Absent in older journals.
  std::optional<std::vector<std::string>> dependencies;
  // intent: the salted hash (SensitiveHash) of each sensitive attribute the step sends, never
  // the value, so that recovery can adopt a created object without losing track of its secret.
  std::map<std::string, std::string> sensitive_hashes;
};

class Journal {
 public:
  Journal(std::string path, FileSystem* fs);
  // Appends one JSON line and fsyncs it.
  Status Append(const JournalRecord& record);
  // All complete records; a torn last line (crash mid-write) is ignored.
  static Result<std::vector<JournalRecord>> Read(const std::string& path, FileSystem* fs);
  static bool Exists(const std::string& path, FileSystem* fs);
  Status Remove();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  FileSystem* fs_;
  std::mutex mu_;
};

}  // namespace causeway

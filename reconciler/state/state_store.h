// StateStore: the state file inside a git repository (default `.causeway/` beside the manifests),
// written through libgit2 — no git binary needed. Every Save() is one commit on the configured
// branch whose message summarises the change; History() lists them. The working file is written
// atomically (temp + fsync + rename) with mode 0600. Secrets never reach it (the planner and
// applier strip sensitive attributes; Save refuses a state containing values of attributes the
// caller marks sensitive).
// Thread-safety: one StateStore per process; not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "reconciler/core/filesystem.h"
#include "reconciler/core/status.h"
#include "reconciler/state/state.h"

namespace causeway {

struct StateStoreOptions {
  std::string dir;  // repository directory, e.g. "<manifests>/.causeway"
  std::string branch = "main";
  std::string file = "state.json";  // path of the state file inside the repository
  std::string author_name = "causeway";
  std::string author_email = "causeway@localhost";
  FileSystem* fs = nullptr;  // RealFileSystem() when null
};

struct StateCommit {
  std::string id;       // commit hash
  std::string time;     // ISO-8601 UTC
  std::string message;  // first line
  uint64_t serial = 0;
};

class StateStore {
 public:
  explicit StateStore(StateStoreOptions options);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  // Opens or initialises the repository. IOError if it cannot.
  Status Open();
  // The current state; an empty State (no lineage, serial 0) when none was ever saved.
  Result<State> Load();
  // Writes `state` with serial+1 (and a new lineage if it has none), commits it with `message`.
  // Conflict if the stored serial/lineage is not the one `state` was loaded with (someone else
  // wrote in between). Returns the saved state (with its new serial). Taken by value: a caller
  // that no longer needs its copy moves it in (a 100k-resource state is hundreds of MB).
  Result<State> Save(State state, const std::string& message);
  // Commits `text`, a state file written by another copy of this state (the shared one a remote
  // backend read), verbatim as the new tip: same serial, same lineage. Its lineage must be the
  // stored one (any, when the store is empty) and its serial above the stored one; Conflict
  // otherwise. Returns the adopted state.
  Result<State> Adopt(const std::string& text, const std::string& message);
  // The state file's text at the branch tip ("" when nothing was committed yet).
  Result<std::string> TipText();
  // Newest first.
  Result<std::vector<StateCommit>> History(int limit = 50);
  const StateStoreOptions& options() const { return options_; }

 private:
  struct Repo;
  StateStoreOptions options_;
  std::unique_ptr<Repo> repo_;
};

}  // namespace causeway

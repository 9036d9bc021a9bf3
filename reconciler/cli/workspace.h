// Workspace: everything one CLI command works on — the manifest directory, the providers, the
// state repository, its lock and the journal — opened in the order every command needs:
// load + validate manifests, configure providers, open state, recover a crashed apply's journal.
// Thread-safety: one per command, used from the main thread.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "manifests/loader.h"
#include "reconciler/apply/journal.h"
#include "reconciler/cli/sandbox_launcher.h"
#include "reconciler/plan/provider_registry.h"
#include "reconciler/state/lock.h"
#include "reconciler/state/state.h"
#include "reconciler/state/state_remote.h"
#include "reconciler/state/state_store.h"

namespace causeway {

struct WorkspaceOptions {
  std::string dir = ".";  // -C: manifest directory
  std::string state_dir;  // default <dir>/.causeway
  std::string state_branch = "main";
  // --state-remote: where the state repository is shared (state_remote.h): a git remote
  // (file://, ssh, https; locked with a ref on the remote) or s3://BUCKET/KEY (conditional
  // writes, a lock object; providers/aws/s3_state_remote.h). Pulled before the state is read,
  // pushed after every save.
  std::string state_remote;
  // --rev: read the manifests as of this git revision (manifest_revision.h), not the working tree.
  std::string manifest_rev;
  LoadOptions load;          // --var, --var-file
  bool sandbox = false;      // --sandbox: every provider talks to the local emulators
  std::string refresh_mode;  // --refresh-mode bulk|per-resource ("" = provider default)
};

class Workspace {
 public:
  explicit Workspace(WorkspaceOptions options);

  // Loads and validates the manifests; on failure `diagnostics()` holds every problem.
  Status LoadManifests();
  // Configures the providers the manifests or the state use (and those with a providers block)
  // from the manifests' providers block. Call after OpenState(). `endpoint: sandbox` in a block,
  // or --sandbox for every provider the sandbox emulates, becomes the running sandbox's URL and
  // that cloud's test credentials (the sandbox is started on demand) before configure().
  Status ConfigureProviders();
  // Where the local sandbox keeps its files: <state dir>/sandbox.
  std::string sandbox_dir() const { return state_dir_ + "/sandbox"; }
  // Opens (initialising if needed) the state repository and loads the state.
  Status OpenState();
  // If a journal was left by a crashed apply, takes the lock, observes what it names, saves the
  // reconciled state and removes the journal. `report` receives a human summary line per change.
  // When recovery fails (a resource cannot be observed, the journal cannot be read) nothing is
  // changed and the message says which resource and how to go on: retry, `state rm` (which
  // needs no recovery), or `force-unlock`.
  Status RecoverIfNeeded(std::vector<std::string>* report);
  // Takes the exclusive state lock for `operation` (Conflict with the holder's details).
  Status Lock(const std::string& operation);
  // Releases the lock (the remote one too). Also done by the destructor.
  void Unlock();
  ~Workspace();
  // Commits `state` with `message`; on success it becomes state().
  Status SaveState(State state, const std::string& message);

  const WorkspaceOptions& options() const { return options_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  const ManifestSet& manifests() const { return manifests_; }
  // The commit the manifests were read from with --rev ("" otherwise).
  const std::string& manifest_revision() const { return manifest_revision_; }
  ProviderRegistry& registry() { return registry_; }
  const State& state() const { return state_; }
  StateStore* store() { return store_.get(); }
  // The remote the state is shared through (after OpenState); nullptr without --state-remote.
  StateRemote* remote() { return remote_.get(); }
  std::string journal_path() const { return state_dir_ + "/journal.jsonl"; }
  const std::string& state_dir() const { return state_dir_; }

  // Forgets `addresses` for a pending journal (a "forget" record each) so that recovery leaves
  // them alone; OK when there is no journal. Call with the lock held.
  Status ForgetInJournal(const std::vector<std::string>& addresses);
  // The addresses a pending journal has intents for (empty when there is none).
  Result<std::set<std::string>> JournalAddresses() const;

 private:
  // Creates remote_ for --state-remote (once), after store_.
  Status OpenRemote();
  Status RecoveryFailure(const Status& status, const std::vector<std::string>& unobserved) const;
  // Points `config` of `provider` at the local sandbox (see ConfigureProviders). With `required`
  // false a provider the sandbox does not emulate is left as it is.
  Status ResolveSandboxEndpoint(const std::string& provider, bool required, Value* config);

  WorkspaceOptions options_;
  std::string state_dir_;
  ProviderRegistry registry_;
  ManifestSet manifests_;
  std::string manifest_revision_;
  bool manifests_loaded_ = false;
  std::optional<BackendConfig> backend_;  // the loaded manifests' backend document
  std::vector<Diagnostic> diagnostics_;
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<StateLock> lock_;
  std::unique_ptr<StateRemote> remote_;  // with --state-remote
  State state_;
  std::optional<SandboxInfo> sandbox_;  // once started or found by ResolveSandboxEndpoint
};

// Registers every provider Causeway ships with.
void RegisterBuiltinProviders(ProviderRegistry* registry);

}  // namespace causeway

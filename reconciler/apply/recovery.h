// Recovery after a crash: reads a leftover journal and observes every resource it names (by id
// when known, else by the natural key in the journalled attributes), then makes the state match
// what exists: adds what was created but not recorded, updates changed attributes, drops what
// was deleted, and restores the dependencies the journal recorded for each step (journals
// written before they were recorded leave them as they are; the next plan repairs them).
// Addresses the journal says were forgotten (`state rm` while the journal was pending) are left
// alone. Nothing that was created is left untracked. The caller saves the state and then removes
// the journal. Never mutates anything. Thread-safety: one call at a time per state.
#pragma once

#include <string>
#include <vector>

#include "reconciler/apply/journal.h"
#include "reconciler/plan/provider_registry.h"
#include "reconciler/state/state.h"

namespace causeway {

struct RecoveryReport {
  std::vector<std::string> adopted;  // created before the crash, now in state
  std::vector<std::string> updated;  // attributes or dependencies refreshed
  std::vector<std::string> removed;  // deleted before the crash, dropped from state
};

// NotFound if there is no journal; Corruption if it cannot be read. When a provider cannot
// observe what the journal names, the status (the provider's code) names each resource that
// failed, with its id and the provider's message, and `unobserved` receives their addresses;
// the state is left unchanged. A batch that fails is retried one resource at a time, so one bad
// reply does not hide which resource it concerns (and a batch-only failure still recovers).
Result<RecoveryReport> RecoverFromJournal(const std::string& journal_path, FileSystem* fs,
                                          const ProviderRegistry& registry, State* state,
                                          std::vector<std::string>* unobserved = nullptr);

}  // namespace causeway

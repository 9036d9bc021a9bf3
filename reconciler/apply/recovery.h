// Recovery after a crash: reads a leftover journal and observes every resource it names (by id
// when known, else by the natural key in the journalled attributes), then makes the state match
// what exists: adds what was created but not recorded, updates changed attributes, drops what
// was deleted. Nothing that was created is left untracked. The caller saves the state and then
// removes the journal.
#pragma once

#include <string>
#include <vector>

#include "reconciler/apply/journal.h"
#include "reconciler/plan/provider_registry.h"
#include "reconciler/state/state.h"

namespace causeway {

struct RecoveryReport {
  std::vector<std::string> adopted;   // created before the crash, now in state
  std::vector<std::string> updated;   // attributes refreshed
  std::vector<std::string> removed;   // deleted before the crash, dropped from state
};

// NotFound if there is no journal. ProviderError if observing fails (state unchanged then).
Result<RecoveryReport> RecoverFromJournal(const std::string& journal_path, FileSystem* fs,
                                          const ProviderRegistry& registry, State* state);

}  // namespace causeway

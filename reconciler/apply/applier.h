// Applier: carries out a Plan. Walks the changes as a graph (change.depends_on), running up to
// `parallelism` steps at once on a thread pool; a step starts when all its dependencies are done.
// With parallelism 0 (the default) each provider has its own limit: what it asks for
// (Provider::steps_in_flight) or kDefaultStepsInFlight.
// Each step resolves change.config against the ids/attributes/outputs of steps already done,
// journals its intent (journal.h), calls the provider, journals the result and updates the state.
//  - Create of a resource with bootstrap_attributes sends those attributes' schema bootstrap
//    values; the matching kDeferredUpdate step sends the real values later.
//  - Replace = delete then create (journalled as two mutations).
//  - Before mutating, an update/delete/replace checks that live state still matches
//    change.before (observe); if not, the step fails with Conflict ("changed since the plan").
// On a failed step: stop scheduling, let in-flight steps finish, then (unless no_rollback) undo
// completed steps in reverse order: delete what was created, restore the previous attributes of
// what was updated, re-create what was deleted where the kind is recreatable. The returned state
// always records exactly what exists. Exit code: 0 success, 1 failed and rolled back (or
// no_rollback), 3 an undo failed (needs_attention lists what).
// Progress goes through ApplyReporter; the applier never writes to the terminal.
// Thread-safety: one Applier per apply; reporter calls are serialised by the applier.
#pragma once

#include <string>
#include <vector>

#include "reconciler/apply/journal.h"
#include "reconciler/plan/plan.h"
#include "reconciler/plan/provider_registry.h"
#include "reconciler/state/state.h"

namespace causeway {

class ApplyReporter {
 public:
  virtual ~ApplyReporter() = default;
  // step "[12/40] creating snowflake.stage.landing": index is 1-based among mutating steps.
  virtual void StepStarted(int index, int total, const Change& change, const std::string& verb) = 0;
  virtual void StepFinished(int index, int total, const Change& change, const Status& status) = 0;
  virtual void RollbackStarted(int steps) = 0;
  virtual void UndoFinished(const std::string& address, const std::string& what,
                            const Status& status) = 0;
};

inline constexpr int kDefaultStepsInFlight = 16;

struct ApplyOptions {
  int parallelism = 0;  // steps at once over all providers; 0: each provider's own limit
  bool no_rollback = false;
  // Sensitive attribute values, read from the manifests at apply time (never from the plan):
  // address -> {attribute: value}.
  std::map<std::string, Value> sensitive_values;
};

struct ApplyResult {
  State state;         // what exists now (save it even on failure)
  Status status;       // OK, or the first failure naming the failed step
  int exit_code = 0;   // 0, 1 or 3
  int steps_done = 0;  // mutating steps that succeeded (before any rollback)
  bool rolled_back = false;
  // The journal's first record was written, so steps may have run and the state must be saved.
  // False when the plan was refused before that: nothing was contacted or changed.
  bool began = false;
  std::vector<std::string> needs_attention;  // undo failures: what exists that should not
  // Deletes that found the object already gone, so only removed it from the state (sorted).
  std::vector<std::string> removed_from_state;
};

class Applier {
 public:
  Applier(const ProviderRegistry* registry, Journal* journal, ApplyReporter* reporter)
      : registry_(registry), journal_(journal), reporter_(reporter) {}
  ApplyResult Apply(const Plan& plan, const State& state, const ApplyOptions& options);

 private:
  const ProviderRegistry* registry_;
  Journal* journal_;
  ApplyReporter* reporter_;
};

}  // namespace causeway

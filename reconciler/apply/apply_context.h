// ApplyContext: the shared, mutex-guarded working set of one apply (internal to
// reconciler/apply/). It owns the evolving State (which doubles as the "known" resources that
// references resolve against), the list of completed mutations that rollback undoes, and the
// journalled wrappers around the provider's create/update/remove: every mutation goes through
// Create/Update/Remove here so that an intent record is on disk before the provider is called.
// It never schedules steps (applier.cc) and never decides what a change means (step_runner.cc).
// Thread-safety: all public methods are thread-safe; steps call them from several threads.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "reconciler/apply/applier.h"
#include "reconciler/apply/journal.h"
#include "reconciler/plan/provider_registry.h"
#include "reconciler/state/state.h"

namespace causeway {

// One successful mutation, remembered so that rollback can undo it.
struct CompletedMutation {
  enum class Kind { kCreated, kUpdated, kDeleted };
  Kind kind = Kind::kCreated;
  Address address;
  std::string id;             // id of the object the mutation left (or deleted)
  Value attributes;           // created/updated: attributes now; deleted: attributes before
  Value previous_attributes;  // updated: attributes before
  Value previous_outputs;     // updated/deleted: outputs before
  std::optional<ResourceState> previous_state;  // the state entry before the mutation
  // Deleted as undeclared (Change::undeclared): never in the state, so undoing it re-creates
  // the object without recording it.
  bool undeclared = false;
};

class ApplyContext {
 public:
  ApplyContext(const ProviderRegistry* registry, Journal* journal, const ApplyOptions& options,
               State initial);
  ApplyContext(const ApplyContext&) = delete;
  ApplyContext& operator=(const ApplyContext&) = delete;

  const ProviderRegistry& registry() const { return *registry_; }
  const ApplyOptions& options() const { return options_; }

  // Interpolates `config` against the ids, attributes and outputs currently known.
  Value Resolve(const Value& config) const;
  // A copy of the state entry for `address`, if any.
  std::optional<ResourceState> Find(const std::string& address) const;
  State StateCopy() const;

  // Journalled provider calls. `action` is the journal action ("create", "undo-delete", ...);
  // `undo` is what the object looked like before ({"id","attributes","outputs"} or null).
  // `attributes` may hold sensitive values: they are sent to the provider but never journalled.
  // `dependencies` are the state entry's if the object exists after the call (journalled so that
  // recovery can restore them).
  Result<ResourceResult> Create(const Address& address, const Value& attributes,
                                const std::string& action, const Value& undo,
                                const std::vector<std::string>& dependencies);
  Result<ResourceResult> Update(const Address& address, const std::string& id, const Value& before,
                                const Value& after, const std::string& action, const Value& undo,
                                const std::vector<std::string>& dependencies);
  Status Remove(const Address& address, const std::string& id, const Value& attributes,
                const std::string& action, const Value& undo,
                const std::vector<std::string>& dependencies);
  Status JournalRecordOf(const std::string& type, const std::string& message, const Value& attrs);

  // State changes. `sent` is what was sent to the provider: sensitive values in it are stored
  // as salted hashes; the entry's existing hashes are kept for sensitive attributes not sent.
  void PutResource(const Address& address, const ResourceResult& result, const Value& sent,
                   const std::vector<std::string>& dependencies);
  void RestoreResource(const ResourceState& entry);
  void EraseResource(const std::string& address);
  // A delete that found the object already gone: only its state entry is removed.
  void ForgetGone(const std::string& address);
  std::vector<std::string> Forgotten() const;

  void AddCompleted(CompletedMutation m);
  std::vector<CompletedMutation> Completed() const;

  // Attributes with the kind's sensitive attributes removed.
  Value StripSensitive(const std::string& kind, const Value& attributes) const;
  // The salted hash of each of the kind's sensitive attributes present in `attributes`.
  std::map<std::string, std::string> SensitiveHashes(const std::string& kind,
                                                     const Value& attributes) const;

 private:
  uint64_t NextSeq() { return ++seq_; }
  Status Intent(uint64_t seq, const Address& address, const std::string& action,
                const std::string& id, const Value& attributes, const Value& undo,
                const std::vector<std::string>& dependencies);
  void Finished(uint64_t seq, const Address& address, const std::string& action,
                const std::string& id, const Value& attributes, const Value& outputs,
                const Status& status);

  const ProviderRegistry* registry_;
  Journal* journal_;  // may be null (no journal)
  ApplyOptions options_;
  std::string salt_;
  std::atomic<uint64_t> seq_{0};

  mutable std::mutex mu_;
  State state_;
  std::vector<CompletedMutation> completed_;
  std::vector<std::string> forgotten_;
};

// Changed attribute names between two attribute objects, compared after schema normalisation.
std::vector<std::string> ChangedAttributes(const KindSchema* schema, const Value& before,
                                           const Value& after);

// Runs one change (step_runner.cc). OK, or a Status naming the step:
// "mem.role.x: create failed: <provider message>" or a Conflict for a stale plan.
Status RunChange(ApplyContext* ctx, const Change& change);

// Undoes every completed mutation in reverse completion order (rollback.cc). Undo failures are
// appended to `needs_attention`; returns false if any undo failed.
bool RollBack(ApplyContext* ctx, ApplyReporter* reporter,
              std::vector<std::string>* needs_attention);

}  // namespace causeway

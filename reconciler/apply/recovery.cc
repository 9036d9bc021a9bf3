// Crash recovery: reads a leftover journal, observes every resource it recorded an intent for
// (one observe batch per provider; one resource at a time if the batch fails) and makes the
// state match what exists.
#include "reconciler/apply/recovery.h"

#include <exception>
#include <map>
#include <set>

namespace causeway {

namespace {

bool IsCreateLike(const std::string& action) {
  return action == "create" || action == "undo-delete";
}

// The last mutation journalled for one address, and how it ended.
struct LastIntent {
  JournalRecord intent;
  const JournalRecord* outcome = nullptr;  // "done"/"failed" with the same seq, if written
};

Value FieldOr(const Value& v, const char* key, Value fallback) {
  if (v.is_object() && v.contains(key) && !v[key].is_null()) return v[key];
  return fallback;
}

// What to ask the provider for: by id when one is known, else by the natural key in the
// journalled attributes (a create whose answer was never journalled).
ObserveItem ItemFor(const LastIntent& last) {
  const JournalRecord& in = last.intent;
  ObserveItem item;
  item.address = in.address;
  item.attributes =
      in.attributes.is_object() ? in.attributes : FieldOr(in.undo, "attributes", Value::object());
  if (last.outcome != nullptr && last.outcome->type == "done" && !last.outcome->id.empty()) {
    item.id = last.outcome->id;
  } else if (!IsCreateLike(in.action)) {
    Value undo_id = FieldOr(in.undo, "id", "");
    item.id = !in.id.empty() ? in.id : undo_id.is_string() ? undo_id.get<std::string>() : "";
  }
  return item;
}

// observe(), with an exception escaping a provider turned into a ProviderError: providers must
// not throw, but recovery is what lets every later command run, so one bad reply must not end
// the process.
Result<std::vector<Observation>> Observe(Provider* p, const std::vector<ObserveItem>& items) {
  Result<std::vector<Observation>> r = Status::Internal("observe not called");
  try {
    r = p->observe(items);
  } catch (const std::exception& e) {
    return Status::ProviderError(std::string("the provider failed unexpectedly: ") + e.what());
  }
  if (r.ok() && r->size() != items.size()) {
    return Status::ProviderError("the provider returned " + std::to_string(r->size()) +
                                 " observations for " + std::to_string(items.size()) +
                                 " resources");
  }
  return r;
}

// One resource that could not be observed.
struct Unobserved {
  ObserveItem item;
  Status status;
};

// Observes `items` with `p`: in one batch, or, if the batch fails, one at a time. Appends the
// observations (in item order) to `out`, or the resources that failed to `failed`.
void ObserveBatch(Provider* p, const std::vector<ObserveItem>& items, std::vector<Observation>* out,
                  std::vector<Unobserved>* failed) {
  auto batch = Observe(p, items);
  if (batch.ok()) {
    for (size_t i = 0; i < items.size(); ++i) {
      Observation o = std::move((*batch)[i]);
      o.address = items[i].address;
      out->push_back(std::move(o));
    }
    return;
  }
  for (const auto& item : items) {
    auto one = Observe(p, {item});
    if (!one.ok()) {
      failed->push_back({item, one.status()});
      continue;
    }
    Observation o = std::move((*one)[0]);
    o.address = item.address;
    out->push_back(std::move(o));
  }
}

Status UnobservedError(const std::vector<Unobserved>& failed) {
  auto describe = [](const Unobserved& u) {
    return u.item.address.str() + (u.item.id.empty() ? "" : " (id " + u.item.id + ")") + ": " +
           u.status.message();
  };
  if (failed.size() == 1) {
    return Status(failed[0].status.code(), "could not observe " + describe(failed[0]));
  }
  std::string msg = "could not observe " + std::to_string(failed.size()) + " resources: ";
  constexpr size_t kShown = 5;
  for (size_t i = 0; i < failed.size() && i < kShown; ++i) {
    msg += (i ? "; " : "") + describe(failed[i]);
  }
  if (failed.size() > kShown) msg += "; and " + std::to_string(failed.size() - kShown) + " more";
  return Status(failed[0].status.code(), msg);
}

}  // namespace

Result<RecoveryReport> RecoverFromJournal(const std::string& journal_path, FileSystem* fs,
                                          const ProviderRegistry& registry, State* state,
                                          std::vector<std::string>* unobserved) {
  CW_ASSIGN_OR_RETURN(std::vector<JournalRecord> records, Journal::Read(journal_path, fs));

  std::map<uint64_t, const JournalRecord*> outcomes;
  std::set<std::string> forgotten;
  for (const auto& r : records) {
    if (r.type == "done" || r.type == "failed") outcomes[r.seq] = &r;
    if (r.type == "forget") forgotten.insert(r.address.str());
  }
  std::map<std::string, LastIntent> last;  // by address, in address order
  for (const auto& r : records) {
    if (r.type != "intent" || forgotten.count(r.address.str())) continue;
    // An undeclared object deleted (or re-created by rollback) was never in the state: whatever
    // became of it, the state has nothing to reconcile, and the next plan finds it if it is
    // still there.
    if (r.action == "delete-undeclared" || r.action == "undo-delete-undeclared") continue;
    LastIntent& l = last[r.address.str()];
    l.intent = r;
    auto it = outcomes.find(r.seq);
    l.outcome = it == outcomes.end() ? nullptr : it->second;
  }

  // One observe batch per provider.
  std::map<std::string, std::vector<ObserveItem>> batches;
  for (const auto& [_, l] : last) batches[l.intent.address.provider()].push_back(ItemFor(l));
  std::vector<Observation> observed;
  std::vector<Unobserved> failed;
  for (const auto& [name, items] : batches) {
    Provider* p = registry.Get(name);
    if (p == nullptr) {
      return Status::InvalidArgument("journal names " + items.front().address.str() +
                                     " but no provider '" + name + "' is configured");
    }
    ObserveBatch(p, items, &observed, &failed);
  }
  if (!failed.empty()) {
    if (unobserved != nullptr) {
      for (const auto& u : failed) unobserved->push_back(u.item.address.str());
    }
    return UnobservedError(failed);
  }

  // Only now, with every observation in hand, change the state.
  RecoveryReport report;
  for (const auto& o : observed) {
    const std::string address = o.address.str();
    const JournalRecord& intent = last.at(address).intent;
    const std::optional<std::vector<std::string>>& deps = intent.dependencies;
    auto it = state->resources.find(address);
    if (!o.exists) {
      if (it != state->resources.end()) {
        state->resources.erase(it);
        report.removed.push_back(address);
      }
      continue;
    }
    Value attributes = o.attributes.is_object() ? o.attributes : Value::object();
    if (const KindSchema* schema = registry.Schema(o.address.kind)) {
      for (const auto& a : schema->attributes) {
        if (a.sensitive) attributes.erase(a.name);
      }
    }
    Value outputs = o.outputs.is_object() ? o.outputs : Value::object();
    if (it == state->resources.end()) {
      ResourceState entry;
      entry.address = o.address;
      entry.id = o.id;
      entry.attributes = attributes;
      entry.outputs = outputs;
      if (deps) entry.dependencies = *deps;
      // Created with what the intent sent: its secrets' hashes let the next plan see them as
      // unchanged instead of sending them again.
      entry.sensitive_hashes = intent.sensitive_hashes;
      state->resources[address] = entry;
      report.adopted.push_back(address);
      continue;
    }
    ResourceState& entry = it->second;
    if (entry.id != o.id || entry.attributes != attributes || entry.outputs != outputs ||
        (deps && entry.dependencies != *deps)) {
      if (entry.id != o.id) {  // a different object now: the one the intent created, if any
        entry.sensitive_hashes.clear();
        if (intent.action == "create") entry.sensitive_hashes = intent.sensitive_hashes;
      }
      entry.id = o.id;
      entry.attributes = attributes;
      entry.outputs = outputs;
      if (deps) entry.dependencies = *deps;
      report.updated.push_back(address);
    }
  }
  return report;
}

}  // namespace causeway

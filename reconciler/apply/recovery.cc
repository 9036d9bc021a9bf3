// Crash recovery: reads a leftover journal, observes every resource it recorded an intent for
// (one observe batch per provider) and makes the state match what exists.
#include "reconciler/apply/recovery.h"

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
    item.id = !in.id.empty() ? in.id : FieldOr(in.undo, "id", "").get<std::string>();
  }
  return item;
}

}  // namespace

Result<RecoveryReport> RecoverFromJournal(const std::string& journal_path, FileSystem* fs,
                                          const ProviderRegistry& registry, State* state) {
  CW_ASSIGN_OR_RETURN(std::vector<JournalRecord> records, Journal::Read(journal_path, fs));

  std::map<uint64_t, const JournalRecord*> outcomes;
  for (const auto& r : records) {
    if (r.type == "done" || r.type == "failed") outcomes[r.seq] = &r;
  }
  std::map<std::string, LastIntent> last;  // by address, in address order
  for (const auto& r : records) {
    if (r.type != "intent") continue;
    LastIntent& l = last[r.address.str()];
    l.intent = r;
    auto it = outcomes.find(r.seq);
    l.outcome = it == outcomes.end() ? nullptr : it->second;
  }

  // One observe batch per provider.
  std::map<std::string, std::vector<ObserveItem>> batches;
  for (const auto& [_, l] : last) batches[l.intent.address.provider()].push_back(ItemFor(l));
  std::vector<Observation> observed;
  for (const auto& [name, items] : batches) {
    Provider* p = registry.Get(name);
    if (p == nullptr) {
      return Status::InvalidArgument("journal names " + items.front().address.str() +
                                     " but no provider '" + name + "' is configured");
    }
    auto obs = p->observe(items);
    if (!obs.ok()) return obs.status().WithContext("recovery: observing " + name + " resources");
    if (obs->size() != items.size()) {
      return Status::ProviderError("recovery: provider " + name +
                                   " returned the wrong number of observations");
    }
    for (size_t i = 0; i < items.size(); ++i) {
      Observation o = (*obs)[i];
      o.address = items[i].address;
      observed.push_back(std::move(o));
    }
  }

  // Only now, with every observation in hand, change the state.
  RecoveryReport report;
  for (const auto& o : observed) {
    const std::string address = o.address.str();
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
      state->resources[address] = entry;
      report.adopted.push_back(address);
      continue;
    }
    ResourceState& entry = it->second;
    if (entry.id != o.id || entry.attributes != attributes || entry.outputs != outputs) {
      if (entry.id != o.id) entry.sensitive_hashes.clear();  // a different object now
      entry.id = o.id;
      entry.attributes = attributes;
      entry.outputs = outputs;
      report.updated.push_back(address);
    }
  }
  return report;
}

}  // namespace causeway

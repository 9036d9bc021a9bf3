// Test helpers for the applier and recovery tests: hand-built plan changes (the planner is not
// used), a world of pre-existing MemoryProvider objects with a matching State, a recording
// reporter, temp directories, and the "state matches live" check every rollback test asserts.
// Header-only. Thread-safety: RecordingReporter is called serialised by the applier.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "providers/memory/memory_provider.h"
#include "reconciler/apply/applier.h"
#include "reconciler/plan/plan.h"
#include "reconciler/plan/provider_registry.h"
#include "reconciler/state/state.h"

namespace causeway::apply_test {

// A fresh directory under /tmp, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/causeway-apply-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline Address Addr(const std::string& text) { return Address::Parse(text).value(); }

// The kind's attributes without its sensitive ones.
inline Value Visible(const ProviderRegistry& registry, const std::string& kind, Value attrs) {
  if (const KindSchema* s = registry.Schema(kind)) {
    for (const auto& a : s->attributes) {
      if (a.sensitive) attrs.erase(a.name);
    }
  }
  return attrs;
}

// Empty when every state entry exists live with the same id, attributes and outputs, and every
// live object is tracked by some state entry; otherwise a description of each mismatch.
inline std::string CompareStateToLive(const State& state, const MemoryProvider& mem,
                                      const ProviderRegistry& registry) {
  std::string problems;
  MemoryProvider::Live live = mem.Snapshot();
  for (const auto& [address, r] : state.resources) {
    auto k = live.find(r.address.kind);
    if (k == live.end() || !k->second.count(r.id)) {
      problems += "in state but not live: " + address + " (" + r.id + ")\n";
      continue;
    }
    const auto& obj = k->second.at(r.id);
    Value attrs = Visible(registry, r.address.kind, obj.attributes);
    if (attrs != r.attributes) {
      problems += "attributes differ for " + address + ": state " + r.attributes.dump() + " live " +
                  attrs.dump() + "\n";
    }
    if (obj.outputs != r.outputs) problems += "outputs differ for " + address + "\n";
  }
  for (const auto& [kind, objs] : live) {
    for (const auto& [id, _] : objs) {
      bool tracked = false;
      for (const auto& [a, r] : state.resources) {
        tracked = tracked || (r.address.kind == kind && r.id == id);
      }
      if (!tracked) problems += "live but untracked: " + kind + " " + id + "\n";
    }
  }
  return problems;
}

// A registry with one MemoryProvider, plus the State tracking whatever it holds.
struct World {
  std::shared_ptr<MemoryProvider> mem = std::make_shared<MemoryProvider>();
  ProviderRegistry registry;
  State state;

  explicit World(const Value& config = Value::object()) {
    registry.Add(mem);
    (void)mem->configure(config);
    state.lineage = "test-lineage";
    state.serial = 7;
  }

  // Creates an object live and records it in the state, as an earlier apply would have.
  void Seed(const std::string& address, const Value& attrs,
            std::vector<std::string> dependencies = {}) {
    Address a = Addr(address);
    auto r = mem->create(CreateRequest{a, attrs});
    ResourceState entry;
    entry.address = a;
    entry.id = r->id;
    entry.attributes = Visible(registry, a.kind, r->attributes);
    entry.outputs = r->outputs;
    entry.dependencies = std::move(dependencies);
    state.resources[address] = entry;
  }
};

// --- Hand-built changes. --------------------------------------------------------------------

inline Change MakeCreate(const std::string& address, Value config,
                         std::vector<std::string> deps = {}) {
  Change c;
  c.address = Addr(address);
  c.action = Action::kCreate;
  c.config = std::move(config);
  c.after = c.config;
  c.depends_on = std::move(deps);
  return c;
}

// An update of a state entry: `config` holds the attributes that change.
inline Change MakeUpdate(const State& state, const std::string& address, const Value& changes,
                         std::vector<std::string> deps = {}) {
  const ResourceState& r = state.resources.at(address);
  Change c;
  c.address = r.address;
  c.action = Action::kUpdate;
  c.id = r.id;
  c.before = r.attributes;
  c.before_outputs = r.outputs;
  c.config = r.attributes;
  for (auto it = changes.begin(); it != changes.end(); ++it) {
    c.config[it.key()] = it.value();
    c.attribute_changes.push_back(
        AttributeChange{it.key(), r.attributes.value(it.key(), Value()), it.value()});
  }
  c.after = c.config;
  c.depends_on = std::move(deps);
  return c;
}

inline Change MakeDelete(const State& state, const std::string& address,
                         std::vector<std::string> deps = {}) {
  const ResourceState& r = state.resources.at(address);
  Change c;
  c.address = r.address;
  c.action = Action::kDelete;
  c.id = r.id;
  c.before = r.attributes;
  c.before_outputs = r.outputs;
  c.depends_on = std::move(deps);
  c.allow_destroy = true;  // as planned with --allow-destroy: the applier refuses data loss without
  return c;
}

inline Change MakeReplace(const State& state, const std::string& address, const Value& changes,
                          std::vector<std::string> deps = {}) {
  Change c = MakeUpdate(state, address, changes, std::move(deps));
  c.action = Action::kReplace;
  c.allow_destroy = true;  // as in MakeDelete
  for (auto& ac : c.attribute_changes) {
    ac.forces_replacement = true;
    c.replace_reasons.push_back(ac.name);
  }
  return c;
}

inline Change MakeDeferred(const std::string& address, Value config,
                           std::vector<std::string> deps) {
  Change c = MakeCreate(address, std::move(config), std::move(deps));
  c.action = Action::kDeferredUpdate;
  return c;
}

inline Change MakeNoOp(const State& state, const std::string& address) {
  const ResourceState& r = state.resources.at(address);
  Change c;
  c.address = r.address;
  c.id = r.id;
  c.before = r.attributes;
  c.after = r.attributes;
  c.config = r.attributes;
  return c;
}

inline Value TrustPolicy(const std::string& principal) {
  return Value{{"Version", "2012-10-17"},
               {"Statement", Value::array({Value{{"Effect", "Allow"},
                                                 {"Principal", Value{{"AWS", principal}}},
                                                 {"Action", "sts:AssumeRole"}}})}};
}

// Records every reporter call as a line of text.
class RecordingReporter : public ApplyReporter {
 public:
  void StepStarted(int index, int total, const Change& change, const std::string& verb) override {
    lines.push_back("[" + std::to_string(index) + "/" + std::to_string(total) + "] " + verb + " " +
                    change.address.str());
  }
  void StepFinished(int, int, const Change& change, const Status& status) override {
    lines.push_back("finished " + change.address.str() + " " + status.ToString());
  }
  void RollbackStarted(int steps) override { lines.push_back("rollback " + std::to_string(steps)); }
  void UndoFinished(const std::string& address, const std::string& what,
                    const Status& status) override {
    lines.push_back("undo " + what + " " + address + " " + status.ToString());
  }
  std::vector<std::string> lines;
};

}  // namespace causeway::apply_test

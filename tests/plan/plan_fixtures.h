// Test fixtures for the planner tests: manifest sets built directly in C++ (the YAML loader is
// tested separately), a registry with a MemoryProvider, and golden-file comparison.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "manifests/manifest.h"
#include "providers/memory/memory_provider.h"
#include "reconciler/plan/provider_registry.h"
#include "reconciler/state/state.h"

namespace causeway::testing_plan {

inline ResourceDecl Res(const std::string& address, const std::string& spec_json,
                        Lifecycle lifecycle = {}, std::vector<std::string> depends_on = {}) {
  ResourceDecl r;
  r.address = *Address::Parse(address);
  r.spec = Value::parse(spec_json);
  r.lifecycle = std::move(lifecycle);
  for (const auto& d : depends_on) r.depends_on.push_back(*Address::Parse(d));
  return r;
}

inline ManifestSet Manifests(std::vector<ResourceDecl> resources) {
  ManifestSet m;
  m.resources = std::move(resources);
  m.digest = "sha256:test";
  return m;
}

// Wraps the MemoryProvider and records observe() batches and any mutating call.
class RecordingProvider : public Provider {
 public:
  explicit RecordingProvider(std::shared_ptr<MemoryProvider> inner) : inner_(std::move(inner)) {}
  std::string name() const override { return inner_->name(); }
  std::vector<KindSchema> schemas() const override { return inner_->schemas(); }
  Status configure(const Value& config) override { return inner_->configure(config); }
  Result<std::vector<Observation>> observe(const std::vector<ObserveItem>& items) override {
    // Copies: an item's attributes may view the caller's state, valid only during the call.
    std::vector<ObserveItem> copy;
    for (const auto& i : items) {
      copy.push_back({i.address, i.id, Value(i.attributes.get())});
      read_at[i.address.str()] = &i.attributes.get();
    }
    batches.push_back(std::move(copy));
    return inner_->observe(items);
  }
  Result<ResourceResult> create(const CreateRequest& r) override {
    ++mutations;
    return inner_->create(r);
  }
  Result<ResourceResult> update(const UpdateRequest& r) override {
    ++mutations;
    return inner_->update(r);
  }
  Status remove(const DeleteRequest& r) override {
    ++mutations;
    return inner_->remove(r);
  }
  Result<std::vector<Observation>> list(const ListRequest& r) override { return inner_->list(r); }
  Result<std::vector<Undeclared>> undeclared(const std::vector<ObserveItem>& managed) override {
    return inner_->undeclared(managed);
  }

  std::vector<std::vector<ObserveItem>> batches;
  std::map<std::string, const Value*> read_at;  // where each item's attributes were, by address
  int mutations = 0;

 private:
  std::shared_ptr<MemoryProvider> inner_;
};

struct MemWorld {
  std::shared_ptr<MemoryProvider> mem = std::make_shared<MemoryProvider>();
  std::shared_ptr<RecordingProvider> recorder = std::make_shared<RecordingProvider>(mem);
  ProviderRegistry registry;
  MemWorld() { registry.Add(recorder); }

  // Creates the object live and returns the matching state entry, as an earlier apply would.
  ResourceState Create(const std::string& address, const Value& attributes,
                       std::vector<std::string> dependencies = {}) {
    Address a = *Address::Parse(address);
    auto r = mem->create(CreateRequest{a, attributes});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    ResourceState s;
    s.address = a;
    s.id = r->id;
    s.attributes = r->attributes;
    s.outputs = r->outputs;
    s.dependencies = std::move(dependencies);
    return s;
  }
};

inline State StateOf(std::vector<ResourceState> resources) {
  State s;
  s.lineage = "lineage-1";
  s.serial = 7;
  for (auto& r : resources) s.resources[r.address.str()] = std::move(r);
  return s;
}

// Compares `actual` with tests/plan/golden/<name>; CAUSEWAY_UPDATE_GOLDEN=1 rewrites the file.
inline void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(CAUSEWAY_SOURCE_DIR) + "/tests/plan/golden/" + name;
  const char* update = std::getenv("CAUSEWAY_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream out(path, std::ios::binary);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << "missing golden file " << path
                         << " (run with CAUSEWAY_UPDATE_GOLDEN=1 to create it)";
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), actual) << "golden file " << path
                              << " differs (CAUSEWAY_UPDATE_GOLDEN=1 regenerates it)";
}

}  // namespace causeway::testing_plan

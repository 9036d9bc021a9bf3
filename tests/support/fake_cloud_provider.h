// FakeCloudProvider: a provider that serves whatever kind schemas it is given (those of a real
// provider, say) and keeps its objects in a map, so that engine tests can run over every kind a
// provider declares without that provider's cloud. Ids are the address's name; observe finds an
// object by id, or by address name when the id is empty. It records mutations, and a test can
// run a hook before each observe() (to change the "cloud" between two reads). Header-only.
// Thread-safety: all methods are thread-safe.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "providers/provider.h"

namespace causeway::testing {

class FakeCloudProvider : public Provider {
 public:
  FakeCloudProvider(std::string name, std::vector<KindSchema> schemas)
      : name_(std::move(name)), schemas_(std::move(schemas)) {}

  std::string name() const override { return name_; }
  std::vector<KindSchema> schemas() const override { return schemas_; }
  Status configure(const Value&) override { return Status::Ok(); }

  Result<std::vector<Observation>> observe(const std::vector<ObserveItem>& items) override {
    std::function<void(int)> hook;
    int call = 0;
    {
      std::lock_guard<std::mutex> l(mu_);
      call = ++observe_calls_;
      hook = before_observe_;
    }
    if (hook) hook(call);
    std::lock_guard<std::mutex> l(mu_);
    std::vector<Observation> out;
    for (const auto& item : items) {
      Observation o;
      o.address = item.address;
      const std::string id = item.id.empty() ? item.address.name : item.id;
      auto it = objects_.find({item.address.kind, id});
      if (it != objects_.end()) {
        o.exists = true;
        o.id = id;
        o.attributes = it->second;
      }
      out.push_back(std::move(o));
    }
    return out;
  }
  Result<ResourceResult> create(const CreateRequest& r) override {
    std::lock_guard<std::mutex> l(mu_);
    mutations_.push_back("create " + r.address.str());
    objects_[{r.address.kind, r.address.name}] = r.attributes;
    return ResourceResult{r.address.name, r.attributes, Value::object()};
  }
  Result<ResourceResult> update(const UpdateRequest& r) override {
    std::lock_guard<std::mutex> l(mu_);
    mutations_.push_back("update " + r.address.str());
    objects_[{r.address.kind, r.id}] = r.after;
    return ResourceResult{r.id, r.after, Value::object()};
  }
  Status remove(const DeleteRequest& r) override {
    std::lock_guard<std::mutex> l(mu_);
    mutations_.push_back("remove " + r.address.str());
    objects_.erase({r.address.kind, r.id});
    return Status::Ok();
  }
  Result<std::vector<Observation>> list(const ListRequest&) override {
    return std::vector<Observation>{};
  }

  // The "cloud", changed out of band.
  void Put(const std::string& kind, const std::string& id, Value attributes) {
    std::lock_guard<std::mutex> l(mu_);
    objects_[{kind, id}] = std::move(attributes);
  }
  void Erase(const std::string& kind, const std::string& id) {
    std::lock_guard<std::mutex> l(mu_);
    objects_.erase({kind, id});
  }
  bool Has(const std::string& kind, const std::string& id) const {
    std::lock_guard<std::mutex> l(mu_);
    return objects_.count({kind, id}) > 0;
  }
  // "create KIND.NAME", "update ...", "remove ..." in call order.
  std::vector<std::string> mutations() const {
    std::lock_guard<std::mutex> l(mu_);
    return mutations_;
  }
  // Runs `hook(n)` before the n-th observe() call (1-based, counted from construction).
  void BeforeObserve(std::function<void(int)> hook) {
    std::lock_guard<std::mutex> l(mu_);
    before_observe_ = std::move(hook);
  }

 private:
  std::string name_;
  std::vector<KindSchema> schemas_;
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Value> objects_;  // (kind, id) -> attributes
  std::vector<std::string> mutations_;
  std::function<void(int)> before_observe_;
  int observe_calls_ = 0;
};

}  // namespace causeway::testing

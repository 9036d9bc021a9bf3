// KindProvider<Context>: the part of a provider that is the same for every cloud. It implements
// the provider contract's observe/create/update/remove/list by dispatching to one
// KindHandler<Context> per kind:
//  - bulk observe groups the items by kind and the kinds by group (GroupOf: "aws.iam.role" ->
//    "iam"); groups are read in parallel, one thread each, and the kinds of a group in turn,
//    sharing one ObserveBatch;
//  - per-resource observe (`refresh_mode: per-resource`, the benchmark baseline) reads one item
//    per call on up to 10 threads per kind, like Terraform's refresh;
//  - create and update are retried while the handler says the failure is a change that has not
//    propagated yet (IAM), with backoff up to propagation_timeout, logging each wait;
//  - every handler call is Guarded: an exception a handler lets through (a parsing library's, an
//    allocation failure) becomes an Internal error naming the provider and the call, so none
//    crosses a provider thread or the provider boundary (issue 17: nothing a server sends may
//    abort the process). Handlers still read replies through ReplyReader; this is the backstop.
// A provider derives from it, registers its handlers, and implements configure() and
// settings_schema(); it sets `configured_` once the context is usable.
// Thread-safety: after configure(), every method may be called from many threads (handlers are
// stateless; the context must be safe to share).
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "providers/kit/kind_handler.h"
#include "providers/provider.h"
#include "reconciler/core/clock.h"

namespace causeway::kit {

template <typename Context>
class KindProvider : public Provider {
 public:
  std::vector<KindSchema> schemas() const override {
    std::vector<KindSchema> out;
    for (const auto& [_, h] : handlers_) out.push_back(h->Schema());
    return out;
  }

  Result<std::vector<Observation>> observe(const std::vector<ObserveItem>& items) override {
    CW_RETURN_IF_ERROR(EnsureConfigured());
    std::vector<Observation> out(items.size());
    std::map<std::string, std::vector<size_t>> by_kind;
    for (size_t i = 0; i < items.size(); ++i) by_kind[items[i].address.kind].push_back(i);
    for (const auto& [kind, _] : by_kind) {
      if (Handler(kind) == nullptr) return Unknown(kind);
    }
    if (per_resource_) return ObservePerResource(items, by_kind, std::move(out));

    std::map<std::string, std::vector<std::string>> by_group;
    for (const auto& [kind, _] : by_kind) by_group[GroupOf(kind)].push_back(kind);
    std::vector<std::vector<std::string>> groups;
    for (auto& [_, kinds] : by_group) groups.push_back(std::move(kinds));
    std::vector<Status> errors(groups.size());
    auto read_group = [&](size_t g) {
      ObserveBatch batch(std::set<std::string>(groups[g].begin(), groups[g].end()));
      Context ctx = ctx_;
      for (const auto& kind : groups[g]) {
        const auto& idx = by_kind[kind];
        std::vector<ObserveItem> part;
        part.reserve(idx.size());
        for (size_t i : idx) part.push_back(items[i]);
        auto obs = Guarded<std::vector<Observation>>(
            "observe " + kind, [&] { return Handler(kind)->ObserveBulk(ctx, batch, part); });
        if (!obs.ok()) {
          errors[g] = obs.status();
          return;
        }
        if (obs->size() != part.size()) {
          errors[g] =
              Status::Internal(name() + ": " + kind + " observed " + std::to_string(obs->size()) +
                               " of " + std::to_string(part.size()) + " items");
          return;
        }
        for (size_t k = 0; k < idx.size(); ++k) out[idx[k]] = std::move((*obs)[k]);
      }
    };
    std::vector<std::thread> threads;
    for (size_t g = 1; g < groups.size(); ++g) threads.emplace_back(read_group, g);
    if (!groups.empty()) read_group(0);
    for (auto& t : threads) t.join();
    for (const auto& e : errors) {
      if (!e.ok()) return e;
    }
    return out;
  }

  Result<ResourceResult> create(const CreateRequest& request) override {
    CW_RETURN_IF_ERROR(EnsureConfigured());
    auto* h = Handler(request.address.kind);
    if (h == nullptr) return Unknown(request.address.kind);
    return RetryWhilePropagating<ResourceResult>(h, "create " + request.address.str(), [&] {
      Context ctx = ctx_;
      return Guarded<ResourceResult>("create " + request.address.str(),
                                     [&] { return h->Create(ctx, request); });
    });
  }

  Result<ResourceResult> update(const UpdateRequest& request) override {
    CW_RETURN_IF_ERROR(EnsureConfigured());
    auto* h = Handler(request.address.kind);
    if (h == nullptr) return Unknown(request.address.kind);
    return RetryWhilePropagating<ResourceResult>(h, "update " + request.address.str(), [&] {
      Context ctx = ctx_;
      return Guarded<ResourceResult>("update " + request.address.str(),
                                     [&] { return h->Update(ctx, request); });
    });
  }

  Status remove(const DeleteRequest& request) override {
    CW_RETURN_IF_ERROR(EnsureConfigured());
    auto* h = Handler(request.address.kind);
    if (h == nullptr) return Unknown(request.address.kind);
    Context ctx = ctx_;
    return Guarded<bool>("delete " + request.address.str(),
                         [&]() -> Result<bool> {
                           CW_RETURN_IF_ERROR(h->Delete(ctx, request));
                           return true;
                         })
        .status();
  }

  Result<std::vector<Observation>> list(const ListRequest& request) override {
    CW_RETURN_IF_ERROR(EnsureConfigured());
    auto* h = Handler(request.kind);
    if (h == nullptr) return Unknown(request.kind);
    Context ctx = ctx_;
    return Guarded<std::vector<Observation>>("list " + request.kind,
                                             [&] { return h->List(ctx, request); });
  }

 protected:
  void AddHandlers(KindHandlers<Context> handlers) {
    for (auto& h : handlers) {
      std::string kind = h->Schema().kind;
      handlers_[kind] = std::move(h);
    }
  }
  KindHandler<Context>* Handler(const std::string& kind) const {
    auto it = handlers_.find(kind);
    return it == handlers_.end() ? nullptr : it->second.get();
  }
  // The group of kinds read by one thread and sharing one ObserveBatch: by default the second
  // segment of the kind ("aws.iam.role" -> "iam", "snowflake.table" -> "table").
  virtual std::string GroupOf(const std::string& kind) const {
    std::string rest = kind.substr(kind.find('.') + 1);
    return rest.substr(0, rest.find('.'));
  }

  Context ctx_{};
  bool configured_ = false;
  bool per_resource_ = false;
  Clock* clock_ = RealClock();
  std::chrono::milliseconds propagation_timeout_{60000};

 private:
  Status EnsureConfigured() const {
    if (!configured_) return Status::Internal(name() + " provider used before configure()");
    return Status::Ok();
  }
  Status Unknown(const std::string& kind) const {
    return Status::InvalidArgument(name() + ": unknown kind " + kind);
  }

  Result<std::vector<Observation>> ObservePerResource(
      const std::vector<ObserveItem>& items,
      const std::map<std::string, std::vector<size_t>>& by_kind, std::vector<Observation> out) {
    for (const auto& [kind, idx] : by_kind) {
      auto* h = Handler(kind);
      std::atomic<size_t> next{0};
      std::mutex mu;
      Status first_error;
      auto worker = [&] {
        Context ctx = ctx_;
        for (size_t k = next++; k < idx.size(); k = next++) {
          auto o = Guarded<Observation>("observe " + items[idx[k]].address.str(),
                                        [&] { return h->ObserveOne(ctx, items[idx[k]]); });
          std::lock_guard<std::mutex> l(mu);
          if (!o.ok()) {
            if (first_error.ok()) first_error = o.status();
            continue;
          }
          out[idx[k]] = std::move(o).value();
        }
      };
      std::vector<std::thread> pool;
      for (size_t t = 0; t < std::min<size_t>(10, idx.size()); ++t) pool.emplace_back(worker);
      for (auto& t : pool) t.join();
      if (!first_error.ok()) return first_error;
    }
    return out;
  }

  // `call()`, with any exception it throws turned into an Internal error naming `what`.
  template <typename T, typename Call>
  Result<T> Guarded(const std::string& what, Call call) const {
    try {
      return call();
    } catch (const std::exception& e) {
      return Status::Internal(name() + ": " + what + ": unexpected error (" + e.what() +
                              "); please report it");
    }
  }

  template <typename T, typename Call>
  Result<T> RetryWhilePropagating(KindHandler<Context>* h, const std::string& what, Call call) {
    // Bounded both by the clock and by the time slept, so a clock that does not move (tests)
    // cannot make this loop forever.
    auto deadline = clock_->Now() + propagation_timeout_;
    std::chrono::milliseconds wait{500};
    std::chrono::milliseconds slept{0};
    while (true) {
      Result<T> r = call();
      if (r.ok() || !h->IsPropagationDelay(r.status()) || clock_->Now() + wait > deadline ||
          slept + wait > propagation_timeout_) {
        return r;
      }
      log().Info(what + ": waiting " + std::to_string(wait.count()) +
                 " ms for a recent change to propagate (" + r.status().message() + ")");
      clock_->SleepFor(wait);
      slept += wait;
      wait = std::min(wait * 2, std::chrono::milliseconds(8000));
    }
  }

  std::map<std::string, std::unique_ptr<KindHandler<Context>>> handlers_;
};

}  // namespace causeway::kit

// Applier: the parallel walk over a plan's steps (a small std::thread pool fed from a ready set
// kept in plan order), the begin/end journal records, and rollback on failure. What each step
// does lives in step_runner.cc; undo lives in rollback.cc.
#include "reconciler/apply/applier.h"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "reconciler/apply/apply_context.h"
#include "reconciler/plan/safety.h"

namespace causeway {

namespace {

const char* Verb(Action a) {
  switch (a) {
    case Action::kCreate:
      return "creating";
    case Action::kUpdate:
      return "updating";
    case Action::kReplace:
      return "replacing";
    case Action::kDelete:
      return "deleting";
    case Action::kDeferredUpdate:
      return "updating (deferred)";
    case Action::kNoOp:
      break;
  }
  return "checking";
}

// The steps of a plan: its non-no-op changes, with dependency edges between them.
struct StepGraph {
  std::vector<const Change*> changes;  // step -> change, in plan order
  std::vector<std::vector<int>> dependents;
  std::vector<int> pending;  // unfinished dependencies per step
};

StepGraph BuildSteps(const Plan& plan) {
  StepGraph g;
  for (const auto& c : plan.changes) {
    if (c.action != Action::kNoOp) g.changes.push_back(&c);
  }
  const int n = static_cast<int>(g.changes.size());
  // depends_on names an address, meaning its main change; a deferred update shares its address
  // with the create before it, and what depends on the address depends on that create (else the
  // cycle that the deferred update broke would come back). Addresses without a main step (a
  // no-op, or only a deferred update) are complete already.
  std::map<std::string, int> by_address;
  for (int i = 0; i < n; ++i) {
    if (g.changes[i]->action != Action::kDeferredUpdate) {
      by_address.emplace(g.changes[i]->address.str(), i);
    }
  }
  std::vector<std::set<int>> deps(n);
  for (int i = 0; i < n; ++i) {
    const Change& c = *g.changes[i];
    for (const auto& d : c.depends_on) {
      auto it = by_address.find(d);
      if (it != by_address.end() && it->second != i) deps[i].insert(it->second);
    }
    if (c.action == Action::kDeferredUpdate) {
      for (int j = 0; j < i; ++j) {
        if (g.changes[j]->address == c.address) deps[i].insert(j);
      }
    }
  }
  g.dependents.assign(n, {});
  g.pending.assign(n, 0);
  for (int i = 0; i < n; ++i) {
    g.pending[i] = static_cast<int>(deps[i].size());
    for (int d : deps[i]) g.dependents[d].push_back(i);
  }
  return g;
}

// Apply's own data-loss check, before any step: CheckPlannedDestroys, then one observe batch
// per provider of the deletes without the opt-in. Each must find its object gone (the delete
// only drops a state entry); one that exists is refused. The delete step checks again (step
// runner), since the object may come back between this observation and the step.
Status CheckDataDeletes(const Plan& plan, const State& state, const ProviderRegistry& registry) {
  std::vector<const Change*> must_be_gone;
  CW_RETURN_IF_ERROR(CheckPlannedDestroys(plan, registry.schemas(), &must_be_gone));
  std::map<std::string, std::vector<const Change*>> by_provider;
  for (const Change* c : must_be_gone) by_provider[c->address.provider()].push_back(c);
  for (const auto& [name, changes] : by_provider) {
    Provider* p = registry.Get(name);
    if (p == nullptr) {
      return Status::InvalidArgument("no provider '" + name + "' for " +
                                     changes.front()->address.str());
    }
    std::vector<ObserveItem> items;
    for (const Change* c : changes) {
      // The same identity the delete step observes (KnownId in step_runner.cc).
      std::string id = c->id;
      if (const ResourceState* known = state.Find(c->address.str()); id.empty() && known) {
        id = known->id;
      }
      items.push_back(
          ObserveItem{c->address, id, c->before.is_object() ? c->before : Value::object()});
    }
    auto observed = p->observe(items);
    if (observed.ok() && observed->size() != items.size()) {
      observed = Status::ProviderError("provider returned " + std::to_string(observed->size()) +
                                       " observations for " + std::to_string(items.size()));
    }
    if (!observed.ok()) {
      return observed.status().WithContext(
          "refusing to apply: the plan removes " + changes.front()->address.str() +
          (changes.size() > 1 ? " (and " + std::to_string(changes.size() - 1) + " more)" : "") +
          " without allow_destroy, which it may only do once the object is gone, and observing "
          "it failed");
    }
    for (size_t i = 0; i < changes.size(); ++i) {
      const Observation& o = (*observed)[i];
      if (o.exists) return RefuseDataDelete(*changes[i], o.id.empty() ? items[i].id : o.id);
    }
  }
  return Status::Ok();
}

// Runs the steps on a thread pool; returns the first failure (OK if all succeeded). Each step
// belongs to a lane (its provider) with a limit of steps in flight, and a thread takes the first
// ready step, in plan order, whose lane has room. The pool has a thread for every place in every
// lane, so one provider's slow steps never hold the threads another provider's steps need: many
// external tables waiting for a role to trust their integration leave the AWS lane free to run
// the deferred update of that trust.
class Walker {
 public:
  // lane_of[step] indexes lane_limits.
  Walker(StepGraph graph, std::vector<int> lane_of, std::vector<int> lane_limits, ApplyContext* ctx,
         ApplyReporter* reporter)
      : g_(std::move(graph)),
        lane_of_(std::move(lane_of)),
        lane_limits_(std::move(lane_limits)),
        lane_running_(lane_limits_.size(), 0),
        ready_(lane_limits_.size()),
        ctx_(ctx),
        reporter_(reporter) {
    for (size_t i = 0; i < g_.pending.size(); ++i) {
      if (g_.pending[i] == 0) ready_[lane_of_[i]].insert(static_cast<int>(i));
    }
  }

  Status Run(int* steps_done) {
    const int total = static_cast<int>(g_.changes.size());
    int places = 0;
    for (int limit : lane_limits_) places += limit;
    const int workers = std::min(places, total);
    std::vector<std::thread> threads;
    for (int i = 0; i < workers; ++i) threads.emplace_back([this] { Work(); });
    for (auto& t : threads) t.join();
    *steps_done = succeeded_;
    return failure_;
  }

 private:
  // The first ready step, in plan order, whose lane has room; -1 if none.
  int Runnable() const {
    int first = -1;
    for (size_t lane = 0; lane < ready_.size(); ++lane) {
      if (ready_[lane].empty() || lane_running_[lane] >= lane_limits_[lane]) continue;
      const int step = *ready_[lane].begin();
      if (first < 0 || step < first) first = step;
    }
    return first;
  }

  void Work() {
    const int total = static_cast<int>(g_.changes.size());
    std::unique_lock<std::mutex> l(mu_);
    while (true) {
      cv_.wait(l, [&] { return failed_ || Runnable() >= 0 || running_ == 0; });
      const int step = failed_ ? -1 : Runnable();
      if (step < 0) {
        if (!failed_ && finished_ < total) {
          failed_ = true;
          failure_ = Status::Internal("dependency cycle among the plan's remaining steps");
        }
        cv_.notify_all();
        return;
      }
      // Lowest plan position first, so that runs are deterministic for a given parallelism.
      ready_[lane_of_[step]].erase(step);
      ++running_;
      ++lane_running_[lane_of_[step]];
      int index = ++started_;
      const Change& change = *g_.changes[step];
      // Reporter calls are made under mu_, which serialises them.
      if (reporter_ != nullptr) reporter_->StepStarted(index, total, change, Verb(change.action));
      l.unlock();
      Status s = RunChange(ctx_, change);
      l.lock();
      if (reporter_ != nullptr) reporter_->StepFinished(index, total, change, s);
      --running_;
      --lane_running_[lane_of_[step]];
      ++finished_;
      if (s.ok()) {
        ++succeeded_;
        for (int d : g_.dependents[step]) {
          if (--g_.pending[d] == 0) ready_[lane_of_[d]].insert(d);
        }
      } else if (!failed_) {
        failed_ = true;
        failure_ = s;
      }
      cv_.notify_all();
    }
  }

  StepGraph g_;
  const std::vector<int> lane_of_;
  const std::vector<int> lane_limits_;
  std::vector<int> lane_running_;
  std::vector<std::set<int>> ready_;  // per lane
  ApplyContext* ctx_;
  ApplyReporter* reporter_;
  std::mutex mu_;
  std::condition_variable cv_;
  int running_ = 0;
  int started_ = 0;
  int finished_ = 0;
  int succeeded_ = 0;
  bool failed_ = false;
  Status failure_;
};

// One lane for all steps when the user chose a parallelism; otherwise one per provider, limited
// to what the provider asks for or kDefaultStepsInFlight.
void AssignLanes(const StepGraph& g, const ProviderRegistry& registry, int parallelism,
                 std::vector<int>* lane_of, std::vector<int>* lane_limits) {
  std::map<std::string, int> lanes;
  for (const Change* c : g.changes) {
    if (parallelism > 0) {
      lane_of->push_back(0);
      continue;
    }
    const std::string provider = c->address.provider();
    auto [it, added] = lanes.emplace(provider, static_cast<int>(lane_limits->size()));
    if (added) {
      const Provider* p = registry.Get(provider);
      const int asked = p != nullptr ? p->steps_in_flight() : 0;
      lane_limits->push_back(asked > 0 ? asked : kDefaultStepsInFlight);
    }
    lane_of->push_back(it->second);
  }
  if (parallelism > 0) lane_limits->push_back(parallelism);
}

}  // namespace

ApplyResult Applier::Apply(const Plan& plan, const State& state, const ApplyOptions& options) {
  ApplyResult result;
  if (Status allowed = CheckDataDeletes(plan, state, *registry_); !allowed.ok()) {
    result.state = state;
    result.status = allowed;
    result.exit_code = 1;
    return result;
  }
  ApplyContext ctx(registry_, journal_, options, state);
  StepGraph graph = BuildSteps(plan);
  const int total = static_cast<int>(graph.changes.size());

  Status begun = ctx.JournalRecordOf("begin", "",
                                     Value{{"lineage", plan.lineage},
                                           {"serial", plan.serial},
                                           {"manifest_digest", plan.manifest_digest},
                                           {"steps", total}});
  if (!begun.ok()) {
    result.state = state;
    result.status = begun.WithContext("apply not started");
    result.exit_code = 1;
    return result;
  }

  result.began = true;
  std::vector<int> lane_of, lane_limits;
  AssignLanes(graph, *registry_, options.parallelism, &lane_of, &lane_limits);
  Walker walker(std::move(graph), std::move(lane_of), std::move(lane_limits), &ctx, reporter_);
  result.status = walker.Run(&result.steps_done);
  if (!result.status.ok()) {
    result.exit_code = 1;
    if (!options.no_rollback) {
      result.rolled_back = true;
      if (!RollBack(&ctx, reporter_, &result.needs_attention)) result.exit_code = 3;
    }
  }
  result.state = ctx.StateCopy();
  result.removed_from_state = ctx.Forgotten();
  std::sort(result.removed_from_state.begin(), result.removed_from_state.end());
  (void)ctx.JournalRecordOf("end", result.status.ok() ? "" : result.status.message(),
                            Value{{"exit_code", result.exit_code}});
  return result;
}

}  // namespace causeway

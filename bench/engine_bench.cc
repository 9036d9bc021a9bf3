// Engine benchmarks over the in-memory provider at 1k / 10k / 100k resources with realistic
// fan-out (per group of 10: a database, a role and an integration that trust each other — a
// cycle broken by a deferred update —, five tables in the database and two grants on tables):
//   BM_LoadManifests   YAML parse + validation (incl. graph cycle check)
//   BM_PlanNoOp        graph + refresh (one observe batch) + diff + plan, everything exists
//   BM_PlanCreate      same from nothing (every resource created)
//   BM_StateSave       state JSON + atomic write + git commit (libgit2)
//   BM_StateLoad       state read from git + JSON parse (its repository is the one BM_StateSave
//                      wrote, or is written first by a child process when it is missing; the
//                      repositories are removed at exit, not inside the function: Google
//                      Benchmark calls a benchmark function more than once for small sizes)
// Counters: resources, peak_rss_mb (RSS high-water mark of the measured iterations, see
// ResetPeakRss), inputs_rss_mb (RSS when the measurement starts: what the inputs hold). Run:
//   ./build-release/engine_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <jemalloc/jemalloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "manifests/loader.h"
#include "providers/memory/memory_provider.h"
#include "reconciler/plan/provider_registry.h"
#include "reconciler/plan/planner.h"
#include "reconciler/state/state_json.h"
#include "reconciler/state/state_store.h"

namespace causeway {
namespace {

// A line of /proc/self/status in MB: `format` is e.g. "VmHWM: %ld kB".
double StatusMb(const char* format) {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return -1;
  char line[256];
  long kb = -1;
  while (std::fgets(line, sizeof(line), f) != nullptr) {
    if (std::sscanf(line, format, &kb) == 1) break;
  }
  std::fclose(f);
  return kb < 0 ? -1 : static_cast<double>(kb) / 1024.0;
}

// The RSS high-water mark in MB: VmHWM, which ResetPeakRss() sets back to the current RSS.
double PeakRssMb() { return StatusMb("VmHWM: %ld kB"); }

// Makes the next PeakRssMb() the peak of what runs from here on (Linux >= 4.0: writing 5 to
// /proc/self/clear_refs resets VmHWM), so that a benchmark's figure is the peak of its measured
// iterations, including everything they hold (manifests, state, the in-memory cloud), and not
// of the set-up that built those inputs. Returns the RSS at that point (the inputs' share of the
// peak, reported as inputs_rss_mb).
// First, the memory the set-up freed (three plans populate the in-memory cloud) is handed back
// to the system: jemalloc would otherwise keep it resident for seconds, counted in every
// figure, while a `causeway plan` process starts without it.
double ResetPeakRss() {
  const std::string purge = "arena." + std::to_string(MALLCTL_ARENAS_ALL) + ".purge";
  mallctl(purge.c_str(), nullptr, nullptr, nullptr, 0);
  FILE* f = std::fopen("/proc/self/clear_refs", "w");
  if (f != nullptr) {
    std::fputs("5", f);
    std::fclose(f);
  }
  return StatusMb("VmRSS: %ld kB");
}

std::string Manifest(int n) {
  std::string out;
  out.reserve(static_cast<size_t>(n) * 220);
  for (int g = 0; g < n / 10; ++g) {
    std::string s = std::to_string(g);
    out += "kind: mem.database\nname: db" + s + "\nspec:\n  name: DB" + s + "\n---\n";
    out += "kind: mem.role\nname: r" + s + "\nspec:\n  role_name: role-" + s +
           "\n  trust_policy:\n    Statement:\n      - Effect: Allow\n        Principal: { AWS: "
           "\"${mem.integration.i" +
           s + ".iam_user_arn}\" }\n        Action: sts:AssumeRole\n---\n";
    out += "kind: mem.integration\nname: i" + s + "\nspec:\n  name: INT" + s +
           "\n  role_arn: ${mem.role.r" + s + ".arn}\n---\n";
    for (int t = 0; t < 5; ++t) {
      std::string ts = s + "_" + std::to_string(t);
      out += "kind: mem.table\nname: t" + ts + "\nspec:\n  database: ${mem.database.db" + s +
             ".name}\n  name: T" + ts + "\n  columns: [{name: ID, type: NUMBER}]\n---\n";
    }
    for (int k = 0; k < 2; ++k) {
      std::string ks = s + "_" + std::to_string(k);
      out += "kind: mem.grant\nname: g" + ks + "\ndepends_on: [mem.table.t" + s + "_" +
             std::to_string(k) + "]\nspec:\n  principal: ANALYST\n  on: DB" + s + ".T" + ks +
             "\n  privileges: [SELECT]\n---\n";
    }
  }
  return out;
}

struct Fixture {
  std::shared_ptr<MemoryProvider> mem = std::make_shared<MemoryProvider>();
  ProviderRegistry registry;
  ManifestSet set;
  Fixture(int n) {
    registry.Add(mem);
    auto r = LoadManifestFiles({{"bench.yaml", Manifest(n)}}, registry.schemas());
    if (!r.ok()) std::abort();
    set = std::move(r.set);
  }
};

// Applies a plan's creates directly to the mem provider and returns the matching state, so that
// the no-op plan and state benchmarks start from "everything exists".
State Populate(Fixture& f) {
  State state;
  state.lineage = "bench";
  // Three passes: outputs of earlier passes (arn, iam_user_arn) resolve the references of the
  // second.
  for (int pass = 0; pass < 3; ++pass) {
    Planner p(&f.registry);
    auto again = p.MakePlan(f.set, state, PlanOptions{});
    if (!again.ok()) std::abort();
    for (const auto& c : again->plan.changes) {
      if (c.action == Action::kNoOp || ContainsUnknown(c.after)) continue;
      Result<ResourceResult> r = c.action == Action::kCreate
                                     ? f.mem->create({c.address, c.after})
                                     : f.mem->update({c.address, c.id, c.before, c.after, {}});
      if (!r.ok()) continue;
      ResourceState rs;
      rs.address = c.address;
      rs.id = r->id;
      rs.attributes = r->attributes;
      rs.outputs = r->outputs;
      rs.dependencies = c.depends_on;
      state.resources[c.address.str()] = rs;
    }
  }
  return state;
}

std::string StateDir(int n) { return "/tmp/causeway-bench-state-" + std::to_string(n); }

// Removes the benchmarks' state repositories when the process ends.
struct StateDirs {
  std::set<std::string> dirs;
  ~StateDirs() {
    for (const auto& d : dirs) std::filesystem::remove_all(d);
  }
};
StateDirs& Dirs() {
  static StateDirs dirs;
  return dirs;
}

// Makes sure StateDir(n) holds a saved state of n resources.
void EnsureSavedState(int n) {
  std::string dir = StateDir(n);
  Dirs().dirs.insert(dir);
  StateStoreOptions o;
  o.dir = dir;
  {
    StateStore store(o);
    auto loaded = store.Load();
    if (loaded.ok() && !loaded->resources.empty()) return;
  }
  std::filesystem::remove_all(dir);
  // Built in a child process, so that this process's peak RSS (and CPU time) is the load's own
  // rather than that of loading manifests and planning 3 times.
  pid_t pid = fork();
  if (pid < 0) std::abort();
  if (pid == 0) {
    Fixture f(n);
    State state = Populate(f);
    StateStore store(o);
    _exit(store.Save(state, "bench state").ok() ? 0 : 1);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::abort();
  }
}

void BM_LoadManifests(benchmark::State& st) {
  int n = static_cast<int>(st.range(0));
  MemoryProvider mem;
  SchemaSet schemas;
  for (auto& k : mem.schemas()) schemas[k.kind] = k;
  std::string text = Manifest(n);
  const double inputs_rss = ResetPeakRss();
  for (auto _ : st) {
    auto r = LoadManifestFiles({{"bench.yaml", text}}, schemas);
    if (!r.ok()) st.SkipWithError("invalid manifests");
    benchmark::DoNotOptimize(r);
  }
  st.counters["resources"] = n;
  st.counters["peak_rss_mb"] = PeakRssMb();
  st.counters["inputs_rss_mb"] = inputs_rss;
}

void BM_PlanCreate(benchmark::State& st) {
  int n = static_cast<int>(st.range(0));
  Fixture f(n);
  const double inputs_rss = ResetPeakRss();
  for (auto _ : st) {
    Planner planner(&f.registry);
    auto plan = planner.MakePlan(f.set, State{}, PlanOptions{});
    if (!plan.ok()) st.SkipWithError(plan.status().message().c_str());
    benchmark::DoNotOptimize(plan);
  }
  st.counters["resources"] = n;
  st.counters["observe_calls"] = f.mem->Counts()["observe"];
  st.counters["peak_rss_mb"] = PeakRssMb();
  st.counters["inputs_rss_mb"] = inputs_rss;
}

void BM_PlanNoOp(benchmark::State& st) {
  int n = static_cast<int>(st.range(0));
  Fixture f(n);
  State state = Populate(f);
  f.mem->ResetCounts();
  int changes = 0;
  const double inputs_rss = ResetPeakRss();
  for (auto _ : st) {
    Planner planner(&f.registry);
    auto plan = planner.MakePlan(f.set, state, PlanOptions{});
    if (!plan.ok()) st.SkipWithError(plan.status().message().c_str());
    changes = plan.ok() && plan->plan.HasChanges() ? 1 : 0;
  }
  st.counters["resources"] = n;
  st.counters["has_changes"] = changes;
  st.counters["peak_rss_mb"] = PeakRssMb();
  st.counters["inputs_rss_mb"] = inputs_rss;
}

void BM_StateSave(benchmark::State& st) {
  int n = static_cast<int>(st.range(0));
  Fixture f(n);
  State state = Populate(f);
  std::string dir = StateDir(n);
  Dirs().dirs.insert(dir);
  std::filesystem::remove_all(dir);
  StateStoreOptions o;
  o.dir = dir;
  StateStore store(o);
  if (!store.Open().ok()) st.SkipWithError("open");
  auto loaded = store.Load();
  State cur = loaded.ok() ? *loaded : State{};
  state.lineage = cur.lineage;
  state.serial = cur.serial;
  const double inputs_rss = ResetPeakRss();
  for (auto _ : st) {
    auto saved = store.Save(std::move(state), "bench save");
    if (!saved.ok()) {
      st.SkipWithError(saved.status().message().c_str());
      break;
    }
    state = std::move(*saved);
  }
  st.counters["resources"] = n;
  st.counters["peak_rss_mb"] = PeakRssMb();
  st.counters["inputs_rss_mb"] = inputs_rss;
}

void BM_StateLoad(benchmark::State& st) {
  int n = static_cast<int>(st.range(0));
  EnsureSavedState(n);
  StateStoreOptions o;
  o.dir = StateDir(n);
  StateStore store(o);
  if (!store.Open().ok()) st.SkipWithError("open");
  size_t count = 0;
  const double inputs_rss = ResetPeakRss();
  for (auto _ : st) {
    auto s = store.Load();
    if (!s.ok()) st.SkipWithError(s.status().message().c_str());
    count = s.ok() ? s->resources.size() : 0;
  }
  st.counters["resources"] = static_cast<double>(count);
  st.counters["peak_rss_mb"] = PeakRssMb();
  st.counters["inputs_rss_mb"] = inputs_rss;
}

// The state of n resources that BM_StateSave (or EnsureSavedState) committed, freshly loaded.
State LoadSavedState(int n) {
  EnsureSavedState(n);
  StateStoreOptions o;
  o.dir = StateDir(n);
  StateStore store(o);
  auto state = store.Load();
  if (!state.ok()) std::abort();
  return std::move(*state);
}

// The state file's text alone, without git: what BM_StateSave and BM_StateLoad spend on JSON.
void BM_StateToJson(benchmark::State& st) {
  int n = static_cast<int>(st.range(0));
  const State state = LoadSavedState(n);
  size_t bytes = 0;
  const double inputs_rss = ResetPeakRss();
  for (auto _ : st) {
    std::string text = StateToJson(state);
    bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  st.counters["resources"] = n;
  st.counters["state_mb"] = static_cast<double>(bytes) / (1024.0 * 1024.0);
  st.counters["peak_rss_mb"] = PeakRssMb();
  st.counters["inputs_rss_mb"] = inputs_rss;
}

void BM_StateFromJson(benchmark::State& st) {
  int n = static_cast<int>(st.range(0));
  const std::string text = StateToJson(LoadSavedState(n));
  size_t count = 0;
  const double inputs_rss = ResetPeakRss();
  for (auto _ : st) {
    auto s = StateFromJson(text);
    if (!s.ok()) st.SkipWithError(s.status().message().c_str());
    count = s.ok() ? s->resources.size() : 0;
  }
  st.counters["resources"] = static_cast<double>(count);
  st.counters["state_mb"] = static_cast<double>(text.size()) / (1024.0 * 1024.0);
  st.counters["peak_rss_mb"] = PeakRssMb();
  st.counters["inputs_rss_mb"] = inputs_rss;
}

BENCHMARK(BM_LoadManifests)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();
BENCHMARK(BM_PlanCreate)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();
BENCHMARK(BM_PlanNoOp)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();
BENCHMARK(BM_StateSave)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();
BENCHMARK(BM_StateLoad)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();
BENCHMARK(BM_StateToJson)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();
BENCHMARK(BM_StateFromJson)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();

}  // namespace
}  // namespace causeway

BENCHMARK_MAIN();

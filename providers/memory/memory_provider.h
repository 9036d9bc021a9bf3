// MemoryProvider ("mem"): a provider whose "cloud" is a map in memory, optionally persisted to a
// JSON file so that it survives the process (crash tests, CLI tests, and trying Causeway without
// any cloud): every mutation appends a synced record to PATH.log before it returns, and the log
// is folded into PATH when it grows as long as the live set and when the provider is destroyed.
// A reader racing a compaction may see a stale view (the engine's lock keeps writers apart). Its
// kinds mirror the shapes the real providers manage: a role with a trust policy that is
// updatable_after_create, an integration with computed outputs (iam_user_arn, external_id),
// data-holding buckets, databases and tables, grants with normalised privilege sets, and a secret
// with a sensitive value.
//
// It reports security drift like a cloud provider (undeclared()): inline policies of managed
// roles, and grants and tables of managed databases, that no managed resource declares.
//
// Like IAM and Glue, it refuses to delete a role that still has inline policies or a database
// that still has tables (Conflict, "DeleteConflict: ..."), so that delete ordering is tested.
//
// It is also the engine's test double: it counts calls per operation, can add latency, and
// injects faults (fail the Nth mutation, fail a given operation on a given address, crash the
// process after N mutations). Faults can be set in code or in the providers.mem block:
//   mem: { path: live.json, fail_mutation: 3, crash_after_mutations: 5, latency_ms: 2 }
// Thread-safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "providers/provider.h"

namespace causeway {

class MemoryProvider : public Provider {
 public:
  MemoryProvider();
  ~MemoryProvider() override;

  std::string name() const override { return "mem"; }
  std::vector<KindSchema> schemas() const override;
  ProviderSettingsSchema settings_schema() const override;
  Status configure(const Value& config) override;
  Result<std::vector<Observation>> observe(const std::vector<ObserveItem>& items) override;
  Result<ResourceResult> create(const CreateRequest& request) override;
  Result<ResourceResult> update(const UpdateRequest& request) override;
  Status remove(const DeleteRequest& request) override;
  Result<std::vector<Observation>> list(const ListRequest& request) override;
  // Inside each managed role, its inline policies (privileges); inside each managed database,
  // its grants (privileges, `on` the database's name) and tables (objects). Counted as one
  // "undeclared" call per container, like one list request each.
  Result<std::vector<Undeclared>> undeclared(const std::vector<ObserveItem>& managed) override;

  // --- Live objects, for tests to inspect and change "out of band". -----------------------
  struct Object {
    Value attributes = Value::object();
    Value outputs = Value::object();
  };
  // kind -> id -> object
  using Live = std::map<std::string, std::map<std::string, Object>>;
  Live Snapshot() const;
  // Canonical JSON of the live objects: equal dumps mean equal clouds.
  std::string Dump() const;
  void Restore(const Live& live);
  // Sets or replaces an object directly, as someone editing the cloud by hand would.
  void PutOutOfBand(const std::string& kind, const std::string& id, Object object);
  void EraseOutOfBand(const std::string& kind, const std::string& id);

  // --- Fault injection. --------------------------------------------------------------------
  // Fail the Nth mutating call (1-based, counting create/update/remove from now) with `status`.
  void FailMutation(int n, Status status = Status::ProviderError("injected failure"));
  // Fail `op` ("create", "update", "remove", "observe") on `address` every time.
  void FailOn(const std::string& op, const std::string& address, Status status);
  // Calls `hook` right after the Nth successful mutation has been applied (and persisted).
  void AfterMutation(int n, std::function<void()> hook);
  void ClearFaults();
  void SetLatency(int ms) { latency_ms_ = ms; }

  // --- Counters. ---------------------------------------------------------------------------
  // Calls per operation: "observe" (one per kind per observe() call, like one list request),
  // "create", "update", "remove", "list", "undeclared" (one per container).
  std::map<std::string, int> Counts() const;
  int MutationCount() const;
  void ResetCounts();

  // Natural key attribute of a kind ("role_name" for mem.role).
  static std::string KeyAttribute(const std::string& kind);
  // The objects persisted at `path` (kind -> id -> {attributes, outputs}): the file with its log
  // replayed. An empty object when neither exists.
  static Result<Value> ReadLiveFiles(const std::string& path);

 private:
  Status MaybeFail(const std::string& op, const Address& address, bool mutation);
  // Conflict when `id` is a role that still has inline policies or a database that still has
  // tables. IAM's DeleteRole refuses the same way; Glue's DeleteDatabase takes the tables with
  // it, which breaks a rollback just as badly. Without this a delete ordered before its
  // children's would pass here and fail in a cloud.
  Status RefuseParentWithChildren(const Address& address, const std::string& id) const;
  void AfterMutationLocked();
  // Makes the mutation of kind/id durable (a log record, or a compaction when the log is long).
  Status Persist(const std::string& kind, const std::string& id);
  // Rewrites PATH from live_ and removes the log.
  Status Compact();
  std::string LogPath() const { return path_ + ".log"; }
  Status Load();
  Value Outputs(const std::string& kind, const std::string& id, const Value& attributes);
  void Count(const std::string& op);

  mutable std::mutex mu_;
  Live live_;
  std::string path_;        // empty: memory only
  size_t log_entries_ = 0;  // records in PATH.log not yet folded into PATH
  std::map<std::string, int> counts_;
  int mutations_ = 0;       // successful mutations since faults were set
  int mutation_calls_ = 0;  // attempted mutations since faults were set
  int fail_mutation_ = 0;   // 0: none
  Status fail_status_;
  std::map<std::string, Status> fail_on_;  // "op address" -> status
  int hook_after_ = 0;
  std::function<void()> hook_;
  std::atomic<int> latency_ms_{0};
};

}  // namespace causeway

// Workspace: opening manifests, providers, state, lock and journal in order.
#include "reconciler/cli/workspace.h"

#include <spdlog/spdlog.h>

#include <set>

#include "manifests/backend_document.h"
#include "providers/aws/aws_provider.h"
#include "providers/aws/s3_state_remote.h"
#include "providers/databricks/databricks_provider.h"
#include "providers/memory/memory_provider.h"
#include "providers/snowflake/snowflake_provider.h"
#include "reconciler/apply/recovery.h"
#include "reconciler/cli/logging.h"
#include "reconciler/cli/manifest_revision.h"
#include "reconciler/cli/sandbox_launcher.h"
#include "reconciler/core/filesystem.h"
#include "reconciler/state/git_state_remote.h"

namespace causeway {

namespace {

// The providers Causeway ships.
std::vector<std::shared_ptr<Provider>> BuiltinProviders() {
  return {std::make_shared<MemoryProvider>(), std::make_shared<aws::AwsProvider>(),
          std::make_shared<databricks::DatabricksProvider>(),
          std::make_shared<snowflake::SnowflakeProvider>()};
}

// Keys of a providers block that name files or directories: relative paths in them are relative
// to the manifest directory.
bool IsPathKey(const std::string& key) {
  auto ends = [&](const std::string& suffix) {
    return key.size() >= suffix.size() &&
           key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return key == "path" || ends("_path") || ends("_file") || ends("_dir");
}

}  // namespace

void RegisterBuiltinProviders(ProviderRegistry* registry) {
  for (auto& provider : BuiltinProviders()) registry->Add(provider);
}

Workspace::Workspace(WorkspaceOptions options) : options_(std::move(options)) {
  state_dir_ = options_.state_dir.empty() ? options_.dir + "/.causeway" : options_.state_dir;
  RegisterBuiltinProviders(&registry_);
}

Status Workspace::LoadManifests() {
  LoadOptions load = options_.load;
  load.provider_settings = registry_.settings_schemas();
  LoadResult r;
  if (options_.manifest_rev.empty()) {
    r = LoadManifestDir(options_.dir, registry_.schemas(), load);
  } else {
    CW_ASSIGN_OR_RETURN(RevisionManifests at,
                        ReadManifestsAtRevision(options_.dir, options_.manifest_rev));
    r = LoadManifestFiles(at.files, registry_.schemas(), load);
    manifest_revision_ = at.commit;
  }
  diagnostics_ = r.diagnostics;
  manifests_ = std::move(r.set);
  manifests_loaded_ = true;
  backend_ = std::move(r.backend);
  spdlog::info("loaded {} resource(s) from {} ({} problem(s))", manifests_.resources.size(),
               options_.dir, diagnostics_.size());
  if (!diagnostics_.empty()) {
    return Status::InvalidArgument(std::to_string(diagnostics_.size()) +
                                   " problem(s) in the manifests");
  }
  return Status::Ok();
}

Status Workspace::ResolveSandboxEndpoint(const std::string& provider, bool required,
                                         Value* config) {
  if (!sandbox_.has_value()) {
    auto info = SandboxProcess(sandbox_dir()).EnsureRunning();
    if (!info.ok()) return info.status().WithContext("starting the sandbox");
    sandbox_ = std::move(info).value();
  }
  auto cloud = sandbox_->clouds.find(provider);
  if (cloud == sandbox_->clouds.end()) {
    if (!required) return Status::Ok();
    std::string known;
    for (const auto& [name, _] : sandbox_->clouds.items())
      known += (known.empty() ? "" : ", ") + name;
    return Status::InvalidArgument(
        "providers." + provider + ": endpoint: sandbox, but the sandbox emulates no cloud named '" +
        provider + "' (it emulates: " + known + ")");
  }
  (*config)["endpoint"] = sandbox_->url;
  // The cloud's test credentials, under the names the cloud's provider reads. Secret ones (such
  // as secret_access_key) cannot come from a manifest: the loader refuses literal secrets in a
  // providers block (manifests/providers_document.h), so only this step can set them. Settings
  // the block gives itself (a region) win. Credentials the provider has no setting for (those
  // for other tools, e.g. a second test user's token) are left out.
  const Provider* p = registry_.Get(provider);
  for (const auto& [key, value] : (*cloud)["credentials"].items()) {
    if (p != nullptr && p->settings_schema().Find(key) == nullptr) continue;
    if (!config->contains(key)) (*config)[key] = value;
  }
  return Status::Ok();
}

Status Workspace::ConfigureProviders() {
  std::map<std::string, Value> configs = manifests_.providers;
  for (auto& [_, block] : configs) {
    if (!block.is_object()) continue;
    for (auto& [key, value] : block.items()) {
      if (!IsPathKey(key) || !value.is_string()) continue;
      std::string p = value.get<std::string>();
      if (!p.empty() && p[0] != '/') value = options_.dir + "/" + p;
    }
  }
  // Only providers that something uses are configured: a manifest set of one cloud must not need
  // credentials for the others.
  std::set<std::string> used;
  for (const auto& r : manifests_.resources) used.insert(r.address.provider());
  for (const auto& [_, rs] : state_.resources) used.insert(rs.address.provider());
  for (const auto& [name, _] : configs) used.insert(name);
  for (const auto& name : used) {
    Provider* p = registry_.Get(name);
    if (p == nullptr) {
      std::string known;
      for (Provider* each : registry_.providers()) {
        known += (known.empty() ? "" : ", ") + each->name();
      }
      return Status::InvalidArgument("no provider named '" + name + "' (known: " + known +
                                     "); check the providers block");
    }
    Value config = configs.count(name) ? configs[name] : Value::object();
    const bool sandbox_endpoint =
        config.is_object() && config.contains("endpoint") && config["endpoint"] == "sandbox";
    if (sandbox_endpoint || options_.sandbox) {
      // --sandbox points every provider the sandbox emulates at it and leaves the others alone;
      // `endpoint: sandbox` on a provider it does not emulate is an error.
      Status s = ResolveSandboxEndpoint(name, /*required=*/sandbox_endpoint, &config);
      if (!s.ok()) return s.WithContext("provider " + name);
    }
    // --refresh-mode applies to every provider whose settings have a refresh_mode.
    if (!options_.refresh_mode.empty() && p->settings_schema().Find("refresh_mode") != nullptr) {
      config["refresh_mode"] = options_.refresh_mode;
    }
    spdlog::info("configuring provider {}", name);
    p->set_log(CliProviderLog(name));
    Status s = p->configure(config);
    if (!s.ok()) return s.WithContext("provider " + name);
  }
  return Status::Ok();
}

Status Workspace::OpenState() {
  StateStoreOptions so;
  so.dir = state_dir_;
  so.branch = options_.state_branch;
  // Opened once: the remote keeps a pointer to it, and a second OpenState (under the lock)
  // only reads the tip again.
  if (!store_) store_ = std::make_unique<StateStore>(so);
  CW_RETURN_IF_ERROR(store_->Open());
  CW_RETURN_IF_ERROR(OpenRemote());
  if (remote_) CW_RETURN_IF_ERROR(remote_->Pull());
  auto loaded = store_->Load();
  if (!loaded.ok()) return loaded.status();
  state_ = std::move(loaded).value();
  spdlog::info("state {}: serial {}, {} resource(s)", state_dir_, state_.serial,
               state_.resources.size());
  return Status::Ok();
}

Status Workspace::OpenRemote() {
  if (remote_) return Status::Ok();
  std::string url = options_.state_remote;
  std::string branch = options_.state_branch;
  if (url.empty()) {
    // A backend document (backend_document.h); the flag wins. The loaded manifests' own, or,
    // for commands that load none (state list), the manifest directory's. Files that cannot be
    // read are the manifest loader's to report.
    std::optional<BackendConfig> backend = backend_;
    if (!manifests_loaded_) {
      std::vector<Diagnostic> unread, problems;
      backend = FindBackend(ReadManifestDir(options_.dir, &unread), &problems);
      if (!problems.empty()) return Status::InvalidArgument(problems[0].str());
    }
    if (backend.has_value()) {
      url = backend->url;
      if (!backend->branch.empty()) branch = backend->branch;
    }
  }
  if (url.empty()) return Status::Ok();
  if (!aws::IsS3RemoteUrl(url)) {
    remote_ = std::make_unique<GitStateRemote>(GitRemoteOptions{url, state_dir_, branch});
    return Status::Ok();
  }
  CW_ASSIGN_OR_RETURN(aws::S3RemoteLocation location, aws::ParseS3RemoteUrl(url));
  aws::S3RemoteOptions o;
  o.store = store_.get();
  o.dir = state_dir_;
  // `endpoint=sandbox`, or --sandbox without an endpoint: the sandbox's S3 with its test keys.
  if (location.endpoint == "sandbox" || (location.endpoint.empty() && options_.sandbox)) {
    Value config = Value::object();
    CW_RETURN_IF_ERROR(ResolveSandboxEndpoint("aws", /*required=*/true, &config));
    location.endpoint = config.value("endpoint", std::string());
    if (location.region.empty()) location.region = config.value("region", std::string());
    o.credentials = aws::Credentials{config.value("access_key_id", std::string()),
                                     config.value("secret_access_key", std::string()), ""};
  }
  o.location = std::move(location);
  CW_ASSIGN_OR_RETURN(remote_, aws::S3StateRemote::Open(std::move(o)));
  return Status::Ok();
}

Status Workspace::RecoveryFailure(const Status& status,
                                  const std::vector<std::string>& unobserved) const {
  std::string msg = "cannot recover the interrupted apply recorded in " + journal_path() + ": " +
                    status.message() +
                    ". Nothing was changed: the state and the journal are kept as they were. To "
                    "go on: ";
  if (!unobserved.empty()) {
    const bool one = unobserved.size() == 1;
    std::string list;
    for (const auto& a : unobserved) list += " " + a;
    msg +=
        "run the command again once the provider answers (every command recovers first), or "
        "stop managing " +
        std::string(one ? "it" : "them") + " with `causeway state rm" + list +
        "` (recovery then skips " + (one ? "it" : "them") +
        "; the objects are left as they are, and `causeway import` adopts them again)";
  } else if (status.code() == StatusCode::kCorruption) {
    msg +=
        "repair the journal or move it aside (what it would have adopted must then be "
        "adopted with `causeway import`)";
  } else {
    msg += "fix the cause and run the command again (every command recovers first)";
  }
  msg +=
      ". A state lock left by a process that died on another host is released with "
      "`causeway force-unlock LOCK_ID`";
  return Status(status.code(), msg);
}

Status Workspace::RecoverIfNeeded(std::vector<std::string>* report) {
  FileSystem* fs = RealFileSystem();
  if (!Journal::Exists(journal_path(), fs)) return Status::Ok();
  bool locked_here = false;
  if (!lock_) {
    CW_RETURN_IF_ERROR(Lock("recover"));
    locked_here = true;
  }
  State state = state_;
  std::vector<std::string> unobserved;
  auto rec = RecoverFromJournal(journal_path(), fs, registry_, &state, &unobserved);
  if (!rec.ok()) {
    if (locked_here) Unlock();
    return RecoveryFailure(rec.status(), unobserved);
  }
  for (const auto& a : rec->adopted)
    report->push_back("adopted " + a + " (created before the crash)");
  for (const auto& a : rec->updated) report->push_back("refreshed " + a);
  for (const auto& a : rec->removed)
    report->push_back("dropped " + a + " (deleted before the crash)");
  Status s = SaveState(state, "recover: reconcile journal of an interrupted apply (" +
                                  std::to_string(report->size()) + " change(s))");
  if (s.ok()) s = Journal(journal_path(), fs).Remove();
  if (locked_here) Unlock();
  return s;
}

Result<std::set<std::string>> Workspace::JournalAddresses() const {
  std::set<std::string> out;
  FileSystem* fs = RealFileSystem();
  if (!Journal::Exists(journal_path(), fs)) return out;
  CW_ASSIGN_OR_RETURN(std::vector<JournalRecord> records, Journal::Read(journal_path(), fs));
  for (const auto& r : records) {
    if (r.type == "intent") out.insert(r.address.str());
    if (r.type == "forget") out.erase(r.address.str());
  }
  return out;
}

Status Workspace::ForgetInJournal(const std::vector<std::string>& addresses) {
  FileSystem* fs = RealFileSystem();
  if (!Journal::Exists(journal_path(), fs)) return Status::Ok();
  Journal journal(journal_path(), fs);
  for (const auto& a : addresses) {
    auto parsed = Address::Parse(a);
    if (!parsed) return Status::InvalidArgument("'" + a + "' is not an address (KIND.NAME)");
    JournalRecord r;
    r.type = "forget";
    r.address = *parsed;
    CW_RETURN_IF_ERROR(journal.Append(r));
  }
  return Status::Ok();
}

Status Workspace::Lock(const std::string& operation) {
  auto l = StateLock::Acquire(state_dir_, operation);
  if (!l.ok()) return l.status();
  lock_ = std::move(l).value();
  if (remote_) {
    Status s = remote_->Lock(lock_->info());
    if (s.code() == StatusCode::kConflict) {
      // A remote lock left by a process of this host that no longer exists, with its journal
      // in this state directory (an apply killed here): taken over, as the local lock is, so
      // that this command recovers the journal. Another directory on the same host (a second
      // runner) has no journal of it and is refused like any other runner.
      auto holder = remote_->ReadLock();
      if (holder.ok() && holder->HeldByDeadProcessHere() &&
          Journal::Exists(journal_path(), RealFileSystem())) {
        spdlog::warn("taking over the remote state lock {} of a process that no longer exists",
                     holder->id);
        s = remote_->ForceUnlock(holder->id);
        if (s.ok()) s = remote_->Lock(lock_->info());
      }
    }
    if (!s.ok()) {
      lock_.reset();
      return s;
    }
  }
  return Status::Ok();
}

void Workspace::Unlock() {
  if (lock_ && remote_) {
    Status s = remote_->Unlock(lock_->info().id);
    if (!s.ok()) {
      spdlog::warn(
          "could not release the remote state lock {}: {}; release it with `causeway "
          "force-unlock {}`",
          lock_->info().id, s.message(), lock_->info().id);
    }
  }
  lock_.reset();
}

Workspace::~Workspace() { Unlock(); }

Status Workspace::SaveState(State state, const std::string& message) {
  auto saved = store_->Save(std::move(state), message);
  if (!saved.ok()) return saved.status();
  state_ = std::move(saved).value();
  return remote_ ? remote_->Push() : Status::Ok();
}

}  // namespace causeway

// Workspace: opening manifests, providers, state, lock and journal in order.
#include "reconciler/cli/workspace.h"

#include <spdlog/spdlog.h>

#include <set>

#include "providers/aws/aws_provider.h"
#include "providers/memory/memory_provider.h"
#include "reconciler/apply/recovery.h"
#include "reconciler/cli/sandbox_launcher.h"
#include "reconciler/core/filesystem.h"

namespace causeway {

namespace {

// A provider Causeway ships, and the CLI-wide settings its block takes besides its own.
struct BuiltinProvider {
  std::shared_ptr<Provider> provider;
  bool takes_refresh_mode = false;  // --refresh-mode becomes the block's refresh_mode
};

std::vector<BuiltinProvider> BuiltinProviders() {
  return {{std::make_shared<MemoryProvider>(), /*takes_refresh_mode=*/false},
          {std::make_shared<aws::AwsProvider>(), /*takes_refresh_mode=*/true}};
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
  for (auto& builtin : BuiltinProviders()) registry->Add(builtin.provider);
}

Workspace::Workspace(WorkspaceOptions options) : options_(std::move(options)) {
  state_dir_ = options_.state_dir.empty() ? options_.dir + "/.causeway" : options_.state_dir;
  for (auto& builtin : BuiltinProviders()) {
    if (builtin.takes_refresh_mode) takes_refresh_mode_.insert(builtin.provider->name());
    registry_.Add(builtin.provider);
  }
}

Status Workspace::LoadManifests() {
  LoadResult r = LoadManifestDir(options_.dir, registry_.schemas(), options_.load);
  diagnostics_ = r.diagnostics;
  manifests_ = std::move(r.set);
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
  // the block gives itself (a region) win.
  for (const auto& [key, value] : (*cloud)["credentials"].items()) {
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
    if (!options_.refresh_mode.empty() && takes_refresh_mode_.count(name) > 0) {
      config["refresh_mode"] = options_.refresh_mode;
    }
    spdlog::info("configuring provider {}", name);
    Status s = p->configure(config);
    if (!s.ok()) return s.WithContext("provider " + name);
  }
  return Status::Ok();
}

Status Workspace::OpenState() {
  StateStoreOptions so;
  so.dir = state_dir_;
  so.branch = options_.state_branch;
  store_ = std::make_unique<StateStore>(so);
  CW_RETURN_IF_ERROR(store_->Open());
  auto loaded = store_->Load();
  if (!loaded.ok()) return loaded.status();
  state_ = std::move(loaded).value();
  spdlog::info("state {}: serial {}, {} resource(s)", state_dir_, state_.serial,
               state_.resources.size());
  return Status::Ok();
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
  auto rec = RecoverFromJournal(journal_path(), fs, registry_, &state);
  if (!rec.ok()) {
    if (locked_here) Unlock();
    return rec.status().WithContext("recovering the journal of an interrupted apply");
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

Status Workspace::Lock(const std::string& operation) {
  auto l = StateLock::Acquire(state_dir_, operation);
  if (!l.ok()) return l.status();
  lock_ = std::move(l).value();
  return Status::Ok();
}

Status Workspace::SaveState(State state, const std::string& message) {
  auto saved = store_->Save(std::move(state), message);
  if (!saved.ok()) return saved.status();
  state_ = std::move(saved).value();
  return Status::Ok();
}

}  // namespace causeway

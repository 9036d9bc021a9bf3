// SandboxServer's persistence: one <state_dir>/<service>.json per service, loaded on Start,
// written atomically when a service changed (coalesced by a background writer), the admin dump
// and reset.
#include "sandbox/core/server.h"

namespace causeway::sandbox {

Status SandboxServer::LoadState() {
  if (options_.state_dir.empty()) return Status::Ok();
  CW_RETURN_IF_ERROR(fs_->MakeDirs(options_.state_dir));
  std::lock_guard<std::mutex> lock(dispatch_mu_);
  for (auto& [name, service] : services_) {
    std::string path = options_.state_dir + "/" + name + ".json";
    auto text = fs_->ReadFile(path);
    if (!text.ok()) {
      if (text.status().IsNotFound()) continue;
      return text.status();
    }
    Value state = Value::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (state.is_discarded()) return Status::Corruption("sandbox state file is not JSON: " + path);
    Status s = service->Load(state);
    if (!s.ok()) return s.WithContext(path);
  }
  return Status::Ok();
}

Status SandboxServer::WriteServices(const std::set<std::string>& names) {
  if (options_.state_dir.empty() || names.empty()) return Status::Ok();
  std::map<std::string, std::string> texts;
  {
    std::lock_guard<std::mutex> lock(dispatch_mu_);
    for (const auto& name : names) {
      auto it = services_.find(name);
      if (it != services_.end()) texts[name] = it->second->Dump().dump(1) + "\n";
    }
  }
  Status result;
  for (const auto& [name, text] : texts) {
    Status s = fs_->WriteFileAtomic(options_.state_dir + "/" + name + ".json", text);
    if (!s.ok() && result.ok()) result = s;
  }
  return result;
}

Status SandboxServer::Flush() {
  std::lock_guard<std::mutex> wlock(write_mu_);
  std::set<std::string> dirty;
  {
    std::lock_guard<std::mutex> lock(dispatch_mu_);
    dirty.swap(dirty_);
  }
  return WriteServices(dirty);
}

void SandboxServer::WriterLoop() {
  std::unique_lock<std::mutex> lock(dispatch_mu_);
  while (true) {
    writer_cv_.wait(lock, [this] { return writer_stop_ || !dirty_.empty(); });
    if (writer_stop_) return;
    lock.unlock();
    clock_->SleepFor(options_.persist_delay);
    (void)Flush();
    lock.lock();
  }
}

void SandboxServer::MarkDirty(const std::string& service) {
  // Called with dispatch_mu_ held (from Handle or the dispatcher).
  dirty_.insert(service);
}

Value SandboxServer::Dump(const std::string& service, bool include_private) {
  std::lock_guard<std::mutex> lock(dispatch_mu_);
  Value out = Value::object();
  for (const auto& [name, s] : services_) {
    if (!service.empty() && name != service) continue;
    if (!include_private && !s->InAdminDump()) continue;
    out[name] = s->Dump();
  }
  return out;
}

Status SandboxServer::ResetState() {
  {
    std::lock_guard<std::mutex> lock(dispatch_mu_);
    for (auto& [name, s] : services_) {
      s->Reset();
      dirty_.insert(name);
    }
  }
  return Flush();
}

}  // namespace causeway::sandbox

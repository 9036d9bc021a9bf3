// refresh, import, state list/show/history/rm/mv and force-unlock: commands that read or edit
// the state directly. Every edit holds the lock and is one commit.
#include <iostream>
#include <map>
#include <set>

#include "reconciler/cli/commands.h"
#include "reconciler/cli/terminal.h"
#include "reconciler/state/lock.h"
#include "reconciler/state/state_json.h"

namespace causeway {

namespace {

int Fail(const Status& s) {
  PrintError(s.message());
  return 1;
}

// Opens the state only (no manifests needed).
int OpenStateOnly(Workspace& ws) {
  Status s = ws.OpenState();
  return s.ok() ? 0 : Fail(s);
}

// Opens manifests (for provider configuration), providers and state, under the lock.
int OpenForEdit(Workspace& ws, const std::string& operation) {
  if (!ws.LoadManifests().ok()) {
    for (const auto& d : ws.diagnostics()) PrintError(d.str());
    return 1;
  }
  Status s = ws.OpenState();
  if (s.ok()) s = ws.ConfigureProviders();
  if (s.ok()) s = ws.Lock(operation);
  if (s.ok()) s = ws.OpenState();
  std::vector<std::string> report;
  if (s.ok()) s = ws.RecoverIfNeeded(&report);
  for (const auto& r : report) std::cerr << "Recovered: " << r << "\n";
  return s.ok() ? 0 : Fail(s);
}

}  // namespace

int RefreshCommand(const GlobalOptions& g) {
  Workspace ws(g.workspace);
  if (int rc = OpenForEdit(ws, "refresh"); rc != 0) return rc;
  State state = ws.state();
  // One observe batch per provider.
  std::map<Provider*, std::vector<ObserveItem>> batches;
  for (const auto& [addr, rs] : state.resources) {
    Provider* p = ws.registry().ForKind(rs.address.kind);
    if (p == nullptr) return Fail(Status::InvalidArgument("no provider for " + addr));
    batches[p].push_back(ObserveItem{rs.address, rs.id, rs.attributes});
  }
  int changed = 0, gone = 0;
  for (auto& [p, items] : batches) {
    auto obs = p->observe(items);
    if (!obs.ok()) return Fail(obs.status().WithContext("refresh"));
    for (const auto& o : *obs) {
      auto it = state.resources.find(o.address.str());
      if (!o.exists) {
        std::cout << "  - " << o.address.str() << " no longer exists; removed from state\n";
        state.resources.erase(it);
        ++gone;
        continue;
      }
      if (it->second.attributes != o.attributes || it->second.outputs != o.outputs) {
        std::cout << "  ~ " << o.address.str() << " refreshed\n";
        it->second.attributes = o.attributes;
        it->second.outputs = o.outputs;
        ++changed;
      }
    }
  }
  if (changed == 0 && gone == 0) {
    std::cout << "State matches live; nothing to record.\n";
    return 0;
  }
  Status s = ws.SaveState(state, "refresh: " + std::to_string(changed) + " refreshed, " +
                                     std::to_string(gone) + " gone");
  if (!s.ok()) return Fail(s);
  std::cout << "Refresh complete: " << changed << " refreshed, " << gone << " removed.\n";
  return 0;
}

int ImportCommand(const GlobalOptions& g, const std::string& address, const std::string& id) {
  Workspace ws(g.workspace);
  if (int rc = OpenForEdit(ws, "import"); rc != 0) return rc;
  auto addr = Address::Parse(address);
  if (!addr)
    return Fail(Status::InvalidArgument("'" + address + "' is not an address (KIND.NAME)"));
  const ResourceDecl* decl = ws.manifests().Find(*addr);
  if (decl == nullptr) {
    return Fail(Status::InvalidArgument(
        address + " is not declared in the manifests: write its document first, then import it"));
  }
  if (ws.state().Find(address) != nullptr) {
    return Fail(Status::Conflict(address + " is already managed (in state)"));
  }
  Provider* p = ws.registry().ForKind(addr->kind);
  if (p == nullptr) return Fail(Status::InvalidArgument("no provider for " + addr->kind));
  auto obs = p->observe({ObserveItem{*addr, id, Value::object()}});
  if (!obs.ok()) return Fail(obs.status().WithContext("import " + address));
  const Observation& o = obs->at(0);
  if (!o.exists) return Fail(Status::NotFound(addr->kind + " with id '" + id + "' does not exist"));
  State state = ws.state();
  ResourceState rs;
  rs.address = *addr;
  rs.id = o.id.empty() ? id : o.id;
  rs.attributes = o.attributes;
  rs.outputs = o.outputs;
  for (const auto& d : decl->depends_on) rs.dependencies.push_back(d.str());
  state.resources[address] = rs;
  Status s = ws.SaveState(state, "import " + address + " (id " + rs.id + ")");
  if (!s.ok()) return Fail(s);
  std::cout << "Imported " << address << " (id " << rs.id
            << "). Run plan to see what the manifest would change.\n";
  return 0;
}

int StateListCommand(const GlobalOptions& g) {
  Workspace ws(g.workspace);
  if (int rc = OpenStateOnly(ws); rc != 0) return rc;
  for (const auto& [addr, _] : ws.state().resources) std::cout << addr << "\n";
  return 0;
}

int StateShowCommand(const GlobalOptions& g, const std::string& address) {
  Workspace ws(g.workspace);
  if (int rc = OpenStateOnly(ws); rc != 0) return rc;
  const ResourceState* rs = ws.state().Find(address);
  if (rs == nullptr) return Fail(Status::NotFound(address + " is not in the state"));
  Value j = {{"address", address},     {"kind", rs->address.kind},
             {"id", rs->id},           {"attributes", rs->attributes},
             {"outputs", rs->outputs}, {"dependencies", rs->dependencies}};
  Value hashes = Value::object();
  for (const auto& [k, _] : rs->sensitive_hashes) hashes[k] = "(sensitive)";
  if (!hashes.empty()) j["sensitive_attributes"] = hashes;
  std::cout << j.dump(2) << "\n";
  return 0;
}

int StateHistoryCommand(const GlobalOptions& g, int limit) {
  Workspace ws(g.workspace);
  if (int rc = OpenStateOnly(ws); rc != 0) return rc;
  auto h = ws.store()->History(limit);
  if (!h.ok()) return Fail(h.status());
  for (const auto& c : *h) {
    std::cout << c.id.substr(0, 12) << "  " << c.time << "  serial " << c.serial << "  "
              << c.message << "\n";
  }
  return 0;
}

int StateRmCommand(const GlobalOptions& g, const std::vector<std::string>& addresses) {
  Workspace ws(g.workspace);
  if (int rc = OpenStateOnly(ws); rc != 0) return rc;
  Status s = ws.Lock("state rm");
  if (!s.ok()) return Fail(s);
  if (!(s = ws.OpenState()).ok()) return Fail(s);
  // No recovery first: state rm is how to go on when recovery cannot observe a resource. With a
  // journal pending, the addresses are forgotten there too, so that recovery leaves them alone.
  // A journal that cannot be read does not stop it either: only addresses in the state go then.
  auto pending = ws.JournalAddresses();
  if (!pending.ok()) {
    std::cerr << "Warning: " << Printable(pending.status().message()) << "\n";
    pending = std::set<std::string>{};
  }
  State state = ws.state();
  int removed = 0, in_journal = 0;
  for (const auto& a : addresses) {
    const bool journalled = pending->count(a) > 0;
    const bool in_state = state.resources.erase(a) > 0;
    if (!in_state && !journalled) return Fail(Status::NotFound(a + " is not in the state"));
    removed += in_state ? 1 : 0;
    in_journal += journalled ? 1 : 0;
  }
  // Journal first: if the state save below fails, the journal forgets a resource that is still
  // in the state, which only means recovery does not refresh it.
  if (!(s = ws.ForgetInJournal(addresses)).ok()) return Fail(s);
  std::string joined;
  for (const auto& a : addresses) joined += (joined.empty() ? "" : ", ") + a;
  s = ws.SaveState(state, "state rm " + joined);
  if (!s.ok()) return Fail(s);
  if (removed > 0) {
    std::cout << "Removed " << removed
              << " resource(s) from the state; the objects themselves were not touched.\n";
  }
  if (in_journal > 0) {
    std::cout << "The journal of an interrupted apply names " << in_journal
              << " of them: recovery will leave them alone (their objects, if any, are not "
                 "touched; `causeway import` adopts them again).\n";
  }
  return 0;
}

int StateMvCommand(const GlobalOptions& g, const std::string& from, const std::string& to) {
  Workspace ws(g.workspace);
  if (int rc = OpenStateOnly(ws); rc != 0) return rc;
  auto src = Address::Parse(from);
  auto dst = Address::Parse(to);
  if (!src || !dst) return Fail(Status::InvalidArgument("addresses must look like KIND.NAME"));
  if (src->kind != dst->kind) {
    return Fail(Status::InvalidArgument("cannot move " + from + " to a different kind (" +
                                        dst->kind + ")"));
  }
  Status s = ws.Lock("state mv");
  if (!s.ok()) return Fail(s);
  if (!(s = ws.OpenState()).ok()) return Fail(s);
  State state = ws.state();
  auto it = state.resources.find(from);
  if (it == state.resources.end()) return Fail(Status::NotFound(from + " is not in the state"));
  if (state.resources.count(to)) return Fail(Status::Conflict(to + " is already in the state"));
  ResourceState rs = it->second;
  rs.address = *dst;
  state.resources.erase(it);
  for (auto& [_, other] : state.resources) {
    for (auto& d : other.dependencies) {
      if (d == from) d = to;
    }
  }
  state.resources[to] = rs;
  s = ws.SaveState(state, "state mv " + from + " " + to);
  if (!s.ok()) return Fail(s);
  std::cout << "Moved " << from << " to " << to << ".\n";
  return 0;
}

int ForceUnlockCommand(const GlobalOptions& g, const std::string& lock_id) {
  Workspace ws(g.workspace);
  if (Status opened = ws.OpenState(); !opened.ok()) return Fail(opened);
  if (ws.remote() != nullptr) {
    // The lock that matters is the remote's; a local lock file of that id goes with it.
    Status s = ws.remote()->ForceUnlock(lock_id);
    if (!s.ok()) return Fail(s);
    (void)StateLock::ForceUnlock(ws.state_dir(), lock_id);
    std::cout << "Lock " << lock_id << " removed from " << ws.remote()->url() << ".\n";
    return 0;
  }
  Status s = StateLock::ForceUnlock(ws.state_dir(), lock_id);
  if (!s.ok()) return Fail(s);
  std::cout << "Lock " << lock_id << " removed.\n";
  return 0;
}

}  // namespace causeway

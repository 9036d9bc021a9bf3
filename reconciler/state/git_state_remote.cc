// GitStateRemote: pull, compare-and-swap push and a lock ref on the state repository's git remote.
#include "reconciler/state/git_state_remote.h"

#include <cstdlib>
#include <map>

#include "reconciler/state/git_support.h"

namespace causeway {

namespace {

constexpr char kWho[] = "state remote";
// Where fetched refs land in the local repository (outside refs/heads and refs/remotes, so no
// tool mistakes them for branches to work on).
constexpr char kFetchedPrefix[] = "refs/causeway-remote/";
constexpr char kLocalLockRef[] = "refs/causeway/lock-local";

struct CallbackState {
  int credential_attempts = 0;
  std::string rejected;  // the first ref the remote refused, with its reason
};

// Credentials for ssh (the SSH agent) and https (CAUSEWAY_GIT_USERNAME / CAUSEWAY_GIT_PASSWORD,
// or the user in the URL). Tried once: libgit2 would otherwise ask again forever.
int Credentials(git_credential** out, const char* /*url*/, const char* username_from_url,
                unsigned int allowed, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  if (state->credential_attempts++ > 0) return GIT_EUSER;
  const char* env_user = std::getenv("CAUSEWAY_GIT_USERNAME");
  const char* user = username_from_url != nullptr ? username_from_url : env_user;
  if ((allowed & GIT_CREDENTIAL_SSH_KEY) != 0) {
    return git_credential_ssh_key_from_agent(out, user != nullptr ? user : "git");
  }
  const char* password = std::getenv("CAUSEWAY_GIT_PASSWORD");
  if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0 && password != nullptr) {
    return git_credential_userpass_plaintext_new(out, user != nullptr ? user : "git", password);
  }
  return GIT_PASSTHROUGH;
}

int PushUpdateReference(const char* refname, const char* status, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  if (status != nullptr && state->rejected.empty()) {
    state->rejected = std::string(refname) + " (" + status + ")";
  }
  return 0;
}

git_remote_callbacks Callbacks(CallbackState* state) {
  git_remote_callbacks cb = GIT_REMOTE_CALLBACKS_INIT;
  cb.credentials = Credentials;
  cb.push_update_reference = PushUpdateReference;
  cb.payload = state;
  return cb;
}

std::string BranchRef(const std::string& branch) { return "refs/heads/" + branch; }

}  // namespace

GitStateRemote::GitStateRemote(GitRemoteOptions options) : options_(std::move(options)) {}
GitStateRemote::~GitStateRemote() = default;

namespace {

// The local repository and an anonymous remote for the URL, opened for one operation.
struct Handles {
  GitLibrary library;  // first member: initialised before and released after the others
  RepositoryPtr repo;
  RemotePtr remote;
};

Result<std::unique_ptr<Handles>> Open(const GitRemoteOptions& o) {
  auto h = std::make_unique<Handles>();
  git_repository* repo = nullptr;
  if (git_repository_open(&repo, o.dir.c_str()) != 0) {
    return GitError(kWho, "opening the state repository " + o.dir);
  }
  h->repo.reset(repo);
  git_remote* remote = nullptr;
  if (git_remote_create_anonymous(&remote, repo, o.url.c_str()) != 0) {
    return GitError(kWho, "the remote " + o.url);
  }
  h->remote.reset(remote);
  return h;
}

// The refs the remote has now (name -> id), read with one connection.
Result<std::map<std::string, git_oid>> ListRemote(git_remote* remote) {
  CallbackState state;
  git_remote_callbacks cb = Callbacks(&state);
  if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &cb, nullptr, nullptr) != 0) {
    return GitError(kWho, "connecting to the remote");
  }
  const git_remote_head** heads = nullptr;
  size_t n = 0;
  std::map<std::string, git_oid> out;
  if (git_remote_ls(&heads, &n, remote) != 0) {
    git_remote_disconnect(remote);
    return GitError(kWho, "listing the remote's refs");
  }
  for (size_t i = 0; i < n; ++i) out[heads[i]->name] = heads[i]->oid;
  git_remote_disconnect(remote);
  return out;
}

Status Fetch(git_remote* remote, const std::string& ref) {
  CallbackState state;
  git_fetch_options fo = GIT_FETCH_OPTIONS_INIT;
  fo.callbacks = Callbacks(&state);
  std::string spec = "+" + ref + ":" + kFetchedPrefix + ref.substr(5);  // drop "refs/"
  char* specs[] = {spec.data()};
  git_strarray array = {specs, 1};
  if (git_remote_fetch(remote, &array, &fo, nullptr) != 0) {
    return GitError(kWho, "fetching " + ref);
  }
  return Status::Ok();
}

// Pushes `spec` ("src:dst", or ":dst" to delete). Conflict when the remote refuses it.
Status PushSpec(git_remote* remote, const std::string& spec, const std::string& what) {
  CallbackState state;
  git_push_options po = GIT_PUSH_OPTIONS_INIT;
  po.callbacks = Callbacks(&state);
  std::string copy = spec;
  char* specs[] = {copy.data()};
  git_strarray array = {specs, 1};
  int rc = git_remote_push(remote, &array, &po);
  if (rc == GIT_ENONFASTFORWARD || (rc == 0 && !state.rejected.empty())) {
    return Status::Conflict(what + ": the remote refused the update" +
                            (state.rejected.empty() ? "" : " of " + state.rejected));
  }
  if (rc != 0) {
    const git_error* e = git_error_last();
    std::string msg = e != nullptr && e->message != nullptr ? e->message : "libgit2 error";
    // A ref that appeared on the remote since we looked is a lost race, not a failure.
    if (msg.find("exists") != std::string::npos || msg.find("fast-forward") != std::string::npos ||
        msg.find("fastforward") != std::string::npos) {
      return Status::Conflict(what + ": the remote refused the update (" + msg + ")");
    }
    return Status::IOError(std::string(kWho) + ": " + what + ": " + msg);
  }
  return Status::Ok();
}

}  // namespace

Status GitStateRemote::Push() {
  CW_ASSIGN_OR_RETURN(auto h, Open(options_));
  git_remote* remote = h->remote.get();
  const std::string ref = BranchRef(options_.branch);
  Status pushed = PushSpec(remote, ref + ":" + ref, "pushing the state");
  if (pushed.code() == StatusCode::kConflict) {
    return Status::Conflict(
        "the state on the remote " + options_.url +
        " moved since it was read: someone else applied or edited the state in between. Your "
        "change is committed in the local state repository " +
        options_.dir + " (branch " + options_.branch +
        ") and nothing is lost; compare the two with `causeway state history`, then reconcile "
        "(" +
        pushed.message() + ")");
  }
  return pushed;
}

Status GitStateRemote::Pull() {
  CW_ASSIGN_OR_RETURN(auto h, Open(options_));
  git_repository* repo = h->repo.get();
  git_remote* remote = h->remote.get();
  CW_ASSIGN_OR_RETURN(auto refs, ListRemote(remote));
  const std::string ref = BranchRef(options_.branch);
  git_oid local{};
  const bool has_local = git_reference_name_to_id(&local, repo, ref.c_str()) == 0;
  auto it = refs.find(ref);
  if (it == refs.end()) {
    // A new remote: publish what we have, if anything.
    return has_local ? Push() : Status::Ok();
  }
  const git_oid remote_tip = it->second;
  if (has_local && git_oid_equal(&local, &remote_tip)) return Status::Ok();
  CW_RETURN_IF_ERROR(Fetch(remote, ref));
  if (has_local && git_graph_descendant_of(repo, &local, &remote_tip) == 1) {
    return Push();  // an earlier save whose push failed; the remote has not moved since
  }
  if (has_local && git_graph_descendant_of(repo, &remote_tip, &local) != 1) {
    return Status::Conflict(
        "the local state repository " + options_.dir + " and the remote " + options_.url +
        " have both moved (a save here could not be pushed, and someone else saved since): "
        "nothing was overwritten; compare them with git in " +
        options_.dir + " (the remote's tip is fetched as " + kFetchedPrefix + "heads/" +
        options_.branch + ")");
  }
  git_reference* updated = nullptr;
  if (git_reference_create(&updated, repo, ref.c_str(), &remote_tip, /*force=*/1,
                           "causeway: pull the state from the remote") != 0) {
    return GitError(kWho, "moving " + ref + " to the remote's tip");
  }
  git_reference_free(updated);
  return Status::Ok();
}

Result<LockInfo> GitStateRemote::ReadLock() {
  CW_ASSIGN_OR_RETURN(auto h, Open(options_));
  git_repository* repo = h->repo.get();
  git_remote* remote = h->remote.get();
  CW_ASSIGN_OR_RETURN(auto refs, ListRemote(remote));
  if (refs.count(kRemoteLockRef) == 0) {
    return Status::NotFound("the remote state " + options_.url + " is not locked");
  }
  CW_RETURN_IF_ERROR(Fetch(remote, kRemoteLockRef));
  git_commit* commit_raw = nullptr;
  if (git_commit_lookup(&commit_raw, repo, &refs[kRemoteLockRef]) != 0) {
    return GitError(kWho, "reading the lock commit");
  }
  CommitPtr commit(commit_raw);
  return LockInfo::FromJson(
      git_commit_message(commit.get()),
      "(the ref " + std::string(kRemoteLockRef) + " on " + options_.url + ")");
}

Status GitStateRemote::Lock(const LockInfo& info) {
  {
    CW_ASSIGN_OR_RETURN(auto h, Open(options_));
    git_repository* repo = h->repo.get();
    git_remote* remote = h->remote.get();
    // A parentless commit with an empty tree whose message is the lock record.
    git_treebuilder* builder_raw = nullptr;
    if (git_treebuilder_new(&builder_raw, repo, nullptr) != 0) {
      return GitError(kWho, "building the lock");
    }
    TreeBuilderPtr builder(builder_raw);
    git_oid tree_id{}, commit_id{};
    git_tree* tree_raw = nullptr;
    git_signature* sig_raw = nullptr;
    if (git_treebuilder_write(&tree_id, builder.get()) != 0 ||
        git_tree_lookup(&tree_raw, repo, &tree_id) != 0 ||
        git_signature_now(&sig_raw, "causeway", "causeway@localhost") != 0) {
      return GitError(kWho, "building the lock");
    }
    TreePtr tree(tree_raw);
    SignaturePtr sig(sig_raw);
    const std::string message = info.ToJson();
    // The commit, then the local ref it is pushed from (moved over an older lock of ours).
    git_reference* ref = nullptr;
    if (git_commit_create(&commit_id, repo, nullptr, sig.get(), sig.get(), nullptr, message.c_str(),
                          tree.get(), 0, nullptr) != 0 ||
        git_reference_create(&ref, repo, kLocalLockRef, &commit_id, /*force=*/1, nullptr) != 0) {
      return GitError(kWho, "building the lock");
    }
    git_reference_free(ref);
    Status pushed =
        PushSpec(remote, std::string(kLocalLockRef) + ":" + kRemoteLockRef, "taking the lock");
    if (pushed.ok()) return Status::Ok();
    if (pushed.code() != StatusCode::kConflict) return pushed;
  }
  auto holder = ReadLock();
  if (holder.ok()) {
    return Status::Conflict("the state on " + options_.url + " is locked: " + holder->str() +
                            ". If that process is gone, `causeway force-unlock " + holder->id +
                            "` releases it");
  }
  return Status::Conflict("the state on " + options_.url + " is locked by someone else");
}

Status GitStateRemote::Unlock(const std::string& id) {
  auto holder = ReadLock();
  if (!holder.ok()) return holder.status().IsNotFound() ? Status::Ok() : holder.status();
  if (holder->id != id) return Status::Ok();  // force-unlocked and taken by someone else
  CW_ASSIGN_OR_RETURN(auto h, Open(options_));
  git_remote* remote = h->remote.get();
  return PushSpec(remote, std::string(":") + kRemoteLockRef, "releasing the lock");
}

Status GitStateRemote::ForceUnlock(const std::string& id) {
  auto holder = ReadLock();
  if (!holder.ok()) return holder.status();
  if (holder->id != id) {
    return Status::InvalidArgument("the remote lock is " + holder->str() + ", not " + id);
  }
  CW_ASSIGN_OR_RETURN(auto h, Open(options_));
  git_remote* remote = h->remote.get();
  return PushSpec(remote, std::string(":") + kRemoteLockRef, "removing the lock");
}

}  // namespace causeway

// What the libgit2 users of the state (state_store.cc, state_remote.cc) share: libgit2's
// reference-counted global state, owning pointers for its objects, and its last error as a Status.
// Thread-safety: GitLibrary is safe to construct on any thread (libgit2 counts references).
#pragma once

#include <git2.h>

#include <memory>
#include <string>

#include "reconciler/core/status.h"

namespace causeway {

// Holds one reference to libgit2's global state for as long as it lives.
class GitLibrary {
 public:
  GitLibrary() {
    git_libgit2_init();
    // Like the git command, trust the object store on read instead of re-hashing every object
    // read (SHA-1 with collision detection over a 48 MB state costs about 0.07 s per load); zlib's
    // checksum still catches a damaged object, and the state parser refuses malformed JSON.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  }
  ~GitLibrary() { git_libgit2_shutdown(); }
  GitLibrary(const GitLibrary&) = delete;
  GitLibrary& operator=(const GitLibrary&) = delete;
};

template <typename T, void (*Free)(T*)>
struct GitDeleter {
  void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using GitPtr = std::unique_ptr<T, GitDeleter<T, Free>>;
using RepositoryPtr = GitPtr<git_repository, git_repository_free>;
using CommitPtr = GitPtr<git_commit, git_commit_free>;
using TreePtr = GitPtr<git_tree, git_tree_free>;
using TreeEntryPtr = GitPtr<git_tree_entry, git_tree_entry_free>;
using BlobPtr = GitPtr<git_blob, git_blob_free>;
using TreeBuilderPtr = GitPtr<git_treebuilder, git_treebuilder_free>;
using SignaturePtr = GitPtr<git_signature, git_signature_free>;
using RevwalkPtr = GitPtr<git_revwalk, git_revwalk_free>;
using IndexPtr = GitPtr<git_index, git_index_free>;
using RemotePtr = GitPtr<git_remote, git_remote_free>;

// IOError "<who>: <what>: <libgit2's last error message>".
inline Status GitError(const std::string& who, const std::string& what) {
  const git_error* e = git_error_last();
  return Status::IOError(who + ": " + what + ": " +
                         (e != nullptr && e->message != nullptr ? e->message : "libgit2 error"));
}

inline std::string OidHex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof(buf), &oid);
  return buf;
}

}  // namespace causeway

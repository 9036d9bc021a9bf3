// Manifests as of a git revision, through libgit2 (see manifest_revision.h).
#include "reconciler/cli/manifest_revision.h"

#include <filesystem>

#include "reconciler/state/git_support.h"

namespace causeway {

namespace {

bool IsManifestName(const std::string& name) {
  auto ends = [&](const std::string& suffix) {
    return name.size() > suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".yaml") || ends(".yml");
}

}  // namespace

Result<RevisionManifests> ReadManifestsAtRevision(const std::string& dir, const std::string& rev) {
  GitLibrary library;
  std::error_code ec;
  const std::filesystem::path abs = std::filesystem::weakly_canonical(dir, ec);
  git_repository* repo_raw = nullptr;
  if (git_repository_open_ext(&repo_raw, abs.c_str(), 0, nullptr) != 0) {
    return Status::NotFound("--rev " + rev + ": " + dir + " is not inside a git repository");
  }
  RepositoryPtr repo(repo_raw);
  const char* workdir = git_repository_workdir(repo.get());
  if (workdir == nullptr) return Status::NotFound("--rev: the repository of " + dir + " is bare");
  std::string relative = std::filesystem::relative(abs, workdir, ec).generic_string();
  if (relative == ".") relative.clear();

  git_object* object = nullptr;
  if (git_revparse_single(&object, repo.get(), rev.c_str()) != 0) {
    return Status::NotFound("--rev " + rev + ": no such revision in " + workdir);
  }
  git_commit* commit_raw = nullptr;
  int peeled =
      git_object_peel(reinterpret_cast<git_object**>(&commit_raw), object, GIT_OBJECT_COMMIT);
  git_object_free(object);
  if (peeled != 0) return Status::NotFound("--rev " + rev + " does not name a commit");
  CommitPtr commit(commit_raw);
  git_tree* root_raw = nullptr;
  if (git_commit_tree(&root_raw, commit.get()) != 0) return GitError("--rev " + rev, "its tree");
  TreePtr root(root_raw);
  TreePtr tree;
  if (relative.empty()) {
    tree = std::move(root);
  } else {
    git_tree_entry* entry_raw = nullptr;
    if (git_tree_entry_bypath(&entry_raw, root.get(), relative.c_str()) != 0) {
      return Status::NotFound("--rev " + rev + ": " + relative +
                              " does not exist at that revision");
    }
    TreeEntryPtr entry(entry_raw);
    git_object* sub = nullptr;
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE ||
        git_tree_entry_to_object(&sub, repo.get(), entry.get()) != 0) {
      return Status::NotFound("--rev " + rev + ": " + relative + " is not a directory there");
    }
    tree.reset(reinterpret_cast<git_tree*>(sub));
  }
  RevisionManifests out;
  out.commit = OidHex(*git_commit_id(commit.get()));
  const std::string shown = dir.empty() ? "." : dir;
  for (size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {
    const git_tree_entry* e = git_tree_entry_byindex(tree.get(), i);  // sorted by name
    const std::string name = git_tree_entry_name(e);
    if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || !IsManifestName(name)) continue;
    git_blob* blob_raw = nullptr;
    if (git_blob_lookup(&blob_raw, repo.get(), git_tree_entry_id(e)) != 0) {
      return GitError("--rev " + rev, "reading " + name);
    }
    BlobPtr blob(blob_raw);
    out.files.emplace_back(shown + "/" + name,
                           std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                                       static_cast<size_t>(git_blob_rawsize(blob.get()))));
  }
  return out;
}

}  // namespace causeway

// ReadManifestsAtRevision: the manifest files of a directory as of a git revision, read through
// libgit2 from the repository that contains the directory, without a checkout (`plan --rev REV`,
// e.g. a pull request's merge commit in a pipeline whose working tree is somewhere else). The same
// files LoadManifestDir would read: the directory's *.yaml / *.yml entries, sorted, not recursive.
// Thread-safety: free function.
#pragma once

#include <string>
#include <vector>

#include "manifests/loader.h"
#include "reconciler/core/status.h"

namespace causeway {

struct RevisionManifests {
  std::string commit;               // full hex id of the commit REV names
  std::vector<ManifestFile> files;  // names as "<dir>/<file>", as diagnostics show them
};

// NotFound when `dir` is in no git repository, REV names nothing, or the directory does not
// exist at that revision.
Result<RevisionManifests> ReadManifestsAtRevision(const std::string& dir, const std::string& rev);

}  // namespace causeway

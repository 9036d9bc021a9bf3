// The `backend` document: where a stack's state is shared, so that every runner of the stack
// finds it without a flag (the --state-remote flag or CAUSEWAY_STATE_REMOTE, when given, wins):
//   kind: backend
//   spec:
//     s3: { bucket: lake-state, key: stacks/raw/state.json, region: eu-west-1,
//           endpoint: https://minio.local:9000 | sandbox, profile: ci }
// or
//     git: { url: ssh://git@example.com/lake-state.git, branch: main }
// Exactly one of s3 / git; at most one backend document per set. It is read before anything
// else (the state must be found before variables are resolved), so it takes no ${...}. The
// result is the --state-remote URL it stands for. Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "manifests/document.h"

namespace causeway {

struct BackendConfig {
  std::string url;     // as --state-remote takes it: s3://BUCKET/KEY?... or the git URL
  std::string branch;  // git only; "" = the default
  SourceLocation at;   // the document's `kind:` key
};

// Interprets one backend document; nullopt (with diagnostics) when it is invalid.
std::optional<BackendConfig> ParseBackendDocument(const RawDocument& doc,
                                                  std::vector<Diagnostic>* diagnostics);

// The backend document among `files` (name, content), nullopt when there is none, or (with
// diagnostics) when it is invalid or there is more than one. For commands that load no
// manifests; LoadManifestFiles reports the same in LoadResult::backend.
std::optional<BackendConfig> FindBackend(
    const std::vector<std::pair<std::string, std::string>>& files,
    std::vector<Diagnostic>* diagnostics);

}  // namespace causeway

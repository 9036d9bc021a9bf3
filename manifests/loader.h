// Loading and validating a manifest set: every *.yaml / *.yml file of a directory (sorted by
// name, not recursive), each a stream of YAML documents. Document kinds:
//   kind: providers   spec: { <provider>: {...} }          (at most one per set)
//   kind: vars        spec: { <name>: <default>, ... }     (several allowed; names unique)
//   kind: backend     spec: { s3: {...} | git: {...} }     (at most one; backend_document.h)
//   kind: <resource kind>  name: <name>  spec: {...}  [depends_on: [addr...]]
//        [lifecycle: {prevent_destroy, allow_destroy, ignore_changes: [attr...]}]
// ${var.x} is substituted at load time (vars <- --var-file files <- --var k=v, later wins);
// resource references are kept and checked against the schemas.
//
// Validation collects ALL problems as Diagnostics with file:line:column: YAML syntax, unknown
// kind, unknown attribute (with the nearest valid name suggested), wrong type, missing required
// attribute, setting a computed attribute, duplicate address, dangling reference, reference to an
// attribute the target kind does not have, unknown variable, bad depends_on/lifecycle, and a
// dependency cycle that no updatable_after_create attribute can break (the cycle is printed).
// Loading never contacts a provider. Thread-safety: free functions, no shared state.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "manifests/backend_document.h"
#include "manifests/manifest.h"
#include "providers/schema.h"

namespace causeway {

struct LoadOptions {
  std::map<std::string, std::string> var_overrides;  // --var k=v (strings; YAML-parsed scalars)
  std::vector<std::string> var_files;                // --var-file paths (YAML mapping of vars)
  // The settings each provider's block may hold (Provider::settings_schema). When given, a block
  // of an unknown provider, an unknown setting (with a suggestion), a wrong type or a refused
  // value is reported at its file:line:column; a provider whose schema has an empty kind, or a
  // load without schemas, leaves its block unchecked.
  ProviderSettingsSchemas provider_settings;
};

struct LoadResult {
  ManifestSet set;
  std::vector<Diagnostic> diagnostics;  // empty means valid
  // The backend document, when the set has a valid one (where the state is shared).
  std::optional<BackendConfig> backend;
  bool ok() const { return diagnostics.empty(); }
};

// A file name (as reported in diagnostics) and its content.
using ManifestFile = std::pair<std::string, std::string>;

// The *.yaml/*.yml files of `dir`, sorted by name; what cannot be read goes to `diagnostics`.
std::vector<ManifestFile> ReadManifestDir(const std::string& dir,
                                          std::vector<Diagnostic>* diagnostics);
// Reads every *.yaml/*.yml file in `dir`.
LoadResult LoadManifestDir(const std::string& dir, const SchemaSet& schemas,
                           const LoadOptions& options = {});
// Same, from contents already read (tests, `plan --rev` reading from git).
LoadResult LoadManifestFiles(const std::vector<ManifestFile>& files, const SchemaSet& schemas,
                             const LoadOptions& options = {});

}  // namespace causeway

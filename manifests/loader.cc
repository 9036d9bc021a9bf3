// LoadManifestDir / LoadManifestFiles: reads the files, splits them into documents, declares
// variables and applies overrides, then interprets providers and resource documents and runs
// the checks that need the whole set. Diagnostics are returned sorted by file (in load order),
// line and column so that output is stable.
#include "manifests/loader.h"

#include <algorithm>

#include "manifests/backend_document.h"
#include "manifests/document.h"
#include "manifests/providers_document.h"
#include "manifests/resource_document.h"
#include "manifests/set_checks.h"
#include "manifests/vars.h"
#include "reconciler/core/filesystem.h"

namespace causeway {

namespace {

bool IsManifestName(const std::string& name) {
  auto ends_with = [&name](const std::string& suffix) {
    return name.size() > suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with(".yaml") || ends_with(".yml");
}

// SHA-256 over the files sorted by name; each contributes its name and length-prefixed content
// so that moving text between files changes the digest.
std::string Digest(const std::vector<ManifestFile>& files) {
  std::vector<const ManifestFile*> sorted;
  for (const auto& f : files) sorted.push_back(&f);
  std::sort(sorted.begin(), sorted.end(),
            [](const ManifestFile* a, const ManifestFile* b) { return a->first < b->first; });
  std::string data;
  for (const auto* f : sorted) {
    data += f->first + '\0' + std::to_string(f->second.size()) + '\0' + f->second;
  }
  return Sha256Hex(data);
}

void SortDiagnostics(const std::vector<ManifestFile>& files, std::vector<Diagnostic>* diags) {
  auto rank = [&files](const std::string& file) {
    for (size_t i = 0; i < files.size(); ++i) {
      if (files[i].first == file) return i;
    }
    return files.size();  // var files and command-line overrides come last
  };
  std::stable_sort(diags->begin(), diags->end(), [&rank](const Diagnostic& a, const Diagnostic& b) {
    size_t ra = rank(a.location.file);
    size_t rb = rank(b.location.file);
    if (ra != rb) return ra < rb;
    if (a.location.file != b.location.file) return false;  // keep load order among extras
    if (a.location.line != b.location.line) return a.location.line < b.location.line;
    return a.location.column < b.location.column;
  });
}

}  // namespace

std::vector<ManifestFile> ReadManifestDir(const std::string& dir,
                                          std::vector<Diagnostic>* diagnostics) {
  FileSystem* fs = RealFileSystem();
  std::vector<ManifestFile> files;
  auto names = fs->ListDir(dir);
  if (!names.ok()) {
    diagnostics->push_back(
        FileDiagnostic(dir, "cannot read manifest directory: " + names.status().message()));
    return files;
  }
  std::vector<std::string> sorted = *names;
  std::sort(sorted.begin(), sorted.end());
  for (const auto& name : sorted) {
    if (!IsManifestName(name)) continue;
    auto content = fs->ReadFile(dir + "/" + name);
    if (!content.ok()) {
      diagnostics->push_back(
          FileDiagnostic(name, "cannot read file: " + content.status().message()));
      continue;
    }
    files.emplace_back(name, std::move(*content));
  }
  if (files.empty() && diagnostics->empty()) {
    diagnostics->push_back(FileDiagnostic(dir, "no manifest files (*.yaml, *.yml) in directory"));
  }
  return files;
}

LoadResult LoadManifestDir(const std::string& dir, const SchemaSet& schemas,
                           const LoadOptions& options) {
  std::vector<Diagnostic> read_errors;
  std::vector<ManifestFile> files = ReadManifestDir(dir, &read_errors);
  if (files.empty()) {
    LoadResult result;
    result.diagnostics = std::move(read_errors);
    return result;
  }
  LoadResult result = LoadManifestFiles(files, schemas, options);
  result.diagnostics.insert(result.diagnostics.begin(), read_errors.begin(), read_errors.end());
  return result;
}

LoadResult LoadManifestFiles(const std::vector<ManifestFile>& files, const SchemaSet& schemas,
                             const LoadOptions& options) {
  LoadResult result;
  std::vector<Diagnostic>* diags = &result.diagnostics;
  result.set.digest = Digest(files);

  std::vector<RawDocument> providers, vars_docs, resources, backends;
  for (const auto& [name, content] : files) {
    for (auto& doc : SplitDocuments(name, content, diags)) {
      if (doc.kind == "providers") {
        providers.push_back(std::move(doc));
      } else if (doc.kind == "backend") {
        backends.push_back(std::move(doc));
      } else if (doc.kind == "vars") {
        vars_docs.push_back(std::move(doc));
      } else {
        resources.push_back(std::move(doc));
      }
    }
  }

  // The backend (where the state is shared): read again by the CLI before the state is opened
  // (FindBackend); checked here so that `validate` reports it like everything else.
  for (size_t i = 0; i < backends.size(); ++i) {
    if (i > 0) {
      diags->push_back({backends[i].at,
                        "duplicate backend document: already declared at " + backends[0].at.str()});
      continue;
    }
    result.backend = ParseBackendDocument(backends[i], diags);
  }

  // Variables first: every other document may use them.
  VarTable vars;
  for (const auto& doc : vars_docs) {
    CheckDocumentKeys(doc, {"kind", "spec"}, "vars document", diags);
    auto spec = FindMember(doc, "spec");
    if (!spec) {
      diags->push_back(
          {doc.at, "missing 'spec' for vars: expected a mapping of variable names to defaults"});
    } else if (!spec->value.IsMap()) {
      diags->push_back(
          {spec->value_at, "'spec' of vars must be a mapping of variable names to defaults, got " +
                               YamlShapeName(spec->value)});
    } else {
      DeclareVars(spec->value, doc.file, &vars, diags);
    }
  }
  ApplyVarOverrides(options, &vars, diags);
  result.set.vars = vars.values;

  for (size_t i = 0; i < providers.size(); ++i) {
    if (i > 0) {
      diags->push_back({providers[i].at, "duplicate providers document: already declared at " +
                                             providers[0].at.str()});
      continue;
    }
    ParseProvidersDocument(providers[i], vars, options.provider_settings, &result.set.providers,
                           diags);
  }

  std::vector<ParsedResource> parsed;
  parsed.reserve(resources.size());
  for (auto& doc : resources) {
    if (auto r = ParseResourceDocument(doc, schemas, vars, diags)) parsed.push_back(std::move(*r));
    // Each document has its own tree: freeing it as soon as its declaration exists keeps peak
    // memory at about the larger of the two forms rather than their sum.
    doc.root = YamlNode();
    doc.tree.reset();
  }
  CheckSetAndCollect(std::move(parsed), schemas, &result.set, diags);

  SortDiagnostics(files, diags);
  return result;
}

}  // namespace causeway

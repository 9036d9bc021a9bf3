// The in-memory form of a manifest set: provider blocks, variables and resource declarations,
// each remembering where in which file it was written so that every diagnostic can name
// file:line:column. Produced by the loader (manifests/loader.h), consumed by the planner.
// Thread-safety: plain values.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "reconciler/core/address.h"
#include "reconciler/core/value.h"

namespace causeway {

struct SourceLocation {
  std::string file;  // path as given to the loader (relative to the manifest directory)
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based
  // "main.yaml:12:5", or just the file (or "--var") for a whole-input diagnostic.
  std::string str() const {
    if (line == 0) return file;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
};

struct Diagnostic {
  SourceLocation location;
  std::string message;  // what is wrong and what was expected
  // "main.yaml:12:5: unknown attribute 'rol_name' for aws.iam.role; did you mean 'role_name'?"
  std::string str() const { return location.str() + ": " + message; }
};

// A diagnostic about a whole file or input, with no line or column.
inline Diagnostic FileDiagnostic(std::string file, std::string message) {
  Diagnostic d;
  d.location.file = std::move(file);
  d.message = std::move(message);
  return d;
}

struct Lifecycle {
  bool prevent_destroy = false;             // refuse delete/replace even with --allow-destroy
  bool allow_destroy = false;               // opt-in to delete/replace a data-holding kind
  std::vector<std::string> ignore_changes;  // attributes whose drift is not corrected
  // On a container (a role, a database): what its provider finds inside it that no manifest
  // declares is removed by the plan instead of only reported.
  bool exclusive = false;
};

struct ResourceDecl {
  Address address;
  Value spec = Value::object();  // attributes; ${var.x} already substituted, resource refs kept
  std::vector<Address> depends_on;
  Lifecycle lifecycle;
  SourceLocation location;  // of the document's `kind:` key
  // Where each attribute was written is known only while loading (it is in the loader's
  // diagnostics): keeping a map per resource cost 150 MB of a 100k-resource plan.
};

struct ManifestSet {
  std::map<std::string, Value> providers;  // provider name -> its block (no secrets, only where
                                           // to find them)
  std::map<std::string, Value> vars;       // final values after defaults and overrides
  std::vector<ResourceDecl> resources;     // in file order
  std::string digest;  // SHA-256 over the files' names and contents, for saved plans

  const ResourceDecl* Find(const Address& a) const {
    for (const auto& r : resources) {
      if (r.address == a) return &r;
    }
    return nullptr;
  }
};

}  // namespace causeway

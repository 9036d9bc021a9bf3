// Interpreting one resource document (kind, name, spec, depends_on, lifecycle) on its own:
// converting its spec with locations, substituting variables, checking it against the kind's
// schema and reading its lifecycle block. What needs the whole set (references, depends_on
// targets, duplicate addresses, cycles) is left to set_checks.h. Thread-safety: pure function.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "manifests/document.h"
#include "manifests/manifest.h"
#include "manifests/vars.h"
#include "manifests/yaml_value.h"
#include "providers/schema.h"

namespace causeway {

struct ParsedResource {
  ResourceDecl decl;                   // depends_on left empty: see depends_on below
  const KindSchema* schema = nullptr;  // null for an unknown kind
  NodeLocations spec_locations;        // by JSON pointer into decl.spec
  struct DependsOn {
    std::string text;  // as written
    SourceLocation at;
  };
  std::vector<DependsOn> depends_on;
};

// Returns nullopt when the document has no usable address (no name, or an invalid one); all
// problems found are appended to `diagnostics`.
std::optional<ParsedResource> ParseResourceDocument(const RawDocument& doc,
                                                    const SchemaSet& schemas, const VarTable& vars,
                                                    std::vector<Diagnostic>* diagnostics);

}  // namespace causeway

// Variables of a manifest set: declared with defaults in `vars` documents, overridden by
// --var-file files (each a YAML mapping) and then by --var k=v (the value read as a YAML scalar),
// later wins; then substituted for ${var.x} in manifest values at load time. A value that is
// exactly one ${var.x} takes the variable's value with its type; elsewhere the value is inserted
// as text. Resource references and "$${" escapes are left for the planner. Overriding an
// undeclared variable is an error, as is a variable left without a value (null).
// Thread-safety: plain functions over caller-owned tables.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "manifests/loader.h"
#include "manifests/manifest.h"
#include "manifests/yaml_value.h"
#include "reconciler/core/value.h"

namespace causeway {

struct VarTable {
  std::map<std::string, Value> values;
  std::map<std::string, SourceLocation> declared_at;  // the name's key in its vars document
};

// Declares the variables of one `vars` document's spec (a mapping node). Reports invalid names
// and names declared twice.
void DeclareVars(const YamlNode& spec, const std::string& file, VarTable* vars,
                 std::vector<Diagnostic>* diagnostics);

// Applies options.var_files (read from disk, in order) and then options.var_overrides. Reports
// unreadable or malformed var files and undeclared names; afterwards, variables still null.
void ApplyVarOverrides(const LoadOptions& options, VarTable* vars,
                       std::vector<Diagnostic>* diagnostics);

// The value of a --var text: a YAML scalar typed like a manifest scalar ("3" -> 3, "true" ->
// true, "'3'" -> "3"); anything that is not a single scalar stays the text; "" stays "".
Value ParseVarText(const std::string& text);

// Substitutes variables in every string of `v`. Reports, at the location of the string holding
// them (from `locations.value`, by JSON pointer under `pointer`), malformed references and
// unknown variables (with the nearest declared name suggested). Unknown variables are left as
// written. Works in place on `v` (move it in to avoid a copy).
Value SubstituteVars(Value v, const VarTable& vars, const NodeLocations& locations,
                     const std::string& pointer, std::vector<Diagnostic>* diagnostics);

}  // namespace causeway

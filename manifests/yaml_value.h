// Turning YAML nodes into Values while remembering where each node was written. Mappings
// become objects, sequences arrays, null nodes null, and scalars follow the YAML 1.2 core schema:
// a plain (unquoted) scalar that spells a bool (true/false in any of its three casings), an
// integer (decimal, 0x hex, 0o octal) or a float becomes that type; quoted and block scalars, and
// scalars with an explicit tag, stay strings. Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "manifests/manifest.h"
#include "manifests/yaml_tree.h"
#include "reconciler/core/value.h"

namespace causeway {

// Where the nodes of one converted tree were written, by JSON pointer ("" is the root).
struct NodeLocations {
  // Where each member is written: the key of a mapping member, the item of a sequence.
  std::map<std::string, SourceLocation> written;
  // The value node itself (for an empty value, which has no node of its own: its key).
  std::map<std::string, SourceLocation> value;
};

// A 1-based location from a 0-based YAML mark (line 0 when the mark is unknown).
SourceLocation LocationOf(const std::string& file, const YamlMark& mark);

// RFC 6901 escaping of one JSON pointer token ("~" -> "~0", "/" -> "~1").
std::string EscapePointerToken(const std::string& token);

// The value of a scalar text: typed when `plain`, otherwise the text itself.
Value ResolveScalar(const std::string& text, bool plain);

// Converts `node`, recording locations under `pointer`; `written_at` is where the node itself is
// written (its key, for a mapping member). Duplicate and non-scalar mapping keys are reported in
// `diagnostics` (the later duplicate is dropped).
Value YamlToValue(const YamlNode& node, const std::string& file, const std::string& pointer,
                  const SourceLocation& written_at, NodeLocations* locations,
                  std::vector<Diagnostic>* diagnostics);

// "a mapping", "a list", "a string" or "an empty value": what a node is, for messages.
std::string YamlShapeName(const YamlNode& node);
// Gives every pointer under `pointer` in `v` that has no location its parent's (for values that
// came from a variable rather than from the file).
void InheritLocations(const Value& v, const std::string& pointer, NodeLocations* locations);
// "string", "number", "bool", "list", "map" or "null": a value's type, for messages.
std::string ValueTypeName(const Value& v);

}  // namespace causeway

// References inside manifest values: "${kind.name.attr}" names another resource's input or
// computed output; "${var.x}" names a variable. A reference may be the whole string (the value
// keeps the referenced value's JSON type) or part of a larger string (interpolated as text).
// "$${" writes a literal "${". Attributes are top-level names: the last dotted segment is the
// attribute, the one before it the resource name, the rest the kind.
// Thread-safety: free functions; no shared state.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reconciler/core/address.h"
#include "reconciler/core/value.h"

namespace causeway {

struct Reference {
  bool is_var = false;
  std::string var;         // when is_var
  Address target;          // when !is_var
  std::string attribute;   // when !is_var
  std::string text;        // the expression between ${ and }, e.g. "aws.iam.role.r.arn"
  std::string json_path;   // JSON pointer of the string holding it, e.g. "/policy/Statement/0"

  std::string str() const { return "${" + text + "}"; }
};

// Finds references in one string. Malformed expressions ("${", "${a}", "${x.y}") are reported in
// `errors` (one message each, naming the expression and what was expected) and skipped.
std::vector<Reference> FindReferences(const std::string& s, std::vector<std::string>* errors);

// Finds references in every string of `v` (recursively), setting json_path on each.
std::vector<Reference> CollectReferences(const Value& v, std::vector<std::string>* errors);

// Resolves one reference; nullopt means "not known yet" (the result becomes UnknownValue()).
using ReferenceResolver = std::function<std::optional<Value>(const Reference&)>;

// Replaces references in every string of `v`. A string that is exactly one reference takes the
// resolved value (any JSON type); otherwise resolved values are inserted as text (strings as-is,
// others as compact JSON). A string with any unresolved reference becomes UnknownValue().
// "$${" becomes "${".
Value Interpolate(const Value& v, const ReferenceResolver& resolve);

}  // namespace causeway

// ManifestExport: manifests for objects that exist but nobody declared (`causeway export`), so a
// team can adopt an account set up by hand. Each object becomes one document (kind, name, spec);
// spec holds its observed attributes except those equal to the kind's default. Where a value --
// at the top level or deep inside a document such as a policy -- is exactly another exported
// object's natural-key attribute or output (a role's name in an inline policy, a bucket's ARN in
// a policy), it becomes the reference ${kind.name.attr}, so that the manifests say which object
// names which; a reference that would close a cycle is left as the literal value. Values are
// written as JSON flow values, which YAML reads as they are.
// Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "providers/provider.h"
#include "providers/schema.h"

namespace causeway {

struct ExportedObject {
  Address address;
  std::string id;
  Value attributes = Value::object();  // as observed
  Value outputs = Value::object();
  std::vector<std::string> references;  // addresses its spec refers to (filled by ExportManifests)
  Value spec = Value::object();         // what the document holds (filled by ExportManifests)
};

// Fills each object's spec and references; returns the YAML text of every document, in the order
// given, with a header comment.
std::string ExportManifests(std::vector<ExportedObject>* objects, const SchemaSet& schemas);

}  // namespace causeway

// Extraction of sensitive attribute values from manifests.
#include "reconciler/plan/sensitive.h"

namespace causeway {

std::map<std::string, Value> SensitiveValues(const ManifestSet& manifests,
                                             const SchemaSet& schemas) {
  std::map<std::string, Value> out;
  for (const auto& r : manifests.resources) {
    auto it = schemas.find(r.address.kind);
    if (it == schemas.end() || !r.spec.is_object()) continue;
    for (const auto& a : it->second.attributes) {
      if (!a.sensitive || !r.spec.contains(a.name)) continue;
      Value& values = out[r.address.str()];
      if (!values.is_object()) values = Value::object();
      values[a.name] = r.spec[a.name];
    }
  }
  return out;
}

}  // namespace causeway

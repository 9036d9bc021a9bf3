// ManifestGraph: references and depends_on turned into DependencyGraph edges.
#include "manifests/manifest_graph.h"

#include "reconciler/core/reference.h"

namespace causeway {

namespace {

std::string UnescapePointerToken(const std::string& token) {
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

// The top-level attribute holding a reference found at JSON pointer `path` ("/a/b/0" -> "a").
std::string TopLevelAttribute(const std::string& path) {
  if (path.size() < 2) return "";
  auto slash = path.find('/', 1);
  return UnescapePointerToken(
      path.substr(1, slash == std::string::npos ? std::string::npos : slash - 1));
}

}  // namespace

DependencyGraph GraphOfManifests(const ManifestSet& set, const SchemaSet& schemas,
                                 std::vector<int>* numbers) {
  std::vector<std::string> nodes;
  nodes.reserve(set.resources.size());
  for (const auto& r : set.resources) nodes.push_back(r.address.str());
  return DependencyGraph::Build(
      nodes,
      [&](size_t i, const DependencyGraph::EdgeAdder& add) {
        const auto& r = set.resources[i];
        auto schema_it = schemas.find(r.address.kind);
        const KindSchema* schema = schema_it == schemas.end() ? nullptr : &schema_it->second;
        for (const auto& ref : CollectReferences(r.spec, nullptr)) {
          if (ref.is_var) continue;
          std::string attr = TopLevelAttribute(ref.json_path);
          const AttributeSchema* a = schema ? schema->Find(attr) : nullptr;
          add(ref.target.str(), attr, a != nullptr && a->updatable_after_create);
        }
        for (const auto& dep : r.depends_on) add(dep.str(), "", false);
      },
      numbers);
}

}  // namespace causeway

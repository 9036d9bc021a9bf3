// Manifests for existing objects, with references between them (see manifest_export.h).
#include "reconciler/plan/manifest_export.h"

#include <functional>
#include <map>
#include <set>

namespace causeway {

namespace {

struct Target {
  size_t object;
  std::string attribute;
};

// True when `to` can reach `from` through the references recorded so far.
bool Reaches(const std::vector<std::set<size_t>>& edges, size_t to, size_t from) {
  std::vector<size_t> stack = {to};
  std::set<size_t> seen;
  while (!stack.empty()) {
    size_t n = stack.back();
    stack.pop_back();
    if (n == from) return true;
    if (!seen.insert(n).second) continue;
    for (size_t next : edges[n]) stack.push_back(next);
  }
  return false;
}

}  // namespace

std::string ExportManifests(std::vector<ExportedObject>* objects, const SchemaSet& schemas) {
  auto schema_of = [&](const std::string& kind) -> const KindSchema* {
    auto it = schemas.find(kind);
    return it == schemas.end() ? nullptr : &it->second;
  };
  // Values other objects may refer to: natural-key attributes and outputs. A value that two
  // objects share names neither unambiguously and is left literal.
  std::map<std::string, Target> targets;
  std::set<std::string> ambiguous;
  for (size_t i = 0; i < objects->size(); ++i) {
    const ExportedObject& o = (*objects)[i];
    const KindSchema* schema = schema_of(o.address.kind);
    auto offer = [&](const std::string& attribute, const Value& v) {
      if (!v.is_string() || v.get<std::string>().size() < 3) return;
      const std::string s = v.get<std::string>();
      auto [it, fresh] = targets.emplace(s, Target{i, attribute});
      if (!fresh && it->second.object != i) ambiguous.insert(s);
    };
    if (schema != nullptr) {
      for (const auto& key : schema->natural_key) {
        if (schema->natural_key.size() == 1 && o.attributes.contains(key)) {
          offer(key, o.attributes[key]);
        }
      }
    }
    for (const auto& [name, v] : o.outputs.items()) offer(name, v);
  }
  for (const auto& s : ambiguous) targets.erase(s);

  std::vector<std::set<size_t>> edges(objects->size());
  for (size_t i = 0; i < objects->size(); ++i) {
    ExportedObject& o = (*objects)[i];
    const KindSchema* schema = schema_of(o.address.kind);
    std::function<Value(const Value&)> rewrite = [&](const Value& v) -> Value {
      if (v.is_string()) {
        auto it = targets.find(v.get<std::string>());
        if (it == targets.end() || it->second.object == i) return v;
        size_t to = it->second.object;
        if (Reaches(edges, to, i)) return v;  // would close a cycle
        edges[i].insert(to);
        const ExportedObject& t = (*objects)[to];
        return "${" + t.address.str() + "." + it->second.attribute + "}";
      }
      if (!v.is_object() && !v.is_array()) return v;
      Value out = v;
      for (auto& e : out) e = rewrite(e);
      return out;
    };
    o.spec = Value::object();
    for (const auto& [name, v] : o.attributes.items()) {
      const AttributeSchema* a = schema != nullptr ? schema->Find(name) : nullptr;
      if (a != nullptr && (a->computed || a->sensitive)) continue;
      if (a != nullptr && a->default_value &&
          NormalizeAttr(a, *a->default_value) == NormalizeAttr(a, v)) {
        continue;
      }
      // A natural-key attribute stays literal: it is what names the object.
      bool key =
          schema != nullptr && schema->natural_key.size() == 1 && schema->natural_key[0] == name;
      o.spec[name] = key ? v : rewrite(v);
    }
  }
  std::string out =
      "# Written by `causeway export`: objects that existed before Causeway managed them.\n";
  for (size_t i = 0; i < objects->size(); ++i) {
    ExportedObject& o = (*objects)[i];
    for (size_t to : edges[i]) o.references.push_back((*objects)[to].address.str());
    out += "---\nkind: " + o.address.kind + "\nname: " + o.address.name + "\nspec:\n";
    if (o.spec.empty()) out += "  {}\n";
    for (const auto& [name, v] : o.spec.items()) out += "  " + name + ": " + v.dump() + "\n";
  }
  return out;
}

}  // namespace causeway

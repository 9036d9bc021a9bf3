// Cross-resource checks: duplicates, references, depends_on and cycles.
#include "manifests/set_checks.h"

#include <map>
#include <string>

#include "manifests/suggest.h"
#include "reconciler/core/reference.h"
#include "reconciler/plan/graph.h"

namespace causeway {

namespace {

SourceLocation At(const std::map<std::string, SourceLocation>& m, const std::string& pointer) {
  auto it = m.find(pointer);
  return it == m.end() ? SourceLocation{} : it->second;
}

struct Declared {
  std::map<std::string, SourceLocation> at;  // address -> its `kind:` key
  std::vector<std::string> order;            // addresses in file order, for suggestions
  std::map<std::string, bool> known_kind;    // address -> its kind has a schema
};

std::string Undeclared(const std::string& what, const std::string& address,
                       const Declared& declared) {
  return what + " undeclared resource " + address + DidYouMean(address, declared.order);
}

void CheckReferences(const ParsedResource& r, const SchemaSet& schemas, const Declared& declared,
                     std::vector<Diagnostic>* diagnostics) {
  for (const auto& ref : CollectReferences(r.decl.spec, nullptr)) {
    if (ref.is_var) continue;  // an unknown variable, already reported
    SourceLocation at = At(r.spec_locations.value, ref.json_path);
    const std::string target = ref.target.str();
    if (declared.at.count(target) == 0) {
      diagnostics->push_back(
          {at, Undeclared("reference " + ref.str() + " names", target, declared)});
      continue;
    }
    auto schema = schemas.find(ref.target.kind);
    if (schema == schemas.end() || schema->second.Find(ref.attribute) != nullptr) continue;
    std::vector<std::string> names;
    std::string all;
    for (const auto& a : schema->second.attributes) {
      names.push_back(a.name);
      all += (all.empty() ? "" : ", ") + a.name;
    }
    std::string suggestion = DidYouMean(ref.attribute, names);
    diagnostics->push_back({at, "reference " + ref.str() + ": " + ref.target.kind +
                                    " has no attribute '" + ref.attribute + "'" +
                                    (suggestion.empty() ? "; it has: " + all : suggestion)});
  }
}

// The first address of a cycle message "dependency cycle: a -> b -> a (...)", or "".
std::string FirstInCycle(const std::string& message) {
  const std::string prefix = "dependency cycle: ";
  auto start = message.find(prefix);
  if (start == std::string::npos) return "";
  start += prefix.size();
  auto end = message.find_first_of(" ", start);
  return message.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

void CheckCycles(const ManifestSet& set, const SchemaSet& schemas,
                 std::vector<Diagnostic>* diagnostics) {
  DependencyGraph graph = DependencyGraph::FromManifests(set, schemas);
  auto broken = graph.BreakCycles();
  if (broken.ok()) return;
  const std::string message = broken.status().message();
  SourceLocation at;
  std::string first = FirstInCycle(message);
  if (auto cycle = graph.FindCycle(); first.empty() && !cycle.empty()) first = cycle.front();
  for (const auto& r : set.resources) {
    if (r.address.str() == first) at = r.location;
  }
  if (at.file.empty() && !set.resources.empty()) at = set.resources.front().location;
  diagnostics->push_back({at, message});
}

}  // namespace

void CheckSetAndCollect(std::vector<ParsedResource> parsed, const SchemaSet& schemas,
                        ManifestSet* set, std::vector<Diagnostic>* diagnostics) {
  Declared declared;
  std::vector<ParsedResource> unique;
  for (auto& r : parsed) {
    const std::string address = r.decl.address.str();
    auto prev = declared.at.find(address);
    if (prev != declared.at.end()) {
      diagnostics->push_back({r.decl.location, "duplicate resource " + address +
                                                   ": already declared at " + prev->second.str()});
      continue;
    }
    declared.at[address] = r.decl.location;
    declared.order.push_back(address);
    declared.known_kind[address] = r.schema != nullptr;
    unique.push_back(std::move(r));
  }
  for (auto& r : unique) {
    CheckReferences(r, schemas, declared, diagnostics);
    for (const auto& d : r.depends_on) {
      auto target = Address::Parse(d.text);  // parsed successfully when collected
      if (!target) continue;
      if (declared.at.count(target->str()) == 0) {
        diagnostics->push_back({d.at, Undeclared("depends_on names", target->str(), declared)});
        continue;
      }
      // A target of an unknown kind (already reported) is not in the set, so no edge to it.
      if (declared.known_kind[target->str()]) r.decl.depends_on.push_back(*target);
    }
    if (r.schema != nullptr) set->resources.push_back(std::move(r.decl));
  }
  CheckCycles(*set, schemas, diagnostics);
}

}  // namespace causeway

// Cross-resource checks: duplicates, references, depends_on and cycles.
#include "manifests/set_checks.h"

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "manifests/suggest.h"
#include "reconciler/core/reference.h"
#include "manifests/manifest_graph.h"

namespace causeway {

namespace {

SourceLocation At(const std::map<std::string, SourceLocation>& m, const std::string& pointer) {
  auto it = m.find(pointer);
  return it == m.end() ? SourceLocation{} : it->second;
}

// Every declared address once. One hash table keyed by views into `order` (reserved up front,
// so the views stay valid): three ordered maps of strings here cost a third of the set checks
// at 100k resources.
class Declared {
 public:
  explicit Declared(size_t capacity) {
    order.reserve(capacity);
    kinds_.reserve(capacity);
  }
  // Adds `address`; false, with where it was declared first, if it already was.
  bool Add(std::string address, size_t parsed_index, bool known_kind, size_t* first_index) {
    auto found = kinds_.find(address);
    if (found != kinds_.end()) {
      *first_index = found->second.parsed_index;
      return false;
    }
    order.push_back(std::move(address));
    kinds_.emplace(order.back(), Entry{parsed_index, known_kind});
    return true;
  }
  bool Has(std::string_view address) const { return kinds_.count(address) != 0; }
  bool KnownKind(std::string_view address) const {
    auto found = kinds_.find(address);
    return found != kinds_.end() && found->second.known_kind;
  }

  std::vector<std::string> order;  // addresses in file order, for suggestions

 private:
  struct Entry {
    size_t parsed_index;  // of its declaration
    bool known_kind;      // its kind has a schema
  };
  std::unordered_map<std::string_view, Entry> kinds_;
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
    if (!declared.Has(target)) {
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

// Two resources whose natural keys (KindSchema::natural_key) are equal would manage one cloud
// object and undo each other's changes on every apply. Keys are compared once normalised, and
// only when every part is a literal string (a reference is known only when planning).
void CheckNaturalKeys(const std::vector<ParsedResource>& parsed, const std::vector<char>& unique,
                      std::vector<Diagnostic>* diagnostics) {
  std::unordered_map<std::string, size_t> seen;
  for (size_t i = 0; i < parsed.size(); ++i) {
    const ParsedResource& r = parsed[i];
    if (!unique[i] || r.schema == nullptr || r.schema->natural_key.empty()) continue;
    std::string key = r.decl.address.kind;
    std::string shown;
    bool literal = true;
    for (const auto& name : r.schema->natural_key) {
      auto it = r.decl.spec.find(name);
      if (it == r.decl.spec.end() || !it->is_string() ||
          it->get_ref<const std::string&>().find("${") != std::string::npos) {
        literal = false;
        break;
      }
      Value v = NormalizeAttr(r.schema->Find(name), *it);
      key += '\0' + (v.is_string() ? v.get<std::string>() : v.dump());
      shown += (shown.empty() ? "" : ", ") + name + " " + it->dump();
    }
    if (!literal) continue;
    auto [first, inserted] = seen.emplace(std::move(key), i);
    if (inserted) continue;
    const ResourceDecl& other = parsed[first->second].decl;
    diagnostics->push_back({r.decl.location, r.decl.address.str() + " and " + other.address.str() +
                                                 " (declared at " + other.location.str() +
                                                 ") name the same object (" + shown +
                                                 "): each apply would undo the other's changes; "
                                                 "keep one of them"});
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
  DependencyGraph graph = GraphOfManifests(set, schemas);
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
  Declared declared(parsed.size());
  std::vector<char> unique(parsed.size(), 0);
  for (size_t i = 0; i < parsed.size(); ++i) {
    const ResourceDecl& decl = parsed[i].decl;
    size_t first = 0;
    if (!declared.Add(decl.address.str(), i, parsed[i].schema != nullptr, &first)) {
      diagnostics->push_back({decl.location, "duplicate resource " + decl.address.str() +
                                                 ": already declared at " +
                                                 parsed[first].decl.location.str()});
      continue;
    }
    unique[i] = 1;
  }
  CheckNaturalKeys(parsed, unique, diagnostics);
  set->resources.reserve(declared.order.size());
  for (size_t i = 0; i < parsed.size(); ++i) {
    if (!unique[i]) continue;
    ParsedResource& r = parsed[i];
    CheckReferences(r, schemas, declared, diagnostics);
    for (const auto& d : r.depends_on) {
      auto target = Address::Parse(d.text);  // parsed successfully when collected
      if (!target) continue;
      const std::string address = target->str();
      if (!declared.Has(address)) {
        diagnostics->push_back({d.at, Undeclared("depends_on names", address, declared)});
        continue;
      }
      // A target of an unknown kind (already reported) is not in the set, so no edge to it.
      if (declared.KnownKind(address)) r.decl.depends_on.push_back(*target);
    }
    if (r.schema != nullptr) set->resources.push_back(std::move(r.decl));
  }
  CheckCycles(*set, schemas, diagnostics);
}

}  // namespace causeway

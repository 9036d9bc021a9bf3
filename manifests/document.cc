// Splitting manifest files into documents, and document key checks.
#include "manifests/document.h"

#include <algorithm>

#include "manifests/suggest.h"
#include "manifests/yaml_value.h"

namespace causeway {

std::vector<RawDocument> SplitDocuments(const std::string& file, const std::string& content,
                                        std::vector<Diagnostic>* diagnostics) {
  YamlStream stream = ParseYamlStream(content);
  if (stream.error) {
    diagnostics->push_back({LocationOf(file, stream.error->mark),
                            (stream.error->syntax ? "YAML syntax error: " : "cannot read YAML: ") +
                                stream.error->message});
    return {};
  }
  std::vector<RawDocument> out;
  for (auto& parsed : stream.documents) {
    const YamlNode root = parsed.root;
    if (root.IsNull()) continue;  // an empty document, e.g. after a trailing ---
    SourceLocation root_at = LocationOf(file, root.Mark());
    if (!root.IsMap()) {
      diagnostics->push_back(
          {root_at,
           "a document must be a mapping with kind, name and spec, got " + YamlShapeName(root)});
      continue;
    }
    RawDocument doc{file, std::move(parsed.tree), root, "", root_at, root_at};
    auto kind = FindMember(doc, "kind");
    if (!kind) {
      diagnostics->push_back(
          {root_at, "document has no 'kind': expected a resource kind, 'providers' or 'vars'"});
      continue;
    }
    if (!kind->value.IsScalar() || kind->value.Scalar().empty()) {
      diagnostics->push_back(
          {kind->value_at, "'kind' must be a resource kind, 'providers' or 'vars', got " +
                               YamlShapeName(kind->value)});
      continue;
    }
    doc.kind = kind->value.Scalar();
    doc.at = kind->key_at;
    doc.kind_value_at = kind->value_at;
    out.push_back(std::move(doc));
  }
  return out;
}

std::optional<Member> FindMember(const RawDocument& doc, const std::string& key) {
  for (auto it = doc.root.begin(); it != doc.root.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) {
      Member m{it->second, LocationOf(doc.file, it->first.Mark()), {}};
      m.value_at = it->second.IsNull() ? m.key_at : LocationOf(doc.file, it->second.Mark());
      return m;
    }
  }
  return std::nullopt;
}

void CheckDocumentKeys(const RawDocument& doc, const std::vector<std::string>& allowed,
                       const std::string& what, std::vector<Diagnostic>* diagnostics) {
  // A document has a handful of keys: a vector, and locations made only for a diagnostic.
  std::vector<const YamlNode*> seen;
  for (auto it = doc.root.begin(); it != doc.root.end(); ++it) {
    const std::string& key = it->first.Scalar();  // "" unless a scalar
    auto prev = std::find_if(seen.begin(), seen.end(),
                             [&key](const YamlNode* k) { return k->Scalar() == key; });
    if (prev != seen.end()) {
      diagnostics->push_back({LocationOf(doc.file, it->first.Mark()),
                              "duplicate key '" + key + "': already set at " +
                                  LocationOf(doc.file, (*prev)->Mark()).str()});
      continue;
    }
    seen.push_back(&it->first);
    bool known = false;
    for (const auto& a : allowed) known = known || a == key;
    if (known) continue;
    std::string suggestion = DidYouMean(key, allowed);
    diagnostics->push_back(
        {LocationOf(doc.file, it->first.Mark()),
         "unknown key '" + key + "' in " + what +
             (suggestion.empty() ? "; expected " + JoinOr(allowed) : suggestion)});
  }
}

std::string JoinOr(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace causeway

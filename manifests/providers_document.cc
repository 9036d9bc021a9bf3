// Provider configuration blocks and the literal-secret check.
#include "manifests/providers_document.h"

#include <algorithm>
#include <cctype>

#include "manifests/spec_validator.h"
#include "manifests/suggest.h"
#include "reconciler/core/reference.h"

namespace causeway {

namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

SourceLocation At(const std::map<std::string, SourceLocation>& m, const std::string& pointer) {
  auto it = m.find(pointer);
  return it == m.end() ? SourceLocation{} : it->second;
}

// Removes literal-secret keys from `v` (recursively), reporting each; `path` is the dotted name
// of `v` for messages ("providers.aws"), `pointer` its JSON pointer in `locations`.
void DropSecrets(Value* v, const std::string& path, const std::string& pointer,
                 const NodeLocations& locations, std::vector<Diagnostic>* diagnostics) {
  if (v->is_array()) {
    for (size_t i = 0; i < v->size(); ++i) {
      DropSecrets(&(*v)[i], path + "." + std::to_string(i), pointer + "/" + std::to_string(i),
                  locations, diagnostics);
    }
    return;
  }
  if (!v->is_object()) return;
  std::vector<std::string> secrets;
  for (auto it = v->begin(); it != v->end(); ++it) {
    const std::string child = pointer + "/" + EscapePointerToken(it.key());
    if (IsLiteralSecretKey(it.key())) {
      diagnostics->push_back(
          {At(locations.written, child), "literal secret '" + it.key() + "' in " + path +
                                             ": name an environment variable (" + it.key() +
                                             "_env) or a file instead"});
      secrets.push_back(it.key());
      continue;
    }
    DropSecrets(&it.value(), path + "." + it.key(), child, locations, diagnostics);
  }
  for (const auto& key : secrets) v->erase(key);
}

}  // namespace

bool IsLiteralSecretKey(const std::string& key) {
  std::string k = key;
  std::transform(k.begin(), k.end(), k.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (EndsWith(k, "_env") || EndsWith(k, "_file")) return false;
  for (const char* word : {"secret_access_key", "password", "token", "private_key", "secret"}) {
    if (k == word || EndsWith(k, std::string("_") + word)) return true;
  }
  return false;
}

void ParseProvidersDocument(const RawDocument& doc, const VarTable& vars,
                            const ProviderSettingsSchemas& settings,
                            std::map<std::string, Value>* providers,
                            std::vector<Diagnostic>* diagnostics) {
  CheckDocumentKeys(doc, {"kind", "spec"}, "providers document", diagnostics);
  auto spec = FindMember(doc, "spec");
  if (!spec) {
    diagnostics->push_back(
        {doc.at, "missing 'spec' for providers: expected a mapping of provider names to blocks"});
    return;
  }
  if (!spec->value.IsMap()) {
    diagnostics->push_back(
        {spec->value_at, "'spec' of providers must be a mapping of provider names to blocks, got " +
                             YamlShapeName(spec->value)});
    return;
  }
  NodeLocations locations;
  Value raw = YamlToValue(spec->value, doc.file, "", spec->key_at, &locations, diagnostics);
  for (auto it = raw.begin(); it != raw.end(); ++it) {
    const std::string pointer = "/" + EscapePointerToken(it.key());
    const std::string path = "providers." + it.key();
    auto schema = settings.find(it.key());
    if (!settings.empty() && schema == settings.end()) {
      std::vector<std::string> names;
      for (const auto& [name, _] : settings) names.push_back(name);
      std::string suggestion = DidYouMean(it.key(), names);
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
      diagnostics->push_back({At(locations.written, pointer),
                              "no provider named '" + it.key() + "'" +
                                  (suggestion.empty() ? "; known: " + known : suggestion)});
      continue;
    }
    Value block = it.value().is_null() ? Value::object() : it.value();
    if (!block.is_object()) {
      diagnostics->push_back(
          {At(locations.value, pointer),
           path + " must be a mapping of settings, got " + ValueTypeName(block)});
      continue;
    }
    DropSecrets(&block, path, pointer, locations, diagnostics);
    block = SubstituteVars(std::move(block), vars, locations, pointer, diagnostics);
    InheritLocations(block, pointer, &locations);
    for (const auto& ref : CollectReferences(block, nullptr)) {
      if (ref.is_var) continue;  // unknown variable: already reported
      diagnostics->push_back({At(locations.value, pointer + ref.json_path),
                              path + " cannot reference a resource (" + ref.str() +
                                  "): providers are configured before any resource exists"});
    }
    if (schema != settings.end() && !schema->second.kind.empty()) {
      ProviderSettingsSchema named = schema->second;
      named.kind = path;  // messages say "setting 'x' of providers.aws"
      ValidateSpec(block, named, path, locations, diagnostics,
                   {.pointer_prefix = pointer, .noun = "setting"});
    }
    (*providers)[it.key()] = block;
  }
}

}  // namespace causeway

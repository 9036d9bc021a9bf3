// The backend document: validation against a two-shape schema and the URL it stands for.
#include "manifests/backend_document.h"

#include "manifests/spec_validator.h"
#include "manifests/yaml_value.h"

namespace causeway {

namespace {

AttributeSchema Text(const std::string& name, bool required, const std::string& description) {
  AttributeSchema a;
  a.name = name;
  a.required = required;
  a.description = description;
  a.check = [](const Value& v) -> std::string {
    if (!v.is_string()) return "";
    return v.get<std::string>().find_first_of("?&") == std::string::npos
               ? ""
               : "a value without '?' or '&'";
  };
  return a;
}

const KindSchema& Schema() {
  static const KindSchema schema = [] {
    KindSchema k;
    k.kind = "backend";
    AttributeSchema s3;
    s3.name = "s3";
    s3.type = AttrType::kObject;
    s3.fields = {Text("bucket", true, "the bucket holding the state object"),
                 Text("key", true, "the state object's key"),
                 Text("region", false, "the bucket's region"),
                 Text("endpoint", false, "an S3-compatible endpoint URL, or sandbox"),
                 Text("profile", false, "the AWS profile whose credentials to use")};
    AttributeSchema git;
    git.name = "git";
    git.type = AttrType::kObject;
    git.fields = {Text("url", true, "the git remote (file://, ssh or https)"),
                  Text("branch", false, "the state branch")};
    k.attributes = {s3, git};
    return k;
  }();
  return schema;
}

std::string Field(const Value& block, const char* key) {
  return block.contains(key) && block[key].is_string() ? block[key].get<std::string>() : "";
}

}  // namespace

std::optional<BackendConfig> ParseBackendDocument(const RawDocument& doc,
                                                  std::vector<Diagnostic>* diagnostics) {
  const size_t before = diagnostics->size();
  CheckDocumentKeys(doc, {"kind", "spec"}, "backend document", diagnostics);
  auto spec = FindMember(doc, "spec");
  if (!spec || !spec->value.IsMap()) {
    diagnostics->push_back({spec ? spec->value_at : doc.at,
                            "'spec' of backend must be a mapping with one of s3 or git"});
    return std::nullopt;
  }
  NodeLocations locations;
  Value raw = YamlToValue(spec->value, doc.file, "", spec->key_at, &locations, diagnostics);
  ValidateSpec(raw, Schema(), "backend", locations, diagnostics);
  for (const auto& [block, fields] : raw.items()) {
    if (!fields.is_object()) continue;
    for (const auto& [name, value] : fields.items()) {
      if (!value.is_string() || value.get<std::string>().find("${") == std::string::npos) continue;
      auto at = locations.value.find("/" + block + "/" + name);
      diagnostics->push_back({at == locations.value.end() ? spec->key_at : at->second,
                              "backend." + block + "." + name +
                                  ": expected a literal value (the backend is read before "
                                  "variables and resources exist)"});
    }
  }
  if (diagnostics->size() != before) return std::nullopt;
  if (raw.size() != 1) {
    diagnostics->push_back({spec->key_at, "backend: give exactly one of s3 or git (got " +
                                              std::string(raw.empty() ? "neither" : "both") + ")"});
    return std::nullopt;
  }
  BackendConfig out;
  out.at = doc.at;
  if (raw.contains("git")) {
    out.url = Field(raw["git"], "url");
    out.branch = Field(raw["git"], "branch");
    return out;
  }
  const Value& s3 = raw["s3"];
  out.url = "s3://" + Field(s3, "bucket") + "/" + Field(s3, "key");
  std::string query;
  for (const char* key : {"region", "endpoint", "profile"}) {
    if (Field(s3, key).empty()) continue;
    query += std::string(query.empty() ? "?" : "&") + key + "=" + Field(s3, key);
  }
  out.url += query;
  return out;
}

std::optional<BackendConfig> FindBackend(
    const std::vector<std::pair<std::string, std::string>>& files,
    std::vector<Diagnostic>* diagnostics) {
  const size_t before = diagnostics->size();
  std::optional<BackendConfig> found;
  for (const auto& [name, content] : files) {
    // Only files that can hold one are parsed: the others may be large (a whole estate).
    if (content.find("backend") == std::string::npos) continue;
    std::vector<Diagnostic> ignored;  // syntax errors are the loader's to report
    for (const auto& doc : SplitDocuments(name, content, &ignored)) {
      if (doc.kind != "backend") continue;
      if (found.has_value()) {
        diagnostics->push_back(
            {doc.at, "duplicate backend document: already declared at " + found->at.str()});
        continue;
      }
      found = ParseBackendDocument(doc, diagnostics);
      if (!found.has_value()) return std::nullopt;
    }
  }
  return diagnostics->size() == before ? found : std::nullopt;
}

}  // namespace causeway

// One YAML document of a manifest file, before it is interpreted: the file it came from, its
// root mapping and its `kind`. Splitting a file into documents reports YAML syntax errors,
// documents that are not mappings and documents without a kind; empty documents are skipped.
// Also the key lookup shared by the document parsers. Thread-safety: pure functions.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "manifests/manifest.h"
#include "manifests/yaml_tree.h"

namespace causeway {

struct RawDocument {
  std::string file;
  std::shared_ptr<const YamlTree> tree;  // owns root's nodes
  YamlNode root;                         // a mapping
  std::string kind;                      // "providers", "vars" or a resource kind
  SourceLocation at;                     // the `kind:` key
  SourceLocation kind_value_at;          // the kind's value
};

// The documents of one file, in order. A syntax error ends the file (the parser cannot resume).
std::vector<RawDocument> SplitDocuments(const std::string& file, const std::string& content,
                                        std::vector<Diagnostic>* diagnostics);

// A top-level member of a document.
struct Member {
  YamlNode value;
  SourceLocation key_at;
  SourceLocation value_at;  // the key's location when the value is empty
};

// The member `key` of `doc`, if present.
std::optional<Member> FindMember(const RawDocument& doc, const std::string& key);

// Reports top-level keys of `doc` not in `allowed` (suggesting the nearest) and keys given
// twice. `what` names the document in messages ("resource document").
void CheckDocumentKeys(const RawDocument& doc, const std::vector<std::string>& allowed,
                       const std::string& what, std::vector<Diagnostic>* diagnostics);

// "a, b or c".
std::string JoinOr(const std::vector<std::string>& items);

}  // namespace causeway

// YamlNode / YamlDocument: a compact, read-only YAML tree built from libfyaml's parser events
// (manifests and var files are parsed nowhere else). The scanner and parser, and therefore every
// syntax error, its message and its position, are libfyaml's; only the node representation is
// ours: one deque of nodes per document instead of a general-purpose tree (yaml-cpp's
// YAML::Node cost 8 KB per manifest resource, bench/RESULTS.md). Its interface is the subset of
// YAML::Node the manifest loader was written against, with the same meaning: plain scalars
// keep the non-specific tag "?", quoted and block ones "!"; `~`, `null` (any casing yaml-cpp
// took) and empty values are null nodes; aliases share their anchor's node; mapping members
// keep document order, duplicates included (the loader reports them); marks are 0-based and
// point where the node is written (its anchor or tag if any, the quote, the block indicator).
// Lifetime: a YamlNode is a handle into its document's tree and is valid while the YamlDocument
// (its `tree`) lives. Thread-safety: immutable once parsed; parsing shares no state.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace causeway {

// 0-based position (column in characters); -1 when unknown.
struct YamlMark {
  int line = -1;
  int column = -1;
};

struct YamlData;
struct YamlEntry;

class YamlNode {
 public:
  YamlNode() = default;  // undefined (and null)
  explicit YamlNode(const YamlData* d) : d_(d) {}

  bool IsDefined() const { return d_ != nullptr; }
  bool IsNull() const;
  bool IsScalar() const;
  bool IsSequence() const;
  bool IsMap() const;
  const std::string& Scalar() const;  // "" unless a scalar
  const std::string& Tag() const;
  YamlMark Mark() const;
  size_t size() const;
  // Sequences iterate their items (each entry is the item); mappings their members (entry.first
  // is the key, entry.second the value).
  std::vector<YamlEntry>::const_iterator begin() const;
  std::vector<YamlEntry>::const_iterator end() const;

 private:
  const YamlData* d_ = nullptr;
};

struct YamlEntry : YamlNode {
  YamlEntry(YamlNode item, YamlNode key, YamlNode value)
      : YamlNode(item), first(key), second(value) {}
  YamlNode first;
  YamlNode second;
};

enum class YamlType { kNull, kScalar, kSequence, kMap };

struct YamlData {
  YamlType type = YamlType::kNull;
  YamlMark mark;
  std::string tag;
  std::string scalar;
  std::vector<YamlEntry> entries;
};

// The nodes of one document; deque so that handles stay valid while it grows.
struct YamlTree {
  std::deque<YamlData> nodes;
};

struct YamlDocument {
  std::shared_ptr<const YamlTree> tree;
  YamlNode root;  // a null node for an empty document
};

struct YamlError {
  YamlMark mark;
  std::string message;  // libfyaml's message, e.g. "missing comma in flow mapping", or ours
  bool syntax = true;   // false for input refused though it parses (encoding, aliases, depth)
};

struct YamlStream {
  std::vector<YamlDocument> documents;
  std::optional<YamlError> error;  // set: `documents` is empty (the parser cannot resume)
};

// Every document of `text`, like YAML::LoadAll. Refused, besides syntax errors: text that is
// not UTF-8, an alias naming no anchor before it or inside the node it names, aliases standing
// for more than 1,000,000 values beyond the nodes written, nesting beyond 500 levels (aliases
// counted as what they stand for).
YamlStream ParseYamlStream(const std::string& text);
// The first document of `text` (an undefined root when there is none), like YAML::Load: later
// documents are not read, so their errors are not reported.
YamlStream ParseYamlFirstDocument(const std::string& text);

inline bool YamlNode::IsNull() const { return d_ == nullptr || d_->type == YamlType::kNull; }
inline bool YamlNode::IsScalar() const { return d_ != nullptr && d_->type == YamlType::kScalar; }
inline bool YamlNode::IsSequence() const {
  return d_ != nullptr && d_->type == YamlType::kSequence;
}
inline bool YamlNode::IsMap() const { return d_ != nullptr && d_->type == YamlType::kMap; }
inline YamlMark YamlNode::Mark() const { return d_ == nullptr ? YamlMark{} : d_->mark; }
inline size_t YamlNode::size() const { return d_ == nullptr ? 0 : d_->entries.size(); }

}  // namespace causeway

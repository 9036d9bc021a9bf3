// Builds YamlTree documents from yaml-cpp parser events (YAML::Parser + YAML::EventHandler), the
// same events yaml-cpp's own NodeBuilder turns into YAML::Node trees. It also refuses the
// hostile inputs that yaml-cpp accepts but that would sink whoever walks the tree: an alias
// inside the node it names (a cycle: endless recursion) and aliases that multiply into more
// values than the file holds (a "billion laughs": a dozen lines standing for 10^9 values), and
// scalars that are not UTF-8.
#include "manifests/yaml_tree.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <sstream>
#include <unordered_map>

#include "reconciler/core/utf8.h"

namespace causeway {

namespace {

const std::string kEmpty;
const std::vector<YamlEntry> kNoEntries;

// How many values aliases may add to a file beyond the nodes written in it. Legitimate reuse
// (shared tags, a policy statement repeated per resource) stays far below; a billion-laughs
// file reaches it after a few nested levels, with memory bounded by the file's own size.
constexpr uint64_t kAliasValueAllowance = 1000000;

// Thrown from an event handler to stop yaml-cpp's parser; caught in Parse() below.
struct RefusedYaml {
  YamlMark mark;
  std::string message;
};

YamlMark MarkOf(const YAML::Mark& m) { return {m.line, m.column}; }

class TreeBuilder : public YAML::EventHandler {
 public:
  YamlDocument Take() {
    YamlDocument d{std::move(tree_), root_};
    tree_.reset();
    root_ = YamlNode();
    return d;
  }

  void OnDocumentStart(const YAML::Mark&) override {
    tree_ = std::make_shared<YamlTree>();
    anchors_.clear();
    open_.clear();
    root_ = YamlNode();
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Add(YamlNode(New(YamlType::kNull, mark, kEmpty, kEmpty)), anchor, 1);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      Add(YamlNode(), YAML::NullAnchor, 1);
      return;
    }
    const Anchored& a = it->second;
    if (a.open) {
      throw RefusedYaml{MarkOf(mark),
                        "this alias is inside the node its anchor names; recursive structures "
                        "cannot be read as values"};
    }
    alias_values_ += a.values;
    if (alias_values_ > kAliasValueAllowance + written_) {
      throw RefusedYaml{MarkOf(mark), "aliases expand this file to more than " +
                                          std::to_string(kAliasValueAllowance + written_) +
                                          " values (a \"billion laughs\"?); write the repeated "
                                          "values out or nest fewer aliases"};
    }
    Add(a.node, YAML::NullAnchor, a.values);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    // yaml-cpp passes bytes through as they are, so a Latin-1 file would reach the state file.
    if (!IsUtf8(value)) {
      throw RefusedYaml{MarkOf(mark), "this value is not UTF-8 text; save the file as UTF-8"};
    }
    Add(YamlNode(New(YamlType::kScalar, mark, tag, value)), anchor, 1);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(YamlType::kSequence, mark, tag, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(YamlType::kMap, mark, tag, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct OpenContainer {
    YamlData* data;
    YAML::anchor_t anchor;
    uint64_t values = 1;  // this node and everything under it, aliases expanded
    YamlNode key;         // a mapping's key waiting for its value
    bool has_key = false;
  };
  struct Anchored {
    YamlNode node;
    uint64_t values = 1;  // as in OpenContainer; final once the node is closed
    bool open = false;    // a container whose end has not been read yet
  };

  YamlData* New(YamlType type, const YAML::Mark& mark, const std::string& tag,
                const std::string& scalar) {
    YamlData& d = tree_->nodes.emplace_back();
    d.type = type;
    d.mark = MarkOf(mark);
    d.tag = tag;
    d.scalar = scalar;
    ++written_;
    return &d;
  }

  void Open(YamlType type, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    YamlData* d = New(type, mark, tag, kEmpty);
    AddToParent(YamlNode(d));
    if (anchor != YAML::NullAnchor) anchors_[anchor] = {YamlNode(d), 1, true};
    open_.push_back({d, anchor, 1, YamlNode(), false});
  }

  void Close() {
    const OpenContainer closed = open_.back();
    open_.pop_back();
    if (closed.anchor != YAML::NullAnchor) {
      anchors_[closed.anchor] = {YamlNode(closed.data), closed.values, false};
    }
    if (!open_.empty()) open_.back().values += closed.values;
  }

  // A scalar, null or alias: complete when added, `values` counting what it stands for.
  void Add(YamlNode node, YAML::anchor_t anchor, uint64_t values) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = {node, values, false};
    if (!open_.empty()) open_.back().values += values;
    AddToParent(node);
  }

  void AddToParent(YamlNode node) {
    if (open_.empty()) {
      root_ = node;
      return;
    }
    OpenContainer& top = open_.back();
    if (top.data->type == YamlType::kSequence) {
      top.data->entries.emplace_back(node, YamlNode(), YamlNode());
    } else if (!top.has_key) {
      top.key = node;
      top.has_key = true;
    } else {
      top.data->entries.emplace_back(YamlNode(), top.key, node);
      top.has_key = false;
    }
  }

  std::shared_ptr<YamlTree> tree_;
  YamlNode root_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  std::vector<OpenContainer> open_;
  uint64_t written_ = 0;       // nodes read from the file, all documents so far
  uint64_t alias_values_ = 0;  // values that aliases stand for, all documents so far
};

YamlStream Parse(const std::string& text, bool first_only) {
  YamlStream out;
  std::stringstream in(text);
  TreeBuilder builder;
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
      out.documents.push_back(builder.Take());
      if (first_only) break;
    }
  } catch (const RefusedYaml& e) {
    out.documents.clear();
    out.error = YamlError{e.mark, e.message, false};
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own message for this is "bad file".
    out.documents.clear();
    out.error =
        YamlError{MarkOf(e.mark),
                  "mappings and sequences nested more than " + std::to_string(e.depth() - 1) +
                      " levels deep, deeper than yaml-cpp reads",
                  false};
  } catch (const YAML::ParserException& e) {
    out.documents.clear();
    out.error = YamlError{MarkOf(e.mark), e.msg, true};
  } catch (const YAML::Exception& e) {
    out.documents.clear();
    out.error = YamlError{MarkOf(e.mark), e.msg, false};
  }
  if (first_only && out.documents.empty() && !out.error) out.documents.emplace_back();
  return out;
}

}  // namespace

const std::string& YamlNode::Scalar() const { return IsScalar() ? d_->scalar : kEmpty; }
const std::string& YamlNode::Tag() const { return d_ == nullptr ? kEmpty : d_->tag; }
std::vector<YamlEntry>::const_iterator YamlNode::begin() const {
  return d_ == nullptr ? kNoEntries.begin() : d_->entries.begin();
}
std::vector<YamlEntry>::const_iterator YamlNode::end() const {
  return d_ == nullptr ? kNoEntries.end() : d_->entries.end();
}

YamlStream ParseYamlStream(const std::string& text) { return Parse(text, false); }
YamlStream ParseYamlFirstDocument(const std::string& text) { return Parse(text, true); }

}  // namespace causeway

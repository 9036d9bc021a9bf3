// Builds YamlTree documents from yaml-cpp parser events (YAML::Parser + YAML::EventHandler), the
// same events yaml-cpp's own NodeBuilder turns into YAML::Node trees.
#include "manifests/yaml_tree.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <sstream>
#include <unordered_map>

namespace causeway {

namespace {

const std::string kEmpty;
const std::vector<YamlEntry> kNoEntries;

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
    Add(YamlNode(New(YamlType::kNull, mark, kEmpty, kEmpty)), anchor);
  }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    Add(it == anchors_.end() ? YamlNode() : it->second, YAML::NullAnchor);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Add(YamlNode(New(YamlType::kScalar, mark, tag, value)), anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(YamlType::kSequence, mark, tag, anchor);
  }
  void OnSequenceEnd() override { open_.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(YamlType::kMap, mark, tag, anchor);
  }
  void OnMapEnd() override { open_.pop_back(); }

 private:
  struct OpenContainer {
    YamlData* data;
    YamlNode key;  // a mapping's key waiting for its value
    bool has_key = false;
  };

  YamlData* New(YamlType type, const YAML::Mark& mark, const std::string& tag,
                const std::string& scalar) {
    YamlData& d = tree_->nodes.emplace_back();
    d.type = type;
    d.mark = MarkOf(mark);
    d.tag = tag;
    d.scalar = scalar;
    return &d;
  }

  void Open(YamlType type, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    YamlData* d = New(type, mark, tag, kEmpty);
    Add(YamlNode(d), anchor);
    open_.push_back({d, YamlNode(), false});
  }

  void Add(YamlNode node, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = node;
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
  std::unordered_map<YAML::anchor_t, YamlNode> anchors_;
  std::vector<OpenContainer> open_;
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
  } catch (const YAML::ParserException& e) {
    out.documents.clear();
    out.error = YamlError{MarkOf(e.mark), e.msg, e.what(), true};
  } catch (const YAML::Exception& e) {
    out.documents.clear();
    out.error = YamlError{MarkOf(e.mark), e.msg, e.what(), false};
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

// Builds YamlTree documents from libfyaml's parser events (fy_parser_parse). libfyaml is the
// scanner and parser, so every syntax error, its message and its position are libfyaml's; its
// diagnostics are collected here (never printed) and returned as a YamlError. On top of the
// parser this file refuses the inputs that parse but would sink whoever walks the tree or
// writes its values: an alias inside the node it names (a cycle: endless recursion), aliases
// that multiply into more values than the file holds (a "billion laughs": a dozen lines standing
// for 10^9 values), nesting deeper than kMaxDepth (the walkers recurse), aliases naming no
// anchor, and text that is not UTF-8 or holds a NUL byte (libfyaml refuses most malformed
// bytes, but drops some without a word: a leading Latin-1 byte can empty a whole document, and
// a NUL ends the text).
#include "manifests/yaml_tree.h"

#include <libfyaml.h>

#include <algorithm>
#include <cctype>
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

// Mappings and sequences nested deeper than this are refused, aliases counted as the nodes they
// stand for: the loader converts trees recursively. Manifests nest a handful of levels.
constexpr size_t kMaxDepth = 500;

constexpr size_t kNoPosition = std::string::npos;

// A refusal found while building: ends the parse.
struct Refusal {
  YamlMark mark;
  std::string message;
  bool syntax = false;
};

// A node's start in the text: mark plus byte offset, to pick the earliest of several tokens.
struct Position {
  YamlMark mark;
  size_t offset = kNoPosition;
};

// Where `token` starts; `sigil` is 1 for anchors and aliases, whose token libfyaml places after
// the '&' or '*' (which always immediately precedes the name, on the same line).
Position StartOf(fy_token* token, int sigil = 0) {
  const fy_mark* m = token == nullptr ? nullptr : fy_token_start_mark(token);
  if (m == nullptr) return {};
  return {{m->line, m->column - sigil}, m->input_pos - sigil};
}

Position Earliest(Position a, Position b) {
  if (a.offset == kNoPosition) return b;
  if (b.offset == kNoPosition) return a;
  return a.offset <= b.offset ? a : b;
}

std::string TextOf(fy_token* token) {
  size_t len = 0;
  const char* text = token == nullptr ? nullptr : fy_token_get_text(token, &len);
  return text == nullptr ? std::string() : std::string(text, len);
}

// Where the header of the block scalar whose content starts at `content` begins: libfyaml
// places the token on the line after the header, yaml-cpp (and the user) at the '|' or '>'.
// The header ends its line: the indicator, at most two of [0-9+-], then blanks and perhaps a
// comment; it is searched from `after` (the end of what precedes the node) on that line.
Position BlockHeaderAt(const std::string& text, const fy_mark& content, size_t after) {
  size_t end = std::min<size_t>(content.input_pos, text.size());
  int line = content.line;
  if (end > 0 && text[end - 1] == '\n') {
    --end;
    --line;
    if (end > 0 && text[end - 1] == '\r') --end;
  }
  const size_t start = end == 0 ? 0 : text.rfind('\n', end - 1) + 1;  // npos + 1 == 0
  auto blank = [&text](size_t i) { return text[i] == ' ' || text[i] == '\t'; };
  for (size_t i = std::max(start, after); i < end; ++i) {
    if ((text[i] != '|' && text[i] != '>') || (i > start && !blank(i - 1))) continue;
    size_t j = i + 1;
    while (
        j < end && j - i <= 2 &&
        (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '+' || text[j] == '-')) {
      ++j;
    }
    if (j < end && !blank(j)) continue;
    while (j < end && blank(j)) ++j;
    if (j < end && text[j] != '#') continue;
    int column = 0;
    for (size_t k = start; k < i; ++k) column += (text[k] & 0xC0) != 0x80;
    return {{line, column}, i};
  }
  return {};
}

// yaml-cpp's rule, which the loader was written against: an untagged plain scalar spelling
// nothing (or ~, null, Null, NULL) is a null node.
bool IsNullText(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

class TreeBuilder {
 public:
  // `text`: what libfyaml parses, outliving the builder; `bad_utf8`: the offset of its first
  // byte that was not UTF-8 (replaced before parsing), or kNoPosition.
  TreeBuilder(const std::string& text, size_t bad_utf8) : text_(text), bad_utf8_(bad_utf8) {}

  // Consumes one event; false when the input is refused (see refusal()).
  bool On(fy_event* ev) {
    if (const fy_mark* m = fy_event_start_mark(ev)) GiveMarkToPending({m->line, m->column});
    const bool ok = Build(ev);
    if (const fy_mark* m = fy_event_end_mark(ev)) previous_end_ = m->input_pos;
    return ok;
  }

  YamlDocument Take() {
    YamlDocument d{std::move(tree_), root_};
    tree_.reset();
    root_ = YamlNode();
    pending_marks_.clear();
    return d;
  }

  const Refusal& refusal() const { return refusal_; }

 private:
  struct OpenContainer {
    YamlData* data;
    std::string anchor;   // empty: none
    uint64_t values = 1;  // this node and everything under it, aliases expanded
    size_t height = 1;    // container levels from this one down, aliases expanded
    size_t offset;        // where it starts in the text (kNoPosition: not known yet)
    YamlNode key;         // a mapping's key waiting for its value
    bool has_key = false;
  };
  struct Anchored {
    YamlNode node;
    uint64_t values = 1;  // as in OpenContainer; final once the node is closed
    size_t height = 0;    // as in OpenContainer; 0 for a scalar
    bool open = false;    // a container whose end has not been read yet
  };

  bool Build(fy_event* ev) {
    switch (ev->type) {
      case FYET_DOCUMENT_START:
        tree_ = std::make_shared<YamlTree>();
        anchors_.clear();
        open_.clear();
        pending_marks_.clear();
        root_ = YamlNode();
        return true;
      case FYET_SCALAR:
        return OnScalar(ev);
      case FYET_ALIAS:
        return OnAlias(ev);
      case FYET_SEQUENCE_START:
      case FYET_MAPPING_START:
        return Open(ev);
      case FYET_SEQUENCE_END:
      case FYET_MAPPING_END:
        Close();
        return true;
      default:  // stream start and end, document end
        return true;
    }
  }

  bool Refuse(YamlMark mark, std::string message, bool syntax = false) {
    refusal_ = {mark, std::move(message), syntax};
    return false;
  }

  bool RefuseDepth(YamlMark mark) {
    return Refuse(mark, "mappings and sequences nested more than " + std::to_string(kMaxDepth) +
                            " levels deep, deeper than Causeway reads");
  }

  // Where a node with these properties and main token starts: at its anchor or tag when it has
  // them, as in yaml-cpp. Nodes without any token (an empty value) take the next event's mark.
  YamlData* New(YamlType type, fy_event* ev, Position main, std::string tag, std::string scalar) {
    YamlData& d = tree_->nodes.emplace_back();
    d.type = type;
    const Position at = Earliest(
        Earliest(StartOf(fy_event_get_anchor_token(ev), 1), StartOf(fy_event_get_tag_token(ev))),
        main);
    d.mark = at.mark;
    last_at_ = at;
    if (at.offset == kNoPosition) pending_marks_.push_back(&d);
    d.tag = std::move(tag);
    d.scalar = std::move(scalar);
    ++written_;
    return &d;
  }

  void GiveMarkToPending(YamlMark mark) {
    for (YamlData* d : pending_marks_) d->mark = mark;
    pending_marks_.clear();
  }

  bool OnScalar(fy_event* ev) {
    fy_token* value = ev->scalar.value;
    fy_token* tag_token = ev->scalar.tag;
    std::string text = TextOf(value);
    const fy_scalar_style style = fy_token_scalar_style(value);
    const bool plain = style == FYSS_PLAIN;
    std::string tag = tag_token != nullptr ? TextOf(tag_token) : plain ? "?" : "!";
    const bool null = plain && tag_token == nullptr && IsNullText(text);
    // libfyaml's token starts inside the quotes, and on the line after a block header.
    Position at = StartOf(value, style == FYSS_SINGLE_QUOTED || style == FYSS_DOUBLE_QUOTED);
    const fy_mark* start = value == nullptr ? nullptr : fy_token_start_mark(value);
    if (start != nullptr && (style == FYSS_LITERAL || style == FYSS_FOLDED)) {
      at = Earliest(BlockHeaderAt(text_, *start, previous_end_), at);
    }
    YamlData* d = null ? New(YamlType::kNull, ev, at, std::move(tag), "")
                       : New(YamlType::kScalar, ev, at, std::move(tag), std::move(text));
    if (bad_utf8_ != kNoPosition && value != nullptr) {
      const fy_mark* end = fy_token_end_mark(value);
      if (start != nullptr && end != nullptr && start->input_pos <= bad_utf8_ &&
          bad_utf8_ < end->input_pos) {
        return Refuse(d->mark, "this value is not UTF-8 text; save the file as UTF-8");
      }
    }
    Add(YamlNode(d), TextOf(ev->scalar.anchor), 1, 0);
    return true;
  }

  bool OnAlias(fy_event* ev) {
    const Position at = StartOf(ev->alias.anchor, 1);
    const std::string name = TextOf(ev->alias.anchor);
    auto it = anchors_.find(name);
    if (it == anchors_.end()) {
      return Refuse(
          at.mark,
          "alias *" + name + " names no anchor (&" + name + ") written before it in this document",
          true);
    }
    const Anchored& a = it->second;
    if (a.open) {
      return Refuse(at.mark,
                    "this alias is inside the node its anchor names; recursive structures "
                    "cannot be read as values");
    }
    alias_values_ += a.values;
    if (alias_values_ > kAliasValueAllowance + written_) {
      return Refuse(at.mark, "aliases expand this file to more than " +
                                 std::to_string(kAliasValueAllowance + written_) +
                                 " values (a \"billion laughs\"?); write the repeated values "
                                 "out or nest fewer aliases");
    }
    if (open_.size() + a.height > kMaxDepth) return RefuseDepth(at.mark);
    last_at_ = at;
    Add(a.node, "", a.values, a.height);
    return true;
  }

  bool Open(fy_event* ev) {
    const bool seq = ev->type == FYET_SEQUENCE_START;
    YamlData* d = New(
        seq ? YamlType::kSequence : YamlType::kMap, ev,
        StartOf(seq ? ev->sequence_start.sequence_start : ev->mapping_start.mapping_start), "", "");
    fy_token* tag_token = fy_event_get_tag_token(ev);
    d->tag = tag_token != nullptr ? TextOf(tag_token) : "?";
    if (open_.size() + 1 > kMaxDepth) return RefuseDepth(d->mark);
    const Position at = last_at_;
    AddToParent(YamlNode(d));
    std::string anchor = TextOf(fy_event_get_anchor_token(ev));
    if (!anchor.empty()) anchors_[anchor] = {YamlNode(d), 1, 1, true};
    open_.push_back({d, std::move(anchor), 1, 1, at.offset, YamlNode(), false});
    return true;
  }

  void Close() {
    if (open_.empty()) return;  // libfyaml pairs start and end events
    const OpenContainer closed = open_.back();
    open_.pop_back();
    if (!closed.anchor.empty()) {
      anchors_[closed.anchor] = {YamlNode(closed.data), closed.values, closed.height, false};
    }
    if (!open_.empty()) {
      open_.back().values += closed.values;
      open_.back().height = std::max(open_.back().height, closed.height + 1);
    }
  }

  // A scalar, null or alias: complete when added, `values` counting what it stands for and
  // `height` the container levels it holds.
  void Add(YamlNode node, const std::string& anchor, uint64_t values, size_t height) {
    if (!anchor.empty()) anchors_[anchor] = {node, values, height, false};
    if (!open_.empty()) {
      open_.back().values += values;
      open_.back().height = std::max(open_.back().height, height + 1);
    }
    AddToParent(node);
  }

  // Adds the node last created or aliased (written at last_at_).
  void AddToParent(YamlNode node) {
    if (open_.empty()) {
      root_ = node;
      return;
    }
    OpenContainer& top = open_.back();
    if (top.data->type == YamlType::kSequence) {
      top.data->entries.emplace_back(node, YamlNode(), YamlNode());
    } else if (!top.has_key) {
      // A mapping without braces inside a flow sequence ("[a: b]") starts at its first key, not
      // where libfyaml places it (at the ':'), as in yaml-cpp.
      if (top.data->entries.empty() && last_at_.offset < top.offset) {
        top.data->mark = last_at_.mark;
        top.offset = last_at_.offset;
      }
      top.key = node;
      top.has_key = true;
    } else {
      top.data->entries.emplace_back(YamlNode(), top.key, node);
      top.has_key = false;
    }
  }

  const std::string& text_;
  const size_t bad_utf8_;
  size_t previous_end_ = 0;  // byte offset where the previous event's token ended
  Position last_at_;         // where the node last created or aliased is written
  std::shared_ptr<YamlTree> tree_;
  YamlNode root_;
  std::unordered_map<std::string, Anchored> anchors_;
  std::vector<OpenContainer> open_;
  std::vector<YamlData*> pending_marks_;  // nodes waiting for the next event's mark
  uint64_t written_ = 0;                  // nodes read from the file, all documents so far
  uint64_t alias_values_ = 0;             // values that aliases stand for, all documents so far
  Refusal refusal_;
};

// Replaces every byte of `text` that is not part of a well-formed UTF-8 character with 'x' (a
// letter: never a YAML indicator, so the structure around it parses as written) and returns
// the offset of the first, or kNoPosition. Only called once IsUtf8 has said no: IsUtf8 judges
// each character; the lead byte only says how long the character claims to be.
size_t ReplaceInvalidUtf8(std::string* text) {
  size_t first = kNoPosition;
  size_t i = 0;
  while (i < text->size()) {
    const auto lead = static_cast<unsigned char>((*text)[i]);
    const size_t len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (i + len <= text->size() && IsUtf8(std::string_view(*text).substr(i, len))) {
      i += len;
      continue;
    }
    if (first == kNoPosition) first = i;
    (*text)[i++] = 'x';
  }
  return first;
}

// The 0-based line and column (in characters, as libfyaml counts) of byte `offset`.
YamlMark MarkAt(const std::string& text, size_t offset) {
  YamlMark m{0, 0};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++m.line;
      m.column = 0;
    } else if ((c & 0xC0) != 0x80) {
      ++m.column;
    }
  }
  return m;
}

// One libfyaml parser over a string, with a diagnostics object that collects its errors (and
// keeps the text of the few it reports without a position) instead of printing them.
class EventParser {
 public:
  explicit EventParser(const std::string& text) {
    fy_diag_cfg dc;
    fy_diag_cfg_default(&dc);
    dc.fp = nullptr;
    dc.output_fn = &EventParser::Output;
    dc.user = this;
    dc.level = FYET_ERROR;
    dc.colorize = false;
    diag_ = fy_diag_create(&dc);
    if (diag_ != nullptr) fy_diag_set_collect_errors(diag_, true);
    fy_parse_cfg cfg{};
    cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_JSON_NONE);
    cfg.diag = diag_;
    if (diag_ != nullptr) parser_ = fy_parser_create(&cfg);
    if (parser_ != nullptr && fy_parser_set_string(parser_, text.data(), text.size()) != 0) {
      fy_parser_destroy(parser_);
      parser_ = nullptr;
    }
  }
  ~EventParser() {
    if (parser_ != nullptr) fy_parser_destroy(parser_);
    if (diag_ != nullptr) fy_diag_destroy(diag_);
  }
  EventParser(const EventParser&) = delete;
  EventParser& operator=(const EventParser&) = delete;

  bool ok() const { return parser_ != nullptr; }
  // The next event (freed by the caller with Free), or null at the end or at an error.
  fy_event* Next() { return fy_parser_parse(parser_); }
  void Free(fy_event* ev) { fy_parser_event_free(parser_, ev); }
  bool failed() const { return fy_parser_get_stream_error(parser_); }

  // The first error libfyaml reported; `fallback` when it gave no position.
  YamlError Error(YamlMark fallback) const {
    void* iter = nullptr;
    while (fy_diag_error* e = fy_diag_errors_iterate(diag_, &iter)) {
      if (e->type < FYET_ERROR || e->msg == nullptr) continue;
      YamlError out{fallback, e->msg, true};
      if (e->line > 0 && e->column > 0) out.mark = {e->line - 1, e->column - 1};  // 1-based
      return out;
    }
    // Unpositioned reports arrive as "[ERR]: message\n".
    std::string text = output_;
    if (text.rfind("[ERR]: ", 0) == 0) text.erase(0, 7);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (text.empty()) text = "the YAML parser stopped without saying why";
    return {fallback, text, true};
  }

 private:
  static void Output(fy_diag*, void* user, const char* buf, size_t len) {
    static_cast<EventParser*>(user)->output_.append(buf, len);
  }

  fy_diag* diag_ = nullptr;
  fy_parser* parser_ = nullptr;
  std::string output_;
};

YamlStream Parse(const std::string& original, bool first_only) {
  YamlStream out;
  std::string replaced;
  size_t bad_utf8 = kNoPosition;
  if (!IsUtf8(original)) {
    replaced = original;
    bad_utf8 = ReplaceInvalidUtf8(&replaced);
  }
  const std::string& text = bad_utf8 == kNoPosition ? original : replaced;
  auto fail = [&out](YamlError e) {
    out.documents.clear();
    out.error = std::move(e);
    return std::move(out);
  };
  // libfyaml takes a NUL for the end of the text and drops what follows without a word.
  if (const size_t nul = text.find('\0'); nul != std::string::npos && bad_utf8 == kNoPosition) {
    return fail({MarkAt(text, nul),
                 "this line holds a NUL byte, which YAML text cannot contain (is the file "
                 "UTF-16, or not text?)",
                 false});
  }

  EventParser parser(text);
  if (!parser.ok()) return fail({{}, "the YAML parser could not be created", false});
  TreeBuilder builder(text, bad_utf8);
  YamlMark last;         // the last position an event reported
  size_t read_upto = 0;  // bytes the events so far cover
  bool stopped = false;  // the first document is read and later ones are not wanted
  while (fy_event* ev = parser.Next()) {
    if (const fy_mark* m = fy_event_end_mark(ev)) {
      last = {m->line, m->column};
      read_upto = std::max(read_upto, m->input_pos);
    }
    const bool ok = builder.On(ev);
    const bool document_end = ev->type == FYET_DOCUMENT_END;
    parser.Free(ev);
    if (!ok) {
      const Refusal& r = builder.refusal();
      return fail({r.mark, r.message, r.syntax});
    }
    if (document_end) {
      out.documents.push_back(builder.Take());
      if (first_only) {
        stopped = true;
        break;
      }
    }
  }
  if (!stopped && parser.failed()) return fail(parser.Error(last));
  if (bad_utf8 != kNoPosition && (!stopped || bad_utf8 < read_upto)) {
    // Not inside a value (a comment, say): the byte itself.
    return fail(
        {MarkAt(text, bad_utf8), "this line is not UTF-8 text; save the file as UTF-8", false});
  }
  if (first_only && out.documents.empty()) out.documents.emplace_back();
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

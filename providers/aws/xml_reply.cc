// DecodeXmlReply: pugixml elements to a Value.
#include "providers/aws/xml_reply.h"

#include <pugixml.hpp>

namespace causeway::aws {

namespace {

// Deeper than any AWS reply; bounds the recursion on a hostile one.
constexpr int kMaxDepth = 64;

Result<Value> Decode(const pugi::xml_node& node, const std::set<std::string>& lists,
                     const std::string& source, int depth) {
  if (depth > kMaxDepth) {
    return Status::ProviderError(source + ": the response nests deeper than " +
                                 std::to_string(kMaxDepth) + " elements");
  }
  Value object = Value::object();
  std::string text;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      text += c.value();
      continue;
    }
    if (c.type() != pugi::node_element) continue;
    std::string name = c.name();
    if (lists.count(name) == 0 && object.contains(name)) continue;
    CW_ASSIGN_OR_RETURN(Value v, Decode(c, lists, source, depth + 1));
    if (lists.count(name) == 0) {
      object[name] = std::move(v);
      continue;
    }
    Value& list = object[name];
    if (!list.is_array()) list = Value::array();
    list.push_back(std::move(v));
  }
  if (!object.empty()) return object;
  // pugixml drops whitespace-only text by default, so indentation never reads as a value.
  return text.empty() ? Value() : Value(text);
}

}  // namespace

Result<Value> DecodeXmlReply(const std::string& body, const std::string& source,
                             const std::set<std::string>& lists) {
  pugi::xml_document doc;
  pugi::xml_node root;
  if (doc.load_buffer(body.data(), body.size())) root = doc.document_element();
  if (!root) return Status::ProviderError(source + ": the response is not XML");
  CW_ASSIGN_OR_RETURN(Value v, Decode(root, lists, source, 1));
  Value out = Value::object();
  out[root.name()] = std::move(v);
  return out;
}

}  // namespace causeway::aws

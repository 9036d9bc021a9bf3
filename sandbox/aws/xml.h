// XML helpers shared by the sandbox's XML-speaking emulators (IAM, STS, S3): a tiny streaming
// builder for response documents (escaping is causeway::XmlEscape). Parsing request bodies uses
// pugixml directly.
// Thread-safety: free functions; an XmlBuilder is used by one thread.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "providers/aws_sigv4/xml_text.h"  // XmlEscape

namespace causeway::sandbox {

// Builds an XML document element by element:
//   XmlBuilder x;  x.Open("CreateRoleResponse", {{"xmlns", kIamNs}});
//   x.Leaf("RoleName", name);  x.Close();  x.str();
// Open/Close must balance; Close() closes the innermost open element. str() closes any elements
// still open. Text passed to Leaf/Text and attribute values are escaped.
class XmlBuilder {
 public:
  // Starts with an XML declaration when `declaration` is true.
  explicit XmlBuilder(bool declaration = false);
  XmlBuilder& Open(const std::string& name,
                   const std::vector<std::pair<std::string, std::string>>& attributes = {});
  XmlBuilder& Close();
  // <name>text</name>
  XmlBuilder& Leaf(const std::string& name, const std::string& text);
  // <name/> when `text` is empty is NOT what AWS does; use Leaf. This omits the element instead.
  XmlBuilder& LeafIfNotEmpty(const std::string& name, const std::string& text);
  // Escaped character data inside the current element.
  XmlBuilder& Text(const std::string& text);
  // Unescaped, already well-formed XML.
  XmlBuilder& Raw(const std::string& xml);
  std::string str();

 private:
  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace causeway::sandbox
